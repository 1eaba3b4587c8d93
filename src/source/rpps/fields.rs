//! Splitting one line of the extract into fields without allocating: the
//! delimiters are found eight bytes at a time (SWAR) and their offsets go
//! into a reused vector; a field is a slice between two of them. Most lines
//! are refused on their first columns, so offsets can be recorded for the
//! first delimiters only, the others being merely counted.

/// Records in `bounds` (cleared first) the offsets of the first `limit`
/// delimiters of `line`; returns how many delimiters the line holds.
pub(super) fn split(line: &[u8], delim: u8, limit: usize, bounds: &mut Vec<u32>) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let pattern = u64::from_le_bytes([delim; 8]);
    bounds.clear();
    let mut counted = 0usize;
    let mut chunks = line.chunks_exact(8);
    let mut base = 0u32;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        // The high bit of each byte is set exactly where that byte of `x`
        // is zero (no carry crosses bytes: (b & 0x7F) + 0x7F <= 0xFE).
        let mut hits = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
        if bounds.len() >= limit {
            counted += hits.count_ones() as usize;
        } else {
            while hits != 0 {
                bounds.push(base + hits.trailing_zeros() / 8);
                hits &= hits - 1;
            }
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == delim {
            if bounds.len() >= limit {
                counted += 1;
            } else {
                bounds.push(base + i as u32);
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
