//! Normalisation of identity traits for matching French names.
//!
//! What it folds: case; accents (NFKD) and ligatures (Œ → OE, Æ → AE);
//! hyphens, apostrophes, dots and spaces (`N'Diaye` = `NDIAYE`,
//! `Marie-Hélène` = `Marie Hélène`); particles (`de`, `du`, `de la`, `le`,
//! `d'`…) which are kept in the full form and dropped in the core form
//! (`de La Fontaine` ↔ `FONTAINE`); `Mc` written for `Mac`; compound and
//! multiple first names (tokens); initials (`M.`); and names written with
//! their marital part in one field (`DUPONT épouse MARTIN`, `MARTIN née
//! DUPONT`, `DUPONT ep. MARTIN`), which give two names.
//!
//! Nothing here decides a match: it gives comparable forms, and the scoring
//! says what agreed.

use super::distance::{levenshtein, within};
use crate::text::fold_accents;

/// Particles that may be written, dropped or glued (`DE LA FONTAINE`,
/// `DELAFONTAINE`, `FONTAINE`).
const PARTICLES: &[&str] = &[
    "DE", "DU", "DES", "LA", "LE", "LES", "D", "L", "DEL", "DELLA", "DI", "DA", "DOS", "VAN",
    "VON", "DER", "DEN", "TER",
];

/// Words that introduce the other name of a married person inside one field.
const MARITAL: &[&str] = &[
    "EPOUSE", "EP", "EPSE", "NEE", "NE", "VEUVE", "VVE", "DITE", "DIT",
];

/// Upper-case letters and digits only, words separated by one space.
pub fn fold_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        push_words(
            s.bytes().map(|b| char::from(b.to_ascii_uppercase())),
            &mut out,
        );
    } else {
        push_words(fold_accents(s).to_uppercase().chars(), &mut out);
    }
    out
}

/// [`fold_words`] with the words glued (`N'Diaye` → `NDIAYE`): the upper-case
/// letters and digits.
pub fn glued_words(s: &str) -> String {
    if s.is_ascii() {
        s.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect()
    } else {
        fold_accents(s)
            .to_uppercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    }
}

fn push_words(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut space = false;
    for c in chars {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else if c == '\'' || c == '’' {
            // N'DIAYE → NDIAYE, but D'ARTAGNAN keeps D as a particle word.
            space = out.ends_with(" D") || out == "D" || out.ends_with(" L") || out == "L";
        } else {
            space = true;
        }
    }
}

/// A last name in comparable forms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormName {
    /// All letters glued: `DELAFONTAINE`, `NDIAYE`, `LEGOFF`.
    pub full: String,
    /// Without particles: `FONTAINE`, `NDIAYE`, `GOFF`.
    pub core: String,
    /// Words without particles: `["FONTAINE"]`, `["MARTIN", "DURAND"]` for a
    /// hyphenated name.
    pub tokens: Vec<String>,
}

impl NormName {
    pub fn new(s: &str) -> NormName {
        NormName::from_folded(&fold_words(s))
    }

    /// From words already folded by [`fold_words`].
    fn from_folded(folded: &str) -> NormName {
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let tokens: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| !(PARTICLES.contains(w) && *i + 1 < words.len()))
            .map(|(_, w)| *w)
            .collect();
        let full = mac(words.concat());
        let core = mac(tokens.concat());
        let tokens = tokens.iter().map(|t| mac(t.to_string())).collect();
        NormName { full, core, tokens }
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    /// Same name, written with or without particles, spaces or accents.
    pub fn same(&self, other: &NormName) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        self.full == other.full || (self.core.len() >= 3 && self.core == other.core)
    }

    /// Levenshtein distance on the glued form (the smaller of full and core).
    pub fn distance(&self, other: &NormName) -> usize {
        levenshtein(&self.full, &other.full).min(levenshtein(&self.core, &other.core))
    }

    /// Whether the names are within `max` edits (cheap length test first).
    pub fn within(&self, other: &NormName, max: usize) -> bool {
        let close = |a: &str, b: &str| a.len().abs_diff(b.len()) <= max && levenshtein(a, b) <= max;
        close(&self.full, &other.full) || close(&self.core, &other.core)
    }

    /// One of the words of a compound name (`MARTIN` in `MARTIN-DURAND`).
    pub fn shares_token(&self, other: &NormName) -> bool {
        self.tokens
            .iter()
            .any(|t| t.len() >= 3 && other.tokens.contains(t))
    }
}

/// `MCDONALD` and `MACDONALD` compare equal.
fn mac(w: String) -> String {
    match w.strip_prefix("MC") {
        Some(rest) if rest.len() >= 3 => format!("MAC{rest}"),
        _ => w,
    }
}

/// The names a last-name field holds: one, or two when it carries the
/// marital part (`DUPONT épouse MARTIN` → DUPONT and MARTIN).
pub fn last_names(s: &str) -> Vec<NormName> {
    let words = fold_words(s);
    let parts: Vec<&str> = words.split(' ').collect();
    if let Some(i) = parts.iter().position(|w| MARITAL.contains(w)) {
        let (a, b) = (parts[..i].join(" "), parts[i + 1..].join(" "));
        return [a, b]
            .iter()
            .map(|p| NormName::new(p))
            .filter(|n| !n.is_empty())
            .collect();
    }
    let n = NormName::from_folded(&words);
    if n.is_empty() {
        vec![]
    } else {
        vec![n]
    }
}

/// First names in comparable forms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormFirst {
    /// All given names glued: `MARIEHELENE`.
    pub full: String,
    /// Each word: `["MARIE", "HELENE"]`.
    pub tokens: Vec<String>,
    /// Each given name, compound ones glued (`Jean-Pierre Louis` →
    /// `["JEANPIERRE", "LOUIS"]`): HR lists them all, other systems keep the
    /// first (the usual first name).
    pub given: Vec<String>,
    /// The initial of each word: `MH` for Marie-Hélène.
    pub initials: String,
    /// Written as an initial only (`M.` or `M`).
    pub initial_only: bool,
}

/// How two first names agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FirstMatch {
    None,
    /// Only the initial is known on one side and it agrees.
    Initial,
    /// One given name is the first of the other's (`Marie` / `Marie-Hélène`).
    Partial,
    /// Within one typo (Levenshtein < 2) of each other.
    Close,
    /// One side is the other's first given name (`Clémence` / `Clémence
    /// Véronique`): the usual first name, as equal as it gets.
    Usual,
    /// The same, after folding.
    Exact,
}

impl NormFirst {
    pub fn new(s: &str) -> NormFirst {
        let words = fold_words(s);
        let tokens: Vec<String> = words
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let initial_only = !tokens.is_empty() && tokens.iter().all(|t| t.chars().count() == 1);
        let full = tokens.concat();
        let separator = |c: char| c.is_whitespace() || c == ',';
        let given = if s.contains(separator) {
            s.split(separator)
                .map(glued_words)
                .filter(|g| !g.is_empty())
                .collect()
        } else if full.is_empty() {
            // One given name: its words glued, that is `full`.
            Vec::new()
        } else {
            vec![full.clone()]
        };
        NormFirst {
            full,
            initials: tokens.iter().filter_map(|t| t.chars().next()).collect(),
            tokens,
            given,
            initial_only,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    pub fn first_token(&self) -> &str {
        self.tokens.first().map_or("", String::as_str)
    }

    pub fn compare(&self, other: &NormFirst) -> FirstMatch {
        if self.is_empty() || other.is_empty() {
            return FirstMatch::None;
        }
        if self.initial_only || other.initial_only {
            let a = self.full.chars().next();
            return if a.is_some() && a == other.full.chars().next() {
                FirstMatch::Initial
            } else {
                FirstMatch::None
            };
        }
        if self.full == other.full {
            return FirstMatch::Exact;
        }
        let usual = |a: &NormFirst, b: &NormFirst| {
            a.given.len() == 1 && b.given.len() > 1 && b.given[0] == a.full
        };
        if usual(self, other) || usual(other, self) {
            return FirstMatch::Usual;
        }
        if self.full.len().abs_diff(other.full.len()) < 2 && within(&self.full, &other.full, 1) {
            return FirstMatch::Close;
        }
        let (short, long) = if self.tokens.len() <= other.tokens.len() {
            (self, other)
        } else {
            (other, self)
        };
        if long.tokens.starts_with(&short.tokens) {
            return FirstMatch::Partial;
        }
        FirstMatch::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_hyphens_and_case() {
        assert_eq!(NormName::new("N'Diaye").full, "NDIAYE");
        assert!(NormName::new("N'Diaye").same(&NormName::new("NDIAYE")));
        assert!(NormName::new("Le Goff").same(&NormName::new("LEGOFF")));
        assert!(NormName::new("LE GOFF").same(&NormName::new("le-goff")));
        assert!(NormName::new("D'Artagnan").same(&NormName::new("Artagnan")));
    }

    #[test]
    fn particles_are_optional() {
        let a = NormName::new("de La Fontaine");
        assert_eq!(
            (a.full.as_str(), a.core.as_str()),
            ("DELAFONTAINE", "FONTAINE")
        );
        assert!(a.same(&NormName::new("DELAFONTAINE")));
        assert!(a.same(&NormName::new("Fontaine")));
        // A name that is only a particle-like word stays itself.
        assert_eq!(NormName::new("Le").core, "LE");
        assert!(!NormName::new("Le").same(&NormName::new("La")));
    }

    #[test]
    fn accents_and_ligatures() {
        assert!(NormName::new("Lœuillet").same(&NormName::new("LOEUILLET")));
        assert!(NormName::new("Lætitia").same(&NormName::new("Laetitia")));
        assert!(NormName::new("Hélène").same(&NormName::new("HELENE")));
        assert!(NormName::new("Müller").same(&NormName::new("MULLER")));
    }

    #[test]
    fn mc_and_mac() {
        assert!(NormName::new("McDonald").same(&NormName::new("MacDonald")));
        assert!(NormName::new("Mc Donald").same(&NormName::new("MACDONALD")));
    }

    #[test]
    fn marital_names_in_one_field() {
        let n = last_names("DUPONT épouse MARTIN");
        assert_eq!(
            n.iter().map(|n| n.full.as_str()).collect::<Vec<_>>(),
            ["DUPONT", "MARTIN"]
        );
        let n = last_names("Martin née Dupont");
        assert_eq!(
            n.iter().map(|n| n.full.as_str()).collect::<Vec<_>>(),
            ["MARTIN", "DUPONT"]
        );
        assert_eq!(last_names("DUPONT ep. MARTIN").len(), 2);
        assert_eq!(last_names("Martin-Durand").len(), 1);
        assert!(NormName::new("Martin-Durand").shares_token(&NormName::new("DURAND")));
    }

    #[test]
    fn glued_words_are_folded_words_without_spaces() {
        for s in [
            "N'Diaye",
            "de La Fontaine",
            "Lœuillet-Ørsted",
            "j.-p. 2",
            "  ",
            "Ǆemal’s",
        ] {
            assert_eq!(glued_words(s), fold_words(s).replace(' ', ""), "{s}");
        }
    }

    #[test]
    fn typos_are_one_edit_away() {
        assert_eq!(
            NormName::new("Dupont").distance(&NormName::new("Dupond")),
            1
        );
        assert!(NormName::new("Bernard").distance(&NormName::new("Bertrand")) >= 2);
    }

    #[test]
    fn compound_first_names_and_initials() {
        let mh = NormFirst::new("Marie-Hélène");
        assert_eq!(
            mh.compare(&NormFirst::new("Marie Hélène")),
            FirstMatch::Exact
        );
        assert_eq!(
            mh.compare(&NormFirst::new("MARIE HELENE")),
            FirstMatch::Exact
        );
        assert_eq!(mh.compare(&NormFirst::new("Marie")), FirstMatch::Partial);
        let two = NormFirst::new("Clémence Véronique");
        assert_eq!(two.compare(&NormFirst::new("Clemence")), FirstMatch::Usual);
        assert_eq!(
            NormFirst::new("Jean-Pierre Louis").compare(&NormFirst::new("Jean")),
            FirstMatch::Partial
        );
        assert_eq!(
            NormFirst::new("Jean-Pierre Louis").compare(&NormFirst::new("Jean-Pierre")),
            FirstMatch::Usual
        );
        assert_eq!(mh.compare(&NormFirst::new("M.")), FirstMatch::Initial);
        assert_eq!(mh.compare(&NormFirst::new("Hélène")), FirstMatch::None);
        assert_eq!(
            NormFirst::new("Jean-Pierre").compare(&NormFirst::new("J.-P.")),
            FirstMatch::Initial
        );
        assert_eq!(
            NormFirst::new("Mathieu").compare(&NormFirst::new("Matthieu")),
            FirstMatch::Close
        );
        assert_eq!(
            NormFirst::new("Anne").compare(&NormFirst::new("Annie")),
            FirstMatch::Close
        );
        assert_eq!(
            NormFirst::new("Œdipe").compare(&NormFirst::new("OEDIPE")),
            FirstMatch::Exact
        );
    }
}
