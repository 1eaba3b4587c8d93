//! Splitting one line of the extract into fields without allocating: the
//! positions of every delimiter are found eight bytes at a time (SWAR) into a
//! reused vector, and a field is a slice between two of them.

/// Finds every `delim` in `line` and stores their offsets in `bounds`
/// (cleared first).
pub(super) fn split(line: &[u8], delim: u8, bounds: &mut Vec<u32>) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let pattern = u64::from_le_bytes([delim; 8]);
    bounds.clear();
    let mut chunks = line.chunks_exact(8);
    let mut base = 0u32;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ pattern;
        // The high bit of each byte is set exactly where that byte of `x`
        // is zero (no carry crosses bytes: (b & 0x7F) + 0x7F <= 0xFE).
        let mut hits = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
        while hits != 0 {
            bounds.push(base + hits.trailing_zeros() / 8);
            hits &= hits - 1;
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == delim {
            bounds.push(base + i as u32);
        }
    }
}

/// A line cut at its delimiters.
#[derive(Clone, Copy)]
pub(super) struct Fields<'a> {
    pub line: &'a [u8],
    pub bounds: &'a [u32],
}

impl<'a> Fields<'a> {
    /// The `i`-th field (0-based); empty past the end of the line.
    pub fn get(&self, i: usize) -> &'a [u8] {
        let start = match i {
            0 => 0,
            _ => match self.bounds.get(i - 1) {
                Some(&b) => b as usize + 1,
                None => return &[],
            },
        };
        let end = self.bounds.get(i).map_or(self.line.len(), |&b| b as usize);
        &self.line[start..end]
    }

    /// The field, if mapped, with surrounding ASCII white space removed.
    pub fn opt(&self, i: Option<usize>) -> &'a [u8] {
        i.map_or(&[][..], |i| self.get(i).trim_ascii())
    }

    /// Number of fields, not counting the empty piece after a trailing delimiter.
    pub fn count(&self) -> usize {
        let trailing = self
            .bounds
            .last()
            .is_some_and(|&p| p as usize + 1 == self.line.len());
        self.bounds.len() + 1 - usize::from(trailing)
    }

    /// The field holding byte `offset`.
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
            split(s, b'|', &mut bounds);
            assert_eq!(bounds, naive(s, b'|'), "{:?}", String::from_utf8_lossy(s));
        }
        // Every byte value next to the delimiter, at every alignment.
        for b in 0..=255u8 {
            for pos in 0..17 {
                let mut line = vec![b; 17];
                line[pos] = b'|';
                split(&line, b'|', &mut bounds);
                assert_eq!(bounds, naive(&line, b'|'));
            }
        }
    }

    #[test]
    fn fields_and_counts() {
        let line = b"a|bb||c|";
        let mut bounds = Vec::new();
        split(line, b'|', &mut bounds);
        let f = Fields {
            line,
            bounds: &bounds,
        };
        assert_eq!(f.count(), 4);
        assert_eq!(
            (f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(9)),
            (&b"a"[..], &b"bb"[..], &b""[..], &b"c"[..], &b""[..], &b""[..])
        );
        assert_eq!(f.index_of(3), 1);
        assert_eq!(f.index_of(6), 3);
        let line = b"a|bb||c";
        split(line, b'|', &mut bounds);
        let f = Fields {
            line,
            bounds: &bounds,
        };
        assert_eq!(f.count(), 4);
        assert_eq!(f.get(3), b"c");
    }
}
