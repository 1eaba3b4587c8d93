//! Pairs of HR records a human must look at: the same person entered twice
//! (duplicates, possibly with a typo in the name or a date one day off),
//! and homonyms. Never merged: Vigie only proposes.

use super::identity::{PairKind, PersonPair};
use super::keys::{key, Index, PersonKeys, Tag};
use super::normalize::FirstMatch;
use crate::model::Person;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// Duplicates and homonyms among HR persons. `birth_days` is the tolerance
/// on birth dates (a date one day off is a typing error, not another
/// person).
pub fn hr_pairs(
    persons: &[Person],
    keys: &[PersonKeys],
    index: &Index,
    birth_days: i64,
) -> Vec<PersonPair> {
    let pairs: Vec<PersonPair> = keys
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, k)| pairs_of(persons, keys, index, i, k, birth_days))
        .collect();
    resolve_possible(pairs, persons, birth_days)
}

/// How two HR records' names compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    Same,
    /// Same first name, last names one letter apart.
    Typo,
    Different,
}

fn names(k: &PersonKeys, o: &PersonKeys) -> Names {
    if k.first.compare(&o.first) < FirstMatch::Usual {
        return Names::Different;
    }
    if k.lasts.iter().any(|a| o.lasts.iter().any(|b| a.same(b))) {
        Names::Same
    } else if k
        .lasts
        .iter()
        .any(|a| o.lasts.iter().any(|b| a.within(b, 1)))
    {
        Names::Typo
    } else {
        Names::Different
    }
}

/// The pairs a person forms with the persons filed after it: same national
/// identifier with the same names (one typo allowed), or same names (one
/// typo allowed when the birth date or, without it, the profession agrees).
fn pairs_of(
    persons: &[Person],
    keys: &[PersonKeys],
    index: &Index,
    i: usize,
    k: &PersonKeys,
    birth_days: i64,
) -> Vec<PersonPair> {
    let mut others: Vec<u32> = Vec::new();
    if let Some(id) = &k.id {
        others.extend_from_slice(index.get(key(Tag::Rpps, &id.core, "")));
    }
    let firsts = super::keys::first_parts(&k.first);
    for l in &k.lasts {
        for f in &firsts {
            others.extend_from_slice(index.get(key(Tag::NameFirst, &l.full, f)));
        }
        // One end of the last name intact, same first initial, or the same
        // first name and last initial: a typo.
        let mut typo = Vec::new();
        super::keys::typo_keys(&l.core, super::keys::initial(&k.first), &mut typo);
        super::keys::first_name_keys(l, &firsts, &mut typo);
        for t in typo {
            let block = index.get(t);
            if block.len() <= super::keys::MAX_FUZZY_BLOCK {
                others.extend_from_slice(block);
            }
        }
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for j in others {
        let j = j as usize;
        if j <= i || !seen.insert(j) {
            continue;
        }
        let o = &keys[j];
        let same_id = matches!((&k.id, &o.id), (Some(x), Some(y)) if x.core == y.core);
        let names = names(k, o);
        if names == Names::Different {
            // The same identifier on two different persons is an
            // identifier issue (shared identifier), not a duplicate.
            continue;
        }
        let days = match (k.birth_date, o.birth_date) {
            (Some(x), Some(y)) => Some((x - y).num_days().abs()),
            _ => None,
        };
        let same_profession =
            !k.profession.is_empty() && k.profession.first() == o.profession.first();
        // Two known professions that differ: two persons (two national
        // identifiers that differ prove nothing: one may be mistyped).
        let other_profession = !k.profession.is_empty()
            && !o.profession.is_empty()
            && k.profession.first() != o.profession.first();
        let typo = if names == Names::Typo {
            ", nom à une lettre près"
        } else {
            ""
        };
        let (kind, reason) = match (same_id, days) {
            (true, _) => (
                PairKind::Duplicate,
                format!("même identifiant national, même nom et prénom{typo}"),
            ),
            (false, Some(d)) if d <= birth_days => (
                PairKind::Duplicate,
                format!(
                    "même nom et prénom{typo}, date de naissance {} ({})",
                    if d == 0 {
                        "identique"
                    } else {
                        "à un jour près"
                    },
                    k.birth_date
                        .map_or(String::new(), |x| x.format("%d/%m/%Y").to_string())
                ),
            ),
            (false, Some(_)) if names == Names::Typo => continue,
            (false, Some(_)) => (
                PairKind::Homonym,
                format!(
                    "même nom et prénom, dates de naissance différentes ({} / {})",
                    k.birth_date
                        .map_or(String::new(), |x| x.format("%d/%m/%Y").to_string()),
                    o.birth_date
                        .map_or(String::new(), |x| x.format("%d/%m/%Y").to_string())
                ),
            ),
            (false, None) if names == Names::Typo && !same_profession => continue,
            (false, None) if other_profession => (
                PairKind::Homonym,
                "même nom et prénom, métiers différents, date de naissance inconnue".to_string(),
            ),
            (false, None) => (
                PairKind::PossibleDuplicate,
                format!(
                    "même nom et prénom{typo}{}, date de naissance inconnue",
                    if names == Names::Typo {
                        ", même profession"
                    } else {
                        ""
                    }
                ),
            ),
        };
        out.push(PersonPair {
            a: persons[i].id.clone(),
            b: persons[j].id.clone(),
            kind,
            reason,
        });
    }
    out
}

/// A possible duplicate (one birth date unknown) is settled when the
/// record without a birth date is the duplicate of a third record whose
/// birth date differs from the other's: the two are homonyms.
fn resolve_possible(
    mut pairs: Vec<PersonPair>,
    persons: &[Person],
    birth_days: i64,
) -> Vec<PersonPair> {
    let by_id: HashMap<&str, &Person> = persons.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut twin: HashMap<String, Vec<String>> = HashMap::default();
    for p in pairs.iter().filter(|p| p.kind == PairKind::Duplicate) {
        twin.entry(p.a.clone()).or_default().push(p.b.clone());
        twin.entry(p.b.clone()).or_default().push(p.a.clone());
    }
    let birth = |id: &str| by_id.get(id).and_then(|p| p.birth_date);
    for pair in pairs
        .iter_mut()
        .filter(|p| p.kind == PairKind::PossibleDuplicate)
    {
        let (unknown, other) = if birth(&pair.a).is_none() {
            (pair.a.clone(), pair.b.clone())
        } else {
            (pair.b.clone(), pair.a.clone())
        };
        let Some(theirs) = birth(&other) else {
            continue;
        };
        let settled = twin.get(&unknown).into_iter().flatten().find_map(|t| {
            birth(t)
                .filter(|d| (*d - theirs).num_days().abs() > birth_days)
                .map(|d| (t, d))
        });
        if let Some((t, d)) = settled {
            pair.kind = PairKind::Homonym;
            pair.reason = format!(
                "même nom et prénom ; {unknown} est le doublon de {t}, né(e) le {}, et {other} est né(e) le {}",
                d.format("%d/%m/%Y"),
                theirs.format("%d/%m/%Y")
            );
        }
    }
    pairs
}
