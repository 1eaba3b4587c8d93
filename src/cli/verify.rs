//! `vigie verify DIR`: recomputes the hashes of `DIR/manifest.json` and
//! says, file by file, whether an output was altered, added or removed and
//! whether an input changed or disappeared since the scan.
//!
//! Exit codes: 0 intact · 1 altered (or an unreadable manifest) · 2 no such
//! directory, or no manifest in it.

use super::args::VerifyArgs;
use super::{exit, output};
use crate::manifest::{self, FileCheck, FileStatus, ManifestError, Verification};
use std::fmt::Write;
use std::path::Path;

pub fn run(args: &VerifyArgs) -> anyhow::Result<u8> {
    match manifest::verify(&args.dir) {
        Ok(v) => {
            print!("{}", render(&args.dir, &v));
            Ok(if v.intact() {
                exit::SUCCESS
            } else {
                exit::ALTERED
            })
        }
        Err(e @ ManifestError::Corrupt { .. }) => {
            eprintln!("erreur : {e}");
            eprintln!("Bilan : ALTÉRÉ — le manifeste ne peut plus attester ce dossier.");
            Ok(exit::ALTERED)
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            Ok(exit::ERROR)
        }
    }
}

fn local(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M:%S")
        .to_string()
}

/// One line per file, then the verdict.
pub fn render(dir: &Path, v: &Verification) -> String {
    let m = &v.manifest;
    let mut out = format!(
        "Vérification de {} — manifeste écrit le {} (analyse du {}, FINESS {}, Vigie {})\n",
        dir.display(),
        local(&m.written_at),
        local(&m.scan_started_at),
        m.finess,
        m.vigie_version
    );
    out.push_str("Résultats :\n");
    for c in &v.outputs {
        out.push_str(&output_line(c));
    }
    if !v.inputs.is_empty() {
        out.push_str("Entrées (fichiers lus par l'analyse) :\n");
        for c in &v.inputs {
            out.push_str(&input_line(c));
        }
    }
    let count = |list: &[FileCheck], f: fn(&FileStatus) -> bool| {
        list.iter().filter(|c| f(&c.status)).count()
    };
    let modified = |s: &FileStatus| matches!(s, FileStatus::Modified { .. });
    let missing = |s: &FileStatus| *s == FileStatus::Missing;
    let added = |s: &FileStatus| *s == FileStatus::Added;
    let unreadable = |s: &FileStatus| matches!(s, FileStatus::Unreadable(_));
    if v.intact() {
        let _ = writeln!(
            out,
            "Bilan : intact — {} résultat(s) et {} entrée(s) conformes au manifeste.",
            v.outputs.len(),
            v.inputs.len()
        );
        return out;
    }
    let mut parts = Vec::new();
    for (n, what) in [
        (count(&v.outputs, modified), "résultat(s) modifié(s)"),
        (count(&v.outputs, missing), "résultat(s) supprimé(s)"),
        (count(&v.outputs, added), "fichier(s) ajouté(s)"),
        (count(&v.outputs, unreadable), "résultat(s) illisible(s)"),
        (
            count(&v.inputs, modified),
            "entrée(s) modifiée(s) depuis l'analyse",
        ),
        (count(&v.inputs, missing), "entrée(s) introuvable(s)"),
        (count(&v.inputs, unreadable), "entrée(s) illisible(s)"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let _ = writeln!(out, "Bilan : ALTÉRÉ — {}.", parts.join(", "));
    if v.outputs_intact() {
        let _ = writeln!(
            out,
            "  Les résultats sont intacts, mais ne peuvent plus être reproduits à partir des fichiers sources actuels."
        );
    }
    out
}

fn sizes(expected: u64, found: u64) -> String {
    if expected == found {
        format!("même taille, {} octets", output::int(found as usize))
    } else {
        format!(
            "taille {} → {} octets",
            output::int(expected as usize),
            output::int(found as usize)
        )
    }
}

fn output_line(c: &FileCheck) -> String {
    let (state, detail) = match &c.status {
        FileStatus::Intact => ("intact", String::new()),
        FileStatus::Modified {
            expected_size,
            found_size,
            ..
        } => (
            "MODIFIÉ",
            format!(
                " — contenu différent du manifeste ({})",
                sizes(*expected_size, *found_size)
            ),
        ),
        FileStatus::Missing => (
            "SUPPRIMÉ",
            " — listé au manifeste, absent du dossier".into(),
        ),
        FileStatus::Added => ("AJOUTÉ", " — absent du manifeste".into()),
        FileStatus::Unreadable(e) => ("ILLISIBLE", format!(" — {e}")),
    };
    format!("  {state:<11} {}{detail}\n", c.path)
}

fn input_line(c: &FileCheck) -> String {
    let at = c.resolved.as_deref().unwrap_or(&c.path);
    let (state, detail) = match &c.status {
        FileStatus::Intact => ("inchangée", String::new()),
        FileStatus::Modified {
            expected_size,
            found_size,
            ..
        } => (
            "MODIFIÉE",
            format!(
                " — modifiée depuis l'analyse ({}) : {at}",
                sizes(*expected_size, *found_size)
            ),
        ),
        FileStatus::Missing | FileStatus::Added => {
            ("INTROUVABLE", format!(" — plus de fichier à {at}"))
        }
        FileStatus::Unreadable(e) => ("ILLISIBLE", format!(" — {at} : {e}")),
    };
    format!("  {state:<11} {}{detail}\n", c.path)
}
