//! Putting the outcomes of the two passes back in the order of the
//! snapshot's accounts, without sorting when account ids are unique (the
//! usual case): each outcome's place is known, and the outcomes are moved
//! there in place.

use super::AccountOutcome;
use crate::model::Snapshot;
use rustc_hash::FxHashMap as HashMap;

/// Outcomes in account order, when account ids are unique. `first` holds
/// the outcome of each directory account (`directory[k]`, and room for
/// every account); `second` those of the application accounts
/// (`applications`, in order), then of the directory accounts retried
/// (those with `retry[k]`, in order), which replace their first outcome.
pub fn place(
    mut first: Vec<AccountOutcome>,
    second: Vec<AccountOutcome>,
    directory: &[usize],
    applications: &[usize],
    retry: &[bool],
) -> Vec<AccountOutcome> {
    let mut second = second.into_iter();
    first.extend(second.by_ref().take(applications.len()));
    let retried = retry
        .iter()
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(k, _)| k);
    for (k, o) in retried.zip(second) {
        first[k] = o;
    }
    // `first[k]` belongs at `positions[k]`: directory accounts, then
    // application accounts.
    let mut source = vec![0usize; first.len()];
    for (k, &p) in directory.iter().chain(applications).enumerate() {
        source[p] = k;
    }
    permute(&mut first, &mut source);
    first
}

/// Rearranges `v` so that `v[p]` becomes the former `v[source[p]]`
/// (`source` is a permutation; it is used up).
fn permute<T>(v: &mut [T], source: &mut [usize]) {
    for start in 0..v.len() {
        let mut at = start;
        // Follow the cycle through `start`, marking each place done.
        while source[at] != at {
            let next = source[at];
            source[at] = at;
            if next == start {
                break;
            }
            v.swap(at, next);
            at = next;
        }
    }
}

/// Outcomes in account order in general (account ids may repeat): each
/// outcome, given in order of arrival, takes the position of the last
/// account with its id.
pub fn by_last_position(
    snapshot: &Snapshot,
    outcomes: impl Iterator<Item = AccountOutcome>,
) -> Vec<AccountOutcome> {
    let order: HashMap<&str, usize> = snapshot
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut outcomes: Vec<AccountOutcome> = outcomes.collect();
    outcomes.sort_by_cached_key(|o| order.get(o.account.as_str()).copied().unwrap_or(usize::MAX));
    outcomes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_moves_each_item_to_its_place() {
        let mut v: Vec<char> = "abcdefg".chars().collect();
        // Place p takes the item at source[p].
        let mut source = vec![3, 0, 6, 1, 2, 5, 4];
        let expected: Vec<char> = source.iter().map(|&k| v[k]).collect();
        permute(&mut v, &mut source);
        assert_eq!(v, expected);
        let mut one = vec!['x'];
        permute(&mut one, &mut [0]);
        assert_eq!(one, ['x']);
    }
}
