//! `accounts`: an application's user export (DPI, PACS, laboratory,
//! pharmacy…) as CSV or workbook.
//!
//! Each row is an account; a cell may hold several profiles separated by
//! `list_separator`. Exports that write one row per (login, profile) or per
//! (login, profile, unit) repeat the login: the rows are merged into one
//! account, and each row's profiles are scoped to that row's unit. Logins
//! are compared without regard to case, as applications do.
//!
//! Every account belongs to the application named by `application` in the
//! source's configuration; profiles become [`Profile`] records and each grant
//! a [`Right`] of kind `profile`.

use super::tabular::{self, Cells};
use super::{FieldSpec, ReadContext, SourceKind, SourceRead, Tabular, ValueMapSpec};
use crate::diag::{Code, Diagnostic};
use crate::model::{record_id, Account, Profile, Right, RightKind};
use std::collections::{HashMap, HashSet};

pub struct AccountsConnector;

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "login",
        required: true,
        default_columns: &[
            "Login",
            "Identifiant",
            "Identifiant de connexion",
            "Utilisateur",
            "Username",
            "User",
            "Code utilisateur",
            "Compte",
        ],
        help: "identifiant de connexion",
    },
    FieldSpec {
        name: "display_name",
        required: false,
        default_columns: &["Nom complet", "Nom affiché", "Display name"],
        help: "nom affiché",
    },
    FieldSpec {
        name: "last_name",
        required: false,
        default_columns: &["Nom", "Nom utilisateur", "Last name"],
        help: "nom",
    },
    FieldSpec {
        name: "first_name",
        required: false,
        default_columns: &["Prénom", "First name"],
        help: "prénom",
    },
    FieldSpec {
        name: "email",
        required: false,
        default_columns: &["Email", "E-mail", "Mail", "Courriel"],
        help: "adresse électronique",
    },
    FieldSpec {
        name: "employee_number",
        required: false,
        default_columns: &["Matricule", "Matricule RH"],
        help: "matricule RH porté par le compte",
    },
    FieldSpec {
        name: "rpps",
        required: false,
        default_columns: &[
            "RPPS",
            "N° RPPS",
            "Numéro RPPS",
            "IdNat",
            "IdNat_PS",
            "ADELI/RPPS",
        ],
        help: "identifiant national porté par le compte",
    },
    FieldSpec {
        name: "birth_date",
        required: false,
        default_columns: &["Date de naissance"],
        help: "date de naissance",
    },
    FieldSpec {
        name: "profiles",
        required: false,
        default_columns: &[
            "Profils",
            "Profil",
            "Profil(s)",
            "Rôles",
            "Rôle",
            "Habilitation",
            "Habilitations",
        ],
        help: "profil(s) ou rôle(s) applicatifs",
    },
    FieldSpec {
        name: "unit",
        required: false,
        default_columns: &["UF", "Service", "Unité", "Code UF"],
        help: "service ou UF du compte",
    },
    FieldSpec {
        name: "title",
        required: false,
        default_columns: &["Fonction", "Profession", "Métier", "Catégorie"],
        help: "fonction ou profession déclarée",
    },
    FieldSpec {
        name: "enabled",
        required: false,
        default_columns: &["Actif", "Compte actif", "Statut", "État", "Enabled"],
        help: "compte actif (oui/non)",
    },
    FieldSpec {
        name: "last_logon",
        required: false,
        default_columns: &[
            "Dernière connexion",
            "Date de dernière connexion",
            "Dernier accès",
            "Last login",
        ],
        help: "date de dernière connexion",
    },
    FieldSpec {
        name: "created",
        required: false,
        default_columns: &["Date de création", "Créé le", "Création"],
        help: "date de création du compte",
    },
    FieldSpec {
        name: "expires",
        required: false,
        default_columns: &[
            "Date d'expiration",
            "Expiration",
            "Fin de validité",
            "Date de fin de validité",
        ],
        help: "date d'expiration du compte",
    },
    FieldSpec {
        name: "description",
        required: false,
        default_columns: &["Commentaire", "Description", "Remarque"],
        help: "commentaire",
    },
];

const VALUE_MAPS: &[ValueMapSpec] = &[ValueMapSpec {
    field: "enabled",
    canonical: super::BOOLEAN,
}];

impl Tabular for AccountsConnector {
    const KIND: SourceKind = SourceKind::Accounts;
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
        let order = cols.date_order(
            table,
            ctx.source.date_order,
            &["last_logon", "created", "expires", "birth_date"],
        );
        let source = ctx.source.id.as_str();
        let application = ctx.source.application.clone();
        let mut accounts: Vec<Account> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut profiles: Vec<Profile> = Vec::new();
        let mut profile_ids: HashSet<String> = HashSet::new();
        let mut rights: Vec<Right> = Vec::new();
        let mut right_ids: HashSet<String> = HashSet::new();
        let mut merged = 0usize;
        for row in &table.rows {
            let mut c = Cells {
                row,
                cols,
                file,
                order,
                values: &ctx.source.values,
                diags: &mut out.diagnostics,
            };
            let Some(login) = c.required("login") else {
                continue;
            };
            let mut acc = Account::new(source, &login, table.provenance(row));
            acc.application = application.clone();
            acc.display_name = c.str("display_name");
            acc.last_name = c.str("last_name");
            acc.first_name = c.str("first_name");
            acc.email = c.str("email");
            acc.employee_number = c.str("employee_number");
            acc.rpps = c.str("rpps");
            acc.birth_date = c.date("birth_date");
            acc.unit = c.str("unit");
            acc.title = c.str("title");
            acc.enabled = c.bool("enabled");
            acc.last_logon = c.datetime("last_logon");
            acc.created = c.datetime("created");
            acc.expires = c.datetime("expires");
            acc.description = c.str("description");
            acc.extra = c.extra();
            let row_profiles = c.list("profiles", &ctx.source.list_separator);

            let index = match by_id.get(&acc.id) {
                Some(&i) => {
                    merged += 1;
                    merge_into(&mut accounts[i], acc, file, row.line, c.diags);
                    i
                }
                None => {
                    by_id.insert(acc.id.clone(), accounts.len());
                    accounts.push(acc);
                    accounts.len() - 1
                }
            };
            let account = &accounts[index];
            for name in row_profiles {
                let pid = record_id(source, &name.to_lowercase());
                if profile_ids.insert(pid.clone()) {
                    profiles.push(Profile {
                        id: pid.clone(),
                        source: source.to_string(),
                        application: application.clone(),
                        name: name.clone(),
                        provenance: table.provenance(row),
                    });
                }
                let scope = c.str("unit");
                let mut right = Right::new(
                    &account.id,
                    RightKind::Profile,
                    &pid,
                    scope,
                    table.provenance(row),
                );
                right.application = application.clone();
                right.granted = account.created;
                if right_ids.insert(right.id.clone()) {
                    rights.push(right);
                }
            }
        }
        if merged > 0 {
            out.read_as.insert(
                "lignes fusionnées (même identifiant)".into(),
                merged.to_string(),
            );
        }
        out.batch.accounts = accounts;
        out.batch.profiles = profiles;
        out.batch.rights = rights;
    }
}

/// Folds a repeated row into the account already read: empty fields are
/// filled; an activation state that disagrees is reported, and the account
/// counts as enabled if any row says so (the safer reading for an audit).
fn merge_into(
    kept: &mut Account,
    row: Account,
    file: &str,
    line: u64,
    diags: &mut crate::diag::Diagnostics,
) {
    macro_rules! fill {
        ($($f:ident),*) => { $( if kept.$f.is_none() { kept.$f = row.$f.clone(); } )* };
    }
    fill!(
        display_name,
        last_name,
        first_name,
        email,
        employee_number,
        rpps,
        birth_date,
        unit,
        title,
        last_logon,
        created,
        expires,
        description
    );
    if let (Some(a), Some(b)) = (kept.enabled, row.enabled) {
        if a != b {
            diags.push(
                Diagnostic::warning(
                    Code::InvalidValue,
                    format!(
                        "le compte « {} » est actif sur une ligne et inactif sur une autre ({}) : il est compté actif",
                        kept.login,
                        kept.provenance.location()
                    ),
                )
                .in_file(file)
                .at_line(line)
                .field("enabled"),
            );
            kept.enabled = Some(true);
        }
    } else if kept.enabled.is_none() {
        kept.enabled = row.enabled;
    }
    // The most recent logon across rows is the account's last logon.
    if row.last_logon > kept.last_logon {
        kept.last_logon = row.last_logon;
    }
    for (k, v) in row.extra {
        kept.extra.entry(k).or_insert(v);
    }
}
