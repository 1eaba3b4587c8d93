//! `application.*` (and `account.application.*`): an application of the
//! inventory as conditions see it.

use super::Field;
use crate::checks::facts::Facts;
use minijinja::value::Value;
use std::sync::Arc;

#[derive(Debug)]
pub struct ApplicationView {
    pub facts: Arc<Facts>,
    pub index: u32,
}

impl ApplicationView {
    fn a(&self) -> &crate::model::Application {
        &self.facts.snapshot.applications[self.index as usize]
    }
    fn accounts(&self) -> &[u32] {
        &self.facts.app_accounts[self.index as usize]
    }
}

pub const APPLICATION_FIELDS: &[Field<ApplicationView>] = &[
    Field { name: "id", kind: "texte", help: "identifiant dans l'inventaire", get: |v| Value::from(v.a().id.as_str()) },
    Field { name: "name", kind: "texte", help: "nom de l'application", get: |v| Value::from(v.a().name.as_str()) },
    Field { name: "category", kind: "texte ou rien", help: "catégorie (inventaire)", get: |v| Value::from(v.a().category.as_deref()) },
    Field { name: "criticality", kind: "texte ou rien", help: "criticité ou priorité SSO telle qu'écrite dans l'inventaire (CRITIQUE, ÉLEVÉ, MOYEN, OK…)", get: |v| Value::from(v.a().criticality.as_deref()) },
    Field { name: "auth_mode", kind: "texte ou rien", help: "authentification actuelle", get: |v| Value::from(v.a().auth_mode.as_deref()) },
    Field { name: "local_password", kind: "booléen", help: "l'authentification actuelle est un identifiant et un mot de passe locaux (policy.local_password_auth)", get: |v| Value::from(v.facts.app_local_password[v.index as usize]) },
    Field { name: "sso", kind: "booléen ou rien", help: "déjà raccordée à l'authentification unique", get: |v| Value::from(v.a().sso) },
    Field { name: "oidc_possible", kind: "booléen ou rien", help: "raccordement OIDC possible", get: |v| Value::from(v.a().oidc_possible) },
    Field { name: "owner", kind: "texte ou rien", help: "responsable de l'application (référent)", get: |v| Value::from(v.a().owner.as_deref()) },
    Field { name: "health_data", kind: "booléen ou rien", help: "contient des données de santé", get: |v| Value::from(v.a().health_data) },
    Field { name: "dpi", kind: "booléen", help: "reconnue comme DPI (policy.dpi_applications)", get: |v| Value::from(v.facts.app_is_dpi[v.index as usize]) },
    Field { name: "declared_users", kind: "entier ou rien", help: "nombre d'utilisateurs déclaré dans l'inventaire", get: |v| Value::from(v.a().user_count) },
    Field { name: "accounts", kind: "entier", help: "comptes lus pour cette application", get: |v| Value::from(v.accounts().len()) },
    Field { name: "usable_accounts", kind: "entier", help: "comptes utilisables à la date de référence", get: |v| Value::from(v.accounts().iter().filter(|&&a| v.facts.usable(a)).count()) },
    Field { name: "audited", kind: "booléen", help: "une source de comptes couvre l'application", get: |v| Value::from(!v.accounts().is_empty()) },
];

super::view_object!(ApplicationView, APPLICATION_FIELDS, |v| v.a().name);
