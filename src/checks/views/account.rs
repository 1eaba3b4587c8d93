//! `account.*`: an account (directory or application) as conditions see it.

use super::{date, step, strings, ApplicationView, Field, PersonView};
use crate::checks::facts::Facts;
use minijinja::value::Value;
use std::sync::Arc;

#[derive(Debug)]
pub struct AccountView {
    pub facts: Arc<Facts>,
    pub index: u32,
}

impl AccountView {
    fn a(&self) -> &crate::model::Account {
        &self.facts.snapshot.accounts[self.index as usize]
    }
    fn outcome(&self) -> Option<&crate::reconcile::AccountOutcome> {
        self.facts.outcome[self.index as usize]
            .map(|k| &self.facts.reconciliation.accounts[k as usize])
    }
    fn r(&self) -> &crate::checks::facts::AccountRights {
        &self.facts.rights[self.index as usize]
    }
    fn holder(&self) -> Option<&crate::model::Person> {
        self.facts.holder[self.index as usize].map(|p| &self.facts.snapshot.persons[p as usize])
    }
    /// `personne → compte`, the person marked when only proposed.
    fn person_path(&self, p: Option<u32>) -> Value {
        let Some(i) = p else {
            return Value::from(());
        };
        let person = &self.facts.snapshot.persons[i as usize];
        let proposed = if self.facts.owner[self.index as usize] == Some(i) {
            ""
        } else {
            ", proposée"
        };
        Value::from(vec![
            step(
                "personne",
                &format!("{} ({}{proposed})", person.display_name(), person.id),
            ),
            self.me(),
        ])
    }
    /// The first proof step: the account itself.
    fn me(&self) -> Value {
        step(
            "compte",
            &format!("{} ({})", self.a().login, self.a().source),
        )
    }
    /// Account → groups… → `group`.
    fn group_path(&self, group: Option<&Arc<str>>) -> Value {
        let Some(group) = group else {
            return Value::from(());
        };
        let mut steps = vec![self.me()];
        match self.r().path_to(group) {
            Some(chain) => steps.extend(chain.iter().map(|g| step("groupe", g))),
            None => steps.push(step("profil", group)),
        }
        Value::from(steps)
    }
    /// Units the rights are scoped to, other than the holder's own and the
    /// shared ones (`policy.shared_units`).
    fn foreign_units(&self) -> Vec<&crate::checks::facts::UnitRight> {
        let Some(own) = self.holder().and_then(|p| p.unit_code.as_deref()) else {
            return Vec::new();
        };
        let own = own.trim();
        let shared = &self.facts.shared_units;
        self.r()
            .units
            .iter()
            .filter(|u| &*u.unit != own && !shared.iter().any(|s| s == &*u.unit))
            .collect()
    }
    /// Other usable nominative accounts of the same holder in the same
    /// source (dedicated admin accounts apart).
    fn same_owner(&self) -> Vec<u32> {
        let f = &self.facts;
        let Some(p) = f.holder[self.index as usize] else {
            return Vec::new();
        };
        let me = self.a();
        f.held_by[p as usize]
            .iter()
            .copied()
            .filter(|&o| o != self.index)
            .filter(|&o| {
                let other = &f.snapshot.accounts[o as usize];
                other.source == me.source && f.usable(o) && !f.rights[o as usize].admin_login
            })
            .collect()
    }
}

pub const ACCOUNT_FIELDS: &[Field<AccountView>] = &[
    Field { name: "id", kind: "texte", help: "identifiant stable « source:identifiant »", get: |v| Value::from(v.a().id.as_str()) },
    Field { name: "login", kind: "texte", help: "identifiant de connexion tel qu'écrit par le système", get: |v| Value::from(v.a().login.as_str()) },
    Field { name: "display_name", kind: "texte ou rien", help: "nom affiché", get: |v| Value::from(v.a().display_name.as_deref()) },
    Field { name: "description", kind: "texte ou rien", help: "description ou commentaire du compte", get: |v| Value::from(v.a().description.as_deref()) },
    Field { name: "source", kind: "texte", help: "source déclarée dans vigie.toml", get: |v| Value::from(v.a().source.as_str()) },
    Field { name: "directory", kind: "booléen", help: "compte d'annuaire (Active Directory) plutôt qu'applicatif", get: |v| Value::from(v.a().directory.is_some()) },
    Field { name: "application", kind: "application ou rien", help: "l'application du compte dans l'inventaire (voir application.*)", get: |v| match v.facts.application[v.index as usize] {
        Some(i) => Value::from_object(ApplicationView { facts: v.facts.clone(), index: i }),
        None => Value::from(()),
    } },
    Field { name: "application_id", kind: "texte ou rien", help: "identifiant de l'application dans l'inventaire", get: |v| Value::from(v.a().application.as_deref()) },
    Field { name: "dpi", kind: "booléen", help: "compte du DPI (application reconnue par policy.dpi_applications)", get: |v| Value::from(v.facts.application[v.index as usize].is_some_and(|i| v.facts.app_is_dpi[i as usize])) },
    Field { name: "enabled", kind: "booléen ou rien", help: "compte actif (rien si la source ne le dit pas)", get: |v| Value::from(v.a().enabled) },
    Field { name: "usable", kind: "booléen", help: "actif et non expiré à la date de référence", get: |v| Value::from(v.facts.usable(v.index)) },
    Field { name: "expires", kind: "date ou rien", help: "date d'expiration (rien : jamais)", get: |v| date(v.a().expires.map(|d| d.date())) },
    Field { name: "never_expires", kind: "booléen", help: "aucune date d'expiration", get: |v| Value::from(v.a().expires.is_none()) },
    Field { name: "password_never_expires", kind: "booléen ou rien", help: "mot de passe sans expiration", get: |v| Value::from(v.a().password_never_expires) },
    Field { name: "smartcard_required", kind: "booléen ou rien", help: "carte à puce exigée à l'ouverture de session", get: |v| Value::from(v.a().smartcard_required) },
    Field { name: "last_logon", kind: "date ou rien", help: "dernière connexion", get: |v| date(v.a().last_logon.map(|d| d.date())) },
    Field { name: "days_since_last_logon", kind: "entier ou rien", help: "jours depuis la dernière connexion (rien : jamais connecté)", get: |v| Value::from(v.a().last_logon.map(|d| v.facts.days_since(d.date()))) },
    Field { name: "never_logged_on", kind: "booléen", help: "aucune connexion connue (si la source exporte les connexions)", get: |v| Value::from(v.a().last_logon.is_none()) },
    Field { name: "created", kind: "date ou rien", help: "date de création", get: |v| date(v.a().created.map(|d| d.date())) },
    Field { name: "days_since_created", kind: "entier ou rien", help: "jours depuis la création", get: |v| Value::from(v.a().created.map(|d| v.facts.days_since(d.date()))) },
    Field { name: "unit", kind: "texte ou rien", help: "service ou UF du compte", get: |v| Value::from(v.a().unit.as_deref()) },
    Field { name: "rpps", kind: "texte ou rien", help: "identifiant national (RPPS) porté par le compte", get: |v| Value::from(v.a().rpps.as_deref().filter(|s| !s.trim().is_empty())) },
    Field { name: "groups", kind: "liste de textes", help: "groupes d'annuaire, directs et par imbrication", get: |v| strings(&v.r().groups) },
    Field { name: "profiles", kind: "liste de textes", help: "profils applicatifs", get: |v| strings(&v.r().profiles) },
    Field { name: "link_status", kind: "texte", help: "rapprochement : linked, candidate, unmatched, conflict, non-nominative", get: |v| Value::from(v.outcome().map(|o| o.status.as_str())) },
    Field { name: "link_method", kind: "texte ou rien", help: "méthode du rapprochement (R1…R5, score, manual, pattern)", get: |v| Value::from(v.outcome().and_then(|o| o.method).map(|m| m.as_str())) },
    Field { name: "non_nominative", kind: "texte ou rien", help: "service, generic, technical, test ou declared (policies/reconciliation.toml)", get: |v| Value::from(v.outcome().and_then(|o| o.non_nominative).map(|k| k.as_str())) },
    Field { name: "admin_login", kind: "booléen", help: "l'identifiant suit la convention des comptes d'administration dédiés (policy.admin_account_logins)", get: |v| Value::from(v.r().admin_login) },
    Field { name: "privileged", kind: "booléen", help: "membre d'un groupe ou titulaire d'un profil à privilèges (policy.privileged_groups, policy.privileged_profiles)", get: |v| Value::from(!v.r().privileged.is_empty()) },
    Field { name: "privileged_groups", kind: "liste de textes", help: "les groupes et profils qui donnent ces privilèges", get: |v| strings(&v.r().privileged) },
    Field { name: "privileged_allowed", kind: "booléen", help: "compte habilité aux privilèges : administrateur intégré, ou compte d'administration dédié d'un agent d'une UF informatique (policy.it_units)", get: |v| Value::from(v.r().privileged_allowed) },
    Field { name: "privileged_path", kind: "chemin", help: "compte → groupes → premier groupe (ou profil) à privilèges", get: |v| v.group_path(v.r().privileged.first()) },
    Field { name: "health_access", kind: "booléen", help: "ouvre une application qui contient des données de santé (inventaire), directement ou par un groupe d'accès à son nom", get: |v| Value::from(!v.r().health.is_empty()) },
    Field { name: "health_applications", kind: "liste de textes", help: "les applications de santé atteintes", get: |v| strings(&v.r().health) },
    Field { name: "health_path", kind: "chemin", help: "compte → groupes → groupe d'accès à une application de santé (ou l'application du compte)", get: |v| {
        let r = v.r();
        match r.paths.iter().find(|(g, _)| r.health.iter().any(|h| g.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|t| t == &**h))) {
            Some((g, _)) => v.group_path(Some(g)),
            None => Value::from(vec![v.me(), step("application", v.a().application.as_deref().unwrap_or("?"))]),
        }
    } },
    Field { name: "interactive", kind: "booléen", help: "membre d'un groupe de connexion interactive ou distante (policy.interactive_groups)", get: |v| Value::from(!v.r().interactive.is_empty()) },
    Field { name: "interactive_groups", kind: "liste de textes", help: "ces groupes de connexion", get: |v| strings(&v.r().interactive) },
    Field { name: "interactive_path", kind: "chemin", help: "compte → groupes → groupe de connexion interactive", get: |v| v.group_path(v.r().interactive.first()) },
    Field { name: "units", kind: "liste de textes", help: "UF sur lesquelles portent les droits (périmètre des profils, groupes de service selon policy.unit_groups)", get: |v| Value::from(v.r().units.iter().map(|u| Value::from(u.unit.clone())).collect::<Vec<_>>()) },
    Field { name: "foreign_units", kind: "liste de textes", help: "UF des droits autres que l'UF RH du titulaire (rattaché ou probable) et les UF partagées (policy.shared_units) : droits restés après une mutation ; une UF écrite par son libellé RH compte pour son code", get: |v| Value::from(v.foreign_units().iter().map(|u| Value::from(u.unit.clone())).collect::<Vec<_>>()) },
    Field { name: "foreign_unit_path", kind: "chemin", help: "compte → groupe ou profil → UF hors de l'affectation", get: |v| match v.foreign_units().first() {
        Some(u) => {
            let mut steps = match (u.via_kind, v.r().path_to(&u.via)) {
                ("groupe", Some(chain)) => std::iter::once(v.me()).chain(chain.iter().map(|g| step("groupe", g))).collect::<Vec<_>>(),
                _ => vec![v.me(), step(u.via_kind, &u.via)],
            };
            steps.push(step("UF", &u.unit));
            Value::from(steps)
        }
        None => Value::from(()),
    } },
    Field { name: "matrix_checked", kind: "booléen", help: "la matrice d'habilitation (policy.profile_matrix) couvre l'application et la profession du titulaire (rattaché ou probable)", get: |v| Value::from(v.r().matrix_checked) },
    Field { name: "profiles_not_allowed", kind: "liste de textes", help: "profils que la matrice n'autorise pas pour la profession du titulaire", get: |v| strings(&v.r().profiles_not_allowed) },
    Field { name: "toxic_combinations", kind: "liste de textes", help: "combinaisons toxiques détenues (policy.toxic_combinations)", get: |v| strings(&v.r().toxic) },
    Field { name: "same_owner_accounts", kind: "liste de textes", help: "autres comptes utilisables du même titulaire (rattaché ou probable) dans la même source (comptes d'administration dédiés exceptés)", get: |v| Value::from(v.same_owner().into_iter().map(|o| Value::from(v.facts.snapshot.accounts[o as usize].login.as_str())).collect::<Vec<_>>()) },
    Field { name: "owner_path", kind: "chemin", help: "personne (RH) → compte", get: |v| v.person_path(v.facts.owner[v.index as usize]) },
    Field { name: "identity_issues", kind: "liste de textes", help: "anomalies d'identifiant national portées par le compte (invalid-identifier, adeli-in-use, name-mismatch…)", get: |v| super::issues(&v.facts, &v.a().id) },
    Field { name: "owner", kind: "personne ou rien", help: "la personne rattachée (voir person.*)", get: |v| match v.facts.owner[v.index as usize] {
        Some(p) => Value::from_object(PersonView { facts: v.facts.clone(), index: p }),
        None => Value::from(()),
    } },
    Field { name: "probable_owner", kind: "personne ou rien", help: "compte laissé à une décision humaine (link_status « candidate ») : la personne que le rapprochement propose devant toutes les autres, titulaire probable mais non confirmé, sauf si le compte le contredit (RPPS différent, profils qu'interdit à sa profession la matrice d'habilitation) (voir person.*)", get: |v| match v.facts.probable_owner[v.index as usize] {
        Some(p) => Value::from_object(PersonView { facts: v.facts.clone(), index: p }),
        None => Value::from(()),
    } },
    Field { name: "probable_owner_path", kind: "chemin", help: "personne proposée (RH) → compte", get: |v| v.person_path(v.facts.probable_owner[v.index as usize]) },
    Field { name: "holder", kind: "personne ou rien", help: "la personne dont le compte porte les droits : le titulaire rattaché, sinon le titulaire probable (voir person.*)", get: |v| match v.facts.holder[v.index as usize] {
        Some(p) => Value::from_object(PersonView { facts: v.facts.clone(), index: p }),
        None => Value::from(()),
    } },
    Field { name: "holder_confirmed", kind: "booléen", help: "le titulaire est rattaché (et non seulement probable)", get: |v| Value::from(v.facts.owner[v.index as usize].is_some()) },
    Field { name: "holder_path", kind: "chemin", help: "personne (rattachée ou proposée) → compte", get: |v| v.person_path(v.facts.holder[v.index as usize]) },
];

super::view_object!(AccountView, ACCOUNT_FIELDS, |v| v.a().login);
