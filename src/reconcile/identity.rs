//! Identity quality: national identifiers that are malformed, obsolete
//! (ADELI), unknown to the national extract, someone else's, shared by two
//! persons, or different from one source to another; and the pairs of HR
//! records (same person twice, homonyms) that [`super::pairs`] finds.
//! Pairs are always proposed to a human, never merged.

use super::identifier::{self, IdKind};
use super::keys::PersonKeys;
use super::normalize::{FirstMatch, NormFirst, NormName};
use super::{AccountOutcome, Status};
use crate::model::{Person, RppsPerson, Snapshot, SourceStatus};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairKind {
    /// Same names and same birth date or same national identifier.
    Duplicate,
    /// Same names, one birth date unknown: duplicate or homonym.
    PossibleDuplicate,
    /// Same names, different birth dates.
    Homonym,
}

/// Two HR records a human must look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPair {
    pub a: String,
    pub b: String,
    pub kind: PairKind,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueKind {
    /// Not 11 digits with a valid Luhn key (nor a valid ADELI).
    InvalidIdentifier,
    /// An ADELI number still used (decommissioned in 2024).
    AdeliInUse,
    /// A well-formed RPPS absent from the national extract.
    UnknownToDirectory,
    /// The national extract gives this RPPS to someone else.
    NameMismatch,
    /// The national profession differs from the HR profession.
    ProfessionMismatch,
    /// Two HR persons carry the same identifier.
    SharedIdentifier,
    /// One person, two identifiers across sources.
    ConflictingIdentifiers,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityIssue {
    /// Person or account id.
    pub subject: String,
    pub kind: IssueKind,
    /// In French.
    pub detail: String,
}

pub use super::pairs::hr_pairs;

/// The identifier issues of one HR person, and the identifier it holds.
/// `national` is the national extract, when it was read.
fn person_issues(
    p: &Person,
    k: &PersonKeys,
    national: Option<&HashMap<&str, &RppsPerson>>,
) -> (Option<String>, Vec<IdentityIssue>) {
    let mut out = Vec::new();
    let Some(raw) = p.rpps.as_deref() else {
        return (None, out);
    };
    let id = match identifier::parse(raw) {
        Ok(Some(id)) => id,
        Ok(None) => return (None, out),
        Err(problem) => {
            out.push(IdentityIssue {
                subject: p.id.clone(),
                kind: IssueKind::InvalidIdentifier,
                detail: format!("identifiant « {raw} » : {}", problem.describe()),
            });
            return (None, out);
        }
    };
    if id.kind == IdKind::Adeli {
        out.push(IdentityIssue {
            subject: p.id.clone(),
            kind: IssueKind::AdeliInUse,
            detail: format!("numéro ADELI « {} » encore utilisé : ADELI est fermé depuis 2024, le RPPS le remplace", id.core),
        });
        return (Some(id.core), out);
    }
    let Some(national) = national else {
        return (Some(id.core), out);
    };
    match national.get(id.core.as_str()) {
        None => out.push(IdentityIssue {
            subject: p.id.clone(),
            kind: IssueKind::UnknownToDirectory,
            detail: format!("RPPS « {} » absent de l'extraction nationale", id.core),
        }),
        Some(n) => {
            let nl = NormName::new(&n.last_name);
            let nf = NormFirst::new(&n.first_name);
            let last_ok = k
                .lasts
                .iter()
                .any(|l| l.same(&nl) || l.distance(&nl) <= 1 || l.shares_token(&nl));
            let first_ok = k.first.compare(&nf) >= FirstMatch::Initial;
            if !(last_ok && first_ok) {
                out.push(IdentityIssue {
                    subject: p.id.clone(),
                    kind: IssueKind::NameMismatch,
                    detail: format!(
                        "le RPPS « {} » appartient à {} selon l'annuaire national, pas à {}",
                        id.core,
                        describe_name(&n.last_name, &n.first_name),
                        p.display_name()
                    ),
                });
            } else if let (Some(hr), Some(nat)) =
                (p.profession_code.as_deref(), n.profession_code.as_deref())
            {
                let comparable = hr.len() == 2 && hr.bytes().all(|b| b.is_ascii_digit());
                if comparable && hr != nat {
                    out.push(IdentityIssue {
                        subject: p.id.clone(),
                        kind: IssueKind::ProfessionMismatch,
                        detail: format!(
                            "profession RH {hr} ({}) mais {nat} ({}) à l'annuaire national",
                            p.profession_label.as_deref().unwrap_or("?"),
                            n.profession_label.as_deref().unwrap_or("?")
                        ),
                    });
                }
            }
        }
    }
    (Some(id.core), out)
}

fn describe_name(last: &str, first: &str) -> String {
    format!("{last} {first}")
}

/// Identifier issues on persons and accounts. `aligned` says that account
/// ids are unique and `outcomes[i]` is the outcome of `snapshot.accounts[i]`.
pub fn issues(
    snapshot: &Snapshot,
    keys: &[PersonKeys],
    outcomes: &[AccountOutcome],
    by_id: &HashMap<&str, u32>,
    aligned: bool,
) -> Vec<IdentityIssue> {
    let extract_ok = snapshot
        .sources
        .iter()
        .any(|s| s.kind == "rpps" && s.status == SourceStatus::Ok);
    let national: HashMap<&str, &RppsPerson> = snapshot
        .rpps
        .iter()
        .map(|r| (r.identifier.as_str(), r))
        .collect();
    let national = extract_ok.then_some(&national);
    let checks: Vec<(Option<String>, Vec<IdentityIssue>)> = snapshot
        .persons
        .par_iter()
        .zip(keys)
        .map(|(p, k)| person_issues(p, k, national))
        .collect();
    let mut out = Vec::new();
    let mut holders: HashMap<String, Vec<u32>> = HashMap::default();
    for (i, (core, issues)) in checks.into_iter().enumerate() {
        if let Some(core) = core {
            holders.entry(core).or_default().push(i as u32);
        }
        out.extend(issues);
    }
    for (core, who) in &holders {
        if who.len() > 1 {
            let ids: Vec<&str> = who
                .iter()
                .map(|i| snapshot.persons[*i as usize].id.as_str())
                .collect();
            for i in who {
                out.push(IdentityIssue {
                    subject: snapshot.persons[*i as usize].id.clone(),
                    kind: IssueKind::SharedIdentifier,
                    detail: format!(
                        "identifiant « {core} » porté par plusieurs personnes : {}",
                        ids.join(", ")
                    ),
                });
            }
        }
    }
    account_issues(snapshot, keys, outcomes, by_id, aligned, &holders, &mut out);
    out.sort_by(|a, b| {
        a.subject
            .cmp(&b.subject)
            .then((a.kind as u8).cmp(&(b.kind as u8)))
    });
    out
}

fn account_issues(
    snapshot: &Snapshot,
    keys: &[PersonKeys],
    outcomes: &[AccountOutcome],
    by_id: &HashMap<&str, u32>,
    aligned: bool,
    holders: &HashMap<String, Vec<u32>>,
    out: &mut Vec<IdentityIssue>,
) {
    let accounts: HashMap<&str, &crate::model::Account> = if aligned {
        HashMap::default()
    } else {
        snapshot
            .accounts
            .iter()
            .map(|a| (a.id.as_str(), a))
            .collect()
    };
    // Identifiers seen per person: HR first, then linked accounts. When
    // person ids are unique, the final sort orders these issues whatever
    // the order they are found in, and only persons with a linked account
    // carrying an identifier need a set.
    let unique_persons = by_id.len() == snapshot.persons.len();
    let mut per_person: HashMap<u32, BTreeSet<String>> = HashMap::default();
    if !unique_persons {
        for (i, k) in keys.iter().enumerate() {
            if let Some(id) = &k.id {
                per_person
                    .entry(i as u32)
                    .or_default()
                    .insert(id.core.clone());
            }
        }
    }
    for (n, o) in outcomes.iter().enumerate() {
        let account = if aligned {
            snapshot.accounts.get(n)
        } else {
            accounts.get(o.account.as_str()).copied()
        };
        let Some(a) = account else {
            continue;
        };
        let Some(raw) = a.rpps.as_deref() else {
            continue;
        };
        let id = match identifier::parse(raw) {
            Ok(Some(id)) => id,
            Ok(None) => continue,
            Err(problem) => {
                out.push(IdentityIssue {
                    subject: a.id.clone(),
                    kind: IssueKind::InvalidIdentifier,
                    detail: format!("identifiant « {raw} » : {}", problem.describe()),
                });
                continue;
            }
        };
        if id.kind == IdKind::Adeli {
            out.push(IdentityIssue {
                subject: a.id.clone(),
                kind: IssueKind::AdeliInUse,
                detail: format!("le compte porte encore le numéro ADELI « {} »", id.core),
            });
        }
        if let (Status::Linked, Some(pid)) = (o.status, o.person.as_deref()) {
            let Some(&pi) = by_id.get(pid) else { continue };
            if let Some(other) = holders.get(&id.core).filter(|h| !h.contains(&pi)) {
                let owner = &snapshot.persons[other[0] as usize];
                out.push(IdentityIssue {
                    subject: a.id.clone(),
                    kind: IssueKind::NameMismatch,
                    detail: format!(
                        "le compte de {pid} porte l'identifiant « {} » de {} ({})",
                        id.core,
                        owner.display_name(),
                        owner.id
                    ),
                });
            }
            per_person.entry(pi).or_default().insert(id.core);
        }
    }
    for (pi, mut ids) in per_person {
        if let (true, Some(id)) = (unique_persons, &keys[pi as usize].id) {
            ids.insert(id.core.clone());
        }
        if ids.len() > 1 {
            out.push(IdentityIssue {
                subject: snapshot.persons[pi as usize].id.clone(),
                kind: IssueKind::ConflictingIdentifiers,
                detail: format!(
                    "plusieurs identifiants nationaux selon les sources : {}",
                    ids.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
}
