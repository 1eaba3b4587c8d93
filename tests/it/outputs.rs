//! The machine outputs (CSV, XLSX, SARIF, JUnit) read back by real
//! consumers: the SARIF 2.1.0 schema, a JUnit parser, LibreOffice and
//! calamine, the csv crate. Run on the sample scan, as it comes out of the
//! pipeline and enriched with what it lacks (waivers, a baseline, fixed
//! findings, hostile text, an incomplete scan).
//!
//! `tests/fixtures/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 JSON
//! schema (the draft-07 edition of the `oasis-tcs/sarif-spec` repository,
//! as shipped in the serde-sarif 0.8.0 crate), unmodified.
//! The LibreOffice test needs `soffice` (Debian: `libreoffice-calc-nogui`).

use calamine::{open_workbook_auto, Data, Reader};
use chrono::{NaiveDate, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use vigie::checks::engine::{BaselineStatus, PathStep, Waiver};
use vigie::checks::{Axis, Finding};
use vigie::report::model::{BaselineInfo, ExceptionEntry, ExceptionStatus};
use vigie::report::{csv, junit, sarif, xlsx, Document};

/// The sample scan's document, computed once.
fn sample() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ch-demo/vigie.toml");
        let loaded = vigie::pipeline::load(&config).expect("sample configuration loads");
        let doc = vigie::pipeline::run(&loaded, &vigie::source::NoProgress).document;
        assert!(doc.findings.len() > 100, "the sample has findings");
        doc
    })
}

const HOSTILE_NAME: &str = "=HYPERLINK(\"http://evil\";\"x\")";

/// The sample with a baseline, waivers, a fixed finding, a proof path,
/// hostile text, a disabled check and a failed source.
fn enriched() -> Document {
    let mut doc = sample().clone();
    let expires = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
    for (i, f) in doc.findings.iter_mut().enumerate() {
        f.baseline = Some(if i % 3 == 0 {
            BaselineStatus::New
        } else {
            BaselineStatus::Persisting
        });
        if i % 50 == 1 {
            f.waiver = Some(Waiver {
                location: "policies/exceptions.toml:3".into(),
                reason: "Compte de service validé par le RSSI".into(),
                approved_by: "RSSI".into(),
                ticket: Some("SEC-42".into()),
                expires,
            });
        }
    }
    let first = &mut doc.findings[0];
    // Sorts first among its check's subjects, so JUnit lists it.
    first.subject = "ad:0-hostile".into();
    first.fingerprint = vigie::checks::engine::fingerprint(&first.check, &first.subject);
    first.subject_name = HOSTILE_NAME.into();
    first.message = "Accès \"admin\" <b> & plus\u{1}\u{7}".into();
    first.path = vec![
        PathStep {
            kind: "compte".into(),
            label: "-x".into(),
        },
        PathStep {
            kind: "groupe".into(),
            label: "Admins du domaine".into(),
        },
    ];
    let mut fixed: Finding = doc.findings[2].clone();
    fixed.subject = "ad:parti-depuis".into();
    fixed.fingerprint = vigie::checks::engine::fingerprint(&fixed.check, &fixed.subject);
    fixed.baseline = Some(BaselineStatus::Fixed);
    fixed.waiver = None;
    doc.fixed = vec![fixed];
    doc.exceptions = vec![ExceptionEntry {
        location: "policies/exceptions.toml:3".into(),
        check: doc.findings[1].check.clone(),
        subject: "ad:svc-*".into(),
        reason: "Comptes de service validés par le RSSI".into(),
        approved_by: "RSSI".into(),
        ticket: None,
        expires,
        status: ExceptionStatus::Active,
        waived: doc.findings.iter().filter(|f| f.waiver.is_some()).count(),
    }];
    doc.baseline = Some(BaselineInfo {
        path: "vigie-out-octobre/findings.json".into(),
        as_of: NaiveDate::from_ymd_opt(2026, 10, 15).unwrap(),
        started_at: Utc.with_ymd_and_hms(2026, 10, 16, 8, 0, 0).unwrap(),
        new: doc.findings.len() / 3,
        persisting: doc.findings.len() - doc.findings.len() / 3,
        fixed: 1,
    });
    if let Some(c) = doc.checks.last_mut() {
        c.enabled = false;
        let id = c.id.clone();
        doc.findings.retain(|f| f.check != id);
    }
    doc.scan.complete = false;
    doc.scan.failed_sources = vec!["pacs".into()];
    doc
}

// ---------------------------------------------------------------- SARIF

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema_with_escaped_bracket(schema))
        .expect("the SARIF schema compiles")
}

/// The published schema's `language` patterns have a stray `]`
/// (`…-[a-zA-Z]{2}]?$`): ECMA-262 (Annex B) reads it as a literal `]`, but
/// jsonschema's check of `format: regex` refuses the pattern, and with it the
/// whole schema. Escaping it keeps the pattern's meaning; the vendored file
/// stays as published.
fn schema_with_escaped_bracket(mut schema: serde_json::Value) -> serde_json::Value {
    const PUBLISHED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    fn walk(v: &mut serde_json::Value, fixed: &mut usize) {
        match v {
            serde_json::Value::String(s) if s == PUBLISHED => {
                *s = PUBLISHED.replace("}]?", "}\\]?");
                *fixed += 1;
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, fixed)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|i| walk(i, fixed)),
            _ => {}
        }
    }
    let mut fixed = 0;
    walk(&mut schema, &mut fixed);
    assert!(
        fixed > 0,
        "the vendored schema changed: no stray bracket left"
    );
    schema
}

fn assert_valid_sarif(validator: &jsonschema::Validator, doc: &Document) -> serde_json::Value {
    let bytes = sarif::to_bytes(doc).unwrap();
    let log: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
    log
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema() {
    let validator = sarif_validator();
    let doc = sample();
    let log = assert_valid_sarif(&validator, doc);
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "Vigie");
    assert_eq!(run["results"].as_array().unwrap().len(), doc.findings.len());
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        doc.checks.len()
    );
    let first = &doc.findings[0];
    let r = &run["results"][0];
    assert_eq!(r["ruleId"], first.check.as_str());
    assert_eq!(
        r["partialFingerprints"]["vigie/v1"],
        first.fingerprint.as_str()
    );
    assert_eq!(r["level"], sarif::level(first.severity));

    let doc = enriched();
    let log = assert_valid_sarif(&validator, &doc);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), doc.findings.len() + doc.fixed.len());
    let suppressed = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .count();
    assert_eq!(
        suppressed,
        doc.findings.iter().filter(|f| f.waiver.is_some()).count()
    );
    assert!(results.iter().any(|r| r["baselineState"] == "absent"));
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert_valid_sarif(&validator, &vigie_empty(&doc));
}

#[test]
fn the_schema_rejects_a_broken_sarif() {
    // The validation above can fail: a wrong level is refused.
    let validator = sarif_validator();
    let mut log = sarif::to_value(sample());
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&log));
}

fn vigie_empty(doc: &Document) -> Document {
    let mut d = doc.clone();
    d.findings.clear();
    d.fixed.clear();
    d.checks.clear();
    d.exceptions.clear();
    d.baseline = None;
    d
}

// ---------------------------------------------------------------- JUnit

fn parse_junit(doc: &Document) -> junit_parser::TestSuites {
    let bytes = junit::to_bytes(doc);
    junit_parser::from_reader(std::io::Cursor::new(bytes)).expect("JUnit parser reads it")
}

#[test]
fn junit_is_read_by_a_junit_parser() {
    let doc = sample();
    let suites = parse_junit(doc);
    assert_eq!(suites.suites.len(), 1 + Axis::ALL.len());
    assert_eq!(suites.suites[0].name, "Sources");
    assert!(suites.suites[0].cases[0].status.is_success());
    let failing_checks = doc
        .checks
        .iter()
        .filter(|c| doc.open_findings().any(|f| f.check == c.id))
        .count();
    assert_eq!(suites.failures as usize, failing_checks);
    assert_eq!(suites.tests as usize, 1 + doc.checks.len());
    for (suite, axis) in suites.suites[1..].iter().zip(Axis::ALL) {
        assert_eq!(suite.name, axis.label());
        let failed = suite.cases.iter().filter(|c| c.status.is_failure()).count();
        assert_eq!(suite.failures as usize, failed, "{}", suite.name);
        assert_eq!(suite.tests as usize, suite.cases.len());
        for case in &suite.cases {
            assert_eq!(case.classname.as_deref(), Some(axis.code()));
        }
    }
    let check = &doc.checks[0];
    let n = doc.findings.iter().filter(|f| f.check == check.id).count();
    let case = suites
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .find(|c| c.original_name == format!("{} — {}", check.id, check.title))
        .expect("a test case per check");
    let failure = case.status.failure_as_ref();
    assert!(failure
        .message
        .starts_with(&format!("{n} constat(s) ouvert(s)")));
    let listed = failure.text.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(listed, n.min(junit::MAX_LISTED));
}

#[test]
fn junit_shows_skipped_checks_and_an_incomplete_scan() {
    let doc = enriched();
    let suites = parse_junit(&doc);
    let sources = &suites.suites[0].cases[0];
    assert!(sources.status.is_failure());
    assert!(sources.status.failure_as_ref().message.contains("pacs"));
    assert_eq!(suites.skipped, 1);
    let skipped: Vec<_> = suites
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .filter(|c| c.status.is_skipped())
        .collect();
    assert_eq!(skipped.len(), 1);
    let hostile = suites
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .find(|c| c.original_name.starts_with(&doc.findings[0].check))
        .unwrap();
    let body = &hostile.status.failure_as_ref().text;
    assert!(body.contains(HOSTILE_NAME), "{body}");
    assert!(
        body.contains("Accès \"admin\" <b> & plus\u{FFFD}\u{FFFD}"),
        "{body}"
    );
}

// ---------------------------------------------------------------- CSV

fn csv_rows(bytes: &[u8]) -> Vec<::csv::StringRecord> {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("UTF-8 BOM first");
    ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body)
        .records()
        .collect::<Result<_, _>>()
        .expect("the csv crate reads it back")
}

#[test]
fn csv_round_trips_with_bom_header_and_neutralised_cells() {
    let doc = sample();
    let rows = csv_rows(&csv::to_bytes(doc).unwrap());
    assert_eq!(rows[0].iter().collect::<Vec<_>>(), csv::HEADER);
    assert_eq!(rows.len() - 1, doc.findings.len());
    for (row, f) in rows[1..].iter().zip(&doc.findings) {
        assert_eq!(&row[0], f.check);
        assert_eq!(&row[6], f.subject);
        assert_eq!(&row[18], f.fingerprint);
    }

    let doc = enriched();
    let rows = csv_rows(&csv::to_bytes(&doc).unwrap());
    let first = &rows[1];
    assert_eq!(&first[7], format!("'{HOSTILE_NAME}"));
    assert_eq!(&first[11], "compte -x → groupe Admins du domaine");
    assert_eq!(&first[13], "nouveau");
    let waived = rows.iter().filter(|r| &r[12] == "dérogé").count();
    assert_eq!(
        waived,
        doc.findings.iter().filter(|f| f.waiver.is_some()).count()
    );
    for row in &rows[1..] {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell {cell:?} is not neutralised"
            );
        }
    }
}

// ---------------------------------------------------------------- XLSX

/// Rows of every axis sheet plus the waived sheet cover every finding.
#[test]
fn xlsx_covers_every_finding() {
    let doc = enriched();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(xlsx::FILE_NAME);
    xlsx::write(&doc, &path).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let mut rows = 0;
    for axis in Axis::ALL {
        rows += wb
            .worksheet_range(&xlsx::axis_sheet_name(axis))
            .unwrap()
            .height()
            - 1;
    }
    assert_eq!(rows, doc.open_findings().count());
    let waived = wb.worksheet_range(xlsx::WAIVED_SHEET).unwrap().height() - 1;
    assert_eq!(rows + waived, doc.findings.len());
    let fixed = wb.worksheet_range(xlsx::FIXED_SHEET).unwrap().height() - 1;
    assert_eq!(fixed, doc.fixed.len());
}

fn soffice() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("soffice"), d.join("libreoffice")])
        .chain([PathBuf::from("/usr/lib/libreoffice/program/soffice")])
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "LibreOffice (soffice) est introuvable : ce test ouvre le plan d'action XLSX dans LibreOffice. \
                 Installer le paquet Debian : `apt-get install -y libreoffice-calc-nogui` \
                 (LibreOffice not found: install libreoffice-calc-nogui)."
            )
        })
}

/// `soffice --headless --convert-to FORMAT` with a fresh profile, bounded
/// in time.
fn convert(input: &Path, format: &str, out: &Path) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            format,
        ])
        .arg("--outdir")
        .arg(out)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("soffice starts");
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "soffice did not finish converting {} in 240 s",
                input.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let stem = input.file_stem().unwrap().to_string_lossy();
    let converted = out.join(format!("{stem}.{format}"));
    assert!(
        converted.is_file(),
        "soffice wrote no {}",
        converted.display()
    );
    converted
}

#[test]
fn xlsx_opens_in_libreoffice() {
    let doc = enriched();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(xlsx::FILE_NAME);
    xlsx::write(&doc, &path).unwrap();
    let out = dir.path().join("converted");
    let ods = convert(&path, "ods", &out);

    let mut wb = open_workbook_auto(&ods).expect("calamine reads LibreOffice's file");
    let mut expected = vec![xlsx::SUMMARY_SHEET.to_string()];
    expected.extend(Axis::ALL.map(xlsx::axis_sheet_name));
    expected.extend(
        [
            xlsx::WAIVED_SHEET,
            xlsx::EXCEPTIONS_SHEET,
            xlsx::FIXED_SHEET,
        ]
        .map(String::from),
    );
    assert_eq!(wb.sheet_names(), expected);

    let summary = wb.worksheet_range(xlsx::SUMMARY_SHEET).unwrap();
    let texts: Vec<String> = summary.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(texts.iter().any(|t| t == "ANALYSE INCOMPLÈTE"));
    assert!(texts.iter().any(|t| t == &doc.scan.establishment.name));

    // The hostile finding is in its axis sheet, as text, never evaluated.
    let f = &doc.findings[0];
    let sheet = wb.worksheet_range(&xlsx::axis_sheet_name(f.axis)).unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, xlsx::PLAN_COLUMNS.map(|(n, _)| n.to_string()));
    let row = sheet
        .rows()
        .find(|r| r[14] == Data::String(f.fingerprint.clone()))
        .expect("the finding's row");
    assert_eq!(row[2], Data::String(f.check.clone()));
    assert_eq!(row[1], Data::String(f.severity.label().into()));
    assert_eq!(row[4], Data::String(f.subject.clone()));
    assert_eq!(row[5], Data::String(format!("'{HOSTILE_NAME}")));
    assert_eq!(row[11], Data::String("ouvert — nouveau".into()));
    let remediation = doc.checks.iter().find(|c| c.id == f.check).unwrap();
    assert_eq!(
        row[9],
        Data::String(vigie::report::cells::unwrap_lines(&remediation.remediation))
    );
    assert_eq!(
        sheet.height() - 1,
        doc.open_findings().filter(|g| g.axis == f.axis).count()
    );
}
