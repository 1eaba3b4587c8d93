//! `vigie-samplegen`: writes a fictional hospital estate (HR, AD, DPI, PACS,
//! lab, inventory, RPPS extract, vigie.toml, ground truth). Thin: the work is
//! in `vigie::samplegen`.

use anyhow::Context;
use chrono::NaiveDate;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use vigie::samplegen::{generate, Params};

/// Génère un établissement fictif et sa vérité terrain.
#[derive(Parser)]
#[command(name = "vigie-samplegen", version)]
struct Args {
    /// Dossier de sortie (créé au besoin).
    #[arg(long)]
    out: PathBuf,
    /// Nombre de lignes de l'export RH.
    #[arg(long, default_value_t = 1500)]
    persons: usize,
    /// Graine du générateur.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Date d'extraction (AAAA-MM-JJ).
    #[arg(long = "as-of", default_value = "2026-11-15", value_parser = parse_date)]
    as_of: NaiveDate,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("date « {s} » invalide : format AAAA-MM-JJ attendu"))
}

fn run(args: Args) -> anyhow::Result<()> {
    let params = Params {
        persons: args.persons,
        seed: args.seed,
        as_of: args.as_of,
        ..Params::default()
    };
    let summary = generate(&params, &args.out)
        .with_context(|| format!("génération dans « {} »", args.out.display()))?;
    println!("Établissement fictif généré dans {}", args.out.display());
    let mut total = 0;
    for f in &summary.files {
        total += f.bytes;
        println!("  {:<60} {:>12} octets", f.path, f.bytes);
    }
    println!("  {:<60} {:>12} octets", "total", total);
    println!("Personnes (lignes RH) : {}", summary.persons);
    for (source, n) in &summary.accounts {
        println!("Comptes {source} : {n}");
    }
    println!(
        "Groupes AD : {}  ·  lignes RPPS : {}",
        summary.groups, summary.rpps_lines
    );
    println!("Anomalies par famille :");
    for (family, n) in &summary.anomalies {
        println!("  {family:<30} {n}");
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("erreur : {e:#}");
            ExitCode::from(2)
        }
    }
}
