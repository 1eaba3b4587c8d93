//! The whole catalogue on a GHT-sized estate. Generates N persons with the
//! sample generator (N = 100,000 gives about 250,000 accounts;
//! `VIGIE_BENCH_PERSONS` sets N; `VIGIE_BENCH_SMALL=1` uses N = 4,000),
//! reads and reconciles it, then times what the checks add: building the
//! facts from the access graph, evaluating every check and indicator,
//! exceptions and scores. Prints figures (target: ≤ 5 s for the catalogue
//! at 100,000 persons); asserts nothing about time
//! (`cargo bench --bench checks`; `VIGIE_BENCH_BRIEF=1` skips the table of
//! the slowest checks, e.g. under a profiler).

mod common;

use std::sync::Arc;
use std::time::Instant;

fn main() {
    let n = common::persons();
    let (dir, generated) = common::estate(n);
    let config = dir.path().join("vigie.toml");
    let loaded = vigie::pipeline::load(&config).unwrap_or_else(|d| panic!("{}", d.render()));
    let t = Instant::now();
    let snapshot = Arc::new(vigie::snapshot::take(
        &loaded.site,
        &vigie::source::NoProgress,
    ));
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let rec = Arc::new(vigie::reconcile::reconcile(
        &snapshot,
        &loaded.reconcile_policy,
        &loaded.decisions,
    ));
    let reconciled = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let graph = vigie::pipeline::build_graph(&snapshot, &rec);
    let graph_s = t.elapsed().as_secs_f64();
    let as_of = loaded
        .site
        .as_of
        .unwrap_or_else(|| snapshot.taken_at.date_naive());

    let checks = vigie::pipeline::effective_checks(&loaded);
    // The catalogue as the scan runs it, timed per phase.
    let catalogue = || {
        let t = Instant::now();
        let facts = Arc::new(vigie::checks::facts::Facts::build(
            snapshot.clone(),
            &graph,
            rec.clone(),
            as_of,
            &loaded.check_policy,
        ));
        let facts_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        // Subject contexts built once for checks and indicators.
        let contexts = vigie::checks::engine::Contexts::new(&facts);
        let mut eval = vigie::checks::engine::evaluate_in(&checks, &contexts);
        let register =
            vigie::checks::exceptions::apply(&loaded.exceptions, &mut eval.findings, as_of);
        let gov =
            vigie::checks::engine::evaluate_exceptions(&checks, &register, as_of, &facts.policy);
        let eval_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let indicators = vigie::checks::indicators::evaluate_in(&loaded.indicators, &contexts);
        let ind_s = t.elapsed().as_secs_f64();
        let found = eval.findings.len() + gov.findings.len();
        (facts_s, eval_s, ind_s, found, indicators.len(), facts)
    };
    // Several runs (`VIGIE_BENCH_RUNS`, default 3): the median is printed,
    // so that one run disturbed by another process does not make the figure.
    let runs: usize = std::env::var("VIGIE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut all: Vec<_> = (0..runs).map(|_| catalogue()).collect();
    let totals: Vec<f64> = all.iter().map(|r| r.0 + r.1 + r.2).collect();
    all.sort_by(|a, b| (a.0 + a.1 + a.2).total_cmp(&(b.0 + b.1 + b.2)));
    let (facts_s, eval_s, ind_s, found, indicators, facts) = all.swap_remove(runs / 2);
    drop(all);
    drop(graph);

    println!(
        "catalogue — {} cœur(s), {} contrôles, {} indicateurs",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        checks.len(),
        indicators
    );
    println!(
        "estate : {} personnes, {} comptes, {} groupes, {} droits (génération {generated:.1} s, lecture {read:.1} s, rapprochement {reconciled:.1} s, graphe {graph_s:.1} s)",
        snapshot.persons.len(),
        snapshot.accounts.len(),
        snapshot.groups.len(),
        snapshot.rights.len()
    );
    println!("  faits (depuis le graphe)  {facts_s:>7.2} s");
    println!("  contrôles                 {eval_s:>7.2} s  ({found} constats)");
    println!("  indicateurs               {ind_s:>7.2} s");
    println!(
        "  total catalogue           {:>7.2} s  (cible ≤ 5 s à 100 000 personnes ; médiane de {runs} passes : {})",
        facts_s + eval_s + ind_s,
        totals
            .iter()
            .map(|t| format!("{t:.2}"))
            .collect::<Vec<_>>()
            .join(" / ")
    );
    if std::env::var_os("VIGIE_BENCH_BRIEF").is_some() {
        return;
    }
    // The slowest checks, one at a time.
    let mut per: Vec<(f64, String, usize)> = checks
        .iter()
        .map(|c| {
            let t = Instant::now();
            let e = vigie::checks::evaluate(std::slice::from_ref(c), &facts);
            (t.elapsed().as_secs_f64(), c.id.clone(), e.findings.len())
        })
        .collect();
    per.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("  contrôles les plus lents :");
    for (s, id, n) in per.iter().take(5) {
        println!("    {id:<8} {s:>6.2} s  {n:>7} constats");
    }
}
