//! The « Synthèse » sheet of the action plan: the establishment and dates,
//! the incompleteness warning, open findings per axis and severity with the
//! axis scores, and the indicators when the document has them.

use super::{axis_sheet_name, clip, put, text, Cell, Styles};
use crate::checks::{Axis, Finding, Severity};
use crate::report::cells::neutralise;
use crate::report::model::Document;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The « Synthèse » sheet.
pub(super) fn write(ws: &mut Worksheet, doc: &Document, styles: &Styles) -> Result<(), XlsxError> {
    let s = &doc.scan;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 36)?;
    for col in 2..10 {
        ws.set_column_width(col, 12)?;
    }
    ws.write_string_with_format(0, 0, "Plan d'action — Vigie", &styles.title)?;
    let enabled = doc.checks.iter().filter(|c| c.enabled).count();
    let mut info: Vec<(&str, Cell)> = vec![
        ("Établissement", text(&s.establishment.name)),
        ("FINESS", text(&s.establishment.finess)),
        ("Date de référence", Cell::Date(s.as_of)),
        (
            "Analyse lancée le",
            text(s.started_at.format("%d/%m/%Y %H:%M UTC").to_string()),
        ),
        ("Version de Vigie", text(&doc.vigie_version)),
        ("Contrôles évalués", Cell::Num(enabled as f64)),
    ];
    if let Some(b) = &doc.baseline {
        info.push((
            "Comparaison",
            text(format!(
                "avec {} ({}) : {} nouveau(x), {} persistant(s), {} corrigé(s)",
                b.path,
                b.as_of.format("%d/%m/%Y"),
                b.new,
                b.persisting,
                b.fixed
            )),
        ));
    }
    let mut row = 2;
    if !s.complete {
        ws.write_string_with_format(row, 0, "ANALYSE INCOMPLÈTE", &styles.warning)?;
        let msg = format!(
            "source(s) illisible(s) : {}. Les constats ne couvrent pas tout le périmètre : une absence de constat ne prouve rien.",
            s.failed_sources.join(", ")
        );
        ws.write_string_with_format(row, 1, clip(&neutralise(&msg)), &styles.warning)?;
        row += 2;
    }
    for (label, value) in &info {
        ws.write_string_with_format(row, 0, *label, &styles.label)?;
        put(ws, row, 1, value, styles)?;
        row += 1;
    }
    ws.write_string(
        row,
        0,
        "Dans chaque onglet d'axe, renseigner « Responsable » et « Échéance » ; l'empreinte identifie un constat d'une analyse à l'autre.",
    )?;
    row += 2;
    let mut header: Vec<String> = vec!["Axe".into(), "Onglet".into()];
    header.extend(Severity::ALL.iter().map(|s| s.label().to_string()));
    header.extend(["Total ouverts", "Dérogés", "Score"].map(String::from));
    for (col, h) in header.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, h, &styles.header)?;
    }
    let mut totals = [0usize; 7];
    for axis in Axis::ALL {
        row += 1;
        let open: Vec<&Finding> = doc.open_findings().filter(|f| f.axis == axis).collect();
        let waived = doc
            .findings
            .iter()
            .filter(|f| f.axis == axis && f.waiver.is_some())
            .count();
        let mut counts: Vec<usize> = Severity::ALL
            .iter()
            .map(|sev| open.iter().filter(|f| f.severity == *sev).count())
            .collect();
        counts.extend([open.len(), waived]);
        let score = doc
            .axes
            .iter()
            .find(|a| a.axis == axis)
            .and_then(|a| a.score);
        put(ws, row, 0, &text(axis.label()), styles)?;
        put(ws, row, 1, &text(axis_sheet_name(axis)), styles)?;
        for (i, n) in counts.iter().enumerate() {
            totals[i] += n;
            ws.write_number(row, i as u16 + 2, *n as f64)?;
        }
        match score {
            Some(v) => ws.write_number(row, 9, f64::from(v))?,
            None => ws.write_string(row, 9, "—")?,
        };
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Total", &styles.label)?;
    for (i, n) in totals.iter().enumerate() {
        ws.write_number_with_format(row, i as u16 + 2, *n as f64, &styles.label)?;
    }
    if !doc.indicators.is_empty() {
        row += 2;
        let header = [
            "Indicateur",
            "Objectif",
            "Année",
            "Population",
            "Valeur",
            "Cible",
            "Atteint",
        ];
        for (col, h) in header.iter().enumerate() {
            ws.write_string_with_format(row, col as u16, *h, &styles.header)?;
        }
        for ind in &doc.indicators {
            for t in &ind.targets {
                row += 1;
                let met = match t.met() {
                    Some(true) => "oui",
                    Some(false) => "non",
                    None => "—",
                };
                let cells = [
                    text(&ind.title),
                    text(&ind.objective),
                    Cell::Num(f64::from(t.year)),
                    text(&t.population),
                    Cell::Percent(t.value()),
                    Cell::Percent(Some(t.target)),
                    text(met),
                ];
                for (col, cell) in cells.iter().enumerate() {
                    put(ws, row, col as u16, cell, styles)?;
                }
            }
        }
    }
    ws.set_active(true);
    Ok(())
}
