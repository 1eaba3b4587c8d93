//! Small text helpers shared by connectors and configuration: accent-folded
//! keys for comparing labels, the name key the RPPS filter uses, and the core
//! of a national identifier. Full identity normalisation for matching belongs
//! to reconciliation.

use unicode_normalization::UnicodeNormalization;

/// Removes accents (NFKD, combining marks dropped) and expands ligatures.
pub fn fold_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    // Fast path: ASCII and the accented Latin letters French names and
    // labels use; anything else goes through NFKD.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(folded) = fold_latin(c) {
            out.push_str(folded);
        } else {
            return fold_accents_nfkd(s);
        }
    }
    out
}

/// What [`fold_accents_nfkd`] gives for one accented Latin letter (a letter
/// and one combining mark under NFKD, or a ligature) or one of the usual
/// French punctuation marks, `None` for any other character.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'Ç' => "C",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'Ñ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "O",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'Ý' | 'Ÿ' => "Y",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'Œ' => "OE",
        'œ' => "oe",
        'Æ' => "AE",
        'æ' => "ae",
        'ß' => "ss",
        // Left as they are, or spaced, by NFKD.
        '—' => "—",
        '–' => "–",
        '’' => "’",
        '‘' => "‘",
        '«' => "«",
        '»' => "»",
        '°' => "°",
        '\u{a0}' | '\u{202f}' => " ",
        '…' => "...",
        _ => return None,
    })
}

fn fold_accents_nfkd(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        match c {
            'Œ' => out.push_str("OE"),
            'œ' => out.push_str("oe"),
            'Æ' => out.push_str("AE"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A comparison key for labels and headers: accents folded, lower case,
/// runs of white space, `_` and `-` collapsed to one space, trimmed.
/// `« Date d'Entrée »` and `date_d'entree` give the same key.
pub fn fold_key(s: &str) -> String {
    let s = s.trim().trim_start_matches('\u{feff}');
    let folded;
    let s = if s.is_ascii() {
        s
    } else {
        folded = fold_accents(s);
        folded.as_str()
    };
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        push_key(
            s.bytes().map(|b| char::from(b.to_ascii_lowercase())),
            &mut out,
        );
    } else {
        push_key(s.to_lowercase().chars(), &mut out);
    }
    out
}

fn push_key(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut space = false;
    for c in chars {
        if c.is_whitespace() || c == '_' || c == '-' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
}

/// `NOM|PRENOM` with accents, case, punctuation and spaces removed, and only
/// the first given name: enough to find a namesake in the national extract.
pub fn name_key(last: &str, first: &str) -> String {
    let norm = |s: &str| -> String {
        fold_accents(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let first_given = first
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|s| !s.is_empty())
        .unwrap_or("");
    format!("{}|{}", norm(last), norm(first_given))
}

/// The bare national identifier behind the forms hospitals store:
/// `10001045367` (RPPS), `810001045367` (8 + RPPS), `012600631` (ADELI),
/// `0012600631` (0 + ADELI). Spaces, dots and dashes are ignored. Returns
/// `None` for anything that is not one of these shapes (validation of the
/// check digit belongs to reconciliation).
pub fn national_identifier_core(raw: &str) -> Option<String> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        11 | 9 => Some(digits),
        12 if digits.starts_with('8') => Some(digits[1..].to_string()),
        10 if digits.starts_with('0') => Some(digits[1..].to_string()),
        _ => None,
    }
}

/// A short, stable, ASCII identifier from a label (`« Biologie — SIL »` → `biologie-sil`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in fold_accents(s).to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_key_ignores_case_accents_and_separators() {
        assert_eq!(fold_key(" Date d'Entrée "), "date d'entree");
        assert_eq!(fold_key("DATE_D'ENTREE"), "date d'entree");
        assert_eq!(fold_key("\u{feff}Nom  de   naissance"), "nom de naissance");
        assert_eq!(fold_key("Prénom-Usuel"), "prenom usuel");
    }

    #[test]
    fn latin_fast_path_agrees_with_nfkd() {
        for c in ('\u{a0}'..='\u{17f}').chain('\u{2000}'..='\u{206f}') {
            if let Some(folded) = fold_latin(c) {
                assert_eq!(folded, fold_accents_nfkd(&c.to_string()), "{c}");
            }
        }
        for s in [
            "Hélène Lœuillet",
            "ÉLODIE Müller-Ñúñez",
            "Zoë Ça",
            "Ørsted",
            "Médecine — UF 1204 « nuit » n° 3…",
            "e\u{301}cole",
            "Ǆemal",
            "ﬁlle",
        ] {
            assert_eq!(fold_accents(s), fold_accents_nfkd(s), "{s}");
        }
    }

    #[test]
    fn ligatures_are_expanded() {
        assert_eq!(fold_accents("Œuvre Lætitia"), "OEuvre Laetitia");
    }

    #[test]
    fn name_key_keeps_first_given_name() {
        assert_eq!(
            name_key("N'Diaye", "Marie-Hélène Louise"),
            "NDIAYE|MARIEHELENE"
        );
        assert_eq!(name_key("de La Fontaine", "jean"), "DELAFONTAINE|JEAN");
    }

    #[test]
    fn national_identifier_forms() {
        assert_eq!(
            national_identifier_core("10001045367").as_deref(),
            Some("10001045367")
        );
        assert_eq!(
            national_identifier_core("810001045367").as_deref(),
            Some("10001045367")
        );
        assert_eq!(
            national_identifier_core("0012600631").as_deref(),
            Some("012600631")
        );
        assert_eq!(
            national_identifier_core("100 010 453 67").as_deref(),
            Some("10001045367")
        );
        assert_eq!(national_identifier_core("1000104536"), None);
        assert_eq!(national_identifier_core("ABC"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Biologie — SIL"), "biologie-sil");
        assert_eq!(slug("  DPI  "), "dpi");
    }
}
