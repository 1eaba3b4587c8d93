//! Recording one scan: every row of a [`Document`] in one transaction.

use super::{timestamp, History, HistoryError};
use crate::report::Document;
use rusqlite::{Transaction, TransactionBehavior};
use std::ops::ControlFlow;

/// The number of rows [`History::record`] inserts for `doc`: the scan, its
/// input files, findings, indicator targets and axis scores.
pub fn row_count(doc: &Document) -> usize {
    1 + doc.sources.iter().map(|s| s.files.len()).sum::<usize>()
        + doc.findings.len()
        + doc
            .indicators
            .iter()
            .map(|i| i.targets.len())
            .sum::<usize>()
        + doc.axes.len()
}

impl History {
    /// Records a scan; returns its id. All or nothing: on any error the
    /// history is left as it was.
    pub fn record(&mut self, doc: &Document) -> Result<i64, HistoryError> {
        self.record_observed(doc, &mut |_| ControlFlow::Continue(()))
    }

    /// [`record`](Self::record), calling `observe` after each inserted row
    /// with the number of rows inserted so far (of [`row_count`]). When it
    /// returns `Break`, the transaction is rolled back and the history is
    /// unchanged ([`HistoryError::Interrupted`]).
    pub fn record_observed(
        &mut self,
        doc: &Document,
        observe: &mut dyn FnMut(usize) -> ControlFlow<()>,
    ) -> Result<i64, HistoryError> {
        let path = self.path.display().to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| HistoryError::Sql {
                path: path.clone(),
                source,
            })?;
        let mut rows = 0usize;
        let mut step = || {
            rows += 1;
            observe(rows)
        };
        match insert_all(&tx, doc, &mut step) {
            Ok(ControlFlow::Continue(id)) => {
                tx.commit()
                    .map_err(|source| HistoryError::Sql { path, source })?;
                Ok(id)
            }
            // Dropping the transaction rolls it back.
            Ok(ControlFlow::Break(())) => Err(HistoryError::Interrupted { path }),
            Err(source) => Err(HistoryError::Sql { path, source }),
        }
    }
}

/// Inserts every row; `Break` as soon as `step` says so.
fn insert_all(
    tx: &Transaction<'_>,
    doc: &Document,
    step: &mut dyn FnMut() -> ControlFlow<()>,
) -> rusqlite::Result<ControlFlow<(), i64>> {
    macro_rules! next {
        () => {
            if step().is_break() {
                return Ok(ControlFlow::Break(()));
            }
        };
    }
    let s = &doc.scan;
    tx.execute(
        "INSERT INTO scans (started_at, recorded_at, as_of, establishment, finess, complete,
                            failed_sources, vigie_version, checks_version, policies_version, config)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        rusqlite::params![
            timestamp(&s.started_at),
            timestamp(&chrono::Utc::now()),
            s.as_of.format("%Y-%m-%d").to_string(),
            s.establishment.name,
            s.establishment.finess,
            s.complete,
            s.failed_sources.join(","),
            doc.vigie_version,
            s.checks_version,
            s.policies_version,
            s.config,
        ],
    )?;
    let id = tx.last_insert_rowid();
    next!();
    let mut input = tx.prepare(
        "INSERT INTO inputs (scan, source, path, sha256, size) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for source in &doc.sources {
        for f in &source.files {
            input.execute((id, &source.id, &f.path, &f.sha256, sql_int(f.size)))?;
            next!();
        }
    }
    let mut finding = tx.prepare(
        "INSERT INTO findings (scan, fingerprint, check_id, severity, subject, waived)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for f in &doc.findings {
        finding.execute((
            id,
            &f.fingerprint,
            &f.check,
            f.severity.code(),
            &f.subject,
            f.waiver.is_some(),
        ))?;
        next!();
    }
    let mut indicator = tx.prepare(
        "INSERT INTO indicators (scan, id, year, numerator, denominator, target)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for i in &doc.indicators {
        for t in &i.targets {
            indicator.execute((
                id,
                &i.id,
                t.year,
                sql_int(t.numerator),
                sql_int(t.denominator),
                t.target,
            ))?;
            next!();
        }
    }
    let mut axis = tx.prepare("INSERT INTO axes (scan, axis, score) VALUES (?1, ?2, ?3)")?;
    for a in &doc.axes {
        axis.execute((id, a.axis.code(), a.score))?;
        next!();
    }
    Ok(ControlFlow::Continue(id))
}

/// SQLite integers are `i64`; counts and sizes never come near the limit.
fn sql_int(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}
