//! Login conventions of each system, which is why the same person is
//! `mdupont` in AD, `MARI_DUP` in the DPI, `MDupont_Radio` in the PACS and
//! `dupmar` in the lab system. Conventions changed over the years, and a
//! taken login gets a numeric suffix (`mdupont2`).

use super::names::{login_part, pascal};
use std::collections::HashSet;

/// Logins already used in one system (compared case-insensitively).
#[derive(Default)]
pub(crate) struct Taken {
    used: HashSet<String>,
}

impl Taken {
    /// Reserves `login` as is; false when already taken.
    pub(crate) fn reserve(&mut self, login: &str) -> bool {
        self.used.insert(login.to_lowercase())
    }

    /// `prefix` + `suffix`, with 2, 3… inserted between them until free;
    /// `prefix` is cut so the whole stays within `max_len` characters.
    pub(crate) fn claim(&mut self, prefix: &str, suffix: &str, max_len: usize) -> String {
        let room = max_len.saturating_sub(suffix.len()).max(1);
        let cut = |n: usize| -> String {
            let s: String = prefix.chars().take(n).collect();
            s.trim_end_matches(['.', '_', '-']).to_string()
        };
        let base = cut(room);
        let first = format!("{base}{suffix}");
        if self.reserve(&first) {
            return first;
        }
        for n in 2u64.. {
            let tag = n.to_string();
            let candidate = format!(
                "{}{tag}{suffix}",
                cut(room.saturating_sub(tag.len()).max(1))
            );
            if self.reserve(&candidate) {
                return candidate;
            }
        }
        unreachable!("an unbounded range always yields a free login")
    }
}

/// AD sAMAccountName prefix by creation era: `dupontm` before 2012,
/// `mdupont` until 2019, `marie.dupont` since.
pub(crate) fn ad_prefix(first: &str, last: &str, year: i32) -> String {
    let f = login_part(first);
    let l = login_part(last);
    let initial: String = f.chars().take(1).collect();
    if year < 2012 {
        format!("{l}{initial}")
    } else if year < 2020 {
        format!("{initial}{l}")
    } else {
        format!("{f}.{l}")
    }
}

/// DPI login: `DUPONTM` before 2018, then `MARI_DUP`.
pub(crate) fn dpi_prefix(first: &str, last: &str, year: i32) -> String {
    let f = login_part(first).to_uppercase();
    let l = login_part(last).to_uppercase();
    if year < 2018 {
        let l7: String = l.chars().take(7).collect();
        format!("{l7}{}", f.chars().next().unwrap_or('X'))
    } else {
        let f4: String = f.chars().take(4).collect();
        let l3: String = l.chars().take(3).collect();
        format!("{f4}_{l3}")
    }
}

/// PACS login: `MDupont` (+ `_Radio` for the imaging department).
pub(crate) fn pacs_prefix(first: &str, last: &str) -> String {
    let initial: String = pascal(first).chars().take(1).collect();
    format!("{initial}{}", pascal(last))
}

/// Lab login: three letters of the last name, three of the first name.
pub(crate) fn labo_prefix(first: &str, last: &str) -> String {
    let l: String = login_part(last).chars().take(3).collect();
    let f: String = login_part(first).chars().take(3).collect();
    format!("{l}{f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        assert_eq!(ad_prefix("Marie", "Dupont", 2008), "dupontm");
        assert_eq!(ad_prefix("Marie", "Dupont", 2015), "mdupont");
        assert_eq!(
            ad_prefix("Marie-Hélène", "Le Goff", 2023),
            "mariehelene.legoff"
        );
        assert_eq!(dpi_prefix("Martine", "Dupont", 2021), "MART_DUP");
        assert_eq!(dpi_prefix("Martine", "Dupont", 2010), "DUPONTM");
        assert_eq!(pacs_prefix("Marie", "Dupont"), "MDupont");
        assert_eq!(labo_prefix("Marie", "Dupont"), "dupmar");
    }

    #[test]
    fn suffixes_keep_logins_unique_and_short() {
        let mut t = Taken::default();
        assert_eq!(t.claim("mdupont", "", 20), "mdupont");
        assert_eq!(t.claim("MDupont", "", 20), "MDupont2");
        assert_eq!(t.claim("mdupont", "_adm", 20), "mdupont_adm");
        let long = "abcdefghijklmnopqrstuvwxyz";
        let a = t.claim(long, "", 20);
        let b = t.claim(long, "", 20);
        assert_eq!(a.len(), 20);
        assert_eq!(b.len(), 20);
        assert_ne!(a, b);
        assert_eq!(
            t.claim("presta.jeanfrancois.martin", "", 20),
            "presta.jeanfrancois"
        );
    }
}
