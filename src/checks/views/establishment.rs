//! `establishment.*`: the establishment as a whole, for checks that look at
//! figures rather than one record.

use super::Field;
use crate::checks::facts::Facts;
use minijinja::value::Value;
use std::sync::Arc;

#[derive(Debug)]
pub struct EstablishmentView {
    pub facts: Arc<Facts>,
}

pub const ESTABLISHMENT_FIELDS: &[Field<EstablishmentView>] = &[
    Field {
        name: "name",
        kind: "texte",
        help: "raison sociale",
        get: |v| Value::from(v.facts.snapshot.establishment.name.as_str()),
    },
    Field {
        name: "finess",
        kind: "texte",
        help: "FINESS juridique",
        get: |v| Value::from(v.facts.snapshot.establishment.finess.as_str()),
    },
    Field {
        name: "persons",
        kind: "entier",
        help: "personnes de l'export RH",
        get: |v| Value::from(v.facts.snapshot.persons.len()),
    },
    Field {
        name: "accounts",
        kind: "entier",
        help: "comptes lus, toutes sources",
        get: |v| Value::from(v.facts.snapshot.accounts.len()),
    },
    Field {
        name: "usable_accounts",
        kind: "entier",
        help: "comptes utilisables à la date de référence",
        get: |v| {
            Value::from(
                (0..v.facts.snapshot.accounts.len() as u32)
                    .filter(|&a| v.facts.usable(a))
                    .count(),
            )
        },
    },
    Field {
        name: "applications",
        kind: "entier",
        help: "applications de l'inventaire",
        get: |v| Value::from(v.facts.snapshot.applications.len()),
    },
    Field {
        name: "has_hr_source",
        kind: "booléen",
        help: "une source RH (SIRH) est déclarée",
        get: |v| Value::from(v.facts.snapshot.sources.iter().any(|s| s.kind == "sirh")),
    },
    Field {
        name: "has_rpps_extract",
        kind: "booléen",
        help: "une extraction de l'Annuaire Santé est déclarée",
        get: |v| Value::from(v.facts.snapshot.sources.iter().any(|s| s.kind == "rpps")),
    },
    Field {
        name: "has_inventory",
        kind: "booléen",
        help: "un inventaire des applications est déclaré",
        get: |v| Value::from(!v.facts.snapshot.applications.is_empty()),
    },
];

super::view_object!(EstablishmentView, ESTABLISHMENT_FIELDS, |v| v
    .facts
    .snapshot
    .establishment
    .name);
