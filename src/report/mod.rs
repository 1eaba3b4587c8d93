//! Evidence: one report model ([`model::Document`], what `findings.json`
//! holds), the renderers that write it for people and machines, and what is
//! decided on it: comparison with a baseline ([`baseline`]) and the CI gate
//! ([`gate`]).
//!
//! - [`html`]: the committee report, one self-contained HTML file.
//! - [`pseudonym`]: a pseudonymised copy of a document, for any renderer.
//! - Machine outputs, one module each, every one reading only the document:
//!   [`csv`] (`findings.csv`), [`xlsx`] (`plan-d-action.xlsx`, the action
//!   plan), [`sarif`] (`vigie.sarif`), [`junit`] (`vigie-junit.xml`); the
//!   formats are described in `docs/findings-format.md`.

pub mod baseline;
pub mod cells;
pub mod csv;
pub mod gate;
pub mod html;
pub mod junit;
pub mod model;
pub mod pseudonym;
pub mod sarif;
pub mod xlsx;

#[cfg(test)]
pub(crate) mod testdoc;

pub use model::Document;

use std::path::{Path, PathBuf};

/// Writes the four machine outputs into `dir` (each atomically) and
/// returns their paths, in the order written.
pub fn write_machine_outputs(doc: &Document, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    type Writer = fn(&Document, &Path) -> std::io::Result<()>;
    let outputs: [(&str, Writer); 4] = [
        (csv::FILE_NAME, csv::write),
        (xlsx::FILE_NAME, xlsx::write),
        (sarif::FILE_NAME, sarif::write),
        (junit::FILE_NAME, junit::write),
    ];
    let mut written = Vec::new();
    for (name, write) in outputs {
        let path = dir.join(name);
        write(doc, &path)?;
        written.push(path);
    }
    Ok(written)
}
