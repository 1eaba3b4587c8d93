//! Comparing one account with one person: the deterministic rules R1–R4
//! and the score, field by field, each agreement explained in French.

use super::keys::{AccountKeys, PersonKeys};
use super::normalize::{FirstMatch, NormFirst, NormName};
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
}

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::R1 => "R1 : même RPPS, même nom et même prénom",
            Rule::R2 => "R2 : même matricule, même nom et même prénom",
            Rule::R3 => "R3 : même matricule, même nom et même date de naissance",
            Rule::R4 => "R4 : même nom et même prénom seulement (homonymie possible)",
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
}

fn best_names(a: &AccountKeys, p: &PersonKeys, policy: &Policy) -> NameAgreement {
    let mut best = NameAgreement {
        same_last: false,
        close_last: None,
        first: FirstMatch::None,
        last_shown: String::new(),
    };
    let rank = |n: &NameAgreement| {
        (
            n.same_last as u8 * 2 + n.close_last.is_some() as u8,
            n.first,
        )
    };
    for r in &a.readings {
        for al in &r.lasts {
            for pl in &p.lasts {
                let same = al.same(pl);
                let close = if same {
                    Some("identique")
                } else if al.distance(pl) <= policy.last_name_max_distance {
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
    if let Some(d) = directory_match {
        if w.directory_id > 0 {
            evidence.push(ev(
                "directory_id",
                w.directory_id,
                format!("même identifiant que le compte d'annuaire {d}"),
            ));
            strong_key = true;
        }
    }
    let names = best_names(a, p, policy);
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
    evidence.retain(|e| e.points > 0);
    let score = evidence.iter().map(|e| e.points).sum();

    let exact_first = names.first == FirstMatch::Exact;
    let rule = if policy.r1 && same_id && names.same_last && exact_first {
        Some(Rule::R1)
    } else if policy.r2 && same_emp && names.same_last && exact_first {
        Some(Rule::R2)
    } else if policy.r3 && same_emp && names.same_last && birth == Some(0) {
        Some(Rule::R3)
    } else if policy.r4 && names.same_last && exact_first {
        Some(Rule::R4)
    } else {
        None
    };
    Comparison {
        person,
        score,
        rule,
        evidence,
        strong_key,
    }
}

/// Whether a name appears in both (used to explain homonyms).
pub fn same_name(a: &[NormName], af: &NormFirst, b: &[NormName], bf: &NormFirst) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.same(y))) && af.compare(bf) == FirstMatch::Exact
}
