//! The vocabulary conditions are written in: `account.*`, `person.*` (and
//! `account.owner.*`, the linked person). Each view is a cheap handle on the
//! shared [`Facts`]; its fields are computed when a condition reads them.
//!
//! One table per view ([`ACCOUNT_FIELDS`], [`PERSON_FIELDS`]) is the single
//! source of the field names, their meaning (French, for the generated
//! `docs/vocabulary.md`) and their computation; [`known_path`] checks the
//! paths a condition uses against it, so a typo fails at load time.

use super::facts::Facts;
use minijinja::value::{Enumerator, Object, Value};
use std::sync::Arc;

/// One field: name, type, meaning, and how to compute it.
pub struct Field<V> {
    pub name: &'static str,
    pub kind: &'static str,
    pub help: &'static str,
    pub get: fn(&V) -> Value,
}

fn date(d: Option<chrono::NaiveDate>) -> Value {
    d.map(|d| Value::from(d.format("%Y-%m-%d").to_string()))
        .unwrap_or(Value::from(()))
}

/// An account, as conditions see it.
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
        self.facts.outcomes[self.index as usize].as_ref()
    }
}

pub const ACCOUNT_FIELDS: &[Field<AccountView>] = &[
    Field {
        name: "id",
        kind: "texte",
        help: "identifiant stable « source:identifiant »",
        get: |v| Value::from(v.a().id.as_str()),
    },
    Field {
        name: "login",
        kind: "texte",
        help: "identifiant de connexion tel qu'écrit par le système",
        get: |v| Value::from(v.a().login.as_str()),
    },
    Field {
        name: "source",
        kind: "texte",
        help: "source déclarée dans vigie.toml",
        get: |v| Value::from(v.a().source.as_str()),
    },
    Field {
        name: "directory",
        kind: "booléen",
        help: "compte d'annuaire (Active Directory) plutôt qu'applicatif",
        get: |v| Value::from(v.a().directory.is_some()),
    },
    Field {
        name: "application",
        kind: "texte ou rien",
        help: "identifiant de l'application dans l'inventaire",
        get: |v| Value::from(v.a().application.as_deref()),
    },
    Field {
        name: "enabled",
        kind: "booléen ou rien",
        help: "compte actif (rien si la source ne le dit pas)",
        get: |v| Value::from(v.a().enabled),
    },
    Field {
        name: "usable",
        kind: "booléen",
        help: "actif et non expiré à la date de référence",
        get: |v| {
            let a = v.a();
            let expired = a.expires.is_some_and(|e| e.date() <= v.facts.as_of);
            Value::from(a.enabled != Some(false) && !expired)
        },
    },
    Field {
        name: "expires",
        kind: "date ou rien",
        help: "date d'expiration (rien : jamais)",
        get: |v| date(v.a().expires.map(|d| d.date())),
    },
    Field {
        name: "never_expires",
        kind: "booléen",
        help: "aucune date d'expiration",
        get: |v| Value::from(v.a().expires.is_none()),
    },
    Field {
        name: "password_never_expires",
        kind: "booléen ou rien",
        help: "mot de passe sans expiration",
        get: |v| Value::from(v.a().password_never_expires),
    },
    Field {
        name: "smartcard_required",
        kind: "booléen ou rien",
        help: "carte à puce exigée à l'ouverture de session",
        get: |v| Value::from(v.a().smartcard_required),
    },
    Field {
        name: "last_logon",
        kind: "date ou rien",
        help: "dernière connexion",
        get: |v| date(v.a().last_logon.map(|d| d.date())),
    },
    Field {
        name: "days_since_last_logon",
        kind: "entier ou rien",
        help: "jours depuis la dernière connexion (rien : jamais connecté)",
        get: |v| Value::from(v.a().last_logon.map(|d| v.facts.days_since(d.date()))),
    },
    Field {
        name: "never_logged_on",
        kind: "booléen",
        help: "aucune connexion connue (si la source exporte les connexions)",
        get: |v| Value::from(v.a().last_logon.is_none()),
    },
    Field {
        name: "created",
        kind: "date ou rien",
        help: "date de création",
        get: |v| date(v.a().created.map(|d| d.date())),
    },
    Field {
        name: "days_since_created",
        kind: "entier ou rien",
        help: "jours depuis la création",
        get: |v| Value::from(v.a().created.map(|d| v.facts.days_since(d.date()))),
    },
    Field {
        name: "unit",
        kind: "texte ou rien",
        help: "service ou UF du compte",
        get: |v| Value::from(v.a().unit.as_deref()),
    },
    Field {
        name: "groups",
        kind: "liste de textes",
        help: "groupes d'annuaire, directs et par imbrication",
        get: |v| {
            Value::from(
                v.facts.effective_groups[v.index as usize]
                    .iter()
                    .map(|g| Value::from(g.clone()))
                    .collect::<Vec<_>>(),
            )
        },
    },
    Field {
        name: "profiles",
        kind: "liste de textes",
        help: "profils applicatifs",
        get: |v| {
            Value::from(
                v.facts.profiles[v.index as usize]
                    .iter()
                    .map(|g| Value::from(g.clone()))
                    .collect::<Vec<_>>(),
            )
        },
    },
    Field {
        name: "link_status",
        kind: "texte",
        help: "rapprochement : linked, candidate, unmatched, conflict, non-nominative",
        get: |v| Value::from(v.outcome().map(|o| o.status.as_str())),
    },
    Field {
        name: "link_method",
        kind: "texte ou rien",
        help: "méthode du rapprochement (R1…R5, score, manual, pattern)",
        get: |v| Value::from(v.outcome().and_then(|o| o.method).map(|m| m.as_str())),
    },
    Field {
        name: "non_nominative",
        kind: "texte ou rien",
        help: "service, generic, technical ou declared",
        get: |v| {
            Value::from(v.outcome().and_then(|o| o.non_nominative).map(|k| match k {
                crate::reconcile::NonNominativeKind::Service => "service",
                crate::reconcile::NonNominativeKind::Generic => "generic",
                crate::reconcile::NonNominativeKind::Technical => "technical",
                crate::reconcile::NonNominativeKind::Declared => "declared",
            }))
        },
    },
    Field { name: "privileged", kind: "booléen", help: "membre d'un groupe ou titulaire d'un profil à privilèges (policy.privileged_groups, policy.privileged_profiles)", get: |v| Value::from(!v.facts.privileged[v.index as usize].is_empty()) },
    Field { name: "privileged_groups", kind: "liste de textes", help: "les groupes et profils qui donnent ces privilèges", get: |v| Value::from(v.facts.privileged[v.index as usize].iter().map(|g| Value::from(g.clone())).collect::<Vec<_>>()) },
    Field { name: "privileged_allowed", kind: "booléen", help: "compte habilité aux privilèges : administrateur intégré, ou compte d'administration dédié d'un agent d'une UF informatique (policy.it_units)", get: |v| Value::from(v.facts.privileged_allowed[v.index as usize]) },
    Field { name: "health_access", kind: "booléen", help: "ouvre une application qui contient des données de santé (inventaire), directement ou par un groupe d'accès à son nom", get: |v| Value::from(v.facts.health_access[v.index as usize]) },
    Field { name: "identity_issues", kind: "liste de textes", help: "anomalies d'identifiant national portées par le compte (invalid-identifier, adeli-in-use, name-mismatch…)", get: |v| issues(&v.facts, &v.a().id) },
    Field {
        name: "owner",
        kind: "personne ou rien",
        help: "la personne rattachée (voir person.*)",
        get: |v| match v.facts.owner[v.index as usize] {
            Some(p) => Value::from_object(PersonView {
                facts: v.facts.clone(),
                index: p,
            }),
            None => Value::from(()),
        },
    },
];

/// A person (HR record), as conditions see it.
#[derive(Debug)]
pub struct PersonView {
    pub facts: Arc<Facts>,
    pub index: u32,
}

impl PersonView {
    fn p(&self) -> &crate::model::Person {
        &self.facts.snapshot.persons[self.index as usize]
    }
}

pub const PERSON_FIELDS: &[Field<PersonView>] = &[
    Field { name: "id", kind: "texte", help: "identifiant « source:matricule »", get: |v| Value::from(v.p().id.as_str()) },
    Field { name: "name", kind: "texte", help: "nom et prénom", get: |v| Value::from(v.p().display_name()) },
    Field { name: "status", kind: "texte ou rien", help: "active, departed ou suspended", get: |v| Value::from(v.p().status.map(|s| s.as_str())) },
    Field { name: "departed", kind: "booléen", help: "parti : statut RH « sorti » ou date de fin passée", get: |v| {
        let p = v.p();
        Value::from(p.status == Some(crate::model::PersonStatus::Departed) || p.end_date.is_some_and(|e| e < v.facts.as_of))
    } },
    Field { name: "end_date", kind: "date ou rien", help: "date de fin de contrat ou de départ", get: |v| date(v.p().end_date) },
    Field { name: "days_since_end", kind: "entier ou rien", help: "jours écoulés depuis la date de fin (négatif si elle est à venir)", get: |v| Value::from(v.p().end_date.map(|d| v.facts.days_since(d))) },
    Field { name: "contract", kind: "texte ou rien", help: "permanent, fixed-term, interim, trainee, resident, contractor, casual, other", get: |v| Value::from(v.p().contract.map(|c| c.as_str())) },
    Field { name: "temporary", kind: "booléen", help: "contrat à durée limitée par nature (CDD, intérim, stage, internat, prestation, vacation)", get: |v| Value::from(v.p().contract.is_some_and(|c| c.is_temporary())) },
    Field { name: "profession_code", kind: "texte ou rien", help: "code profession (TRE_G15, J121…)", get: |v| Value::from(v.p().profession_code.as_deref()) },
    Field { name: "unit_code", kind: "texte ou rien", help: "UF d'affectation", get: |v| Value::from(v.p().unit_code.as_deref()) },
    Field { name: "rpps", kind: "texte ou rien", help: "identifiant national tel que détenu par le SIRH", get: |v| Value::from(v.p().rpps.as_deref()) },
    Field { name: "identity_issues", kind: "liste de textes", help: "anomalies d'identifiant national : invalid-identifier, adeli-in-use, unknown-to-directory, name-mismatch, profession-mismatch, shared-identifier, conflicting-identifiers", get: |v| issues(&v.facts, &v.p().id) },
    Field { name: "hr_pairs", kind: "liste de textes", help: "autres fiches RH à examiner avec celle-ci : duplicate, possible-duplicate, homonym", get: |v| Value::from(v.facts.hr_pairs[v.index as usize].iter().map(|k| Value::from(*k)).collect::<Vec<_>>()) },
    Field { name: "rpps_expected", kind: "booléen", help: "profession enregistrée par un Ordre ou l'ARS (policy.rpps_professions) : un RPPS est attendu", get: |v| Value::from(v.p().profession_code.as_ref().is_some_and(|c| v.facts.rpps_professions.contains(c))) },
    Field { name: "identity_issues", kind: "liste de textes", help: "anomalies d'identifiant national : invalid-identifier, adeli-in-use, unknown-to-directory, name-mismatch, profession-mismatch, shared-identifier, conflicting-identifiers", get: |v| issues(&v.facts, &v.p().id) },
    Field { name: "hr_pairs", kind: "liste de textes", help: "autres fiches RH à examiner avec celle-ci : duplicate, possible-duplicate, homonym", get: |v| Value::from(v.facts.hr_pairs[v.index as usize].iter().map(|k| Value::from(*k)).collect::<Vec<_>>()) },
    Field { name: "rpps_expected", kind: "booléen", help: "profession enregistrée par un Ordre ou l'ARS (policy.rpps_professions) : un RPPS est attendu", get: |v| Value::from(v.p().profession_code.as_ref().is_some_and(|c| v.facts.rpps_professions.contains(c))) },
    Field { name: "account_count", kind: "entier", help: "comptes rattachés à la personne", get: |v| Value::from(v.facts.accounts_of[v.index as usize].len()) },
];

fn issues(facts: &Facts, id: &str) -> Value {
    Value::from(
        facts
            .issues
            .get(id)
            .map(|v| v.iter().map(|k| Value::from(*k)).collect::<Vec<_>>())
            .unwrap_or_default(),
    )
}

fn lookup<V>(fields: &[Field<V>], v: &V, key: &str) -> Option<Value> {
    fields.iter().find(|f| f.name == key).map(|f| (f.get)(v))
}

fn names<V>(fields: &[Field<V>]) -> Enumerator {
    Enumerator::Values(fields.iter().map(|f| Value::from(f.name)).collect())
}

// A view is a map of its fields: enumerable (so `{{ account }}` shows them)
// and therefore true in conditions (`account.owner and …`).
impl Object for AccountView {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        lookup(ACCOUNT_FIELDS, self, key.as_str()?)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        names(ACCOUNT_FIELDS)
    }
}

impl Object for PersonView {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        lookup(PERSON_FIELDS, self, key.as_str()?)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        names(PERSON_FIELDS)
    }
}

/// Whether `path` (`account.owner.departed`) names a field of the vocabulary.
pub fn known_path(path: &str) -> bool {
    #[derive(Clone, Copy)]
    enum Table {
        Account,
        Person,
        Leaf,
    }
    let has = |t: Table, name: &str| match t {
        Table::Account => ACCOUNT_FIELDS.iter().any(|f| f.name == name),
        Table::Person => PERSON_FIELDS.iter().any(|f| f.name == name),
        Table::Leaf => false,
    };
    let mut parts = path.split('.');
    let mut table = match parts.next().unwrap_or("") {
        "account" => Table::Account,
        "person" => Table::Person,
        "policy" => return true,
        _ => return false,
    };
    for part in parts {
        if !has(table, part) {
            return false;
        }
        table = if matches!(table, Table::Account) && part == "owner" {
            Table::Person
        } else {
            Table::Leaf
        };
    }
    true
}

/// `docs/vocabulary.md`: what conditions can read, generated from the tables.
pub fn vocabulary_markdown() -> String {
    fn table<V>(out: &mut String, prefix: &str, fields: &[Field<V>]) {
        out.push_str("| champ | type | sens |\n|---|---|---|\n");
        for f in fields {
            out.push_str(&format!(
                "| `{prefix}.{}` | {} | {} |\n",
                f.name, f.kind, f.help
            ));
        }
    }
    let mut out = String::from(
        "# Vocabulaire des contrôles\n\n\
         Ce fichier est généré à partir du code (`src/checks/views.rs`) ; ne pas le modifier à la main.\n\n\
         Une condition de contrôle est une expression [minijinja](https://docs.rs/minijinja) qui lit le sujet \
         (`account` ou `person`) et la politique (`policy.*`, voir `policies/checks.toml`). Un champ absent vaut \
         « rien » (`none`) : `account.owner and account.owner.departed` est sûr même sans titulaire. Un chemin \
         inconnu est refusé au chargement, avec la ligne du fichier.\n\n## Compte (`account`)\n\n",
    );
    table(&mut out, "account", ACCOUNT_FIELDS);
    out.push_str("\n## Personne (`person`, et `account.owner`)\n\n");
    table(&mut out, "person", PERSON_FIELDS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert!(known_path("account.owner.departed"));
        assert!(known_path("account.days_since_last_logon"));
        assert!(known_path("policy.stale_days"));
        assert!(!known_path("account.ownr"));
        assert!(!known_path("account.owner.departd"));
        assert!(!known_path("account.login.foo"));
    }
}
