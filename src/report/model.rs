//! The one report model every renderer reads (HTML, JSON, CSV, XLSX, SARIF,
//! JUnit) and the baseline comparison deserialises: a [`Document`] is what
//! `DIR/findings.json` holds, format [`FORMAT`] (documented in
//! `docs/findings-format.md`).

use crate::checks::{Axis, Confidence, Finding, Severity, SubjectKind};
use crate::model::{Establishment, SourceReport};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The schema identifier written in every `findings.json`; bumped on any
/// incompatible change.
pub const FORMAT: &str = "vigie-findings/1";

/// Everything a scan established.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub format: String,
    pub vigie_version: String,
    pub scan: ScanMeta,
    /// Every source, with its files' hashes, counts and read errors.
    pub sources: Vec<SourceReport>,
    /// Reconciliation figures per account source.
    pub reconciliation: Vec<LinkStats>,
    /// The catalogue as evaluated (effective severity, counts).
    pub checks: Vec<CheckInfo>,
    pub indicators: Vec<IndicatorResult>,
    pub axes: Vec<AxisScore>,
    /// Current findings, waived ones included (with their waiver).
    pub findings: Vec<Finding>,
    /// Findings of the baseline that this scan no longer finds (only with
    /// `--baseline`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<Finding>,
    /// The exceptions register (`policies/exceptions.toml`) and its use.
    pub exceptions: Vec<ExceptionEntry>,
    /// The baseline compared against, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineInfo>,
}

impl Document {
    /// Findings that count (not waived).
    pub fn open_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.waiver.is_none())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanMeta {
    pub started_at: DateTime<Utc>,
    /// The reference date every duration is counted to.
    pub as_of: NaiveDate,
    pub establishment: Establishment,
    /// False when a source could not be read: the scan is incomplete and
    /// must never look clean.
    pub complete: bool,
    /// Ids of the sources that failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_sources: Vec<String>,
    /// The configuration file, as given.
    pub config: String,
    /// SHA-256 (16 hex) over the catalogue files, and over the policy files.
    pub checks_version: String,
    pub policies_version: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counts {
    pub persons: usize,
    pub accounts: usize,
    pub groups: usize,
    pub applications: usize,
    pub rights: usize,
}

/// Reconciliation outcome counts of one source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkStats {
    pub source: String,
    pub accounts: usize,
    /// Linked by rule or score.
    pub automatic: usize,
    /// Linked by a recorded human decision.
    pub manual: usize,
    pub candidate: usize,
    pub unmatched: usize,
    pub conflict: usize,
    pub non_nominative: usize,
}

/// A check as evaluated in this scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckInfo {
    pub id: String,
    pub family: String,
    pub title: String,
    pub axis: Axis,
    /// Effective severity (after `vigie.toml` overrides).
    pub severity: Severity,
    /// Severity written in the check file, when an override changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_severity: Option<Severity>,
    pub confidence: Confidence,
    pub subject: SubjectKind,
    pub rationale: String,
    pub remediation: String,
    pub references: Vec<String>,
    /// False when disabled in `vigie.toml` (then not evaluated).
    pub enabled: bool,
    /// Subjects the check applies to (its scope).
    pub applicable: usize,
    /// Findings, waived included.
    pub findings: usize,
    pub waived: usize,
}

/// One indicator (HOP'EN 2 objective…): a ratio per target year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorResult {
    pub id: String,
    pub title: String,
    /// « HOP'EN 2 — objectif 1.1 ».
    pub objective: String,
    pub axis: Axis,
    pub description: String,
    pub references: Vec<String>,
    pub targets: Vec<IndicatorTarget>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorTarget {
    pub year: i32,
    /// The population measured for this year's target, in French.
    pub population: String,
    /// Target ratio (0–1).
    pub target: f64,
    pub numerator: usize,
    pub denominator: usize,
}

impl IndicatorTarget {
    /// `None` when the population is empty.
    pub fn value(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    pub fn met(&self) -> Option<bool> {
        self.value().map(|v| v + 1e-9 >= self.target)
    }
}

/// The score of one HospiConnect axis (model in [`crate::checks::score`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AxisScore {
    pub axis: Axis,
    pub label: String,
    /// 0–100, `None` when no check of the axis could be evaluated.
    pub score: Option<u8>,
    /// Open (non-waived) findings per severity code.
    pub open: std::collections::BTreeMap<String, usize>,
    pub checks: usize,
    /// Why the score is what it is (cap applied…), in French.
    pub note: String,
}

/// A declared exception and what it did in this scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExceptionEntry {
    /// `policies/exceptions.toml:12`.
    pub location: String,
    pub check: String,
    /// Exact subject id, or the pattern, as declared.
    pub subject: String,
    pub reason: String,
    pub approved_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub expires: NaiveDate,
    pub status: ExceptionStatus,
    /// Findings it waived in this scan.
    pub waived: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionStatus {
    /// In force and used.
    Active,
    /// In force but matched nothing in this scan.
    Unused,
    /// Past its expiry date: it waives nothing.
    Expired,
}

impl ExceptionStatus {
    pub fn label(self) -> &'static str {
        match self {
            ExceptionStatus::Active => "en vigueur",
            ExceptionStatus::Unused => "sans objet",
            ExceptionStatus::Expired => "expirée",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineInfo {
    /// The baseline file as given.
    pub path: String,
    pub as_of: NaiveDate,
    pub started_at: DateTime<Utc>,
    pub new: usize,
    pub persisting: usize,
    pub fixed: usize,
}

/// One earlier scan, as the history gives it for trend charts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrendPoint {
    pub started_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub complete: bool,
    /// Open (non-waived) findings per severity code.
    pub open: std::collections::BTreeMap<String, usize>,
    /// Axis code → score.
    pub axes: std::collections::BTreeMap<String, Option<u8>>,
    /// `<indicator id>/<year>` → value (0–1).
    pub indicators: std::collections::BTreeMap<String, Option<f64>>,
}
