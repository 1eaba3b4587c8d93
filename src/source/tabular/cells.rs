//! The header mapped to Vigie fields ([`Columns`]) and typed, located
//! reading of a row's cells ([`Cells`]).

use super::{Row, Table};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::values::{self, DateOrder, DATE_HELP};
use crate::source::{FieldSpec, ReadContext};
use crate::text::fold_key;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::{BTreeMap, HashMap};

/// Where each field sits in the table.
#[derive(Debug, Default)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
    /// Header names, by index, for messages.
    headers: Vec<String>,
    /// Extra columns kept verbatim: (header, index).
    pub extra: Vec<(String, usize)>,
}

impl Columns {
    /// Maps fields to headers. Configured names must exist; defaults are
    /// tried quietly; a required field found nowhere is an error.
    pub fn resolve(
        table: &Table,
        fields: &[FieldSpec],
        ctx: &ReadContext<'_>,
        diags: &mut Diagnostics,
    ) -> Option<Columns> {
        let folded: Vec<String> = table.headers.iter().map(|h| fold_key(h)).collect();
        let find = |name: &str| -> Option<usize> {
            table
                .headers
                .iter()
                .position(|h| h == name)
                .or_else(|| folded.iter().position(|h| *h == fold_key(name)))
        };
        let mut cols = Columns {
            headers: table.headers.clone(),
            ..Columns::default()
        };
        let mut ok = true;
        let file = match &table.sheet {
            Some(s) => format!("{}[{}]", ctx.source.path_display, s),
            None => ctx.source.path_display.clone(),
        };
        let missing = |what: String, help: String| {
            Diagnostic::error(Code::MissingColumn, what)
                .in_file(&file)
                .at_line(table.header_line)
                .help(help)
        };
        for spec in fields {
            if let Some(name) = ctx.source.columns.get(spec.name) {
                match find(name) {
                    Some(i) => {
                        cols.index.insert(spec.name, i);
                    }
                    None => {
                        ok = false;
                        let help = match crate::config::spanned::closest(
                            name,
                            table.headers.iter().map(String::as_str),
                        ) {
                            Some(c) => format!("colonne la plus proche : « {c} » ; corrigez [source.columns] dans vigie.toml"),
                            None => format!("colonnes présentes : {}", table.headers.join(", ")),
                        };
                        diags.push(
                            missing(format!("colonne « {name} » absente de l'en-tête"), help)
                                .field(spec.name),
                        );
                    }
                }
                continue;
            }
            if let Some(i) = spec.default_columns.iter().find_map(|c| find(c)) {
                cols.index.insert(spec.name, i);
            } else if spec.required {
                ok = false;
                diags.push(
                    missing(
                        format!("aucune colonne pour le champ obligatoire « {} » ({})", spec.name, spec.help),
                        format!(
                            "indiquez la colonne dans [source.columns] : {} = \"…\" ; colonnes présentes : {}",
                            spec.name,
                            table.headers.join(", ")
                        ),
                    )
                    .field(spec.name),
                );
            }
        }
        for name in &ctx.source.keep_columns {
            match find(name) {
                Some(i) => cols.extra.push((table.headers[i].clone(), i)),
                None => {
                    ok = false;
                    diags.push(
                        missing(
                            format!("colonne « {name} » (keep_columns) absente de l'en-tête"),
                            format!("colonnes présentes : {}", table.headers.join(", ")),
                        )
                        .field("keep_columns"),
                    );
                }
            }
        }
        ok.then_some(cols)
    }

    pub fn has(&self, field: &str) -> bool {
        self.index.contains_key(field)
    }

    pub fn index(&self, field: &str) -> Option<usize> {
        self.index.get(field).copied()
    }

    pub fn header(&self, field: &str) -> Option<&str> {
        self.index(field).map(|i| self.headers[i].as_str())
    }

    /// Decides the date order for `auto` from the values of the date fields.
    pub fn date_order(
        &self,
        table: &Table,
        configured: DateOrder,
        date_fields: &[&str],
    ) -> DateOrder {
        if configured != DateOrder::Auto {
            return configured;
        }
        let idx: Vec<usize> = date_fields.iter().filter_map(|f| self.index(f)).collect();
        let values = table.rows.iter().flat_map(|r| {
            idx.iter()
                .filter_map(move |i| r.cells.get(*i).map(String::as_str))
        });
        values::detect_order(values).unwrap_or(DateOrder::Dmy)
    }
}

/// Typed access to one row's cells, pushing located diagnostics.
pub struct Cells<'a> {
    pub row: &'a Row,
    pub cols: &'a Columns,
    pub file: &'a str,
    pub order: DateOrder,
    pub values: &'a BTreeMap<String, BTreeMap<String, String>>,
    pub diags: &'a mut Diagnostics,
}

impl Cells<'_> {
    fn locate(&self, field: &str, code: Code, msg: String) -> Diagnostic {
        let col = self.cols.index(field).map_or(0, |i| i as u64 + 1);
        Diagnostic::error(code, msg)
            .in_file(self.file)
            .at(self.row.line, col)
            .field(self.cols.header(field).unwrap_or(field).to_string())
    }

    /// The raw cell, trimmed; `None` when the field is unmapped or empty.
    pub fn str(&self, field: &str) -> Option<String> {
        let i = self.cols.index(field)?;
        let v = self.row.cells.get(i)?.trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// A value that must be present.
    pub fn required(&mut self, field: &str) -> Option<String> {
        let v = self.str(field);
        if v.is_none() && self.cols.has(field) {
            let d = self.locate(field, Code::MissingValue, "valeur obligatoire vide".into());
            self.diags.push(d);
        }
        v
    }

    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        self.datetime(field).map(|dt| dt.date())
    }

    pub fn datetime(&mut self, field: &str) -> Option<NaiveDateTime> {
        let raw = self.str(field)?;
        match values::parse_datetime(&raw, self.order) {
            Ok(v) => v,
            Err(values::Unreadable) => {
                let d = self
                    .locate(
                        field,
                        Code::InvalidDate,
                        format!("date illisible « {raw} »"),
                    )
                    .help(DATE_HELP);
                self.diags.push(d);
                None
            }
        }
    }

    pub fn bool(&mut self, field: &str) -> Option<bool> {
        let raw = self.str(field)?;
        match values::parse_bool(&raw, self.values.get(field)) {
            Ok(v) => v,
            Err(values::Unreadable) => {
                let d = self
                    .locate(field, Code::InvalidValue, format!("valeur « {raw} » ni vraie ni fausse"))
                    .help(format!(
                        "valeurs reconnues : oui/non, vrai/faux, 1/0, actif/inactif ; ou ajoutez-la dans [source.values.{field}]"
                    ));
                self.diags.push(d);
                None
            }
        }
    }

    pub fn u64(&mut self, field: &str) -> Option<u64> {
        let raw = self.str(field)?;
        match raw.replace([' ', '\u{a0}'], "").parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let d = self.locate(
                    field,
                    Code::InvalidValue,
                    format!("nombre entier attendu, trouvé « {raw} »"),
                );
                self.diags.push(d);
                None
            }
        }
    }

    /// Cells holding several values separated by `sep` (profiles, roles).
    pub fn list(&self, field: &str, sep: &str) -> Vec<String> {
        self.str(field)
            .map(|v| {
                v.split(sep)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The columns kept verbatim.
    pub fn extra(&self) -> BTreeMap<String, String> {
        self.cols
            .extra
            .iter()
            .filter_map(|(h, i)| {
                let v = self.row.cells.get(*i)?.trim();
                (!v.is_empty()).then(|| (h.clone(), v.to_string()))
            })
            .collect()
    }

    /// A warning about this row's field.
    pub fn warn(&mut self, field: &str, msg: String, help: String) {
        let mut d = self.locate(field, Code::InvalidValue, msg).help(help);
        d.level = crate::diag::Level::Warning;
        self.diags.push(d);
    }
}
