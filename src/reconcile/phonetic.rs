//! A phonetic key for French surnames (after the « Soundex 2 » adaptation of
//! Soundex to French spelling): `GAUTHIER`, `GAUTIER` and `GOTHIER` share a
//! key, so a typo or a spelling variant still lands in the same candidate
//! block. Used only to find candidates, never to decide a link.

use crate::text::fold_accents;

/// The 4-character key of a name (letters only; empty for an empty name).
pub fn soundex_fr(name: &str) -> String {
    let mut s: Vec<u8> = if name.is_ascii() {
        name.bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| b.to_ascii_uppercase())
            .collect()
    } else {
        fold_accents(name)
            .to_uppercase()
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c as u8)
            .collect()
    };
    if s.is_empty() {
        return String::new();
    }
    // 1. Hard consonant groups, one pass per group, in this order.
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
        replace_all(&mut s, from.as_bytes(), to.as_bytes());
    }
    // 2. Vowels after the first letter become A.
    for c in &mut s[1..] {
        if matches!(c, b'E' | b'I' | b'O' | b'U') {
            *c = b'A';
        }
    }
    // 3. Prefixes (each replacement keeps the length).
    for (from, to) in [
        ("MAC", "MCC"),
        ("ASA", "AZA"),
        ("KN", "NN"),
        ("PF", "FF"),
        ("SCH", "SSS"),
        ("PH", "FF"),
    ] {
        if s.starts_with(from.as_bytes()) {
            s[..to.len()].copy_from_slice(to.as_bytes());
        }
    }
    // 4. H is silent unless after C or S; Y unless after A.
    let mut kept = Vec::with_capacity(s.len());
    for (i, &c) in s.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| s[p]);
        match c {
            b'H' if !matches!(prev, Some(b'C' | b'S')) => {}
            b'Y' if prev != Some(b'A') => {}
            _ => kept.push(c),
        }
    }
    // 5. Silent endings.
    while kept.len() > 1 && matches!(kept.last(), Some(b'A' | b'D' | b'T' | b'S')) {
        kept.pop();
    }
    // 6. A only as first letter; 7. no doubled letters.
    let mut out = String::with_capacity(4);
    let mut last = None;
    for (i, &c) in kept.iter().enumerate() {
        if (c == b'A' && i > 0) || last == Some(c) {
            continue;
        }
        if out.len() == 4 {
            break;
        }
        out.push(char::from(c));
        last = Some(c);
    }
    out
}

/// `s.replace(from, to)` on ASCII bytes (`to` no longer than `from`):
/// non-overlapping occurrences, left to right.
fn replace_all(s: &mut Vec<u8>, from: &[u8], to: &[u8]) {
    debug_assert!(to.len() <= from.len());
    let at = |s: &[u8], i: usize| {
        s.len() >= i + from.len() && s[i..].iter().zip(from).all(|(x, y)| x == y)
    };
    let Some(start) = (0..s.len()).find(|&i| at(s, i)) else {
        return;
    };
    // In place: what is written never passes what is still to be read.
    let (mut read, mut write) = (start, start);
    while read < s.len() {
        if at(s, read) {
            s[write..write + to.len()].copy_from_slice(to);
            write += to.len();
            read += from.len();
        } else {
            s[write] = s[read];
            write += 1;
            read += 1;
        }
    }
    s.truncate(write);
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

    /// The key as first written, one `String::replace` per rule: the
    /// single-buffer version must agree with it.
    fn reference(name: &str) -> String {
        let mut s: String = fold_accents(name)
            .to_uppercase()
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect();
        if s.is_empty() {
            return s;
        }
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
        while kept.len() > 1 && kept.ends_with(['A', 'D', 'T', 'S']) {
            kept.pop();
        }
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

    #[test]
    fn agrees_with_the_rule_by_rule_reference() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        // Letters the rules look at, over-represented.
        let alphabet: Vec<char> = "GUIEAOCKQHYSTDMPFNRLBÉÈÇŒ -'".chars().collect();
        for _ in 0..200_000 {
            let len = rng.random_range(0..12);
            let name: String = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            assert_eq!(soundex_fr(&name), reference(&name), "{name}");
        }
        for name in [
            "Gauthier",
            "Guillot",
            "Mac Carthy",
            "Schmitt",
            "Philippe",
            "Pfister",
            "Knapp",
            "Asaro",
            "Hayat",
            "Yves",
            "Cocq",
            "Jacques",
            "Ørsted",
            "Lœuillet",
            "ı",
        ] {
            assert_eq!(soundex_fr(name), reference(name), "{name}");
        }
    }

    #[test]
    fn different_names_differ() {
        assert_ne!(soundex_fr("Martin"), soundex_fr("Bernard"));
        assert_ne!(soundex_fr("Dupont"), soundex_fr("Durand"));
        assert_eq!(soundex_fr(""), "");
    }
}
