//! Reading small extracts written with the sample generator's RPPS writer.

use super::RppsConnector;
use crate::config::{RppsKeep, SourceConfig};
use crate::diag::{Code, Level};
use crate::model::Establishment;
use crate::samplegen::rpps_extract::{write_filler, write_header, write_line, RppsLine, COLUMNS};
use crate::source::{Connector, Needs, NoProgress, ReadContext, SourceKind, SourceRead};
use crate::text::name_key;
use std::path::Path;

const A: &str = "10001045367";
const B: &str = "10104335319";
const C: &str = "012600631";

fn establishment() -> Establishment {
    Establishment {
        name: "CH de Test".into(),
        finess: "750000001".into(),
        sites: vec!["750000002".into()],
        ght: None,
    }
}

fn line<'a>(id: &'a str, last: &'a str, first: &'a str) -> RppsLine<'a> {
    RppsLine {
        identifier_type: if id.len() == 9 { "0" } else { "8" },
        identifier: id,
        last_name: last,
        first_name: first,
        profession_code: "10",
        profession_label: "Médecin",
        category_code: "C",
        mode: "L",
        site_name: "CABINET",
        registration_authority: "CNOM/CNOM/CNOM",
        ..RppsLine::default()
    }
}

/// Header, then A (liberal, then at the establishment), B, C (two lines,
/// accented), then 20 unrelated lines: 25 data lines, lines 2 to 26.
fn fixture() -> Vec<u8> {
    let mut out = Vec::new();
    write_header(&mut out).unwrap();
    write_line(&mut out, &line(A, "MARTIN", "Marie")).unwrap();
    let at_home = RppsLine {
        mode: "S",
        finess_site: "750000002",
        finess_legal_entity: "750000001",
        site_name: "CH DE TEST",
        specialty_code: "SM54",
        specialty_label: "Médecine générale",
        civility_label: "Docteur",
        ..line(A, "MARTIN", "Marie")
    };
    write_line(&mut out, &at_home).unwrap();
    write_line(&mut out, &line(B, "DUPONT", "Jean")).unwrap();
    write_line(&mut out, &line(C, "LEFÈVRE", "Hélène")).unwrap();
    write_line(
        &mut out,
        &RppsLine {
            mode: "B",
            ..line(C, "LEFÈVRE", "Hélène")
        },
    )
    .unwrap();
    write_filler(&mut out, 7, 20, 0).unwrap();
    out
}

fn read_with(
    bytes: &[u8],
    keep: &[RppsKeep],
    needs: &Needs,
    tweak: impl FnOnce(&mut SourceConfig),
) -> SourceRead {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("PS_LibreAcces_Personne_activite_202601010000.txt");
    std::fs::write(&path, bytes).unwrap();
    let mut source = SourceConfig::new("rpps", SourceKind::Rpps, &path);
    source.path_display = "rpps/extraction.txt".into();
    source.rpps_keep = keep.to_vec();
    tweak(&mut source);
    let est = establishment();
    let ctx = ReadContext {
        source: &source,
        establishment: &est,
        needs,
        progress: &NoProgress,
    };
    RppsConnector.read(&ctx)
}

fn read(bytes: &[u8], keep: &[RppsKeep], needs: &Needs) -> SourceRead {
    read_with(bytes, keep, needs, |_| {})
}

fn ids(r: &SourceRead) -> Vec<&str> {
    r.batch.rpps.iter().map(|p| p.identifier.as_str()).collect()
}

fn codes(r: &SourceRead) -> Vec<Code> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn all_keeps_every_professional_with_activities_folded() {
    let bytes = fixture();
    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert!(r.diagnostics.is_empty(), "{}", r.diagnostics.render());
    assert_eq!((r.records_read, r.records_skipped), (25, 0));
    assert_eq!(&ids(&r)[..3], &[A, B, C]);
    let lines: usize = r.batch.rpps.iter().map(|p| p.activities.len()).sum();
    assert_eq!(lines, 25);
    let a = &r.batch.rpps[0];
    assert_eq!(
        (a.last_name.as_str(), a.first_name.as_str()),
        ("MARTIN", "Marie")
    );
    assert_eq!(
        (a.identifier_type.as_str(), a.national_id.as_str()),
        ("8", "810001045367")
    );
    assert_eq!(a.provenance.line, Some(2));
    assert_eq!(a.provenance.location(), "rpps/extraction.txt:2");
    assert_eq!(
        a.activities.iter().map(|x| x.line).collect::<Vec<_>>(),
        [2, 3]
    );
    let home = &a.activities[1];
    assert_eq!(home.finess_site.as_deref(), Some("750000002"));
    assert_eq!(home.finess_legal_entity.as_deref(), Some("750000001"));
    assert_eq!(home.mode.as_deref(), Some("S"));
    assert_eq!(home.specialty_label.as_deref(), Some("Médecine générale"));
    assert_eq!(a.activities[0].finess_site, None);
    assert_eq!(a.profession_label.as_deref(), Some("Médecin"));
    assert_eq!(a.registration_authority.as_deref(), Some("CNOM/CNOM/CNOM"));
    let c = &r.batch.rpps[2];
    assert_eq!(
        (c.identifier_type.as_str(), c.national_id.as_str()),
        ("0", "0012600631")
    );
    assert_eq!(
        (c.last_name.as_str(), c.first_name.as_str()),
        ("LEFÈVRE", "Hélène")
    );
    assert_eq!(r.inputs.len(), 1);
    assert_eq!(r.inputs[0].path, "rpps/extraction.txt");
    assert_eq!(r.inputs[0].sha256, crate::source::sha256_hex(&bytes));
    assert_eq!(r.inputs[0].size, bytes.len() as u64);
    assert_eq!(r.read_as["encoding"], "utf-8");
    assert_eq!(r.read_as["lines"], "25");
    assert_eq!(r.read_as["kept_lines"], "25");
    assert_eq!(r.read_as["columns"], "52");
}

#[test]
fn referenced_keeps_only_known_identifiers() {
    let mut needs = Needs::default();
    needs.identifiers.insert(B.into());
    needs.identifiers.insert("19999999999".into());
    let r = read(&fixture(), &[RppsKeep::Referenced], &needs);
    assert_eq!(ids(&r), [B]);
    assert_eq!((r.records_read, r.records_skipped), (25, 24));
    assert_eq!(r.read_as["kept"], "1");
}

#[test]
fn establishment_keeps_earlier_lines_of_the_professional() {
    let r = read(&fixture(), &[RppsKeep::Establishment], &Needs::default());
    assert_eq!(ids(&r), [A]);
    let a = &r.batch.rpps[0];
    assert_eq!(a.provenance.line, Some(2));
    assert_eq!(a.activities.len(), 2);
    assert_eq!(a.activities[0].mode.as_deref(), Some("L"));
    assert_eq!(
        a.civility.as_deref(),
        None,
        "identity comes from the first line"
    );
    assert_eq!((r.records_read, r.records_skipped), (25, 23));
}

#[test]
fn names_keep_namesakes_whatever_the_accents() {
    let mut needs = Needs::default();
    needs.name_keys.insert(name_key("Lefevre", "Helene Marie"));
    needs.name_keys.insert(name_key("Inconnu", "Personne"));
    let r = read(&fixture(), &[RppsKeep::Names], &needs);
    assert_eq!(ids(&r), [C]);
    assert_eq!(r.batch.rpps[0].activities.len(), 2);
    assert_eq!((r.records_read, r.records_skipped), (25, 23));
}

#[test]
fn default_keep_combines_the_three_filters() {
    let mut needs = Needs::default();
    needs.identifiers.insert(B.into());
    needs.finess.insert("750000001".into());
    needs.name_keys.insert(name_key("LEFEVRE", "HELENE"));
    let r = read_with(&fixture(), &[], &needs, |s| {
        s.rpps_keep = SourceConfig::new("x", SourceKind::Rpps, Path::new("x")).rpps_keep;
    });
    assert_eq!(ids(&r), [A, B, C]);
    assert_eq!(r.read_as["keep"], "referenced, establishment, names");
    assert!(r.diagnostics.is_empty(), "{}", r.diagnostics.render());
}

#[test]
fn a_professional_reappearing_later_keeps_all_kept_lines() {
    let mut bytes = fixture();
    write_line(
        &mut bytes,
        &RppsLine {
            mode: "B",
            ..line(B, "DUPONT", "Jean")
        },
    )
    .unwrap();
    let mut needs = Needs::default();
    needs.identifiers.insert(B.into());
    let r = read(&bytes, &[RppsKeep::Referenced], &needs);
    assert_eq!(ids(&r), [B]);
    let lines: Vec<u64> = r.batch.rpps[0].activities.iter().map(|a| a.line).collect();
    assert_eq!(lines, [4, 27]);
}

fn header_with(replace: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in COLUMNS {
        let c = replace
            .iter()
            .find(|(from, _)| *from == c)
            .map_or(c, |(_, to)| to);
        out.extend_from_slice(c.as_bytes());
        out.push(b'|');
    }
    out.push(b'\n');
    out
}

fn body(bytes: &[u8]) -> &[u8] {
    let nl = memchr::memchr(b'\n', bytes).unwrap();
    &bytes[nl + 1..]
}

#[test]
fn header_label_variants_and_configured_columns() {
    let fx = fixture();
    let mut bytes = header_with(&[
        ("Libellé civilité d'exercice", "LIBELLE CIVILITE EXERCICE"),
        ("Nom d'exercice", "Nom d’exercice"),
        ("Identifiant PP", "identifiant pp"),
        ("Prénom d'exercice", "Prénom usuel"),
    ]);
    bytes.extend_from_slice(body(&fx));
    let r = read_with(&bytes, &[RppsKeep::Establishment], &Needs::default(), |s| {
        s.columns.insert("first_name".into(), "prenom USUEL".into());
    });
    assert!(r.diagnostics.is_empty(), "{}", r.diagnostics.render());
    let a = &r.batch.rpps[0];
    assert_eq!((a.identifier.as_str(), a.first_name.as_str()), (A, "Marie"));
    assert_eq!(a.last_name, "MARTIN");
}

#[test]
fn missing_required_column_names_the_closest_header() {
    let mut bytes = header_with(&[("Nom d'exercice", "Nom d'exercise")]);
    bytes.extend_from_slice(body(&fixture()));
    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert_eq!(codes(&r), [Code::MissingColumn]);
    let d = &r.diagnostics.items[0];
    assert_eq!((d.line, d.field.as_deref()), (Some(1), Some("last_name")));
    assert!(d.to_string().contains("rpps/extraction.txt:1"), "{d}");
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("« Nom d'exercise »"),
        "{d}"
    );
    assert_eq!(r.records_read, 0);
    assert!(r.batch.rpps.is_empty());
    assert_eq!(r.inputs.len(), 1, "the file is still hashed");

    let r = read_with(&fixture(), &[RppsKeep::All], &Needs::default(), |s| {
        s.columns
            .insert("site_name".into(), "Raison sociale".into());
    });
    assert_eq!(codes(&r), [Code::MissingColumn]);
    let d = &r.diagnostics.items[0];
    assert_eq!(d.field.as_deref(), Some("site_name"));
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("« Raison sociale site »"),
        "{d}"
    );
}

#[test]
fn wrong_field_counts_are_located_then_counted() {
    let mut bytes = fixture();
    let mut bad = line("10000000000", "O|BRIEN", "Sean");
    bad.mode = "S";
    for _ in 0..14 {
        write_line(&mut bytes, &bad).unwrap();
    }
    write_line(&mut bytes, &line("10000000001", "SHORT", "Line")).unwrap();
    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    let field_counts: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::FieldCount)
        .collect();
    assert_eq!(field_counts.len(), 11);
    assert_eq!(field_counts[0].line, Some(27));
    assert!(
        field_counts[0].message.contains("53 champs au lieu de 52"),
        "{}",
        field_counts[0]
    );
    assert!(
        field_counts[10]
            .message
            .contains("… et 4 autre(s) ligne(s)"),
        "{}",
        field_counts[10]
    );
    assert_eq!((r.records_read, r.records_skipped), (40, 14));
    assert_eq!(ids(&r).last(), Some(&"10000000001"));
}

#[test]
fn truncated_last_line_is_reported_but_a_complete_one_is_not() {
    let mut bytes = fixture();
    bytes.truncate(bytes.len() - 100);
    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert_eq!(codes(&r), [Code::Truncated]);
    assert_eq!(r.diagnostics.items[0].line, Some(26));
    assert_eq!((r.records_read, r.records_skipped), (25, 1));

    let mut bytes = fixture();
    bytes.pop();
    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert!(r.diagnostics.is_empty(), "{}", r.diagnostics.render());
    assert_eq!(r.records_read, 25);

    // Every field but no trailing `|`: the last value may be cut.
    bytes.pop();
    bytes.push(b'E');
    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert_eq!(codes(&r), [Code::Truncated]);
    let d = &r.diagnostics.items[0];
    assert_eq!((d.level, d.line), (Level::Warning, Some(26)));
    assert_eq!(
        d.field.as_deref(),
        Some("Libellé section tableau pharmaciens")
    );
    assert_eq!(r.records_read, 25);
    assert!(!r.diagnostics.has_errors());
}

#[test]
fn windows_1252_declared_or_detected() {
    let utf8 = String::from_utf8(fixture()).unwrap();
    let (latin, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(!unmappable);
    let mut needs = Needs::default();
    needs.name_keys.insert(name_key("Lefèvre", "Hélène"));
    for choice in [
        crate::source::text::EncodingChoice::Windows1252,
        crate::source::text::EncodingChoice::Auto,
    ] {
        let r = read_with(&latin, &[RppsKeep::Names], &needs, |s| s.encoding = choice);
        assert!(r.diagnostics.is_empty(), "{}", r.diagnostics.render());
        assert_eq!(r.read_as["encoding"], "windows-1252");
        let c = &r.batch.rpps[0];
        assert_eq!(
            (c.last_name.as_str(), c.first_name.as_str()),
            ("LEFÈVRE", "Hélène")
        );
    }
}

#[test]
fn invalid_utf8_is_located_by_line_column_and_field() {
    let mut bytes = fixture();
    // « Hélène » on line 5 written in Latin-1 inside a UTF-8 file.
    let at = String::from_utf8_lossy(&bytes).find("Hélène|10").unwrap();
    bytes.splice(at..at + "Hélène".len(), b"H\xE9l\xE8ne".iter().copied());
    let r = read_with(&bytes, &[RppsKeep::All], &Needs::default(), |s| {
        s.encoding = crate::source::text::EncodingChoice::Utf8;
    });
    assert_eq!(codes(&r), [Code::InvalidEncoding]);
    let d = &r.diagnostics.items[0];
    assert_eq!(d.level, Level::Error);
    assert_eq!(d.line, Some(5));
    assert_eq!(d.field.as_deref(), Some("Prénom d'exercice"));
    let column = d.column.unwrap();
    assert!(
        d.to_string()
            .contains(&format!("rpps/extraction.txt:5:{column}")),
        "{d}"
    );

    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert_eq!(codes(&r), [Code::InvalidEncoding]);
    assert_eq!(r.diagnostics.items[0].level, Level::Warning);
    assert_eq!(r.read_as["encoding"], "utf-8");
    assert_eq!(r.batch.rpps[2].first_name, "Hélène");
}

#[test]
fn empty_header_only_binary_and_missing_files() {
    for bytes in [&b""[..], b"\n  \n", b"\xEF\xBB\xBF"] {
        let r = read(bytes, &[RppsKeep::All], &Needs::default());
        assert_eq!(codes(&r), [Code::EmptyFile], "{bytes:?}");
        assert!(r.diagnostics.items[0]
            .to_string()
            .contains("rpps/extraction.txt"));
    }
    let mut header = Vec::new();
    write_header(&mut header).unwrap();
    let r = read(&header, &[RppsKeep::All], &Needs::default());
    assert_eq!(codes(&r), [Code::EmptyFile]);
    assert!(r.diagnostics.items[0].message.contains("que l'en-tête"));

    let r = read(
        b"PK\x03\x04\x14\x00rest of a zip",
        &[RppsKeep::All],
        &Needs::default(),
    );
    assert_eq!(codes(&r), [Code::BinaryFile]);

    let source = SourceConfig::new("rpps", SourceKind::Rpps, Path::new("/nonexistent/rpps.txt"));
    let est = establishment();
    let needs = Needs::default();
    let ctx = ReadContext {
        source: &source,
        establishment: &est,
        needs: &needs,
        progress: &NoProgress,
    };
    let r = RppsConnector.read(&ctx);
    assert_eq!(codes(&r), [Code::Io]);
    assert!(r.inputs.is_empty());
}

#[test]
fn bom_crlf_and_blocks_larger_than_the_buffer() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    let fx = fixture();
    for l in fx.split_inclusive(|&b| b == b'\n') {
        bytes.extend_from_slice(&l[..l.len() - 1]);
        bytes.extend_from_slice(b"\r\n");
    }
    // About 5 MB of filler: lines straddle the 2 MiB blocks.
    write_filler(&mut bytes, 11, 25_000, 1_000).unwrap();
    let mut needs = Needs::default();
    needs.identifiers.insert(A.into());
    let r = read(&bytes, &[RppsKeep::Referenced], &needs);
    assert!(r.diagnostics.is_empty(), "{}", r.diagnostics.render());
    assert_eq!(r.read_as["encoding"], "utf-8 (BOM)");
    assert_eq!(r.records_read, 25_025);
    assert_eq!(ids(&r), [A]);
    assert_eq!(r.batch.rpps[0].last_name, "MARTIN");
    let all = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert_eq!(all.read_as["kept_lines"], "25025");
    assert!(all.diagnostics.is_empty());
}

#[test]
fn utf16_overlong_lines_and_configuration_warnings() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Identifiant PP|\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = read(&utf16, &[RppsKeep::All], &Needs::default());
    assert_eq!(codes(&r), [Code::InvalidEncoding]);
    assert!(r.diagnostics.items[0].message.contains("UTF-16"));

    let mut bytes = fixture();
    bytes.extend(std::iter::repeat_n(b'a', super::scan::MAX_LINE + 10));
    let r = read(&bytes, &[RppsKeep::All], &Needs::default());
    assert_eq!(codes(&r), [Code::Syntax]);
    assert_eq!(r.diagnostics.items[0].line, Some(27));
    assert_eq!(r.records_read, 25);

    let mut bytes = header_with(&[
        ("Numéro FINESS site", "FINESS du site"),
        ("Numéro FINESS établissement juridique", "FINESS de l'EJ"),
    ]);
    bytes.extend_from_slice(body(&fixture()));
    let r = read_with(&bytes, &[RppsKeep::Establishment], &Needs::default(), |s| {
        s.keep_columns.push("Code postal (coord. structure)".into());
    });
    let warnings: Vec<_> = r.diagnostics.iter().map(|d| (d.level, d.code)).collect();
    assert_eq!(
        warnings,
        [
            (Level::Warning, Code::MissingColumn),
            (Level::Warning, Code::InvalidConfig)
        ]
    );
    assert!(r.batch.rpps.is_empty());
}

/// Feeds `bytes` to the reader in blocks of `size` bytes, as the scan would.
fn read_in_blocks(bytes: &[u8], size: usize, utf8: bool, needs: &Needs) -> SourceRead {
    let mut source = SourceConfig::new("rpps", SourceKind::Rpps, Path::new("x.txt"));
    source.path_display = "rpps/extraction.txt".into();
    let est = establishment();
    let finess: Vec<&str> = std::iter::once(est.finess.as_str())
        .chain(est.sites.iter().map(String::as_str))
        .collect();
    let mut extract = super::extract::Extract::new(&source, needs, &finess);
    for data in bytes.chunks(size) {
        if !extract.feed(super::scan::Block { data, utf8 }) {
            break;
        }
    }
    let mut out = SourceRead::default();
    extract.finish(true, &mut out);
    out
}

#[test]
fn any_block_size_gives_the_same_records() {
    let mut bytes = fixture();
    // A professional at the establishment whose lines end the file.
    write_line(&mut bytes, &line("10000000003", "PETIT", "Léa")).unwrap();
    let home = RppsLine {
        finess_site: "750000002",
        ..line("10000000003", "PETIT", "Léa")
    };
    write_line(&mut bytes, &home).unwrap();
    let mut needs = Needs::default();
    needs.identifiers.insert(B.into());
    needs.name_keys.insert(name_key("LEFEVRE", "HELENE"));
    let whole = read(
        &bytes,
        &SourceConfig::new("x", SourceKind::Rpps, Path::new("x")).rpps_keep,
        &needs,
    );
    assert_eq!(ids(&whole), [A, B, C, "10000000003"]);
    for size in [1, 2, 3, 7, 64, 389, 1000, bytes.len()] {
        for utf8 in [false, true] {
            let r = read_in_blocks(&bytes, size, utf8, &needs);
            assert_eq!(
                r.batch.rpps, whole.batch.rpps,
                "blocks of {size}, utf8 {utf8}"
            );
            assert_eq!(
                (r.records_read, r.records_skipped),
                (whole.records_read, whole.records_skipped)
            );
            assert!(r.diagnostics.is_empty(), "{}", r.diagnostics.render());
        }
    }
}
