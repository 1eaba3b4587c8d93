//! Comparing one account with one person: the deterministic rules R1–R4
//! and the score, field by field, each agreement explained in French.

use super::keys::{AccountKeys, PersonKeys};
use super::normalize::{FirstMatch, NormFirst};
use super::policy::Policy;
use serde::{Deserialize, Serialize};

/// The deterministic rules of the field method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// Same RPPS + same normalised last and first names.
    R1,
    /// Same employee number + same last and first names.
    R2,
    /// Same employee number + same last name + same birth date.
    R3,
    /// Same last and first names only: proposed, never automatic.
    R4,
    /// Vigie's rule: same last and first names, borne by one HR person only
    /// (no homonym), and corroborated by independent traits (unit, e-mail,
    /// profession, birth date, login built on the name). Automatic.
    R5,
}

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::R1 => "R1 : même RPPS, même nom et même prénom",
            Rule::R2 => "R2 : même matricule, même nom et même prénom",
            Rule::R3 => "R3 : même matricule, même nom et même date de naissance",
            Rule::R4 => "R4 : même nom et même prénom seulement (homonymie possible)",
            Rule::R5 => "R5 : même nom et même prénom, portés par une seule personne du référentiel RH, et confirmés par",
        }
    }

    pub fn is_automatic(self) -> bool {
        self != Rule::R4
    }
}

/// One agreeing trait and the points it brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Policy weight name (`rpps`, `last_name`…).
    pub field: String,
    pub points: i64,
    /// In French, e.g. « nom identique (DUPONT) ».
    pub detail: String,
}

/// The comparison of an account with one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub person: u32,
    pub score: i64,
    /// The strongest deterministic rule satisfied, if any.
    pub rule: Option<Rule>,
    pub evidence: Vec<Evidence>,
    /// A strong identifier (RPPS, matricule, directory id) agrees.
    pub strong_key: bool,
}

struct NameAgreement {
    same_last: bool,
    close_last: Option<&'static str>,
    first: FirstMatch,
    last_shown: String,
    /// Index in the person's `lasts` of the form that agreed.
    person_last: usize,
}

fn best_names(a: &AccountKeys, p: &PersonKeys, policy: &Policy) -> NameAgreement {
    let mut best = NameAgreement {
        same_last: false,
        close_last: None,
        first: FirstMatch::None,
        last_shown: String::new(),
        person_last: 0,
    };
    let rank = |n: &NameAgreement| {
        (
            n.same_last as u8 * 2 + n.close_last.is_some() as u8,
            n.first,
        )
    };
    for r in &a.readings {
        for al in &r.lasts {
            for (pli, pl) in p.lasts.iter().enumerate() {
                let same = al.same(pl);
                let close = if same {
                    Some("identique")
                } else if al.within(pl, policy.last_name_max_distance) {
                    Some("à une faute près")
                } else if al.shares_token(pl)
                    && al
                        .tokens
                        .iter()
                        .chain(pl.tokens.iter())
                        .all(|t| t.len() >= 4 || t.len() < 3)
                {
                    Some("partie d'un nom composé")
                } else {
                    None
                };
                let first = compare_first(&r.first, &p.first, policy);
                let cand = NameAgreement {
                    same_last: same,
                    close_last: close,
                    first,
                    last_shown: pl.full.clone(),
                    person_last: pli,
                };
                if rank(&cand) > rank(&best) {
                    best = cand;
                }
            }
        }
    }
    best
}

fn compare_first(a: &NormFirst, b: &NormFirst, policy: &Policy) -> FirstMatch {
    match a.compare(b) {
        FirstMatch::Close
            if strsim::levenshtein(&a.full, &b.full) > policy.first_name_max_distance =>
        {
            FirstMatch::None
        }
        m => m,
    }
}

fn ev(field: &str, points: i64, detail: String) -> Evidence {
    Evidence {
        field: field.to_string(),
        points,
        detail,
    }
}

/// Compares an account with a person. `directory_match` is set when the
/// account carries the identifier of a directory account already linked to
/// this person (its description is given).
pub fn compare(
    person: u32,
    a: &AccountKeys,
    p: &PersonKeys,
    directory_match: Option<&str>,
    policy: &Policy,
) -> Comparison {
    let w = &policy.weights;
    let mut evidence = Vec::new();
    let mut strong_key = false;
    let same_id = matches!((&a.id, &p.id), (Some(x), Some(y)) if x.core == y.core);
    if same_id && w.rpps > 0 {
        evidence.push(ev(
            "rpps",
            w.rpps,
            format!(
                "même identifiant national ({})",
                p.id.as_ref().map_or("", |i| i.core.as_str())
            ),
        ));
        strong_key = true;
    }
    let same_emp = a.employee_number.as_deref() == Some(p.employee_number.as_str());
    if same_emp && w.employee_number > 0 {
        evidence.push(ev(
            "employee_number",
            w.employee_number,
            format!("même matricule ({})", p.employee_number),
        ));
        strong_key = true;
    }
    let names = best_names(a, p, policy);
    // A shared login is evidence only if the names do not contradict it:
    // two systems applying one convention to two namesakes-by-initial
    // (LEBRUN Adrien, LEBRUN Anne → lebruna) give the same login.
    let account_has_first = a.readings.iter().any(|r| !r.first.is_empty());
    let contradicts = (a.has_name() && names.close_last.is_none())
        || (account_has_first && names.first == FirstMatch::None);
    if let Some(d) = directory_match.filter(|_| !contradicts) {
        if w.directory_id > 0 {
            evidence.push(ev(
                "directory_id",
                w.directory_id,
                format!("même identifiant que le compte d'annuaire {d}"),
            ));
            strong_key = true;
        }
    }
    if let Some(how) = names.close_last {
        evidence.push(ev(
            "last_name",
            w.last_name,
            format!("nom {how} ({})", names.last_shown),
        ));
    }
    let (fpoints, fdetail) = match names.first {
        FirstMatch::Exact => (w.first_name, "prénom identique"),
        FirstMatch::Close => (w.first_name, "prénom à une faute près"),
        FirstMatch::Usual => (w.first_name, "premier prénom identique"),
        FirstMatch::Partial => (w.first_name_partial, "prénom partiel (prénom composé)"),
        FirstMatch::Initial => (w.first_name_initial, "initiale du prénom"),
        FirstMatch::None => (0, ""),
    };
    if fpoints > 0 {
        evidence.push(ev("first_name", fpoints, fdetail.to_string()));
    }
    let birth = match (a.birth_date, p.birth_date) {
        (Some(x), Some(y)) => Some((x - y).num_days().abs()),
        _ => None,
    };
    if let Some(days) = birth.filter(|d| *d <= policy.birth_date_days) {
        let detail = if days == 0 {
            "même date de naissance"
        } else {
            "date de naissance à un jour près"
        };
        evidence.push(ev("birth_date", w.birth_date, detail.to_string()));
    }
    if let Some(u) = &a.unit {
        if p.units.iter().any(|pu| pu == u) {
            evidence.push(ev("unit", w.unit, "même UF ou service".to_string()));
        }
    }
    if a.emails
        .iter()
        .any(|e| p.email.as_deref() == Some(e.as_str()))
    {
        evidence.push(ev(
            "email",
            w.email,
            "même adresse électronique".to_string(),
        ));
    }
    if let Some(t) = &a.title {
        if p.profession.iter().any(|pp| {
            pp == t || (t.len() >= 4 && (pp.contains(t.as_str()) || t.contains(pp.as_str())))
        }) {
            evidence.push(ev(
                "profession",
                w.profession,
                "même profession".to_string(),
            ));
        }
    }
    if w.login > 0 && p.lasts.iter().any(|l| a.login.matches_name(l, &p.first)) {
        evidence.push(ev(
            "login",
            w.login,
            format!("identifiant « {} » construit sur le nom", a.login.base),
        ));
    }
    let exact_first = names.first >= FirstMatch::Usual;
    // An account created years before the person arrived was someone
    // else's (or the person is a re-hire): names alone must not decide.
    let gap = match (a.created, p.arrival_date) {
        (Some(c), Some(arr)) => Some((arr - c).num_days()),
        _ => None,
    };
    let predates = gap.filter(|d| *d > policy.max_predating_days);
    // A names-only proposal is weaker still: one year of anteriority is enough
    // to withhold it.
    let r4_allowed = gap.is_none_or(|d| d <= policy.r4_max_predating_days);
    if let Some(days) = predates {
        evidence.push(ev(
            "chronology",
            -w.chronology,
            format!(
                "compte créé {} an(s) avant l'arrivée de la personne",
                days / 365
            ),
        ));
    }
    let corroborations: Vec<&str> = evidence
        .iter()
        .filter(|e| policy.r5_corroboration.contains(&e.field))
        .map(|e| e.field.as_str())
        .collect();
    let rule = if policy.r1 && same_id && names.same_last && exact_first {
        Some(Rule::R1)
    } else if policy.r2 && same_emp && names.same_last && exact_first {
        Some(Rule::R2)
    } else if policy.r3 && same_emp && names.same_last && birth == Some(0) {
        Some(Rule::R3)
    } else if policy.r5
        && predates.is_none()
        && names.same_last
        && exact_first
        && p.unique_lasts
            .get(names.person_last)
            .copied()
            .unwrap_or(false)
        && corroborations.len() >= policy.r5_min_corroboration
    {
        Some(Rule::R5)
    } else if policy.r4 && r4_allowed && names.same_last && exact_first {
        Some(Rule::R4)
    } else {
        None
    };
    evidence.retain(|e| e.points != 0);
    let score = evidence.iter().map(|e| e.points).sum();
    Comparison {
        person,
        score,
        rule,
        evidence,
        strong_key,
    }
}
