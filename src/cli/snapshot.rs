//! `vigie snapshot`: connectors only → normalised snapshot JSON. Nothing is
//! written when a source fails: an incomplete snapshot must not pass for a
//! complete one.

use super::args::SnapshotArgs;
use super::{exit, output, progress::TermProgress};
use anyhow::Context;

pub fn run(args: &SnapshotArgs) -> anyhow::Result<u8> {
    let site = match crate::config::load(&args.config.config) {
        Ok(site) => site,
        Err(diags) => {
            eprint!("{}", diags.render());
            return Ok(exit::ERROR);
        }
    };
    let snapshot = crate::snapshot::take(&site, &TermProgress::default());
    eprint!("{}", output::source_diagnostics(&snapshot.sources));
    print!("{}", output::sources_table(&snapshot.sources));
    if !snapshot.is_complete() {
        let failed: Vec<&str> = snapshot
            .sources
            .iter()
            .filter(|s| s.status != crate::model::SourceStatus::Ok)
            .map(|s| s.id.as_str())
            .collect();
        eprintln!(
            "erreur : source(s) illisible(s) : {} — aucun instantané écrit.",
            failed.join(", ")
        );
        return Ok(exit::ERROR);
    }
    crate::snapshot::write_json_atomic(&args.out, &snapshot)
        .with_context(|| format!("écriture de « {} » impossible", args.out.display()))?;
    println!("Instantané écrit : {}", args.out.display());
    for s in &snapshot.sources {
        for f in &s.files {
            println!(
                "  {}  {}  {} octets",
                f.sha256,
                f.path,
                output::int(f.size as usize)
            );
        }
    }
    Ok(exit::SUCCESS)
}
