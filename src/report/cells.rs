//! Text shared by the tabular outputs (CSV, XLSX): the French labels of a
//! finding's fields, the joined evidence and proof path, and the
//! neutralisation of text a spreadsheet would take for a formula.
//!
//! A finding carries text read from the hospital's exports (names, logins,
//! group names). A spreadsheet opening `=HYPERLINK(…)` or `+cmd|…` in a cell
//! would run it (CSV/formula injection), so every text cell goes through
//! [`neutralise`].

use crate::checks::engine::{BaselineStatus, PathStep};
use crate::checks::{Finding, Severity};
use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula (or that
/// hide one behind a line break), per OWASP's CSV injection advice.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefixes text that a spreadsheet would evaluate with an apostrophe, so
/// it is shown as text and never run.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some(c) if FORMULA_TRIGGERS.contains(&c) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// `compte mdupont → groupe GG_ADMINS → groupe Admins du domaine`.
pub fn path_text(path: &[PathStep]) -> String {
    path.iter()
        .map(|s| format!("{} {}", s.kind, s.label))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// `Source : ad ; Date de sortie RH : 2026-05-11`.
pub fn evidence_text(evidence: &[(String, String)]) -> String {
    evidence
        .iter()
        .map(|(label, value)| format!("{label} : {value}"))
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Text hard-wrapped in a check file (`remediation`, `rationale`) as
/// paragraphs: single line breaks become spaces, blank lines stay.
pub fn unwrap_lines(s: &str) -> String {
    s.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `ouvert` or `dérogé`.
pub fn status_label(f: &Finding) -> &'static str {
    if f.waiver.is_some() {
        "dérogé"
    } else {
        "ouvert"
    }
}

/// `nouveau`, `persistant`, `corrigé`, or empty without a baseline.
pub fn baseline_label(status: Option<BaselineStatus>) -> &'static str {
    status.map_or("", BaselineStatus::label)
}

/// 1 (critique) to 5 (information): the order a plan of action is worked in.
pub fn priority(severity: Severity) -> u8 {
    match severity {
        Severity::Critical => 1,
        Severity::High => 2,
        Severity::Medium => 3,
        Severity::Low => 4,
        Severity::Info => 5,
    }
}

/// Findings in the order people work them: most severe first, then by check
/// and subject.
pub fn by_priority<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<&'a Finding> {
    let mut v: Vec<&Finding> = findings.collect();
    v.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.check.cmp(&b.check))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_prefixed() {
        for s in ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"), "{s:?}");
        }
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for s in ["", "Dupont", "a=b", "ad:mdupont", "— 3", "'déjà"] {
            assert!(matches!(neutralise(s), Cow::Borrowed(_)), "{s:?}");
            assert_eq!(neutralise(s), s);
        }
    }

    #[test]
    fn path_and_evidence_are_joined() {
        let path = vec![
            PathStep {
                kind: "compte".into(),
                label: "mdupont".into(),
            },
            PathStep {
                kind: "groupe".into(),
                label: "GG_ADMINS".into(),
            },
        ];
        assert_eq!(path_text(&path), "compte mdupont → groupe GG_ADMINS");
        assert_eq!(path_text(&[]), "");
        let ev = vec![
            ("Source".to_string(), "ad".to_string()),
            ("Jours".to_string(), "12".to_string()),
        ];
        assert_eq!(evidence_text(&ev), "Source : ad ; Jours : 12");
    }

    #[test]
    fn hard_wraps_are_undone() {
        assert_eq!(
            unwrap_lines("Retirer le compte\ndu groupe.\n\nPuis  revoir.\n"),
            "Retirer le compte du groupe.\n\nPuis revoir."
        );
    }

    #[test]
    fn priorities_follow_severity() {
        let mut last = 0;
        for s in Severity::ALL {
            assert!(priority(s) > last);
            last = priority(s);
        }
    }
}
