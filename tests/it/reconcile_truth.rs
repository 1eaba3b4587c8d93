//! Reconciliation measured against the sample hospital's ground truth
//! (`samples/ch-demo/ground-truth.json`, written by the generator): the
//! figures are printed (`cargo test --test it truth -- --nocapture`) and the
//! README quotes them.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use vigie::reconcile::score::Rule;
use vigie::reconcile::{reconcile, Method, Reconciliation, Status};

struct Sample {
    truth: Value,
    rec: Reconciliation,
}

fn sample() -> Sample {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ch-demo");
    let site =
        vigie::config::load(&dir.join("vigie.toml")).unwrap_or_else(|d| panic!("{}", d.render()));
    let snapshot = vigie::snapshot::take(&site, &vigie::source::NoProgress);
    assert!(snapshot.is_complete(), "the sample reads without error");
    let policy = vigie::reconcile::policy::load(&site.policies_dir)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let decisions = vigie::reconcile::decisions::load(&site.policies_dir)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let rec = reconcile(&snapshot, &policy, &decisions);
    let truth: Value =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    Sample { truth, rec }
}

fn ids(v: &Value) -> HashSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ground_truth_figures() {
    let Sample { truth, rec } = sample();
    let owners: HashMap<&str, Option<&str>> = truth["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["owner"].as_str()))
        .collect();
    assert_eq!(
        owners.len(),
        rec.accounts.len(),
        "every account has exactly one outcome"
    );

    let (mut auto_right, mut auto_wrong, mut true_links, mut found) =
        (0usize, 0usize, 0usize, 0usize);
    let mut per_source: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for o in &rec.accounts {
        let owner = owners[o.account.as_str()];
        let automatic = o.status == Status::Linked && o.method != Some(Method::Manual);
        if automatic {
            if o.person.as_deref() == owner {
                auto_right += 1;
            } else {
                auto_wrong += 1;
                wrong.push(format!(
                    "{} → {:?} (vrai : {owner:?}) : {}",
                    o.account, o.person, o.explanation
                ));
            }
        }
        if owner.is_some() {
            true_links += 1;
            let e = per_source.entry(o.source.as_str()).or_default();
            e.1 += 1;
            if automatic && o.person.as_deref() == owner {
                found += 1;
                e.0 += 1;
            }
        }
    }
    let precision = auto_right as f64 / (auto_right + auto_wrong) as f64;
    let recall = found as f64 / true_links as f64;
    println!(
        "Rapprochement sur samples/ch-demo ({} comptes) :",
        rec.accounts.len()
    );
    println!("  précision des liens automatiques : {precision:.4} ({auto_right} justes, {auto_wrong} faux)");
    println!("  liens vrais trouvés automatiquement : {recall:.4} ({found} / {true_links})");
    for (source, (f, t)) in &per_source {
        println!(
            "    {source:<6} {:.1} % ({f} / {t})",
            100.0 * *f as f64 / *t as f64
        );
    }

    // Homonyms: names never decide between them.
    let homonyms = ids(&truth["anomalies"]["homonym"]);
    let mut homonym_accounts: BTreeMap<String, usize> = BTreeMap::new();
    for o in &rec.accounts {
        let Some(owner) = owners[o.account.as_str()] else {
            continue;
        };
        if !homonyms.contains(owner) {
            continue;
        }
        let label = match (o.status, o.method) {
            (Status::Linked, Some(m)) => format!("linked {}", m.as_str()),
            (s, _) => s.as_str().to_string(),
        };
        *homonym_accounts.entry(label).or_default() += 1;
        let strong_key = o.evidence.iter().any(|e| {
            matches!(
                e.field.as_ref(),
                "rpps" | "employee_number" | "directory_id"
            )
        });
        let discriminated = matches!(
            o.method,
            Some(Method::Rule(Rule::R1 | Rule::R2 | Rule::R3 | Rule::R5))
        ) || (o.method == Some(Method::Score) && strong_key);
        assert!(
            matches!(o.status, Status::Candidate | Status::Conflict)
                || (discriminated && o.person.as_deref() == Some(owner)),
            "a homonym's account is decided by names alone: {o:?}"
        );
    }
    println!("  comptes des homonymes : {homonym_accounts:?}");

    // Orphans: never linked; unmatched unless an HR namesake is proposed (R4).
    let orphans = ids(&truth["anomalies"]["orphan-account"]);
    let mut orphan_status: BTreeMap<&str, usize> = BTreeMap::new();
    for o in rec.accounts.iter().filter(|o| orphans.contains(&o.account)) {
        *orphan_status.entry(o.status.as_str()).or_default() += 1;
        assert_ne!(o.status, Status::Linked, "an orphan is linked: {o:?}");
        if o.status != Status::Unmatched {
            assert_eq!(o.status, Status::Candidate, "{o:?}");
            assert_eq!(
                o.candidates[0].rule,
                Some(Rule::R4),
                "only an HR namesake may be proposed: {o:?}"
            );
        }
    }
    println!("  comptes orphelins plantés : {orphan_status:?}");
    let unmatched = orphan_status.get("unmatched").copied().unwrap_or(0);

    assert!(
        wrong.is_empty(),
        "wrong automatic links:\n{}",
        wrong.join("\n")
    );
    assert_eq!(precision, 1.0);
    assert!(recall >= 0.95, "recall {recall:.4} < 0.95");
    assert!(
        unmatched as f64 >= 0.99 * orphans.len() as f64,
        "{unmatched} / {} orphans unmatched",
        orphans.len()
    );
}
