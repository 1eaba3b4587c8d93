//! Dates of the HR population: contract start and end by contract family
//! and status, departures spread over three years, internship semesters
//! (first Monday of May and November).

use super::world::{Contract, Status};
use super::{chance, pick_weighted, Rng};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::Rng as _;

pub(crate) fn days(rng: &mut Rng, lo: i64, hi: i64) -> Duration {
    Duration::days(rng.random_range(lo..=hi.max(lo)))
}

/// Days before as-of of a departure: recent ones are less frequent.
pub(crate) fn departure_offset(rng: &mut Rng) -> Duration {
    match rng.random_range(0..100u32) {
        0..15 => days(rng, 1, 14),
        15..40 => days(rng, 15, 90),
        40..70 => days(rng, 91, 365),
        _ => days(rng, 366, 1095),
    }
}

/// First Monday of a month: internship semesters start then (May, November).
fn first_monday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    while d.weekday() != Weekday::Mon {
        d += Duration::days(1);
    }
    d
}

/// Semester starts around as-of, ascending.
fn semesters(as_of: NaiveDate) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> = (as_of.year() - 4..=as_of.year() + 1)
        .flat_map(|y| [first_monday(y, 5), first_monday(y, 11)])
        .collect();
    v.sort();
    v
}

pub(crate) fn contract_dates(
    rng: &mut Rng,
    as_of: NaiveDate,
    c: Contract,
    s: Status,
) -> (NaiveDate, Option<NaiveDate>) {
    if c == Contract::Resident {
        let sem = semesters(as_of);
        let cur = sem.iter().rposition(|d| *d <= as_of).unwrap_or(0);
        let start = |k: usize| sem[k.min(sem.len() - 1)];
        let end_of = |k: usize| start(k + 1) - Duration::days(1);
        return match s {
            Status::Departed => {
                let back = *pick_weighted(rng, &[(1usize, 50), (2, 25), (3, 15), (4, 10)], |x| x.1);
                let k = cur.saturating_sub(back.0);
                (start(k), Some(end_of(k)))
            }
            _ => {
                let first = if chance(rng, 0.2) {
                    cur.saturating_sub(1)
                } else {
                    cur
                };
                (start(first), Some(end_of(cur)))
            }
        };
    }
    match (c, s) {
        (Contract::Permanent, Status::Departed) => {
            let end = as_of - departure_offset(rng);
            (end - days(rng, 200, 30 * 365), Some(end))
        }
        (Contract::Permanent, _) => {
            let years = 32.0 * rng.random::<f64>().powf(1.6);
            let back = ((years * 365.0) as i64).max(15);
            (as_of - Duration::days(back), None)
        }
        (_, Status::Departed) => {
            let end = as_of - departure_offset(rng);
            let span = match c {
                Contract::Interim => days(rng, 3, 120),
                Contract::Trainee => days(rng, 28, 150),
                _ => days(rng, 30, 900),
            };
            (end - span, Some(end))
        }
        _ => {
            // Active: most contracts run past as-of; some ended and HR did
            // not record the departure.
            let ended = chance(rng, 0.12);
            let (span_lo, span_hi, ahead_hi) = match c {
                Contract::Interim => (3, 60, 45),
                Contract::Trainee => (28, 120, 120),
                _ => (60, 700, 330),
            };
            if matches!(c, Contract::Contractor | Contract::Casual) && chance(rng, 0.3) {
                return (as_of - days(rng, 30, 3000), None);
            }
            let end = if ended {
                as_of - days(rng, 1, 120)
            } else {
                as_of + days(rng, 5, ahead_hi)
            };
            let mut arrival = end - days(rng, span_lo, span_hi);
            if arrival >= as_of {
                arrival = as_of - days(rng, 1, 30);
            }
            (arrival, Some(end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semesters_start_on_mondays_of_may_and_november() {
        let s = semesters(NaiveDate::from_ymd_opt(2026, 11, 15).unwrap());
        assert!(s.contains(&NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()));
        assert!(s.contains(&NaiveDate::from_ymd_opt(2026, 5, 4).unwrap()));
        assert!(s.iter().all(|d| d.weekday() == Weekday::Mon));
    }

    #[test]
    fn departures_are_in_the_past_and_contracts_end_after_they_start() {
        let mut rng = crate::samplegen::stage_rng(1, 1);
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        for c in [
            Contract::Permanent,
            Contract::FixedTerm,
            Contract::Interim,
            Contract::Trainee,
            Contract::Resident,
            Contract::Casual,
        ] {
            for s in [Status::Active, Status::Departed] {
                for _ in 0..50 {
                    let (arrival, end) = contract_dates(&mut rng, as_of, c, s);
                    assert!(arrival <= as_of, "{c:?} {s:?}");
                    if let Some(end) = end {
                        assert!(end > arrival, "{c:?} {s:?}");
                        if s == Status::Departed {
                            assert!(end < as_of);
                        }
                    }
                }
            }
        }
    }
}
