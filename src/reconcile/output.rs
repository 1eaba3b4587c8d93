//! `reconciliation.csv` and `reconciliation.json`: one row per account.
//!
//! The CSV is written for a spreadsheet on a French workstation: UTF-8 with
//! BOM, `;` separator, French headers. Status and method keep their stable
//! codes (`linked`, `R2`…) so that filters and scripts can rely on them.

use super::Reconciliation;
use std::io;
use std::path::Path;

pub const CSV_HEADER: [&str; 9] = [
    "source",
    "compte",
    "identifiant",
    "personne",
    "statut",
    "méthode",
    "score",
    "explication",
    "candidats",
];

/// The CSV as bytes.
pub fn to_csv(r: &Reconciliation) -> io::Result<Vec<u8>> {
    let mut buf = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut buf);
        w.write_record(CSV_HEADER)?;
        for o in &r.accounts {
            let candidates = o
                .candidates
                .iter()
                .map(|c| format!("{} ({})", c.person, c.score))
                .collect::<Vec<_>>()
                .join(", ");
            w.write_record([
                o.source.as_str(),
                o.account.as_str(),
                o.login.as_str(),
                o.person.as_deref().unwrap_or(""),
                o.status.as_str(),
                o.method.map_or("", |m| m.as_str()),
                &o.score.map_or(String::new(), |s| s.to_string()),
                o.explanation.as_str(),
                &candidates,
            ])?;
        }
        w.flush()?;
    }
    Ok(buf)
}

/// Writes both files into `dir` (atomically each).
pub fn write(r: &Reconciliation, dir: &Path) -> io::Result<()> {
    crate::snapshot::write_atomic(&dir.join("reconciliation.csv"), &to_csv(r)?)?;
    crate::snapshot::write_json_atomic(&dir.join("reconciliation.json"), r)
}
