//! PACS and laboratory (SIL) accounts, and the non-personal accounts of the
//! DPI (generic, shared, test, interface).

use super::apps::{self, app_state, days, logon, spell, Spelling, READ_ONLY};
use super::org::{Family, UnitKind, PROFESSIONS};
use super::world::{Account, AppRow, Kind, Origin, Source, Status, World};
use super::{chance, work_time, Rng};
use chrono::{Duration, NaiveDate};

pub(crate) const PACS_ADMIN: &str = "Administrateur";

fn go_live(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}
pub(crate) const LABO_ADMIN: &str = "Administrateur SIL";

/// Generic/shared DPI accounts: login, kind, unit code, profiles.
#[rustfmt::skip]
const DPI_GENERIC: &[(&str, Kind, u32, &[&str])] = &[
    ("URGENCES", Kind::Generic, 1210, &[apps::NURSE]),
    ("ACCUEIL_URG", Kind::Generic, 1210, &[apps::ADMISSION]),
    ("INTERNE1", Kind::Shared, 1210, &[apps::INTERN]),
    ("INTERNE2", Kind::Shared, 1040, &[apps::INTERN]),
    ("INTERNE_GARDE", Kind::Shared, 1310, &[apps::PRESCRIBER]),
    ("IDE_NUIT", Kind::Shared, 1060, &[apps::NURSE]),
    ("BLOC2", Kind::Generic, 2030, &[apps::NURSE]),
    ("SECRETARIAT_CARDIO", Kind::Shared, 1010, &[apps::SECRETARY]),
    ("CONSULT1", Kind::Generic, 1080, &[READ_ONLY]),
    ("SMUR", Kind::Generic, 1230, &[apps::PRESCRIBER]),
    ("CADRE_GARDE", Kind::Shared, 6010, &[apps::NURSE, READ_ONLY]),
    ("EHPAD_NUIT", Kind::Shared, 5020, &[apps::NURSE]),
];

/// Adds the DPI's non-personal accounts.
pub(crate) fn dpi_special(w: &World, rng: &mut Rng, out: &mut Vec<Account>) {
    let as_of = w.params.as_of;
    let replicas = w.org.units.iter().map(|u| u.replica).max().unwrap_or(0) + 1;
    let per = w.org.units.len() / replicas;
    for r in 0..replicas {
        let tag = if r == 0 {
            String::new()
        } else {
            format!("_S{}", r + 1)
        };
        for &(login, kind, code, profiles) in DPI_GENERIC {
            let unit = w.org.sibling(r * per, code);
            let created = work_time(as_of - days(rng, 100, 4000), rng);
            let mut a = Account::new(Source::Dpi, kind, created);
            a.login = format!("{login}{tag}");
            a.last_name = login.replace('_', " ");
            a.enabled = chance(rng, 0.95);
            a.last_logon = Some(work_time(as_of - days(rng, 0, 6), rng).max(created));
            a.rows = vec![AppRow {
                unit: Some(unit),
                profiles: profiles.to_vec(),
            }];
            a.unit = Some(unit);
            out.push(a);
        }
    }
    for (login, kind, profile) in [
        ("TEST_DPI", Kind::Test, apps::PRESCRIBER),
        ("FORMATION1", Kind::Test, apps::NURSE),
        ("FORMATION2", Kind::Test, apps::NURSE),
        ("FORMATION3", Kind::Test, READ_ONLY),
        ("DEMO", Kind::Test, READ_ONLY),
        ("INTERFACE_HL7", Kind::Service, apps::INTERFACE),
    ] {
        let created = work_time(as_of - days(rng, 100, 3000), rng);
        let mut a = Account::new(Source::Dpi, kind, created);
        a.login = login.to_string();
        a.last_name = login.replace('_', " ");
        a.enabled = chance(rng, 0.75) || kind == Kind::Service;
        a.last_logon =
            (login != "DEMO").then(|| work_time(as_of - days(rng, 0, 300), rng).max(created));
        a.rows = vec![AppRow {
            unit: None,
            profiles: vec![profile],
        }];
        out.push(a);
    }
}

const PACS_SPELLING: Spelling = Spelling {
    birth_name: 0.1,
    upper_last: false,
    ascii_last: 0.3,
    upper_first: false,
    ascii_first: 0.2,
    initial: 0.02,
};
const LABO_SPELLING: Spelling = Spelling {
    birth_name: 0.5,
    upper_last: true,
    ascii_last: 1.0,
    upper_first: true,
    ascii_first: 1.0,
    initial: 0.05,
};

fn pacs_role(family: Family, unit_kind: UnitKind) -> &'static str {
    match family {
        Family::Physician if unit_kind == UnitKind::Imaging => "Radiologue",
        Family::ImagingTech => "Manipulateur",
        Family::MedicalSecretary | Family::Admin => "Secrétaire",
        Family::Resident => "Interne",
        Family::ItStaff => PACS_ADMIN,
        _ => "Clinicien",
    }
}

fn pacs_need(family: Family, kind: UnitKind, app_admin: bool) -> f64 {
    if kind == UnitKind::Imaging {
        return if family == Family::Technical {
            0.0
        } else {
            1.0
        };
    }
    match family {
        Family::Physician
            if matches!(
                kind,
                UnitKind::Emergency | UnitKind::Icu | UnitKind::Theatre
            ) =>
        {
            0.8
        }
        Family::Physician if kind == UnitKind::Ward => 0.5,
        Family::Physician => 0.25,
        Family::Resident => 0.5,
        Family::Nurse if matches!(kind, UnitKind::Emergency | UnitKind::Icu) => 0.15,
        Family::ItStaff if app_admin => 1.0,
        _ => 0.0,
    }
}

/// PACS accounts: imaging staff, clinicians, IT administrators.
pub(crate) fn pacs(w: &World, rng: &mut Rng) -> Vec<Account> {
    let as_of = w.params.as_of;
    let mut out = Vec::new();
    for (ri, r) in w.records.iter().enumerate() {
        let h = &w.humans[r.human];
        let family = PROFESSIONS[h.profession].family;
        let kind = w.org.units[r.unit].kind;
        if r.duplicate_of.is_some() || !chance(rng, pacs_need(family, kind, r.app_admin)) {
            continue;
        }
        let Some(enabled) = app_state(rng, w, ri, 0.95, 0.65) else {
            continue;
        };
        let day = (r.arrival + days(rng, 0, 30)).max(go_live(2010, 6, 14) + days(rng, 0, 60));
        let created = work_time(day.min(as_of - Duration::days(1)), rng);
        let mut a = Account::new(Source::Pacs, Kind::Nominative, created);
        a.owner = Some(ri);
        a.human = Some(r.human);
        (a.last_name, a.first_name, a.typo) = spell(rng, h, &PACS_SPELLING);
        a.enabled = enabled;
        a.last_logon = logon(rng, created, as_of, r.status == Status::Active, r.end);
        a.login = if kind == UnitKind::Imaging {
            "_Radio".to_string()
        } else if chance(rng, 0.3) {
            format!("_{}", w.org.units[r.unit].pacs)
        } else {
            String::new()
        };
        let role = if r.app_admin {
            PACS_ADMIN
        } else {
            pacs_role(family, kind)
        };
        a.rows = vec![AppRow {
            unit: Some(r.unit),
            profiles: vec![role],
        }];
        a.unit = Some(r.unit);
        out.push(a);
    }
    for (hi, h) in w.humans.iter().enumerate() {
        let p = match h.origin {
            Origin::ExternalPhysician => 0.3,
            Origin::FormerIntern => 0.4,
            Origin::FormerStaff if w.org.units[h.unit].kind == UnitKind::Imaging => 0.5,
            _ => 0.0,
        };
        if !chance(rng, p) {
            continue;
        }
        let left = h.left.unwrap_or(as_of);
        let day = (left.min(as_of) - days(rng, 30, 1500)).max(go_live(2010, 6, 14));
        let created = work_time(day, rng);
        let mut a = Account::new(Source::Pacs, Kind::Nominative, created);
        a.human = Some(hi);
        (a.last_name, a.first_name, a.typo) = spell(rng, h, &PACS_SPELLING);
        a.enabled = chance(rng, 0.7);
        a.last_logon = logon(
            rng,
            created,
            as_of,
            h.origin == Origin::ExternalPhysician,
            h.left,
        );
        let family = PROFESSIONS[h.profession].family;
        let kind = w.org.units[h.unit].kind;
        if kind == UnitKind::Imaging {
            a.login = "_Radio".to_string();
        }
        a.rows = vec![AppRow {
            unit: Some(h.unit),
            profiles: vec![pacs_role(family, kind)],
        }];
        a.unit = Some(h.unit);
        out.push(a);
    }
    // A radiologist who was made administrator « to help ».
    if let Some(a) = out
        .iter_mut()
        .find(|a| a.enabled && a.rows.iter().any(|r| r.profiles.contains(&"Radiologue")))
    {
        a.rows[0].profiles = vec![PACS_ADMIN];
    }
    let radio = w.org.sibling(0, 4010);
    let urg = w.org.sibling(0, 1210);
    for (login, kind, unit, role) in [
        ("Garde_Radio", Kind::Shared, radio, "Radiologue"),
        ("Urgences_PACS", Kind::Generic, urg, "Clinicien"),
        (
            "Bloc_PACS",
            Kind::Generic,
            w.org.sibling(0, 2030),
            "Clinicien",
        ),
        (
            "Admin_PACS",
            Kind::Shared,
            w.org.sibling(0, 6040),
            PACS_ADMIN,
        ),
        ("Test_PACS", Kind::Test, radio, "Clinicien"),
    ] {
        let created = work_time(as_of - days(rng, 200, 3000), rng);
        let mut a = Account::new(Source::Pacs, kind, created);
        a.login = login.to_string();
        a.last_name = login.replace('_', " ");
        a.enabled = kind != Kind::Test || chance(rng, 0.7);
        a.last_logon = Some(work_time(as_of - days(rng, 0, 20), rng).max(created));
        a.rows = vec![AppRow {
            unit: Some(unit),
            profiles: vec![role],
        }];
        a.unit = Some(unit);
        out.push(a);
    }
    out
}

fn labo_profile(family: Family, kind: UnitKind) -> Option<&'static str> {
    Some(match (family, kind) {
        (Family::Physician | Family::Pharmacist, UnitKind::Lab) => "Biologiste",
        (Family::LabTech, _) => "Technicien",
        (Family::MedicalSecretary | Family::Admin, UnitKind::Lab) => "Secrétaire",
        (Family::Physician | Family::Resident, _) => "Prescripteur",
        (Family::Nurse | Family::Midwife, _) => "Préleveur",
        (Family::ItStaff, _) => LABO_ADMIN,
        _ => return None,
    })
}

fn labo_need(family: Family, kind: UnitKind, app_admin: bool) -> f64 {
    match (family, kind) {
        (Family::Technical, _) => 0.0,
        (_, UnitKind::Lab) => 1.0,
        (Family::Physician, _) => 0.35,
        (Family::Resident, _) => 0.3,
        (Family::Nurse | Family::Midwife, _) => 0.15,
        (Family::ItStaff, _) if app_admin => 0.8,
        _ => 0.0,
    }
}

/// Lab (SIL) accounts.
pub(crate) fn labo(w: &World, rng: &mut Rng) -> Vec<Account> {
    let as_of = w.params.as_of;
    let mut out = Vec::new();
    for (ri, r) in w.records.iter().enumerate() {
        let h = &w.humans[r.human];
        let family = PROFESSIONS[h.profession].family;
        let kind = w.org.units[r.unit].kind;
        if r.duplicate_of.is_some() || !chance(rng, labo_need(family, kind, r.app_admin)) {
            continue;
        }
        let Some(profile) = labo_profile(family, kind) else {
            continue;
        };
        let Some(enabled) = app_state(rng, w, ri, 0.9, 0.5) else {
            continue;
        };
        let day = (r.arrival + days(rng, 0, 30)).max(go_live(2009, 2, 2) + days(rng, 0, 60));
        let created = work_time(day.min(as_of - Duration::days(1)), rng);
        let mut a = Account::new(Source::Labo, Kind::Nominative, created);
        a.owner = Some(ri);
        a.human = Some(r.human);
        (a.last_name, a.first_name, a.typo) = spell(rng, h, &LABO_SPELLING);
        a.enabled = enabled;
        a.last_logon = logon(rng, created, as_of, r.status == Status::Active, r.end);
        if chance(rng, 0.45) {
            a.employee_id = Some(r.matricule.clone());
        }
        a.rows = vec![AppRow {
            unit: Some(r.unit),
            profiles: vec![profile],
        }];
        a.unit = Some(r.unit);
        out.push(a);
    }
    let lab = w.org.sibling(0, 4020);
    for (login, kind, role) in [
        ("garde_labo", Kind::Shared, "Technicien"),
        ("automate1", Kind::Service, "Interface"),
        ("automate2", Kind::Service, "Interface"),
        ("test_sil", Kind::Test, "Technicien"),
    ] {
        let created = work_time(as_of - days(rng, 200, 3000), rng);
        let mut a = Account::new(Source::Labo, kind, created);
        a.login = login.to_string();
        a.last_name = login.to_uppercase();
        a.enabled = true;
        a.last_logon = Some(work_time(as_of - days(rng, 0, 5), rng).max(created));
        a.rows = vec![AppRow {
            unit: Some(lab),
            profiles: vec![role],
        }];
        a.unit = Some(lab);
        out.push(a);
    }
    out
}
