//! Edit distances between normalised names, as `strsim::levenshtein` counts
//! them (in characters), without allocating for the short ASCII strings
//! names are, and with a cheaper answer to the question matching asks: « at
//! most `max` edits apart? ».

/// Longest ASCII string the stack-only paths handle.
const MAX_LEN: usize = 63;

/// The Levenshtein distance in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    if !(a.is_ascii() && b.is_ascii() && b.len() <= MAX_LEN) {
        return strsim::levenshtein(a, b);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let mut row = [0usize; MAX_LEN + 1];
    for (j, cell) in row.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        next_row(&mut row, i, *ca, b);
    }
    row[b.len()]
}

/// One more row of the edit-distance table: `row` held the distances from
/// `a[..i]` to each prefix of `b`, and now holds them from `a[..=i]`.
/// Returns the row's minimum.
fn next_row(row: &mut [usize], i: usize, ca: u8, b: &[u8]) -> usize {
    let mut diagonal = row[0];
    row[0] = i + 1;
    let mut min = row[0];
    for (j, cb) in b.iter().enumerate() {
        let substitution = diagonal + usize::from(ca != *cb);
        diagonal = row[j + 1];
        row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        min = min.min(row[j + 1]);
    }
    min
}

/// Whether `levenshtein(a, b) <= max`.
pub fn within(a: &str, b: &str, max: usize) -> bool {
    if !(a.is_ascii() && b.is_ascii() && b.len() <= MAX_LEN) {
        return strsim::levenshtein(a, b) <= max;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    match max {
        0 => a == b,
        1 => within_one(a, b),
        _ => {
            if a.is_empty() || b.is_empty() {
                return true;
            }
            let mut row = [0usize; MAX_LEN + 1];
            for (j, cell) in row.iter_mut().enumerate().take(b.len() + 1) {
                *cell = j;
            }
            // The minimum of a row never decreases from one row to the next.
            a.iter()
                .enumerate()
                .all(|(i, ca)| next_row(&mut row, i, *ca, b) <= max)
                && row[b.len()] <= max
        }
    }
}

/// At most one substitution, insertion or deletion apart (lengths differ
/// by at most one).
fn within_one(a: &[u8], b: &[u8]) -> bool {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => common == a.len() || a[common + 1..] == b[common + 1..],
        std::cmp::Ordering::Greater => a[common + 1..] == b[common..],
        std::cmp::Ordering::Less => b[common + 1..] == a[common..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: [&str; 24] = [
        "",
        "A",
        "B",
        "AB",
        "BA",
        "DUPONT",
        "DUPOND",
        "DUPONTE",
        "UPONT",
        "BERNARD",
        "BERTRAND",
        "MATHIEU",
        "MATTHIEU",
        "ANNE",
        "ANNIE",
        "NDIAYE",
        "DIAYE",
        "ÉLODIE",
        "ELODIE",
        "MARIEHELENE",
        "HELENEMARIE",
        "ABAB",
        "ØRSTED",
        "ORSTED",
    ];

    #[test]
    fn agrees_with_strsim() {
        for a in WORDS {
            for b in WORDS {
                let d = strsim::levenshtein(a, b);
                assert_eq!(levenshtein(a, b), d, "{a} / {b}");
                for max in 0..4 {
                    assert_eq!(within(a, b, max), d <= max, "{a} / {b} ≤ {max}");
                }
            }
        }
        let long = "A".repeat(80);
        assert_eq!(levenshtein(&long, "AB"), strsim::levenshtein(&long, "AB"));
        assert_eq!(levenshtein("AB", &long), strsim::levenshtein("AB", &long));
        assert!(!within(&long, "AB", 3));
    }

    #[test]
    fn agrees_with_strsim_on_random_words() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let letters = b"ABDEN";
        let word = |rng: &mut rand_chacha::ChaCha8Rng| -> String {
            let len = rng.random_range(0..9);
            (0..len)
                .map(|_| char::from(letters[rng.random_range(0..letters.len())]))
                .collect()
        };
        for _ in 0..20_000 {
            let (a, b) = (word(&mut rng), word(&mut rng));
            let d = strsim::levenshtein(&a, &b);
            assert_eq!(levenshtein(&a, &b), d, "{a} / {b}");
            for max in 0..4 {
                assert_eq!(within(&a, &b, max), d <= max, "{a} / {b} ≤ {max}");
            }
        }
    }
}
