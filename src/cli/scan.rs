//! `vigie scan`: the pipeline as far as it goes today — read every source,
//! build the access graph, print what was read per source.

use super::args::ScanArgs;
use super::{exit, output, progress::TermProgress};

pub fn run(args: &ScanArgs) -> anyhow::Result<u8> {
    let site = match crate::config::load(&args.config.config) {
        Ok(site) => site,
        Err(diags) => {
            eprint!("{}", diags.render());
            return Ok(exit::ERROR);
        }
    };
    let snapshot = crate::snapshot::take(&site, &TermProgress::default());
    eprint!("{}", output::source_diagnostics(&snapshot.sources));
    println!(
        "{} (FINESS {})",
        snapshot.establishment.name, snapshot.establishment.finess
    );
    print!("{}", output::sources_table(&snapshot.sources));
    if !snapshot.is_complete() {
        eprintln!("erreur : analyse incomplète, au moins une source n'a pas pu être lue.");
        return Ok(exit::ERROR);
    }
    Ok(exit::SUCCESS)
}
