//! What the estate benchmarks share: the estate size, and a generated
//! estate whose configuration reads the repository's catalogue.

use std::time::Instant;

/// N: `VIGIE_BENCH_PERSONS`, else 4,000 with `VIGIE_BENCH_SMALL=1` (what CI
/// runs), else 100,000 (a GHT: about 250,000 accounts).
pub fn persons() -> usize {
    std::env::var("VIGIE_BENCH_PERSONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if std::env::var_os("VIGIE_BENCH_SMALL").is_some() {
            4_000
        } else {
            100_000
        })
}

/// An estate of `persons` generated in a temporary folder (its
/// `vigie.toml` at the root), and the generation time in seconds.
pub fn estate(persons: usize) -> (tempfile::TempDir, f64) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let t = Instant::now();
    let params = vigie::samplegen::Params {
        persons,
        catalogue: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("checks")
            .display()
            .to_string(),
        ..Default::default()
    };
    vigie::samplegen::generate(&params, dir.path()).expect("generation");
    (dir, t.elapsed().as_secs_f64())
}
