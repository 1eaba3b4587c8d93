//! A phonetic key for French surnames (after the « Soundex 2 » adaptation of
//! Soundex to French spelling): `GAUTHIER`, `GAUTIER` and `GOTHIER` share a
//! key, so a typo or a spelling variant still lands in the same candidate
//! block. Used only to find candidates, never to decide a link.

use crate::text::fold_accents;

/// The 4-character key of a name (letters only; empty for an empty name).
pub fn soundex_fr(name: &str) -> String {
    let mut s: String = fold_accents(name)
        .to_uppercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    if s.is_empty() {
        return s;
    }
    // 1. Hard consonant groups.
    for (from, to) in [
        ("GUI", "KI"),
        ("GUE", "KE"),
        ("GA", "KA"),
        ("GO", "KO"),
        ("GU", "K"),
        ("CA", "KA"),
        ("CO", "KO"),
        ("CU", "KU"),
        ("Q", "K"),
        ("CC", "K"),
        ("CK", "K"),
    ] {
        s = s.replace(from, to);
    }
    // 2. Vowels after the first letter become A.
    let first = s.chars().next().unwrap_or('A');
    let rest: String = s
        .chars()
        .skip(1)
        .map(|c| {
            if matches!(c, 'E' | 'I' | 'O' | 'U') {
                'A'
            } else {
                c
            }
        })
        .collect();
    s = format!("{first}{rest}");
    // 3. Prefixes.
    for (from, to) in [
        ("MAC", "MCC"),
        ("ASA", "AZA"),
        ("KN", "NN"),
        ("PF", "FF"),
        ("SCH", "SSS"),
        ("PH", "FF"),
    ] {
        if let Some(r) = s.strip_prefix(from) {
            s = format!("{to}{r}");
        }
    }
    // 4. H is silent unless after C or S; Y unless after A.
    let chars: Vec<char> = s.chars().collect();
    let mut kept = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        match c {
            'H' if !matches!(prev, Some('C') | Some('S')) => {}
            'Y' if prev != Some('A') => {}
            _ => kept.push(c),
        }
    }
    // 5. Silent endings.
    while kept.len() > 1 && kept.ends_with(['A', 'D', 'T', 'S']) {
        kept.pop();
    }
    // 6. A only as first letter; 7. no doubled letters.
    let mut out = String::new();
    for (i, c) in kept.chars().enumerate() {
        if c == 'A' && i > 0 {
            continue;
        }
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out.chars().take(4).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(soundex_fr("Gauthier"), soundex_fr("Gautier"));
        assert_eq!(soundex_fr("Lefebvre"), soundex_fr("Lefèbvre"));
        assert_eq!(soundex_fr("Philippe"), soundex_fr("Filippe"));
        assert_eq!(soundex_fr("Dupont"), soundex_fr("Dupond"));
        assert_eq!(soundex_fr("Martin"), soundex_fr("Marten"));
    }

    #[test]
    fn different_names_differ() {
        assert_ne!(soundex_fr("Martin"), soundex_fr("Bernard"));
        assert_ne!(soundex_fr("Dupont"), soundex_fr("Durand"));
        assert_eq!(soundex_fr(""), "");
    }
}
