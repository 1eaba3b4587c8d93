//! Cell values → typed values: dates, booleans, sex, contract types and HR
//! statuses, as French hospitals' exports write them.
//!
//! Dates accepted: ISO (`2024-03-05`, with `T` or space and a time, with or
//! without zone), day-first or month-first with `/`, `-` or `.` and 4- or
//! 2-digit years (2-digit years follow Excel's rule: 00–29 → 20xx, 30–99 →
//! 19xx), an optional time with seconds and AM/PM, compact `20240305`, and
//! Excel serial numbers (`45356`, `45356.5`).
//!
//! Vocabularies (contract, status, booleans) have documented defaults below;
//! each source can add or override entries in `[source.values.<field>]`.

use crate::model::{ContractType, PersonStatus, Sex};
use crate::text::fold_key;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::BTreeMap;

/// A value that no accepted form reads; the caller reports it with its
/// file, line and field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// How to read `01/02/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Day first (French exports): 1 February.
    Dmy,
    /// Month first (English-locale PowerShell): 2 January.
    Mdy,
    /// Decided per file from its values (see [`detect_order`]).
    Auto,
}

impl DateOrder {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            "auto" => Some(DateOrder::Auto),
            _ => None,
        }
    }
}

/// The French description of accepted date forms, for error help.
pub const DATE_HELP: &str =
    "formats acceptés : jj/mm/aaaa, jj/mm/aa, aaaa-mm-jj (avec ou sans heure), \
     aaaammjj, numéro de série Excel ; l'ordre jour/mois se règle avec date_order";

/// Reads a date and time; empty → `Ok(None)`.
pub fn parse_datetime(raw: &str, order: DateOrder) -> Result<Option<NaiveDateTime>, Unreadable> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(dt) = parse_iso(s) {
        return Ok(Some(dt));
    }
    if let Some(dt) = parse_numeric_day(s, order) {
        return Ok(Some(dt));
    }
    if let Some(dt) = parse_compact(s).or_else(|| parse_excel_serial(s)) {
        return Ok(Some(dt));
    }
    Err(Unreadable)
}

/// Reads a date (any time part is dropped); empty → `Ok(None)`.
pub fn parse_date(raw: &str, order: DateOrder) -> Result<Option<NaiveDate>, Unreadable> {
    parse_datetime(raw, order).map(|o| o.map(|dt| dt.date()))
}

fn parse_iso(s: &str) -> Option<NaiveDateTime> {
    if s.len() < 10 || s.as_bytes()[4] != b'-' {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_utc());
    }
    let s = s.trim_end_matches('Z');
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::MIN))
}

/// `d/m/y [h:m[:s]] [AM|PM]` with `/`, `-` or `.` between date parts.
fn parse_numeric_day(s: &str, order: DateOrder) -> Option<NaiveDateTime> {
    let (date_part, time_part) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let sep = date_part.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = date_part.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let a: u32 = parts[0].parse().ok()?;
    let b: u32 = parts[1].parse().ok()?;
    let y: i32 = parts[2].parse().ok()?;
    let year = match parts[2].len() {
        4 => y,
        2 if y < 30 => 2000 + y,
        2 => 1900 + y,
        _ => return None,
    };
    let (day, month) = match order {
        DateOrder::Mdy => (b, a),
        DateOrder::Dmy | DateOrder::Auto => (a, b),
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = match time_part {
        None | Some("") => NaiveTime::MIN,
        Some(t) => parse_time(t)?,
    };
    Some(date.and_time(time))
}

fn parse_time(t: &str) -> Option<NaiveTime> {
    let upper = t.to_ascii_uppercase();
    let (clock, pm) = if let Some(c) = upper.strip_suffix("PM") {
        (c.trim(), Some(true))
    } else if let Some(c) = upper.strip_suffix("AM") {
        (c.trim(), Some(false))
    } else {
        (upper.trim(), None)
    };
    let mut it = clock.split(':');
    let mut h: u32 = it.next()?.trim().parse().ok()?;
    let m: u32 = it.next()?.trim().parse().ok()?;
    let sec: f64 = it.next().map_or(Ok(0.0), |x| x.trim().parse()).ok()?;
    if it.next().is_some() {
        return None;
    }
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m, sec as u32)
}

fn parse_compact(s: &str) -> Option<NaiveDateTime> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d = NaiveDate::parse_from_str(s, "%Y%m%d").ok()?;
    (1900..=2100)
        .contains(&chrono::Datelike::year(&d))
        .then(|| d.and_time(NaiveTime::MIN))
}

/// Excel's 1900 date system: serial 1 = 1900-01-01, with the phantom
/// 29/02/1900 (so the epoch is 1899-12-30 for every realistic date).
pub fn parse_excel_serial(s: &str) -> Option<NaiveDateTime> {
    let v: f64 = s.replace(',', ".").parse().ok()?;
    if !(1.0..=2_958_465.0).contains(&v) {
        return None;
    }
    excel_serial_to_datetime(v)
}

pub fn excel_serial_to_datetime(v: f64) -> Option<NaiveDateTime> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let days = v.trunc() as i64;
    let secs = ((v - v.trunc()) * 86_400.0).round() as i64;
    Some(epoch + Duration::days(days) + Duration::seconds(secs))
}

/// Decides day-first or month-first from a column's values: a first part above
/// 12 means day-first, a second part above 12 or an AM/PM marker means
/// month-first. `None` when nothing tells (all parts ≤ 12).
pub fn detect_order<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DateOrder> {
    let (mut dmy, mut mdy) = (0usize, 0usize);
    for v in values {
        let v = v.trim();
        let upper = v.to_ascii_uppercase();
        if upper.ends_with("AM") || upper.ends_with("PM") {
            mdy += 1;
        }
        let date = v.split([' ', 'T']).next().unwrap_or("");
        let Some(sep) = date.chars().find(|c| matches!(c, '/' | '.')) else {
            continue;
        };
        let parts: Vec<u32> = date.split(sep).filter_map(|p| p.parse().ok()).collect();
        if parts.len() == 3 {
            if parts[0] > 12 {
                dmy += 1;
            } else if parts[1] > 12 {
                mdy += 1;
            }
        }
    }
    match (dmy, mdy) {
        (0, 0) => None,
        (d, m) if d >= m => Some(DateOrder::Dmy),
        _ => Some(DateOrder::Mdy),
    }
}

/// Looks a raw value up in the source's own map (keys are [`fold_key`]ed).
pub fn lookup<'m>(map: Option<&'m BTreeMap<String, String>>, raw: &str) -> Option<&'m str> {
    map.and_then(|m| m.get(&fold_key(raw))).map(String::as_str)
}

/// Default boolean words: oui/non, vrai/faux, true/false, 1/0, o/n, y/n,
/// actif/inactif, activé/désactivé, enabled/disabled.
pub fn parse_bool(
    raw: &str,
    map: Option<&BTreeMap<String, String>>,
) -> Result<Option<bool>, Unreadable> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(v) = lookup(map, s) {
        return Ok(Some(v == "true"));
    }
    match fold_key(s).as_str() {
        "oui" | "o" | "vrai" | "true" | "1" | "y" | "yes" | "actif" | "active" | "active e"
        | "enabled" | "valide" | "x" => Ok(Some(true)),
        "non" | "n" | "faux" | "false" | "0" | "no" | "inactif" | "inactive" | "desactive"
        | "desactivee" | "disabled" | "bloque" | "suspendu" => Ok(Some(false)),
        "active(e)" | "activee" => Ok(Some(true)),
        _ => Err(Unreadable),
    }
}

/// Default sex words: F/Femme/Féminin/2/Mme, M/H/Homme/Masculin/1/M.
pub fn parse_sex(raw: &str) -> Result<Option<Sex>, Unreadable> {
    match fold_key(raw).trim_end_matches('.') {
        "" => Ok(None),
        "f" | "femme" | "feminin" | "2" | "mme" | "madame" | "female" | "w" => {
            Ok(Some(Sex::Female))
        }
        "m" | "h" | "homme" | "masculin" | "1" | "monsieur" | "male" | "mr" => Ok(Some(Sex::Male)),
        _ => Err(Unreadable),
    }
}

/// Default contract vocabulary. Order matters: a probationary civil servant
/// (« stagiaire de la fonction publique ») is permanent, not a student.
pub fn default_contract(raw: &str) -> Option<ContractType> {
    let k = fold_key(raw);
    let has = |w: &str| k.split(|c: char| !c.is_alphanumeric()).any(|t| t == w);
    let contains = |w: &str| k.contains(w);
    if k.is_empty() {
        return None;
    }
    if contains("fonction publique")
        || has("fph")
        || has("titulaire")
        || has("cdi")
        || contains("duree indeterminee")
        || has("fonctionnaire")
        || contains("praticien hospitalier")
    {
        return Some(ContractType::Permanent);
    }
    if contains("interim") {
        return Some(ContractType::Interim);
    }
    if has("interne")
        || has("ffi")
        || contains("faisant fonction d'interne")
        || contains("docteur junior")
    {
        return Some(ContractType::Resident);
    }
    if has("stagiaire")
        || has("stage")
        || has("etudiant")
        || has("etudiante")
        || has("externe")
        || has("apprenti")
        || has("alternant")
    {
        return Some(ContractType::Trainee);
    }
    if has("prestataire")
        || contains("sous traitant")
        || has("consultant")
        || contains("societe exterieure")
        || has("tiers")
    {
        return Some(ContractType::Contractor);
    }
    if has("vacataire") || has("vacation") || has("vacations") {
        return Some(ContractType::Casual);
    }
    if has("cdd")
        || has("contractuel")
        || has("contractuelle")
        || contains("duree determinee")
        || contains("remplacement")
        || contains("praticien attache")
        || contains("assistant specialiste")
    {
        return Some(ContractType::FixedTerm);
    }
    None
}

/// Default HR status vocabulary.
pub fn default_status(raw: &str) -> Option<PersonStatus> {
    let k = fold_key(raw);
    let has = |w: &str| k.contains(w);
    if k.is_empty() {
        return None;
    }
    if has("suspen")
        || has("disponibilite")
        || has("conge")
        || has("cld")
        || has("clm")
        || has("detache")
        || has("absence longue")
    {
        return Some(PersonStatus::Suspended);
    }
    if has("inactif")
        || has("sorti")
        || has("parti")
        || has("depart")
        || has("radie")
        || has("demission")
        || has("retraite")
        || has("fin de contrat")
        || has("licenci")
        || has("decede")
        || has("mute")
        || has("mutation")
        || k == "s"
        || k == "i"
    {
        return Some(PersonStatus::Departed);
    }
    if has("actif")
        || has("active")
        || has("en poste")
        || has("activite")
        || has("present")
        || k == "a"
    {
        return Some(PersonStatus::Active);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn french_and_iso_dates() {
        let o = DateOrder::Dmy;
        assert_eq!(parse_date("05/03/2024", o), Ok(Some(d(2024, 3, 5))));
        assert_eq!(parse_date("5/3/24", o), Ok(Some(d(2024, 3, 5))));
        assert_eq!(parse_date("05/03/62", o), Ok(Some(d(1962, 3, 5))));
        assert_eq!(parse_date("05.03.2024", o), Ok(Some(d(2024, 3, 5))));
        assert_eq!(parse_date("2024-03-05", o), Ok(Some(d(2024, 3, 5))));
        assert_eq!(
            parse_date("2024-03-05T14:30:00", o),
            Ok(Some(d(2024, 3, 5)))
        );
        assert_eq!(parse_date("2024-03-05 14:30", o), Ok(Some(d(2024, 3, 5))));
        assert_eq!(
            parse_date("2024-03-05T23:30:00+02:00", o),
            Ok(Some(d(2024, 3, 5)))
        );
        assert_eq!(parse_date("20240305", o), Ok(Some(d(2024, 3, 5))));
        assert_eq!(parse_date("  ", o), Ok(None));
        assert_eq!(parse_date("31/02/2024", o), Err(Unreadable));
        assert_eq!(parse_date("hier", o), Err(Unreadable));
    }

    #[test]
    fn datetimes_with_time_and_am_pm() {
        let dt = parse_datetime("25/03/2024 14:05:12", DateOrder::Dmy)
            .unwrap()
            .unwrap();
        assert_eq!(dt.to_string(), "2024-03-25 14:05:12");
        let dt = parse_datetime("3/25/2024 2:05:12 PM", DateOrder::Mdy)
            .unwrap()
            .unwrap();
        assert_eq!(dt.to_string(), "2024-03-25 14:05:12");
        let dt = parse_datetime("3/25/2024 12:05:00 AM", DateOrder::Mdy)
            .unwrap()
            .unwrap();
        assert_eq!(dt.to_string(), "2024-03-25 00:05:00");
    }

    #[test]
    fn excel_serials() {
        assert_eq!(parse_date("45356", DateOrder::Dmy), Ok(Some(d(2024, 3, 5))));
        let dt = parse_datetime("45356.5", DateOrder::Dmy).unwrap().unwrap();
        assert_eq!(dt.to_string(), "2024-03-05 12:00:00");
    }

    #[test]
    fn order_detection() {
        assert_eq!(
            detect_order(["01/02/2024", "25/03/2024"]),
            Some(DateOrder::Dmy)
        );
        assert_eq!(
            detect_order(["01/02/2024", "3/25/2024"]),
            Some(DateOrder::Mdy)
        );
        assert_eq!(detect_order(["1/2/2024 10:00:00 AM"]), Some(DateOrder::Mdy));
        assert_eq!(detect_order(["01/02/2024"]), None);
    }

    #[test]
    fn contracts() {
        use ContractType::*;
        for (raw, want) in [
            ("CDI", Permanent),
            ("Titulaire", Permanent),
            ("Stagiaire de la fonction publique", Permanent),
            ("CDD", FixedTerm),
            ("Contractuel", FixedTerm),
            ("Intérim", Interim),
            ("INTERIMAIRE", Interim),
            ("Stagiaire", Trainee),
            ("Étudiant", Trainee),
            ("Interne", Resident),
            ("FFI", Resident),
            ("Prestataire", Contractor),
            ("Vacataire", Casual),
        ] {
            assert_eq!(default_contract(raw), Some(want), "{raw}");
        }
        assert_eq!(default_contract("Bénévole"), None);
    }

    #[test]
    fn statuses_and_booleans() {
        assert_eq!(default_status("Actif"), Some(PersonStatus::Active));
        assert_eq!(default_status("Inactif"), Some(PersonStatus::Departed));
        assert_eq!(default_status("Sorti"), Some(PersonStatus::Departed));
        assert_eq!(
            default_status("Disponibilité"),
            Some(PersonStatus::Suspended)
        );
        assert_eq!(parse_bool("Oui", None), Ok(Some(true)));
        assert_eq!(parse_bool("FALSE", None), Ok(Some(false)));
        assert_eq!(parse_bool("peut-être", None), Err(Unreadable));
        let mut map = BTreeMap::new();
        map.insert("a".to_string(), "true".to_string());
        assert_eq!(parse_bool("A", Some(&map)), Ok(Some(true)));
    }
}
