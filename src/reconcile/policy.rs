//! The reconciliation policy (`policies/reconciliation.toml`): which rules
//! run, the weight of each agreeing trait, the thresholds, the login
//! suffixes to ignore and the patterns that mark non-nominative accounts.
//!
//! Defaults are those of the field method (`domain.md` §8): R1–R3 automatic,
//! R4 proposed (Vigie adds R5, below); RPPS 40, employee number or directory id 40, last name 20
//! (Levenshtein < 2), first name 15, birth date 15 (± 1 day), unit 5, e-mail
//! 5, profession 10; ≥ 75 automatic, 65–75 human validation. Vigie adds,
//! each with its own weight so a hospital can set it to 0: partial first
//! names (`Marie` / `Marie-Hélène`), initials, and a login built from the
//! person's names; and rule R5: exact names that no other HR person bears
//! (frequency-aware linkage: a unique name discriminates, a shared one does
//! not), corroborated by at least one independent trait. R5 can be switched
//! off (`r5 = false`) to apply the field method alone. A missing file means
//! the defaults; a present file is
//! validated key by key with line numbers.

use crate::config::spanned::{TableReader, TomlDoc};
use crate::diag::{Code, Diagnostics};
use regex::Regex;
use std::path::Path;

/// Weights of agreeing traits, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub rpps: i64,
    pub employee_number: i64,
    pub directory_id: i64,
    pub last_name: i64,
    pub first_name: i64,
    pub first_name_partial: i64,
    pub first_name_initial: i64,
    pub birth_date: i64,
    pub unit: i64,
    pub email: i64,
    pub profession: i64,
    pub login: i64,
    /// Subtracted when the account predates the person's arrival by more
    /// than `max_predating_days`.
    pub chronology: i64,
}

/// Traits that may corroborate an R5 link (all independent of the names
/// themselves but for `login`, which shows the account follows the person's
/// names in the local convention).
pub const CORROBORATING: &[&str] = &["unit", "email", "profession", "birth_date", "login"];

/// A named pattern for non-nominative accounts.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub regex: Regex,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub r1: bool,
    pub r2: bool,
    pub r3: bool,
    pub r4: bool,
    /// R5: unique exact names corroborated by independent traits.
    pub r5: bool,
    /// Weight names (`unit`, `email`…) that count as corroboration for R5.
    pub r5_corroboration: Vec<String>,
    /// How many corroborating traits R5 needs.
    pub r5_min_corroboration: usize,
    pub weights: Weights,
    /// Names within this Levenshtein distance agree (field method: < 2).
    pub last_name_max_distance: usize,
    pub first_name_max_distance: usize,
    pub birth_date_days: i64,
    /// An account created more than this many days before the person's HR
    /// arrival date is never linked on names alone.
    pub max_predating_days: i64,
    /// Same, for names-only (R4) proposals.
    pub r4_max_predating_days: i64,
    pub automatic: i64,
    pub review: i64,
    /// The best candidate must lead the next by at least this to be automatic.
    pub margin: i64,
    pub login_suffixes: Vec<String>,
    /// `source:login` or `login` declared non-nominative by the hospital.
    pub declared: Vec<String>,
    pub service: Vec<Pattern>,
    pub generic: Vec<Pattern>,
    pub technical: Vec<Pattern>,
    pub test: Vec<Pattern>,
}

fn patterns(list: &[&str]) -> Vec<Pattern> {
    list.iter()
        .map(|s| Pattern {
            regex: Regex::new(&format!("(?i){s}")).expect("default patterns are valid"),
            source: s.to_string(),
        })
        .collect()
}

/// Service accounts: robots, interfaces, scheduled jobs.
pub const DEFAULT_SERVICE: &[&str] = &[
    r"^(svc|srv|sa|svcacct|service)[._-]",
    r"[._-](svc|srv|service)$",
    r"^(backup|sauvegarde|batch|interface|hl7|eai|mirth|sql|scan|scanner|print|imprim|robot|bot|job|cron|sync|ldap|smtp|relay|veeam|sccm|wsus|automate|analyseur)",
];

/// Generic or shared accounts: a service, a place or a role instead of a person.
pub const DEFAULT_GENERIC: &[&str] = &[
    r"^(urgences?|urg|sau|smur|accueil|standard|secretariat|secr|secretaire|bloc|rea|reanimation|maternite|pediatrie|cardio|radio|radiologie|labo|laboratoire|pharmacie|pharma|consultation|consult|hdj|ehpad|usld|ssr|smr|sdn|uhcd|usc|usic|neonat|psy|garde|astreinte|nuit|jour|cadre|ide|as|ash|interne|internes|externe|stagiaire|etudiant|eleve|interim|remplacant|vacataire|infirmiere?s?|medecins?|poste|pc|borne|kiosque|salle|office|equipe|service|brancard(age|iers?)?|cuisines?|ateliers?|magasin|lingerie|archives|courrier|biomed|securite|logistique|commun|partage|generique|invite|guest|visiteur)([._-][a-z0-9]+|[0-9]+)*$",
];

/// Test, training and demonstration accounts.
pub const DEFAULT_TEST: &[&str] = &[
    r"^(test|tst|demo|formation|form|recette|essai|dummy|exemple|modele|template)([._-][a-z0-9]+|[0-9]+)*$",
    r"[._-](test|tst|essai|demo|formation|recette)[0-9]*$",
];

/// Built-in and technical accounts (not tied to a person, not a robot).
pub const DEFAULT_TECHNICAL: &[&str] = &[
    r"^(temp|tmp)([._-][a-z0-9]+|[0-9]+)*$",
    r"^(administrat(or|eur)|admin|root|guest|krbtgt|support|helpdesk|maintenance|hotline|editeur|vendor)([._-][a-z0-9]+|[0-9]+)*$",
    r"^(defaultaccount|wdagutilityaccount|healthmailbox.*|iusr.*|iwam.*|sm_[0-9a-f]+|msol_[0-9a-f]+|aad_[0-9a-f]+)$",
];

impl Default for Policy {
    fn default() -> Self {
        Policy {
            r1: true,
            r2: true,
            r3: true,
            r4: true,
            r5: true,
            r5_corroboration: ["unit", "email", "profession", "birth_date"]
                .map(String::from)
                .to_vec(),
            r5_min_corroboration: 1,
            weights: Weights {
                rpps: 40,
                employee_number: 40,
                directory_id: 40,
                last_name: 20,
                first_name: 15,
                first_name_partial: 10,
                first_name_initial: 5,
                birth_date: 15,
                unit: 5,
                email: 5,
                profession: 10,
                login: 10,
                chronology: 30,
            },
            last_name_max_distance: 1,
            first_name_max_distance: 1,
            birth_date_days: 1,
            max_predating_days: 5 * 365,
            r4_max_predating_days: 365,
            automatic: 75,
            review: 65,
            margin: 10,
            login_suffixes: super::login::default_suffixes(),
            declared: Vec::new(),
            service: patterns(DEFAULT_SERVICE),
            generic: patterns(DEFAULT_GENERIC),
            technical: patterns(DEFAULT_TECHNICAL),
            test: patterns(DEFAULT_TEST),
        }
    }
}

/// Loads `dir/reconciliation.toml`, or the defaults when it is absent.
pub fn load(dir: &Path) -> Result<Policy, Diagnostics> {
    match TomlDoc::read_optional(&dir.join("reconciliation.toml"))? {
        Some(doc) => parse(&doc),
        None => Ok(Policy::default()),
    }
}

/// Validates a policy document; every problem at once.
pub fn parse(doc: &TomlDoc) -> Result<Policy, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut p = Policy::default();
    let Some(table) = doc.parse(&mut diags) else {
        return Err(diags);
    };
    let mut root = TableReader::new(doc, table.get_ref(), table.span(), "");
    if let Some(mut t) = root.opt_table("rules", &mut diags) {
        for (key, slot) in [
            ("r1", &mut p.r1),
            ("r2", &mut p.r2),
            ("r3", &mut p.r3),
            ("r4", &mut p.r4),
            ("r5", &mut p.r5),
        ] {
            if let Some(v) = t.opt_bool(key, &mut diags) {
                *slot = v;
            }
        }
        if let Some(list) = t.opt_str_list("r5_corroboration", &mut diags) {
            p.r5_corroboration.clear();
            for f in list {
                if CORROBORATING.contains(&f.get_ref().as_str()) {
                    p.r5_corroboration.push(f.into_inner());
                } else {
                    diags.push(
                        doc.diag(
                            Code::InvalidConfig,
                            &f.span(),
                            format!("trait « {} » inconnu", f.get_ref()),
                        )
                        .field(t.key_path("r5_corroboration"))
                        .help(format!("traits possibles : {}", CORROBORATING.join(", "))),
                    );
                }
            }
        }
        let mut min = p.r5_min_corroboration as i64;
        int_in(&mut t, "r5_min_corroboration", 0..=5, &mut min, &mut diags);
        p.r5_min_corroboration = min as usize;
        t.finish(&mut diags);
    }
    if let Some(mut t) = root.opt_table("weights", &mut diags) {
        let w = &mut p.weights;
        for (key, slot) in [
            ("rpps", &mut w.rpps),
            ("employee_number", &mut w.employee_number),
            ("directory_id", &mut w.directory_id),
            ("last_name", &mut w.last_name),
            ("first_name", &mut w.first_name),
            ("first_name_partial", &mut w.first_name_partial),
            ("first_name_initial", &mut w.first_name_initial),
            ("birth_date", &mut w.birth_date),
            ("unit", &mut w.unit),
            ("email", &mut w.email),
            ("profession", &mut w.profession),
            ("login", &mut w.login),
            ("chronology", &mut w.chronology),
        ] {
            int_in(&mut t, key, 0..=100, slot, &mut diags);
        }
        t.finish(&mut diags);
    }
    if let Some(mut t) = root.opt_table("tolerances", &mut diags) {
        let mut v = p.last_name_max_distance as i64;
        int_in(&mut t, "last_name_max_distance", 0..=3, &mut v, &mut diags);
        p.last_name_max_distance = v as usize;
        let mut v = p.first_name_max_distance as i64;
        int_in(&mut t, "first_name_max_distance", 0..=3, &mut v, &mut diags);
        p.first_name_max_distance = v as usize;
        int_in(
            &mut t,
            "birth_date_days",
            0..=31,
            &mut p.birth_date_days,
            &mut diags,
        );
        int_in(
            &mut t,
            "max_predating_days",
            0..=36500,
            &mut p.max_predating_days,
            &mut diags,
        );
        int_in(
            &mut t,
            "r4_max_predating_days",
            0..=36500,
            &mut p.r4_max_predating_days,
            &mut diags,
        );
        t.finish(&mut diags);
    }
    if let Some(mut t) = root.opt_table("thresholds", &mut diags) {
        int_in(&mut t, "automatic", 1..=500, &mut p.automatic, &mut diags);
        int_in(&mut t, "review", 1..=500, &mut p.review, &mut diags);
        int_in(&mut t, "margin", 0..=500, &mut p.margin, &mut diags);
        if p.review > p.automatic {
            diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    t.span(),
                    "le seuil « review » dépasse le seuil « automatic »",
                )
                .field("thresholds.review"),
            );
        }
        t.finish(&mut diags);
    }
    if let Some(mut t) = root.opt_table("logins", &mut diags) {
        if let Some(v) = t.opt_str_list("strip_suffixes", &mut diags) {
            p.login_suffixes = v
                .into_iter()
                .map(|s| s.into_inner().to_lowercase())
                .collect();
        }
        t.finish(&mut diags);
    }
    if let Some(mut t) = root.opt_table("non_nominative", &mut diags) {
        if let Some(v) = t.opt_str_list("declared", &mut diags) {
            p.declared = v
                .into_iter()
                .map(|s| s.into_inner().to_lowercase())
                .collect();
        }
        for (key, slot) in [
            ("service", &mut p.service),
            ("generic", &mut p.generic),
            ("technical", &mut p.technical),
            ("test", &mut p.test),
        ] {
            if let Some(list) = t.opt_str_list(key, &mut diags) {
                slot.clear();
                for s in list {
                    match Regex::new(&format!("(?i){}", s.get_ref())) {
                        Ok(regex) => slot.push(Pattern {
                            regex,
                            source: s.get_ref().clone(),
                        }),
                        Err(e) => diags.push(
                            doc.diag(
                                Code::InvalidConfig,
                                &s.span(),
                                format!("expression régulière invalide : {e}"),
                            )
                            .field(t.key_path(key)),
                        ),
                    }
                }
            }
        }
        t.finish(&mut diags);
    }
    root.finish(&mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(p)
    }
}

fn int_in(
    t: &mut TableReader<'_, '_, '_>,
    key: &str,
    range: std::ops::RangeInclusive<i64>,
    slot: &mut i64,
    diags: &mut Diagnostics,
) {
    if let Some(v) = t.opt_int(key, diags) {
        if range.contains(v.get_ref()) {
            *slot = *v.get_ref();
        } else {
            diags.push(
                t.doc
                    .diag(
                        Code::InvalidConfig,
                        &v.span(),
                        format!(
                            "valeur {} hors de l'intervalle {}–{}",
                            v.get_ref(),
                            range.start(),
                            range.end()
                        ),
                    )
                    .field(t.key_path(key)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_policy_file_equals_the_defaults() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let p = load(&dir).unwrap_or_else(|d| panic!("{}", d.render()));
        let d = Policy::default();
        assert_eq!(p.weights, d.weights);
        assert_eq!(
            (p.automatic, p.review, p.margin),
            (d.automatic, d.review, d.margin)
        );
        assert_eq!(p.login_suffixes, d.login_suffixes);
        let src = |v: &[Pattern]| v.iter().map(|p| p.source.clone()).collect::<Vec<_>>();
        assert_eq!(src(&p.generic), src(&d.generic));
        assert_eq!(src(&p.service), src(&d.service));
        assert_eq!(src(&p.technical), src(&d.technical));
        assert_eq!(src(&p.test), src(&d.test));
    }

    #[test]
    fn errors_are_located() {
        let doc = TomlDoc::new(
            "reconciliation.toml",
            "[weights]\nrpps = 400\nlastname = 20\n[thresholds]\nautomatic = 60\nreview = 70\n[non_nominative]\ngeneric = [\"(\"]\n".into(),
        );
        let e = parse(&doc).unwrap_err().render();
        assert!(e.contains("reconciliation.toml:2:8: champ « weights.rpps » : valeur 400 hors de l'intervalle 0–100"), "{e}");
        assert!(e.contains("clé inconnue « lastname »"), "{e}");
        assert!(e.contains("vouliez-vous dire « last_name »"), "{e}");
        assert!(e.contains("le seuil « review » dépasse"), "{e}");
        assert!(e.contains("reconciliation.toml:8:12: champ « non_nominative.generic » : expression régulière invalide"), "{e}");
    }

    #[test]
    fn default_patterns_classify_usual_accounts() {
        let p = Policy::default();
        let any = |v: &[Pattern], s: &str| v.iter().any(|p| p.regex.is_match(s));
        for s in [
            "urgences",
            "interne1",
            "accueil",
            "bloc2",
            "secretariat.cardio",
            "ide.nuit",
            "ide_nuit",
            "smr.nuit",
            "sdn",
            "brancardage",
            "cuisine",
            "atelier",
        ] {
            assert!(any(&p.generic, s), "{s}");
        }
        for s in [
            "svc_backup",
            "svc.hl7",
            "interface_labo",
            "backup01",
            "sql-svc",
            "automate1",
        ] {
            assert!(any(&p.service, s), "{s}");
        }
        for s in [
            "test01",
            "formation3",
            "user.test",
            "essai.pacs",
            "test_sil",
        ] {
            assert!(any(&p.test, s), "{s}");
        }
        for s in ["administrateur", "Administrator", "krbtgt"] {
            assert!(any(&p.technical, s), "{s}");
        }
        for s in [
            "mdupont",
            "marie.dupont",
            "dupontm",
            "MART_DUP",
            "jurgen",
            "ideal",
            "testard",
            "bloch",
        ] {
            assert!(
                !any(&p.generic, s)
                    && !any(&p.service, s)
                    && !any(&p.technical, s)
                    && !any(&p.test, s),
                "{s}"
            );
        }
    }
}
