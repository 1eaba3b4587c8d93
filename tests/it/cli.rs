//! The `vigie` binary end to end: exit codes, French messages, outputs.

use crate::support::{dir_with, fixture, small_site_config, vigie};
use std::path::Path;

fn good_site() -> tempfile::TempDir {
    dir_with(&[
        ("vigie.toml", small_site_config("").as_bytes()),
        (
            "rh.csv",
            &std::fs::read(fixture("tabular/sirh_cp1252.csv")).unwrap(),
        ),
        (
            "dpi.csv",
            &std::fs::read(fixture("tabular/dpi_bom.csv")).unwrap(),
        ),
    ])
}

#[test]
fn validate_accepts_a_good_configuration() {
    let dir = good_site();
    let (code, out, err) = vigie(dir.path(), &["validate"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Configuration valide : CH de test — 2 source(s)."),
        "{out}"
    );
}

#[test]
fn validate_reports_every_error_at_once_with_lines() {
    let config = r#"[establishment]
name = "CH de test"
finess = "12345"
siets = ["999000025"]

[[source]]
id = "rh"
kind = "sirh"
path = "rh.csv"
encoding = "ebcdic"
[source.columns]
employe_number = "Matricule"
birth_date = 3

[[source]]
id = "rh"
kind = "ad-ldiff"
path = "ad.ldif"

[[source]]
id = "Labo Central"
kind = "accounts"
path = "labo.csv"
"#;
    let dir = dir_with(&[("vigie.toml", config.as_bytes())]);
    let (code, out, err) = vigie(dir.path(), &["validate"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    insta::assert_snapshot!("validate_all_errors", err);
}

#[test]
fn validate_reports_missing_source_files() {
    let dir = dir_with(&[("vigie.toml", small_site_config("").as_bytes())]);
    let (code, _, err) = vigie(dir.path(), &["validate"]);
    assert_eq!(code, 2);
    assert!(err.contains("vigie.toml:10: champ « source.path » : fichier « rh.csv » introuvable pour la source « rh »"), "{err}");
    assert!(err.contains("fichier « dpi.csv » introuvable"), "{err}");
}

#[test]
fn snapshot_lists_sources_with_hashes_and_provenance() {
    let dir = good_site();
    let (code, out, err) = vigie(dir.path(), &["snapshot", "--out", "out/snapshot.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Instantané écrit : out/snapshot.json"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/snapshot.json")).unwrap())
            .unwrap();
    assert_eq!(json["format"], 1);
    assert_eq!(json["establishment"]["finess"], "999000017");
    let sources = json["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    let rh_bytes = std::fs::read(dir.path().join("rh.csv")).unwrap();
    assert_eq!(
        sources[0]["files"][0]["sha256"],
        vigie::source::sha256_hex(&rh_bytes)
    );
    assert_eq!(sources[0]["files"][0]["size"], rh_bytes.len());
    assert_eq!(sources[0]["counts"]["persons"], 5);
    assert_eq!(sources[1]["counts"]["accounts"], 3);
    assert!(out.contains(&vigie::source::sha256_hex(&rh_bytes)), "{out}");
    for kind in ["persons", "accounts", "profiles", "rights"] {
        for rec in json[kind].as_array().unwrap() {
            let p = &rec["provenance"];
            assert!(
                p["source"].is_string() && p["file"].is_string() && p["line"].is_u64(),
                "{rec}"
            );
        }
    }
}

#[test]
fn snapshot_writes_nothing_when_a_source_fails() {
    let dir = good_site();
    std::fs::write(
        dir.path().join("dpi.csv"),
        b"Identifiant;Nom\nabc;\"DUPONT\n",
    )
    .unwrap();
    let (code, out, err) = vigie(dir.path(), &["snapshot", "--out", "snapshot.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("erreur[truncated]: dpi.csv:2"), "{err}");
    assert!(
        err.contains("source(s) illisible(s) : dpi — aucun instantané écrit."),
        "{err}"
    );
    assert!(out.contains("ÉCHEC"), "{out}");
    assert!(!dir.path().join("snapshot.json").exists());
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".tmp")));
}

#[test]
fn scan_prints_counts_per_source() {
    let dir = good_site();
    let (code, out, err) = vigie(dir.path(), &["scan"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CH de test (FINESS 999000017)"), "{out}");
    assert!(out.contains("5 personnes"), "{out}");
    assert!(out.contains("3 comptes, 3 profils, 6 droits"), "{out}");
    // Warnings go to stderr, in French.
    assert!(err.contains("avertissement[duplicate-key]"), "{err}");
}

#[test]
fn scan_of_an_unreadable_source_is_incomplete_with_code_3() {
    let dir = good_site();
    std::fs::write(dir.path().join("rh.csv"), b"").unwrap();
    let (code, out, err) = vigie(dir.path(), &["scan"]);
    assert_eq!(code, 3);
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("vigie-out/findings.json")).unwrap())
            .unwrap();
    assert_eq!(doc["scan"]["complete"], false);
    assert_eq!(doc["scan"]["failed_sources"][0], "rh");
    assert!(
        err.contains("erreur[empty-file]: rh.csv:1: le fichier est vide"),
        "{err}"
    );
    assert!(err.contains("analyse INCOMPLÈTE"), "{err}");
    assert!(out.contains("ÉCHEC"), "{out}");
}

#[test]
fn usage_errors_exit_2_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = vigie(dir.path(), &["scna"]);
    assert_eq!(code, 2);
    assert!(err.contains("commande inconnue « scna »"), "{err}");
    let (code, _, err) = vigie(dir.path(), &["snapshot"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("argument obligatoire manquant : --out"),
        "{err}"
    );
    let (code, _, err) = vigie(dir.path(), &["scan"]);
    assert_eq!(code, 2);
    assert!(err.contains("vigie.toml: fichier introuvable"), "{err}");
    let (code, out, _) = vigie(dir.path(), &["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Codes de sortie"), "{out}");
}

#[test]
fn checks_list_and_explain_in_french() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = vigie(root, &["checks", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Cycle de vie des identités") && out.contains("CYC-001"),
        "{out}"
    );
    let (code, out, _) = vigie(root, &["checks", "explain", "cyc-001"]);
    assert_eq!(code, 0);
    for part in [
        "CYC-001 — ",
        "Pourquoi",
        "Que faire",
        "Références",
        "RIE 2022 EXI 27",
        "signalé :",
    ] {
        assert!(out.contains(part), "missing {part} in {out}");
    }
    let (code, _, err) = vigie(root, &["checks", "explain", "CYC-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("contrôle « CYC-01 » inconnu"), "{err}");
}

#[test]
fn scan_of_the_sample_writes_findings_with_fingerprints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().to_str().unwrap();
    let (code, out, err) = vigie(
        root,
        &[
            "scan",
            "--config",
            "samples/ch-demo/vigie.toml",
            "--out",
            out_path,
            "--no-history",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Constats :"), "{out}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.path().join("findings.json")).unwrap())
            .unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let mut prints = std::collections::HashSet::new();
    for f in findings {
        assert_eq!(f["fingerprint"].as_str().unwrap().len(), 16);
        assert!(
            prints.insert(f["fingerprint"].as_str().unwrap().to_string()),
            "fingerprints are unique"
        );
    }
    assert!(out_dir.path().join("reconciliation.csv").exists());
}
