//! `vigie history`: the scans recorded in the history database, per
//! establishment, oldest first — date, reference date, complete or not,
//! open findings per severity, new and resolved since the previous scan.
//! Reads only: never creates nor writes the database.

use super::args::HistoryArgs;
use super::{exit, output};
use crate::checks::Severity;
use crate::history::{self, History, ScanSummary};
use std::fmt::Write;
use std::path::Path;

pub fn run(args: &HistoryArgs) -> anyhow::Result<u8> {
    let path = args
        .history
        .history
        .clone()
        .unwrap_or_else(|| history::default_path(&args.config.config));
    let h = match History::open_existing(&path) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("erreur : {e}");
            return Ok(exit::ERROR);
        }
    };
    let scans = h.scans_compared(args.last)?;
    print!("{}", render(&path, &scans, args.last));
    Ok(exit::SUCCESS)
}

/// The listing; `last` keeps the last N scans of each establishment.
pub fn render(path: &Path, scans: &[ScanSummary], last: Option<usize>) -> String {
    let mut out = String::new();
    if scans.is_empty() {
        let _ = writeln!(out, "Aucune analyse enregistrée dans {}.", path.display());
        return out;
    }
    let _ = writeln!(
        out,
        "Historique des analyses : {} ({} analyse(s))",
        path.display(),
        scans.len()
    );
    let mut start = 0;
    while start < scans.len() {
        let finess = &scans[start].finess;
        let end = scans[start..]
            .iter()
            .position(|s| &s.finess != finess)
            .map_or(scans.len(), |n| start + n);
        let group = &scans[start..end];
        let shown = &group[group.len() - last.unwrap_or(group.len()).min(group.len())..];
        out.push('\n');
        out.push_str(&establishment_table(group, shown));
        start = end;
    }
    let _ = writeln!(
        out,
        "\nConstats ouverts = non dérogés. Nouveaux / résolus : par rapport à l'analyse précédente du même établissement."
    );
    out
}

fn establishment_table(group: &[ScanSummary], shown: &[ScanSummary]) -> String {
    let mut out = String::new();
    let last = &group[group.len() - 1];
    let _ = write!(
        out,
        "{} (FINESS {}) — {} analyse(s)",
        last.establishment,
        last.finess,
        group.len()
    );
    if shown.len() < group.len() {
        let _ = write!(out, ", les {} dernière(s)", shown.len());
    }
    out.push('\n');
    let _ = write!(
        out,
        "  {:>5}  {:<16}  {:<10}  {:<10}",
        "n°", "analyse", "référence", "état"
    );
    for s in Severity::ALL {
        let _ = write!(out, "  {:>8}", s.label().replace("information", "info"));
    }
    let _ = writeln!(
        out,
        "  {:>7}  {:>8}  {:>7}",
        "dérogés", "nouveaux", "résolus"
    );
    for s in shown {
        let state = if s.complete {
            "complète"
        } else {
            "INCOMPLÈTE"
        };
        let _ = write!(
            out,
            "  {:>5}  {:<16}  {:<10}  {:<10}",
            s.id,
            s.started_at
                .with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            s.as_of.format("%d/%m/%Y").to_string(),
            state
        );
        for sev in Severity::ALL {
            let n = s.open.get(sev.code()).copied().unwrap_or(0);
            let _ = write!(out, "  {:>8}", output::int(n));
        }
        let opt = |n: Option<usize>| n.map_or_else(|| "—".to_string(), output::int);
        let _ = write!(
            out,
            "  {:>7}  {:>8}  {:>7}",
            output::int(s.waived),
            opt(s.new),
            opt(s.resolved)
        );
        if !s.failed_sources.is_empty() {
            let _ = write!(
                out,
                "  source(s) illisible(s) : {}",
                s.failed_sources.join(", ")
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn scan(id: i64, finess: &str, complete: bool, high: usize) -> ScanSummary {
        let mut open: std::collections::BTreeMap<String, usize> = Severity::ALL
            .iter()
            .map(|s| (s.code().to_string(), 0))
            .collect();
        open.insert("elevee".into(), high);
        ScanSummary {
            id,
            started_at: Utc
                .with_ymd_and_hms(2026, 11, 10 + id as u32, 12, 0, 0)
                .unwrap(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 10 + id as u32).unwrap(),
            establishment: format!("CH {finess}"),
            finess: finess.into(),
            complete,
            failed_sources: if complete { vec![] } else { vec!["dpi".into()] },
            vigie_version: "0.1.0".into(),
            open,
            waived: 1,
            new: (id > 1).then_some(2),
            resolved: (id > 1).then_some(0),
        }
    }

    #[test]
    fn lists_each_establishment_with_its_scans() {
        let scans = [
            scan(1, "999000017", true, 3),
            scan(2, "999000017", false, 4),
            scan(3, "999000017", true, 5),
            scan(4, "990000000", true, 0),
        ];
        let text = render(Path::new("h.db"), &scans, Some(2));
        assert!(text.starts_with("Historique des analyses : h.db (4 analyse(s))"));
        assert!(
            text.contains("CH 999000017 (FINESS 999000017) — 3 analyse(s), les 2 dernière(s)"),
            "{text}"
        );
        assert!(text.contains("CH 990000000 (FINESS 990000000) — 1 analyse(s)\n"));
        assert!(!text.contains("11/11/2026"), "scan 1 is cut: {text}");
        assert!(text.contains("12/11/2026  INCOMPLÈTE"), "{text}");
        assert!(text.contains("source(s) illisible(s) : dpi"), "{text}");
        assert!(text.contains("13/11/2026  complète"), "{text}");
        let row = text.lines().find(|l| l.contains("13/11/2026")).unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        // n°, date, time, reference, state, 5 severities, waived, new, resolved
        assert_eq!(
            cells[5..],
            ["0", "5", "0", "0", "0", "1", "2", "0"],
            "{row}"
        );
        let empty = render(Path::new("h.db"), &[], None);
        assert_eq!(empty, "Aucune analyse enregistrée dans h.db.\n");
    }
}
