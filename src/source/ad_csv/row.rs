//! One PowerShell CSV row → one [`DirectoryObject`]: each field from the
//! first non-empty of its columns, AD values decoded (dates in every form,
//! userAccountControl, SID), multi-valued cells split, and what an export
//! cannot hold (collections written as a type name, accents lost to ASCII)
//! noted for one warning per source.

use super::EXPORT_COMMAND;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::ad_values::directory::{DirectoryObject, ObjectKind, PrimaryGroup};
use crate::source::ad_values::{
    is_integer, parse_ad_datetime, parse_sid_string, sid_to_string, split_dn_list,
    UserAccountControl, AD_DATE_HELP,
};
use crate::source::tabular::{Cells, Columns, Row, Table};
use crate::source::values::DateOrder;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// Rows whose multi-valued cells hold a type name instead of the values.
#[derive(Default)]
pub(super) struct Unjoined {
    /// (column, first line, type name as written, rows).
    columns: BTreeMap<usize, (u64, String, usize)>,
}

/// True for what Export-Csv writes in place of a collection.
fn is_type_name(cell: &str) -> bool {
    let c = cell.trim();
    c.contains("ADPropertyValueCollection")
        || (c.starts_with("System.") && c.ends_with("[]") && !c.contains([' ', '=']))
}

pub(super) struct RowReader<'a> {
    pub table: &'a Table,
    pub cols: &'a Columns,
    /// For each field, the columns a row may take it from, in order.
    pub candidates: &'a BTreeMap<&'static str, Vec<usize>>,
    pub file: &'a str,
    pub order: DateOrder,
    pub values: &'a BTreeMap<String, BTreeMap<String, String>>,
    pub unjoined: Unjoined,
    /// First line where a name holds `?` in place of a letter.
    pub lost_accents: Option<(u64, String)>,
    /// Computers are read as accounts (`include_computers`).
    pub include_computers: bool,
}

impl RowReader<'_> {
    fn idx(&self, field: &str) -> &[usize] {
        self.candidates.get(field).map_or(&[], Vec::as_slice)
    }

    fn cell(row: &Row, i: usize) -> Option<&str> {
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

    fn date_at(
        &self,
        row: &Row,
        i: usize,
        raw: &str,
        diags: &mut Diagnostics,
    ) -> Option<NaiveDateTime> {
        match parse_ad_datetime(raw, self.order) {
            Ok(d) => d,
            Err(_) => {
                diags.push(
                    self.error(
                        row,
                        i,
                        Code::InvalidDate,
                        format!("date illisible « {raw} »"),
                    )
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
            Err(_) => {
                diags.push(self.error(
                    row,
                    i,
                    Code::InvalidValue,
                    format!("userAccountControl « {raw} » : entier 32 bits attendu"),
                ));
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
            Err(_) => {
                diags.push(self.error(
                    row,
                    i,
                    Code::InvalidValue,
                    format!("SID illisible « {raw} » (attendu S-1-5-…)"),
                ));
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
            let e = self
                .unjoined
                .columns
                .entry(i)
                .or_insert((row.line, raw.clone(), 0));
            e.2 += 1;
            return Vec::new();
        }
        split_dn_list(&raw)
    }

    pub fn object(&mut self, row: &Row, diags: &mut Diagnostics) -> DirectoryObject {
        let mut o = DirectoryObject::new(ObjectKind::Other, self.table.provenance(row));
        o.object_classes = self
            .text(row, "object_class")
            .map(|c| {
                c.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        o.login = self.text(row, "login");
        o.uac = self.uac(row, diags);
        let group_hint = self.first(row, "members").is_some();
        o.kind = ObjectKind::classify(
            &o.object_classes,
            o.uac.as_ref(),
            o.login.as_deref(),
            group_hint,
        );
        o.dn = self.text(row, "dn");
        // Skipped objects need only their DN (to recognise them as members).
        let skipped = o.kind == ObjectKind::Computer && !self.include_computers;
        if o.kind == ObjectKind::Other || skipped {
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
        o.primary_group = self
            .text(row, "primary_group")
            .map(|p| match p.parse::<u32>() {
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
    pub fn report(&self, diags: &mut Diagnostics) {
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
            && (i > 0 && c[i - 1].is_alphabetic()
                || c.get(i + 1).is_some_and(|n| n.is_alphabetic()))
    })
}
