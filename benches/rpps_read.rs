//! Reading a national-size RPPS extract through the real connector.
//!
//! `cargo bench --bench rpps_read` writes a realistic extract (2,000,000
//! lines by default, `VIGIE_BENCH_RPPS_LINES` to change it) into a temporary
//! directory, reads it with the `rpps` connector as a scan would (3,000
//! referenced identifiers, the establishment's FINESS, 5,000 HR name keys),
//! and prints the figures: generation time, size, lines per second, MB per
//! second, what was kept, and the peak resident memory before and after.
//! `VIGIE_BENCH_RPPS_ALL=1` keeps every professional (`keep = ["all"]`), to
//! see memory follow what is kept; `VIGIE_BENCH_RPPS_KEEP_FILE=1` keeps the
//! generated file and prints its path.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use vigie::config::{RppsKeep, SourceConfig};
use vigie::model::Establishment;
use vigie::samplegen::rpps_extract::national::{
    filler_identifier, random_names, write_national_filler, NationalFiller,
};
use vigie::samplegen::rpps_extract::write_header;
use vigie::source::{connector_for, Needs, Progress, ReadContext, SourceKind};
use vigie::text::name_key;

const SITE: &str = "750000002";
const LEGAL_ENTITY: &str = "750000001";

/// Counts the bytes the connector reports.
#[derive(Default)]
struct Counted {
    total: AtomicU64,
    done: AtomicU64,
}

impl Progress for Counted {
    fn start(&self, _label: &str, total_bytes: u64) {
        self.total.store(total_bytes, Ordering::Relaxed);
    }
    fn advance(&self, bytes: u64) {
        self.done.fetch_add(bytes, Ordering::Relaxed);
    }
}

/// A line of `/proc/self/status` in MiB (`VmHWM`, `VmRSS`); 0 elsewhere.
fn status_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// User + system CPU seconds of this process (`/proc/self/stat`, 100 ticks a second).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn generate(path: &Path, lines: usize) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    write_header(&mut w)?;
    write_national_filler(
        &mut w,
        &NationalFiller {
            seed: 2026,
            lines,
            first_index: 0,
            home: Some((SITE, LEGAL_ENTITY)),
            home_every: 1000,
        },
    )?;
    w.flush()
}

fn needs(lines: usize) -> Needs {
    let mut needs = Needs::default();
    // About two lines per professional: spread 2,700 known identifiers over
    // the file, and 300 that it does not hold (left the directory, typos).
    let persons = (lines as u64 / 2).max(1);
    for k in 0..2700u64 {
        needs
            .identifiers
            .insert(filler_identifier(k * persons / 2700));
    }
    for k in 0..300u64 {
        needs.identifiers.insert(format!("2{:010}", k));
    }
    needs.finess.insert(SITE.to_string());
    needs.finess.insert(LEGAL_ENTITY.to_string());
    for (last, first) in random_names(77, 5000) {
        needs.name_keys.insert(name_key(&last, &first));
    }
    needs
}

fn main() {
    let lines: usize = std::env::var("VIGIE_BENCH_RPPS_LINES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(if std::env::var_os("VIGIE_BENCH_SMALL").is_some() {
            20_000
        } else {
            2_000_000
        });
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir
        .path()
        .join("PS_LibreAcces_Personne_activite_202601010000.txt");

    let started = Instant::now();
    generate(&path, lines).expect("writing the extract");
    let generated = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let mb = size as f64 / 1e6;
    println!(
        "rpps_read: {lines} lines, {mb:.1} MB ({:.0} bytes/line), generated in {generated:.2} s",
        size as f64 / lines.max(1) as f64
    );

    let started = Instant::now();
    let (_, hashed) = vigie::source::sha256_file(&path).expect("hashing");
    let hash_secs = started.elapsed().as_secs_f64();
    println!(
        "  sha256 alone (warm cache): {hash_secs:.2} s, {:.0} MB/s ({hashed} bytes)",
        mb / hash_secs
    );

    let needs = needs(lines);
    let mut source = SourceConfig::new("rpps", SourceKind::Rpps, &path);
    if std::env::var_os("VIGIE_BENCH_RPPS_ALL").is_some() {
        source.rpps_keep = vec![RppsKeep::All];
    }
    let establishment = Establishment {
        name: "CH de Banc d'essai".into(),
        finess: LEGAL_ENTITY.into(),
        sites: vec![SITE.into()],
        ght: None,
    };
    let progress = Counted::default();
    let ctx = ReadContext {
        source: &source,
        establishment: &establishment,
        needs: &needs,
        progress: &progress,
    };
    let hwm_before = status_mib("VmHWM");
    let rss_before = status_mib("VmRSS");
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let read = connector_for(SourceKind::Rpps).read(&ctx);
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    let hwm_after = status_mib("VmHWM");
    let rss_after = status_mib("VmRSS");

    let activities: usize = read.batch.rpps.iter().map(|p| p.activities.len()).sum();
    println!(
        "  read: {secs:.2} s, {:.0} lines/s, {:.0} MB/s; CPU {cpu:.2} s ({:.2} cores busy)",
        read.records_read as f64 / secs,
        mb / secs,
        cpu / secs
    );
    println!(
        "  records: {} read, {} skipped, kept {} professionals ({activities} lines); encoding {}",
        read.records_read,
        read.records_skipped,
        read.batch.rpps.len(),
        read.read_as.get("encoding").map_or("?", String::as_str)
    );
    println!(
        "  progress: {} of {} bytes; sha256 {}",
        progress.done.load(Ordering::Relaxed),
        progress.total.load(Ordering::Relaxed),
        read.inputs.first().map_or("-", |i| i.sha256.as_str())
    );
    println!(
        "  memory: peak RSS (VmHWM) {hwm_before:.1} MiB before, {hwm_after:.1} MiB after; RSS {rss_before:.1} → {rss_after:.1} MiB"
    );
    if !read.diagnostics.is_empty() {
        eprint!("{}", read.diagnostics.render());
    }
    if std::env::var_os("VIGIE_BENCH_RPPS_KEEP_FILE").is_some() {
        let kept = dir.keep();
        println!(
            "  file kept: {}",
            kept.join(path.file_name().unwrap_or_default()).display()
        );
    }
    if read.diagnostics.has_errors() || read.records_read != lines {
        eprintln!("rpps_read: the extract was not read cleanly");
        std::process::exit(1);
    }
}
