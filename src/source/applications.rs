//! `applications`: the application inventory (the HospiConnect matrix of
//! applications, criticality, authentication mode, SSO, owner, population),
//! as CSV or workbook. Each row becomes an [`Application`]; its id is the
//! inventory's own identifier column, else a slug of the name, and is what
//! `application = "…"` in an `accounts` source refers to.

use super::tabular::{self, Cells};
use super::{FieldSpec, ReadContext, SourceKind, SourceRead, Tabular, ValueMapSpec};
use crate::diag::{Code, Diagnostic};
use crate::model::Application;
use crate::text::slug;
use std::collections::HashMap;

pub struct ApplicationsConnector;

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "id",
        required: false,
        default_columns: &["Identifiant", "Id", "Code", "Code application"],
        help: "identifiant court de l'application (par ex. dpi)",
    },
    FieldSpec {
        name: "name",
        required: true,
        default_columns: &["Application", "Nom", "Nom de l'application", "Logiciel"],
        help: "nom de l'application",
    },
    FieldSpec {
        name: "category",
        required: false,
        default_columns: &["Catégorie", "Type", "Domaine"],
        help: "catégorie",
    },
    FieldSpec {
        name: "criticality",
        required: false,
        default_columns: &["Criticité", "Priorité SSO", "Priorité"],
        help: "criticité ou priorité",
    },
    FieldSpec {
        name: "auth_mode",
        required: false,
        default_columns: &[
            "Authentification actuelle",
            "Authentification",
            "Mode d'authentification",
        ],
        help: "mode d'authentification actuel",
    },
    FieldSpec {
        name: "protocol",
        required: false,
        default_columns: &["Protocole"],
        help: "protocole d'authentification",
    },
    FieldSpec {
        name: "sso",
        required: false,
        default_columns: &["SSO", "SSO aujourd'hui", "SSO actuel"],
        help: "raccordée au SSO (oui/non)",
    },
    FieldSpec {
        name: "oidc_possible",
        required: false,
        default_columns: &["OIDC possible", "OIDC"],
        help: "OIDC possible (oui/non)",
    },
    FieldSpec {
        name: "owner",
        required: false,
        default_columns: &["Responsable", "Référent", "Référent métier", "Propriétaire"],
        help: "responsable de l'application",
    },
    FieldSpec {
        name: "population",
        required: false,
        default_columns: &["Population", "Utilisateurs"],
        help: "population d'utilisateurs",
    },
    FieldSpec {
        name: "user_count",
        required: false,
        default_columns: &["Nombre d'utilisateurs", "Nb utilisateurs"],
        help: "nombre d'utilisateurs",
    },
    FieldSpec {
        name: "health_data",
        required: false,
        default_columns: &["Données de santé", "Données santé", "DSP"],
        help: "contient des données de santé (oui/non)",
    },
];

const VALUE_MAPS: &[ValueMapSpec] = &[
    ValueMapSpec {
        field: "sso",
        canonical: super::BOOLEAN,
    },
    ValueMapSpec {
        field: "oidc_possible",
        canonical: super::BOOLEAN,
    },
    ValueMapSpec {
        field: "health_data",
        canonical: super::BOOLEAN,
    },
];

impl Tabular for ApplicationsConnector {
    const KIND: SourceKind = SourceKind::Applications;
    const FIELDS: &'static [FieldSpec] = FIELDS;
    const VALUE_MAPS: &'static [ValueMapSpec] = VALUE_MAPS;

    fn read_table(
        &self,
        ctx: &ReadContext<'_>,
        table: &tabular::Table,
        cols: &tabular::Columns,
        file: &str,
        out: &mut SourceRead,
    ) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for row in &table.rows {
            let mut c = Cells {
                row,
                cols,
                file,
                order: ctx.source.date_order,
                values: &ctx.source.values,
                diags: &mut out.diagnostics,
            };
            let Some(name) = c.required("name") else {
                continue;
            };
            let id = c
                .str("id")
                .map_or_else(|| slug(&name), |id| id.to_lowercase());
            let provenance = table.provenance(row);
            if let Some(first) = seen.insert(id.clone(), provenance.location()) {
                c.diags.push(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        format!("application « {id} » déjà déclarée ({first})"),
                    )
                    .in_file(file)
                    .at_line(row.line)
                    .field(cols.header("id").or(cols.header("name")).unwrap_or("name"))
                    .help("chaque application doit avoir un identifiant unique"),
                );
                continue;
            }
            out.batch.applications.push(Application {
                id,
                name,
                category: c.str("category"),
                criticality: c.str("criticality"),
                auth_mode: c.str("auth_mode"),
                protocol: c.str("protocol"),
                sso: c.bool("sso"),
                oidc_possible: c.bool("oidc_possible"),
                owner: c.str("owner"),
                population: c.str("population"),
                user_count: c.u64("user_count"),
                health_data: c.bool("health_data"),
                extra: c.extra(),
                provenance,
            });
        }
    }
}
