//! The vocabulary conditions are written in: `account.*`, `person.*`,
//! `group.*`, `application.*`, `establishment.*` (and the objects they lead
//! to: `account.owner` is a person, `account.application` an application).
//! Each view is a cheap handle on the shared [`Facts`]; its fields are
//! computed when an expression reads them.
//!
//! One table per view is the single source of the field names, their
//! meaning (French, for the generated `docs/vocabulary.md`) and their
//! computation; [`LINKS`] says which fields are objects of another table;
//! [`known_path`] checks the paths an expression uses against them, so a
//! typo fails at load time.

mod account;
mod application;
mod establishment;
mod group;
mod person;

pub use account::{AccountView, ACCOUNT_FIELDS};
pub use application::{ApplicationView, APPLICATION_FIELDS};
pub use establishment::{EstablishmentView, ESTABLISHMENT_FIELDS};
pub use group::{GroupView, GROUP_FIELDS};
pub use person::{PersonView, PERSON_FIELDS};

use super::facts::Facts;
use super::meta::SubjectKind;
use minijinja::value::{Enumerator, Value};
use rayon::prelude::*;
use std::sync::Arc;

/// One field: name, type, meaning, and how to compute it.
pub struct Field<V> {
    pub name: &'static str,
    pub kind: &'static str,
    pub help: &'static str,
    pub get: fn(&V) -> Value,
}

/// Fields whose value is an object of another table.
pub const LINKS: &[(SubjectKind, &str, SubjectKind)] = &[
    (SubjectKind::Account, "owner", SubjectKind::Person),
    (SubjectKind::Account, "probable_owner", SubjectKind::Person),
    (SubjectKind::Account, "holder", SubjectKind::Person),
    (
        SubjectKind::Account,
        "application",
        SubjectKind::Application,
    ),
];

pub(crate) fn date(d: Option<chrono::NaiveDate>) -> Value {
    d.map(|d| Value::from(d.format("%Y-%m-%d").to_string()))
        .unwrap_or(Value::from(()))
}

pub(crate) fn strings<'a>(items: impl IntoIterator<Item = &'a Arc<str>>) -> Value {
    Value::from(
        items
            .into_iter()
            .map(|g| Value::from(g.clone()))
            .collect::<Vec<_>>(),
    )
}

/// A proof path step, as expressions build them (`{kind, label}`).
pub(crate) fn step(kind: &str, label: &str) -> Value {
    Value::from_iter([("kind", Value::from(kind)), ("label", Value::from(label))])
}

/// A field table's names → positions, built once per table: conditions
/// read fields millions of times on a large estate.
pub(crate) type FieldIndex = std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, usize>>;

/// The field `key` of `v`, through the table's index.
pub(crate) fn lookup<V>(
    index: &'static FieldIndex,
    fields: &'static [Field<V>],
    v: &V,
    key: &str,
) -> Option<Value> {
    let index = index.get_or_init(|| {
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name, i))
            .collect()
    });
    index.get(key).map(|&i| (fields[i].get)(v))
}

pub(crate) fn names<V>(fields: &[Field<V>]) -> Enumerator {
    Enumerator::Values(fields.iter().map(|f| Value::from(f.name)).collect())
}

/// A view as a minijinja object: a map of its fields (enumerable, read
/// through the table's index), true in conditions (`account.owner and …`),
/// and shown by `$shown` in messages (`{{ account }}` is its login).
macro_rules! view_object {
    ($view:ty, $fields:expr, |$v:ident| $shown:expr) => {
        impl minijinja::value::Object for $view {
            fn get_value(
                self: &std::sync::Arc<Self>,
                key: &minijinja::Value,
            ) -> Option<minijinja::Value> {
                self.get_value_by_str(key.as_str()?)
            }
            // Field reads come here without a temporary key value.
            fn get_value_by_str(
                self: &std::sync::Arc<Self>,
                key: &str,
            ) -> Option<minijinja::Value> {
                static INDEX: $crate::checks::views::FieldIndex =
                    $crate::checks::views::FieldIndex::new();
                $crate::checks::views::lookup(&INDEX, $fields, self, key)
            }
            fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
                $crate::checks::views::names($fields)
            }
            fn is_true(self: &std::sync::Arc<Self>) -> bool {
                true
            }
            fn render(
                self: &std::sync::Arc<Self>,
                f: &mut std::fmt::Formatter<'_>,
            ) -> std::fmt::Result {
                let $v = self;
                f.write_str(&$shown)
            }
        }
    };
}
pub(crate) use view_object;

/// The subjects of one kind, as `(id, display name, source, view)`.
pub fn subjects(
    facts: &Arc<Facts>,
    kind: SubjectKind,
) -> Vec<(String, String, Option<String>, Value)> {
    let s = &facts.snapshot;
    let f = || facts.clone();
    match kind {
        SubjectKind::Account => (0..s.accounts.len() as u32)
            .into_par_iter()
            .map(|i| {
                let a = &s.accounts[i as usize];
                let name = a.display_name.clone().unwrap_or_else(|| a.login.clone());
                let view = Value::from_object(AccountView {
                    facts: f(),
                    index: i,
                });
                (a.id.clone(), name, Some(a.source.clone()), view)
            })
            .collect(),
        SubjectKind::Person => (0..s.persons.len() as u32)
            .into_par_iter()
            .map(|i| {
                let p = &s.persons[i as usize];
                let view = Value::from_object(PersonView {
                    facts: f(),
                    index: i,
                });
                (
                    p.id.clone(),
                    p.display_name(),
                    Some(p.provenance.source.to_string()),
                    view,
                )
            })
            .collect(),
        SubjectKind::Group => (0..s.groups.len() as u32)
            .map(|i| {
                let g = &s.groups[i as usize];
                let view = Value::from_object(GroupView {
                    facts: f(),
                    index: i,
                });
                (g.id.clone(), g.name.clone(), Some(g.source.clone()), view)
            })
            .collect(),
        SubjectKind::Application => (0..s.applications.len() as u32)
            .map(|i| {
                let a = &s.applications[i as usize];
                let view = Value::from_object(ApplicationView {
                    facts: f(),
                    index: i,
                });
                (format!("application:{}", a.id), a.name.clone(), None, view)
            })
            .collect(),
        SubjectKind::Establishment => {
            let e = &s.establishment;
            let view = Value::from_object(EstablishmentView { facts: f() });
            vec![(
                format!("etablissement:{}", e.finess),
                e.name.clone(),
                None,
                view,
            )]
        }
        // Exceptions are evaluated after the other checks, on the register
        // (see `exceptions::subjects`).
        SubjectKind::Exception => Vec::new(),
    }
}

fn has_field(kind: SubjectKind, name: &str) -> bool {
    fn has<V>(fields: &[Field<V>], name: &str) -> bool {
        fields.iter().any(|f| f.name == name)
    }
    match kind {
        SubjectKind::Account => has(ACCOUNT_FIELDS, name),
        SubjectKind::Person => has(PERSON_FIELDS, name),
        SubjectKind::Group => has(GROUP_FIELDS, name),
        SubjectKind::Application => has(APPLICATION_FIELDS, name),
        SubjectKind::Establishment => has(ESTABLISHMENT_FIELDS, name),
        SubjectKind::Exception => has(super::exceptions::EXCEPTION_FIELDS, name),
    }
}

/// Whether `path` (`account.owner.departed`) names a field of the vocabulary.
pub fn known_path(path: &str) -> bool {
    let mut parts = path.split('.');
    let head = parts.next().unwrap_or("");
    if head == "policy" {
        return true;
    }
    let Some(mut table) = SubjectKind::parse(head) else {
        return false;
    };
    let mut leaf = false;
    for part in parts {
        if leaf || !has_field(table, part) {
            return false;
        }
        match LINKS.iter().find(|(t, f, _)| *t == table && *f == part) {
            Some((_, _, next)) => table = *next,
            None => leaf = true,
        }
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
         Ce fichier est généré à partir du code (`src/checks/views/`) ; ne pas le modifier à la main.\n\n\
         Une condition de contrôle est une expression [minijinja](https://docs.rs/minijinja) qui lit le sujet \
         (`account`, `person`, `group`, `application` ou `establishment`) et la politique (`policy.*`, voir \
         `policies/checks.toml`). Un champ absent vaut « rien » (`none`) : `account.owner and account.owner.departed` \
         est sûr même sans titulaire. Un chemin inconnu est refusé au chargement, avec la ligne du fichier. \
         Les dates s'affichent en français avec le filtre `date_fr` (`{{ account.last_logon | date_fr }}`).\n\n\
         Les champs « chemin » sont des listes d'étapes `{kind, label}` qui prouvent un constat dans le graphe \
         des accès (compte → groupe → groupe à privilèges) ; un contrôle les désigne par sa clé `path`.\n\n\
         ## Compte (`account`)\n\n",
    );
    table(&mut out, "account", ACCOUNT_FIELDS);
    out.push_str("\n## Personne (`person`, et `account.owner`)\n\n");
    table(&mut out, "person", PERSON_FIELDS);
    out.push_str("\n## Groupe d'annuaire (`group`)\n\n");
    table(&mut out, "group", GROUP_FIELDS);
    out.push_str("\n## Application (`application`, et `account.application`)\n\n");
    table(&mut out, "application", APPLICATION_FIELDS);
    out.push_str("\n## Établissement (`establishment`)\n\n");
    table(&mut out, "establishment", ESTABLISHMENT_FIELDS);
    out.push_str("\n## Dérogation (`exception`, registre `policies/exceptions.toml`)\n\n");
    table(&mut out, "exception", super::exceptions::EXCEPTION_FIELDS);
    out
}

pub(crate) fn issues(facts: &Facts, id: &str) -> Value {
    Value::from(
        facts
            .issues
            .get(id)
            .map(|v| v.iter().map(|k| Value::from(*k)).collect::<Vec<_>>())
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert!(known_path("account.owner.departed"));
        assert!(known_path("account.days_since_last_logon"));
        assert!(known_path("account.application.criticality"));
        assert!(known_path("group.in_cycle"));
        assert!(known_path("policy.stale_days"));
        assert!(!known_path("account.ownr"));
        assert!(!known_path("account.owner.departd"));
        assert!(!known_path("account.login.foo"));
        assert!(!known_path("group.owner"));
    }

    #[test]
    fn field_names_are_unique_per_table() {
        fn unique<V>(fields: &[Field<V>]) {
            let mut seen = std::collections::HashSet::new();
            for f in fields {
                assert!(seen.insert(f.name), "field {} listed twice", f.name);
            }
        }
        unique(ACCOUNT_FIELDS);
        unique(PERSON_FIELDS);
        unique(GROUP_FIELDS);
        unique(APPLICATION_FIELDS);
        unique(ESTABLISHMENT_FIELDS);
    }
}
