//! Unit tests of the history: schema, recording, rollback, queries.

use super::*;
use crate::checks::{Axis, Severity};
use crate::model::{InputFile, RecordCounts, SourceReport, SourceStatus};
use crate::report::model::{AxisScore, IndicatorResult, IndicatorTarget};
use crate::report::testdoc::{document, finding_on, waived};
use crate::report::Document;
use std::ops::ControlFlow;

fn db() -> (tempfile::TempDir, History) {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join(".vigie/history.db")).unwrap();
    (dir, h)
}

/// A scan with an input, findings, an indicator and an axis score.
fn rich(findings: Vec<crate::checks::Finding>) -> Document {
    let mut doc = document(findings);
    doc.sources.push(SourceReport {
        id: "rh".into(),
        kind: "sirh".into(),
        status: SourceStatus::Ok,
        files: vec![InputFile {
            path: "rh.csv".into(),
            sha256: "ab".repeat(32),
            size: 1234,
        }],
        counts: RecordCounts::default(),
        read_as: Default::default(),
        seconds: 0.1,
        diagnostics: Default::default(),
    });
    doc.indicators.push(IndicatorResult {
        id: "IND-01".into(),
        title: "Comptes nominatifs".into(),
        objective: "HOP'EN 2 — objectif 1.1".into(),
        axis: Axis::LifeCycle,
        description: String::new(),
        references: vec![],
        targets: vec![
            IndicatorTarget {
                year: 2026,
                population: "comptes".into(),
                target: 0.9,
                numerator: 3,
                denominator: 4,
            },
            IndicatorTarget {
                year: 2027,
                population: "comptes".into(),
                target: 1.0,
                numerator: 0,
                denominator: 0,
            },
        ],
    });
    doc.axes.push(AxisScore {
        axis: Axis::LifeCycle,
        label: Axis::LifeCycle.label().into(),
        score: Some(72),
        open: Default::default(),
        checks: 6,
        note: String::new(),
    });
    doc
}

/// Every table's rows, as text: equal dumps mean an unchanged database.
fn dump(h: &History) -> String {
    let mut out = String::new();
    for (table, cols) in [
        ("scans", "id, started_at, as_of, finess, complete"),
        ("inputs", "scan, source, path, sha256, size"),
        (
            "findings",
            "scan, fingerprint, check_id, severity, subject, waived",
        ),
        ("indicators", "scan, id, year, numerator, denominator"),
        ("axes", "scan, axis, score"),
    ] {
        let mut stmt = h
            .conn
            .prepare(&format!("SELECT {cols} FROM {table} ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap().join(" | ")));
        }
    }
    out
}

#[test]
fn a_new_database_gets_the_current_schema_and_reopens() {
    let (dir, h) = db();
    assert_eq!(h.schema_version().unwrap(), schema::VERSION);
    drop(h);
    let h = History::open_existing(&dir.path().join(".vigie/history.db")).unwrap();
    assert_eq!(h.schema_version().unwrap(), schema::VERSION);
    assert!(h.scans().unwrap().is_empty());
}

#[test]
fn open_existing_never_creates_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.db");
    let e = History::open_existing(&path).err().unwrap();
    assert!(matches!(e, HistoryError::NotFound { .. }));
    assert!(e.to_string().contains("absent.db"), "{e}");
    assert!(!path.exists());
}

#[test]
fn a_database_from_a_newer_vigie_is_refused() {
    let (dir, h) = db();
    h.conn
        .execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (99, 'x')",
            [],
        )
        .unwrap();
    drop(h);
    let e = History::open(&dir.path().join(".vigie/history.db"))
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("schéma version 99, plus récent"),
        "{e}"
    );
}

#[test]
fn default_path_is_beside_the_configuration() {
    assert_eq!(
        default_path(Path::new("site/vigie.toml")),
        Path::new("site/.vigie/history.db")
    );
    assert_eq!(
        default_path(Path::new("vigie.toml")),
        Path::new("./.vigie/history.db")
    );
}

#[test]
fn two_scans_are_listed_with_new_and_resolved_findings() {
    let (_dir, mut h) = db();
    let first = rich(vec![
        finding_on("CYC-001", "ad:a", Severity::High),
        finding_on("CYC-001", "ad:b", Severity::High),
        waived(finding_on("DRT-002", "ad:c", Severity::Critical)),
    ]);
    let mut second = rich(vec![
        finding_on("CYC-001", "ad:b", Severity::High),
        finding_on("IDN-001", "rh:1", Severity::Low),
        finding_on("IDN-001", "rh:2", Severity::Low),
    ]);
    second.scan.started_at += chrono::Duration::days(1);
    second.scan.complete = false;
    second.scan.failed_sources = vec!["dpi".into()];
    let a = h.record(&first).unwrap();
    let b = h.record(&second).unwrap();
    assert!(b > a);
    let scans = h.scans().unwrap();
    assert_eq!(scans.len(), 2);
    assert_eq!(scans[0].open["elevee"], 2);
    assert_eq!(scans[0].open["critique"], 0);
    assert_eq!(scans[0].waived, 1);
    assert_eq!((scans[0].new, scans[0].resolved), (None, None));
    assert!(scans[0].complete);
    assert_eq!(scans[1].open_total(), 3);
    assert_eq!((scans[1].new, scans[1].resolved), (Some(2), Some(1)));
    assert!(!scans[1].complete);
    assert_eq!(scans[1].failed_sources, ["dpi"]);
    assert_eq!(scans[1].started_at, second.scan.started_at);
}

#[test]
fn trends_are_oldest_first_and_limited() {
    let (_dir, mut h) = db();
    for day in 0..3 {
        let mut doc = rich(
            (0..day)
                .map(|i| finding_on("CYC-001", &format!("ad:{i}"), Severity::Medium))
                .collect(),
        );
        doc.scan.started_at += chrono::Duration::days(day as i64);
        h.record(&doc).unwrap();
    }
    let mut other = rich(vec![]);
    other.scan.establishment.finess = "990000000".into();
    h.record(&other).unwrap();
    let points = h.trends("999000017", 2).unwrap();
    assert_eq!(points.len(), 2);
    assert!(points[0].started_at < points[1].started_at);
    assert_eq!(points[0].open["moyenne"], 1);
    assert_eq!(points[1].open["moyenne"], 2);
    assert_eq!(points[1].open["critique"], 0);
    assert_eq!(points[1].axes["cycle-de-vie"], Some(72));
    assert_eq!(points[1].indicators["IND-01/2026"], Some(0.75));
    assert_eq!(points[1].indicators["IND-01/2027"], None);
    assert_eq!(h.trends("990000000", 10).unwrap().len(), 1);
    assert!(h.trends("000000000", 10).unwrap().is_empty());
}

#[test]
fn an_interrupted_recording_leaves_the_history_unchanged() {
    let (_dir, mut h) = db();
    h.record(&rich(vec![finding_on("CYC-001", "ad:a", Severity::High)]))
        .unwrap();
    let before = dump(&h);
    let doc = rich(
        (0..20)
            .map(|i| finding_on("CYC-002", &format!("ad:{i}"), Severity::Low))
            .collect(),
    );
    let total = row_count(&doc);
    assert_eq!(total, 1 + 1 + 20 + 2 + 1);
    let mut seen = 0;
    let e = h
        .record_observed(&doc, &mut |n| {
            seen = n;
            if n >= total / 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap_err();
    assert!(matches!(e, HistoryError::Interrupted { .. }), "{e}");
    assert_eq!(seen, total / 2);
    assert_eq!(dump(&h), before);
    // The connection is still usable and the next scan gets recorded.
    h.record(&doc).unwrap();
    assert_eq!(h.scans().unwrap().len(), 2);
}

#[test]
fn a_failing_insert_rolls_back_the_scan_row_too() {
    let (_dir, mut h) = db();
    let before = dump(&h);
    // A constraint the schema enforces, violated after the scan row exists.
    h.conn
        .execute_batch(
            "CREATE TRIGGER no_info BEFORE INSERT ON findings WHEN NEW.severity = 'info'
             BEGIN SELECT RAISE(ABORT, 'injected'); END;",
        )
        .unwrap();
    let doc = rich(vec![
        finding_on("CYC-001", "ad:a", Severity::High),
        finding_on("CYC-001", "ad:b", Severity::Info),
    ]);
    let e = h.record(&doc).unwrap_err();
    assert!(e.to_string().contains("injected"), "{e}");
    assert_eq!(dump(&h), before);
}

#[test]
fn only_the_last_scans_are_compared_when_asked() {
    let (_dir, mut h) = db();
    for day in 0..3 {
        let mut doc = rich(vec![finding_on(
            "CYC-001",
            &format!("ad:{day}"),
            Severity::High,
        )]);
        doc.scan.started_at += chrono::Duration::days(day);
        h.record(&doc).unwrap();
    }
    let new: Vec<_> = h
        .scans_compared(Some(1))
        .unwrap()
        .iter()
        .map(|s| s.new)
        .collect();
    assert_eq!(new, [None, None, Some(1)]);
    let new: Vec<_> = h
        .scans()
        .unwrap()
        .iter()
        .map(|s| (s.new, s.resolved))
        .collect();
    assert_eq!(new, [(None, None), (Some(1), Some(1)), (Some(1), Some(1))]);
}
