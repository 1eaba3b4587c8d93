//! The score of each HospiConnect axis, 0 to 100, and the model the report
//! explains:
//!
//! 1. each check evaluated on the axis has a compliance rate
//!    `1 − open findings / subjects in its scope` (waived findings do not
//!    count; a check with an empty scope is left out);
//! 2. the axis score is the mean of these rates weighted by severity
//!    (critique 8, élevée 4, moyenne 2, faible 1; information 0);
//! 3. a single open finding caps the score: critique at 60, élevée at 80 —
//!    a high rate cannot hide one account with domain admin rights.
//!
//! An axis without any applicable check is « non évalué », never 100.

use super::meta::{Axis, Severity};
use crate::checks::Finding;
use crate::report::model::{AxisScore, CheckInfo};
use std::collections::BTreeMap;

/// Severity weights of the model.
pub fn weight(s: Severity) -> u32 {
    match s {
        Severity::Critical => 8,
        Severity::High => 4,
        Severity::Medium => 2,
        Severity::Low => 1,
        Severity::Info => 0,
    }
}

/// Caps applied when an open finding of this severity exists.
pub fn cap(s: Severity) -> Option<u8> {
    match s {
        Severity::Critical => Some(60),
        Severity::High => Some(80),
        _ => None,
    }
}

/// The model in one French paragraph, for the report's appendix.
pub const MODEL_FR: &str = "Chaque contrôle évalué a un taux de conformité : 1 − constats ouverts ÷ sujets examinés \
(les constats couverts par une dérogation en vigueur ne comptent pas). Le score d'un axe est la moyenne de ces taux \
pondérée par la gravité (critique 8, élevée 4, moyenne 2, faible 1, information 0), ramenée sur 100. Un seul constat \
ouvert plafonne le score : 60 s'il est critique, 80 s'il est de gravité élevée. Un axe sans contrôle applicable est \
« non évalué ».";

pub fn axes(checks: &[CheckInfo], findings: &[Finding]) -> Vec<AxisScore> {
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.waiver.is_none()) {
        *open.entry(f.check.as_str()).or_default() += 1;
    }
    Axis::ALL
        .into_iter()
        .map(|axis| {
            let mut by_sev: BTreeMap<String, usize> = BTreeMap::new();
            let (mut num, mut den) = (0.0f64, 0.0f64);
            let mut caps: Vec<(u8, Severity)> = Vec::new();
            let mut evaluated = 0;
            for c in checks.iter().filter(|c| c.axis == axis && c.enabled) {
                let n = open.get(c.id.as_str()).copied().unwrap_or(0);
                if n > 0 {
                    *by_sev.entry(c.severity.code().to_string()).or_default() += n;
                    if let Some(x) = cap(c.severity) {
                        caps.push((x, c.severity));
                    }
                }
                if c.applicable == 0 {
                    continue;
                }
                evaluated += 1;
                let w = weight(c.severity) as f64;
                let rate = 1.0 - (n as f64 / c.applicable as f64).min(1.0);
                num += w * rate;
                den += w;
            }
            let raw = (den > 0.0).then(|| (100.0 * num / den).round() as u8);
            let lowest_cap = caps.iter().min_by_key(|(x, _)| *x).copied();
            let (score, note) = match (raw, lowest_cap) {
                (None, _) => (None, "non évalué : aucun contrôle applicable sur cet axe".to_string()),
                (Some(r), Some((x, s))) if r > x => (
                    Some(x),
                    format!(
                        "{r}/100 avant plafond ; plafonné à {x} par au moins un constat ouvert de gravité {}",
                        s.label()
                    ),
                ),
                (Some(r), _) => (Some(r), format!("{evaluated} contrôle(s) évalué(s), moyenne pondérée par la gravité")),
            };
            AxisScore {
                axis,
                label: axis.label().to_string(),
                score,
                open: by_sev,
                checks: evaluated,
                note,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{Confidence, SubjectKind};

    fn info(id: &str, axis: Axis, severity: Severity, applicable: usize) -> CheckInfo {
        CheckInfo {
            id: id.into(),
            family: String::new(),
            title: String::new(),
            axis,
            severity,
            default_severity: None,
            confidence: Confidence::High,
            subject: SubjectKind::Account,
            rationale: String::new(),
            remediation: String::new(),
            references: Vec::new(),
            enabled: true,
            applicable,
            findings: 0,
            waived: 0,
        }
    }

    fn finding(check: &str, waived: bool) -> Finding {
        Finding {
            check: check.into(),
            title: String::new(),
            axis: Axis::LifeCycle,
            severity: Severity::Medium,
            confidence: Confidence::High,
            subject_kind: SubjectKind::Account,
            subject: "ad:x".into(),
            subject_name: String::new(),
            message: String::new(),
            source: None,
            evidence: Vec::new(),
            path: Vec::new(),
            fingerprint: String::new(),
            waiver: waived.then(|| crate::checks::Waiver {
                location: String::new(),
                reason: String::new(),
                approved_by: String::new(),
                ticket: None,
                expires: chrono::NaiveDate::MAX,
            }),
            baseline: None,
        }
    }

    #[test]
    fn weighted_rates_caps_and_unevaluated_axes() {
        let checks = vec![
            info("A-001", Axis::LifeCycle, Severity::Medium, 100),
            info("A-002", Axis::LifeCycle, Severity::Low, 10),
            info("B-001", Axis::RightsAccess, Severity::Critical, 50),
        ];
        let mut findings = vec![finding("A-001", false); 10];
        findings.push(finding("A-002", false));
        findings.push(finding("A-002", true));
        let s = axes(&checks, &findings);
        // (2 × 0.9 + 1 × 0.9) / 3 = 0.9
        assert_eq!(s[0].score, Some(90));
        assert_eq!(s[0].open["moyenne"], 10);
        assert_eq!(s[0].open["faible"], 1);
        assert_eq!(s[1].score, Some(100));
        assert_eq!(s[2].score, None);
        let s = axes(&checks, &[finding("B-001", false)]);
        assert_eq!(s[1].score, Some(60), "{}", s[1].note);
        assert!(s[1].note.contains("plafonné à 60"));
        // A waived critical finding does not cap.
        assert_eq!(axes(&checks, &[finding("B-001", true)])[1].score, Some(100));
    }
}
