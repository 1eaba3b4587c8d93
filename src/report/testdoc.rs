//! Hand-made [`Document`]s for unit tests: [`full`] has what the sample
//! scan may lack (waived, new and fixed findings, a proof path, a disabled
//! check, indicators, axis scores, an exceptions register, a failed source)
//! and text that tries to break the outputs; [`document`] is a complete
//! scan holding just the findings a test gives (baseline, gate, history).

use super::model::*;
use crate::checks::engine::{BaselineStatus, PathStep, Waiver};
use crate::checks::{Axis, Confidence, Finding, Severity, SubjectKind};
use crate::model::{Establishment, RecordCounts, SourceReport, SourceStatus};
use chrono::{NaiveDate, TimeZone, Utc};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub fn check(id: &str, axis: Axis, severity: Severity, enabled: bool) -> CheckInfo {
    CheckInfo {
        id: id.into(),
        family: axis.code().into(),
        title: format!("Titre de {id}"),
        axis,
        severity,
        default_severity: None,
        confidence: Confidence::High,
        subject: SubjectKind::Account,
        rationale: format!("Pourquoi {id} compte."),
        remediation: format!("Corriger {id}."),
        references: vec!["RIE 2022 EXI 27".into()],
        enabled,
        applicable: 10,
        findings: 0,
        waived: 0,
    }
}

pub fn finding(check: &CheckInfo, subject: &str, name: &str) -> Finding {
    Finding {
        check: check.id.clone(),
        title: check.title.clone(),
        axis: check.axis,
        severity: check.severity,
        confidence: check.confidence,
        subject_kind: check.subject,
        subject: subject.into(),
        subject_name: name.into(),
        message: format!("Le compte {name} pose problème."),
        source: Some("ad".into()),
        evidence: vec![("Source".into(), "ad".into())],
        path: Vec::new(),
        fingerprint: crate::checks::engine::fingerprint(&check.id, subject),
        waiver: None,
        baseline: None,
    }
}

/// The full document: every list filled, a baseline, an incomplete scan.
pub fn full() -> Document {
    let drt = check("DRT-001", Axis::RightsAccess, Severity::Critical, true);
    let cyc = check("CYC-001", Axis::LifeCycle, Severity::High, true);
    let off = check("CYC-009", Axis::LifeCycle, Severity::Low, false);
    let mut admin = finding(&drt, "ad:=cmd", "=HYPERLINK(\"http://x\";\"clic\")");
    admin.path = vec![
        PathStep {
            kind: "compte".into(),
            label: "=cmd".into(),
        },
        PathStep {
            kind: "groupe".into(),
            label: "Admins <du> domaine & co".into(),
        },
    ];
    admin.message = "Accès \"admin\" <b>& plus\u{1}</b>".into();
    admin.baseline = Some(BaselineStatus::New);
    let mut waived = finding(&cyc, "ad:svc-backup", "Sauvegarde");
    waived.waiver = Some(Waiver {
        location: "policies/exceptions.toml:3".into(),
        reason: "Compte de sauvegarde validé par le RSSI".into(),
        approved_by: "RSSI".into(),
        ticket: Some("SEC-42".into()),
        expires: date(2027, 6, 30),
    });
    waived.baseline = Some(BaselineStatus::Persisting);
    let mut open = finding(&cyc, "ad:mdupont", "Martin Dupont");
    open.baseline = Some(BaselineStatus::Persisting);
    let mut fixed = finding(&cyc, "ad:ancien", "Ancien Agent");
    fixed.baseline = Some(BaselineStatus::Fixed);
    let mut checks = vec![drt, cyc, off];
    checks[0].findings = 1;
    checks[1].findings = 2;
    checks[1].waived = 1;
    Document {
        format: FORMAT.into(),
        vigie_version: "0.1.0".into(),
        scan: ScanMeta {
            started_at: Utc.with_ymd_and_hms(2026, 11, 16, 8, 30, 0).unwrap(),
            as_of: date(2026, 11, 15),
            establishment: Establishment {
                name: "CH de test".into(),
                finess: "999000017".into(),
                sites: vec![],
                ght: None,
            },
            complete: false,
            failed_sources: vec!["dpi".into()],
            config: "vigie.toml".into(),
            checks_version: "0123456789abcdef".into(),
            policies_version: "fedcba9876543210".into(),
            counts: Counts::default(),
        },
        sources: vec![SourceReport {
            id: "dpi".into(),
            kind: "accounts-csv".into(),
            status: SourceStatus::Failed,
            files: vec![],
            counts: RecordCounts::default(),
            read_as: Default::default(),
            seconds: 0.0,
            diagnostics: Default::default(),
        }],
        reconciliation: vec![],
        checks,
        indicators: vec![IndicatorResult {
            id: "HOPEN-1.1".into(),
            title: "Comptes nominatifs".into(),
            objective: "HOP'EN 2 — objectif 1.1".into(),
            axis: Axis::RightsAccess,
            description: "Part des comptes nominatifs".into(),
            references: vec![],
            targets: vec![IndicatorTarget {
                year: 2026,
                population: "comptes actifs".into(),
                target: 0.9,
                numerator: 80,
                denominator: 100,
            }],
        }],
        axes: vec![AxisScore {
            axis: Axis::LifeCycle,
            label: Axis::LifeCycle.label().into(),
            score: Some(72),
            open: [("elevee".to_string(), 1)].into_iter().collect(),
            checks: 2,
            note: "plafonné".into(),
        }],
        findings: vec![admin, waived, open],
        fixed: vec![fixed],
        exceptions: vec![ExceptionEntry {
            location: "policies/exceptions.toml:3".into(),
            check: "CYC-001".into(),
            subject: "ad:svc-backup".into(),
            reason: "Compte de sauvegarde validé par le RSSI".into(),
            approved_by: "RSSI".into(),
            ticket: Some("SEC-42".into()),
            expires: date(2027, 6, 30),
            status: ExceptionStatus::Active,
            waived: 1,
        }],
        baseline: Some(BaselineInfo {
            path: "vigie-out-2026-10/findings.json".into(),
            as_of: date(2026, 10, 15),
            started_at: Utc.with_ymd_and_hms(2026, 10, 16, 8, 0, 0).unwrap(),
            new: 1,
            persisting: 2,
            fixed: 1,
        }),
    }
}

/// A complete scan with no finding, no baseline and empty lists.
pub fn empty() -> Document {
    let mut d = full();
    d.scan.complete = true;
    d.scan.failed_sources.clear();
    d.sources.clear();
    d.checks.clear();
    d.indicators.clear();
    d.axes.clear();
    d.findings.clear();
    d.fixed.clear();
    d.exceptions.clear();
    d.baseline = None;
    d
}

/// A complete scan of « CH de test » (FINESS 999000017) with `findings`.
pub fn document(findings: Vec<Finding>) -> Document {
    let mut d = empty();
    d.findings = findings;
    d
}

/// A finding of `check` on the account `subject`, with its real fingerprint.
pub fn finding_on(check: &str, subject: &str, severity: Severity) -> Finding {
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
        expires: date(2027, 6, 30),
    });
    f
}
