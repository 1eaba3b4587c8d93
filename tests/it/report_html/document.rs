//! Hand-made report documents: a small one that exercises every section of
//! the report (indicators, axis scores, waived findings, an expired
//! exception, baseline new and fixed, three earlier scans, an incomplete
//! scan), a large one (100 000 findings), and the enrichment of the sample's
//! document with the lists the pipeline does not fill yet.

use chrono::{NaiveDate, TimeZone, Utc};
use std::collections::BTreeMap;
use vigie::checks::engine::{BaselineStatus, PathStep, Waiver};
use vigie::checks::{Axis, Confidence, Finding, Severity, SubjectKind};
use vigie::diag::{Code, Diagnostic, Diagnostics};
use vigie::model::{Establishment, InputFile, RecordCounts, SourceReport, SourceStatus};
use vigie::report::model::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn check(id: &str, title: &str, axis: Axis, severity: Severity, subject: SubjectKind) -> CheckInfo {
    CheckInfo {
        id: id.into(),
        family: id[..3].to_lowercase(),
        title: title.into(),
        axis,
        severity,
        default_severity: None,
        confidence: Confidence::High,
        subject,
        rationale: format!("Pourquoi {id} compte."),
        remediation: format!("Comment corriger {id}."),
        references: vec!["RIE 2022 EXI 27".into(), "HOP'EN 2 objectif 1.2".into()],
        enabled: true,
        applicable: 0,
        findings: 0,
        waived: 0,
    }
}

/// A finding of `check` on `subject` (`source:key`), named `name`.
pub fn finding(check: &CheckInfo, subject: &str, name: &str, message: &str) -> Finding {
    Finding {
        check: check.id.clone(),
        title: check.title.clone(),
        axis: check.axis,
        severity: check.severity,
        confidence: check.confidence,
        subject_kind: check.subject,
        subject: subject.into(),
        subject_name: name.into(),
        message: message.into(),
        source: subject.split_once(':').map(|(s, _)| s.to_string()),
        evidence: vec![("Source".into(), subject.split(':').next().unwrap().into())],
        path: vec![],
        fingerprint: vigie::checks::engine::fingerprint(&check.id, subject),
        waiver: None,
        baseline: None,
    }
}

fn source(id: &str, kind: &str, ok: bool, accounts: usize) -> SourceReport {
    let mut diagnostics = Diagnostics::new();
    if !ok {
        diagnostics.push(
            Diagnostic::error(Code::Io, "fichier introuvable")
                .in_file(format!("{id}/utilisateurs.xlsx")),
        );
    } else if id == "rh" {
        diagnostics.push(
            Diagnostic::warning(Code::InvalidDate, "date illisible « 31/02/2024 »")
                .in_file("rh/agents.csv")
                .at_line(12)
                .field("Date d'entrée"),
        );
    }
    SourceReport {
        id: id.into(),
        kind: kind.into(),
        status: if ok {
            SourceStatus::Ok
        } else {
            SourceStatus::Failed
        },
        files: if ok {
            vec![InputFile {
                path: format!("{id}/export.csv"),
                sha256: format!("{:0>64}", accounts),
                size: 1536 * accounts as u64,
            }]
        } else {
            vec![]
        },
        counts: RecordCounts {
            persons: if id == "rh" { 120 } else { 0 },
            accounts,
            records_read: accounts.max(120),
            ..Default::default()
        },
        read_as: [("encodage".to_string(), "windows-1252".to_string())].into(),
        seconds: 0.25,
        diagnostics,
    }
}

fn open(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// Three earlier scans, oldest first.
pub fn trends() -> Vec<TrendPoint> {
    (0..3)
        .map(|i| TrendPoint {
            started_at: Utc.with_ymd_and_hms(2026, 5 + 2 * i, 15, 8, 0, 0).unwrap(),
            as_of: date(2026, 5 + 2 * i, 15),
            complete: i != 1,
            open: open(&[
                ("critique", 3 - i as usize),
                ("elevee", 9 - 2 * i as usize),
                ("moyenne", 4),
            ]),
            axes: [
                ("cycle-de-vie".to_string(), Some(30 + 5 * i as u8)),
                ("droits-et-acces".to_string(), Some(50 + 5 * i as u8)),
                ("mie".to_string(), None),
            ]
            .into(),
            indicators: [
                (
                    "hopen2-1.1/2027".to_string(),
                    Some(0.5 + 0.1 * f64::from(i)),
                ),
                (
                    "hopen2-1.1/2028".to_string(),
                    Some(0.3 + 0.05 * f64::from(i)),
                ),
            ]
            .into(),
        })
        .collect()
}

/// A small document exercising every section.
pub fn small() -> Document {
    let cyc1 = check(
        "CYC-001",
        "Compte encore actif d'un agent parti",
        Axis::LifeCycle,
        Severity::High,
        SubjectKind::Account,
    );
    let mut drt1 = check(
        "DRT-001",
        "Privilèges d'administration hors des comptes habilités",
        Axis::RightsAccess,
        Severity::Critical,
        SubjectKind::Account,
    );
    drt1.default_severity = Some(Severity::High);
    let idn2 = check(
        "IDN-002",
        "RPPS absent pour une profession enregistrée",
        Axis::LifeCycle,
        Severity::Medium,
        SubjectKind::Person,
    );
    let cyc4 = check(
        "CYC-004",
        "Compte actif inutilisé depuis longtemps",
        Axis::LifeCycle,
        Severity::Low,
        SubjectKind::Account,
    );
    let mut gov = check(
        "GOV-001",
        "Revue annuelle des habilitations non tracée",
        Axis::Governance,
        Severity::Info,
        SubjectKind::Establishment,
    );
    gov.enabled = false;
    let mut findings = vec![
        finding(&cyc1, "ad:mdupont", "DUPONT Marie", "Le compte mdupont (ad) de DUPONT Marie est actif alors que l'agent est parti le 2026-10-06."),
        finding(&cyc1, "dpi:mart_dup", "MARTIN Paul", "Le compte MART_DUP (dpi) de MARTIN Paul est actif alors que l'agent est parti le 2026-09-30."),
        finding(&cyc1, "ad:jleroy", "LEROY Jeanne", "Le compte jleroy (ad) de LEROY Jeanne est actif alors que l'agent est parti le 2026-08-01."),
        finding(&drt1, "ad:tech01", "tech01", "Le compte tech01 (ad) détient des privilèges d'administration (Domain Admins) sans être un compte d'administration habilité."),
        finding(&idn2, "rh:000123", "BERNARD Luc", "BERNARD Luc (profession 60) n'a pas de RPPS dans le SIRH."),
    ];
    findings[0]
        .evidence
        .push(("Date de sortie RH".into(), "2026-10-06".into()));
    findings[0].baseline = Some(BaselineStatus::New);
    findings[1].baseline = Some(BaselineStatus::Persisting);
    findings[2].waiver = Some(Waiver {
        location: "policies/exceptions.toml:4".into(),
        reason: "Compte conservé pour la clôture des dossiers".into(),
        approved_by: "Directeur des soins".into(),
        ticket: Some("GLPI-1234".into()),
        expires: date(2026, 12, 1),
    });
    findings[3].path = vec![
        PathStep {
            kind: "compte".into(),
            label: "tech01".into(),
        },
        PathStep {
            kind: "groupe".into(),
            label: "GG-Support".into(),
        },
        PathStep {
            kind: "groupe".into(),
            label: "Domain Admins".into(),
        },
    ];
    findings[3]
        .evidence
        .push(("Titulaire".into(), "aucun".into()));
    let mut fixed = finding(
        &cyc4,
        "ad:pdurand",
        "DURAND Pierre",
        "Le compte pdurand (ad) n'a pas servi depuis 400 jours.",
    );
    fixed.baseline = Some(BaselineStatus::Fixed);
    let mut checks = vec![cyc1, drt1, idn2, cyc4, gov];
    for c in &mut checks {
        c.findings = findings.iter().filter(|f| f.check == c.id).count();
        c.waived = findings
            .iter()
            .filter(|f| f.check == c.id && f.waiver.is_some())
            .count();
        c.applicable = if c.enabled { 240 } else { 0 };
    }
    Document {
        format: FORMAT.into(),
        vigie_version: "0.0.0-test".into(),
        scan: ScanMeta {
            started_at: Utc.with_ymd_and_hms(2026, 11, 15, 9, 30, 0).unwrap(),
            as_of: date(2026, 11, 15),
            establishment: Establishment {
                name: "Centre hospitalier de Test".into(),
                finess: "999000017".into(),
                sites: vec!["999000025".into()],
                ght: Some("GHT de Test".into()),
            },
            complete: false,
            failed_sources: vec!["pacs".into()],
            config: "vigie.toml".into(),
            checks_version: "0123456789abcdef".into(),
            policies_version: "fedcba9876543210".into(),
            counts: Counts {
                persons: 120,
                accounts: 240,
                groups: 12,
                applications: 3,
                rights: 480,
            },
        },
        sources: vec![
            source("rh", "sirh", true, 0),
            source("ad", "ad-ldif", true, 150),
            source("pacs", "accounts", false, 0),
            source("dpi", "accounts", true, 90),
        ],
        reconciliation: vec![
            LinkStats {
                source: "ad".into(),
                accounts: 150,
                automatic: 110,
                manual: 5,
                candidate: 10,
                unmatched: 20,
                conflict: 1,
                non_nominative: 4,
            },
            LinkStats {
                source: "dpi".into(),
                accounts: 90,
                automatic: 50,
                manual: 0,
                candidate: 15,
                unmatched: 25,
                conflict: 0,
                non_nominative: 0,
            },
        ],
        checks,
        indicators: vec![
            IndicatorResult {
                id: "hopen2-1.1".into(),
                title: "L'identifiant RPPS des utilisateurs est connu du DPI".into(),
                objective: "HOP'EN 2 — objectif 1.1".into(),
                axis: Axis::LifeCycle,
                description: "Part des utilisateurs du DPI dont le compte porte le RPPS.".into(),
                references: vec!["Arrêté du 27 janvier 2026, annexe 2".into()],
                targets: vec![
                    IndicatorTarget {
                        year: 2027,
                        population: "professions enregistrées par un Ordre ou l'ARS".into(),
                        target: 1.0,
                        numerator: 45,
                        denominator: 60,
                    },
                    IndicatorTarget {
                        year: 2028,
                        population: "tous les utilisateurs du DPI".into(),
                        target: 1.0,
                        numerator: 50,
                        denominator: 90,
                    },
                ],
            },
            IndicatorResult {
                id: "hopen2-1.2".into(),
                title: "Les permissions d'accès au DPI sont mises à jour lors des mouvements"
                    .into(),
                objective: "HOP'EN 2 — objectif 1.2".into(),
                axis: Axis::RightsAccess,
                description: "Part des départs dont le compte DPI a été désactivé.".into(),
                references: vec![],
                targets: vec![
                    IndicatorTarget {
                        year: 2027,
                        population: "départs des 12 derniers mois".into(),
                        target: 0.9,
                        numerator: 19,
                        denominator: 20,
                    },
                    IndicatorTarget {
                        year: 2028,
                        population: "mouvements automatisés depuis les RH".into(),
                        target: 1.0,
                        numerator: 0,
                        denominator: 0,
                    },
                ],
            },
        ],
        axes: vec![
            AxisScore {
                axis: Axis::LifeCycle,
                label: Axis::LifeCycle.label().into(),
                score: Some(42),
                open: open(&[("elevee", 2), ("moyenne", 1)]),
                checks: 3,
                note: "Plafonné à 49 : un constat de gravité élevée reste ouvert.".into(),
            },
            AxisScore {
                axis: Axis::RightsAccess,
                label: Axis::RightsAccess.label().into(),
                score: Some(65),
                open: open(&[("critique", 1)]),
                checks: 1,
                note: "Un constat critique ouvert.".into(),
            },
            AxisScore {
                axis: Axis::DigitalServices,
                label: Axis::DigitalServices.label().into(),
                score: None,
                open: BTreeMap::new(),
                checks: 0,
                note: "Aucun contrôle évaluable.".into(),
            },
            AxisScore {
                axis: Axis::Governance,
                label: Axis::Governance.label().into(),
                score: Some(85),
                open: BTreeMap::new(),
                checks: 1,
                note: "Aucun constat ouvert.".into(),
            },
        ],
        findings,
        fixed: vec![fixed],
        exceptions: vec![
            ExceptionEntry {
                location: "policies/exceptions.toml:4".into(),
                check: "CYC-001".into(),
                subject: "ad:jleroy".into(),
                reason: "Compte conservé pour la clôture des dossiers".into(),
                approved_by: "Directeur des soins".into(),
                ticket: Some("GLPI-1234".into()),
                expires: date(2026, 12, 1),
                status: ExceptionStatus::Active,
                waived: 1,
            },
            ExceptionEntry {
                location: "policies/exceptions.toml:12".into(),
                check: "DRT-001".into(),
                subject: "ad:svc_*".into(),
                reason: "Comptes de service de sauvegarde".into(),
                approved_by: "RSSI".into(),
                ticket: None,
                expires: date(2026, 6, 30),
                status: ExceptionStatus::Expired,
                waived: 0,
            },
            ExceptionEntry {
                location: "policies/exceptions.toml:20".into(),
                check: "CYC-004".into(),
                subject: "ad:astreinte".into(),
                reason: "Compte d'astreinte".into(),
                approved_by: "DSI".into(),
                ticket: None,
                expires: date(2027, 6, 30),
                status: ExceptionStatus::Unused,
                waived: 0,
            },
        ],
        baseline: Some(BaselineInfo {
            path: "vigie-out-2026-09/findings.json".into(),
            as_of: date(2026, 9, 15),
            started_at: Utc.with_ymd_and_hms(2026, 9, 15, 8, 0, 0).unwrap(),
            new: 1,
            persisting: 1,
            fixed: 1,
        }),
    }
}

/// `n` findings spread over the checks of [`small`].
pub fn big(n: usize) -> Document {
    let mut doc = small();
    let checks: Vec<CheckInfo> = doc.checks.iter().filter(|c| c.enabled).cloned().collect();
    doc.findings = (0..n)
        .map(|i| {
            let c = &checks[i % checks.len()];
            let mut f = finding(
                c,
                &format!("ad:user{i:06}"),
                &format!("NOM{i:06} Prénom"),
                &format!(
                    "Le compte user{i:06} (ad) est en cause dans le contrôle {}.",
                    c.id
                ),
            );
            f.evidence
                .push(("Dernière connexion".into(), "2025-01-01".into()));
            f
        })
        .collect();
    doc
}

/// Fills the lists the pipeline leaves empty today (indicators, axes,
/// exceptions, baseline), waives and marks a few findings, so the browser
/// sees every section on real data.
pub fn enrich(doc: &mut Document) {
    let small = small();
    doc.indicators = small.indicators;
    doc.axes = small.axes;
    doc.exceptions = small.exceptions;
    doc.baseline = small.baseline;
    for (i, f) in doc.findings.iter_mut().enumerate() {
        match i % 7 {
            0 => f.baseline = Some(BaselineStatus::New),
            3 if i < 50 => f.waiver = small.findings[2].waiver.clone(),
            _ => f.baseline = Some(BaselineStatus::Persisting),
        }
    }
    doc.fixed = small.fixed;
}
