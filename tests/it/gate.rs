//! The CI gate of `vigie scan` end to end: one test per exit code, the
//! baseline comparison across two scans, `--fail-on-new`, waivers.

use crate::site::{
    statuses, vigie, Site, DUPONT, MARTIN_ACTIVE, MARTIN_DISABLED, ORPHAN_J, ORPHAN_K,
};
use vigie::report::gate::{Gate, Verdict};

fn s(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

#[test]
fn exit_0_when_no_open_finding_reaches_the_threshold() {
    let site = Site::new();
    let (code, out, err) = site.scan("out", &["--fail-on", "critique", "--no-history"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains(
            "Seuil de blocage (--fail-on critique) : respecté — aucun constat ouvert de gravité critique ou plus"
        ),
        "{out}"
    );
    // Without a gate: no gate line, still 0.
    let (code, out, _) = site.scan("out", &["--no-history"]);
    assert_eq!(code, 0);
    assert!(!out.contains("Seuil de blocage"), "{out}");
}

#[test]
fn exit_1_when_an_open_finding_reaches_the_threshold() {
    let site = Site::new();
    for value in ["elevee", "élevée", "ELEVEE", "moyenne", "info"] {
        let (code, out, err) = site.scan("out", &["--fail-on", value, "--no-history"]);
        assert_eq!(code, 1, "--fail-on {value}: {out}\n{err}");
        assert!(out.contains(" : FRANCHI — "), "{out}");
    }
    let (_, out, _) = site.scan("out", &["--fail-on", "elevee", "--no-history"]);
    assert!(
        out.contains(
            "Seuil de blocage (--fail-on élevée) : FRANCHI — 2 constat(s) ouvert(s) de gravité élevée ou plus"
        ),
        "{out}"
    );
    // The outputs are written all the same.
    assert!(site.path("out/findings.json").is_file());
    assert!(site.path("out/manifest.json").is_file());
}

#[test]
fn exit_2_for_a_bad_configuration_severity_or_baseline() {
    let site = Site::new();
    std::fs::write(site.path("site/broken.toml"), "[establishment]\nname = 1\n").unwrap();
    let (code, _, err) = vigie(
        site.root.path(),
        &[
            "scan",
            "--config",
            "site/broken.toml",
            "--fail-on",
            "critique",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.toml"), "{err}");

    let (code, _, err) = site.scan("out", &["--fail-on", "grave"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("erreur : valeur « grave » invalide pour --fail-on"),
        "{err}"
    );
    assert!(
        err.contains("valeurs possibles : critique, elevee, moyenne, faible, info"),
        "{err}"
    );

    let (code, _, err) = site.scan("out", &["--baseline", "absent.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("erreur : référence « absent.json » illisible"),
        "{err}"
    );
    assert!(
        !site.path("out").exists(),
        "nothing written on a usage error"
    );

    let (code, _, _) = site.scan("first", &["--no-history"]);
    assert_eq!(code, 0);
    let (code, _, err) = site.scan("out", &["--baseline", "first/manifest.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "référence « first/manifest.json » : format « vigie-manifest/1 » non pris en charge"
        ),
        "{err}"
    );
    let (code, _, err) = site.scan("out", &["--baseline", "first/reconciliation.csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("référence « first/reconciliation.csv » : ce n'est pas un fichier JSON"),
        "{err}"
    );
    // Another establishment's findings.
    let mut doc = site.findings("first");
    doc["scan"]["establishment"]["finess"] = "990000000".into();
    std::fs::write(site.path("other.json"), doc.to_string()).unwrap();
    let (code, _, err) = site.scan("out", &["--baseline", "other.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("FINESS 990000000, pas 999000017"), "{err}");

    let (code, _, err) = site.scan("out", &["--fail-on-new"]);
    assert_eq!(code, 2);
    assert!(err.contains("indiquez aussi --baseline FICHIER"), "{err}");
}

#[test]
fn exit_3_for_an_unreadable_source_even_when_the_gate_would_pass() {
    let site = Site::new();
    let (code, _, _) = site.scan("first", &["--no-history"]);
    assert_eq!(code, 0);
    std::fs::write(site.path("site/dpi.csv"), b"").unwrap();
    let (code, out, err) = site.scan("out", &["--fail-on", "critique", "--no-history"]);
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(
        out.contains("Seuil de blocage (--fail-on critique) : NON ÉVALUABLE — analyse incomplète"),
        "{out}"
    );
    assert!(err.contains("analyse INCOMPLÈTE"), "{err}");
    // With a baseline and --fail-on-new, where nothing is new: still 3,
    // and the findings of the unread source are not called fixed.
    let (code, _, err) = site.scan(
        "out",
        &[
            "--baseline",
            "first/findings.json",
            "--fail-on-new",
            "--no-history",
        ],
    );
    assert_eq!(code, 3, "{err}");
    let doc = site.findings("out");
    assert!(
        statuses(&doc, "fixed").is_empty(),
        "{:?}",
        statuses(&doc, "fixed")
    );
    assert!(err.contains("ne sont pas déclarés corrigés"), "{err}");
}

#[test]
fn new_persisting_and_fixed_across_two_scans() {
    let site = Site::new();
    let (code, _, err) = site.scan("first", &["--no-history"]);
    assert_eq!(code, 0, "{err}");
    // Between the scans: the leaver's account is disabled, an orphan appears.
    site.accounts(&[DUPONT, MARTIN_DISABLED, ORPHAN_J, ORPHAN_K]);
    let (code, out, err) = site.scan(
        "second",
        &["--baseline", "first/findings.json", "--no-history"],
    );
    assert_eq!(code, 0, "{err}");
    let doc = site.findings("second");
    assert_eq!(
        statuses(&doc, "findings"),
        [
            s("CYC-006", "dpi:orph_j", "persisting"),
            s("CYC-006", "dpi:orph_k", "new"),
            s("IDN-002", "rh:000001", "persisting"),
        ]
    );
    assert_eq!(
        statuses(&doc, "fixed"),
        [s("CYC-001", "dpi:martin_p", "fixed")]
    );
    let b = &doc["baseline"];
    assert_eq!(b["path"], "first/findings.json");
    assert_eq!(
        (
            b["new"].as_u64(),
            b["persisting"].as_u64(),
            b["fixed"].as_u64()
        ),
        (Some(1), Some(2), Some(1))
    );
    assert_eq!(b["as_of"], "2026-11-15");
    assert!(
        out.contains("Comparaison avec la référence first/findings.json")
            && out.contains(": 1 nouveau(x), 2 persistant(s), 1 corrigé(s)"),
        "{out}"
    );
    // The second document is itself a valid baseline.
    let (code, _, err) = site.scan(
        "third",
        &["--baseline", "second/findings.json", "--no-history"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(site.findings("third")["baseline"]["persisting"], 3);
}

#[test]
fn fail_on_new_passes_on_persisting_findings_and_fails_on_a_new_one() {
    let site = Site::new();
    site.scan("first", &["--no-history"]);
    // Only a fix: what remains persists.
    site.accounts(&[DUPONT, MARTIN_DISABLED, ORPHAN_J]);
    let (code, out, err) = site.scan(
        "second",
        &[
            "--baseline",
            "first/findings.json",
            "--fail-on-new",
            "--no-history",
        ],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("Seuil de blocage (--fail-on-new, toute gravité) : respecté — aucun nouveau constat ouvert"),
        "{out}"
    );
    // The plain gate would fail on the persisting orphan.
    let (code, _, _) = site.scan(
        "second",
        &[
            "--baseline",
            "first/findings.json",
            "--fail-on",
            "elevee",
            "--no-history",
        ],
    );
    assert_eq!(code, 1);
    // A new orphan appears.
    site.accounts(&[DUPONT, MARTIN_DISABLED, ORPHAN_J, ORPHAN_K]);
    let (code, out, _) = site.scan(
        "third",
        &[
            "--baseline",
            "first/findings.json",
            "--fail-on-new",
            "--no-history",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Seuil de blocage (--fail-on-new, toute gravité) : FRANCHI — 1 nouveau(x) constat(s) ouvert(s)"),
        "{out}"
    );
    // …but not when the threshold is above its severity (élevée).
    let (code, _, _) = site.scan(
        "third",
        &[
            "--baseline",
            "first/findings.json",
            "--fail-on-new",
            "--fail-on",
            "critique",
            "--no-history",
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn waived_findings_never_fail_the_gate() {
    // The exceptions register is another module's: waive by hand in the
    // document of a real scan and decide on it.
    let site = Site::new();
    site.accounts(&[DUPONT, MARTIN_ACTIVE, ORPHAN_J]);
    site.scan("out", &["--no-history"]);
    let bytes = std::fs::read(site.path("out/findings.json")).unwrap();
    let mut doc = vigie::report::baseline::parse(&bytes, "findings.json").unwrap();
    let gate = Gate {
        fail_on: Some(vigie::checks::Severity::High),
        new_only: false,
    };
    let before = gate.decide(&doc);
    assert_eq!((before.verdict, before.tripping), (Verdict::Failed, 2));
    for f in doc.findings.iter_mut() {
        f.waiver = Some(vigie::checks::engine::Waiver {
            location: "policies/exceptions.toml:4".into(),
            reason: "compte conservé pour l'enquête".into(),
            approved_by: "DPO".into(),
            ticket: Some("GLPI-1234".into()),
            expires: chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        });
    }
    let after = gate.decide(&doc);
    assert_eq!(
        (after.verdict, after.tripping, after.waived),
        (Verdict::Passed, 0, 2)
    );
    let new_only = Gate {
        fail_on: None,
        new_only: true,
    };
    assert_eq!(new_only.decide(&doc).verdict, Verdict::Passed);
}
