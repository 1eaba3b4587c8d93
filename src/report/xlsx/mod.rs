//! `plan-d-action.xlsx`: the action plan the managers work from.
//!
//! - « Synthèse »: the establishment, dates, a warning when the scan is
//!   incomplete, open findings per axis and severity, the axis scores and
//!   indicators when the document has them.
//! - One sheet per HospiConnect axis ([`Axis::ALL`]): the open findings, most
//!   severe first, with the check's remediation, the proof path and two
//!   columns left for the managers, « Responsable » and « Échéance » (a date
//!   column with a date validation). Header frozen, autofilter on.
//! - « Constats dérogés » (waived findings), « Registre des exceptions », and
//!   « Constats corrigés » when a baseline was compared against.
//!
//! Every text is written as a string cell (never a formula) and neutralised
//! like the CSV ([`cells::neutralise`]), so that copying it elsewhere cannot
//! run it either.

use super::cells::{self, neutralise};
use super::model::{CheckInfo, Document};
use crate::checks::{Axis, Finding};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::io;
use std::path::Path;

mod summary;

/// The file name in the output folder.
pub const FILE_NAME: &str = "plan-d-action.xlsx";
pub const SUMMARY_SHEET: &str = "Synthèse";
pub const WAIVED_SHEET: &str = "Constats dérogés";
pub const EXCEPTIONS_SHEET: &str = "Registre des exceptions";
pub const FIXED_SHEET: &str = "Constats corrigés";

/// The columns of an axis sheet, with their widths.
pub const PLAN_COLUMNS: [(&str, f64); 15] = [
    ("Priorité", 9.0),
    ("Gravité", 11.0),
    ("Contrôle", 10.0),
    ("Titre", 40.0),
    ("Sujet", 22.0),
    ("Nom", 26.0),
    ("Source", 9.0),
    ("Constat", 60.0),
    ("Preuves", 45.0),
    ("Remédiation", 60.0),
    ("Chemin de preuve", 40.0),
    ("Statut", 18.0),
    ("Responsable", 24.0),
    ("Échéance", 12.0),
    ("Empreinte", 18.0),
];
const DUE_COLUMN: u16 = 13;

const WAIVED_COLUMNS: [(&str, f64); 14] = [
    ("Gravité", 11.0),
    ("Contrôle", 10.0),
    ("Titre", 40.0),
    ("Axe", 28.0),
    ("Sujet", 22.0),
    ("Nom", 26.0),
    ("Source", 9.0),
    ("Constat", 60.0),
    ("Motif", 50.0),
    ("Approuvée par", 20.0),
    ("Ticket", 12.0),
    ("Fin de la dérogation", 12.0),
    ("Exception", 30.0),
    ("Empreinte", 18.0),
];

const EXCEPTION_COLUMNS: [(&str, f64); 9] = [
    ("Emplacement", 30.0),
    ("Contrôle", 10.0),
    ("Sujet", 26.0),
    ("Motif", 50.0),
    ("Approuvée par", 20.0),
    ("Ticket", 12.0),
    ("Expire le", 12.0),
    ("Statut", 12.0),
    ("Constats dérogés", 10.0),
];

const FIXED_COLUMNS: [(&str, f64); 9] = [
    ("Gravité", 11.0),
    ("Contrôle", 10.0),
    ("Titre", 40.0),
    ("Axe", 28.0),
    ("Sujet", 22.0),
    ("Nom", 26.0),
    ("Source", 9.0),
    ("Constat", 60.0),
    ("Empreinte", 18.0),
];

/// One cell to write.
enum Cell {
    Text(String),
    Num(f64),
    Date(NaiveDate),
    Percent(Option<f64>),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

struct Styles {
    header: Format,
    title: Format,
    label: Format,
    warning: Format,
    date: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE4EE))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            warning: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000)),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            percent: Format::new().set_num_format("0.0%"),
        }
    }
}

/// An Excel sheet name from a label: without the characters Excel refuses
/// (`[ ] : * ? / \`), at most 31 characters, cut at a word boundary.
pub fn sheet_name(label: &str) -> String {
    let clean: String = label
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let clean = clean.trim().trim_matches('\'');
    if clean.encode_utf16().count() <= 31 {
        return clean.to_string();
    }
    let mut out = String::new();
    for word in clean.split(' ') {
        let candidate = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if candidate.encode_utf16().count() > 31 {
            break;
        }
        out = candidate;
    }
    if out.is_empty() {
        out = clean.chars().take(31).collect();
    }
    out.trim_matches('\'').to_string()
}

/// The sheet of an axis.
pub fn axis_sheet_name(axis: Axis) -> String {
    sheet_name(axis.label())
}

/// The workbook as bytes.
pub fn to_bytes(doc: &Document) -> io::Result<Vec<u8>> {
    build(doc).map_err(io::Error::other)
}

/// Writes the file at `path` (atomically).
pub fn write(doc: &Document, path: &Path) -> io::Result<()> {
    crate::snapshot::write_atomic(path, &to_bytes(doc)?)
}

fn build(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut wb = Workbook::new();
    let est = &doc.scan.establishment;
    let mut props = DocProperties::new()
        .set_title(format!("Plan d'action — {}", est.name))
        .set_author("Vigie")
        .set_company(&est.name);
    if let Ok(t) = ExcelDateTime::from_timestamp(doc.scan.started_at.timestamp()) {
        props = props.set_creation_datetime(&t);
    }
    wb.set_properties(&props);

    summary::write(wb.add_worksheet().set_name(SUMMARY_SHEET)?, doc, &styles)?;
    for axis in Axis::ALL {
        let ws = wb.add_worksheet().set_name(axis_sheet_name(axis))?;
        let open = cells::by_priority(doc.open_findings().filter(|f| f.axis == axis));
        let rows: Vec<Vec<Cell>> = open.iter().map(|f| plan_row(doc, f)).collect();
        let n = rows.len();
        table(ws, &PLAN_COLUMNS, rows, &styles)?;
        ws.set_column_format(DUE_COLUMN, &styles.date)?;
        if n > 0 {
            let validation = due_date_validation(doc.scan.as_of)?;
            ws.add_data_validation(1, DUE_COLUMN, n as u32, DUE_COLUMN, &validation)?;
        }
    }
    let waived = cells::by_priority(doc.findings.iter().filter(|f| f.waiver.is_some()));
    let rows = waived.iter().map(|f| waived_row(f)).collect();
    table(
        wb.add_worksheet().set_name(WAIVED_SHEET)?,
        &WAIVED_COLUMNS,
        rows,
        &styles,
    )?;
    let rows = doc
        .exceptions
        .iter()
        .map(|e| {
            vec![
                text(&e.location),
                text(&e.check),
                text(&e.subject),
                text(&e.reason),
                text(&e.approved_by),
                text(e.ticket.as_deref().unwrap_or("")),
                Cell::Date(e.expires),
                text(e.status.label()),
                Cell::Num(e.waived as f64),
            ]
        })
        .collect();
    table(
        wb.add_worksheet().set_name(EXCEPTIONS_SHEET)?,
        &EXCEPTION_COLUMNS,
        rows,
        &styles,
    )?;
    if doc.baseline.is_some() {
        let fixed = cells::by_priority(doc.fixed.iter());
        let rows = fixed
            .iter()
            .map(|f| {
                let mut row = finding_cells(f);
                row.push(text(&f.fingerprint));
                row
            })
            .collect();
        table(
            wb.add_worksheet().set_name(FIXED_SHEET)?,
            &FIXED_COLUMNS,
            rows,
            &styles,
        )?;
    }
    wb.save_to_buffer()
}

fn check_of<'a>(doc: &'a Document, f: &Finding) -> Option<&'a CheckInfo> {
    doc.checks.iter().find(|c| c.id == f.check)
}

fn plan_row(doc: &Document, f: &Finding) -> Vec<Cell> {
    let status = match cells::baseline_label(f.baseline) {
        "" => "ouvert".to_string(),
        b => format!("ouvert — {b}"),
    };
    vec![
        Cell::Num(f64::from(cells::priority(f.severity))),
        text(f.severity.label()),
        text(&f.check),
        text(&f.title),
        text(&f.subject),
        text(&f.subject_name),
        text(f.source.as_deref().unwrap_or("")),
        text(&f.message),
        text(cells::evidence_text(&f.evidence)),
        text(check_of(doc, f).map_or(String::new(), |c| cells::unwrap_lines(&c.remediation))),
        text(cells::path_text(&f.path)),
        text(status),
        Cell::Empty,
        Cell::Empty,
        text(&f.fingerprint),
    ]
}

/// The columns the waived and fixed sheets start with: severity, check,
/// title, axis, subject, name, source, message.
fn finding_cells(f: &Finding) -> Vec<Cell> {
    vec![
        text(f.severity.label()),
        text(&f.check),
        text(&f.title),
        text(f.axis.label()),
        text(&f.subject),
        text(&f.subject_name),
        text(f.source.as_deref().unwrap_or("")),
        text(&f.message),
    ]
}

fn waived_row(f: &Finding) -> Vec<Cell> {
    let w = f.waiver.as_ref();
    let mut row = finding_cells(f);
    row.extend([
        text(w.map_or("", |w| w.reason.as_str())),
        text(w.map_or("", |w| w.approved_by.as_str())),
        text(w.and_then(|w| w.ticket.as_deref()).unwrap_or("")),
        w.map_or(Cell::Empty, |w| Cell::Date(w.expires)),
        text(w.map_or("", |w| w.location.as_str())),
        text(&f.fingerprint),
    ]);
    row
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let year = u16::try_from(y).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    // Month and day always fit.
    ExcelDateTime::from_ymd(year, m as u8, day as u8)
}

fn due_date_validation(as_of: NaiveDate) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::GreaterThanOrEqualTo(excel_date(as_of)?))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_input_title("Échéance")?
        .set_input_message("Date prévue de la correction (jj/mm/aaaa).")?
        .set_error_title("Date attendue")?
        .set_error_message(format!(
            "Saisir une date au format jj/mm/aaaa, postérieure à la date de référence de l'analyse ({}).",
            as_of.format("%d/%m/%Y")
        ))
}

/// Writes one cell; text is neutralised and cut to Excel's limit.
fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) if s.is_empty() => {}
        Cell::Text(s) => {
            ws.write_string(row, col, clip(&neutralise(s)))?;
        }
        Cell::Num(n) => {
            ws.write_number(row, col, *n)?;
        }
        Cell::Date(d) => match excel_date(*d) {
            Ok(x) => {
                ws.write_datetime_with_format(row, col, &x, &styles.date)?;
            }
            Err(_) => {
                ws.write_string(row, col, d.to_string())?;
            }
        },
        Cell::Percent(Some(p)) => {
            ws.write_number_with_format(row, col, *p, &styles.percent)?;
        }
        Cell::Percent(None) => {
            ws.write_string(row, col, "—")?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

/// Excel refuses cells over 32 767 UTF-16 units.
fn clip(s: &str) -> String {
    const MAX: usize = 32_000;
    if s.encode_utf16().count() <= MAX {
        return s.to_string();
    }
    let mut out = String::new();
    let mut units = 0;
    for c in s.chars() {
        units += c.len_utf16();
        if units > MAX {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A header row, the rows, widths, a frozen header and an autofilter.
fn table(
    ws: &mut Worksheet,
    columns: &[(&str, f64)],
    rows: Vec<Vec<Cell>>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in columns.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, *name, &styles.header)?;
        ws.set_column_width(col, *width)?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            put(ws, i as u32 + 1, col as u16, cell, styles)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    Ok(())
}

#[cfg(test)]
mod tests;
