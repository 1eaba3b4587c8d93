//! The ground truth: every anomaly family computed by an explicit rule over
//! the generated estate (true owners, true identities, what each file
//! says), so that accidental cases are counted as well as planted ones and
//! the truth never disagrees with the files. The rules and their French
//! definitions are in [`FAMILIES`]; the JSON layout is in `truth_json`.

use super::apps::{allowed_dpi, DPI_ADMIN, DPI_NEUTRAL, PRESCRIBER};
use super::apps_pacs_labo::{LABO_ADMIN, PACS_ADMIN};
use super::names::login_part;
use super::org::{UnitKind, PROFESSIONS};
use super::world::{Account, Expiry, Kind, Source, Status, World};
use crate::text::national_identifier_core;
use chrono::Duration;
use std::collections::{BTreeMap, BTreeSet};

/// What a family's subjects are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    Person,
    Account,
    PersonOrAccount,
    Group,
}

impl Subject {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Subject::Person => "person",
            Subject::Account => "account",
            Subject::PersonOrAccount => "person-or-account",
            Subject::Group => "group",
        }
    }
}

/// Days without logon after which an account is stale.
pub(crate) const STALE_DAYS: i64 = 90;
/// Days after creation after which a never-used account is flagged.
pub(crate) const NEVER_USED_DAYS: i64 = 30;
/// A service account logged on within these days is « in use ».
pub(crate) const SERVICE_RECENT_DAYS: i64 = 30;

/// Every family: id, subjects, axis (1–5, domain.md §8), French definition.
#[rustfmt::skip]
pub(crate) const FAMILIES: &[(&str, Subject, u8, &str)] = &[
    ("hr-duplicate", Subject::Person, 1, "La même personne figure deux fois dans l'export RH sous deux matricules (les deux lignes sont listées)."),
    ("homonym", Subject::Person, 1, "Deux personnes différentes portent un même nom (de naissance ou d'usage) et le même prénom usuel, après normalisation : un compte qui ne porte que le nom et le prénom ne les distingue pas."),
    ("usage-name", Subject::Person, 1, "Le nom d'usage diffère du nom de naissance (les systèmes n'utilisent pas tous le même)."),
    ("missing-birth-date", Subject::Person, 1, "Date de naissance absente de l'export RH."),
    ("rpps-missing", Subject::Person, 1, "Agent non sorti dont la profession est enregistrée par un Ordre ou l'ARS, sans RPPS dans l'export RH."),
    ("rpps-invalid-key", Subject::PersonOrAccount, 1, "Identifiant à 11 chiffres dont la clé de Luhn est fausse (RH, attribut AD ou DPI)."),
    ("rpps-other-person", Subject::PersonOrAccount, 1, "RPPS valide mais appartenant à une autre personne de l'extraction nationale."),
    ("rpps-unknown", Subject::PersonOrAccount, 1, "RPPS valide (clé juste) mais absent de l'extraction nationale."),
    ("adeli-identifier", Subject::PersonOrAccount, 1, "Numéro ADELI (9 chiffres, ou 0 + ADELI) encore utilisé à la place du RPPS."),
    ("rpps-no-local-activity", Subject::Person, 1, "Agent actif dont le RPPS (écrit dans l'export RH) n'a aucune activité au FINESS de l'établissement ou de ses sites."),
    ("rpps-missing-in-dpi", Subject::Account, 1, "Compte DPI actif d'un professionnel enregistré par un Ordre ou l'ARS, sans RPPS dans le DPI (objectif HOP'EN 2 1.1)."),
    ("fragmented-identity", Subject::Account, 1, "Compte d'une personne connue des RH qui ne porte aucune clé commune avec elle (ni matricule, ni son RPPS) : seul le nom permet le rapprochement."),
    ("name-variant", Subject::Account, 1, "Nom ou prénom écrit autrement qu'aux RH (accents, tirets, apostrophes, particules, ligatures, initiale), hors simple casse."),
    ("name-typo", Subject::Account, 1, "Nom de famille saisi avec une faute d'une lettre."),
    ("orphan-account", Subject::Account, 1, "Compte nominatif actif dont la personne est absente de l'export RH (ancien agent purgé, prestataire, médecin extérieur, étudiant, ancien interne)."),
    ("departed-enabled", Subject::Account, 1, "Compte actif d'une personne sortie selon les RH."),
    ("contract-ended-enabled", Subject::Account, 1, "Compte actif d'une personne en contrat temporaire dont la date de fin est passée."),
    ("temporary-no-expiry", Subject::Account, 1, "Compte AD actif d'une personne en contrat temporaire, sans date d'expiration (accountExpires 0 ou jamais)."),
    ("duplicate-account", Subject::Account, 1, "La même personne a plusieurs comptes nominatifs actifs dans le même système."),
    ("stale-account", Subject::Account, 2, "Compte actif sans connexion depuis plus de 90 jours (et créé il y a plus de 90 jours)."),
    ("never-used", Subject::Account, 2, "Compte actif créé il y a plus de 30 jours et jamais utilisé."),
    ("generic-account", Subject::Account, 2, "Compte actif générique (lieu, fonction) ou partagé (rôle utilisé par plusieurs personnes)."),
    ("generic-health-access", Subject::Account, 2, "Compte générique ou partagé actif donnant accès à des données de santé (compte applicatif DPI/PACS/SIL, ou groupe AD d'accès à une telle application)."),
    ("service-interactive", Subject::Account, 2, "Compte de service actif membre d'un groupe de connexion interactive ou distante (TSE, VPN, Bureau à distance) et utilisé depuis moins de 30 jours."),
    ("test-account", Subject::Account, 2, "Compte de test ou de formation actif."),
    ("privileged-unexpected", Subject::Account, 2, "Compte actif à privilèges (groupe AD privilégié, y compris par imbrication ; profil administrateur DPI, PACS ou SIL) qui n'est ni un compte _adm d'un agent actif de la DSI, ni le compte Administrator intégré, ni (dans les applications) le compte d'un agent actif de la DSI."),
    ("privileged-no-smartcard", Subject::Account, 4, "Compte AD actif membre (directement ou non) d'un groupe privilégié, sans carte à puce obligatoire."),
    ("password-never-expires", Subject::Account, 4, "Compte AD actif (hors comptes de service et intégrés) dont le mot de passe n'expire jamais."),
    ("profile-profession-mismatch", Subject::Account, 2, "Compte DPI actif portant un profil que la profession RH du titulaire n'autorise pas (matrice dans ground-truth.json)."),
    ("stale-unit-rights", Subject::Account, 2, "Compte actif d'un agent ayant changé d'UF qui garde des droits sur l'ancienne (ligne DPI de l'ancienne UF, groupe AD de l'ancien service)."),
    ("toxic-combination", Subject::Account, 2, "Compte DPI actif cumulant « Administrateur DPI » et « Médecin prescripteur »."),
    ("group-nesting-cycle", Subject::Group, 2, "Groupes AD imbriqués en cycle."),
];

/// The computed truth.
pub(crate) struct Truth {
    /// Family → sorted subject ids.
    pub families: BTreeMap<&'static str, BTreeSet<String>>,
    /// Pair families (hr-duplicate, homonym) → pairs of person ids.
    pub pairs: BTreeMap<&'static str, BTreeSet<(String, String)>>,
    pub person_ids: Vec<String>,
    pub account_ids: Vec<String>,
    pub group_ids: Vec<String>,
    /// Per account: usable at as-of.
    pub usable: Vec<bool>,
    /// Per account: holds privileged access.
    pub privileged: Vec<bool>,
    /// Shares quoted in the README.
    pub orphan_share: f64,
    pub fragmentation_share: f64,
    pub homonym_duplicate_share: f64,
}

impl Truth {
    pub(crate) fn add(&mut self, family: &'static str, id: &str) {
        self.families
            .entry(family)
            .or_default()
            .insert(id.to_string());
    }

    /// Families of one subject, sorted.
    pub(crate) fn of(&self, id: &str) -> Vec<&'static str> {
        self.families
            .iter()
            .filter(|(_, s)| s.contains(id))
            .map(|(f, _)| *f)
            .collect()
    }
}

/// Ancestor groups (the group itself included) of each group, cycle-safe.
pub(crate) fn group_closure(w: &World) -> Vec<Vec<usize>> {
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); w.groups.len()];
    for (g, group) in w.groups.iter().enumerate() {
        for &c in &group.member_groups {
            parents[c].push(g);
        }
    }
    (0..w.groups.len())
        .map(|g| {
            let mut seen = vec![false; w.groups.len()];
            let mut stack = vec![g];
            let mut out = Vec::new();
            while let Some(x) = stack.pop() {
                if !std::mem::replace(&mut seen[x], true) {
                    out.push(x);
                    stack.extend(parents[x].iter().copied());
                }
            }
            out.sort_unstable();
            out
        })
        .collect()
}

pub(crate) fn compute(w: &World) -> Truth {
    let as_of = w.as_of_time();
    let mut t = Truth {
        families: FAMILIES.iter().map(|f| (f.0, BTreeSet::new())).collect(),
        pairs: BTreeMap::new(),
        person_ids: w
            .records
            .iter()
            .map(|r| format!("rh:{}", r.matricule))
            .collect(),
        account_ids: w.accounts.iter().map(Account::id).collect(),
        group_ids: (0..w.groups.len())
            .map(|g| format!("ad:{}", w.group_dn(g).to_lowercase()))
            .collect(),
        usable: w.accounts.iter().map(|a| a.usable(as_of)).collect(),
        privileged: Vec::new(),
        orphan_share: 0.0,
        fragmentation_share: 0.0,
        homonym_duplicate_share: 0.0,
    };
    persons(w, &mut t);
    super::truth_ids::identifiers(w, &mut t);
    accounts(w, &mut t);
    groups(w, &mut t);
    let usable = t.usable.iter().filter(|u| **u).count().max(1);
    let orphans: BTreeSet<&String> = t.families["orphan-account"]
        .iter()
        .chain(&t.families["departed-enabled"])
        .collect();
    t.orphan_share = orphans.len() as f64 / usable as f64;
    let owned = w
        .accounts
        .iter()
        .filter(|a| a.owner.is_some())
        .count()
        .max(1);
    t.fragmentation_share = t.families["fragmented-identity"].len() as f64 / owned as f64;
    let hd: BTreeSet<&String> = t.families["homonym"]
        .iter()
        .chain(&t.families["hr-duplicate"])
        .collect();
    t.homonym_duplicate_share = hd.len() as f64 / w.records.len().max(1) as f64;
    t
}

fn persons(w: &World, t: &mut Truth) {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in w.records.iter().enumerate() {
        let id = t.person_ids[i].clone();
        if let Some(d) = r.duplicate_of {
            let other = t.person_ids[d].clone();
            t.add("hr-duplicate", &id);
            t.add("hr-duplicate", &other);
            let pair = if other < id {
                (other, id.clone())
            } else {
                (id.clone(), other)
            };
            t.pairs.entry("hr-duplicate").or_default().insert(pair);
        }
        // Other systems show one last name (birth or usage) and the usual
        // first name: two persons who share them are told apart by nothing
        // else in an account.
        let usual = r.first_names.split_whitespace().next().unwrap_or("");
        let mut keys = BTreeSet::new();
        for last in [&r.birth_name, &r.usage_name] {
            if !last.is_empty() {
                keys.insert(format!("{}|{}", login_part(last), login_part(usual)));
            }
        }
        for k in keys {
            by_name.entry(k).or_default().push(i);
        }
        if !r.usage_name.is_empty() && login_part(&r.usage_name) != login_part(&r.birth_name) {
            t.add("usage-name", &id);
        }
        if r.birth_date.is_none() {
            t.add("missing-birth-date", &id);
        }
        if r.status != Status::Departed
            && PROFESSIONS[w.humans[r.human].profession].rpps_registered()
            && r.rpps.is_empty()
        {
            t.add("rpps-missing", &id);
        }
    }
    for rows in by_name.values() {
        for (k, &a) in rows.iter().enumerate() {
            for &b in &rows[k + 1..] {
                if w.records[a].human != w.records[b].human {
                    let (x, y) = (t.person_ids[a].clone(), t.person_ids[b].clone());
                    t.add("homonym", &x);
                    t.add("homonym", &y);
                    t.pairs.entry("homonym").or_default().insert(if x < y {
                        (x, y)
                    } else {
                        (y, x)
                    });
                }
            }
        }
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Name written differently from HR in a way normalisation resolves.
fn name_variant(w: &World, a: &Account, owner: usize) -> bool {
    let r = &w.records[owner];
    let h = &w.humans[r.human];
    let lasts = [r.birth_name.as_str(), r.usage_name.as_str()];
    let last_variant = !a.typo
        && !lasts.iter().any(|l| same_text(l, &a.last_name))
        && lasts
            .iter()
            .any(|l| !l.is_empty() && login_part(l) == login_part(&a.last_name));
    let given = h.given_name();
    let firsts = [r.first_names.as_str(), given];
    let first_variant = !firsts.iter().any(|f| same_text(f, &a.first_name))
        && (firsts
            .iter()
            .any(|f| login_part(f) == login_part(&a.first_name))
            || a.first_name == super::names::initial(given));
    last_variant || first_variant
}

fn accounts(w: &World, t: &mut Truth) {
    let as_of = w.as_of_time();
    let closure = group_closure(w);
    let flag = |pred: &dyn Fn(usize) -> bool| -> Vec<bool> {
        closure.iter().map(|c| c.iter().any(|&g| pred(g))).collect()
    };
    let privileged_group = flag(&|g| w.groups[g].privileged);
    let interactive_group = flag(&|g| w.groups[g].interactive);
    let health_group = flag(&|g| w.groups[g].health_app.is_some());
    let mut per_owner: BTreeMap<(Source, usize), Vec<usize>> = BTreeMap::new();
    for (i, a) in w.accounts.iter().enumerate() {
        let id = t.account_ids[i].clone();
        let usable = t.usable[i];
        let in_groups = |f: &[bool]| a.groups.iter().any(|&g| f[g]);
        let profiles: Vec<&str> = a
            .rows
            .iter()
            .flat_map(|r| r.profiles.iter().copied())
            .collect();
        let privileged = match a.source {
            Source::Ad => in_groups(&privileged_group),
            Source::Dpi => profiles.contains(&DPI_ADMIN),
            Source::Pacs => profiles.contains(&PACS_ADMIN),
            Source::Labo => profiles.contains(&LABO_ADMIN),
        };
        t.privileged.push(privileged);
        let owner = a.owner.map(|o| &w.records[o]);
        let owner_it_active = owner.is_some_and(|r| {
            r.status == Status::Active && w.org.units[r.unit].kind == UnitKind::It
        });
        if let Some(r) = owner.filter(|_| matches!(a.kind, Kind::Nominative | Kind::Admin)) {
            let h = &w.humans[r.human];
            let norm = |s: &str| s.trim_start_matches('0').to_string();
            let by_matricule = a
                .employee_id
                .as_deref()
                .is_some_and(|e| norm(e) == norm(&r.matricule));
            let by_rpps = a
                .rpps
                .as_deref()
                .and_then(national_identifier_core)
                .is_some_and(|c| h.rpps.as_deref() == Some(c.as_str()));
            if !by_matricule && !by_rpps {
                t.add("fragmented-identity", &id);
            }
            if a.kind == Kind::Nominative {
                if a.typo {
                    t.add("name-typo", &id);
                }
                if a.owner.is_some_and(|o| name_variant(w, a, o)) {
                    t.add("name-variant", &id);
                }
            }
        }
        if !usable {
            continue;
        }
        if let (Some(o), Kind::Nominative) = (a.owner, a.kind) {
            per_owner.entry((a.source, o)).or_default().push(i);
        }
        if a.kind == Kind::Nominative && a.owner.is_none() {
            t.add("orphan-account", &id);
        }
        if let Some(r) = owner {
            if r.status == Status::Departed {
                t.add("departed-enabled", &id);
            }
            if r.contract.is_temporary() && r.end.is_some_and(|e| e < w.params.as_of) {
                t.add("contract-ended-enabled", &id);
            }
            let never = matches!(a.expires, Some(Expiry::Zero | Expiry::Max));
            if a.source == Source::Ad
                && r.contract.is_temporary()
                && never
                && matches!(a.kind, Kind::Nominative | Kind::Admin)
            {
                t.add("temporary-no-expiry", &id);
            }
            if a.stale_unit.is_some() {
                t.add("stale-unit-rights", &id);
            }
            if a.source == Source::Dpi {
                let code = PROFESSIONS[w.humans[r.human].profession].code;
                let allowed = allowed_dpi(code);
                if profiles
                    .iter()
                    .any(|p| !allowed.contains(p) && !DPI_NEUTRAL.contains(p))
                {
                    t.add("profile-profession-mismatch", &id);
                }
                if PROFESSIONS[w.humans[r.human].profession].rpps_registered() && a.rpps.is_none() {
                    t.add("rpps-missing-in-dpi", &id);
                }
            }
        }
        let old = |d: i64| a.created < as_of - Duration::days(d);
        match a.last_logon {
            Some(l) if old(STALE_DAYS) && l < as_of - Duration::days(STALE_DAYS) => {
                t.add("stale-account", &id)
            }
            None if old(NEVER_USED_DAYS) => t.add("never-used", &id),
            _ => {}
        }
        let generic = matches!(a.kind, Kind::Generic | Kind::Shared);
        if generic {
            t.add("generic-account", &id);
            if a.source != Source::Ad || in_groups(&health_group) {
                t.add("generic-health-access", &id);
            }
        }
        if a.kind == Kind::Service
            && a.source == Source::Ad
            && in_groups(&interactive_group)
            && a.last_logon
                .is_some_and(|l| l >= as_of - Duration::days(SERVICE_RECENT_DAYS))
        {
            t.add("service-interactive", &id);
        }
        if a.kind == Kind::Test {
            t.add("test-account", &id);
        }
        if privileged {
            let expected = match a.source {
                Source::Ad => {
                    (a.kind == Kind::Admin && owner_it_active)
                        || (a.kind == Kind::Technical && a.login == "Administrator")
                }
                _ => a.kind == Kind::Nominative && owner_it_active,
            };
            if !expected {
                t.add("privileged-unexpected", &id);
            }
            if a.source == Source::Ad && !a.smartcard {
                t.add("privileged-no-smartcard", &id);
            }
        }
        if a.source == Source::Ad
            && a.pwd_never_expires
            && !matches!(a.kind, Kind::Service | Kind::Technical)
        {
            t.add("password-never-expires", &id);
        }
        if a.source == Source::Dpi
            && profiles.contains(&DPI_ADMIN)
            && profiles.contains(&PRESCRIBER)
        {
            t.add("toxic-combination", &id);
        }
    }
    for list in per_owner.values().filter(|l| l.len() > 1) {
        for &i in list {
            let id = t.account_ids[i].clone();
            t.add("duplicate-account", &id);
        }
    }
}

fn groups(w: &World, t: &mut Truth) {
    let mut g = petgraph::graph::DiGraph::<usize, ()>::new();
    let nodes: Vec<_> = (0..w.groups.len()).map(|i| g.add_node(i)).collect();
    for (i, group) in w.groups.iter().enumerate() {
        for &c in &group.member_groups {
            g.add_edge(nodes[i], nodes[c], ());
        }
    }
    for scc in petgraph::algo::tarjan_scc(&g) {
        let cyclic = scc.len() > 1 || scc.iter().any(|&n| g.contains_edge(n, n));
        if cyclic {
            for n in scc {
                let id = t.group_ids[g[n]].clone();
                t.add("group-nesting-cycle", &id);
            }
        }
    }
}
