//! French number, percentage, size and date formatting for the report:
//! `12 345` (narrow no-break space), `45,2 %`, `1,4 Mo`, `15/11/2026`.

use chrono::NaiveDate;

/// Narrow no-break space: the French thousands separator.
const NNBSP: char = '\u{202f}';
/// No-break space before `%` and units.
const NBSP: char = '\u{a0}';

/// `12345` → `12 345`.
pub fn int(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(c);
    }
    out
}

/// A decimal with `places` digits after a French comma.
pub fn decimal(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

/// A ratio (0–1) as `45,2 %`.
pub fn percent(ratio: f64) -> String {
    format!("{}{NBSP}%", decimal(ratio * 100.0, 1))
}

/// `n / d` as a percentage, `—` when `d` is zero.
pub fn rate(n: usize, d: usize) -> String {
    if d == 0 {
        "—".into()
    } else {
        percent(n as f64 / d as f64)
    }
}

/// A file size: `812 o`, `12,4 Ko`, `3,1 Mo`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["Ko", "Mo", "Go", "To"];
    if bytes < 1024 {
        return format!("{bytes}{NBSP}o");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{}{NBSP}{}", decimal(v, 1), UNITS[unit])
}

/// `15/11/2026`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A UTC time as `15/11/2026 à 08:30 UTC`.
pub fn datetime(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%d/%m/%Y à %H:%M UTC").to_string()
}

/// `1 jour`, `3 jours`.
pub fn days(n: i64) -> String {
    if n.abs() <= 1 {
        format!("{n}{NBSP}jour")
    } else {
        format!("{}{NBSP}jours", n)
    }
}

/// `1 constat`, `2 constats` for a French noun with a regular plural.
pub fn count(n: usize, singular: &str) -> String {
    plural(n, singular, &format!("{singular}s"))
}

/// `0 constat ouvert`, `1 constat ouvert`, `12 constats ouverts`: the
/// number and the words that agree with it (French: 0 and 1 are singular).
pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    format!("{} {}", int(n), if n <= 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1\u{202f}000");
        assert_eq!(int(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(percent(0.4523), "45,2\u{a0}%");
        assert_eq!(rate(1, 0), "—");
        assert_eq!(size(512), "512\u{a0}o");
        assert_eq!(size(1536), "1,5\u{a0}Ko");
        assert_eq!(size(3 * 1024 * 1024), "3,0\u{a0}Mo");
        assert_eq!(count(1, "constat"), "1 constat");
        assert_eq!(count(2, "constat"), "2 constats");
        assert_eq!(
            plural(0, "constat ouvert", "constats ouverts"),
            "0 constat ouvert"
        );
        assert_eq!(plural(2000, "a", "b"), "2\u{202f}000 b");
        assert_eq!(days(-3), "-3\u{a0}jours");
    }
}
