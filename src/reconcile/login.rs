//! Logins as hospitals write them, and what they say about their owner.
//!
//! [`LoginForm`] strips what is not the person: a domain (`CHD\mdupont`,
//! `mdupont@chd.fr`), case, trailing digits (`mdupont2`), and suffixes the
//! policy lists (`MDupont_Radio`, `mdupont_adm`, `dupontm-ext`). What remains
//! is compared with a person's names by [`LoginForm::matches_name`], which
//! recognises the families of login conventions rather than one hospital's:
//! initial + name (`mdupont`), name + initial (`dupontm`), name.firstname and
//! firstname.name (`marie.dupont`), full names glued, and truncations of
//! both (`MART_DUP`, `DUPOMA`).

use super::normalize::{glued_words, NormFirst, NormName};

/// A login reduced to what may encode a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    /// Lower-cased, without domain, suffix or trailing digits: `mdupont`.
    pub base: String,
    /// Lower-cased, without domain or suffix but with its digits, which
    /// tell namesakes apart (`julienc2`): the key that identifies the same
    /// account across systems.
    pub pivot: String,
    /// Letters of the base, upper-case, separators removed: `MDUPONT`.
    pub letters: String,
    /// Segments split on `.`, `_`, `-`: `["MARIE", "DUPONT"]`.
    pub segments: Vec<String>,
    /// The login reaches the directory limit ([`DIRECTORY_LOGIN_MAX`]) and
    /// ends with a suffix: its pivot may be a cut form of a longer login.
    pub cut: bool,
}

/// Longest directory login (Active Directory `sAMAccountName`).
pub const DIRECTORY_LOGIN_MAX: usize = 20;

/// The forms a directory login takes when a suffix is added to it and the
/// result is cut to [`DIRECTORY_LOGIN_MAX`]: `gregoire.mansouri` gives
/// `gregoire.mansour` for `gregoire.mansour_adm`. Empty for short logins.
pub fn truncated_for_suffixes(pivot: &str, suffixes: &[String]) -> Vec<String> {
    let len = pivot.chars().count();
    let mut out: Vec<String> = suffixes
        .iter()
        .filter_map(|s| DIRECTORY_LOGIN_MAX.checked_sub(s.chars().count() + 1))
        .filter(|&keep| keep >= 8 && keep < len)
        .map(|keep| pivot.chars().take(keep).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

impl LoginForm {
    /// `suffixes` are lower-case words dropped when they end the login after a
    /// separator (from the reconciliation policy).
    pub fn new(login: &str, suffixes: &[String]) -> LoginForm {
        let lower = login.trim().to_lowercase();
        let mut s = lower.as_str();
        if let Some((_, user)) = s.rsplit_once('\\') {
            s = user;
        }
        if let Some((user, _)) = s.split_once('@') {
            s = user;
        }
        let is_suffix = |w: &str| suffixes.iter().any(|x| x == w);
        let (at_limit, user_len) = (s.chars().count() >= DIRECTORY_LOGIN_MAX, s.len());
        let mut pivot = s;
        while let Some(pos) = pivot.rfind(['.', '_', '-']) {
            if is_suffix(&pivot[pos + 1..]) {
                pivot = &pivot[..pos];
            } else {
                break;
            }
        }
        loop {
            let trimmed =
                s.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
            let mut changed = trimmed.len() != s.len();
            s = trimmed;
            if let Some(pos) = s.rfind(['.', '_', '-']) {
                if is_suffix(&s[pos + 1..]) {
                    s = &s[..pos];
                    changed = true;
                }
            }
            if !changed || s.is_empty() {
                break;
            }
        }
        let segments: Vec<String> = s
            .split(['.', '_', '-', ' '])
            .map(glued_words)
            .filter(|p| !p.is_empty())
            .collect();
        LoginForm {
            letters: segments
                .iter()
                .flat_map(|p| p.chars())
                .filter(char::is_ascii_alphabetic)
                .collect(),
            base: s.to_string(),
            cut: at_limit && pivot.len() < user_len,
            pivot: pivot.to_string(),
            segments,
        }
    }

    /// Whether the login is built from these names under a usual convention.
    pub fn matches_name(&self, last: &NormName, first: &NormFirst) -> bool {
        if self.letters.len() < 3 || last.is_empty() {
            return false;
        }
        let lasts = [last.full.as_str(), last.core.as_str()]
            .into_iter()
            .chain(last.tokens.iter().map(String::as_str))
            .filter(|s| s.len() >= 2);
        let firsts = [
            first.full.as_str(),
            first.first_token(),
            first.initials.as_str(),
        ];
        let l = self.letters.as_str();
        for name in lasts {
            // The name alone (plus at most a short suffix already stripped).
            if l == name {
                return true;
            }
            for f in firsts.iter().filter(|f| !f.is_empty()) {
                if split_prefixes(l, f, name, true) || split_prefixes(l, name, f, false) {
                    return true;
                }
            }
        }
        false
    }
}

/// `letters` = a non-empty prefix of `a` followed by a non-empty prefix of
/// `b`, where the last-name side (`b` when `last_is_b`) keeps at least 3
/// letters (or all of it) so that `MD` alone never matches.
fn split_prefixes(letters: &str, a: &str, b: &str, last_is_b: bool) -> bool {
    // `a` starts with `letters[..i]` exactly for the `i` up to their common
    // prefix (`letters` is ASCII, so every `i` is a character boundary).
    let common = letters
        .bytes()
        .zip(a.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    for i in 1..letters.len().min(common + 1) {
        let (x, y) = letters.split_at(i);
        if b.starts_with(y) {
            let (name_part, name) = if last_is_b { (y, b) } else { (x, a) };
            if name_part.len() >= 3.min(name.len()) {
                return true;
            }
        }
    }
    false
}

/// The default suffixes dropped from logins (policy default).
pub fn default_suffixes() -> Vec<String> {
    [
        "adm", "admin", "ext", "tmp", "temp", "old", "bis", "test", "radio", "rad", "labo", "pacs",
        "dpi", "pharma", "ws",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(login: &str, last: &str, first: &str) -> bool {
        LoginForm::new(login, &default_suffixes())
            .matches_name(&NormName::new(last), &NormFirst::new(first))
    }

    #[test]
    fn bases() {
        let s = default_suffixes();
        assert_eq!(LoginForm::new("CHD\\MDupont", &s).base, "mdupont");
        assert_eq!(LoginForm::new("mdupont@chd.fr", &s).base, "mdupont");
        assert_eq!(LoginForm::new("mdupont2", &s).base, "mdupont");
        assert_eq!(LoginForm::new("MDupont_Radio", &s).base, "mdupont");
        assert_eq!(LoginForm::new("mdupont_adm2", &s).base, "mdupont");
        assert_eq!(LoginForm::new("MDupont_Radio", &s).pivot, "mdupont");
        assert_eq!(LoginForm::new("CHD\\julienc2", &s).pivot, "julienc2");
        assert_eq!(
            LoginForm::new("marie.dupont", &s).segments,
            ["MARIE", "DUPONT"]
        );
    }

    #[test]
    fn suffixed_logins_cut_at_the_directory_limit() {
        let s = default_suffixes();
        let cuts = truncated_for_suffixes("gregoire.mansouri", &s);
        assert!(cuts.contains(&"gregoire.mansour".to_string()), "{cuts:?}");
        let adm = LoginForm::new("gregoire.mansour_adm", &s);
        assert!(adm.cut && cuts.contains(&adm.pivot));
        assert!(!LoginForm::new("camille.coeuret", &s).cut);
        assert!(!LoginForm::new("mdupont_adm", &s).cut);
        assert!(truncated_for_suffixes("mdupont", &s).is_empty());
    }

    #[test]
    fn conventions() {
        assert!(m("mdupont", "Dupont", "Marie"));
        assert!(m("dupontm", "Dupont", "Marie"));
        assert!(m("marie.dupont", "Dupont", "Marie"));
        assert!(m("dupont.marie", "Dupont", "Marie"));
        assert!(m("MART_DUP", "Dupont", "Martine"));
        assert!(m("DUPOMA", "Dupont", "Marie"));
        assert!(m("MDupont_Radio", "Dupont", "Marie"));
        assert!(m("mhdupont", "Dupont", "Marie-Hélène"));
        assert!(m("ndiaye.o", "N'Diaye", "Œdipe"));
        assert!(m("jdelafontaine", "de La Fontaine", "Jean"));
        assert!(m("jfontaine", "de La Fontaine", "Jean"));
    }

    #[test]
    fn non_matches() {
        assert!(!m("mdurand", "Dupont", "Marie"));
        assert!(!m("pdupont", "Dupont", "Marie"));
        assert!(!m("md", "Dupont", "Marie"));
        assert!(!m("urgences", "Dupont", "Marie"));
        assert!(!m("jmartin", "Dupont", "Jean"));
    }
}
