//! The findings sections of the report: open findings by axis, severity and
//! check (a summary and the first N items of each check, so that an estate of
//! 100 000 persons still gives a readable, bounded report), the findings a
//! baseline comparison marks as new or fixed, and the waived findings.

use super::fmt;
use crate::checks::engine::BaselineStatus;
use crate::checks::{Axis, Finding, Severity};
use crate::report::model::{CheckInfo, Document};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Serialize)]
pub struct EvidenceItem {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub kind: String,
    pub label: String,
}

/// One finding as a table row.
#[derive(Debug, Serialize)]
pub struct FindingRow {
    pub subject: String,
    pub subject_name: String,
    pub message: String,
    pub evidence: Vec<EvidenceItem>,
    pub path: Vec<StepView>,
    /// `nouveau`, `persistant` (only against a baseline).
    pub baseline: Option<&'static str>,
    pub fingerprint: String,
}

/// A check and its first findings.
#[derive(Debug, Serialize)]
pub struct CheckFindings {
    pub id: String,
    pub title: String,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub confidence: &'static str,
    pub count: usize,
    pub count_label: String,
    pub new: usize,
    pub waived: usize,
    pub applicable: usize,
    pub rationale: String,
    pub remediation: String,
    pub references: Vec<String>,
    pub rows: Vec<FindingRow>,
    /// Findings not shown (beyond the first N).
    pub more: usize,
    pub more_label: String,
    pub has_path: bool,
}

#[derive(Debug, Serialize)]
pub struct SeverityGroup {
    pub code: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub checks: Vec<CheckFindings>,
}

#[derive(Debug, Serialize)]
pub struct AxisFindings {
    pub code: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub groups: Vec<SeverityGroup>,
    /// Checks of the axis that found nothing (id, title).
    pub quiet: Vec<(String, String)>,
}

/// A waived finding with its exception.
#[derive(Debug, Serialize)]
pub struct WaivedRow {
    pub subject_name: String,
    pub subject: String,
    pub message: String,
    pub location: String,
    pub reason: String,
    pub approved_by: String,
    pub ticket: Option<String>,
    pub expires: String,
    /// `expire dans 12 jours`, `expirée depuis 3 jours`.
    pub expires_in: String,
    /// Expires within 30 days of the reference date.
    pub soon: bool,
}

#[derive(Debug, Serialize)]
pub struct WaivedCheck {
    pub id: String,
    pub title: String,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub count: usize,
    pub rows: Vec<WaivedRow>,
    pub more: usize,
}

/// Fixed findings of one check (against the baseline).
#[derive(Debug, Serialize)]
pub struct FixedCheck {
    pub id: String,
    pub title: String,
    pub count: usize,
    pub subjects: Vec<String>,
    pub more: usize,
}

#[derive(Debug, Serialize)]
pub struct FindingsView {
    pub axes: Vec<AxisFindings>,
    pub open: usize,
    pub waived: Vec<WaivedCheck>,
    pub waived_total: usize,
    pub fixed: Vec<FixedCheck>,
    pub fixed_total: usize,
    pub new_total: usize,
    /// Some check shows only its first N findings.
    pub truncated: bool,
}

fn row(f: &Finding) -> FindingRow {
    FindingRow {
        subject: f.subject.clone(),
        subject_name: f.subject_name.clone(),
        message: f.message.clone(),
        evidence: f
            .evidence
            .iter()
            .map(|(label, value)| EvidenceItem {
                label: label.clone(),
                value: value.clone(),
            })
            .collect(),
        path: f
            .path
            .iter()
            .map(|s| StepView {
                kind: s.kind.clone(),
                label: s.label.clone(),
            })
            .collect(),
        baseline: f.baseline.map(BaselineStatus::label),
        fingerprint: f.fingerprint.clone(),
    }
}

/// New findings first, then by subject name: a stable order for the first N.
fn order(a: &&Finding, b: &&Finding) -> std::cmp::Ordering {
    let new = |f: &Finding| f.baseline != Some(BaselineStatus::New);
    (new(a), &a.subject_name, &a.subject).cmp(&(new(b), &b.subject_name, &b.subject))
}

/// Findings grouped by check id, in first-seen order of ids.
fn by_check<'a>(items: impl Iterator<Item = &'a Finding>) -> Vec<(String, Vec<&'a Finding>)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for f in items {
        let i = *index.entry(f.check.as_str()).or_insert_with(|| {
            groups.push((f.check.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(f);
    }
    groups
}

fn check_findings(
    info: Option<&CheckInfo>,
    mut items: Vec<&Finding>,
    waived: usize,
    top: usize,
) -> CheckFindings {
    let first = items[0];
    items.sort_by(order);
    let count = items.len();
    let severity = info.map_or(first.severity, |c| c.severity);
    let shown: Vec<FindingRow> = items.iter().take(top).map(|f| row(f)).collect();
    let more = count - shown.len();
    CheckFindings {
        id: first.check.clone(),
        title: info.map_or_else(|| first.title.clone(), |c| c.title.clone()),
        severity: severity.code(),
        severity_label: severity.label(),
        confidence: info.map_or(first.confidence, |c| c.confidence).code(),
        count,
        count_label: fmt::count(count, "constat"),
        new: items
            .iter()
            .filter(|f| f.baseline == Some(BaselineStatus::New))
            .count(),
        waived,
        applicable: info.map_or(0, |c| c.applicable),
        rationale: info.map(|c| c.rationale.clone()).unwrap_or_default(),
        remediation: info.map(|c| c.remediation.clone()).unwrap_or_default(),
        references: info.map(|c| c.references.clone()).unwrap_or_default(),
        has_path: shown.iter().any(|r| !r.path.is_empty()),
        rows: shown,
        more,
        more_label: if more == 1 {
            "1 autre constat".to_string()
        } else {
            format!("{} autres constats", fmt::int(more))
        },
    }
}

fn waived_check(
    info: Option<&CheckInfo>,
    mut items: Vec<&Finding>,
    doc: &Document,
    top: usize,
) -> WaivedCheck {
    items.sort_by(order);
    let first = items[0];
    let severity = info.map_or(first.severity, |c| c.severity);
    let rows: Vec<WaivedRow> = items
        .iter()
        .take(top)
        .filter_map(|f| {
            let w = f.waiver.as_ref()?;
            let left = (w.expires - doc.scan.as_of).num_days();
            Some(WaivedRow {
                subject_name: f.subject_name.clone(),
                subject: f.subject.clone(),
                message: f.message.clone(),
                location: w.location.clone(),
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                ticket: w.ticket.clone(),
                expires: fmt::date(w.expires),
                expires_in: if left >= 0 {
                    format!("expire dans {}", fmt::days(left))
                } else {
                    format!("expirée depuis {}", fmt::days(-left))
                },
                soon: left <= 30,
            })
        })
        .collect();
    WaivedCheck {
        id: first.check.clone(),
        title: info.map_or_else(|| first.title.clone(), |c| c.title.clone()),
        severity: severity.code(),
        severity_label: severity.label(),
        count: items.len(),
        more: items.len() - rows.len(),
        rows,
    }
}

/// Builds the findings sections; `top` is the number of items shown per check.
pub fn build(doc: &Document, top: usize) -> FindingsView {
    let infos: HashMap<&str, &CheckInfo> = doc.checks.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut waived_per_check: HashMap<&str, usize> = HashMap::new();
    for f in doc.findings.iter().filter(|f| f.waiver.is_some()) {
        *waived_per_check.entry(f.check.as_str()).or_default() += 1;
    }
    let open = by_check(doc.open_findings());
    let mut checks: Vec<(Axis, CheckFindings)> = open
        .into_iter()
        .map(|(id, items)| {
            let info = infos.get(id.as_str()).copied();
            let axis = info.map_or(items[0].axis, |c| c.axis);
            let waived = waived_per_check.get(id.as_str()).copied().unwrap_or(0);
            (axis, check_findings(info, items, waived, top))
        })
        .collect();
    checks.sort_by(|(_, a), (_, b)| a.id.cmp(&b.id));
    let truncated = checks.iter().any(|(_, c)| c.more > 0);
    let open_total: usize = checks.iter().map(|(_, c)| c.count).sum();
    let new_total: usize = checks.iter().map(|(_, c)| c.new).sum();
    let mut axes = Vec::new();
    for axis in Axis::ALL {
        let mut groups = Vec::new();
        for sev in Severity::ALL {
            let (of, rest): (Vec<_>, Vec<_>) = checks
                .drain(..)
                .partition(|(a, c)| *a == axis && c.severity == sev.code());
            checks = rest;
            if !of.is_empty() {
                let checks: Vec<CheckFindings> = of.into_iter().map(|(_, c)| c).collect();
                groups.push(SeverityGroup {
                    code: sev.code(),
                    label: sev.label(),
                    count: checks.iter().map(|c| c.count).sum(),
                    checks,
                });
            }
        }
        let shown: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.checks.iter().map(|c| c.id.as_str()))
            .collect();
        let quiet = doc
            .checks
            .iter()
            .filter(|c| c.axis == axis && c.enabled && !shown.contains(&c.id.as_str()))
            .map(|c| (c.id.clone(), c.title.clone()))
            .collect();
        axes.push(AxisFindings {
            code: axis.code(),
            label: axis.label(),
            count: groups.iter().map(|g| g.count).sum(),
            groups,
            quiet,
        });
    }
    let mut waived: Vec<WaivedCheck> = by_check(doc.findings.iter().filter(|f| f.waiver.is_some()))
        .into_iter()
        .map(|(id, items)| waived_check(infos.get(id.as_str()).copied(), items, doc, top))
        .collect();
    waived.sort_by(|a, b| a.id.cmp(&b.id));
    let mut fixed: Vec<FixedCheck> = by_check(doc.fixed.iter())
        .into_iter()
        .map(|(id, mut items)| {
            items.sort_by(order);
            let subjects: Vec<String> = items
                .iter()
                .take(top)
                .map(|f| f.subject_name.clone())
                .collect();
            FixedCheck {
                title: infos
                    .get(id.as_str())
                    .map_or_else(|| items[0].title.clone(), |c| c.title.clone()),
                id,
                count: items.len(),
                more: items.len() - subjects.len(),
                subjects,
            }
        })
        .collect();
    fixed.sort_by(|a, b| a.id.cmp(&b.id));
    FindingsView {
        axes,
        open: open_total,
        waived_total: waived.iter().map(|w| w.count).sum(),
        waived,
        fixed_total: doc.fixed.len(),
        fixed,
        new_total,
        truncated,
    }
}
