//! Reading the history: the list of scans with their figures (`vigie
//! history`) and trend points for the report's charts.

use super::{History, HistoryError};
use crate::checks::Severity;
use crate::report::model::TrendPoint;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};

/// One recorded scan with its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanSummary {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub establishment: String,
    pub finess: String,
    pub complete: bool,
    pub failed_sources: Vec<String>,
    pub vigie_version: String,
    /// Open (non-waived) findings per severity code; every code present.
    pub open: BTreeMap<String, usize>,
    pub waived: usize,
    /// Open findings that were not open in the previous scan of the same
    /// establishment; `None` for its first scan (or when not compared).
    pub new: Option<usize>,
    /// Open findings of the previous scan no longer open in this one.
    pub resolved: Option<usize>,
}

impl ScanSummary {
    pub fn open_total(&self) -> usize {
        self.open.values().sum()
    }
}

/// Every severity code with zero.
fn zero_counts() -> BTreeMap<String, usize> {
    Severity::ALL
        .iter()
        .map(|s| (s.code().to_string(), 0))
        .collect()
}

const SCAN_COLUMNS: &str = "id, started_at, as_of, establishment, finess, complete, \
                            failed_sources, vigie_version";

type ScanRow = (i64, String, String, String, String, bool, String, String);

/// Per scan id: open findings per severity code, and waived findings.
type OpenCounts = HashMap<i64, (BTreeMap<String, usize>, usize)>;

impl History {
    /// Every recorded scan, by establishment then time (oldest first), each
    /// compared with the previous one.
    pub fn scans(&self) -> Result<Vec<ScanSummary>, HistoryError> {
        self.scans_compared(None)
    }

    /// Every recorded scan, by establishment then time (oldest first); only
    /// the last `last` of each establishment (all with `None`) are compared
    /// with their previous scan — the comparison costs a pass over both
    /// scans' findings — the others keep `new` and `resolved` at `None`.
    pub fn scans_compared(&self, last: Option<usize>) -> Result<Vec<ScanSummary>, HistoryError> {
        let rows = self.scan_rows(
            &format!("SELECT {SCAN_COLUMNS} FROM scans ORDER BY finess, started_at, id"),
            &[],
        )?;
        let counts = self.open_counts()?;
        let mut out: Vec<ScanSummary> = Vec::with_capacity(rows.len());
        for row in rows {
            let mut s = self.summary(row)?;
            if let Some((open, waived)) = counts.get(&s.id) {
                s.open.extend(open.clone());
                s.waived = *waived;
            }
            out.push(s);
        }
        for i in 1..out.len() {
            let (prev, cur) = (&out[i - 1], &out[i]);
            let later = out[i + 1..]
                .iter()
                .take_while(|n| n.finess == cur.finess)
                .count();
            if prev.finess != cur.finess || last.is_some_and(|n| later >= n) {
                continue;
            }
            let new = self.open_not_in(cur.id, prev.id)?;
            let resolved = self.open_not_in(prev.id, cur.id)?;
            out[i].new = Some(new);
            out[i].resolved = Some(resolved);
        }
        Ok(out)
    }

    /// The last `limit` scans of establishment `finess`, oldest first, as
    /// points for trend charts.
    pub fn trends(&self, finess: &str, limit: usize) -> Result<Vec<TrendPoint>, HistoryError> {
        let mut rows = self.scan_rows(
            &format!(
                "SELECT {SCAN_COLUMNS} FROM scans WHERE finess = ?1
                 ORDER BY started_at DESC, id DESC LIMIT ?2"
            ),
            &[&finess, &(limit.min(i64::MAX as usize) as i64)],
        )?;
        rows.reverse();
        let counts = self.open_counts()?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let s = self.summary(row)?;
            let mut open = zero_counts();
            if let Some((o, _)) = counts.get(&s.id) {
                open.extend(o.clone());
            }
            out.push(TrendPoint {
                started_at: s.started_at,
                as_of: s.as_of,
                complete: s.complete,
                open,
                axes: self.axes(s.id)?,
                indicators: self.indicators(s.id)?,
            });
        }
        Ok(out)
    }

    fn scan_rows(
        &self,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<ScanRow>, HistoryError> {
        let run = || -> rusqlite::Result<Vec<ScanRow>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map(params, |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?;
            rows.collect()
        };
        run().map_err(|e| self.sql(e))
    }

    fn summary(&self, row: ScanRow) -> Result<ScanSummary, HistoryError> {
        let (id, started_at, as_of, establishment, finess, complete, failed, version) = row;
        let started_at = DateTime::parse_from_rfc3339(&started_at)
            .map_err(|_| self.bad_value("scans.started_at", started_at.clone()))?
            .with_timezone(&Utc);
        let as_of = NaiveDate::parse_from_str(&as_of, "%Y-%m-%d")
            .map_err(|_| self.bad_value("scans.as_of", as_of.clone()))?;
        Ok(ScanSummary {
            id,
            started_at,
            as_of,
            establishment,
            finess,
            complete,
            failed_sources: failed
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            vigie_version: version,
            open: zero_counts(),
            waived: 0,
            new: None,
            resolved: None,
        })
    }

    /// Scan id → (open findings per severity code, waived findings).
    fn open_counts(&self) -> Result<OpenCounts, HistoryError> {
        let run = || -> rusqlite::Result<Vec<(i64, String, bool, i64)>> {
            let mut stmt = self.conn.prepare(
                "SELECT scan, severity, waived, COUNT(*) FROM findings GROUP BY scan, severity, waived",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect()
        };
        let mut out = OpenCounts::new();
        for (scan, severity, waived, n) in run().map_err(|e| self.sql(e))? {
            let entry = out.entry(scan).or_default();
            let n = count(n);
            if waived {
                entry.1 += n;
            } else {
                *entry.0.entry(severity).or_default() += n;
            }
        }
        Ok(out)
    }

    /// Open findings of scan `a` whose fingerprint is not open in scan `b`.
    fn open_not_in(&self, a: i64, b: i64) -> Result<usize, HistoryError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM findings f WHERE f.scan = ?1 AND f.waived = 0
                 AND NOT EXISTS (SELECT 1 FROM findings p
                                 WHERE p.scan = ?2 AND p.fingerprint = f.fingerprint AND p.waived = 0)",
                (a, b),
                |r| r.get(0).map(count),
            )
            .map_err(|e| self.sql(e))
    }

    fn axes(&self, scan: i64) -> Result<BTreeMap<String, Option<u8>>, HistoryError> {
        let run = || -> rusqlite::Result<BTreeMap<String, Option<u8>>> {
            let mut stmt = self
                .conn
                .prepare("SELECT axis, score FROM axes WHERE scan = ?1")?;
            let rows = stmt.query_map([scan], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        };
        run().map_err(|e| self.sql(e))
    }

    fn indicators(&self, scan: i64) -> Result<BTreeMap<String, Option<f64>>, HistoryError> {
        let run = || -> rusqlite::Result<BTreeMap<String, Option<f64>>> {
            let mut stmt = self.conn.prepare(
                "SELECT id, year, numerator, denominator FROM indicators WHERE scan = ?1",
            )?;
            let rows = stmt.query_map([scan], |r| {
                let (id, year, num, den): (String, i32, i64, i64) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                let value = (den > 0).then(|| num as f64 / den as f64);
                Ok((format!("{id}/{year}"), value))
            })?;
            rows.collect()
        };
        run().map_err(|e| self.sql(e))
    }
}

/// A count read back; the schema only ever stores non-negative ones.
fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}
