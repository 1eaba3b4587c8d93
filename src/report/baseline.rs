//! Comparison with a baseline: an earlier `findings.json` (`--baseline`).
//!
//! Findings are matched by fingerprint (`sha256(check | subject)`, stable
//! across scans). Each current finding becomes *new* or *persisting*; each
//! baseline finding this scan no longer finds is listed in
//! [`Document::fixed`] with the status *fixed*.
//!
//! An absent finding is only called fixed when this scan could have seen it:
//! when the current scan is incomplete, a baseline finding whose source was
//! not read (or whose source is unknown) is neither fixed nor new — it is
//! left out, because the scan cannot tell. Waived findings take part like
//! the others (their status is shown; the gate ignores them).

use super::model::{BaselineInfo, Document, FORMAT};
use crate::checks::engine::BaselineStatus;
use std::collections::HashSet;
use std::path::Path;

/// Why a baseline cannot be used. Messages are in French and name the file.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("référence « {path} » illisible : {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("référence « {path} » : ce n'est pas un fichier JSON ({detail})")]
    NotJson { path: String, detail: String },
    #[error(
        "référence « {path} » : format « {found} » non pris en charge (attendu « {FORMAT} », un findings.json écrit par « vigie scan »)"
    )]
    Format { path: String, found: String },
    #[error("référence « {path} » : contenu invalide pour le format {FORMAT} ({detail})")]
    Invalid { path: String, detail: String },
    #[error(
        "référence « {path} » : elle concerne l'établissement FINESS {found}, pas {expected} — comparez des analyses du même établissement"
    )]
    OtherEstablishment {
        path: String,
        found: String,
        expected: String,
    },
}

/// Reads a baseline: a `findings.json` of format [`FORMAT`].
pub fn load(path: &Path) -> Result<Document, BaselineError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| BaselineError::Read {
        path: shown.clone(),
        source,
    })?;
    parse(&bytes, &shown)
}

/// Parses a baseline's bytes; `path` is for messages.
pub fn parse(bytes: &[u8], path: &str) -> Result<Document, BaselineError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| BaselineError::NotJson {
            path: path.to_string(),
            detail: e.to_string(),
        })?;
    let found = value
        .get("format")
        .and_then(|f| f.as_str())
        .unwrap_or("absent");
    if found != FORMAT {
        return Err(BaselineError::Format {
            path: path.to_string(),
            found: found.to_string(),
        });
    }
    serde_json::from_value(value).map_err(|e| BaselineError::Invalid {
        path: path.to_string(),
        detail: e.to_string(),
    })
}

/// A baseline of another establishment is refused: every finding would be
/// new and every old one fixed.
pub fn ensure_same_establishment(
    baseline: &Document,
    finess: &str,
    path: &str,
) -> Result<(), BaselineError> {
    let found = &baseline.scan.establishment.finess;
    if found == finess {
        Ok(())
    } else {
        Err(BaselineError::OtherEstablishment {
            path: path.to_string(),
            found: found.clone(),
            expected: finess.to_string(),
        })
    }
}

/// Marks every finding of `current` new or persisting against `baseline`,
/// lists in `current.fixed` the baseline findings no longer found, and
/// fills `current.baseline`. `path` is the baseline file as given.
pub fn compare(current: &mut Document, baseline: &Document, path: &str) {
    let before: HashSet<&str> = baseline
        .findings
        .iter()
        .map(|f| f.fingerprint.as_str())
        .collect();
    let now: HashSet<String> = current
        .findings
        .iter()
        .map(|f| f.fingerprint.clone())
        .collect();
    let (mut new, mut persisting) = (0, 0);
    for f in &mut current.findings {
        let status = if before.contains(f.fingerprint.as_str()) {
            persisting += 1;
            BaselineStatus::Persisting
        } else {
            new += 1;
            BaselineStatus::New
        };
        f.baseline = Some(status);
    }
    let failed: HashSet<&str> = current
        .scan
        .failed_sources
        .iter()
        .map(String::as_str)
        .collect();
    let complete = current.scan.complete;
    current.fixed = baseline
        .findings
        .iter()
        .filter(|f| !now.contains(&f.fingerprint))
        .filter(|f| complete || f.source.as_deref().is_some_and(|s| !failed.contains(s)))
        .cloned()
        .map(|mut f| {
            f.baseline = Some(BaselineStatus::Fixed);
            f
        })
        .collect();
    current.baseline = Some(BaselineInfo {
        path: path.to_string(),
        as_of: baseline.scan.as_of,
        started_at: baseline.scan.started_at,
        new,
        persisting,
        fixed: current.fixed.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::report::testdoc::{document, finding_on};

    fn statuses(doc: &Document) -> Vec<(String, Option<BaselineStatus>)> {
        doc.findings
            .iter()
            .map(|f| (f.subject.clone(), f.baseline))
            .collect()
    }

    #[test]
    fn new_persisting_and_fixed() {
        let base = document(vec![
            finding_on("CYC-001", "ad:a", Severity::High),
            finding_on("CYC-001", "ad:b", Severity::High),
        ]);
        let mut cur = document(vec![
            finding_on("CYC-001", "ad:b", Severity::High),
            finding_on("CYC-002", "ad:b", Severity::Low),
        ]);
        compare(&mut cur, &base, "old/findings.json");
        assert_eq!(
            statuses(&cur),
            vec![
                ("ad:b".into(), Some(BaselineStatus::Persisting)),
                ("ad:b".into(), Some(BaselineStatus::New)),
            ]
        );
        assert_eq!(cur.fixed.len(), 1);
        assert_eq!(cur.fixed[0].subject, "ad:a");
        assert_eq!(cur.fixed[0].baseline, Some(BaselineStatus::Fixed));
        let info = cur.baseline.as_ref().unwrap();
        assert_eq!((info.new, info.persisting, info.fixed), (1, 1, 1));
        assert_eq!(info.path, "old/findings.json");
        assert_eq!(info.as_of, base.scan.as_of);
    }

    #[test]
    fn comparing_twice_gives_the_same_result() {
        let base = document(vec![finding_on("CYC-001", "ad:a", Severity::High)]);
        let mut cur = document(vec![finding_on("CYC-001", "ad:c", Severity::High)]);
        compare(&mut cur, &base, "b.json");
        let first = (statuses(&cur), cur.fixed.clone());
        compare(&mut cur, &base, "b.json");
        assert_eq!((statuses(&cur), cur.fixed.clone()), first);
    }

    #[test]
    fn an_incomplete_scan_does_not_call_unseen_findings_fixed() {
        let mut from_ad = finding_on("CYC-001", "ad:a", Severity::High);
        from_ad.source = Some("ad".into());
        let mut from_dpi = finding_on("CYC-001", "dpi:x", Severity::High);
        from_dpi.source = Some("dpi".into());
        let unknown = finding_on("CYC-003", "rh:1", Severity::High);
        let base = document(vec![from_ad, from_dpi, unknown]);
        let mut cur = document(vec![]);
        cur.scan.complete = false;
        cur.scan.failed_sources = vec!["dpi".into()];
        compare(&mut cur, &base, "b.json");
        let fixed: Vec<_> = cur.fixed.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(fixed, ["ad:a"]);
        assert_eq!(cur.baseline.unwrap().fixed, 1);
    }

    #[test]
    fn load_refuses_other_formats_naming_the_file() {
        let e = parse(b"{\"format\": 1}", "instantane.json").unwrap_err();
        assert!(
            e.to_string().starts_with(
                "référence « instantane.json » : format « absent » non pris en charge"
            ),
            "{e}"
        );
        let e = parse(b"{\"format\": \"vigie-findings/0\"}", "x.json").unwrap_err();
        assert!(e.to_string().contains("format « vigie-findings/0 »"), "{e}");
        let e = parse(b"<html>", "rapport.html").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("référence « rapport.html » : ce n'est pas un fichier JSON"),
            "{e}"
        );
        let e = parse(b"{\"format\": \"vigie-findings/1\"}", "x.json").unwrap_err();
        assert!(e.to_string().contains("contenu invalide"), "{e}");
        let e = load(Path::new("/nonexistent/findings.json")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("référence « /nonexistent/findings.json » illisible"),
            "{e}"
        );
    }

    #[test]
    fn a_written_document_loads_back_as_a_baseline() {
        let doc = document(vec![finding_on("CYC-001", "ad:a", Severity::Critical)]);
        let json = serde_json::to_vec(&doc).unwrap();
        let back = parse(&json, "f.json").unwrap();
        assert_eq!(back.findings, doc.findings);
        assert!(ensure_same_establishment(&back, "999000017", "f.json").is_ok());
        let e = ensure_same_establishment(&back, "990000000", "f.json").unwrap_err();
        assert!(
            e.to_string().contains("FINESS 999000017, pas 990000000"),
            "{e}"
        );
    }
}
