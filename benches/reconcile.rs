//! Reconciliation at GHT scale. Generates estates of N/2, N and 2N persons
//! with the sample generator (N = 100,000 gives about 250,000 accounts;
//! `VIGIE_BENCH_PERSONS` sets N; `VIGIE_BENCH_SMALL=1` uses N = 4,000),
//! reads them through the real connectors, and times `reconcile` alone.
//! Prints figures; asserts nothing about time (run it with
//! `cargo bench --bench reconcile`).

mod common;

use std::time::Instant;
use vigie::reconcile::{reconcile, Status};

fn main() {
    let n = common::persons();
    let policies = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let policy =
        vigie::reconcile::policy::load(&policies).unwrap_or_else(|d| panic!("{}", d.render()));
    println!(
        "rapprochement — {} cœur(s)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>9} {:>9} {:>10} {:>10} {:>10} {:>12} {:>10}",
        "personnes", "comptes", "génér. s", "lecture s", "rappr. s", "comptes/s", "auto %"
    );
    let mut times = Vec::new();
    for persons in [n / 2, n, 2 * n] {
        let (dir, generated) = common::estate(persons);
        let site = vigie::config::load(&dir.path().join("vigie.toml"))
            .unwrap_or_else(|d| panic!("{}", d.render()));
        let t = Instant::now();
        let snapshot = vigie::snapshot::take(&site, &vigie::source::NoProgress);
        let read = t.elapsed().as_secs_f64();
        assert!(snapshot.is_complete());
        let t = Instant::now();
        let rec = reconcile(&snapshot, &policy, &[]);
        let secs = t.elapsed().as_secs_f64();
        let linked = rec
            .accounts
            .iter()
            .filter(|o| o.status == Status::Linked)
            .count();
        println!(
            "{:>9} {:>9} {:>10.1} {:>10.1} {:>10.2} {:>12.0} {:>9.1} %",
            snapshot.persons.len(),
            rec.accounts.len(),
            generated,
            read,
            secs,
            rec.accounts.len() as f64 / secs,
            100.0 * linked as f64 / rec.accounts.len() as f64
        );
        times.push((rec.accounts.len(), secs));
    }
    let (a0, t0) = times[0];
    for (a, t) in &times[1..] {
        println!(
            "croissance : comptes ×{:.2} → temps ×{:.2}",
            *a as f64 / a0 as f64,
            t / t0
        );
    }
}
