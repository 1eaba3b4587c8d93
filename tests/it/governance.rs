//! Exceptions (dérogations), per-check overrides, indicators and axis
//! scores, end to end on a small site through the library pipeline.

use crate::support::{dir_with, fixture, repo, small_site_config};
use std::path::Path;
use vigie::report::model::ExceptionStatus;

/// The inventory source, after the small site's HR and DPI exports.
const INVENTORY_SOURCE: &str = r#"
[[source]]
id = "applications"
kind = "applications"
path = "applications.csv"
"#;

const INVENTORY: &str = "Identifiant;Application;Criticité;Données de santé\ndpi;Dossier patient informatisé;CRITIQUE;Oui\n";

fn site(extra_config: &str, exceptions: &str) -> tempfile::TempDir {
    let config = small_site_config(&format!(
        "checks = \"{}\"\npolicies = \"policies\"",
        repo("checks")
    )) + INVENTORY_SOURCE
        + extra_config;
    let dir = dir_with(&[
        ("vigie.toml", config.as_bytes()),
        (
            "rh.csv",
            &std::fs::read(fixture("tabular/sirh_cp1252.csv")).unwrap(),
        ),
        (
            "dpi.csv",
            &std::fs::read(fixture("tabular/dpi_bom.csv")).unwrap(),
        ),
        ("applications.csv", INVENTORY.as_bytes()),
    ]);
    std::fs::create_dir_all(dir.path().join("policies")).unwrap();
    if !exceptions.is_empty() {
        std::fs::write(dir.path().join("policies/exceptions.toml"), exceptions).unwrap();
    }
    dir
}

fn scan(dir: &Path) -> vigie::report::Document {
    let loaded =
        vigie::pipeline::load(&dir.join("vigie.toml")).unwrap_or_else(|d| panic!("{}", d.render()));
    let out = vigie::pipeline::run(&loaded, &vigie::source::NoProgress);
    assert!(
        !out.check_diagnostics.has_errors(),
        "{}",
        out.check_diagnostics.render()
    );
    out.document
}

fn load_error(dir: &Path) -> String {
    match vigie::pipeline::load(&dir.join("vigie.toml")) {
        Ok(_) => panic!("the configuration should be refused"),
        Err(d) => d.render(),
    }
}

const EXCEPTIONS: &str = r#"
[[exception]]
check = "IDN-002"
subject = "rh:000123"
reason = "Infirmière en attente d'inscription à l'Ordre"
approved_by = "RSSI"
ticket = "DSI-42"
expires = 2027-01-31

[[exception]]
check = "IDN-002"
subject_pattern = "^rh:9"
reason = "Plus personne"
approved_by = "RSSI"
expires = 2027-06-30

[[exception]]
check = "CYC-006"
subject = "dpi:urgences"
reason = "Ancienne dérogation"
approved_by = "DSI"
expires = 2026-10-01
"#;

#[test]
fn exceptions_waive_findings_and_their_register_is_checked() {
    let dir = site("", EXCEPTIONS);
    let doc = scan(dir.path());
    let waived: Vec<_> = doc.findings.iter().filter(|f| f.waiver.is_some()).collect();
    assert_eq!(waived.len(), 1, "{:#?}", doc.findings);
    let w = waived[0].waiver.as_ref().unwrap();
    assert_eq!(
        (waived[0].check.as_str(), waived[0].subject.as_str()),
        ("IDN-002", "rh:000123")
    );
    assert_eq!(w.ticket.as_deref(), Some("DSI-42"));
    assert!(w.location.ends_with("exceptions.toml:2"), "{}", w.location);
    let status: Vec<_> = doc
        .exceptions
        .iter()
        .map(|e| (e.status, e.waived))
        .collect();
    assert_eq!(
        status,
        [
            (ExceptionStatus::Active, 1),
            (ExceptionStatus::Unused, 0),
            (ExceptionStatus::Expired, 0)
        ]
    );
    let gov: Vec<_> = doc
        .findings
        .iter()
        .filter(|f| f.check.starts_with("GOV"))
        .map(|f| (f.check.as_str(), f.subject.as_str()))
        .collect();
    assert!(
        gov.contains(&("GOV-002", "exception:IDN-002:/^rh:9/")),
        "{gov:?}"
    );
    assert!(
        gov.contains(&("GOV-001", "exception:CYC-006:dpi:urgences")),
        "{gov:?}"
    );
    let info = doc.checks.iter().find(|c| c.id == "IDN-002").unwrap();
    assert_eq!((info.findings, info.waived), (1, 1));
    // A waived finding no longer weighs on the axis score.
    let life = &doc.axes[0];
    let open_medium = doc
        .open_findings()
        .filter(|f| f.axis == vigie::checks::Axis::LifeCycle)
        .filter(|f| f.severity == vigie::checks::Severity::Medium)
        .count();
    assert_eq!(life.open.get("moyenne").copied().unwrap_or(0), open_medium);
    assert!(doc
        .open_findings()
        .all(|f| f.subject != "rh:000123" || f.check != "IDN-002"));
}

#[test]
fn bad_exceptions_are_reported_with_file_and_line() {
    let bad = "[[exception]]\ncheck = \"IDN-02\"\nsubject = \"rh:1\"\nreason = \"x\"\napproved_by = \"\"\n\n[[exception]]\ncheck = \"IDN-002\"\nreason = \"x\"\napproved_by = \"y\"\nexpires = \"demain\"\n";
    let dir = site("", bad);
    let err = load_error(dir.path());
    for part in [
        "exceptions.toml:2:9: champ « exception[1].check » : contrôle « IDN-02 » inconnu du catalogue",
        "vouliez-vous dire « IDN-002 » ?",
        "« approved_by » ne peut pas être vide",
        "clé obligatoire « expires » absente",
        "indiquez soit « subject »",
        "date d'expiration invalide",
    ] {
        assert!(err.contains(part), "missing « {part} » in:\n{err}");
    }
}

#[test]
fn overrides_change_severity_or_disable_a_check() {
    let dir = site(
        "\n[override.IDN-002]\nseverity = \"faible\"\nreason = \"Suivi par la DRH\"\n",
        "",
    );
    let doc = scan(dir.path());
    let f = doc.findings.iter().find(|f| f.check == "IDN-002").unwrap();
    assert_eq!(f.severity, vigie::checks::Severity::Low);
    let info = doc.checks.iter().find(|c| c.id == "IDN-002").unwrap();
    assert_eq!(info.default_severity, Some(vigie::checks::Severity::Medium));

    let dir = site("\n[override.IDN-002]\nenabled = false\n", "");
    let doc = scan(dir.path());
    assert!(doc.findings.iter().all(|f| f.check != "IDN-002"));
    assert!(
        !doc.checks
            .iter()
            .find(|c| c.id == "IDN-002")
            .unwrap()
            .enabled
    );

    let dir = site("\n[override.IDN-020]\nenabled = false\n", "");
    let err = load_error(dir.path());
    assert!(
        err.contains(
            "vigie.toml:24: champ « override.IDN-020 » : contrôle « IDN-020 » inconnu du catalogue"
        ),
        "{err}"
    );
    assert!(err.contains("vouliez-vous dire « IDN-002 » ?"), "{err}");
    let dir = site("\n[override.CYC-001]\nseverity = \"grave\"\n", "");
    let err = load_error(dir.path());
    assert!(
        err.contains(
            "vigie.toml:25:12: champ « override.CYC-001.severity » : gravité « grave » inconnue"
        ),
        "{err}"
    );
}

#[test]
fn indicators_count_their_population_per_target() {
    let dir = site("", "");
    let doc = scan(dir.path());
    let hop11 = doc.indicators.iter().find(|i| i.id == "HOP-011").unwrap();
    // The DPI export has 4 rows for 3 accounts; the active nominative ones
    // are MART_DUP (a nurse without RPPS) and the generic URGENCES.
    let t2028 = hop11.targets.iter().find(|t| t.year == 2028).unwrap();
    assert!(t2028.denominator >= 1, "{hop11:?}");
    assert!(t2028.numerator < t2028.denominator, "{hop11:?}");
    assert_eq!(t2028.met(), Some(false));
    assert_eq!(doc.axes.len(), 5);
}
