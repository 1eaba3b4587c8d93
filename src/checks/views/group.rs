//! `group.*`: a directory group as conditions see it.

use super::{step, strings, Field};
use crate::checks::facts::Facts;
use minijinja::value::Value;
use std::sync::Arc;

#[derive(Debug)]
pub struct GroupView {
    pub facts: Arc<Facts>,
    pub index: u32,
}

impl GroupView {
    fn g(&self) -> &crate::model::Group {
        &self.facts.snapshot.groups[self.index as usize]
    }
    fn f(&self) -> &crate::checks::facts::GroupFacts {
        &self.facts.groups[self.index as usize]
    }
}

pub const GROUP_FIELDS: &[Field<GroupView>] = &[
    Field {
        name: "id",
        kind: "texte",
        help: "identifiant stable « source:dn »",
        get: |v| Value::from(v.g().id.as_str()),
    },
    Field {
        name: "name",
        kind: "texte",
        help: "nom du groupe",
        get: |v| Value::from(v.g().name.as_str()),
    },
    Field {
        name: "source",
        kind: "texte",
        help: "source déclarée dans vigie.toml",
        get: |v| Value::from(v.g().source.as_str()),
    },
    Field {
        name: "dn",
        kind: "texte ou rien",
        help: "nom distinctif LDAP",
        get: |v| Value::from(v.g().dn.as_deref()),
    },
    Field {
        name: "description",
        kind: "texte ou rien",
        help: "description du groupe",
        get: |v| Value::from(v.g().description.as_deref()),
    },
    Field {
        name: "referenced_only",
        kind: "booléen",
        help: "groupe seulement cité (memberOf) sans fiche dans l'export",
        get: |v| Value::from(v.g().referenced_only),
    },
    Field {
        name: "in_cycle",
        kind: "booléen",
        help: "le groupe appartient à un cycle d'imbrication",
        get: |v| Value::from(!v.f().cycle.is_empty()),
    },
    Field {
        name: "cycle",
        kind: "liste de textes",
        help: "les groupes de ce cycle",
        get: |v| strings(&v.f().cycle),
    },
    Field {
        name: "cycle_path",
        kind: "chemin",
        help: "les groupes du cycle, imbriqués l'un dans l'autre",
        get: |v| {
            let c = &v.f().cycle;
            if c.is_empty() {
                return Value::from(());
            }
            let mut steps: Vec<Value> = c.iter().map(|g| step("groupe", g)).collect();
            steps.push(step("groupe", &c[0]));
            Value::from(steps)
        },
    },
    Field {
        name: "parents",
        kind: "liste de textes",
        help: "groupes dont il est membre directement",
        get: |v| strings(&v.f().parents),
    },
    Field {
        name: "direct_members",
        kind: "entier",
        help: "comptes membres directs",
        get: |v| Value::from(v.f().direct_members),
    },
    Field {
        name: "members",
        kind: "entier",
        help: "comptes membres, directement ou par imbrication",
        get: |v| Value::from(v.f().members),
    },
    Field {
        name: "nested_groups",
        kind: "entier",
        help: "groupes imbriqués dedans, directement ou non",
        get: |v| Value::from(v.f().nested_groups),
    },
    Field {
        name: "privileged",
        kind: "booléen",
        help: "groupe à privilèges (policy.privileged_groups)",
        get: |v| Value::from(v.f().privileged),
    },
];

super::view_object!(GroupView, GROUP_FIELDS, |v| v.g().name);
