//! sirh, accounts and applications sources on real-world file variants.

use crate::support::{fixture, read, rendered};
use chrono::NaiveDate;
use vigie::config::FileFormat;
use vigie::diag::{Code, Level};
use vigie::model::{ContractType, PersonStatus, RightKind, Sex};
use vigie::source::SourceKind;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn sirh_windows_1252_semicolon_crlf_with_quoted_breaks() {
    let r = read(
        SourceKind::Sirh,
        &fixture("tabular/sirh_cp1252.csv"),
        |_| {},
    );
    assert!(!r.diagnostics.has_errors(), "{}", rendered(&r));
    assert_eq!(r.read_as["encodage"], "windows-1252");
    assert_eq!(r.read_as["séparateur"], "« ; »");
    let p = &r.batch.persons;
    assert_eq!(p.len(), 5, "duplicate matricule folded into one person");
    assert_eq!(p[0].employee_number, "000123");
    assert_eq!(p[0].id, "src:000123");
    assert_eq!(p[0].usage_name.as_deref(), Some("MARTIN"));
    assert_eq!(p[0].first_names.as_deref(), Some("Marie Hélène"));
    assert_eq!(p[0].birth_date, date(1972, 3, 5));
    assert_eq!(p[0].sex, Some(Sex::Female));
    assert_eq!(p[0].contract, Some(ContractType::Permanent));
    assert_eq!(p[0].status, Some(PersonStatus::Active));
    assert_eq!(p[0].manager.as_deref(), Some("000900"));
    assert_eq!(p[0].provenance.line, Some(2));
    // dd/mm/yy, Excel serial, quoted ';' in a label, Œ ligature.
    assert_eq!(p[1].first_names.as_deref(), Some("Œdipe"));
    assert_eq!(p[1].birth_date, date(1985, 11, 12));
    assert_eq!(p[1].arrival_date, date(2024, 3, 5));
    assert_eq!(
        p[1].unit_label.as_deref(),
        Some("Cardiologie; soins intensifs")
    );
    // A quoted line break inside a field: the record starts on line 5 and
    // the next record's line number accounts for it.
    assert_eq!(
        p[2].profession_label.as_deref(),
        Some("Secrétaire\r\nmédicale")
    );
    assert_eq!(p[2].provenance.line, Some(5));
    assert_eq!(p[2].birth_date, None);
    assert_eq!(p[2].end_date, date(2026, 12, 31));
    assert_eq!(p[2].contract, Some(ContractType::FixedTerm));
    // The most recent of two rows for the same matricule is kept.
    assert_eq!(p[3].employee_number, "000126");
    assert_eq!(p[3].arrival_date, date(2026, 10, 1));
    assert_eq!(p[3].provenance.line, Some(8));
    assert_eq!(p[3].status, Some(PersonStatus::Departed));
    assert_eq!(p[3].contract, Some(ContractType::Interim));
    assert_eq!(r.records_skipped, 1);
    // An unknown contract label is kept raw and reported once as a warning.
    assert_eq!(p[4].contract, None);
    assert_eq!(p[4].contract_raw.as_deref(), Some("Bénévolat"));
    let warnings: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Warning)
        .collect();
    assert_eq!(warnings.len(), 2, "{}", rendered(&r));
    assert!(
        rendered(&r).contains("type de contrat « Bénévolat » non reconnu"),
        "{}",
        rendered(&r)
    );
    assert!(rendered(&r).contains("[source.values.contract_type]"));
    assert_eq!(r.inputs.len(), 1);
    assert_eq!(r.inputs[0].sha256.len(), 64);
}

#[test]
fn sirh_vocabulary_can_be_extended_per_source() {
    let r = read(SourceKind::Sirh, &fixture("tabular/sirh_cp1252.csv"), |s| {
        s.values
            .entry("contract_type".into())
            .or_default()
            .insert("benevolat".into(), "other".into());
    });
    assert_eq!(r.batch.persons[4].contract, Some(ContractType::Other));
    assert!(!rendered(&r).contains("non reconnu"), "{}", rendered(&r));
}

#[test]
fn accounts_utf8_bom_repeated_logins_are_merged_with_scoped_profiles() {
    let r = read(SourceKind::Accounts, &fixture("tabular/dpi_bom.csv"), |s| {
        s.application = Some("dpi".into());
    });
    assert!(!r.diagnostics.has_errors(), "{}", rendered(&r));
    assert_eq!(r.read_as["encodage"], "utf-8 (BOM)");
    let a = &r.batch.accounts;
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].id, "src:mart_dup");
    assert_eq!(a[0].login, "MART_DUP");
    assert_eq!(a[0].application.as_deref(), Some("dpi"));
    assert_eq!(a[0].enabled, Some(true));
    assert_eq!(a[0].last_logon.unwrap().to_string(), "2026-11-21 07:02:00");
    assert_eq!(a[1].enabled, Some(false));
    assert_eq!(a[1].rpps.as_deref(), Some("810001045367"));
    assert_eq!(a[1].last_logon, None);
    let profiles: Vec<&str> = r.batch.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        profiles,
        ["IDE", "Consultation seule", "Médecin prescripteur"]
    );
    let rights: Vec<(&str, Option<&str>)> = r
        .batch
        .rights
        .iter()
        .filter(|r| r.account == "src:mart_dup")
        .map(|r| (r.target.as_str(), r.scope.as_deref()))
        .collect();
    assert_eq!(
        rights,
        [
            ("src:ide", Some("2001")),
            ("src:ide", Some("2002")),
            ("src:consultation seule", Some("2002"))
        ]
    );
    assert!(r.batch.rights.iter().all(|r| r.kind == RightKind::Profile));
    assert_eq!(r.read_as["lignes fusionnées (même identifiant)"], "1");
}

#[test]
fn accounts_from_an_openpyxl_workbook_with_title_rows() {
    let path = fixture("tabular/pacs_openpyxl.xlsx");
    let r = read(SourceKind::Accounts, &path, |s| {
        s.application = Some("pacs".into());
        s.format = FileFormat::Spreadsheet;
        s.columns.insert("profiles".into(), "Rôle".into());
        s.columns.insert("enabled".into(), "Statut".into());
        s.columns.insert("created".into(), "Créé le".into());
    });
    assert!(!r.diagnostics.has_errors(), "{}", rendered(&r));
    assert_eq!(r.read_as["feuille"], "Utilisateurs");
    let a = &r.batch.accounts;
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].login, "MDupont_Radio");
    assert_eq!(a[0].provenance.sheet.as_deref(), Some("Utilisateurs"));
    assert_eq!(a[0].provenance.row, Some(4));
    assert_eq!(a[0].last_logon.unwrap().to_string(), "2026-11-20 08:30:00");
    assert_eq!(
        a[0].created.unwrap().date(),
        NaiveDate::from_ymd_opt(2019, 5, 2).unwrap()
    );
    assert_eq!(
        a[1].rpps.as_deref(),
        Some("10104335319"),
        "numeric cell read without .0"
    );
    assert_eq!(a[1].enabled, Some(false));
    assert_eq!(a[2].last_name, None);
    assert_eq!(r.batch.profiles.len(), 3);
}

#[test]
fn workbook_sheet_is_chosen_by_name_and_missing_sheet_is_reported() {
    let path = fixture("tabular/pacs_openpyxl.xlsx");
    let r = read(SourceKind::Accounts, &path, |s| {
        s.application = Some("pacs".into());
        s.format = FileFormat::Spreadsheet;
        s.sheet = Some("Comptes".into());
    });
    let d = r.diagnostics.iter().next().unwrap();
    assert_eq!(d.code, Code::MissingColumn);
    assert!(d.to_string().contains("feuille « Comptes » absente"), "{d}");
    assert!(d.to_string().contains("Utilisateurs, Légende"), "{d}");
}

#[test]
fn applications_tab_separated_with_slug_ids_and_numbers() {
    let r = read(
        SourceKind::Applications,
        &fixture("tabular/applications.tsv"),
        |_| {},
    );
    assert!(!r.diagnostics.has_errors(), "{}", rendered(&r));
    assert_eq!(r.read_as["séparateur"], "tabulation");
    let apps = &r.batch.applications;
    assert_eq!(apps.len(), 3);
    assert_eq!(apps[0].id, "dpi");
    assert_eq!(apps[0].criticality.as_deref(), Some("CRITIQUE"));
    assert_eq!(apps[0].sso, Some(false));
    assert_eq!(apps[0].oidc_possible, Some(true));
    assert_eq!(apps[0].user_count, Some(1200));
    assert_eq!(apps[0].health_data, Some(true));
    assert_eq!(apps[2].id, "messagerie-securisee");
}
