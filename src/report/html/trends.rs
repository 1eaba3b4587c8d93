//! The trends section: this scan against the earlier ones of the history
//! (open findings per severity, axis scores, indicators), as inline SVG
//! charts with the same figures in a table.

use super::charts::{self, LineChart, Scale, SeriesInput};
use super::{fmt, summary};
use crate::checks::{Axis, Severity};
use crate::report::model::{Document, TrendPoint};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct TrendRow {
    pub date: String,
    pub as_of: String,
    pub complete: bool,
    pub current: bool,
    pub open: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct TrendsView {
    /// No earlier scan: « première analyse ».
    pub first: bool,
    pub earlier: usize,
    pub severities: Vec<&'static str>,
    pub rows: Vec<TrendRow>,
    pub charts: Vec<LineChart>,
}

/// This scan as a trend point.
pub fn current_point(doc: &Document) -> TrendPoint {
    let axes = doc
        .axes
        .iter()
        .map(|a| (a.axis.code().to_string(), a.score))
        .collect();
    let indicators = doc
        .indicators
        .iter()
        .flat_map(|i| {
            i.targets
                .iter()
                .map(move |t| (format!("{}/{}", i.id, t.year), t.value()))
        })
        .collect();
    TrendPoint {
        started_at: doc.scan.started_at,
        as_of: doc.scan.as_of,
        complete: doc.scan.complete,
        open: summary::open_by_severity(doc, None),
        axes,
        indicators,
    }
}

/// `15/11/26`, with `*` for an incomplete scan.
fn label(p: &TrendPoint) -> String {
    let d = p.started_at.format("%d/%m/%y").to_string();
    if p.complete {
        d
    } else {
        format!("{d}*")
    }
}

pub fn build(doc: &Document, earlier: &[TrendPoint]) -> TrendsView {
    let mut points: Vec<TrendPoint> = earlier
        .iter()
        .filter(|p| p.started_at < doc.scan.started_at)
        .cloned()
        .collect();
    points.sort_by_key(|p| p.started_at);
    let earlier_n = points.len();
    points.push(current_point(doc));
    let rows = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let open: Vec<usize> = Severity::ALL
                .iter()
                .map(|s| p.open.get(s.code()).copied().unwrap_or(0))
                .collect();
            TrendRow {
                date: fmt::datetime(p.started_at),
                as_of: fmt::date(p.as_of),
                complete: p.complete,
                current: i + 1 == points.len(),
                total: open.iter().sum(),
                open,
            }
        })
        .collect();
    let mut charts = Vec::new();
    if earlier_n > 0 {
        let labels: Vec<String> = points.iter().map(label).collect();
        let mut series = vec![SeriesInput {
            name: "Total".into(),
            class: "total".into(),
            values: points
                .iter()
                .map(|p| Some(p.open.values().sum::<usize>() as f64))
                .collect(),
        }];
        series.extend(Severity::ALL.iter().map(|s| {
            SeriesInput {
                name: s.label().to_string(),
                class: format!("sev-{}", s.code()),
                values: points
                    .iter()
                    .map(|p| Some(p.open.get(s.code()).copied().unwrap_or(0) as f64))
                    .collect(),
            }
        }));
        series.truncate(6);
        charts.push(charts::line_chart(
            "trend-open",
            "Constats ouverts par gravité",
            &format!(
                "Nombre de constats ouverts (non dérogés) à chacune des {} analyses, au total et par gravité.",
                points.len()
            ),
            &labels,
            series,
            Scale::Count,
        ));
        let axes: Vec<SeriesInput> = Axis::ALL
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                points
                    .iter()
                    .any(|p| p.axes.get(a.code()).copied().flatten().is_some())
            })
            .map(|(i, a)| SeriesInput {
                name: a.label().to_string(),
                class: format!("c{}", i + 1),
                values: points
                    .iter()
                    .map(|p| p.axes.get(a.code()).copied().flatten().map(f64::from))
                    .collect(),
            })
            .collect();
        if !axes.is_empty() {
            charts.push(charts::line_chart(
                "trend-axes",
                "Score par axe HospiConnect (0 à 100)",
                "Score de chaque axe HospiConnect à chaque analyse ; un axe non évalué n'a pas de point.",
                &labels,
                axes,
                Scale::Hundred,
            ));
        }
        let keys: BTreeMap<&String, ()> = points
            .iter()
            .flat_map(|p| {
                p.indicators
                    .iter()
                    .filter(|(_, v)| v.is_some())
                    .map(|(k, _)| (k, ()))
            })
            .collect();
        let indicators: Vec<SeriesInput> = keys
            .keys()
            .take(6)
            .enumerate()
            .map(|(i, k)| SeriesInput {
                name: k.replace('/', " — cible "),
                class: format!("c{}", i + 1),
                values: points
                    .iter()
                    .map(|p| p.indicators.get(*k).copied().flatten().map(|v| v * 100.0))
                    .collect(),
            })
            .collect();
        if !indicators.is_empty() {
            charts.push(charts::line_chart(
                "trend-indicators",
                "Indicateurs HOP'EN 2 (en %)",
                "Valeur de chaque indicateur, par année cible, à chaque analyse.",
                &labels,
                indicators,
                Scale::Hundred,
            ));
        }
    }
    TrendsView {
        first: earlier_n == 0,
        earlier: earlier_n,
        severities: Severity::ALL.iter().map(|s| s.label()).collect(),
        rows,
        charts,
    }
}
