//! R5 links contested within one source: rule R5 links on names that one HR
//! person alone bears, which proves little when another account of the
//! same source bears them too with clearly stronger evidence (a namesake
//! from outside HR). Claimants that trail the best by the policy's margin
//! or more go to a human, with the person proposed; claimants as well
//! corroborated as the best (the same person's two accounts) keep their
//! links.

use super::score::Rule;
use super::{AccountOutcome, CandidateOut, Method, Status};
use crate::model::Person;
use rustc_hash::FxHashMap as HashMap;

/// Demotes contested R5 links to candidates (see the module doc).
pub fn demote_contested(
    outcomes: &mut [AccountOutcome],
    persons: &[Person],
    by_id: &HashMap<&str, u32>,
    margin: i64,
) {
    let mut claims: HashMap<(String, String), Vec<usize>> = HashMap::default();
    for (i, o) in outcomes.iter().enumerate() {
        if let (Status::Linked, Some(Method::Rule(Rule::R5)), Some(p)) =
            (o.status, o.method, o.person.as_deref())
        {
            claims
                .entry((o.source.clone(), p.to_string()))
                .or_default()
                .push(i);
        }
    }
    let mut contested: Vec<(Vec<usize>, String)> = claims
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|((_, p), v)| (v, p))
        .collect();
    contested.sort();
    for (group, person) in contested {
        let score = |i: &usize| outcomes[*i].score.unwrap_or(0);
        let best = group.iter().map(score).max().unwrap_or(0);
        let name = by_id
            .get(person.as_str())
            .map(|&p| persons[p as usize].display_name())
            .unwrap_or_default();
        let n = group.len();
        let weaker: Vec<usize> = group
            .into_iter()
            .filter(|i| score(i) <= best - margin)
            .collect();
        for i in weaker {
            let o = &mut outcomes[i];
            let candidate = CandidateOut {
                person: person.clone(),
                name: name.clone(),
                score: o.score.unwrap_or(0),
                rule: Some(Rule::R5),
                evidence: std::mem::take(&mut o.evidence),
            };
            o.status = Status::Candidate;
            o.method = None;
            o.person = None;
            o.candidates.insert(0, candidate);
            o.explanation = format!(
                "À valider : {name} ({person}) — {n} comptes de la source « {} » portent ses nom et prénom, et un autre est mieux corroboré ; la règle R5 ne suffit pas",
                o.source
            );
        }
    }
}
