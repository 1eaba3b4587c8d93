//! Unit tests of the action plan, on hand-made documents.

use super::*;
use crate::report::testdoc;
use calamine::{Data, Reader, Xlsx};

fn open(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    Xlsx::new(std::io::Cursor::new(bytes)).expect("readable workbook")
}

#[test]
fn sheet_names_fit_excel() {
    for axis in Axis::ALL {
        let name = axis_sheet_name(axis);
        assert!(name.encode_utf16().count() <= 31, "{name}");
        assert!(!name.is_empty());
    }
    assert_eq!(axis_sheet_name(Axis::Eid), "Moyens d'identification");
    assert_eq!(
        axis_sheet_name(Axis::LifeCycle),
        "Cycle de vie des identités"
    );
    assert_eq!(sheet_name("a/b:c[d]*?\\"), "abcd");
    assert_eq!(sheet_name("'x'"), "x");
}

#[test]
fn sheets_rows_and_neutralised_text() {
    let doc = testdoc::full();
    let mut x = open(to_bytes(&doc).unwrap());
    let names = x.sheet_names();
    assert_eq!(names[0], SUMMARY_SHEET);
    assert_eq!(names.len(), 1 + 5 + 3);
    let rights = x
        .worksheet_range(&axis_sheet_name(Axis::RightsAccess))
        .unwrap();
    let header: Vec<String> = rights
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, PLAN_COLUMNS.map(|(n, _)| n.to_string()));
    let row = rights.rows().nth(1).unwrap();
    assert_eq!(row[0], Data::Float(1.0));
    assert_eq!(
        row[5],
        Data::String("'=HYPERLINK(\"http://x\";\"clic\")".into())
    );
    assert_eq!(row[9], Data::String("Corriger DRT-001.".into()));
    assert_eq!(row[11], Data::String("ouvert — nouveau".into()));
    let life = x
        .worksheet_range(&axis_sheet_name(Axis::LifeCycle))
        .unwrap();
    assert_eq!(life.height(), 2, "the waived finding is not in the plan");
    let waived = x.worksheet_range(WAIVED_SHEET).unwrap();
    assert_eq!(waived.height(), 2);
    assert_eq!(
        waived.rows().nth(1).unwrap()[4],
        Data::String("ad:svc-backup".into())
    );
    let exceptions = x.worksheet_range(EXCEPTIONS_SHEET).unwrap();
    assert_eq!(
        exceptions.rows().nth(1).unwrap()[7],
        Data::String("en vigueur".into())
    );
    let fixed = x.worksheet_range(FIXED_SHEET).unwrap();
    assert_eq!(
        fixed.rows().nth(1).unwrap()[4],
        Data::String("ad:ancien".into())
    );
}

#[test]
fn summary_warns_when_incomplete_and_counts() {
    let mut x = open(to_bytes(&testdoc::full()).unwrap());
    let s = x.worksheet_range(SUMMARY_SHEET).unwrap();
    let all: Vec<String> = s.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(all.iter().any(|c| c == "ANALYSE INCOMPLÈTE"));
    assert!(all
        .iter()
        .any(|c| c.contains("source(s) illisible(s) : dpi")));
    assert!(all.iter().any(|c| c == "Comptes nominatifs"));
    let total = s
        .rows()
        .find(|r| r[0] == Data::String("Total".into()))
        .unwrap();
    // critique 1, élevée 1 (the waived one is apart), total open 2, waived 1.
    assert_eq!(total[2], Data::Float(1.0));
    assert_eq!(total[3], Data::Float(1.0));
    assert_eq!(total[7], Data::Float(2.0));
    assert_eq!(total[8], Data::Float(1.0));
}

#[test]
fn empty_document_has_every_sheet_but_no_fixed_one() {
    let mut x = open(to_bytes(&testdoc::empty()).unwrap());
    assert_eq!(x.sheet_names().len(), 1 + 5 + 2);
    let s = x.worksheet_range(SUMMARY_SHEET).unwrap();
    let warning = Data::String("ANALYSE INCOMPLÈTE".into());
    assert!(!s.cells().any(|(_, _, c)| *c == warning));
}

/// The sheet's XML inside the workbook (calamine does not read validations).
fn sheet_xml(bytes: &[u8], index: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut f = zip
        .by_name(&format!("xl/worksheets/sheet{index}.xml"))
        .unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
    xml
}

#[test]
fn due_date_column_is_validated_header_frozen_and_filtered() {
    let bytes = to_bytes(&testdoc::full()).unwrap();
    // Sheet 3 is « Droits et accès numériques », one open finding.
    let xml = sheet_xml(&bytes, 3);
    assert!(
        xml.contains(r#"<dataValidation type="date" operator="greaterThanOrEqual""#),
        "{xml}"
    );
    assert!(xml.contains(r#"sqref="N2""#), "{xml}");
    // 2026-11-15, the reference date, as an Excel serial.
    assert!(xml.contains("<formula1>46341</formula1>"), "{xml}");
    assert!(xml.contains(r#"state="frozen""#));
    assert!(xml.contains(r#"<autoFilter ref="A1:O2"/>"#));
    // An axis without findings has no validation but keeps its filter.
    let empty = sheet_xml(&bytes, 4);
    assert!(!empty.contains("<dataValidation"));
    assert!(empty.contains(r#"<autoFilter ref="A1:O1"/>"#));
}
