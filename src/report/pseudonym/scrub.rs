//! Finding and replacing personal names in free text: known names and
//! logins (Aho-Corasick, ASCII case-insensitive, whole words only), then
//! « NOM Prénom » forms, then long digit runs. Spans are found on the
//! original text and never overlap, so a pseudonym is never rewritten.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// « DUPONT Marie », « LE GALL Jean-Pierre », « D'ARC Jeanne Marie ».
static UPPER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b\p{Lu}[\p{Lu}'’\-]*\p{Lu}(?:[ \-]\p{Lu}[\p{Lu}'’\-]*\p{Lu})*(?: \p{Lu}\p{Ll}[\p{Ll}'’]*(?:-\p{Lu}\p{Ll}+)*)+",
    )
    .expect("static regex")
});

/// Matricules, RPPS (11 digits), ADELI (9).
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{6,}").expect("static regex"));

/// Upper-case words that are acronyms of the domain, not surnames.
const ACRONYMS: &[&str] = &[
    "AD", "ADELI", "ARS", "CNIL", "CPS", "DIM", "DPI", "DSI", "EG", "EJ", "FIDO", "FINESS", "GAM",
    "GHT", "HOP'EN", "IAM", "IDE", "LDAP", "MFA", "MIE", "OIDC", "PACS", "PSC", "RH", "RIE",
    "RPPS", "SIH", "SIRH", "SSO", "UF", "UPN", "VPN",
];

/// Words of an evidence label that say its value is a person's name.
const PERSON_WORDS: &[&str] = &[
    "nom",
    "noms",
    "prenom",
    "prenoms",
    "titulaire",
    "titulaires",
    "responsable",
    "responsables",
    "proprietaire",
    "approbateur",
    "valideur",
    "manager",
    "agent",
    "personne",
    "referent",
    "demandeur",
    "utilisateur",
];

/// Evidence values that say there is nobody.
const NOBODY: &[&str] = &[
    "aucun",
    "aucune",
    "neant",
    "inconnu",
    "inconnue",
    "non renseigne",
    "non renseignee",
    "personne",
    "sans titulaire",
    "none",
    "n a",
];

/// True when an evidence value may be a person's name: it has a capital
/// letter and is not a placeholder (« aucun », « non renseigné »).
pub fn may_be_a_name(value: &str) -> bool {
    let folded = crate::text::fold_key(value);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    value.chars().any(char::is_uppercase) && !NOBODY.contains(&words.join(" ").as_str())
}

/// True when an evidence label designates a person (« Titulaire »,
/// « Responsable de l'application »…).
pub fn names_a_person(label: &str) -> bool {
    crate::text::fold_key(label)
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| PERSON_WORDS.contains(&w))
}

/// Names to look for, each with its pseudonym; the first registration of a
/// spelling wins.
#[derive(Default)]
pub struct Scrubber {
    entries: BTreeMap<String, String>,
}

impl Scrubber {
    /// Registers `text` (and its upper- and lower-case spellings). Strings
    /// of fewer than three characters or without a letter are ignored.
    pub fn add(&mut self, text: &str, replacement: &str) {
        let t = text.trim();
        if t.chars().count() < 3 || !t.chars().any(char::is_alphabetic) {
            return;
        }
        // Matching ignores ASCII case; other letters (É, é) need their
        // upper- and lower-case spellings registered.
        if !t.is_ascii() {
            for v in [t.to_uppercase(), t.to_lowercase()] {
                if v != t {
                    self.entries
                        .entry(v)
                        .or_insert_with(|| replacement.to_string());
                }
            }
        }
        self.entries
            .entry(t.to_string())
            .or_insert_with(|| replacement.to_string());
    }

    pub fn compile(self) -> Compiled {
        let (patterns, replacements): (Vec<String>, Vec<String>) = self.entries.into_iter().unzip();
        let ac = (!patterns.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Compiled { ac, replacements }
    }
}

pub struct Compiled {
    ac: Option<AhoCorasick>,
    replacements: Vec<String>,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Case-insensitive (ASCII), whole-word occurrences of `needle` in `text`.
fn whole_words(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let (hay, pat) = (text.to_ascii_lowercase(), needle.to_ascii_lowercase());
    let mut out = Vec::new();
    if pat.is_empty() {
        return out;
    }
    let mut from = 0;
    while let Some(i) = hay[from..].find(&pat) {
        let (s, e) = (from + i, from + i + pat.len());
        if !is_word_char(text[..s].chars().next_back()) && !is_word_char(text[e..].chars().next()) {
            out.push((s, e));
        }
        from = e;
    }
    out
}

type Span = (usize, usize, String);

fn overlaps(spans: &[Span], s: usize, e: usize) -> bool {
    spans.iter().any(|(a, b, _)| s < *b && e > *a)
}

impl Compiled {
    /// `text` with, in order of precedence: the finding's own names
    /// (`local`: its login and name, whatever other subject shares them),
    /// the known names, every « NOM Prénom » (replaced by
    /// `unknown(name)`; it wins over a known name it strictly contains, as
    /// « DUPONT Marie Sylvie » over « DUPONT Marie ») and, when
    /// `mask_digits`, every run of six digits or more.
    pub fn apply(
        &self,
        text: &str,
        local: &[(&str, &str)],
        unknown: &dyn Fn(&str) -> String,
        mask_digits: bool,
    ) -> String {
        let mut spans: Vec<Span> = Vec::new();
        for (needle, replacement) in local {
            if needle.chars().count() < 3 {
                continue;
            }
            for (s, e) in whole_words(text, needle) {
                if !overlaps(&spans, s, e) {
                    spans.push((s, e, replacement.to_string()));
                }
            }
        }
        let own = spans.len();
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(text) {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                if !is_word_char(before)
                    && !is_word_char(after)
                    && !overlaps(&spans, m.start(), m.end())
                {
                    spans.push((
                        m.start(),
                        m.end(),
                        self.replacements[m.pattern().as_usize()].clone(),
                    ));
                }
            }
        }
        for m in UPPER_NAME.find_iter(text) {
            let surname_words: Vec<&str> = m
                .as_str()
                .split(' ')
                .take_while(|w| w.chars().all(|c| !c.is_lowercase()))
                .collect();
            if surname_words.iter().all(|w| ACRONYMS.contains(w)) {
                continue;
            }
            let (s, e) = (m.start(), m.end());
            // Known names strictly inside this longer name give way to it;
            // the finding's own names and any other overlap keep theirs.
            let inside = |sp: &Span| sp.0 >= s && sp.1 <= e && sp.1 - sp.0 < e - s;
            if spans[..own].iter().any(|sp| s < sp.1 && e > sp.0) {
                continue;
            }
            if spans[own..]
                .iter()
                .all(|sp| !(s < sp.1 && e > sp.0) || inside(sp))
            {
                let mut i = own;
                while i < spans.len() {
                    if inside(&spans[i]) {
                        spans.remove(i);
                    } else {
                        i += 1;
                    }
                }
                spans.push((s, e, unknown(m.as_str())));
            }
        }
        if mask_digits {
            for m in DIGITS.find_iter(text) {
                if !overlaps(&spans, m.start(), m.end()) {
                    spans.push((m.start(), m.end(), "[numéro masqué]".to_string()));
                }
            }
        }
        if spans.is_empty() {
            return text.to_string();
        }
        spans.sort_by_key(|s| s.0);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (s, e, r) in spans {
            out.push_str(&text[at..s]);
            out.push_str(&r);
            at = e;
        }
        out.push_str(&text[at..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(n: &str) -> String {
        format!("<{n}>")
    }

    #[test]
    fn known_names_whole_words_any_ascii_case() {
        let mut s = Scrubber::default();
        s.add("mdupont", "Compte A");
        s.add("Quere Clemence", "Personne B");
        let c = s.compile();
        assert_eq!(
            c.apply(
                "Le compte MDUPONT de quere clemence ; mdupont2 reste.",
                &[],
                &unknown,
                true
            ),
            "Le compte Compte A de Personne B ; mdupont2 reste."
        );
        // The finding's own login wins over another subject's.
        assert_eq!(
            c.apply(
                "Le compte MDUPONT (dpi)",
                &[("mdupont", "Compte C")],
                &unknown,
                true
            ),
            "Le compte Compte C (dpi)"
        );
    }

    #[test]
    fn upper_case_names_and_digits() {
        let c = Scrubber::default().compile();
        assert_eq!(
            c.apply(
                "de BÉZIER Fabrice, LE GALL Jean-Pierre (RPPS 10893737519)",
                &[],
                &unknown,
                true
            ),
            "de <BÉZIER Fabrice>, <LE GALL Jean-Pierre> (RPPS [numéro masqué])"
        );
        // Acronyms followed by a capitalised word are not names.
        assert_eq!(
            c.apply("Le compte AD Kerberos", &[], &unknown, true),
            "Le compte AD Kerberos"
        );
        assert_eq!(
            c.apply("le 2026-10-06", &[], &unknown, true),
            "le 2026-10-06"
        );
    }

    #[test]
    fn a_longer_name_wins_over_a_known_prefix() {
        let mut s = Scrubber::default();
        s.add("DUPONT Marie", "Personne A");
        let c = s.compile();
        assert_eq!(
            c.apply(
                "de DUPONT Marie Sylvie et de DUPONT Marie.",
                &[],
                &unknown,
                true
            ),
            "de <DUPONT Marie Sylvie> et de Personne A."
        );
    }

    #[test]
    fn person_labels() {
        assert!(names_a_person("Titulaire"));
        assert!(names_a_person("Responsable de l'application"));
        assert!(!names_a_person("Nombre de comptes"));
        assert!(!names_a_person("Dernière connexion"));
        assert!(may_be_a_name("DUPONT Marie"));
        assert!(
            !may_be_a_name("aucun") && !may_be_a_name("Aucun") && !may_be_a_name("Non renseigné")
        );
    }
}
