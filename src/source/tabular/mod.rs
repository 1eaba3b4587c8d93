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
//!
//! The readers live in `delimited.rs` and `workbook.rs`; columns and cells in
//! `cells.rs`.

mod cells;
mod delimited;
mod workbook;

pub use cells::{Cells, Columns};
pub use delimited::detect_delimiter;

use super::{FieldSpec, ReadContext, SourceRead};
use crate::config::FileFormat;
use crate::model::Provenance;
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
        FileFormat::Spreadsheet => workbook::read(ctx, &bytes, out),
        _ => delimited::read(ctx, &bytes, out),
    };
    ctx.progress.advance(bytes.len() as u64);
    ctx.progress.finish();
    let table = table?;
    out.records_read = table.rows.len();
    Some(table)
}

pub(super) fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Splits non-blank rows into header and data. Unless the header row is
/// configured, title lines above the header (rows with a single filled cell,
/// such as « Export des utilisateurs du 22/11/2026 ») are skipped: the header
/// is the first row with at least two filled cells.
pub(super) fn split_header(
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

/// The file name as shown in diagnostics (with the sheet for workbooks).
pub fn display_file(ctx: &ReadContext<'_>, table: &Table) -> String {
    match &table.sheet {
        Some(s) => format!("{}[{}]", ctx.source.path_display, s),
        None => ctx.source.path_display.clone(),
    }
}
