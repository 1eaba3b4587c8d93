//! Accounts of the clinical applications: who gets one (by profession and
//! unit), how each system spells names, when departures are (not) reflected,
//! which profiles they hold. The DPI carries RPPS numbers for part of its
//! users and one row per unit; the PACS and the lab system know nothing of
//! HR. Per-application details live in `apps_pacs_labo`.

use super::apps_pacs_labo;
use super::hr_fields::bad_key;
use super::logins::{dpi_prefix, labo_prefix, pacs_prefix, Taken};
use super::names;
use super::org::{Family, UnitKind, PROFESSIONS};
use super::rpps_extract::with_luhn;
use super::world::{Account, AppRow, Human, IdIssue, Kind, Origin, Source, Status, World};
use super::{chance, work_time, Rng};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rand::Rng as _;

pub(crate) use super::dpi_profiles::*;

/// When the DPI went live: older staff got their account then.
fn dpi_go_live() -> NaiveDate {
    NaiveDate::from_ymd_opt(2012, 3, 5).unwrap_or_default()
}

pub(crate) fn days(rng: &mut Rng, lo: i64, hi: i64) -> Duration {
    Duration::days(rng.random_range(lo..=hi.max(lo)))
}

pub(crate) fn generate(w: &mut World, rng: &mut Rng) {
    let mut dpi = Vec::new();
    for ri in 0..w.records.len() {
        if w.records[ri].duplicate_of.is_none() {
            if let Some(a) = dpi_for_record(w, rng, ri) {
                dpi.push(a);
            }
        }
    }
    for hi in 0..w.humans.len() {
        if let Some(a) = dpi_for_ghost(w, rng, hi) {
            dpi.push(a);
        }
    }
    plant_dpi(w, rng, &mut dpi);
    apps_pacs_labo::dpi_special(w, rng, &mut dpi);
    finish(
        &mut dpi,
        |a| dpi_prefix(&a.first_name, &a.last_name, a.created.year()),
        12,
    );
    w.accounts.extend(dpi);

    let mut pacs = apps_pacs_labo::pacs(w, rng);
    finish(&mut pacs, |a| pacs_prefix(&a.first_name, &a.last_name), 30);
    w.accounts.extend(pacs);
    let mut labo = apps_pacs_labo::labo(w, rng);
    finish(&mut labo, |a| labo_prefix(&a.first_name, &a.last_name), 10);
    w.accounts.extend(labo);
}

/// Sorts by creation and gives logins: fixed ones first, then personal ones
/// in creation order. A personal account's `login` holds a suffix to keep.
fn finish(accts: &mut [Account], style: impl Fn(&Account) -> String, max: usize) {
    accts.sort_by_key(|a| a.created);
    let mut taken = Taken::default();
    for a in accts.iter() {
        if a.kind != Kind::Nominative {
            taken.reserve(&a.login);
        }
    }
    for a in accts.iter_mut() {
        if a.kind == Kind::Nominative {
            let suffix = std::mem::take(&mut a.login);
            a.login = taken.claim(&style(a), &suffix, max);
        }
    }
}

/// Spelling conventions of a system.
pub(crate) struct Spelling {
    /// Probability of using the birth name when a usage name exists.
    pub birth_name: f64,
    /// Upper-case last name.
    pub upper_last: bool,
    /// Probability of dropping accents in the last name.
    pub ascii_last: f64,
    pub upper_first: bool,
    pub ascii_first: f64,
    pub initial: f64,
}

pub(crate) fn spell(rng: &mut Rng, h: &Human, s: &Spelling) -> (String, String, bool) {
    let mut last = match &h.usage_name {
        Some(u) if !chance(rng, s.birth_name) => u.clone(),
        _ => h.birth_name.clone(),
    };
    if chance(rng, s.ascii_last) {
        last = names::ascii(&last);
    }
    if chance(rng, 0.03) {
        if let Some(v) = names::variant(rng, &last) {
            last = v;
        }
    }
    let mut typo = false;
    if chance(rng, 0.015) {
        if let Some(t) = names::typo(rng, &last) {
            last = t;
            typo = true;
        }
    }
    if s.upper_last {
        last = last.to_uppercase();
    }
    let mut first = h.given_name().to_string();
    if chance(rng, s.ascii_first) {
        first = names::ascii(&first);
    }
    if chance(rng, s.initial) {
        first = names::initial(&first);
    }
    if s.upper_first {
        first = first.to_uppercase();
    }
    (last, first, typo)
}

/// A last logon for an application account still in use.
pub(crate) fn logon(
    rng: &mut Rng,
    created: NaiveDateTime,
    as_of: NaiveDate,
    in_use: bool,
    end: Option<NaiveDate>,
) -> Option<NaiveDateTime> {
    if !in_use {
        // No end date: a long absence (disponibilité, congé) began some time ago.
        let end = end.unwrap_or_else(|| as_of - days(rng, 30, 400));
        // An account created after the last working day was never used.
        return (!chance(rng, 0.05))
            .then(|| work_time(end - days(rng, 0, 15), rng))
            .filter(|t| *t >= created);
    }
    let young = (as_of - created.date()).num_days() < 30;
    let x = rng.random_range(0..100u32);
    if young && x < 35 || x < 2 {
        return None;
    }
    let date = if !young && x < 8 {
        as_of - days(rng, 91, 600)
    } else {
        as_of - days(rng, 0, 12)
    };
    Some(work_time(date, rng).max(created))
}

/// Whether an HR person's account in an application is enabled; `None`
/// when the account was deleted.
pub(crate) fn app_state(
    rng: &mut Rng,
    w: &World,
    ri: usize,
    keep_rate: f64,
    enabled_rate: f64,
) -> Option<bool> {
    let r = &w.records[ri];
    match r.status {
        Status::Active => Some(true),
        Status::Suspended => Some(chance(rng, 0.7)),
        Status::Departed => {
            if !chance(rng, keep_rate) {
                return None;
            }
            let recent = r.end.is_some_and(|e| (w.params.as_of - e).num_days() <= 7);
            Some(chance(rng, if recent { 0.85 } else { enabled_rate }))
        }
    }
}

/// National identifier as an application holds it, with its flaws.
pub(crate) fn app_rpps(
    rng: &mut Rng,
    h: &Human,
    pool: &[String],
) -> (Option<String>, Option<IdIssue>) {
    let Some(id) = &h.rpps else {
        return (None, None);
    };
    match rng.random_range(0..100u32) {
        0..2 => (Some(bad_key(id)), Some(IdIssue::BadKey)),
        2..4 if !pool.is_empty() => {
            let other = &pool[rng.random_range(0..pool.len())];
            if other == id {
                (Some(id.clone()), None)
            } else {
                (Some(other.clone()), Some(IdIssue::OtherPerson))
            }
        }
        4..5 => (
            Some(with_luhn(&format!(
                "18{:08}",
                rng.random_range(0..100_000_000u32)
            ))),
            Some(IdIssue::Unknown),
        ),
        5..8 if h.adeli.is_some() => (h.adeli.clone(), Some(IdIssue::Adeli)),
        _ => (Some(id.clone()), None),
    }
}

const DPI_SPELLING: Spelling = Spelling {
    birth_name: 0.85,
    upper_last: true,
    ascii_last: 0.7,
    upper_first: false,
    ascii_first: 0.08,
    initial: 0.04,
};

fn base_profile(w: &World, family: Family, unit: usize) -> Option<&'static str> {
    Some(match family {
        Family::Physician if w.org.units[unit].kind == UnitKind::MedicalInfo => CODING,
        Family::Physician => PRESCRIBER,
        Family::Resident => INTERN,
        Family::Pharmacist => PHARMACIST,
        Family::Midwife => MIDWIFE,
        Family::Nurse => NURSE,
        Family::CareAssistant => CARE_ASSISTANT,
        Family::Rehab => REHAB,
        Family::MedicalSecretary => SECRETARY,
        Family::MedicalInfo => CODING,
        Family::Student => STUDENT,
        Family::Admin if w.org.units[unit].kind == UnitKind::Admissions => ADMISSION,
        Family::ItStaff
        | Family::Director
        | Family::Admin
        | Family::ImagingTech
        | Family::LabTech
        | Family::PharmacyTech
        | Family::Porter => READ_ONLY,
        Family::Technical => return None,
    })
}

fn dpi_need(w: &World, ri: usize) -> f64 {
    let r = &w.records[ri];
    let kind = w.org.units[r.unit].kind;
    match PROFESSIONS[w.humans[r.human].profession].family {
        Family::Physician
        | Family::Resident
        | Family::Pharmacist
        | Family::Midwife
        | Family::MedicalInfo => 1.0,
        Family::Nurse => 0.97,
        Family::CareAssistant => 0.85,
        Family::Rehab => 0.8,
        Family::MedicalSecretary => 0.95,
        Family::Student => 0.8,
        Family::ImagingTech | Family::PharmacyTech => 0.5,
        Family::LabTech => 0.3,
        Family::Admin if kind == UnitKind::Admissions => 0.9,
        Family::Director => 0.3,
        Family::ItStaff if r.app_admin => 1.0,
        Family::ItStaff => 0.2,
        Family::Porter | Family::Admin => 0.05,
        Family::Technical => 0.0,
    }
}

fn dpi_for_record(w: &World, rng: &mut Rng, ri: usize) -> Option<Account> {
    let as_of = w.params.as_of;
    if !chance(rng, dpi_need(w, ri)) {
        return None;
    }
    let enabled = app_state(rng, w, ri, 0.85, 0.4)?;
    let r = &w.records[ri];
    let h = &w.humans[r.human];
    let family = PROFESSIONS[h.profession].family;
    let day = (r.arrival + days(rng, 0, 20))
        .max(dpi_go_live() + days(rng, 0, 60))
        .min(as_of - Duration::days(1));
    let created = work_time(day, rng);
    let mut a = Account::new(Source::Dpi, Kind::Nominative, created);
    a.owner = Some(ri);
    a.human = Some(r.human);
    (a.last_name, a.first_name, a.typo) = spell(rng, h, &DPI_SPELLING);
    a.enabled = enabled;
    a.last_logon = logon(rng, created, as_of, r.status == Status::Active, r.end);
    let rpps_rate = match family {
        Family::Physician => 0.85,
        Family::Pharmacist => 0.9,
        Family::Midwife => 0.7,
        Family::Resident => 0.6,
        Family::Nurse | Family::Rehab => 0.25,
        _ => 0.1,
    };
    if chance(rng, rpps_rate) {
        (a.rpps, a.rpps_issue) = app_rpps(rng, h, &[]);
    }
    let profile = base_profile(w, family, r.unit).unwrap_or(READ_ONLY);
    let mut profiles = vec![profile];
    if family == Family::Physician && w.org.units[r.unit].kind == UnitKind::MedicalInfo {
        profiles.push(PRESCRIBER);
    }
    if r.app_admin {
        profiles = vec![DPI_ADMIN];
    } else if chance(rng, 0.08) && profile != READ_ONLY {
        profiles.push(READ_ONLY);
    }
    let mut rows = vec![AppRow {
        unit: Some(r.unit),
        profiles: profiles.clone(),
    }];
    if family == Family::Physician && chance(rng, 0.15) {
        let consult = w.org.sibling(r.unit, 1080);
        if consult != r.unit {
            rows.push(AppRow {
                unit: Some(consult),
                profiles: profiles.clone(),
            });
        }
    }
    if let Some((from, _)) = r.moved {
        let x = rng.random_range(0..100u32);
        if x < 10 {
            rows[0].unit = Some(from);
            a.stale_unit = Some(from);
        } else if x < 70 {
            rows.insert(
                0,
                AppRow {
                    unit: Some(from),
                    profiles,
                },
            );
            a.stale_unit = Some(from);
        }
    }
    a.rows = rows;
    a.unit = Some(r.unit);
    Some(a)
}

fn dpi_for_ghost(w: &World, rng: &mut Rng, hi: usize) -> Option<Account> {
    let h = &w.humans[hi];
    let as_of = w.params.as_of;
    let (p, enabled, profile) = match h.origin {
        Origin::Staff => return None,
        Origin::ExternalPhysician => (1.0, 0.9, PRESCRIBER),
        Origin::Student => (
            0.7,
            if h.left.is_some_and(|l| l < as_of) {
                0.6
            } else {
                1.0
            },
            STUDENT,
        ),
        Origin::FormerIntern => (1.0, 0.4, INTERN),
        Origin::FormerStaff => {
            let family = PROFESSIONS[h.profession].family;
            (0.15, 0.25, base_profile(w, family, h.unit)?)
        }
        Origin::Contractor => (0.05, 0.8, DPI_ADMIN),
    };
    if !chance(rng, p) {
        return None;
    }
    let left = h.left.unwrap_or(as_of);
    let day = match h.origin {
        Origin::FormerStaff => (left - days(rng, 200, 4000)).max(dpi_go_live()),
        Origin::FormerIntern => left - days(rng, 170, 360),
        _ => left.min(as_of) - days(rng, 10, 700),
    };
    let created = work_time(day.min(as_of - Duration::days(1)), rng);
    let mut a = Account::new(Source::Dpi, Kind::Nominative, created);
    a.human = Some(hi);
    (a.last_name, a.first_name, a.typo) = spell(rng, h, &DPI_SPELLING);
    a.enabled = chance(rng, enabled);
    let in_use = left >= as_of || h.origin == Origin::ExternalPhysician;
    a.last_logon = logon(rng, created, as_of, in_use, h.left);
    if h.origin != Origin::Student && chance(rng, 0.7) {
        (a.rpps, a.rpps_issue) = app_rpps(rng, h, &[]);
    }
    a.rows = vec![AppRow {
        unit: Some(h.unit),
        profiles: vec![profile],
    }];
    a.unit = Some(h.unit);
    Some(a)
}

/// Profiles that do not fit the profession, and admin + prescriber.
fn plant_dpi(w: &World, rng: &mut Rng, dpi: &mut [Account]) {
    let pool: Vec<String> = w
        .humans
        .iter()
        .filter_map(|h| h.rpps.clone())
        .take(5000)
        .collect();
    let family = |a: &Account| {
        a.owner
            .map(|o| PROFESSIONS[w.humans[w.records[o].human].profession].family)
    };
    for a in dpi.iter_mut() {
        // A copied colleague's number, occasionally.
        if a.rpps_issue.is_none() && a.rpps.is_some() && !pool.is_empty() && chance(rng, 0.02) {
            let other = &pool[rng.random_range(0..pool.len())];
            if a.rpps.as_deref() != Some(other.as_str()) {
                a.rpps = Some(other.clone());
                a.rpps_issue = Some(IdIssue::OtherPerson);
            }
        }
        let wrong = match family(a) {
            Some(Family::MedicalSecretary) => Some(PRESCRIBER),
            Some(Family::CareAssistant) => Some(NURSE),
            Some(Family::Nurse) => Some(PRESCRIBER),
            Some(Family::Admin) => Some(NURSE),
            Some(Family::Student) => Some(NURSE),
            _ => None,
        };
        if let Some(p) = wrong.filter(|_| chance(rng, 0.025)) {
            if let Some(row) = a.rows.last_mut() {
                row.profiles.push(p);
            }
        }
    }
    let doctors: Vec<usize> = (0..dpi.len())
        .filter(|&i| {
            family(&dpi[i]) == Some(Family::Physician)
                && dpi[i].rows.iter().any(|r| r.profiles.contains(&PRESCRIBER))
        })
        .collect();
    let toxic = (w.params.persons / 600).max(2);
    for k in 0..toxic.min(doctors.len()) {
        let i = doctors[(k * 7919) % doctors.len()];
        if let Some(row) = dpi[i].rows.last_mut() {
            if !row.profiles.contains(&DPI_ADMIN) {
                row.profiles.push(DPI_ADMIN);
            }
        }
    }
    if let Some(s) = dpi
        .iter_mut()
        .find(|a| family(a) == Some(Family::MedicalSecretary) && a.enabled)
    {
        if let Some(row) = s.rows.last_mut() {
            row.profiles.push(DPI_ADMIN);
        }
    }
}
