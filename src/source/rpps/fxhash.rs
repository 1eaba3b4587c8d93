//! A fast hasher for the short keys looked up on every line (identifiers,
//! FINESS, name keys): the multiply-rotate hash of rustc (« FxHash »). It
//! does not resist crafted collisions, which is acceptable for a national
//! reference file and the hospital's own keys; the default SipHash costs
//! more than the rest of the line check.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FxSet = HashSet<String, BuildHasherDefault<FxHasher>>;
pub(super) type FxMap<V> = HashMap<String, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_find_what_they_hold() {
        let set: FxSet = ["10001045367", "", "750000001", "MARTIN|MARIE"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for s in ["10001045367", "", "750000001", "MARTIN|MARIE"] {
            assert!(set.contains(s));
        }
        assert!(!set.contains("10001045368"));
        assert!(!set.contains("MARTIN|MARI"));
    }
}
