//! Directory accounts that are not one person's: built-in accounts,
//! generic and shared accounts of services (« urgences », « ide.nuit »),
//! service accounts (`svc_…`, backup, interfaces), test and training
//! accounts, computers; and the unexpected members planted in privileged
//! groups.

use super::ad::days;
use super::groups::{ou, GroupIndex};
use super::org::{Family, UnitKind, PROFESSIONS};
use super::world::{Account, Computer, Expiry, Kind, Source, Status, World};
use super::{chance, work_time, Rng};
use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng as _;

/// Generic (place/function) and shared (role) accounts: login, kind, unit
/// code, whether it opens the DPI directly.
#[rustfmt::skip]
const GENERIC: &[(&str, Kind, u32, bool)] = &[
    ("urgences", Kind::Generic, 1210, false),
    ("accueil", Kind::Generic, 6050, false),
    ("accueil.urgences", Kind::Generic, 1210, true),
    ("bloc1", Kind::Generic, 2030, false),
    ("bloc2", Kind::Generic, 2030, true),
    ("interne1", Kind::Shared, 1210, true),
    ("interne2", Kind::Shared, 1040, true),
    ("interne3", Kind::Shared, 2010, true),
    ("interne.garde", Kind::Shared, 1310, true),
    ("ide.nuit", Kind::Shared, 1060, false),
    ("ide.jour.neuro", Kind::Shared, 1050, false),
    ("cadre.garde", Kind::Shared, 6010, true),
    ("consult1", Kind::Generic, 1080, false),
    ("consult2", Kind::Generic, 1080, false),
    ("kiosque", Kind::Generic, 6050, false),
    ("standard", Kind::Generic, 6050, false),
    ("smur", Kind::Generic, 1230, false),
    ("reanimation", Kind::Generic, 1310, false),
    ("maternite", Kind::Generic, 3010, false),
    ("sdn", Kind::Generic, 3020, false),
    ("pharmacie.garde", Kind::Shared, 4030, false),
    ("labo.garde", Kind::Shared, 4020, false),
    ("radio.garde", Kind::Shared, 4010, false),
    ("poste.soins.cardio", Kind::Generic, 1010, false),
    ("secretariat.cardio", Kind::Shared, 1010, false),
    ("secretariat.radio", Kind::Shared, 4010, false),
    ("secretariat.pedia", Kind::Shared, 3030, false),
    ("ehpad.nuit", Kind::Shared, 5020, false),
    ("smr.nuit", Kind::Shared, 5010, false),
    ("brancardage", Kind::Generic, 6070, false),
    ("cuisine", Kind::Generic, 6070, false),
    ("atelier", Kind::Generic, 6060, false),
];

/// Service accounts: login, description, interactive use planted.
#[rustfmt::skip]
const SERVICES: &[(&str, &str, bool)] = &[
    ("svc_backup", "Sauvegarde Veeam", false),
    ("svc_sql", "Moteur SQL Server", false),
    ("svc_sqlagent", "Agent SQL Server", false),
    ("svc_dpi_interface", "Interfaces DPI (HL7)", true),
    ("svc_dpi_batch", "Traitements de nuit DPI", false),
    ("svc_hl7", "Moteur d'interfaces HL7", false),
    ("svc_pacs", "Service PACS", false),
    ("svc_pacs_ldap", "Liaison LDAP du PACS", false),
    ("svc_labo_interface", "Interface SIL", false),
    ("svc_pharma", "Logiciel de pharmacie", false),
    ("svc_gam", "Gestion administrative des malades", false),
    ("svc_sync_rh", "Synchronisation RH vers AD", true),
    ("svc_scan", "Numérisation vers dossier", false),
    ("svc_print", "Serveur d'impression", false),
    ("svc_antivirus", "Console antivirus", false),
    ("svc_wsus", "Mises à jour Windows", false),
    ("svc_sccm", "Télédistribution", true),
    ("svc_glpi", "Inventaire GLPI", false),
    ("svc_ldap_bind", "Lecture annuaire applications", false),
    ("svc_mssante", "Connecteur MSSanté", false),
    ("svc_telephonie", "Téléphonie", false),
    ("svc_biomed", "Supervision biomédicale", false),
    ("svc_supervision", "Supervision", false),
    ("svc_radius", "Authentification VPN", false),
    ("backup_exec", "Ancienne sauvegarde", true),
    ("sa_dpi", "Ancien compte applicatif DPI", false),
    ("interface_labo", "Interface automates laboratoire", false),
    ("interface_pacs", "Interface RIS-PACS", false),
];

const TESTS: &[&str] = &[
    "test",
    "test1",
    "test2",
    "test.dpi",
    "formation1",
    "formation2",
    "formation3",
    "demo",
    "essai.pacs",
    "user.test",
    "test.labo",
    "formation.ide",
];

pub(crate) fn add(w: &mut World, gi: &GroupIndex, rng: &mut Rng, out: &mut Vec<Account>) {
    let as_of = w.params.as_of;
    let epoch = NaiveDate::from_ymd_opt(2007, 9, 12)
        .and_then(|d| d.and_hms_opt(14, 0, 0))
        .unwrap_or_default();
    for (login, enabled, uac_never) in [
        ("Administrator", true, true),
        ("Guest", false, true),
        ("krbtgt", false, false),
    ] {
        let mut a = Account::new(Source::Ad, Kind::Technical, epoch);
        a.login = login.to_string();
        a.enabled = enabled;
        a.pwd_never_expires = uac_never;
        a.expires = Some(Expiry::Max);
        a.ou = format!("CN=Users,{}", super::org::BASE_DN);
        a.description = Some(match login {
            "Administrator" => "Compte d'utilisateur d'administration".to_string(),
            "Guest" => "Compte d'utilisateur invité".to_string(),
            _ => "Compte de service du centre de distribution de clés".to_string(),
        });
        if login == "Administrator" {
            a.groups.push(gi.domain_admins);
            a.last_logon = Some(work_time(as_of - days(rng, 0, 60), rng));
            a.pwd_last_set = Some(work_time(
                NaiveDate::from_ymd_opt(2019, 6, 3).unwrap_or_default(),
                rng,
            ));
        }
        if login == "krbtgt" {
            a.pwd_last_set = Some(epoch);
        }
        out.push(a);
    }
    let replicas = w.org.units.iter().map(|u| u.replica).max().unwrap_or(0) + 1;
    for r in 0..replicas {
        let tag = if r == 0 {
            String::new()
        } else {
            format!(".s{}", r + 1)
        };
        let first_unit = r * (w.org.units.len() / replicas);
        for &(login, kind, code, dpi) in GENERIC {
            let unit = w.org.sibling(first_unit, code);
            let created = work_time(as_of - days(rng, 200, 5000), rng);
            let mut a = Account::new(Source::Ad, kind, created);
            a.login = format!("{login}{tag}");
            a.unit = Some(unit);
            a.last_name = login.to_string();
            a.description = Some(format!(
                "Compte {} {} - ne pas supprimer",
                if kind == Kind::Generic {
                    "générique"
                } else {
                    "partagé"
                },
                w.org.units[unit].label
            ));
            a.enabled = chance(rng, 0.95);
            a.expires = Some(Expiry::Max);
            a.pwd_never_expires = chance(rng, 0.7);
            a.last_logon = Some(
                if chance(rng, 0.85) {
                    work_time(as_of - days(rng, 0, 10), rng)
                } else {
                    work_time(as_of - days(rng, 95, 900), rng)
                }
                .max(created),
            );
            a.pwd_last_set = Some(created + days(rng, 0, 30));
            a.groups.push(gi.service[unit]);
            if dpi {
                a.groups.push(gi.app_dpi);
            }
            a.ou = ou("OU=Generiques");
            out.push(a);
        }
        let tag = if r == 0 {
            String::new()
        } else {
            format!("_s{}", r + 1)
        };
        for &(login, description, interactive) in SERVICES {
            let created = work_time(as_of - days(rng, 300, 5500), rng);
            let mut a = Account::new(Source::Ad, Kind::Service, created);
            a.login = format!("{login}{tag}");
            a.description = Some(format!("Compte de service - {description}"));
            a.enabled = chance(rng, 0.95);
            a.expires = Some(never(rng));
            a.pwd_never_expires = chance(rng, 0.85);
            a.last_logon = Some(
                if chance(rng, 0.8) {
                    work_time(as_of - days(rng, 0, 9), rng)
                } else {
                    work_time(as_of - days(rng, 120, 1500), rng)
                }
                .max(created),
            );
            a.pwd_last_set = Some(created + days(rng, 0, 20));
            if interactive {
                a.groups
                    .push(if chance(rng, 0.5) { gi.tse } else { gi.vpn });
                a.last_logon = Some(work_time(as_of - days(rng, 0, 12), rng).max(created));
                a.enabled = true;
            }
            if login == "svc_sql" {
                a.groups.push(gi.adm_servers);
            }
            a.ou = ou("OU=Comptes de service");
            out.push(a);
        }
    }
    for (i, &login) in TESTS.iter().enumerate() {
        let created = work_time(as_of - days(rng, 40, 3000), rng);
        let mut a = Account::new(Source::Ad, Kind::Test, created);
        a.login = login.to_string();
        a.description = Some(if login.starts_with("formation") {
            "Formation DPI".to_string()
        } else {
            "Compte de test".to_string()
        });
        a.enabled = chance(rng, 0.7);
        a.expires = Some(Expiry::Max);
        a.pwd_never_expires = chance(rng, 0.6);
        a.last_logon = (i % 3 != 0).then(|| work_time(as_of - days(rng, 0, 400), rng).max(created));
        a.pwd_last_set = a.last_logon.map(|_| created);
        if chance(rng, 0.5) {
            a.groups.push(gi.app_dpi);
        }
        a.ou = ou("OU=Tests");
        out.push(a);
    }
    add_computers(w, rng);
}

fn never(rng: &mut Rng) -> Expiry {
    if chance(rng, 0.7) {
        Expiry::Max
    } else {
        Expiry::Zero
    }
}

fn add_computers(w: &mut World, rng: &mut Rng) {
    let as_of = w.params.as_of;
    let count = (w.params.persons / 100).max(5);
    for i in 0..count {
        let unit = &w.org.units[i % w.org.units.len()];
        let server = i % 8 == 0;
        let name = if server {
            format!("SRV-{}-{:02}", unit.pacs.to_uppercase(), i / 8 + 1)
        } else {
            format!("PC-{}-{:03}", unit.pacs.to_uppercase(), i + 1)
        };
        let created: NaiveDateTime = work_time(as_of - days(rng, 100, 3000), rng);
        w.computers.push(Computer {
            name,
            ou: ou(if server { "OU=Serveurs" } else { "OU=Postes" }),
            server,
            created,
            last_logon: work_time(as_of - days(rng, 0, 14), rng).max(created),
        });
    }
}

/// Members nobody expects in privileged groups: a service account, a
/// generic account, daily accounts of IT and care staff.
pub(crate) fn plant_privileged(w: &World, gi: &GroupIndex, rng: &mut Rng, accts: &mut [Account]) {
    let as_of: NaiveDateTime = w.as_of_time();
    let family = |a: &Account| {
        a.owner
            .map(|o| PROFESSIONS[w.humans[w.records[o].human].profession].family)
    };
    let active = |a: &Account| {
        a.owner
            .is_some_and(|o| w.records[o].status == Status::Active)
    };
    let find = |accts: &[Account], pred: &dyn Fn(&Account) -> bool| accts.iter().position(pred);
    let plant = |accts: &mut [Account], i: Option<usize>, g: usize| {
        if let Some(i) = i {
            if !accts[i].groups.contains(&g) {
                accts[i].groups.push(g);
            }
        }
    };
    let backup = find(accts, &|a| a.login == "svc_backup");
    plant(accts, backup, gi.domain_admins);
    let it_daily = find(accts, &|a| {
        a.kind == Kind::Nominative
            && family(a) == Some(Family::ItStaff)
            && active(a)
            && a.usable(as_of)
    });
    plant(accts, it_daily, gi.domain_admins);
    let secretary = find(accts, &|a| {
        a.kind == Kind::Nominative
            && family(a) == Some(Family::MedicalSecretary)
            && active(a)
            && a.usable(as_of)
    });
    plant(accts, secretary, gi.adm_dpi);
    let radiologist = find(accts, &|a| {
        a.kind == Kind::Nominative
            && family(a) == Some(Family::Physician)
            && a.owner
                .is_some_and(|o| w.org.units[w.records[o].unit].kind == UnitKind::Imaging)
            && a.usable(as_of)
    });
    plant(accts, radiologist, gi.adm_pacs);
    let generic = find(accts, &|a| a.login == "cadre.garde");
    plant(accts, generic, gi.adm_workstations);
    // A few more, proportionate to the estate.
    let extra = w.params.persons / 400;
    let candidates: Vec<usize> = (0..accts.len())
        .filter(|&i| accts[i].kind == Kind::Nominative && accts[i].owner.is_some())
        .collect();
    let targets = [gi.adm_workstations, gi.adm_servers, gi.adm_dpi];
    for _ in 0..extra {
        if candidates.is_empty() {
            break;
        }
        let i = candidates[rng.random_range(0..candidates.len())];
        let g = targets[rng.random_range(0..targets.len())];
        plant(accts, Some(i), g);
    }
}
