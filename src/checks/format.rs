//! French rendering of values in messages and evidence: dates as
//! `15/11/2026` (filter `date_fr` in check messages; evidence values that
//! are ISO dates are shown the same way).

use chrono::NaiveDate;

/// `2026-11-15` → `15/11/2026`; anything else → `None`.
pub fn french_date(s: &str) -> Option<String> {
    let d = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    (s.len() == 10).then(|| d.format("%d/%m/%Y").to_string())
}

/// The `date_fr` filter: an ISO date → French form; other values unchanged
/// (none stays « — »).
pub fn date_fr(v: minijinja::Value) -> String {
    if v.is_none() || v.is_undefined() {
        return "—".into();
    }
    match v.as_str() {
        Some(s) => french_date(s).unwrap_or_else(|| s.to_string()),
        None => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(french_date("2026-11-05").as_deref(), Some("05/11/2026"));
        assert_eq!(french_date("2026-11-05T10:00"), None);
        assert_eq!(french_date("mdupont"), None);
        assert_eq!(date_fr(minijinja::Value::from(())), "—");
        assert_eq!(date_fr(minijinja::Value::from("2026-01-31")), "31/01/2026");
        assert_eq!(date_fr(minijinja::Value::from(12)), "12");
    }
}
