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

use super::ad_values::directory::{assemble, Assembly, DirectoryObject, ObjectKind, PrimaryGroup};
use super::ad_values::{
    is_integer, parse_ad_datetime, parse_sid_string, sid_to_string, split_dn_list,
    UserAccountControl, AD_DATE_HELP,
};
use super::tabular::{self, Cells, Columns, Row, Table};
use super::values::{self, DateOrder};
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead, ValueMapSpec};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::text::fold_key;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

pub struct AdCsvConnector;

const fn field(
    name: &'static str,
    default_columns: &'static [&'static str],
    help: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        required: false,
        default_columns,
        help,
    }
}

/// The fields of an `ad-csv` source and the PowerShell properties (or LDAP
/// attributes, for csvde and `-Properties *`) read by default.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "login",
        required: true,
        default_columns: &["SamAccountName"],
        help: "identifiant de connexion (SamAccountName)",
    },
    field("upn", &["UserPrincipalName"], "nom d'utilisateur principal (UPN)"),
    field("display_name", &["DisplayName"], "nom affiché"),
    field("last_name", &["Surname", "sn"], "nom de famille"),
    field("first_name", &["GivenName"], "prénom"),
    field("email", &["EmailAddress", "mail"], "adresse électronique"),
    field("employee_number", &["EmployeeID", "EmployeeNumber"], "matricule RH"),
    field("rpps", &[], "identifiant national RPPS/ADELI (aucune colonne par défaut, par ex. extensionAttribute5)"),
    field("birth_date", &[], "date de naissance (aucune colonne par défaut)"),
    field("unit", &["Department"], "service / UF"),
    field("title", &["Title"], "fonction"),
    field("description", &["Description"], "description"),
    field("manager", &["Manager"], "DN du responsable"),
    field("dn", &["DistinguishedName", "DN"], "DN de l'objet"),
    field("sid", &["SID", "objectSid"], "SID de l'objet"),
    field("user_account_control", &["userAccountControl"], "indicateurs du compte (entier)"),
    field("enabled", &["Enabled"], "compte actif (True/False)"),
    field("locked", &["LockedOut"], "compte verrouillé (True/False)"),
    field("password_never_expires", &["PasswordNeverExpires"], "mot de passe sans expiration (True/False)"),
    field("password_not_required", &["PasswordNotRequired"], "mot de passe facultatif (True/False)"),
    field("smartcard_required", &["SmartcardLogonRequired"], "carte à puce obligatoire (True/False)"),
    field("lockout_time", &["lockoutTime", "AccountLockoutTime"], "date de verrouillage"),
    field("expires", &["accountExpires", "AccountExpirationDate"], "date d'expiration du compte"),
    field("last_logon", &["lastLogonTimestamp", "lastLogon", "LastLogonDate"], "dernière connexion (la plus récente)"),
    field("created", &["whenCreated", "Created"], "date de création"),
    field("password_last_set", &["pwdLastSet", "PasswordLastSet"], "dernier changement de mot de passe"),
    field("object_class", &["ObjectClass"], "classe de l'objet (user, computer, group)"),
    field("member_of", &["MemberOf"], "groupes dont le compte est membre direct (DN séparés par « ; »)"),
    field("members", &["Members", "member"], "membres directs d'un groupe (DN séparés par « ; »)"),
    field("primary_group", &["PrimaryGroup", "primaryGroupID"], "groupe principal (DN)"),
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
    ValueMapSpec { field: "enabled", canonical: &["true", "false"] },
    ValueMapSpec { field: "locked", canonical: &["true", "false"] },
    ValueMapSpec { field: "password_never_expires", canonical: &["true", "false"] },
    ValueMapSpec { field: "password_not_required", canonical: &["true", "false"] },
    ValueMapSpec { field: "smartcard_required", canonical: &["true", "false"] },
];

/// The PowerShell that exports what this connector reads, multi-valued
/// MemberOf joined with `;`.
pub const EXPORT_COMMAND: &str = "Get-ADUser -Filter * -Properties * | Select-Object SamAccountName,UserPrincipalName,\
DisplayName,Surname,GivenName,EmailAddress,EmployeeID,EmployeeNumber,Department,Title,Description,Manager,\
DistinguishedName,SID,userAccountControl,Enabled,LockedOut,PasswordNeverExpires,PasswordNotRequired,\
SmartcardLogonRequired,lockoutTime,accountExpires,lastLogonTimestamp,whenCreated,pwdLastSet,PrimaryGroup,\
@{n='MemberOf';e={$_.MemberOf -join ';'}} | Export-Csv -Path ad.csv -NoTypeInformation -Encoding UTF8";

impl Connector for AdCsvConnector {
    fn kind(&self) -> SourceKind {
        SourceKind::AdCsv
    }

    fn fields(&self) -> &'static [FieldSpec] {
        FIELDS
    }

    fn value_maps(&self) -> &'static [ValueMapSpec] {
        VALUE_MAPS
    }

    fn read(&self, ctx: &ReadContext<'_>) -> SourceRead {
        let mut out = SourceRead::default();
        let Some(table) = tabular::read_table(ctx, &mut out) else {
            return out;
        };
        let Some(cols) = Columns::resolve(&table, FIELDS, ctx, &mut out.diagnostics) else {
            return out;
        };
        let candidates = candidates(&table, &cols, ctx);
        let order = date_order(&table, &candidates, ctx.source.date_order, &mut out);
        let file = tabular::display_file(ctx, &table);
        let mut reader = RowReader {
            table: &table,
            cols: &cols,
            candidates: &candidates,
            file: &file,
            order,
            values: &ctx.source.values,
            unjoined: Unjoined::default(),
            lost_accents: None,
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
            &mut out,
        );
        out
    }
}

/// For each field, the columns a row may take it from, in order: the
/// configured one only, or every default column the header has.
fn candidates(table: &Table, cols: &Columns, ctx: &ReadContext<'_>) -> BTreeMap<&'static str, Vec<usize>> {
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
        let cells = table
            .rows
            .iter()
            .flat_map(|r| idx.iter().filter_map(move |i| r.cells.get(*i).map(String::as_str)));
        match values::detect_order(cells) {
            Some(o) => (o, "détecté"),
            None => (DateOrder::Dmy, "par défaut"),
        }
    };
    let name = if order == DateOrder::Mdy { "mois/jour" } else { "jour/mois" };
    out.read_as.insert("ordre des dates".into(), format!("{name} ({how})"));
    order
}

/// Rows whose multi-valued cells hold a type name instead of the values.
#[derive(Default)]
struct Unjoined {
    /// (column, first line, type name as written, rows).
    columns: BTreeMap<usize, (u64, String, usize)>,
}

/// True for what Export-Csv writes in place of a collection.
fn is_type_name(cell: &str) -> bool {
    let c = cell.trim();
    c.contains("ADPropertyValueCollection")
        || (c.starts_with("System.") && c.ends_with("[]") && !c.contains([' ', '=']))
}

struct RowReader<'a> {
    table: &'a Table,
    cols: &'a Columns,
    candidates: &'a BTreeMap<&'static str, Vec<usize>>,
    file: &'a str,
    order: DateOrder,
    values: &'a BTreeMap<String, BTreeMap<String, String>>,
    unjoined: Unjoined,
    /// First line where a name holds `?` in place of a letter.
    lost_accents: Option<(u64, String)>,
}

impl RowReader<'_> {
    fn idx(&self, field: &str) -> &[usize] {
        self.candidates.get(field).map_or(&[], Vec::as_slice)
    }

    fn cell<'r>(row: &'r Row, i: usize) -> Option<&'r str> {
        row.cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())
    }

    fn error(&self, row: &Row, i: usize, code: Code, msg: String) -> Diagnostic {
        Diagnostic::error(code, msg)
            .in_file(self.file)
            .at(row.line, i as u64 + 1)
            .field(self.table.headers[i].clone())
    }

    /// The first non-empty cell among the field's columns, with its column.
    fn first(&self, row: &Row, field: &str) -> Option<(usize, String)> {
        self.idx(field)
            .iter()
            .find_map(|i| Self::cell(row, *i).map(|c| (*i, c.to_string())))
    }

    fn text(&self, row: &Row, field: &str) -> Option<String> {
        self.first(row, field).map(|(_, v)| v)
    }

    fn date_at(&self, row: &Row, i: usize, raw: &str, diags: &mut Diagnostics) -> Option<NaiveDateTime> {
        match parse_ad_datetime(raw, self.order) {
            Ok(d) => d,
            Err(()) => {
                diags.push(
                    self.error(row, i, Code::InvalidDate, format!("date illisible « {raw} »"))
                        .help(AD_DATE_HELP),
                );
                None
            }
        }
    }

    fn date(&self, row: &Row, field: &str, diags: &mut Diagnostics) -> Option<NaiveDateTime> {
        let (i, raw) = self.first(row, field)?;
        self.date_at(row, i, &raw, diags)
    }

    /// The latest date among the field's columns. Raw FILETIMEs (UTC) are
    /// preferred to formatted dates (local time of the exporting machine):
    /// the two are not mixed.
    fn latest(&self, row: &Row, field: &str, diags: &mut Diagnostics) -> Option<NaiveDateTime> {
        let (mut raw_best, mut formatted_best) = (None, None);
        for &i in self.idx(field) {
            if let Some(c) = Self::cell(row, i) {
                let d = self.date_at(row, i, c, diags);
                if is_integer(c) {
                    raw_best = raw_best.max(d);
                } else {
                    formatted_best = formatted_best.max(d);
                }
            }
        }
        raw_best.or(formatted_best)
    }

    fn bool(&self, row: &Row, field: &str, diags: &mut Diagnostics) -> Option<bool> {
        let mut cells = Cells {
            row,
            cols: self.cols,
            file: self.file,
            order: self.order,
            values: self.values,
            diags,
        };
        cells.bool(field)
    }

    fn uac(&self, row: &Row, diags: &mut Diagnostics) -> Option<UserAccountControl> {
        let (i, raw) = self.first(row, "user_account_control")?;
        match UserAccountControl::parse(&raw) {
            Ok(u) => Some(u),
            Err(()) => {
                diags.push(self.error(row, i, Code::InvalidValue, format!("userAccountControl « {raw} » : entier 32 bits attendu")));
                None
            }
        }
    }

    /// `S-1-5-…` as PowerShell writes it, or csvde's hex `X'0105…'`.
    fn sid(&self, row: &Row, diags: &mut Diagnostics) -> Option<String> {
        let (i, raw) = self.first(row, "sid")?;
        let hex = raw
            .strip_prefix("X'")
            .and_then(|h| h.strip_suffix('\''))
            .and_then(|h| hex::decode(h).ok());
        let parsed = match hex {
            Some(bytes) => sid_to_string(&bytes),
            None => parse_sid_string(&raw),
        };
        match parsed {
            Ok(s) => Some(s),
            Err(()) => {
                diags.push(self.error(row, i, Code::InvalidValue, format!("SID illisible « {raw} » (attendu S-1-5-…)")));
                None
            }
        }
    }

    /// DNs of a multi-valued cell; a type name is noted for [`Self::report`].
    fn dn_list(&mut self, row: &Row, field: &str) -> Vec<String> {
        let Some((i, raw)) = self.first(row, field) else {
            return Vec::new();
        };
        if is_type_name(&raw) {
            let e = self.unjoined.columns.entry(i).or_insert((row.line, raw.clone(), 0));
            e.2 += 1;
            return Vec::new();
        }
        split_dn_list(&raw)
    }

    fn object(&mut self, row: &Row, diags: &mut Diagnostics) -> DirectoryObject {
        let mut o = DirectoryObject::new(ObjectKind::Other, self.table.provenance(row));
        o.object_classes = self
            .text(row, "object_class")
            .map(|c| c.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        o.login = self.text(row, "login");
        o.uac = self.uac(row, diags);
        let group_hint = self.first(row, "members").is_some();
        o.kind = ObjectKind::classify(&o.object_classes, o.uac.as_ref(), o.login.as_deref(), group_hint);
        o.dn = self.text(row, "dn");
        if o.kind == ObjectKind::Other {
            return o;
        }
        o.upn = self.text(row, "upn");
        o.display_name = self.text(row, "display_name");
        o.last_name = self.text(row, "last_name");
        o.first_name = self.text(row, "first_name");
        o.email = self.text(row, "email");
        o.employee_number = self.text(row, "employee_number");
        o.rpps = self.text(row, "rpps");
        o.birth_date = self.date(row, "birth_date", diags).map(|d| d.date());
        o.unit = self.text(row, "unit");
        o.title = self.text(row, "title");
        o.description = self.text(row, "description");
        o.manager = self.text(row, "manager");
        o.sid = self.sid(row, diags);
        o.enabled = self.bool(row, "enabled", diags);
        o.locked = self.bool(row, "locked", diags);
        o.password_never_expires = self.bool(row, "password_never_expires", diags);
        o.password_not_required = self.bool(row, "password_not_required", diags);
        o.smartcard_required = self.bool(row, "smartcard_required", diags);
        o.lockout_time = self.date(row, "lockout_time", diags);
        o.expires = self.date(row, "expires", diags);
        o.last_logon = self.latest(row, "last_logon", diags);
        o.created = self.date(row, "created", diags);
        o.password_last_set = self.date(row, "password_last_set", diags);
        o.member_of = self.dn_list(row, "member_of");
        o.members = self.dn_list(row, "members");
        o.primary_group = self.text(row, "primary_group").map(|p| match p.parse::<u32>() {
            Ok(rid) => PrimaryGroup::Rid(rid),
            Err(_) => PrimaryGroup::Dn(p),
        });
        o.extra = Cells {
            row,
            cols: self.cols,
            file: self.file,
            order: self.order,
            values: self.values,
            diags,
        }
        .extra();
        if self.lost_accents.is_none() {
            let names = [&o.last_name, &o.first_name, &o.display_name, &o.dn];
            if let Some(name) = names.into_iter().flatten().find(|n| has_lost_letter(n)) {
                self.lost_accents = Some((row.line, name.clone()));
            }
        }
        o
    }

    /// One warning per source for what cannot be read at all.
    fn report(&self, diags: &mut Diagnostics) {
        for (&i, (line, type_name, rows)) in &self.unjoined.columns {
            let d = Diagnostic::warning(
                Code::InvalidValue,
                format!(
                    "la colonne contient le nom de type « {type_name} » au lieu des groupes, sur {rows} ligne(s) : \
                     les appartenances aux groupes de ces comptes manquent dans l'instantané"
                ),
            )
            .in_file(self.file)
            .at(*line, i as u64 + 1)
            .field(self.table.headers[i].clone())
            .help(format!(
                "Export-Csv n'écrit pas les propriétés à valeurs multiples ; réexportez en les joignant par « ; » :\n    {EXPORT_COMMAND}"
            ));
            diags.push(d);
        }
        if let Some((line, name)) = &self.lost_accents {
            diags.push(
                Diagnostic::warning(
                    Code::InvalidEncoding,
                    format!("« {name} » : des lettres accentuées ont été remplacées par « ? » à l'export"),
                )
                .in_file(self.file)
                .at_line(*line)
                .help("Windows PowerShell 5.1 écrit en ASCII par défaut : ajoutez -Encoding UTF8 à Export-Csv"),
            );
        }
    }
}

/// A `?` between letters: what an ASCII export leaves of `é`.
fn has_lost_letter(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.iter().enumerate().any(|(i, ch)| {
        *ch == '?'
            && (i > 0 && c[i - 1].is_alphabetic() || c.get(i + 1).is_some_and(|n| n.is_alphabetic()))
    })
}

#[cfg(test)]
mod tests;
