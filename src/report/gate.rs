//! The CI gate (`--fail-on`, `--fail-on-new`): one pure decision on a
//! [`Document`], and its French summary line.
//!
//! Rules:
//! - only open findings count: a waived finding never fails the gate;
//! - `--fail-on SEV` fails on any open finding of severity SEV or above;
//! - `--fail-on-new` fails only on *new* open findings (against the
//!   baseline), at `--fail-on`'s severity or above — of any severity when
//!   `--fail-on` is not given. Without a baseline comparison in the
//!   document every finding counts as new (the gate fails closed);
//! - an incomplete scan is never a pass: the verdict is
//!   [`Verdict::Incomplete`] whatever the findings, gate or no gate.

use super::model::Document;
use crate::checks::engine::BaselineStatus;
use crate::checks::{Finding, Severity};

/// What the command line asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gate {
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--fail-on-new`.
    pub new_only: bool,
}

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No gate, or no open finding trips it.
    Passed,
    /// At least one open finding trips the gate.
    Failed,
    /// A source could not be read: nothing can be called clean.
    Incomplete,
}

/// The decision and the figures behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GateOutcome {
    pub gate: Gate,
    pub verdict: Verdict,
    /// Open findings that trip the gate.
    pub tripping: usize,
    /// Findings that would trip it but are waived.
    pub waived: usize,
}

impl Gate {
    /// True when `--fail-on` or `--fail-on-new` was given.
    pub fn is_set(&self) -> bool {
        self.fail_on.is_some() || self.new_only
    }

    /// The lowest severity that counts (`info` = any).
    pub fn threshold(&self) -> Severity {
        self.fail_on.unwrap_or(Severity::Info)
    }

    /// Whether `f` would trip this gate if it were not waived.
    fn concerns(&self, f: &Finding) -> bool {
        self.is_set()
            && f.severity >= self.threshold()
            && (!self.new_only
                || !matches!(
                    f.baseline,
                    Some(BaselineStatus::Persisting | BaselineStatus::Fixed)
                ))
    }

    /// Decides on `doc`.
    pub fn decide(&self, doc: &Document) -> GateOutcome {
        let (tripping, waived) =
            doc.findings
                .iter()
                .filter(|f| self.concerns(f))
                .fold((0, 0), |(open, waived), f| match f.waiver {
                    None => (open + 1, waived),
                    Some(_) => (open, waived + 1),
                });
        let verdict = if !doc.scan.complete {
            Verdict::Incomplete
        } else if tripping > 0 {
            Verdict::Failed
        } else {
            Verdict::Passed
        };
        GateOutcome {
            gate: *self,
            verdict,
            tripping,
            waived,
        }
    }

    /// `--fail-on élevée`, `--fail-on-new, gravité élevée ou plus`.
    fn describe(&self) -> String {
        match (self.new_only, self.fail_on) {
            (true, None) => "--fail-on-new, toute gravité".into(),
            (true, Some(s)) => format!("--fail-on-new, gravité {} ou plus", s.label()),
            (false, Some(s)) => format!("--fail-on {}", s.label()),
            (false, None) => "aucun".into(),
        }
    }

    /// `constat(s) ouvert(s) de gravité élevée ou plus`, with `nouveau(x)`.
    fn what(&self) -> String {
        let new = if self.new_only { "nouveau(x) " } else { "" };
        match self.threshold() {
            Severity::Info => format!("{new}constat(s) ouvert(s)"),
            s => format!("{new}constat(s) ouvert(s) de gravité {} ou plus", s.label()),
        }
    }
}

impl GateOutcome {
    /// The French summary line; `None` when no gate was asked for and the
    /// scan is complete.
    pub fn summary(&self) -> Option<String> {
        let waived = if self.waived > 0 {
            format!(" ; {} dérogé(s), non compté(s)", self.waived)
        } else {
            String::new()
        };
        let head = format!("Seuil de blocage ({})", self.gate.describe());
        match self.verdict {
            Verdict::Incomplete if !self.gate.is_set() => None,
            Verdict::Incomplete => Some(format!(
                "{head} : NON ÉVALUABLE — analyse incomplète, code de sortie 3 ({} {} parmi les sources lues{waived})",
                self.tripping,
                self.gate.what()
            )),
            _ if !self.gate.is_set() => None,
            Verdict::Failed => Some(format!(
                "{head} : FRANCHI — {} {}{waived}",
                self.tripping,
                self.gate.what()
            )),
            Verdict::Passed => Some(format!(
                "{head} : respecté — aucun {}{waived}",
                self.gate
                    .what()
                    .replace("constat(s) ouvert(s)", "constat ouvert")
                    .replace("nouveau(x) ", "nouveau ")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdoc::{document, finding_on, waived};

    fn gate(fail_on: Option<Severity>, new_only: bool) -> Gate {
        Gate { fail_on, new_only }
    }

    #[test]
    fn fails_at_or_above_the_threshold() {
        let doc = document(vec![
            finding_on("A", "x", Severity::Medium),
            finding_on("B", "x", Severity::Low),
        ]);
        let o = gate(Some(Severity::Medium), false).decide(&doc);
        assert_eq!((o.verdict, o.tripping), (Verdict::Failed, 1));
        assert_eq!(
            o.summary().unwrap(),
            "Seuil de blocage (--fail-on moyenne) : FRANCHI — 1 constat(s) ouvert(s) de gravité moyenne ou plus"
        );
        let o = gate(Some(Severity::High), false).decide(&doc);
        assert_eq!((o.verdict, o.tripping), (Verdict::Passed, 0));
        assert_eq!(
            o.summary().unwrap(),
            "Seuil de blocage (--fail-on élevée) : respecté — aucun constat ouvert de gravité élevée ou plus"
        );
        let o = gate(Some(Severity::Info), false).decide(&doc);
        assert_eq!((o.verdict, o.tripping), (Verdict::Failed, 2));
    }

    #[test]
    fn waived_findings_never_fail_the_gate() {
        let doc = document(vec![
            waived(finding_on("A", "x", Severity::Critical)),
            finding_on("B", "x", Severity::Low),
        ]);
        let o = gate(Some(Severity::Critical), false).decide(&doc);
        assert_eq!((o.verdict, o.tripping, o.waived), (Verdict::Passed, 0, 1));
        assert!(
            o.summary()
                .unwrap()
                .ends_with("; 1 dérogé(s), non compté(s)"),
            "{:?}",
            o.summary()
        );
        let mut new = waived(finding_on("C", "y", Severity::High));
        new.baseline = Some(BaselineStatus::New);
        let doc = document(vec![new]);
        assert_eq!(gate(None, true).decide(&doc).verdict, Verdict::Passed);
    }

    #[test]
    fn new_only_ignores_persisting_findings() {
        let mut old = finding_on("A", "x", Severity::Critical);
        old.baseline = Some(BaselineStatus::Persisting);
        let mut new = finding_on("B", "x", Severity::Low);
        new.baseline = Some(BaselineStatus::New);
        let only_old = document(vec![old.clone()]);
        assert_eq!(gate(None, true).decide(&only_old).verdict, Verdict::Passed);
        let both = document(vec![old, new]);
        let o = gate(None, true).decide(&both);
        assert_eq!((o.verdict, o.tripping), (Verdict::Failed, 1));
        assert_eq!(
            o.summary().unwrap(),
            "Seuil de blocage (--fail-on-new, toute gravité) : FRANCHI — 1 nouveau(x) constat(s) ouvert(s)"
        );
        // With a severity: the new finding is below it.
        let o = gate(Some(Severity::Medium), true).decide(&both);
        assert_eq!(o.verdict, Verdict::Passed);
        assert_eq!(
            o.summary().unwrap(),
            "Seuil de blocage (--fail-on-new, gravité moyenne ou plus) : respecté — aucun nouveau constat ouvert de gravité moyenne ou plus"
        );
    }

    #[test]
    fn without_a_comparison_every_finding_is_new() {
        let doc = document(vec![finding_on("A", "x", Severity::Low)]);
        assert_eq!(gate(None, true).decide(&doc).verdict, Verdict::Failed);
    }

    #[test]
    fn an_incomplete_scan_is_never_a_pass() {
        let mut doc = document(vec![]);
        doc.scan.complete = false;
        let o = gate(Some(Severity::Critical), false).decide(&doc);
        assert_eq!(o.verdict, Verdict::Incomplete);
        assert!(o.summary().unwrap().contains("NON ÉVALUABLE"));
        let o = Gate::default().decide(&doc);
        assert_eq!((o.verdict, o.summary()), (Verdict::Incomplete, None));
        let mut doc = document(vec![finding_on("A", "x", Severity::Critical)]);
        doc.scan.complete = false;
        assert_eq!(
            gate(Some(Severity::Info), false).decide(&doc).verdict,
            Verdict::Incomplete
        );
    }

    #[test]
    fn no_gate_passes_and_prints_nothing() {
        let doc = document(vec![finding_on("A", "x", Severity::Critical)]);
        let o = Gate::default().decide(&doc);
        assert_eq!(
            (o.verdict, o.tripping, o.summary()),
            (Verdict::Passed, 0, None)
        );
    }
}
