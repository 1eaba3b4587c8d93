//! Active Directory user accounts of people: one per HR person (most of
//! them), left enabled or disabled after departures, second accounts after a
//! return, `_adm` accounts of IT staff, and the accounts of people HR does not
//! know (purged former staff, contractors, external physicians, students,
//! former interns). Logins are given in creation order, in the convention of
//! each era. Non-personal accounts live in `ad_special`.

use super::ad_outsiders;
use super::ad_special;
use super::groups::{ou, GroupIndex};
use super::hr_fields::unique_mail;
use super::logins::{ad_prefix, Taken};
use super::names;
use super::org::{Family, PROFESSIONS};
use super::world::{Account, Contract, Expiry, Human, Kind, Origin, Source, Status, World};
use super::{chance, work_time, Rng};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rand::Rng as _;
use std::collections::{HashMap, HashSet};

pub(crate) fn generate(w: &mut World, gi: &GroupIndex, rng: &mut Rng) {
    let mut accts: Vec<Account> = Vec::new();
    let mut mails: HashSet<String> = w
        .records
        .iter()
        .filter_map(|r| r.email.as_deref())
        .filter_map(|m| m.split('@').next())
        .map(str::to_string)
        .collect();
    for ri in 0..w.records.len() {
        if w.records[ri].duplicate_of.is_none() {
            person_accounts(w, gi, rng, ri, &mut mails, &mut accts);
        }
    }
    for hi in 0..w.humans.len() {
        if w.humans[hi].origin != Origin::Staff {
            accts.push(ad_outsiders::ghost_account(w, gi, rng, hi, &mut mails));
        }
    }
    ad_special::add(w, gi, rng, &mut accts);
    accts.sort_by_key(|a| a.created);
    assign_logins(&mut accts);
    ad_special::plant_privileged(w, gi, rng, &mut accts);
    // Managers: the AD account of the HR manager, when it was filled in.
    let mut by_record: HashMap<usize, usize> = HashMap::new();
    for (i, a) in accts.iter().enumerate() {
        if a.kind == Kind::Nominative {
            if let Some(o) = a.owner {
                by_record.insert(o, i);
            }
        }
    }
    for (i, a) in accts.iter_mut().enumerate() {
        let Some(owner) = a.owner else {
            continue;
        };
        if a.kind != Kind::Nominative || !chance(rng, 0.4) {
            continue;
        }
        if let Some(m) = w.records[owner].manager.and_then(|m| by_record.get(&m)) {
            a.manager = Some(*m).filter(|&m| m != i);
        }
    }
    w.accounts.extend(accts);
}

/// When the domain was created: older staff got their account at the
/// migration that followed.
pub(crate) fn ad_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2007, 10, 1).unwrap_or_default()
}

/// A creation time no earlier than the domain's migration.
pub(crate) fn ad_created(day: NaiveDate, rng: &mut Rng) -> NaiveDateTime {
    let floor = ad_epoch() + days(rng, 0, 200);
    work_time(day.max(floor), rng)
}

pub(crate) fn days(rng: &mut Rng, lo: i64, hi: i64) -> Duration {
    Duration::days(rng.random_range(lo..=hi.max(lo)))
}

/// The OU of a person's account by profession.
pub(crate) fn person_ou(family: Family) -> String {
    let leaf = match family {
        Family::Physician | Family::Resident | Family::Pharmacist | Family::Midwife => "OU=Medical",
        Family::Admin | Family::Director | Family::MedicalSecretary | Family::MedicalInfo => {
            "OU=Administratifs"
        }
        Family::ItStaff => "OU=DSI",
        Family::Technical | Family::Porter => "OU=Techniques",
        Family::Student => "OU=Stagiaires",
        _ => "OU=Soignants",
    };
    ou(&format!("{leaf},OU=Utilisateurs"))
}

/// Names as the directory holds them: usage name mostly, accents lost on
/// older accounts, some spelling variants, rare typos.
pub(crate) fn directory_names(rng: &mut Rng, h: &Human, year: i32) -> (String, String, bool) {
    let mut last = match &h.usage_name {
        Some(u) if chance(rng, 0.85) => u.clone(),
        _ => h.birth_name.clone(),
    };
    let mut first = if h.first_names.len() == 2 && chance(rng, 0.08) {
        h.first_names.join(" ")
    } else {
        h.given_name().to_string()
    };
    let old = year < 2015;
    if chance(rng, if old { 0.35 } else { 0.05 }) {
        last = names::ascii(&last);
        first = names::ascii(&first);
    }
    if chance(rng, 0.05) {
        if let Some(v) = names::variant(rng, &last) {
            last = v;
        }
    }
    if chance(rng, 0.03) {
        if let Some(v) = names::joined_given(&h.first_names) {
            first = v;
        }
    }
    if old && chance(rng, 0.15) {
        last = last.to_uppercase();
    }
    let mut typo = false;
    if chance(rng, 0.015) {
        if let Some(t) = names::typo(rng, &last) {
            last = t;
            typo = true;
        }
    }
    (last, first, typo)
}

/// A last logon for an account in use: recent for most, stale or absent
/// for some.
fn logon_in_use(rng: &mut Rng, created: NaiveDateTime, as_of: NaiveDate) -> Option<NaiveDateTime> {
    let young = (as_of - created.date()).num_days() < 30;
    let x = rng.random_range(0..100u32);
    let date = if young {
        if x < 40 {
            return None;
        }
        as_of - days(rng, 0, 5)
    } else if x < 2 {
        return None;
    } else if x < 7 {
        as_of - days(rng, 91, 500)
    } else {
        as_of - days(rng, 0, 14)
    };
    Some(work_time(date, rng).max(created))
}

pub(crate) fn password_set(
    rng: &mut Rng,
    created: NaiveDateTime,
    logon: Option<NaiveDateTime>,
    never_expires: bool,
) -> Option<NaiveDateTime> {
    match logon {
        None => None,
        Some(_) if never_expires => Some(created + days(rng, 0, 60)),
        Some(l) => Some((l - days(rng, 0, 120)).max(created)),
    }
}

pub(crate) fn never(rng: &mut Rng) -> Expiry {
    if chance(rng, 0.7) {
        Expiry::Max
    } else {
        Expiry::Zero
    }
}

fn person_accounts(
    w: &World,
    gi: &GroupIndex,
    rng: &mut Rng,
    ri: usize,
    mails: &mut HashSet<String>,
    out: &mut Vec<Account>,
) {
    let r = &w.records[ri];
    let h = &w.humans[r.human];
    let p = &PROFESSIONS[h.profession];
    let as_of = w.params.as_of;
    let has = match r.status {
        Status::Active => match p.family {
            Family::Technical => 0.7,
            Family::Porter => 0.8,
            _ => 0.97,
        },
        Status::Suspended => 1.0,
        Status::Departed => 0.75,
    };
    if !chance(rng, has) {
        return;
    }
    let day = (r.arrival - days(rng, 0, 10)).min(as_of - Duration::days(1));
    let created = ad_created(day, rng);
    let mut a = Account::new(Source::Ad, Kind::Nominative, created);
    a.owner = Some(ri);
    a.human = Some(r.human);
    let (last, first, typo) = directory_names(rng, h, created.year());
    (a.last_name, a.first_name, a.typo) = (last, first, typo);
    let departed_days = r.end.map_or(0, |e| (as_of - e).num_days());
    a.enabled = match r.status {
        Status::Active => true,
        Status::Suspended => chance(rng, 0.6),
        Status::Departed if departed_days <= 7 => chance(rng, 0.8),
        Status::Departed if r.contract == Contract::Resident => chance(rng, 0.5),
        Status::Departed => chance(rng, 0.4),
    };
    a.expires = Some(match r.end {
        Some(end) if r.contract.is_temporary() && chance(rng, 0.78) => {
            Expiry::At(end.and_hms_opt(23, 0, 0).unwrap_or_default())
        }
        _ => never(rng),
    });
    a.last_logon = match r.status {
        Status::Active => logon_in_use(rng, created, as_of),
        Status::Suspended => Some(work_time(as_of - days(rng, 30, 400), rng).max(created)),
        Status::Departed => {
            let end = r.end.unwrap_or(as_of);
            (!chance(rng, 0.03)).then(|| work_time(end - days(rng, 0, 10), rng).max(created))
        }
    };
    a.pwd_never_expires = chance(rng, 0.07);
    a.pwd_last_set = password_set(rng, created, a.last_logon, a.pwd_never_expires);
    a.smartcard = p.family == Family::Physician && chance(rng, 0.02);
    if chance(rng, if created.year() >= 2016 { 0.45 } else { 0.15 }) {
        a.employee_id = Some(if chance(rng, 0.15) {
            r.matricule.trim_start_matches('0').to_string()
        } else {
            r.matricule.clone()
        });
    }
    if let Some(id) = h.rpps.as_ref().filter(|_| chance(rng, 0.12)) {
        a.rpps = Some(if chance(rng, 0.1) {
            format!("8{id}")
        } else {
            id.clone()
        });
    }
    a.email = match &r.email {
        Some(m) if chance(rng, 0.92) => Some(m.clone()),
        _ if chance(rng, 0.6) => Some(unique_mail(mails, h)),
        _ => None,
    };
    a.title = Some(r.profession_label.clone());
    a.unit = Some(r.unit);
    a.groups.push(gi.service[r.unit]);
    if let Some((from, _)) = r.moved {
        if chance(rng, 0.3) {
            a.unit = Some(from);
        }
        if chance(rng, 0.55) {
            a.groups.push(gi.service[from]);
            a.stale_unit = Some(from);
        }
    }
    family_groups(w, gi, rng, ri, &mut a);
    a.ou = person_ou(p.family);
    if !a.enabled {
        if let Some(end) = r.end {
            a.description = Some(format!(
                "Désactivé le {} - départ",
                (end + days(rng, 0, 40)).min(as_of).format("%d/%m/%Y")
            ));
        }
        if chance(rng, 0.5) {
            a.ou = ou("OU=Desactives");
        }
    } else if chance(rng, 0.15) {
        a.description = Some(format!("{} - {}", p.label, w.org.units[r.unit].label));
    }
    let daily_created = created;
    let daily_enabled = a.enabled;
    out.push(a);

    // A second, older account from an earlier stint.
    if r.status == Status::Active
        && r.arrival > ad_epoch() + Duration::days(1500)
        && chance(rng, 0.03)
    {
        let old_created = ad_created(r.arrival - days(rng, 800, 1400), rng);
        let mut old = Account::new(Source::Ad, Kind::Nominative, old_created);
        old.owner = Some(ri);
        old.human = Some(r.human);
        let (last, first, typo) = directory_names(rng, h, old_created.year());
        (old.last_name, old.first_name, old.typo) = (last, first, typo);
        old.enabled = chance(rng, 0.5);
        old.expires = Some(never(rng));
        old.last_logon = Some(work_time(old_created.date() + days(rng, 30, 700), rng));
        old.pwd_last_set = old.last_logon;
        old.unit = Some(r.unit);
        old.title = Some(r.profession_label.clone());
        old.groups.push(gi.service[r.unit]);
        old.ou = person_ou(p.family);
        out.push(old);
    }
    // Separate administration account of IT staff.
    if r.it_admin {
        let created = (daily_created + days(rng, 1, 400))
            .min(work_time(as_of - Duration::days(1), rng))
            .max(daily_created + Duration::days(1));
        let mut adm = Account::new(Source::Ad, Kind::Admin, created);
        adm.owner = Some(ri);
        adm.human = Some(r.human);
        adm.last_name = h.last_name().to_string();
        adm.first_name = h.given_name().to_string();
        adm.enabled = daily_enabled || (r.status == Status::Departed && chance(rng, 0.4));
        adm.expires = Some(never(rng));
        adm.last_logon = match r.status {
            Status::Departed => r
                .end
                .map(|e| work_time(e - days(rng, 0, 20), rng).max(created)),
            _ => Some(work_time(as_of - days(rng, 0, 30), rng).max(created)),
        };
        adm.pwd_never_expires = chance(rng, 0.5);
        adm.pwd_last_set = password_set(rng, created, adm.last_logon, adm.pwd_never_expires);
        adm.smartcard = chance(rng, 0.4);
        adm.title = Some("Administrateur systèmes".to_string());
        adm.description = Some("Compte d'administration".to_string());
        adm.ou = ou("OU=Admins");
        let picks = [
            (gi.domain_admins, 0.4),
            (gi.adm_servers, 0.8),
            (gi.adm_workstations, 0.6),
        ];
        for (g, p) in picks {
            if chance(rng, p) {
                adm.groups.push(g);
            }
        }
        if adm.groups.is_empty() {
            adm.groups.push(gi.adm_servers);
        }
        if r.app_admin {
            adm.groups.push(if chance(rng, 0.6) {
                gi.adm_dpi
            } else {
                gi.adm_pacs
            });
        }
        out.push(adm);
    }
}

/// Direct application and access groups by staff family.
fn family_groups(w: &World, gi: &GroupIndex, rng: &mut Rng, ri: usize, a: &mut Account) {
    let r = &w.records[ri];
    let family = PROFESSIONS[w.humans[r.human].profession].family;
    let mut add = |g: usize, p: f64, rng: &mut Rng| {
        if chance(rng, p) && !a.groups.contains(&g) {
            a.groups.push(g);
        }
    };
    match family {
        Family::Physician => {
            add(gi.mssante, 0.7, rng);
            add(gi.vpn, 0.2, rng);
            add(gi.app_pacs, 0.35, rng);
            add(gi.app_labo, 0.3, rng);
        }
        Family::Pharmacist => add(gi.app_pharma, 1.0, rng),
        Family::Midwife | Family::Nurse => add(gi.app_labo, 0.1, rng),
        Family::ItStaff => {
            add(gi.vpn, 0.6, rng);
            add(gi.tse, 0.3, rng);
            if !r.it_admin {
                add(gi.support, 0.35, rng);
            }
        }
        Family::Director => {
            add(gi.vpn, 0.8, rng);
            add(gi.app_grh, 0.3, rng);
        }
        Family::Admin => add(gi.tse, 0.05, rng),
        Family::MedicalSecretary => add(gi.app_gam, 0.5, rng),
        _ => {}
    }
    if w.org.units[r.unit].kind.clinical() {
        add(gi.app_dpi, 0.08, rng);
    }
}

/// Logins in creation order: the first comes gets the plain form.
fn assign_logins(accts: &mut [Account]) {
    let mut taken = Taken::default();
    // Fixed logins first (built-in, service, generic, test accounts).
    for a in accts.iter() {
        if !matches!(a.kind, Kind::Nominative | Kind::Admin) {
            taken.reserve(&a.login);
        }
    }
    let mut daily: HashMap<usize, String> = HashMap::new();
    for a in accts.iter_mut() {
        match a.kind {
            Kind::Nominative => {
                let style = ad_prefix(&a.first_name, &a.last_name, a.created.year());
                let prefix = format!("{}{style}", a.login);
                a.login = taken.claim(&prefix, "", 20);
                if let Some(o) = a.owner {
                    daily.entry(o).or_insert_with(|| a.login.clone());
                }
            }
            Kind::Admin => {
                let base = a
                    .owner
                    .and_then(|o| daily.get(&o).cloned())
                    .unwrap_or_else(|| ad_prefix(&a.first_name, &a.last_name, a.created.year()));
                a.login = taken.claim(&base, "_adm", 20);
            }
            _ => {}
        }
    }
}
