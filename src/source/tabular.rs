//! Tables from files: delimited text (through the `csv` crate) and workbooks
//! (xlsx, xls, ods through calamine), with the header mapped to Vigie fields.
//!
//! [`read_table`] yields a [`Table`]: header, rows with their line (or sheet
//! row), and how the file was read. It copes with what hospitals export:
//! detected or configured delimiter, quoted fields holding delimiters and line
//! breaks, blank lines, PowerShell's `#TYPE` first line, a trailing delimiter,
//! numbers stored as floats in workbooks. A row with the wrong number of
//! fields, an unclosed quote at the end, or an error cell is a diagnostic.
//!
//! [`Columns::resolve`] maps each field to a header (configured name first,
//! then the connector's defaults, ignoring case and accents) and reports a
//! configured column that is absent with the closest header as a suggestion.
//! [`Cells`] then reads typed values from a row, each failure located by
//! file, line and column name.

use super::values::{self, DateOrder, DATE_HELP};
use super::{FieldSpec, ReadContext, SourceRead};
use crate::config::FileFormat;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Provenance;
use crate::text::fold_key;
use calamine::{Data, Reader};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line where the record starts (CSV) or sheet row (workbook).
    pub line: u64,
    pub cells: Vec<String>,
}

/// A file read as a table.
#[derive(Debug)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_line: u64,
    pub rows: Vec<Row>,
    /// The sheet, for workbooks.
    pub sheet: Option<Arc<str>>,
    source: Arc<str>,
    file: Arc<str>,
}

impl Table {
    pub fn provenance(&self, row: &Row) -> Provenance {
        let (line, r) = match self.sheet {
            Some(_) => (None, Some(row.line)),
            None => (Some(row.line), None),
        };
        Provenance {
            source: self.source.clone(),
            file: self.file.clone(),
            line,
            sheet: self.sheet.clone(),
            row: r,
        }
    }
}

/// Reads the source's file as a table; `None` when it cannot be read at all
/// (the reason is in `out.diagnostics`).
pub fn read_table(ctx: &ReadContext<'_>, out: &mut SourceRead) -> Option<Table> {
    let bytes = ctx.read_bytes(out)?;
    ctx.progress.start(&ctx.source.id, bytes.len() as u64);
    let table = match ctx.source.format {
        FileFormat::Spreadsheet => read_workbook(ctx, &bytes, out),
        _ => read_csv(ctx, &bytes, out),
    };
    ctx.progress.advance(bytes.len() as u64);
    ctx.progress.finish();
    let table = table?;
    out.records_read = table.rows.len();
    Some(table)
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Picks the delimiter that splits the header line most, outside quotes.
pub fn detect_delimiter(header_line: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b'|', 0), (b',', 0)];
    let mut in_quotes = false;
    for b in header_line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, [b',', b'|', b'\t', b';'].iter().position(|x| x == d)))
        .filter(|(_, n)| *n > 0)
        .map_or(b';', |(d, _)| *d)
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tabulation".into(),
        d => format!("« {} »", d as char),
    }
}

fn read_csv(ctx: &ReadContext<'_>, bytes: &[u8], out: &mut SourceRead) -> Option<Table> {
    let file = ctx.source.path_display.as_str();
    let decoded = match super::text::decode(bytes, ctx.source.encoding, file) {
        Ok(d) => d,
        Err(e) => {
            out.diagnostics.push(*e);
            return None;
        }
    };
    out.read_as
        .insert("encodage".into(), decoded.encoding.into());
    let text = decoded.text;

    // Lines before the header: configured header line, else PowerShell's #TYPE.
    let mut skip_lines = ctx.source.header_row.map_or(0, |h| h as usize - 1);
    if skip_lines == 0 && text.trim_start().starts_with("#TYPE") {
        skip_lines = 1;
        out.read_as.insert("ligne #TYPE".into(), "ignorée".into());
    }
    let mut offset = 0;
    for _ in 0..skip_lines {
        match text[offset..].find('\n') {
            Some(p) => offset += p + 1,
            None => offset = text.len(),
        }
    }
    let body = &text[offset..];
    let first_line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = ctx
        .source
        .delimiter
        .unwrap_or_else(|| detect_delimiter(first_line));
    out.read_as
        .insert("séparateur".into(), delimiter_name(delimiter));

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let line_base = skip_lines as u64;
    let lines = LineIndex::new(body.as_bytes(), line_base);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut last_start = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let pos = record.position().expect("csv records have positions");
                let (start, line) = lines.line_at(pos.byte() as usize);
                last_start = start;
                let cells: Vec<String> = record.iter().map(str::to_string).collect();
                if !is_blank(&cells) {
                    rows.push(Row { line, cells });
                }
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(line_base + 1, |p| lines.line_at(p.byte() as usize).1);
                out.diagnostics.push(
                    ctx.diag(Code::Syntax, format!("CSV illisible : {e}"))
                        .at_line(line),
                );
                return None;
            }
        }
    }
    let Some((headers, header_line, rows)) =
        split_header(rows, ctx.source.header_row.is_some(), out)
    else {
        out.diagnostics.push(
            ctx.diag(Code::EmptyFile, "le fichier ne contient aucune ligne")
                .at_line(1),
        );
        return None;
    };
    // An unclosed quote swallows the end of the file into one field.
    let tail = &body[last_start.min(body.len())..];
    let quote_unclosed = tail.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    check_field_counts(
        ctx,
        &headers,
        &rows,
        quote_unclosed,
        body.ends_with('\n'),
        out,
    );
    Some(Table {
        headers: headers.iter().map(|h| h.trim().to_string()).collect(),
        header_line,
        rows,
        sheet: None,
        source: ctx.source.id.as_str().into(),
        file: file.into(),
    })
}

/// 1-based line numbers from byte offsets. The csv crate's own
/// `Position::line` lags on CRLF input (BurntSushi/rust-csv#395), which is how
/// Windows writes every export, and a record's byte position may point at the
/// previous line's terminator.
struct LineIndex<'b> {
    bytes: &'b [u8],
    newlines: Vec<usize>,
    base: u64,
}

impl<'b> LineIndex<'b> {
    fn new(bytes: &'b [u8], base: u64) -> Self {
        LineIndex {
            bytes,
            newlines: memchr::memchr_iter(b'\n', bytes).collect(),
            base,
        }
    }

    /// The first byte of the record at `offset` and its line.
    fn line_at(&self, offset: usize) -> (usize, u64) {
        let start = offset
            + self.bytes[offset.min(self.bytes.len())..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        (
            start,
            self.newlines.partition_point(|&nl| nl < start) as u64 + 1 + self.base,
        )
    }
}

/// Splits non-blank rows into header and data. Unless the header row is
/// configured, title lines above the header (rows with a single filled cell,
/// such as « Export des utilisateurs du 22/11/2026 ») are skipped: the header
/// is the first row with at least two filled cells.
fn split_header(
    mut rows: Vec<Row>,
    configured: bool,
    out: &mut SourceRead,
) -> Option<(Vec<String>, u64, Vec<Row>)> {
    let filled = |r: &Row| r.cells.iter().filter(|c| !c.trim().is_empty()).count();
    let index = if configured {
        0
    } else {
        rows.iter().position(|r| filled(r) >= 2).unwrap_or(0)
    };
    if rows.is_empty() {
        return None;
    }
    if index > 0 {
        out.read_as
            .insert("lignes de titre ignorées".into(), index.to_string());
    }
    let data = rows.split_off(index + 1);
    let header = rows.pop()?;
    Some((header.cells, header.line, data))
}

/// Every row must have as many fields as the header (a trailing empty header
/// column, as in pipe exports ending with `|`, may be missing).
fn check_field_counts(
    ctx: &ReadContext<'_>,
    headers: &[String],
    rows: &[Row],
    quote_unclosed: bool,
    ends_with_newline: bool,
    out: &mut SourceRead,
) {
    let named = headers
        .iter()
        .rposition(|h| !h.trim().is_empty())
        .map_or(0, |p| p + 1);
    let n = headers.len();
    for (i, row) in rows.iter().enumerate() {
        let last = i + 1 == rows.len();
        let len = row.cells.len();
        let extra_empty = len > n && row.cells[n..].iter().all(|c| c.is_empty());
        let ok = (named..=n).contains(&len) || extra_empty;
        if last && quote_unclosed {
            out.diagnostics.push(
                ctx.diag(
                    Code::Truncated,
                    "guillemet ouvert jamais refermé : le fichier se termine au milieu d'un champ",
                )
                .at_line(row.line)
                .help("le fichier est probablement tronqué : relancez l'export"),
            );
        } else if !ok && last && !ends_with_newline && len < n {
            out.diagnostics.push(
                ctx.diag(
                    Code::Truncated,
                    format!("la dernière ligne n'a que {len} champ(s) sur {n} : le fichier semble tronqué"),
                )
                .at_line(row.line)
                .help("relancez l'export et vérifiez que le fichier a été copié en entier"),
            );
        } else if !ok {
            out.diagnostics.push(
                ctx.diag(
                    Code::FieldCount,
                    format!("{len} champ(s) au lieu de {n} (en-tête)"),
                )
                .at_line(row.line)
                .help("un séparateur ou un guillemet non échappé dans une valeur ? vérifiez aussi le séparateur"),
            );
        }
    }
}

fn read_workbook(ctx: &ReadContext<'_>, bytes: &[u8], out: &mut SourceRead) -> Option<Table> {
    let file = ctx.source.path_display.as_str();
    let mut wb = match calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(e) => {
            out.diagnostics.push(
                ctx.diag(Code::Syntax, format!("classeur illisible : {e}"))
                    .help("formats lus : xlsx, xlsm, xlsb, xls, ods"),
            );
            return None;
        }
    };
    let names = wb.sheet_names();
    let sheet = match &ctx.source.sheet {
        Some(s) => match names.iter().find(|n| fold_key(n) == fold_key(s)) {
            Some(n) => n.clone(),
            None => {
                out.diagnostics.push(
                    ctx.diag(
                        Code::MissingColumn,
                        format!("feuille « {s} » absente du classeur"),
                    )
                    .field("sheet")
                    .help(format!("feuilles présentes : {}", names.join(", "))),
                );
                return None;
            }
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                out.diagnostics
                    .push(ctx.diag(Code::EmptyFile, "le classeur ne contient aucune feuille"));
                return None;
            }
        },
    };
    out.read_as.insert("feuille".into(), sheet.clone());
    let range = match wb.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            out.diagnostics
                .push(ctx.diag(Code::Syntax, format!("feuille « {sheet} » illisible : {e}")));
            return None;
        }
    };
    let (row0, _) = range.start().unwrap_or((0, 0));
    let sheet_arc: Arc<str> = sheet.as_str().into();
    let mut rows = Vec::new();
    let min_row = ctx.source.header_row.map_or(1, u64::from);
    for (i, cells) in range.rows().enumerate() {
        let line = row0 as u64 + i as u64 + 1;
        if line < min_row {
            continue;
        }
        let mut strings = Vec::with_capacity(cells.len());
        for (c, cell) in cells.iter().enumerate() {
            match cell_to_string(cell) {
                Ok(s) => strings.push(s),
                Err(code) => {
                    let col = rows.first().and_then(|h: &Row| h.cells.get(c).cloned());
                    let mut d = Diagnostic::error(
                        Code::InvalidValue,
                        format!("cellule en erreur ({code})"),
                    )
                    .in_file(format!("{file}[{sheet}]"))
                    .at(line, c as u64 + 1);
                    if let Some(col) = col.filter(|c| !c.is_empty()) {
                        d = d.field(col);
                    }
                    out.diagnostics.push(d);
                    strings.push(String::new());
                }
            }
        }
        if !is_blank(&strings) {
            rows.push(Row {
                line,
                cells: strings,
            });
        }
    }
    let Some((headers, header_line, rows)) =
        split_header(rows, ctx.source.header_row.is_some(), out)
    else {
        out.diagnostics.push(
            ctx.diag(Code::EmptyFile, format!("la feuille « {sheet} » est vide"))
                .field("sheet"),
        );
        return None;
    };
    Some(Table {
        headers: headers.iter().map(|h| h.trim().to_string()).collect(),
        header_line,
        rows,
        sheet: Some(sheet_arc),
        source: ctx.source.id.as_str().into(),
        file: file.into(),
    })
}

/// A cell as text: whole floats without `.0` (matricules and RPPS typed as
/// numbers), dates in ISO form.
fn cell_to_string(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => d.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("{e}")),
    })
}

/// The common start of a tabular connector: the table, its columns mapped
/// to `fields`, and the file name for messages; `None` when either step
/// failed (the reason is in `out.diagnostics`).
pub fn open(
    ctx: &ReadContext<'_>,
    fields: &[FieldSpec],
    out: &mut SourceRead,
) -> Option<(Table, Columns, String)> {
    let table = read_table(ctx, out)?;
    let cols = Columns::resolve(&table, fields, ctx, &mut out.diagnostics)?;
    let file = display_file(ctx, &table);
    Some((table, cols, file))
}

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
                        let help = match super::super::config::spanned::closest(
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

/// The file name as shown in diagnostics (with the sheet for workbooks).
pub fn display_file(ctx: &ReadContext<'_>, table: &Table) -> String {
    match &table.sheet {
        Some(s) => format!("{}[{}]", ctx.source.path_display, s),
        None => ctx.source.path_display.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter("Matricule;Nom;Prénom"), b';');
        assert_eq!(detect_delimiter("login,nom,\"profils; multiples\""), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("Type|Id|Nom|"), b'|');
        assert_eq!(detect_delimiter("seul"), b';');
    }

    #[test]
    fn record_lines_with_crlf_and_lf() {
        for text in [
            "a,b\r\n1,2\r\n\r\n\"x\r\ny\",3\r\n4,5\r\n",
            "a,b\n1,2\n\n\"x\ny\",3\n4,5\n",
        ] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let lines = LineIndex::new(text.as_bytes(), 0);
            let mut record = csv::StringRecord::new();
            let mut got = Vec::new();
            while reader.read_record(&mut record).unwrap() {
                let pos = record.position().unwrap();
                got.push(lines.line_at(pos.byte() as usize).1);
            }
            assert_eq!(got, vec![1, 2, 4, 6], "{text:?}");
        }
    }
}
