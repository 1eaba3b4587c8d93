//! Hand-built documents for unit tests of the functions that read a
//! [`Document`] (baseline, gate, history, manifest).

use super::model::{self as doc, Document};
use crate::checks::engine::Waiver;
use crate::checks::{Axis, Confidence, Finding, Severity, SubjectKind};
use crate::model::Establishment;
use chrono::{NaiveDate, TimeZone, Utc};

/// A complete scan of « CH de test » (FINESS 999000017) with `findings`.
pub fn document(findings: Vec<Finding>) -> Document {
    Document {
        format: doc::FORMAT.to_string(),
        vigie_version: "0.0.0-test".into(),
        scan: doc::ScanMeta {
            started_at: Utc.with_ymd_and_hms(2026, 11, 15, 9, 30, 0).unwrap(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
            establishment: Establishment {
                name: "CH de test".into(),
                finess: "999000017".into(),
                sites: vec![],
                ght: None,
            },
            complete: true,
            failed_sources: vec![],
            config: "vigie.toml".into(),
            checks_version: "00112233aabbccdd".into(),
            policies_version: "44556677eeff0011".into(),
            counts: doc::Counts::default(),
        },
        sources: vec![],
        reconciliation: vec![],
        checks: vec![],
        indicators: vec![],
        axes: vec![],
        findings,
        fixed: vec![],
        exceptions: vec![],
        baseline: None,
    }
}

/// A finding of `check` on `subject`, with its real fingerprint.
pub fn finding(check: &str, subject: &str, severity: Severity) -> Finding {
    Finding {
        check: check.into(),
        title: format!("titre de {check}"),
        axis: Axis::LifeCycle,
        severity,
        confidence: Confidence::High,
        subject_kind: SubjectKind::Account,
        subject: subject.into(),
        subject_name: subject.into(),
        message: format!("{check} sur {subject}"),
        source: None,
        evidence: vec![],
        path: vec![],
        fingerprint: crate::checks::engine::fingerprint(check, subject),
        waiver: None,
        baseline: None,
    }
}

/// The same finding, waived by an exception.
pub fn waived(mut f: Finding) -> Finding {
    f.waiver = Some(Waiver {
        location: "policies/exceptions.toml:3".into(),
        reason: "compte de secours validé".into(),
        approved_by: "RSSI".into(),
        ticket: None,
        expires: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
    });
    f
}
