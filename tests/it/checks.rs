//! The check catalogue: metadata complete, ids unique, every example
//! behaving as documented, vocabulary typos caught, and figures on the
//! sample hospital.

use std::path::Path;
use vigie::checks::{engine, load, policy};

fn catalogue() -> Vec<vigie::checks::Check> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("checks");
    load::load_dir(&dir).unwrap_or_else(|d| panic!("{}", d.render()))
}

#[test]
fn every_check_is_documented_and_its_examples_hold() {
    let defaults = policy::defaults();
    let checks = catalogue();
    assert!(!checks.is_empty());
    for c in &checks {
        for (what, text) in [
            ("title", &c.title),
            ("rationale", &c.rationale),
            ("remediation", &c.remediation),
        ] {
            assert!(!text.trim().is_empty(), "{} lacks a {what}", c.id);
        }
        assert!(!c.references.is_empty(), "{} lacks references", c.id);
        assert!(
            c.examples.iter().any(|e| e.fires) && c.examples.iter().any(|e| !e.fires),
            "{}",
            c.id
        );
        for e in &c.examples {
            let got = engine::eval_example(c, e, &defaults)
                .unwrap_or_else(|err| panic!("{}: {err}", c.id));
            assert_eq!(got, e.fires, "{} example « {} »", c.id, e.description);
        }
    }
}

#[test]
fn duplicate_ids_and_unknown_fields_are_reported_with_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("checks/cycle-de-vie/CYC-004.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/one.toml"), &good).unwrap();
    std::fs::write(dir.path().join("a/two.toml"), &good).unwrap();
    let typo = good.replace(
        "account.days_since_last_logon is not none",
        "account.days_since_last_logn is not none",
    );
    std::fs::write(
        dir.path().join("a/three.toml"),
        typo.replace("CYC-004", "CYC-104"),
    )
    .unwrap();
    let err = load::load_dir(dir.path()).unwrap_err().render();
    assert!(
        err.contains("identifiant « CYC-004 » déjà utilisé"),
        "{err}"
    );
    assert!(
        err.contains("« account.days_since_last_logn » n'est pas dans le vocabulaire"),
        "{err}"
    );
    assert!(err.contains("three.toml:7:"), "{err}");
}

#[test]
fn missing_sections_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("X.toml"), "id = \"bad\"\ntitle = \"\"\naxis = \"cycle\"\nseverity = \"haute\"\nconfidence = \"haute\"\nsubject = \"account\"\ncondition = \"account.enabled and\"\nmessage = \"x\"\n").unwrap();
    let err = load::load_dir(dir.path()).unwrap_err().render();
    for part in [
        "identifiant « bad » invalide",
        "« title » ne peut pas être vide",
        "valeur « cycle » inconnue",
        "valeur « haute » inconnue",
        "expression invalide",
        "clé obligatoire « rationale » absente",
        "clé obligatoire « references » absente",
        "clé obligatoire « example » absente",
    ] {
        assert!(err.contains(part), "missing « {part} » in:\n{err}");
    }
}

#[test]
fn life_cycle_checks_against_the_sample_truth() {
    use std::collections::{BTreeMap, HashSet};
    use std::sync::Arc;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ch-demo");
    let site =
        vigie::config::load(&dir.join("vigie.toml")).unwrap_or_else(|d| panic!("{}", d.render()));
    let snapshot = vigie::snapshot::take(&site, &vigie::source::NoProgress);
    let rpol = vigie::reconcile::policy::load(&site.policies_dir).unwrap();
    let rec = vigie::reconcile::reconcile(&snapshot, &rpol, &[]);
    let cpol = policy::load(&site.policies_dir).unwrap();
    let snapshot = Arc::new(snapshot);
    let graph = vigie::pipeline::build_graph(&snapshot, &rec);
    let facts = Arc::new(vigie::checks::facts::Facts::build(
        snapshot.clone(),
        &graph,
        &rec,
        site.as_of.unwrap(),
        &cpol,
    ));
    let eval = engine::evaluate(&catalogue(), &facts);
    let (findings, diags) = (eval.findings, eval.diagnostics);
    assert!(!diags.has_errors(), "{}", diags.render());
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    let families: [(&str, &[&str]); 14] = [
        ("CYC-001", &["departed-enabled"]),
        ("CYC-002", &["contract-ended-enabled"]),
        ("CYC-003", &["temporary-no-expiry"]),
        ("CYC-004", &["stale-account"]),
        ("CYC-005", &["never-used"]),
        ("CYC-006", &["orphan-account"]),
        ("DRT-001", &["privileged-unexpected"]),
        ("DRT-002", &["privileged-no-smartcard"]),
        ("DRT-003", &["password-never-expires"]),
        ("DRT-004", &["generic-health-access"]),
        ("IDN-001", &["rpps-invalid-key"]),
        ("IDN-002", &["rpps-missing"]),
        ("IDN-003", &["rpps-unknown", "rpps-other-person"]),
        ("IDN-004", &["adeli-identifier"]),
    ];
    let mut by_check: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for f in &findings {
        by_check
            .entry(f.check.as_str())
            .or_default()
            .insert(f.subject.as_str());
    }
    println!(
        "Contrôles sur samples/ch-demo (rappel / précision par famille de la vérité terrain) :"
    );
    for (check, fams) in families {
        let family = fams.join("+");
        // Identity families list persons and accounts: compare on persons.
        let prefix = if check.starts_with("IDN") { "rh:" } else { "" };
        let expected: HashSet<&str> = fams
            .iter()
            .flat_map(|f| {
                truth["anomalies"][*f]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|v| v.as_str())
            })
            .filter(|id| id.starts_with(prefix))
            .collect();
        let found = by_check.get(check).cloned().unwrap_or_default();
        let tp = found.intersection(&expected).count();
        println!(
            "  {check} {family:<24} rappel {:.3} ({tp}/{}) précision {:.3} ({tp}/{})",
            tp as f64 / expected.len().max(1) as f64,
            expected.len(),
            tp as f64 / found.len().max(1) as f64,
            found.len()
        );
        assert!(!found.is_empty(), "{check} finds nothing on the sample");
    }
}
