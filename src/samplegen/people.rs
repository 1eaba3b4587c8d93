//! The HR population: humans, their HR rows (with duplicates, homonyms,
//! married names, missing birth dates, missing or wrong RPPS, unit moves),
//! and the humans HR does not know (former staff purged from the export,
//! contractors, external physicians, students, former interns).

use super::hr_dates::{contract_dates, days};
use super::hr_fields::{
    assign_emails, assign_managers, assign_matricules, assign_wrong_rpps, hr_rpps,
};
use super::names;
use super::org::{self, Family, Org, PROFESSIONS};
use super::rpps_extract::with_luhn;
use super::staffing;
use super::world::{Contract, Human, Origin, Record, Sex, Status};
use super::{chance, pick_weighted, Params, Rng};
use chrono::Duration;
use rand::Rng as _;
use std::collections::HashSet;

/// Humans and HR rows (rows sorted by matricule).
pub(crate) struct People {
    pub humans: Vec<Human>,
    pub records: Vec<Record>,
}

struct Ctx<'a> {
    params: &'a Params,
    org: &'a Org,
    rpps_used: HashSet<String>,
    /// Share of surnames drawn from the pool (the rest are synthetic).
    pool_share: f64,
}

pub(crate) fn generate(params: &Params, org: &Org, rng: &mut Rng) -> People {
    let n = params.persons;
    let n_dup = (n as f64 * 0.006).round() as usize;
    let n_hom = (n as f64 * 0.006).round() as usize;
    let n_base = n.saturating_sub(n_dup + n_hom).max(1);
    let mut ctx = Ctx {
        params,
        org,
        rpps_used: HashSet::new(),
        pool_share: (20_000.0 / n as f64).min(1.0),
    };
    let mut humans = Vec::with_capacity(n * 2);
    let mut records = Vec::with_capacity(n);
    let mut name_keys: HashSet<String> = HashSet::new();

    for _ in 0..n_base {
        let unit = pick_unit(rng, org);
        let prof = pick_profession(rng, org, unit);
        let mut human = new_human(&mut ctx, rng, prof, Origin::Staff, unit);
        // Keep accidental homonyms rare: redraw a taken name a few times.
        for _ in 0..8 {
            let keys = name_keys_of(&human);
            if keys.iter().all(|k| !name_keys.contains(k)) {
                name_keys.extend(keys);
                break;
            }
            human.birth_name = names::surname(rng, ctx.pool_share);
            human.usage_name = None;
        }
        humans.push(human);
        let rec = new_record(&mut ctx, rng, &humans, humans.len() - 1, unit);
        records.push(rec);
    }
    // Planted homonyms: a different human with the same name as a colleague.
    for _ in 0..n_hom.min(records.len()) {
        let other = &humans[records[rng.random_range(0..records.len())].human];
        let (last, first, sex) = (
            other.last_name().to_string(),
            other.first_names.clone(),
            other.sex,
        );
        let unit = pick_unit(rng, org);
        let prof = pick_profession(rng, org, unit);
        let mut human = new_human(&mut ctx, rng, prof, Origin::Staff, unit);
        human.sex = sex;
        human.birth_name = last;
        human.usage_name = None;
        human.first_names = first;
        humans.push(human);
        let rec = new_record(&mut ctx, rng, &humans, humans.len() - 1, unit);
        records.push(rec);
    }
    // HR duplicates: the same human entered a second time.
    let candidates: Vec<usize> = (0..records.len())
        .filter(|&i| {
            records[i].status == Status::Active && records[i].contract == Contract::Permanent
        })
        .collect();
    let picks = rand::seq::index::sample(rng, candidates.len(), n_dup.min(candidates.len()));
    for k in picks.into_vec() {
        let i = candidates[k];
        let dup = duplicate(rng, org, &humans, &records[i], i);
        records.push(dup);
    }
    assign_wrong_rpps(rng, &humans, &mut records);
    let mut records = assign_matricules(rng, records);
    assign_managers(rng, org, &humans, &mut records);
    assign_emails(rng, &humans, &mut records);

    // Humans HR does not know.
    let ghosts = [
        (Origin::FormerStaff, 0.55),
        (Origin::Contractor, 0.02),
        (Origin::ExternalPhysician, 0.012),
        (Origin::Student, 0.02),
        (Origin::FormerIntern, 0.012),
    ];
    for (origin, share) in ghosts {
        let count = (n as f64 * share).round() as usize;
        for _ in 0..count {
            let h = ghost(&mut ctx, rng, origin);
            humans.push(h);
        }
    }
    People { humans, records }
}

/// The names other systems show: each last name (birth, usage) with the
/// usual first name.
fn name_keys_of(h: &Human) -> Vec<String> {
    let first = names::login_part(h.given_name());
    std::iter::once(&h.birth_name)
        .chain(h.usage_name.as_ref())
        .map(|last| format!("{}|{first}", names::login_part(last)))
        .collect()
}

fn pick_unit(rng: &mut Rng, org: &Org) -> usize {
    let total: u32 = org.units.iter().map(|u| u.weight).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (i, u) in org.units.iter().enumerate() {
        if x < u.weight {
            return i;
        }
        x -= u.weight;
    }
    0
}

fn pick_profession(rng: &mut Rng, org: &Org, unit: usize) -> usize {
    let mix = staffing::staff_mix(org.units[unit].kind);
    let key = pick_weighted(rng, mix, |(_, w)| *w).0;
    org::profession(key)
}

fn new_rpps(ctx: &mut Ctx<'_>, rng: &mut Rng, prefix: &str) -> String {
    loop {
        let body = format!("{prefix}{:08}", rng.random_range(0..100_000_000u32));
        let id = with_luhn(&body);
        if ctx.rpps_used.insert(id.clone()) {
            return id;
        }
    }
}

fn new_human(ctx: &mut Ctx<'_>, rng: &mut Rng, prof: usize, origin: Origin, unit: usize) -> Human {
    let p = &PROFESSIONS[prof];
    let sex = match p.family {
        Family::Nurse | Family::CareAssistant | Family::Midwife | Family::MedicalSecretary => {
            if chance(rng, 0.85) {
                Sex::F
            } else {
                Sex::M
            }
        }
        Family::Technical | Family::ItStaff | Family::Porter => {
            if chance(rng, 0.3) {
                Sex::F
            } else {
                Sex::M
            }
        }
        _ => {
            if chance(rng, 0.55) {
                Sex::F
            } else {
                Sex::M
            }
        }
    };
    let birth_name = names::surname(rng, ctx.pool_share);
    let usage_name = (sex == Sex::F && chance(rng, 0.38) || sex == Sex::M && chance(rng, 0.01))
        .then(|| names::surname(rng, ctx.pool_share))
        .filter(|u| *u != birth_name);
    let age = match p.family {
        Family::Resident => rng.random_range(24..=32),
        Family::Student => rng.random_range(19..=26),
        _ => rng.random_range(22..=64),
    };
    let birth_date = ctx.params.as_of - Duration::days(age * 365 + rng.random_range(0..365));
    let rpps = p.rpps_registered().then(|| new_rpps(ctx, rng, "10"));
    let adeli = (p.adeli && chance(rng, 0.6)).then(|| {
        with_luhn(&format!(
            "99{}{:04}",
            p.code,
            rng.random_range(0..10_000u32)
        ))
    });
    Human {
        sex,
        birth_name,
        usage_name,
        first_names: names::first_names(rng, sex),
        birth_date,
        profession: prof,
        rpps,
        adeli,
        origin,
        unit,
        left: None,
    }
}

fn new_record(ctx: &mut Ctx<'_>, rng: &mut Rng, humans: &[Human], h: usize, unit: usize) -> Record {
    let as_of = ctx.params.as_of;
    let human = &humans[h];
    let p = &PROFESSIONS[human.profession];
    let (contract_raw, contract, _) = *pick_weighted(rng, staffing::contracts(p.family), |c| c.2);
    let status_weights: [(Status, u32); 3] = match contract {
        Contract::Permanent => [
            (Status::Active, 86),
            (Status::Departed, 10),
            (Status::Suspended, 4),
        ],
        Contract::FixedTerm => [
            (Status::Active, 72),
            (Status::Departed, 28),
            (Status::Suspended, 0),
        ],
        Contract::Interim => [
            (Status::Active, 45),
            (Status::Departed, 55),
            (Status::Suspended, 0),
        ],
        Contract::Trainee => [
            (Status::Active, 40),
            (Status::Departed, 60),
            (Status::Suspended, 0),
        ],
        Contract::Resident => [
            (Status::Active, 50),
            (Status::Departed, 50),
            (Status::Suspended, 0),
        ],
        Contract::Contractor | Contract::Casual => [
            (Status::Active, 70),
            (Status::Departed, 30),
            (Status::Suspended, 0),
        ],
    };
    let status = pick_weighted(rng, &status_weights, |s| s.1).0;
    let (mut arrival, end) = contract_dates(rng, as_of, contract, status);
    // Nobody starts before 19: move an impossible arrival forward.
    let adult = human.birth_date + Duration::days(19 * 365 + rng.random_range(0..2000));
    if arrival < adult {
        arrival = adult.min(end.unwrap_or(as_of).min(as_of) - Duration::days(30));
    }
    let age_at_end = end.map_or(0, |e| (e - human.birth_date).num_days() / 365);
    let status_raw = match status {
        Status::Active => "Actif",
        Status::Suspended => {
            pick_weighted(
                rng,
                &[
                    ("Disponibilité", 50),
                    ("Congé longue maladie", 30),
                    ("Congé parental", 20),
                ],
                |x| x.1,
            )
            .0
        }
        Status::Departed if contract == Contract::Permanent && age_at_end >= 60 => "Retraite",
        Status::Departed if contract == Contract::Permanent => {
            pick_weighted(
                rng,
                &[
                    ("Sorti", 60),
                    ("Démission", 15),
                    ("Mutation", 15),
                    ("Inactif", 10),
                ],
                |x| x.1,
            )
            .0
        }
        Status::Departed => pick_weighted(rng, &[("Fin de contrat", 50), ("Sorti", 50)], |x| x.1).0,
    };
    let usage_written = match &human.usage_name {
        Some(u) => names::upper(u),
        None if chance(rng, 0.3) => names::upper(&human.birth_name),
        None => String::new(),
    };
    let (rpps, rpps_issue) = hr_rpps(rng, human);
    let moved = (status == Status::Active
        && contract == Contract::Permanent
        && (as_of - arrival).num_days() > 200
        && chance(rng, 0.06))
    .then(|| {
        let from = other_unit(rng, ctx.org, unit);
        let span = ((as_of - arrival).num_days() - 60).min(700);
        (from, as_of - days(rng, 20, span))
    });
    let in_it = ctx.org.units[unit].kind == org::UnitKind::It;
    let it_staff = p.family == Family::ItStaff;
    Record {
        human: h,
        matricule: String::new(),
        birth_name: names::upper(&human.birth_name),
        usage_name: usage_written,
        first_names: human.first_names.join(" "),
        birth_date: (!chance(rng, 0.025)).then_some(human.birth_date),
        profession_label: p.label.to_string(),
        rpps,
        rpps_issue,
        unit,
        contract,
        contract_raw,
        arrival,
        end,
        status,
        status_raw,
        manager: None,
        email: None,
        moved,
        duplicate_of: None,
        it_admin: in_it && it_staff && chance(rng, 0.45),
        app_admin: in_it && it_staff && chance(rng, 0.35),
    }
}

fn other_unit(rng: &mut Rng, org: &Org, unit: usize) -> usize {
    let clinical = org.units[unit].kind.clinical();
    let replica = org.units[unit].replica;
    let options: Vec<usize> = (0..org.units.len())
        .filter(|&i| {
            i != unit && org.units[i].replica == replica && org.units[i].kind.clinical() == clinical
        })
        .collect();
    if options.is_empty() {
        unit
    } else {
        options[rng.random_range(0..options.len())]
    }
}

fn duplicate(rng: &mut Rng, org: &Org, humans: &[Human], rec: &Record, i: usize) -> Record {
    let human = &humans[rec.human];
    let mut dup = rec.clone();
    dup.duplicate_of = Some(i);
    dup.contract = Contract::FixedTerm;
    dup.contract_raw = "Contractuel";
    dup.arrival =
        (rec.arrival - days(rng, 200, 2000)).max(human.birth_date + Duration::days(19 * 365));
    dup.end = None;
    dup.moved = None;
    dup.it_admin = false;
    dup.app_admin = false;
    match rng.random_range(0..3u8) {
        0 => dup.birth_name = names::upper_ascii(&human.birth_name),
        1 if human.usage_name.is_some() => {
            std::mem::swap(&mut dup.birth_name, &mut dup.usage_name);
        }
        _ => {
            if let Some(t) = names::typo(rng, &human.birth_name) {
                dup.birth_name = names::upper(&t);
            } else {
                dup.birth_name = names::upper_ascii(&human.birth_name);
            }
        }
    }
    dup.birth_date = match rng.random_range(0..10u8) {
        0..7 => Some(human.birth_date),
        7..9 => None,
        _ => Some(human.birth_date + Duration::days(1)),
    };
    if chance(rng, 0.5) {
        dup.unit = other_unit(rng, org, rec.unit);
    }
    dup
}

fn ghost(ctx: &mut Ctx<'_>, rng: &mut Rng, origin: Origin) -> Human {
    let as_of = ctx.params.as_of;
    let org = ctx.org;
    let replica_units = |kind: fn(org::UnitKind) -> bool| -> Vec<usize> {
        (0..org.units.len())
            .filter(|&i| kind(org.units[i].kind))
            .collect()
    };
    let (unit, prof, left) = match origin {
        Origin::Contractor => {
            let units =
                replica_units(|k| matches!(k, org::UnitKind::It | org::UnitKind::Technical));
            let unit = units[rng.random_range(0..units.len())];
            let prof = org::profession(if chance(rng, 0.7) {
                "informaticien"
            } else {
                "ingenieur"
            });
            let left = if chance(rng, 0.5) {
                as_of + days(rng, 10, 200)
            } else {
                as_of - days(rng, 1, 500)
            };
            (unit, prof, Some(left))
        }
        Origin::ExternalPhysician => {
            let units = replica_units(org::UnitKind::clinical);
            let unit = units[rng.random_range(0..units.len())];
            (unit, org::profession("medecin"), None)
        }
        Origin::Student => {
            let units = replica_units(org::UnitKind::clinical);
            let unit = units[rng.random_range(0..units.len())];
            let left = if chance(rng, 0.5) {
                as_of + days(rng, 5, 100)
            } else {
                as_of - days(rng, 1, 400)
            };
            (unit, org::profession("etudiant"), Some(left))
        }
        Origin::FormerIntern => {
            let units = replica_units(org::UnitKind::clinical);
            let unit = units[rng.random_range(0..units.len())];
            (
                unit,
                org::profession("interne"),
                Some(as_of - days(rng, 380, 1500)),
            )
        }
        _ => {
            let unit = pick_unit(rng, org);
            let prof = pick_profession(rng, org, unit);
            (unit, prof, Some(as_of - days(rng, 3 * 365 + 1, 15 * 365)))
        }
    };
    let mut h = new_human(ctx, rng, prof, origin, unit);
    if let Some(left) = left.filter(|l| *l < h.birth_date + Duration::days(25 * 365)) {
        h.birth_date = left - Duration::days(rng.random_range(25 * 365..60 * 365));
    }
    h.left = left;
    h
}
