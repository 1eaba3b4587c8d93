//! HR columns filled once the population is drawn: national identifiers as
//! HR writes them (missing, ADELI, bad key, a colleague's, unknown),
//! matricules in arrival order, unit heads as managers, e-mail addresses.

use super::names;
use super::org::{self, Family, Org, PROFESSIONS};
use super::rpps_extract::with_luhn;
use super::world::{Contract, Human, IdIssue, Record, Status};
use super::{chance, Rng};
use rand::Rng as _;
use std::collections::HashSet;

pub(crate) fn hr_rpps(rng: &mut Rng, human: &Human) -> (String, Option<IdIssue>) {
    let Some(true_id) = &human.rpps else {
        return (String::new(), None);
    };
    let x = rng.random_range(0..1000u32);
    match x {
        0..100 => (String::new(), None),
        100..140 if human.adeli.is_some() => {
            let adeli = human.adeli.clone().unwrap_or_default();
            let written = if chance(rng, 0.4) {
                format!("0{adeli}")
            } else {
                adeli
            };
            (written, Some(IdIssue::Adeli))
        }
        140..155 => (bad_key(true_id), Some(IdIssue::BadKey)),
        155..165 => (String::new(), Some(IdIssue::OtherPerson)),
        165..175 => {
            let body = format!("18{:08}", rng.random_range(0..100_000_000u32));
            (with_luhn(&body), Some(IdIssue::Unknown))
        }
        _ if chance(rng, 0.15) => (format!("8{true_id}"), None),
        _ => (true_id.clone(), None),
    }
}

/// The identifier with its last digit changed, so the Luhn key fails.
pub(crate) fn bad_key(id: &str) -> String {
    let mut s = id.to_string();
    if let Some(last) = s.pop() {
        let d = last.to_digit(10).unwrap_or(0);
        s.push(char::from_digit((d + 3) % 10, 10).unwrap_or('0'));
    }
    s
}

/// Fills « belongs to another person » identifiers with a colleague's RPPS.
pub(crate) fn assign_wrong_rpps(rng: &mut Rng, humans: &[Human], records: &mut [Record]) {
    let pool: Vec<&str> = records
        .iter()
        .filter_map(|r| humans[r.human].rpps.as_deref())
        .collect();
    if pool.len() < 2 {
        return;
    }
    let picks: Vec<String> = (0..records.len())
        .map(|_| pool[rng.random_range(0..pool.len())].to_string())
        .collect();
    for (r, pick) in records.iter_mut().zip(picks) {
        if r.rpps_issue == Some(IdIssue::OtherPerson) {
            if humans[r.human].rpps.as_deref() == Some(pick.as_str()) {
                r.rpps_issue = None;
                r.rpps = pick;
            } else {
                r.rpps = pick;
            }
        }
    }
}

/// Matricules follow arrival order with gaps; rows are then sorted by it.
pub(crate) fn assign_matricules(rng: &mut Rng, mut records: Vec<Record>) -> Vec<Record> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by_key(|&i| (records[i].arrival, i));
    let mut next = 100u64;
    let mut new_index = vec![0usize; records.len()];
    for (pos, &i) in order.iter().enumerate() {
        next += rng.random_range(1..=4u64);
        records[i].matricule = format!("{next:06}");
        new_index[i] = pos;
    }
    let mut sorted: Vec<Option<Record>> = vec![None; records.len()];
    for (i, mut r) in records.into_iter().enumerate() {
        r.duplicate_of = r.duplicate_of.map(|d| new_index[d]);
        sorted[new_index[i]] = Some(r);
    }
    sorted.into_iter().flatten().collect()
}

pub(crate) fn assign_managers(rng: &mut Rng, org: &Org, humans: &[Human], records: &mut [Record]) {
    let director = records.iter().position(|r| {
        r.status == Status::Active
            && PROFESSIONS[humans[r.human].profession].family == Family::Director
    });
    // The head of a unit: a « cadre de santé » if any, else a physician,
    // else the longest-serving permanent agent.
    let rank = |r: &Record| match PROFESSIONS[humans[r.human].profession].key {
        "cadre" | "directeur" => 0,
        _ if PROFESSIONS[humans[r.human].profession].family == Family::Physician => 1,
        _ => 2,
    };
    let mut heads: Vec<Option<usize>> = vec![None; org.units.len()];
    for (i, r) in records.iter().enumerate() {
        let ok = r.status == Status::Active
            && r.contract == Contract::Permanent
            && r.duplicate_of.is_none();
        let better = |h: usize| (rank(&records[h]), records[h].arrival) > (rank(r), r.arrival);
        if ok && heads[r.unit].is_none_or(better) {
            heads[r.unit] = Some(i);
        }
    }
    for i in 0..records.len() {
        if chance(rng, 0.08) {
            continue;
        }
        let head = heads[records[i].unit];
        records[i].manager = if head == Some(i) {
            director.filter(|&d| d != i)
        } else {
            head
        };
    }
}

pub(crate) fn assign_emails(rng: &mut Rng, humans: &[Human], records: &mut [Record]) {
    let mut taken = HashSet::new();
    for r in records.iter_mut() {
        let p = if r.status == Status::Departed {
            0.5
        } else {
            0.78
        };
        if r.duplicate_of.is_some() || !chance(rng, p) {
            continue;
        }
        let h = &humans[r.human];
        r.email = Some(unique_mail(&mut taken, h));
    }
}

pub(crate) fn unique_mail(taken: &mut HashSet<String>, h: &Human) -> String {
    let base = format!(
        "{}.{}",
        names::mail_part(h.given_name()),
        names::mail_part(h.last_name())
    );
    let mut local = base.clone();
    let mut n = 2;
    while !taken.insert(local.clone()) {
        local = format!("{base}{n}");
        n += 1;
    }
    format!("{local}@{}", org::MAIL_DOMAIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_key_fails_luhn() {
        let good = with_luhn("1000104536");
        let bad = bad_key(&good);
        assert_ne!(with_luhn(&bad[..10]), bad);
    }
}
