//! A whole scan as a hospital runs it: the `vigie scan` binary on a
//! generated estate of N persons (N = 100,000 gives about 250,000 accounts;
//! `VIGIE_BENCH_PERSONS` sets N; `VIGIE_BENCH_SMALL=1` uses N = 4,000),
//! every output written. Prints the wall time, when each output was done,
//! its size, and the process's peak memory (sampled from /proc on Linux),
//! for sizing the machine a GHT runs Vigie on. Asserts nothing about time
//! (`cargo bench --bench scan`).

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

fn main() {
    let n = common::persons();
    let (dir, generated) = common::estate(n);
    let config = dir.path().join("vigie.toml");
    let input_bytes: u64 = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();

    let out = dir.path().join("out");
    let started = SystemTime::now();
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(["scan", "--no-history", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigie runs");
    // The high-water mark only grows: its last reading before the exit is
    // the peak, to within one sampling period.
    let mut peak_kib = None;
    let status = loop {
        if let Some(kib) = high_water_kib(child.id()) {
            peak_kib = Some(kib);
        }
        match child.try_wait().expect("vigie's status") {
            Some(status) => break status,
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let wall = t.elapsed().as_secs_f64();
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut err);
    }
    assert!(status.success(), "vigie scan failed ({status}):\n{err}");

    println!(
        "analyse complète — {} cœur(s)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "estate : {n} personnes, entrées {:.0} Mo (génération {generated:.1} s)",
        input_bytes as f64 / 1e6
    );
    println!(
        "  vigie scan                {wall:>7.2} s  ; pic mémoire {}",
        peak_kib.map_or("inconnu (sans /proc)".into(), |k| format!(
            "{:.2} Go",
            k as f64 / 1024.0 / 1024.0
        ))
    );
    let mut outputs: Vec<(f64, String, u64)> = std::fs::read_dir(&out)
        .expect("output folder")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            let done = m.modified().ok()?.duration_since(started).ok()?;
            Some((
                done.as_secs_f64(),
                e.file_name().to_string_lossy().into_owned(),
                m.len(),
            ))
        })
        .collect();
    outputs.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("  sorties (écrite à … depuis le lancement) :");
    for (done, name, size) in outputs {
        println!(
            "    {name:<22} {done:>7.2} s  {:>9.1} Mo",
            size as f64 / 1e6
        );
    }
}

/// `VmHWM` of process `pid`, in KiB (Linux).
fn high_water_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
