//! `findings.csv`: one row per finding of the scan (waived ones included,
//! with their waiver), for a spreadsheet or a script.
//!
//! Written like `reconciliation.csv` for a French workstation: UTF-8 with
//! BOM, `;` separator, French headers. Codes that scripts filter on keep a
//! stable form (check id, subject id, fingerprint, ISO dates); every text
//! cell is neutralised against formula injection
//! ([`cells::neutralise`](super::cells::neutralise)).

use super::cells::{self, neutralise};
use super::model::Document;
use std::io;
use std::path::Path;

/// The file name in the output folder.
pub const FILE_NAME: &str = "findings.csv";

pub const HEADER: [&str; 19] = [
    "contrôle",
    "titre",
    "axe",
    "gravité",
    "confiance",
    "type de sujet",
    "sujet",
    "nom",
    "source",
    "constat",
    "preuves",
    "chemin de preuve",
    "statut",
    "comparaison",
    "motif de la dérogation",
    "dérogation approuvée par",
    "ticket de la dérogation",
    "fin de la dérogation",
    "empreinte",
];

/// The CSV as bytes.
pub fn to_bytes(doc: &Document) -> io::Result<Vec<u8>> {
    let mut buf = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut buf);
        w.write_record(HEADER)?;
        for f in &doc.findings {
            let waiver = f.waiver.as_ref();
            let expires = waiver.map(|w| w.expires.to_string()).unwrap_or_default();
            let row: [&str; 19] = [
                &f.check,
                &f.title,
                f.axis.label(),
                f.severity.label(),
                f.confidence.code(),
                f.subject_kind.label(),
                &f.subject,
                &f.subject_name,
                f.source.as_deref().unwrap_or(""),
                &f.message,
                &cells::evidence_text(&f.evidence),
                &cells::path_text(&f.path),
                cells::status_label(f),
                cells::baseline_label(f.baseline),
                waiver.map_or("", |w| w.reason.as_str()),
                waiver.map_or("", |w| w.approved_by.as_str()),
                waiver.and_then(|w| w.ticket.as_deref()).unwrap_or(""),
                &expires,
                &f.fingerprint,
            ];
            w.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(buf)
}

/// Writes the file at `path` (atomically).
pub fn write(doc: &Document, path: &Path) -> io::Result<()> {
    crate::snapshot::write_atomic(path, &to_bytes(doc)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdoc;

    fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
        ::csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| r.expect("valid CSV").iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn one_row_per_finding_with_french_header() {
        let doc = testdoc::full();
        let rows = rows(&to_bytes(&doc).unwrap());
        assert_eq!(rows[0], HEADER);
        assert_eq!(rows.len(), doc.findings.len() + 1);
        assert!(rows[1..].iter().all(|r| r.len() == HEADER.len()));
    }

    #[test]
    fn waiver_and_baseline_are_written() {
        let rows = rows(&to_bytes(&testdoc::full()).unwrap());
        let waived = rows.iter().find(|r| r[6] == "ad:svc-backup").unwrap();
        assert_eq!(waived[12], "dérogé");
        assert_eq!(waived[13], "persistant");
        assert_eq!(waived[14], "Compte de sauvegarde validé par le RSSI");
        assert_eq!(waived[15], "RSSI");
        assert_eq!(waived[16], "SEC-42");
        assert_eq!(waived[17], "2027-06-30");
        let open = rows.iter().find(|r| r[6] == "ad:mdupont").unwrap();
        assert_eq!(open[12], "ouvert");
        assert_eq!(open[14..18], ["", "", "", ""]);
    }

    #[test]
    fn formulas_are_neutralised_and_path_joined() {
        let rows = rows(&to_bytes(&testdoc::full()).unwrap());
        let admin = rows.iter().find(|r| r[0] == "DRT-001").unwrap();
        assert_eq!(admin[6], "ad:=cmd", "only a leading trigger counts");
        assert_eq!(admin[7], "'=HYPERLINK(\"http://x\";\"clic\")");
        assert_eq!(admin[11], "compte =cmd → groupe Admins <du> domaine & co");
        assert_eq!(admin[3], "critique");
        assert_eq!(admin[13], "nouveau");
    }

    #[test]
    fn empty_document_gives_the_header_only() {
        let rows = rows(&to_bytes(&testdoc::empty()).unwrap());
        assert_eq!(rows, vec![HEADER.map(String::from).to_vec()]);
    }
}
