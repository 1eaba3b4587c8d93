//! Terminal output shared by the commands: French number formatting, the
//! per-source table and diagnostics lists.

use crate::diag::Diagnostics;
use crate::model::{RecordCounts, SourceReport, SourceStatus};
use std::fmt::Write;

/// Warnings shown per source on the terminal; the snapshot keeps them all.
const MAX_WARNINGS_SHOWN: usize = 8;

/// `1234567` → `1 234 567` (narrow no-break spaces, French style): the
/// report's formatting, so that terminal and report agree.
pub use crate::report::html::fmt::int;

/// What a source produced, in words: `1 500 personnes, 12 groupes`.
pub fn describe_counts(c: &RecordCounts) -> String {
    let parts: Vec<String> = [
        (c.persons, "personne", "personnes"),
        (c.accounts, "compte", "comptes"),
        (c.groups, "groupe", "groupes"),
        (c.profiles, "profil", "profils"),
        (c.rights, "droit", "droits"),
        (c.applications, "application", "applications"),
        (c.rpps, "professionnel RPPS", "professionnels RPPS"),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{} {}", int(*n), if *n == 1 { one } else { many }))
    .collect();
    if parts.is_empty() {
        "aucun enregistrement".into()
    } else {
        parts.join(", ")
    }
}

/// The per-source table printed by `snapshot` and `scan`.
pub fn sources_table(reports: &[SourceReport]) -> String {
    let w_id = reports
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let w_kind = reports
        .iter()
        .map(|r| r.kind.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {:<w_id$}  {:<w_kind$}  {:<7}  {:>11}  contenu",
        "source", "type", "état", "lus"
    );
    for r in reports {
        let state = match r.status {
            SourceStatus::Ok => "lue",
            SourceStatus::Failed => "ÉCHEC",
        };
        let mut detail = describe_counts(&r.counts);
        if r.counts.records_skipped > 0 {
            let _ = write!(detail, " ({} ignoré(s))", int(r.counts.records_skipped));
        }
        let _ = writeln!(
            out,
            "  {:<w_id$}  {:<w_kind$}  {:<7}  {:>11}  {}",
            r.id,
            r.kind,
            state,
            int(r.counts.records_read),
            detail
        );
    }
    out
}

/// Diagnostics of every source: all errors, a few warnings each.
pub fn source_diagnostics(reports: &[SourceReport]) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&diagnostics(
            &r.diagnostics,
            &format!("source « {} »", r.id),
        ));
    }
    out
}

/// Errors in full, warnings up to a limit, with a count of the rest.
pub fn diagnostics(diags: &Diagnostics, owner: &str) -> String {
    let mut out = String::new();
    let mut warnings = 0usize;
    for d in diags.iter() {
        if d.is_error() {
            let _ = writeln!(out, "{d}");
        } else {
            warnings += 1;
            if warnings <= MAX_WARNINGS_SHOWN {
                let _ = writeln!(out, "{d}");
            }
        }
    }
    if warnings > MAX_WARNINGS_SHOWN {
        let _ = writeln!(
            out,
            "… et {} autre(s) avertissement(s) pour la {owner} (tous figurent dans l'instantané)",
            warnings - MAX_WARNINGS_SHOWN
        );
    }
    if diags.suppressed_errors > 0 {
        let _ = writeln!(
            out,
            "… et {} autre(s) erreur(s) pour la {owner}",
            diags.suppressed_errors
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_thousands() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1500), "1\u{202f}500");
        assert_eq!(int(2_000_000), "2\u{202f}000\u{202f}000");
    }
}
