//! Workbooks (xlsx, xls, ods) through calamine: the configured or first
//! sheet, cells turned into text (numbers stored as floats, dates), error
//! cells reported where they are.

use super::{is_blank, split_header, Row, Table};
use crate::diag::{Code, Diagnostic};
use crate::source::{ReadContext, SourceRead};
use crate::text::fold_key;
use calamine::{Data, Reader};
use std::sync::Arc;

pub(super) fn read(ctx: &ReadContext<'_>, bytes: &[u8], out: &mut SourceRead) -> Option<Table> {
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
