//! Application account exports: the DPI's (UTF-8 with BOM, `;`, CRLF,
//! one row per login and unit, profiles joined with `,`), the PACS's
//! (an XLSX workbook with real Excel dates) and the lab system's (UTF-8
//! without BOM, `,`, ISO dates).

use super::hr_csv::line;
use super::world::{Account, Source, World};
use super::{Error, Output};
use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

pub(crate) const DPI_PATH: &str = "dpi/utilisateurs.csv";
pub(crate) const PACS_PATH: &str = "pacs/utilisateurs.xlsx";
pub(crate) const LABO_PATH: &str = "labo/comptes.csv";
pub(crate) const PACS_SHEET: &str = "Utilisateurs";

pub(crate) const DPI_COLUMNS: [&str; 9] = [
    "Identifiant",
    "Nom",
    "Prénom",
    "RPPS",
    "Profil(s)",
    "UF",
    "Actif",
    "Date de création",
    "Dernière connexion",
];
pub(crate) const PACS_COLUMNS: [&str; 8] = [
    "Login",
    "Nom",
    "Prénom",
    "Rôle",
    "Service",
    "Statut",
    "Dernière connexion",
    "Créé le",
];
pub(crate) const LABO_COLUMNS: [&str; 9] = [
    "login",
    "nom",
    "prenom",
    "matricule",
    "profil",
    "service",
    "actif",
    "date_creation",
    "derniere_connexion",
];

fn of(w: &World, source: Source) -> impl Iterator<Item = &Account> {
    w.accounts.iter().filter(move |a| a.source == source)
}

pub(crate) fn write_dpi(w: &World, out: &mut Output) -> Result<(), Error> {
    let mut text = String::from("\u{feff}");
    line(&mut text, &DPI_COLUMNS, ';', "\r\n");
    for a in of(w, Source::Dpi) {
        let created = a.created.format("%d/%m/%Y").to_string();
        let last = a
            .last_logon
            .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_default();
        for row in &a.rows {
            let unit = row.unit.map(|u| w.org.units[u].code.as_str()).unwrap_or("");
            let profiles = row.profiles.join(",");
            let fields = [
                a.login.as_str(),
                &a.last_name,
                &a.first_name,
                a.rpps.as_deref().unwrap_or(""),
                &profiles,
                unit,
                if a.enabled { "Oui" } else { "Non" },
                &created,
                &last,
            ];
            line(&mut text, &fields, ';', "\r\n");
        }
    }
    out.write(DPI_PATH, text.as_bytes())
}

fn excel(t: NaiveDateTime) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

pub(crate) fn write_pacs(w: &World, out: &mut Output) -> Result<(), Error> {
    let path = out.path(PACS_PATH);
    let xerr = |e: rust_xlsxwriter::XlsxError| Error::Xlsx {
        path: path.clone(),
        message: e.to_string(),
    };
    let mut book = Workbook::new();
    // A fixed creation time keeps the file byte-identical between runs.
    let created = excel(w.as_of_time()).map_err(xerr)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("Export PACS"),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(PACS_SHEET).map_err(xerr)?;
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let day = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in PACS_COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xerr)?;
    }
    for (c, width) in [18.0, 18.0, 16.0, 14.0, 30.0, 9.0, 18.0, 12.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *width).map_err(xerr)?;
    }
    for (i, a) in of(w, Source::Pacs).enumerate() {
        let row = i as u32 + 1;
        let role = a
            .rows
            .first()
            .and_then(|r| r.profiles.first())
            .copied()
            .unwrap_or("");
        let service = a.unit.map(|u| w.org.units[u].label.as_str()).unwrap_or("");
        sheet.write_string(row, 0, &a.login).map_err(xerr)?;
        sheet.write_string(row, 1, &a.last_name).map_err(xerr)?;
        sheet.write_string(row, 2, &a.first_name).map_err(xerr)?;
        sheet.write_string(row, 3, role).map_err(xerr)?;
        sheet.write_string(row, 4, service).map_err(xerr)?;
        sheet
            .write_string(row, 5, if a.enabled { "Actif" } else { "Inactif" })
            .map_err(xerr)?;
        if let Some(t) = a.last_logon {
            sheet
                .write_datetime_with_format(row, 6, &excel(t).map_err(xerr)?, &when)
                .map_err(xerr)?;
        }
        let c = excel(a.created.date().and_hms_opt(0, 0, 0).unwrap_or(a.created)).map_err(xerr)?;
        sheet
            .write_datetime_with_format(row, 7, &c, &day)
            .map_err(xerr)?;
    }
    sheet
        .autofilter(0, 0, 0, PACS_COLUMNS.len() as u16 - 1)
        .map_err(xerr)?;
    let bytes = book.save_to_buffer().map_err(xerr)?;
    out.write(PACS_PATH, &bytes)
}

pub(crate) fn write_labo(w: &World, out: &mut Output) -> Result<(), Error> {
    let mut text = String::new();
    line(&mut text, &LABO_COLUMNS, ',', "\n");
    for a in of(w, Source::Labo) {
        let created = a.created.format("%Y-%m-%d").to_string();
        let last = a
            .last_logon
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        let profile = a
            .rows
            .first()
            .and_then(|r| r.profiles.first())
            .copied()
            .unwrap_or("");
        let unit = a.unit.map(|u| w.org.units[u].code.as_str()).unwrap_or("");
        let fields = [
            a.login.as_str(),
            &a.last_name,
            &a.first_name,
            a.employee_id.as_deref().unwrap_or(""),
            profile,
            unit,
            if a.enabled { "1" } else { "0" },
            &created,
            &last,
        ];
        line(&mut text, &fields, ',', "\n");
    }
    out.write(LABO_PATH, text.as_bytes())
}
