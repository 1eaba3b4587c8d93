//! `ad-csv`: Active Directory exported by PowerShell
//! (`Get-ADUser -Filter * -Properties * | Export-Csv`), and by `csvde`.
//!
//! The table is read by [`tabular`](super::tabular) (UTF-8 with or without
//! BOM, UTF-16 from Windows PowerShell 5.1, the `#TYPE` line, `,` or `;` from
//! `-UseCulture`). Columns are PowerShell property names by default
//! ([`FIELDS`]); where several are listed, a row takes the first non-empty
//! one, so that raw attributes (FILETIME integers) win over their formatted
//! twins. Formatted dates follow the exporting machine's culture: `auto`
//! decides day/month order per file. Multi-valued properties (MemberOf) must
//! have been joined with `;`; the type name Export-Csv writes otherwise is
//! reported once with the PowerShell to re-export. Records are assembled by
//! the code shared with `ad-ldif` ([`directory`](super::ad_values::directory)).

mod row;

use super::ad_values::directory::{assemble, Assembly};
use super::tabular::{self, Columns, Table};
use super::values::{self, DateOrder};
use super::{FieldSpec, ReadContext, SourceKind, SourceRead, Tabular, ValueMapSpec};
use crate::text::fold_key;
use row::{RowReader, Unjoined};
use std::collections::BTreeMap;

pub struct AdCsvConnector;

/// The fields of an `ad-csv` source and the PowerShell properties (or LDAP
/// attributes, for csvde and `-Properties *`) read by default.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "login",
        required: true,
        default_columns: &["SamAccountName"],
        help: "identifiant de connexion (SamAccountName)",
    },
    FieldSpec::optional(
        "upn",
        &["UserPrincipalName"],
        "nom d'utilisateur principal (UPN)",
    ),
    FieldSpec::optional("display_name", &["DisplayName"], "nom affiché"),
    FieldSpec::optional("last_name", &["Surname", "sn"], "nom de famille"),
    FieldSpec::optional("first_name", &["GivenName"], "prénom"),
    FieldSpec::optional("email", &["EmailAddress", "mail"], "adresse électronique"),
    FieldSpec::optional(
        "employee_number",
        &["EmployeeID", "EmployeeNumber"],
        "matricule RH",
    ),
    FieldSpec::optional(
        "rpps",
        &[],
        "identifiant national RPPS/ADELI (aucune colonne par défaut, par ex. extensionAttribute5)",
    ),
    FieldSpec::optional(
        "birth_date",
        &[],
        "date de naissance (aucune colonne par défaut)",
    ),
    FieldSpec::optional("unit", &["Department"], "service / UF"),
    FieldSpec::optional("title", &["Title"], "fonction"),
    FieldSpec::optional("description", &["Description"], "description"),
    FieldSpec::optional("manager", &["Manager"], "DN du responsable"),
    FieldSpec::optional("dn", &["DistinguishedName", "DN"], "DN de l'objet"),
    FieldSpec::optional("sid", &["SID", "objectSid"], "SID de l'objet"),
    FieldSpec::optional(
        "user_account_control",
        &["userAccountControl"],
        "indicateurs du compte (entier)",
    ),
    FieldSpec::optional("enabled", &["Enabled"], "compte actif (True/False)"),
    FieldSpec::optional("locked", &["LockedOut"], "compte verrouillé (True/False)"),
    FieldSpec::optional(
        "password_never_expires",
        &["PasswordNeverExpires"],
        "mot de passe sans expiration (True/False)",
    ),
    FieldSpec::optional(
        "password_not_required",
        &["PasswordNotRequired"],
        "mot de passe facultatif (True/False)",
    ),
    FieldSpec::optional(
        "smartcard_required",
        &["SmartcardLogonRequired"],
        "carte à puce obligatoire (True/False)",
    ),
    FieldSpec::optional(
        "lockout_time",
        &["lockoutTime", "AccountLockoutTime"],
        "date de verrouillage",
    ),
    FieldSpec::optional(
        "expires",
        &["accountExpires", "AccountExpirationDate"],
        "date d'expiration du compte",
    ),
    FieldSpec::optional(
        "last_logon",
        &["lastLogonTimestamp", "lastLogon", "LastLogonDate"],
        "dernière connexion (la plus récente)",
    ),
    FieldSpec::optional("created", &["whenCreated", "Created"], "date de création"),
    FieldSpec::optional(
        "password_last_set",
        &["pwdLastSet", "PasswordLastSet"],
        "dernier changement de mot de passe",
    ),
    FieldSpec::optional(
        "object_class",
        &["ObjectClass"],
        "classe de l'objet (user, computer, group)",
    ),
    FieldSpec::optional(
        "member_of",
        &["MemberOf"],
        "groupes dont le compte est membre direct (DN séparés par « ; »)",
    ),
    FieldSpec::optional(
        "members",
        &["Members", "member"],
        "membres directs d'un groupe (DN séparés par « ; »)",
    ),
    FieldSpec::optional(
        "primary_group",
        &["PrimaryGroup", "primaryGroupID"],
        "groupe principal (DN)",
    ),
];

const DATE_FIELDS: [&str; 6] = [
    "lockout_time",
    "expires",
    "last_logon",
    "created",
    "password_last_set",
    "birth_date",
];

const VALUE_MAPS: &[ValueMapSpec] = &[
    ValueMapSpec {
        field: "enabled",
        canonical: super::BOOLEAN,
    },
    ValueMapSpec {
        field: "locked",
        canonical: super::BOOLEAN,
    },
    ValueMapSpec {
        field: "password_never_expires",
        canonical: super::BOOLEAN,
    },
    ValueMapSpec {
        field: "password_not_required",
        canonical: super::BOOLEAN,
    },
    ValueMapSpec {
        field: "smartcard_required",
        canonical: super::BOOLEAN,
    },
];

/// The PowerShell that exports what this connector reads, multi-valued
/// MemberOf joined with `;`.
pub const EXPORT_COMMAND: &str = "Get-ADUser -Filter * -Properties * | Select-Object SamAccountName,UserPrincipalName,\
DisplayName,Surname,GivenName,EmailAddress,EmployeeID,EmployeeNumber,Department,Title,Description,Manager,\
DistinguishedName,SID,userAccountControl,Enabled,LockedOut,PasswordNeverExpires,PasswordNotRequired,\
SmartcardLogonRequired,lockoutTime,accountExpires,lastLogonTimestamp,whenCreated,pwdLastSet,PrimaryGroup,\
@{n='MemberOf';e={$_.MemberOf -join ';'}} | Export-Csv -Path ad.csv -NoTypeInformation -Encoding UTF8";

impl Tabular for AdCsvConnector {
    const KIND: SourceKind = SourceKind::AdCsv;
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
        let candidates = candidates(table, cols, ctx);
        let order = date_order(table, &candidates, ctx.source.date_order, out);
        let mut reader = RowReader {
            table,
            cols,
            candidates: &candidates,
            file,
            order,
            values: &ctx.source.values,
            unjoined: Unjoined::default(),
            lost_accents: None,
            include_computers: ctx.source.include_computers,
        };
        let mut objects = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            objects.push(reader.object(row, &mut out.diagnostics));
        }
        reader.report(&mut out.diagnostics);
        let login_field = cols.header("login").unwrap_or("SamAccountName").to_string();
        let dn_field = cols.header("dn").unwrap_or("DistinguishedName").to_string();
        assemble(
            objects,
            &Assembly {
                source: &ctx.source.id,
                include_computers: ctx.source.include_computers,
                login_field: &login_field,
                dn_field: &dn_field,
            },
            out,
        );
    }
}

/// For each field, the columns a row may take it from, in order: the
/// configured one only, or every default column the header has.
fn candidates(
    table: &Table,
    cols: &Columns,
    ctx: &ReadContext<'_>,
) -> BTreeMap<&'static str, Vec<usize>> {
    let folded: Vec<String> = table.headers.iter().map(|h| fold_key(h)).collect();
    let find = |name: &str| {
        table
            .headers
            .iter()
            .position(|h| h == name)
            .or_else(|| folded.iter().position(|h| *h == fold_key(name)))
    };
    let mut map = BTreeMap::new();
    for spec in FIELDS {
        let mut idx: Vec<usize> = Vec::new();
        if ctx.source.columns.contains_key(spec.name) {
            idx.extend(cols.index(spec.name));
        } else {
            for c in spec.default_columns {
                if let Some(i) = find(c) {
                    if !idx.contains(&i) {
                        idx.push(i);
                    }
                }
            }
        }
        map.insert(spec.name, idx);
    }
    map
}

/// Day/month order: configured, else decided from every date column.
fn date_order(
    table: &Table,
    candidates: &BTreeMap<&'static str, Vec<usize>>,
    configured: DateOrder,
    out: &mut SourceRead,
) -> DateOrder {
    let (order, how) = if configured != DateOrder::Auto {
        (configured, "configuré")
    } else {
        let idx: Vec<usize> = DATE_FIELDS
            .iter()
            .flat_map(|f| candidates.get(f).into_iter().flatten().copied())
            .collect();
        let cells = table.rows.iter().flat_map(|r| {
            idx.iter()
                .filter_map(move |i| r.cells.get(*i).map(String::as_str))
        });
        match values::detect_order(cells) {
            Some(o) => (o, "détecté"),
            None => (DateOrder::Dmy, "par défaut"),
        }
    };
    let name = if order == DateOrder::Mdy {
        "mois/jour"
    } else {
        "jour/mois"
    };
    out.read_as
        .insert("ordre des dates".into(), format!("{name} ({how})"));
    order
}

#[cfg(test)]
mod tests;
