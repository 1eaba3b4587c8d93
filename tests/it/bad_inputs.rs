//! Bad inputs: each gives a French error naming the file, the line and,
//! where one applies, the field; the source is then unusable.

use crate::support::{dir_with, read, rendered};
use vigie::diag::{Code, Diagnostic};
use vigie::source::text::EncodingChoice;
use vigie::source::SourceKind;

const HEADER: &str = "Matricule;Nom de naissance;Prénoms;Date d'entrée\n";

fn first_error(r: &vigie::source::SourceRead) -> Diagnostic {
    r.diagnostics
        .iter()
        .find(|d| d.is_error())
        .cloned()
        .unwrap_or_else(|| panic!("an error was expected, got: {}", rendered(r)))
}

fn sirh(
    bytes: &[u8],
    configure: impl FnOnce(&mut vigie::config::SourceConfig),
) -> vigie::source::SourceRead {
    let dir = dir_with(&[("agents.csv", bytes)]);
    read(SourceKind::Sirh, &dir.path().join("agents.csv"), configure)
}

#[test]
fn missing_mapped_column_names_field_and_suggests_closest_header() {
    let r = sirh(
        format!("{HEADER}001;DUPONT;Marie;01/01/2020\n").as_bytes(),
        |s| {
            s.columns
                .insert("employee_number".into(), "Matricul".into());
        },
    );
    let d = first_error(&r);
    assert_eq!(d.code, Code::MissingColumn);
    assert_eq!(
        (d.file.as_deref(), d.line, d.field.as_deref()),
        (Some("agents.csv"), Some(1), Some("employee_number"))
    );
    assert!(
        d.to_string()
            .contains("colonne « Matricul » absente de l'en-tête"),
        "{d}"
    );
    assert!(
        d.to_string()
            .contains("colonne la plus proche : « Matricule »"),
        "{d}"
    );
}

#[test]
fn required_field_without_column_is_reported() {
    let r = sirh(b"Nom;Prenom\nDUPONT;Marie\n", |_| {});
    let d = first_error(&r);
    assert_eq!(d.code, Code::MissingColumn);
    assert_eq!(d.field.as_deref(), Some("employee_number"));
    assert!(
        d.to_string()
            .contains("champ obligatoire « employee_number »"),
        "{d}"
    );
}

#[test]
fn unparsable_date_is_located_by_line_column_and_header() {
    let r = sirh(
        format!("{HEADER}001;DUPONT;Marie;01/01/2020\n002;MARTIN;Jean;31/02/2024\n").as_bytes(),
        |_| {},
    );
    let d = first_error(&r);
    assert_eq!(d.code, Code::InvalidDate);
    assert_eq!(
        (d.line, d.column, d.field.as_deref()),
        (Some(3), Some(4), Some("Date d'entrée"))
    );
    assert!(d.to_string().starts_with("erreur[invalid-date]: agents.csv:3:4: champ « Date d'entrée » : date illisible « 31/02/2024 »"), "{d}");
}

#[test]
fn invalid_byte_in_a_file_declared_utf8() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"001;DUPONT;Ren\xe9;01/01/2020\n");
    let r = sirh(&bytes, |s| s.encoding = EncodingChoice::Utf8);
    let d = first_error(&r);
    assert_eq!(d.code, Code::InvalidEncoding);
    assert_eq!((d.line, d.column), (Some(2), Some(15)));
    assert!(
        d.to_string().contains("octet 0xE9 invalide en UTF-8"),
        "{d}"
    );
    assert!(d.help.unwrap().contains("windows-1252"));
}

#[test]
fn truncated_file_last_record_cut() {
    let r = sirh(
        format!("{HEADER}001;DUPONT;Marie;01/01/2020\n002;MART").as_bytes(),
        |_| {},
    );
    let d = first_error(&r);
    assert_eq!((d.code, d.line), (Code::Truncated, Some(3)));
    assert!(d.to_string().contains("fichier semble tronqué"), "{d}");
}

#[test]
fn truncated_file_inside_a_quoted_field() {
    let r = sirh(format!("{HEADER}001;DUPONT;Marie;01/01/2020\n002;\"MARTIN;Jean;01/01/2020\n003;PETIT;Luc;01/01/2020\n").as_bytes(), |_| {});
    let d = first_error(&r);
    assert_eq!((d.code, d.line), (Code::Truncated, Some(3)));
    assert!(
        d.to_string().contains("guillemet ouvert jamais refermé"),
        "{d}"
    );
}

#[test]
fn row_with_wrong_field_count_in_the_middle() {
    let r = sirh(
        format!("{HEADER}001;DUPONT;Marie\n002;MARTIN;Jean;01/01/2020\n").as_bytes(),
        |_| {},
    );
    let d = first_error(&r);
    assert_eq!((d.code, d.line), (Code::FieldCount, Some(2)));
    assert!(d.to_string().contains("3 champ(s) au lieu de 4"), "{d}");
}

#[test]
fn empty_file() {
    for bytes in [&b""[..], b"\n\r\n  \n", b"\xef\xbb\xbf"] {
        let d = first_error(&sirh(bytes, |_| {}));
        assert_eq!(
            (d.code, d.file.as_deref(), d.line),
            (Code::EmptyFile, Some("agents.csv"), Some(1))
        );
        assert!(d.to_string().contains("le fichier est vide"));
    }
}

#[test]
fn header_only_file_has_no_rows_but_is_not_an_error() {
    let r = sirh(HEADER.as_bytes(), |_| {});
    assert!(!r.diagnostics.has_errors(), "{}", rendered(&r));
    assert!(r.batch.persons.is_empty());
}

#[test]
fn binary_files_given_as_csv() {
    let xlsx = std::fs::read(crate::support::fixture("tabular/pacs_openpyxl.xlsx")).unwrap();
    let d = first_error(&sirh(&xlsx, |_| {}));
    assert_eq!((d.code, d.line), (Code::BinaryFile, Some(1)));
    assert!(d.to_string().contains("classeur XLSX"), "{d}");
    let d = first_error(&sirh(b"Matricule;Nom\n\x00\x01\x02\x03binary", |_| {}));
    assert_eq!((d.code, d.line), (Code::BinaryFile, Some(2)));
}

#[test]
fn unreadable_workbook() {
    let dir = dir_with(&[("comptes.xlsx", b"not a workbook at all")]);
    let r = read(
        SourceKind::Accounts,
        &dir.path().join("comptes.xlsx"),
        |s| s.application = Some("x".into()),
    );
    let d = first_error(&r);
    assert_eq!(d.code, Code::Syntax);
    assert!(d.to_string().contains("classeur illisible"), "{d}");
}

#[test]
fn missing_file() {
    let r = read(
        SourceKind::Sirh,
        std::path::Path::new("/nonexistent/agents.csv"),
        |_| {},
    );
    let d = first_error(&r);
    assert_eq!(d.code, Code::Io);
    assert!(d.to_string().contains("fichier introuvable"), "{d}");
}
