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
    assert!(err.contains("three.toml:8:"), "{err}");
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

/// How a family of the sample's ground truth is measured.
enum Measure {
    /// By the findings of these checks (their union).
    Checks(&'static [&'static str]),
    /// Not an anomaly to report: a phenomenon the reconciliation must cope
    /// with, measured by `reconcile_truth.rs`; the reason says why.
    Reconciliation(&'static str),
}

/// Every family of `samples/ch-demo/ground-truth.json`, and what measures
/// it. A family the truth gains without an entry here fails the test.
const FAMILIES: &[(&str, Measure)] = &[
    ("hr-duplicate", Measure::Checks(&["IDN-005"])),
    ("homonym", Measure::Checks(&["IDN-006"])),
    ("missing-birth-date", Measure::Checks(&["IDN-007"])),
    ("rpps-missing", Measure::Checks(&["IDN-002"])),
    ("rpps-invalid-key", Measure::Checks(&["IDN-001"])),
    ("rpps-unknown", Measure::Checks(&["IDN-003"])),
    ("rpps-other-person", Measure::Checks(&["IDN-008"])),
    ("adeli-identifier", Measure::Checks(&["IDN-004"])),
    ("rpps-no-local-activity", Measure::Checks(&["IDN-009"])),
    ("rpps-missing-in-dpi", Measure::Checks(&["IDN-010"])),
    ("orphan-account", Measure::Checks(&["CYC-006"])),
    ("departed-enabled", Measure::Checks(&["CYC-001", "CYC-007"])),
    ("contract-ended-enabled", Measure::Checks(&["CYC-002", "CYC-008"])),
    ("temporary-no-expiry", Measure::Checks(&["CYC-003", "CYC-009"])),
    ("duplicate-account", Measure::Checks(&["CYC-010"])),
    ("stale-account", Measure::Checks(&["CYC-004"])),
    ("never-used", Measure::Checks(&["CYC-005"])),
    ("generic-account", Measure::Checks(&["DRT-005"])),
    ("generic-health-access", Measure::Checks(&["DRT-004"])),
    ("service-interactive", Measure::Checks(&["DRT-006"])),
    ("test-account", Measure::Checks(&["DRT-007"])),
    ("privileged-unexpected", Measure::Checks(&["DRT-001"])),
    ("privileged-no-smartcard", Measure::Checks(&["DRT-002"])),
    ("password-never-expires", Measure::Checks(&["DRT-003"])),
    ("profile-profession-mismatch", Measure::Checks(&["DRT-008"])),
    ("stale-unit-rights", Measure::Checks(&["DRT-009"])),
    ("toxic-combination", Measure::Checks(&["DRT-010"])),
    ("group-nesting-cycle", Measure::Checks(&["DRT-011"])),
    (
        "usage-name",
        Measure::Reconciliation("un nom d'usage différent du nom de naissance est une donnée exacte, que le rapprochement doit lire"),
    ),
    (
        "name-variant",
        Measure::Reconciliation("une graphie différente (accents, tirets, initiale) est normalisée par le rapprochement"),
    ),
    (
        "name-typo",
        Measure::Reconciliation("une faute d'une lettre est tolérée par le rapprochement (distance de Levenshtein)"),
    ),
    (
        "fragmented-identity",
        Measure::Reconciliation("un compte sans clé commune avec les RH est la situation ordinaire que le rapprochement résout par les noms"),
    ),
];

/// The scan of the estate in `dir` (the sample, or a generated one), as
/// `vigie scan` runs it, with the generator's ground truth.
fn estate_findings(
    dir: &Path,
) -> (
    Vec<vigie::checks::Finding>,
    std::collections::BTreeSet<String>,
    serde_json::Value,
) {
    use std::sync::Arc;
    let site =
        vigie::config::load(&dir.join("vigie.toml")).unwrap_or_else(|d| panic!("{}", d.render()));
    let snapshot = vigie::snapshot::take(&site, &vigie::source::NoProgress);
    let rpol = vigie::reconcile::policy::load(&site.policies_dir).unwrap();
    let decisions = vigie::reconcile::decisions::load(&site.policies_dir).unwrap();
    let rec = Arc::new(vigie::reconcile::reconcile(&snapshot, &rpol, &decisions));
    let cpol = policy::load(&site.policies_dir).unwrap_or_else(|d| panic!("{}", d.render()));
    let snapshot = Arc::new(snapshot);
    let graph = vigie::pipeline::build_graph(&snapshot, &rec);
    let facts = Arc::new(vigie::checks::facts::Facts::build(
        snapshot.clone(),
        &graph,
        rec.clone(),
        site.as_of.unwrap(),
        &cpol,
    ));
    let checks = load::load_dir(&site.checks_dir).unwrap_or_else(|d| panic!("{}", d.render()));
    let eval = engine::evaluate(&checks, &facts);
    assert!(
        !eval.diagnostics.has_errors(),
        "{}",
        eval.diagnostics.render()
    );
    let truth =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    let ids = checks.into_iter().map(|c| c.id).collect();
    (eval.findings, ids, truth)
}

/// Every family the generator plants is found by its checks (recall 1.0)
/// with a precision of at least 0.98, on the subjects the family names:
/// accounts, groups, or persons (families that list persons and accounts
/// are compared on persons, where the identity checks look).
#[test]
fn checks_against_the_sample_truth() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ch-demo");
    let failures = measure_against_truth(&dir, "samples/ch-demo", true, &[]);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Families below the bar on the estate drawn with another seed, with the
/// recall and precision they must keep until they are mended. Most come
/// from one cause the sample did not show: accounts of people outside HR
/// (former staff, external physicians) bearing the name and first name of
/// a current employee. Reconciliation proposes them to that employee (R4,
/// never automatic) or, once, links them (R5, same name and profession);
/// the checks then take the employee for their probable holder (unless the
/// account's RPPS is another's, or the matrix allows the employee's
/// profession none of its profiles), so the orphan is missed and the
/// holder's duplicates and unit rights gain those accounts. Besides: one departed employee's DPI
/// account left unmatched (an orphan rather than a departure), two HR pairs
/// proposed in excess, and an IT agent's two admin accounts not recognised
/// as hers (their link is left to a human: only a confirmed owner entitles
/// an account to privileges).
const SEED_GAPS: &[(&str, f64, f64)] = &[
    ("hr-duplicate", 1.0, 0.937),
    ("homonym", 1.0, 0.937),
    ("orphan-account", 0.987, 0.997),
    ("departed-enabled", 0.996, 1.0),
    ("duplicate-account", 1.0, 0.933),
    ("privileged-unexpected", 1.0, 0.953),
    ("stale-unit-rights", 1.0, 0.974),
];

/// The same measure on an estate the catalogue and the sample's policy were
/// never looked at with: another seed and size of the generator (other
/// names, logins, proportions drawn afresh). A family the draw happens not
/// to plant is listed, not failed; the families of [`SEED_GAPS`] must keep
/// their floor, the others meet the bar.
#[test]
fn checks_hold_on_an_estate_drawn_with_another_seed() {
    let dir = tempfile::tempdir().unwrap();
    let params = vigie::samplegen::Params {
        persons: 2_500,
        seed: 20_261_123,
        catalogue: crate::support::repo("checks"),
        ..Default::default()
    };
    vigie::samplegen::generate(&params, dir.path()).unwrap();
    let failures = measure_against_truth(
        dir.path(),
        "graine 20261123, 2 500 personnes",
        false,
        SEED_GAPS,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Recall and precision per family of the truth of the estate in `dir`,
/// printed; the families below the bar (recall 1.0, precision 0.98), or
/// below their floor in `gaps`, are returned. `every_family`: a family
/// without any planted anomaly fails.
fn measure_against_truth(
    dir: &Path,
    label: &str,
    every_family: bool,
    gaps: &[(&str, f64, f64)],
) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let (findings, ids, truth) = estate_findings(dir);
    let mut by_check: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in &findings {
        by_check
            .entry(f.check.as_str())
            .or_default()
            .insert(f.subject.as_str());
    }
    let families = truth["families"].as_array().unwrap();
    for (name, _) in FAMILIES {
        assert!(
            families.iter().any(|f| f["id"] == *name),
            "family {name} is no longer in the truth: remove it from FAMILIES"
        );
    }
    println!("Contrôles sur {label}, par famille de la vérité terrain :");
    println!(
        "  {:<28} {:<18} {:>22} {:>22}",
        "famille", "contrôles", "rappel", "précision"
    );
    let mut failures = Vec::new();
    for family in families {
        let name = family["id"].as_str().unwrap();
        let Some((_, measure)) = FAMILIES.iter().find(|(f, _)| *f == name) else {
            panic!("family {name} of the truth is measured by no check: add it to FAMILIES");
        };
        let checks = match measure {
            Measure::Checks(c) => *c,
            Measure::Reconciliation(why) => {
                println!("  {name:<28} rapprochement (reconcile_truth.rs) : {why}");
                continue;
            }
        };
        for c in checks {
            assert!(ids.contains(*c), "{name}: no check {c} in the catalogue");
        }
        let person_side = matches!(
            family["subject"].as_str(),
            Some("person" | "person-or-account")
        );
        let expected: BTreeSet<&str> = truth["anomalies"][name]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .filter(|id| !person_side || id.starts_with("rh:"))
            .collect();
        let found: BTreeSet<&str> = checks
            .iter()
            .flat_map(|c| by_check.get(c).into_iter().flatten().copied())
            .collect();
        let tp = found.intersection(&expected).count();
        let recall = tp as f64 / expected.len().max(1) as f64;
        let precision = tp as f64 / found.len().max(1) as f64;
        println!(
            "  {name:<28} {:<18} {:>8.3} ({tp:>3}/{:>3}) {:>8.3} ({tp:>3}/{:>3})",
            checks.join("+"),
            recall,
            expected.len(),
            precision,
            found.len()
        );
        if expected.is_empty() && !every_family && found.is_empty() {
            continue;
        }
        let (min_recall, min_precision) =
            gaps.iter()
                .find(|(f, _, _)| *f == name)
                .map_or((1.0, 0.98), |&(_, r, p)| {
                    println!("  {:<28} écart connu : plancher {r:.3} / {p:.3}", "");
                    (r, p)
                });
        if expected.is_empty() || recall < min_recall || precision < min_precision {
            let missed: Vec<&&str> = expected.difference(&found).take(10).collect();
            let wrong: Vec<&&str> = found.difference(&expected).take(10).collect();
            failures.push(format!(
                "{name}: rappel {recall:.3}, précision {precision:.3}; manqués {missed:?}; en trop {wrong:?}"
            ));
        }
    }
    failures
}
