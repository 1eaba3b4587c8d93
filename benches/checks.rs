//! The whole check catalogue on a GHT-sized estate: generates it with the
//! sample generator (100,000 persons, about 250,000 accounts;
//! `VIGIE_BENCH_PERSONS` sets the size, `VIGIE_BENCH_SMALL=1` uses 4,000),
//! reads, reconciles and builds the graph as `vigie scan` does, then times
//! the facts and the evaluation of every check. Prints figures; asserts
//! nothing about time (`cargo bench --bench checks`; target ≤ 5 s).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let persons: usize = std::env::var("VIGIE_BENCH_PERSONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if std::env::var_os("VIGIE_BENCH_SMALL").is_some() {
            4_000
        } else {
            100_000
        });
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checks = vigie::checks::load::load_dir(&root.join("checks"))
        .unwrap_or_else(|d| panic!("{}", d.render()));
    println!(
        "catalogue des contrôles — {} contrôles, {} cœur(s)",
        checks.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let dir = tempfile::tempdir().expect("temporary directory");
    let params = vigie::samplegen::Params {
        persons,
        ..Default::default()
    };
    vigie::samplegen::generate(&params, dir.path()).expect("generation");
    let site = vigie::config::load(&dir.path().join("vigie.toml"))
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let snapshot = vigie::snapshot::take(&site, &vigie::source::NoProgress);
    assert!(snapshot.is_complete());
    let rpol = vigie::reconcile::policy::load(&site.policies_dir)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let cpol = vigie::checks::policy::load(&site.policies_dir)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let rec = vigie::reconcile::reconcile(&snapshot, &rpol, &[]);
    let snapshot = Arc::new(snapshot);
    let graph = vigie::pipeline::build_graph(&snapshot, &rec);
    let as_of = site.as_of.unwrap_or(params.as_of);

    let t = Instant::now();
    let facts = Arc::new(vigie::checks::facts::Facts::build(
        snapshot.clone(),
        &graph,
        &rec,
        as_of,
        &cpol,
    ));
    let facts_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let eval = vigie::checks::evaluate(&checks, &facts);
    let eval_secs = t.elapsed().as_secs_f64();
    assert!(
        !eval.diagnostics.has_errors(),
        "{}",
        eval.diagnostics.render()
    );
    println!(
        "{:>9} {:>9} {:>9} {:>10} {:>12} {:>10}",
        "personnes", "comptes", "constats", "faits s", "évaluation s", "total s"
    );
    println!(
        "{:>9} {:>9} {:>9} {:>10.2} {:>12.2} {:>10.2}",
        snapshot.persons.len(),
        snapshot.accounts.len(),
        eval.findings.len(),
        facts_secs,
        eval_secs,
        facts_secs + eval_secs
    );
    // The slowest checks, each evaluated alone.
    let mut each: Vec<(f64, &str)> = checks
        .iter()
        .map(|c| {
            let t = Instant::now();
            vigie::checks::evaluate(std::slice::from_ref(c), &facts);
            (t.elapsed().as_secs_f64(), c.id.as_str())
        })
        .collect();
    each.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest: Vec<String> = each
        .iter()
        .take(5)
        .map(|(s, id)| format!("{id} {s:.2} s"))
        .collect();
    println!("contrôles les plus lents : {}", slowest.join(", "));
}
