//! Reading TOML with positions: the raw phase of every configuration file.
//!
//! [`TomlDoc`] parses a file into toml's spanned tree and turns byte offsets
//! into line:column. [`TableReader`] walks one table: each `take_*` call marks
//! a key as known and reports a wrong type as a diagnostic instead of failing,
//! and [`TableReader::finish`] reports every key nobody asked for (with the
//! closest known key as a suggestion). Nothing here returns early, so
//! `vigie validate` lists every problem of a file at once.

use crate::diag::{Code, Diagnostic, Diagnostics};
use std::collections::BTreeSet;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A TOML file kept with its text so spans become line and column.
pub struct TomlDoc {
    /// The path as shown to the user.
    pub display: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl TomlDoc {
    /// Reads an optional file: `Ok(None)` when it does not exist (its
    /// defaults then apply), an I/O diagnostic naming it when unreadable.
    pub fn read_optional(path: &std::path::Path) -> Result<Option<TomlDoc>, Diagnostics> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(TomlDoc::new(path.display().to_string(), text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(std::iter::once(crate::source::io_error(
                &path.display().to_string(),
                &e,
            ))
            .collect()),
        }
    }

    /// The `.toml` files under `dir`, recursively, in path order.
    pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml")
            })
            .map(|e| e.into_path())
            .collect();
        files.sort();
        files
    }

    pub fn new(display: impl Into<String>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        TomlDoc {
            display: display.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u64, u64) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let end = offset.min(self.text.len());
        let col = self.text.get(start..end).map_or(0, |s| s.chars().count());
        (line as u64 + 1, col as u64 + 1)
    }

    /// A diagnostic located at `span` in this file.
    pub fn diag(&self, code: Code, span: &Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(span.start);
        Diagnostic::error(code, message)
            .in_file(&self.display)
            .at(line, col)
    }

    /// Parses the document; syntax errors become diagnostics.
    pub fn parse(&self, diags: &mut Diagnostics) -> Option<Spanned<DeTable<'_>>> {
        let (table, errors) = DeTable::parse_recoverable(&self.text);
        if errors.is_empty() {
            return Some(table);
        }
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            diags.push(self.diag(
                Code::TomlSyntax,
                &span,
                format!("syntaxe TOML invalide : {}", e.message().trim()),
            ));
        }
        None
    }
}

/// The French name of a TOML value's type, for messages.
pub fn type_fr(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "une chaîne",
        DeValue::Integer(_) => "un entier",
        DeValue::Float(_) => "un nombre décimal",
        DeValue::Boolean(_) => "un booléen",
        DeValue::Datetime(_) => "une date",
        DeValue::Array(_) => "un tableau",
        DeValue::Table(_) => "une table",
    }
}

/// Walks one table, collecting what was asked for and what was wrong.
pub struct TableReader<'d, 't, 'i> {
    pub doc: &'d TomlDoc,
    table: &'t DeTable<'i>,
    span: Range<usize>,
    /// Where this table sits, for messages (e.g. `source[2]`).
    pub path: String,
    used: BTreeSet<String>,
}

impl<'d, 't, 'i> TableReader<'d, 't, 'i> {
    pub fn new(
        doc: &'d TomlDoc,
        table: &'t DeTable<'i>,
        span: Range<usize>,
        path: impl Into<String>,
    ) -> Self {
        TableReader {
            doc,
            table,
            span,
            path: path.into(),
            used: BTreeSet::new(),
        }
    }

    pub fn span(&self) -> &Range<usize> {
        &self.span
    }

    /// The dotted key name for messages.
    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{}", self.path, key)
        }
    }

    fn raw(&mut self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.used.insert(key.to_string());
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    /// The raw value, marking the key as known.
    pub fn value(&mut self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.raw(key)
    }

    fn wrong_type(
        &self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        expected: &str,
        diags: &mut Diagnostics,
    ) {
        diags.push(
            self.doc
                .diag(
                    Code::InvalidConfig,
                    &v.span(),
                    format!("attendu {expected}, trouvé {}", type_fr(v.get_ref())),
                )
                .field(self.key_path(key)),
        );
    }

    /// An optional string naming one of a fixed set of values: `parse`
    /// reads it; an unknown one is reported as « `what` inconnu » with the
    /// accepted values in `help`.
    pub fn opt_choice<T>(
        &mut self,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
        what: &str,
        help: &str,
        diags: &mut Diagnostics,
    ) -> Option<T> {
        let v = self.opt_str(key, diags)?;
        let parsed = parse(v.get_ref());
        if parsed.is_none() {
            diags.push(
                self.doc
                    .diag(
                        Code::InvalidConfig,
                        &v.span(),
                        format!("{what} inconnu « {} »", v.get_ref()),
                    )
                    .field(self.key_path(key))
                    .help(help),
            );
        }
        parsed
    }

    /// A required key is absent: reported on the table's first line.
    pub fn missing(&self, key: &str, help: &str, diags: &mut Diagnostics) {
        let mut d = self
            .doc
            .diag(
                Code::MissingKey,
                &self.span,
                format!("clé obligatoire « {key} » absente"),
            )
            .field(self.key_path(key));
        if !help.is_empty() {
            d = d.help(help);
        }
        diags.push(d);
    }

    pub fn opt_str(&mut self, key: &str, diags: &mut Diagnostics) -> Option<Spanned<String>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
            _ => {
                self.wrong_type(key, v, "une chaîne", diags);
                None
            }
        }
    }

    pub fn req_str(
        &mut self,
        key: &str,
        help: &str,
        diags: &mut Diagnostics,
    ) -> Option<Spanned<String>> {
        let present = self.table.iter().any(|(k, _)| k.get_ref().as_ref() == key);
        if !present {
            self.used.insert(key.to_string());
            self.missing(key, help, diags);
            return None;
        }
        self.opt_str(key, diags)
    }

    pub fn opt_bool(&mut self, key: &str, diags: &mut Diagnostics) -> Option<bool> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "un booléen (true ou false)", diags);
                None
            }
        }
    }

    pub fn opt_int(&mut self, key: &str, diags: &mut Diagnostics) -> Option<Spanned<i64>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Spanned::new(v.span(), n)),
                Err(_) => {
                    self.wrong_type(key, v, "un entier", diags);
                    None
                }
            },
            _ => {
                self.wrong_type(key, v, "un entier", diags);
                None
            }
        }
    }

    /// An array of strings; a single string is accepted as a one-element list.
    pub fn opt_str_list(
        &mut self,
        key: &str,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Spanned<String>>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(vec![Spanned::new(v.span(), s.to_string())]),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Spanned::new(item.span(), s.to_string())),
                        _ => self.wrong_type(key, item, "une chaîne dans le tableau", diags),
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, v, "un tableau de chaînes", diags);
                None
            }
        }
    }

    /// A sub-table, as its own reader.
    pub fn opt_table(
        &mut self,
        key: &str,
        diags: &mut Diagnostics,
    ) -> Option<TableReader<'d, 't, 'i>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(TableReader::new(self.doc, t, v.span(), self.key_path(key))),
            _ => {
                self.wrong_type(key, v, "une table", diags);
                None
            }
        }
    }

    /// An array of tables (`[[key]]`), each as its own reader.
    pub fn opt_table_array(
        &mut self,
        key: &str,
        diags: &mut Diagnostics,
    ) -> Vec<TableReader<'d, 't, 'i>> {
        let Some(v) = self.raw(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "un tableau de tables ([[…]])", diags);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(TableReader::new(
                    self.doc,
                    t,
                    item.span(),
                    format!("{}[{}]", self.key_path(key), i + 1),
                )),
                _ => self.wrong_type(key, item, "une table", diags),
            }
        }
        out
    }

    /// Every entry of a free-form table (keys chosen by the user), all marked known.
    pub fn entries(&mut self) -> Vec<(Spanned<String>, &'t Spanned<DeValue<'i>>)> {
        let mut out = Vec::new();
        for (k, v) in self.table.iter() {
            self.used.insert(k.get_ref().to_string());
            out.push((Spanned::new(k.span(), k.get_ref().to_string()), v));
        }
        out
    }

    /// Reports every key that no `take` asked for.
    pub fn finish(self, diags: &mut Diagnostics) {
        for (k, _) in self.table.iter() {
            let name = k.get_ref().as_ref();
            if self.used.contains(name) {
                continue;
            }
            let mut d = self
                .doc
                .diag(
                    Code::UnknownKey,
                    &k.span(),
                    format!("clé inconnue « {name} »"),
                )
                .field(self.key_path(name));
            if let Some(s) = closest(name, self.used.iter().map(String::as_str)) {
                d = d.help(format!("vouliez-vous dire « {s} » ?"));
            }
            diags.push(d);
        }
    }
}

/// The candidate closest to `word`, if close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lw = word.to_lowercase();
    candidates
        .map(|c| (strsim::damerau_levenshtein(&lw, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_wrong_types_are_all_reported() {
        let doc = TomlDoc::new(
            "vigie.toml",
            "nmae = \"x\"\nid = 3\n[sub]\nok = true\n".to_string(),
        );
        let mut diags = Diagnostics::new();
        let table = doc.parse(&mut diags).unwrap();
        let mut r = TableReader::new(&doc, table.get_ref(), table.span(), "");
        assert!(r.opt_str("id", &mut diags).is_none());
        r.req_str("name", "", &mut diags);
        let mut sub = r.opt_table("sub", &mut diags).unwrap();
        assert_eq!(sub.opt_bool("ok", &mut diags), Some(true));
        sub.finish(&mut diags);
        r.finish(&mut diags);
        let text = diags.render();
        assert!(
            text.contains("vigie.toml:2:6: champ « id » : attendu une chaîne"),
            "{text}"
        );
        assert!(text.contains("clé obligatoire « name » absente"), "{text}");
        assert!(
            text.contains("vigie.toml:1:1: champ « nmae » : clé inconnue"),
            "{text}"
        );
        assert!(text.contains("vouliez-vous dire « name »"), "{text}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let doc = TomlDoc::new("x.toml", "a = \"ok\"\nb = = 2\n".to_string());
        let mut diags = Diagnostics::new();
        assert!(doc.parse(&mut diags).is_none());
        assert!(diags.render().contains("x.toml:2:"), "{}", diags.render());
    }
}
