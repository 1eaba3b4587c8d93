//! Directory accounts of people HR does not know: former staff purged from
//! the HR export (mostly disabled, some not), contractors (`ext.`,
//! `presta.`), external physicians, students (`etu.`), former interns.

use super::ad::{ad_created, days, directory_names, never, password_set, person_ou};
use super::groups::{ou, GroupIndex};
use super::hr_fields::unique_mail;
use super::org::{UnitKind, PROFESSIONS};
use super::world::{Account, Expiry, Kind, Origin, Source, World};
use super::{chance, work_time, Rng};
use chrono::Datelike;
use rand::Rng as _;
use std::collections::HashSet;

pub(crate) fn ghost_account(
    w: &World,
    gi: &GroupIndex,
    rng: &mut Rng,
    hi: usize,
    mails: &mut HashSet<String>,
) -> Account {
    let h = &w.humans[hi];
    let as_of = w.params.as_of;
    let left = h.left.unwrap_or(as_of);
    let day = match h.origin {
        Origin::FormerStaff => left - days(rng, 300, 6000),
        Origin::FormerIntern => left - days(rng, 180, 370),
        Origin::Student => left.min(as_of) - days(rng, 20, 120),
        _ => as_of - days(rng, 30, 2500),
    };
    let created = ad_created(day, rng);
    let mut a = Account::new(Source::Ad, Kind::Nominative, created);
    a.human = Some(hi);
    let (last, first, typo) = directory_names(rng, h, created.year());
    (a.last_name, a.first_name, a.typo) = (last, first, typo);
    let p = &PROFESSIONS[h.profession];
    a.title = Some(p.label.to_string());
    a.unit = Some(h.unit);
    a.ou = person_ou(p.family);
    a.expires = Some(never(rng));
    let gone = left < as_of;
    match h.origin {
        Origin::FormerStaff => {
            a.enabled = chance(rng, 0.18);
            a.last_logon = Some(work_time(left - days(rng, 0, 10), rng).max(created));
            if chance(rng, 0.6) {
                a.groups.push(gi.service[h.unit]);
            }
            if !a.enabled && chance(rng, 0.7) {
                a.ou = ou("OU=Desactives");
            }
            if chance(rng, 0.1) {
                a.employee_id = Some(format!("{:06}", rng.random_range(1..100u32)));
            }
        }
        Origin::Contractor => {
            a.login = if chance(rng, 0.5) {
                "ext.".into()
            } else if chance(rng, 0.4) {
                "presta.".into()
            } else {
                String::new()
            };
            a.enabled = chance(rng, 0.85);
            if chance(rng, 0.5) {
                a.expires = Some(Expiry::At(left.and_hms_opt(23, 0, 0).unwrap_or_default()));
            }
            let last = if gone { left } else { as_of };
            a.last_logon = Some(work_time(last - days(rng, 0, 20), rng).max(created));
            a.groups.push(gi.vpn);
            if chance(rng, 0.5) {
                a.groups.push(gi.service[h.unit]);
            }
            a.ou = ou("OU=Externes");
            a.description = Some("Prestataire".to_string());
        }
        Origin::ExternalPhysician => {
            a.enabled = chance(rng, 0.95);
            a.last_logon = Some(
                if chance(rng, 0.7) {
                    work_time(as_of - days(rng, 0, 30), rng)
                } else {
                    work_time(as_of - days(rng, 91, 700), rng)
                }
                .max(created),
            );
            a.groups.push(gi.app_dpi);
            if chance(rng, 0.3) {
                a.groups.push(gi.app_pacs);
            }
            if chance(rng, 0.4) {
                a.groups.push(gi.mssante);
            }
            a.ou = ou("OU=Externes");
            a.description = Some("Médecin extérieur".to_string());
        }
        Origin::Student => {
            a.login = if chance(rng, 0.6) {
                "etu.".into()
            } else {
                String::new()
            };
            a.enabled = !gone || chance(rng, 0.6);
            if chance(rng, 0.5) {
                a.expires = Some(Expiry::At(left.and_hms_opt(23, 0, 0).unwrap_or_default()));
            }
            let last = if gone { left } else { as_of };
            a.last_logon =
                (!chance(rng, 0.1)).then(|| work_time(last - days(rng, 0, 10), rng).max(created));
            a.groups.push(gi.service[h.unit]);
        }
        _ => {
            // Former intern.
            a.enabled = chance(rng, 0.45);
            if chance(rng, 0.4) {
                a.expires = Some(Expiry::At(left.and_hms_opt(23, 0, 0).unwrap_or_default()));
            }
            a.last_logon = Some(work_time(left - days(rng, 0, 10), rng).max(created));
            a.groups.push(gi.service[h.unit]);
            if chance(rng, 0.3) {
                a.groups.push(gi.app_pacs);
            }
        }
    }
    a.pwd_never_expires = chance(rng, 0.05);
    a.pwd_last_set = password_set(rng, created, a.last_logon, a.pwd_never_expires);
    if chance(rng, 0.5) {
        a.email = Some(unique_mail(mails, h));
    }
    if w.org.units[h.unit].kind == UnitKind::It
        && h.origin == Origin::Contractor
        && chance(rng, 0.12)
    {
        a.groups.push(gi.adm_servers);
    }
    a
}
