//! Splitting one line of the extract into fields without allocating: the
//! delimiters are found eight bytes at a time (SWAR) and their offsets go
//! into a reused vector; a field is a slice between two of them. Most lines
//! are refused on their first columns, so offsets can be recorded for the
//! first delimiters only, the others being merely counted.

const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// One byte `0x80` in the result for each byte of `chunk` (8 bytes) equal to
/// the delimiter repeated in `pattern`. Exact: no carry crosses bytes, since
/// `(b & 0x7F) + 0x7F <= 0xFE`.
#[inline(always)]
fn hits(chunk: &[u8], pattern: u64) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    let x = u64::from_le_bytes(word) ^ pattern;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// Records in `bounds` (cleared first) the offsets of the first `limit`
/// delimiters of `line` (possibly a few more); returns how many delimiters
/// the line holds.
pub(super) fn split(line: &[u8], delim: u8, limit: usize, bounds: &mut Vec<u32>) -> usize {
    let pattern = u64::from_le_bytes([delim; 8]);
    bounds.clear();
    let words = line.len() / 8;
    let mut w = 0;
    while w < words && bounds.len() < limit {
        let mut found = hits(&line[w * 8..w * 8 + 8], pattern);
        let base = (w * 8) as u32;
        while found != 0 {
            bounds.push(base + found.trailing_zeros() / 8);
            found &= found - 1;
        }
        w += 1;
    }
    // The other delimiters are only counted: one per matching byte, summed
    // lane by lane (at most 255 words at a time, so a lane cannot overflow).
    let mut counted = 0usize;
    while w < words {
        let end = words.min(w + 255);
        let mut lanes = 0u64;
        for chunk in line[w * 8..end * 8].chunks_exact(8) {
            lanes += hits(chunk, pattern) >> 7;
        }
        let pairs = (lanes & 0x00FF_00FF_00FF_00FF) + ((lanes >> 8) & 0x00FF_00FF_00FF_00FF);
        counted += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
        w = end;
    }
    for (i, &b) in line[words * 8..].iter().enumerate() {
        if b == delim {
            if bounds.len() >= limit {
                counted += 1;
            } else {
                bounds.push((words * 8 + i) as u32);
            }
        }
    }
    bounds.len() + counted
}

/// A line cut at its delimiters (offsets of the first ones at least).
#[derive(Clone, Copy)]
pub(super) struct Fields<'a> {
    pub line: &'a [u8],
    pub bounds: &'a [u32],
    /// Delimiters in the whole line.
    pub delims: usize,
}

impl<'a> Fields<'a> {
    /// Cuts `line`, recording offsets up to field `limit` (`usize::MAX`: all).
    pub fn split(line: &'a [u8], delim: u8, limit: usize, bounds: &'a mut Vec<u32>) -> Self {
        let delims = split(line, delim, limit, bounds);
        Fields {
            line,
            bounds,
            delims,
        }
    }

    /// The `i`-th field (0-based); empty past the recorded offsets.
    pub fn get(&self, i: usize) -> &'a [u8] {
        let start = match i {
            0 => 0,
            _ => match self.bounds.get(i - 1) {
                Some(&b) => b as usize + 1,
                None => return &[],
            },
        };
        let end = match self.bounds.get(i) {
            Some(&b) => b as usize,
            None if self.bounds.len() == self.delims => self.line.len(),
            None => return &[],
        };
        &self.line[start..end]
    }

    /// The field, if mapped, with surrounding ASCII white space removed.
    pub fn opt(&self, i: Option<usize>) -> &'a [u8] {
        i.map_or(&[][..], |i| self.get(i).trim_ascii())
    }

    /// Number of fields, not counting the empty piece after a trailing delimiter.
    pub fn count(&self, delim: u8) -> usize {
        let trailing = self.delims > 0 && self.line.last() == Some(&delim);
        self.delims + 1 - usize::from(trailing)
    }

    /// The field holding byte `offset` (offsets of all delimiters needed).
    pub fn index_of(&self, offset: usize) -> usize {
        self.bounds.partition_point(|&b| (b as usize) < offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(line: &[u8], delim: u8) -> Vec<u32> {
        line.iter()
            .enumerate()
            .filter(|(_, &b)| b == delim)
            .map(|(i, _)| i as u32)
            .collect()
    }

    #[test]
    fn swar_split_matches_a_naive_scan() {
        let samples: [&[u8]; 6] = [
            b"",
            b"|",
            b"8|10001045367|810001045367|DR|Docteur|||MARTIN|Marie|10|M\xc3\xa9decin|",
            b"||||||||||||||||||",
            b"no delimiter at all, longer than eight bytes",
            b"\xfc|\x7c\xfd\xff\x80|a",
        ];
        let mut bounds = Vec::new();
        for s in samples {
            let all = naive(s, b'|');
            assert_eq!(split(s, b'|', usize::MAX, &mut bounds), all.len());
            assert_eq!(bounds, all, "{:?}", String::from_utf8_lossy(s));
            for limit in 0..all.len() {
                assert_eq!(split(s, b'|', limit, &mut bounds), all.len());
                assert!(bounds.len() >= limit && all.starts_with(&bounds));
            }
        }
        // Long lines: more than 255 words counted, every density.
        for every in [1usize, 2, 3, 7, 50] {
            let line: Vec<u8> = (0..5000)
                .map(|i| if i % every == 0 { b'|' } else { 0xC3 })
                .collect();
            let all = naive(&line, b'|');
            for limit in [0, 1, 23, usize::MAX] {
                assert_eq!(split(&line, b'|', limit, &mut bounds), all.len());
                assert!(all.starts_with(&bounds) && bounds.len() >= limit.min(all.len()));
            }
        }
        // Every byte value next to the delimiter, at every alignment.
        for b in 0..=255u8 {
            for pos in 0..17 {
                let mut line = vec![b; 17];
                line[pos] = b'|';
                split(&line, b'|', usize::MAX, &mut bounds);
                assert_eq!(bounds, naive(&line, b'|'));
            }
        }
    }

    #[test]
    fn fields_and_counts() {
        let mut bounds = Vec::new();
        let f = Fields::split(b"a|bb||c|", b'|', usize::MAX, &mut bounds);
        assert_eq!(f.count(b'|'), 4);
        assert_eq!(
            (f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(9)),
            (
                &b"a"[..],
                &b"bb"[..],
                &b""[..],
                &b"c"[..],
                &b""[..],
                &b""[..]
            )
        );
        assert_eq!(f.index_of(3), 1);
        assert_eq!(f.index_of(6), 3);
        let f = Fields::split(b"a|bb||c", b'|', usize::MAX, &mut bounds);
        assert_eq!(f.count(b'|'), 4);
        assert_eq!(f.get(3), b"c");
        let line = b"aaaaaaaa|bbbbbbbbbb|c|dddddddddddd|e|";
        let f = Fields::split(line, b'|', 1, &mut bounds);
        assert_eq!((f.count(b'|'), f.get(0)), (5, &b"aaaaaaaa"[..]));
        assert_eq!(f.get(3), b"", "beyond the recorded offsets");
        assert_eq!(Fields::split(b"", b'|', 1, &mut bounds).count(b'|'), 1);
    }
}
