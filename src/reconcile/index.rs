//! The blocking index: persons filed under their keys ([`super::keys`]),
//! and the candidates an account's keys find. Built once per
//! reconciliation, in parallel: (key, person) pairs are sorted, then each
//! key's block is a run of one array, found through a map split in shards.
//! What a key is made of ([`Tag`], [`key`]) is defined here too.

use super::keys::{account_lookup_keys, person_index_keys, AccountKeys, PersonKeys};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// Persons filed by key: each key's block is a run of `persons`, in
/// ascending order. The map is split by the key's top bits into shards
/// built in parallel.
pub struct Index {
    shards: Vec<HashMap<u64, (u32, u32)>>,
    persons: Vec<u32>,
}

/// Index shards: `1 << SHARD_BITS`.
const SHARD_BITS: u32 = 3;

fn shard(key: u64) -> usize {
    (key >> (64 - SHARD_BITS)) as usize
}

impl Index {
    /// Files every person under its keys: (key, person) pairs are made and
    /// sorted in parallel, then grouped.
    pub fn build(persons: &[PersonKeys]) -> Index {
        let mut pairs: Vec<(u64, u32)> = persons
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, p)| person_index_keys(p).into_iter().map(move |k| (k, i as u32)))
            .collect();
        pairs.par_sort_unstable();
        // Sorted keys: each shard is a run of `pairs`.
        let mut bounds = vec![0];
        for s in 1..1usize << SHARD_BITS {
            bounds.push(pairs.partition_point(|(k, _)| shard(*k) < s));
        }
        bounds.push(pairs.len());
        let shards = bounds
            .par_windows(2)
            .map(|w| {
                let run = &pairs[w[0]..w[1]];
                let blocks = run.chunk_by(|a, b| a.0 == b.0).count();
                let mut map = HashMap::with_capacity_and_hasher(blocks, Default::default());
                let mut start = w[0] as u32;
                for block in run.chunk_by(|a, b| a.0 == b.0) {
                    map.insert(block[0].0, (start, block.len() as u32));
                    start += block.len() as u32;
                }
                map
            })
            .collect();
        Index {
            shards,
            persons: pairs.into_par_iter().map(|(_, p)| p).collect(),
        }
    }

    /// Candidate persons for an account, deduplicated. Exact keys first
    /// (identifiers, e-mail, name forms); the fuzzy keys (phonetic, typo,
    /// login letters) only when they find nobody, and only through blocks
    /// small enough to say something — so the cost per account does not
    /// grow with the population.
    pub fn candidates(&self, k: &AccountKeys) -> Vec<u32> {
        let keys = account_lookup_keys(k);
        let mut out = Vec::new();
        for key in keys.iter().filter(|k| !is_fuzzy(k)) {
            out.extend_from_slice(self.get(*key));
        }
        if out.is_empty() {
            // Persons sharing the most fuzzy keys first (a typo keeps the
            // phonetic key and one end of the name; a namesake by chance
            // shares one key at most).
            let mut hits: Vec<u32> = Vec::new();
            for key in keys.iter().filter(|k| is_fuzzy(k)) {
                let block = self.get(*key);
                if block.len() <= MAX_FUZZY_BLOCK {
                    hits.extend_from_slice(block);
                }
            }
            hits.sort_unstable();
            let mut ranked: Vec<(u32, usize)> = hits
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len()))
                .collect();
            ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            out.extend(
                ranked
                    .into_iter()
                    .take(MAX_FUZZY_CANDIDATES)
                    .map(|(p, _)| p),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn get(&self, key: u64) -> &[u32] {
        self.shards[shard(key)]
            .get(&key)
            .map_or(&[], |&(start, len)| {
                &self.persons[start as usize..(start + len) as usize]
            })
    }
}

/// What a blocking key is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Rpps = 1,
    Employee,
    Email,
    /// Last-name form + whole or usual first name: exact.
    NameFirst,
    /// Last-name form alone, for accounts without a first name: exact.
    NameOnly,
    /// Last-name form + first initial: fuzzy.
    NameInitial,
    /// One word of a compound last name + first initial: fuzzy.
    NameToken,
    Phonetic,
    TypoHead,
    TypoTail,
    /// Whole first name + initial of the last name: a typo anywhere in a
    /// short last name (`ROHE` / `ROCHE`) keeps it. Fuzzy.
    FirstName,
    Login4,
}

impl Tag {
    fn fuzzy(self) -> bool {
        matches!(
            self,
            Tag::NameInitial
                | Tag::NameToken
                | Tag::Phonetic
                | Tag::TypoHead
                | Tag::TypoTail
                | Tag::FirstName
                | Tag::Login4
        )
    }
}

/// A blocking key: a hash of its tag and parts, whose lowest bit says
/// whether the key is fuzzy. A collision only adds a candidate, which the
/// comparison then rejects.
pub fn key(tag: Tag, a: &str, b: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (tag as u8).hash(&mut h);
    a.hash(&mut h);
    b.hash(&mut h);
    (h.finish() & !1) | u64::from(tag.fuzzy())
}

/// Fuzzy blocks (phonetic, typo, login letters) larger than this are not
/// used: they say nothing about who owns the account.
pub const MAX_FUZZY_BLOCK: usize = 25;

/// At most this many candidates come from fuzzy keys.
pub const MAX_FUZZY_CANDIDATES: usize = 15;

pub fn is_fuzzy(key: &u64) -> bool {
    key & 1 == 1
}
