//! Nested directory groups resolved transitively.
//!
//! The nesting (`group → parent group`) is split into strongly connected
//! components with Tarjan's algorithm. A component of several groups (or a
//! group declared member of itself) is a cycle: every group in it is treated
//! as member of every other. Then, for each group, the list of every group it
//! reaches — itself at depth 0 — with the shortest nesting distance is computed
//! once, component by component in the order Tarjan emits them (parents before
//! children: a reverse topological order of the condensation), so each list is
//! built by merging its parents' lists. The cost is the total size of those
//! lists, not groups × groups.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::VecDeque;

/// One group reached from another, `depth` nesting steps away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reach {
    /// The group's closure index (its rank among the graph's group nodes).
    pub group: u32,
    pub depth: u32,
}

/// Parents and transitive reach of every group, by closure index.
#[derive(Debug, Default)]
pub(crate) struct GroupClosure {
    parent_offsets: Vec<u32>,
    parents: Vec<u32>,
    /// `(start, len)` of each group's list in `reach`.
    spans: Vec<(u32, u32)>,
    /// Each group's reach, sorted by group.
    reach: Vec<Reach>,
    /// Components that are cycles, each sorted by closure index.
    cycles: Vec<Vec<u32>>,
}

impl GroupClosure {
    /// `parents_of[g]` lists the direct parents of group `g` (duplicates allowed).
    pub fn compute(parents_of: Vec<Vec<u32>>) -> GroupClosure {
        let n = parents_of.len();
        let mut parent_offsets = Vec::with_capacity(n + 1);
        let mut parents = Vec::new();
        parent_offsets.push(0);
        for mut ps in parents_of {
            ps.sort_unstable();
            ps.dedup();
            ps.retain(|&p| (p as usize) < n);
            parents.extend_from_slice(&ps);
            parent_offsets.push(parents.len() as u32);
        }
        let mut closure = GroupClosure {
            parent_offsets,
            parents,
            spans: vec![(0, 0); n],
            reach: Vec::new(),
            cycles: Vec::new(),
        };
        closure.resolve();
        closure
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Direct parents of `g`, sorted, without duplicates.
    pub fn parents(&self, g: u32) -> &[u32] {
        let g = g as usize;
        match (self.parent_offsets.get(g), self.parent_offsets.get(g + 1)) {
            (Some(&s), Some(&e)) => &self.parents[s as usize..e as usize],
            _ => &[],
        }
    }

    /// Every group `g` is a member of, itself included at depth 0.
    pub fn reach(&self, g: u32) -> &[Reach] {
        match self.spans.get(g as usize) {
            Some(&(s, l)) => &self.reach[s as usize..(s + l) as usize],
            None => &[],
        }
    }

    /// Shortest nesting distance from `from` up to `to`, if `from` reaches it.
    pub fn distance(&self, from: u32, to: u32) -> Option<u32> {
        let list = self.reach(from);
        list.binary_search_by_key(&to, |r| r.group)
            .ok()
            .map(|i| list[i].depth)
    }

    /// The components that are cycles.
    pub fn cycles(&self) -> &[Vec<u32>] {
        &self.cycles
    }

    fn resolve(&mut self) {
        let n = self.len();
        let mut nesting: DiGraph<(), (), u32> = DiGraph::with_capacity(n, self.parents.len());
        for _ in 0..n {
            nesting.add_node(());
        }
        for g in 0..n as u32 {
            for &p in self.parents(g) {
                nesting.add_edge(NodeIndex::new(g as usize), NodeIndex::new(p as usize), ());
            }
        }
        // Tarjan emits a component only after every component it reaches:
        // parents come before their members.
        let components = tarjan_scc(&nesting);
        drop(nesting);
        let mut component_of = vec![u32::MAX; n];
        for (c, members) in components.iter().enumerate() {
            for m in members {
                component_of[m.index()] = c as u32;
            }
        }
        let mut buf: Vec<Reach> = Vec::new();
        for (c, members) in components.iter().enumerate() {
            let c = c as u32;
            let mut members: Vec<u32> = members.iter().map(|m| m.index() as u32).collect();
            members.sort_unstable();
            let self_loop = members.len() == 1 && self.parents(members[0]).contains(&members[0]);
            if members.len() > 1 || self_loop {
                self.cycles.push(members.clone());
            }
            for &g in &members {
                buf.clear();
                for (m, dm) in self.within_component(g, c, &members, &component_of) {
                    buf.push(Reach {
                        group: m,
                        depth: dm,
                    });
                    for &p in self.parents(m) {
                        if component_of[p as usize] == c {
                            continue;
                        }
                        debug_assert!(self.spans[p as usize].1 > 0, "parent not resolved yet");
                        buf.extend(self.reach(p).iter().map(|r| Reach {
                            group: r.group,
                            depth: r.depth + dm + 1,
                        }));
                    }
                }
                buf.sort_unstable_by_key(|r| (r.group, r.depth));
                buf.dedup_by_key(|r| r.group);
                self.spans[g as usize] = (self.reach.len() as u32, buf.len() as u32);
                self.reach.extend_from_slice(&buf);
            }
        }
    }

    /// Shortest distances from `g` to the members of its own component,
    /// staying inside it (a path that leaves a component cannot come back).
    fn within_component(
        &self,
        g: u32,
        c: u32,
        members: &[u32],
        component_of: &[u32],
    ) -> Vec<(u32, u32)> {
        if members.len() == 1 {
            return vec![(g, 0)];
        }
        let mut dist = vec![u32::MAX; members.len()];
        let mut out = Vec::with_capacity(members.len());
        let mut queue = VecDeque::new();
        if let Ok(i) = members.binary_search(&g) {
            dist[i] = 0;
            queue.push_back(g);
        }
        while let Some(x) = queue.pop_front() {
            let dx = members.binary_search(&x).map_or(u32::MAX, |i| dist[i]);
            out.push((x, dx));
            for &p in self.parents(x) {
                if component_of[p as usize] != c {
                    continue;
                }
                if let Ok(i) = members.binary_search(&p) {
                    if dist[i] == u32::MAX {
                        dist[i] = dx + 1;
                        queue.push_back(p);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depths(c: &GroupClosure, g: u32) -> Vec<(u32, u32)> {
        c.reach(g).iter().map(|r| (r.group, r.depth)).collect()
    }

    #[test]
    fn chain_gives_increasing_depths() {
        // 0 ⊂ 1 ⊂ 2 ⊂ 3
        let c = GroupClosure::compute(vec![vec![1], vec![2], vec![3], vec![]]);
        assert_eq!(depths(&c, 0), vec![(0, 0), (1, 1), (2, 2), (3, 3)]);
        assert_eq!(depths(&c, 3), vec![(3, 0)]);
        assert!(c.cycles().is_empty());
    }

    #[test]
    fn diamond_keeps_the_shortest_distance() {
        // 0 ⊂ 1 ⊂ 2 ⊂ 3 and 0 ⊂ 3 directly.
        let c = GroupClosure::compute(vec![vec![1, 3, 3], vec![2], vec![3], vec![]]);
        assert_eq!(c.parents(0), &[1, 3]);
        assert_eq!(c.distance(0, 3), Some(1));
        assert_eq!(c.distance(0, 2), Some(2));
        assert_eq!(c.distance(3, 0), None);
    }

    #[test]
    fn cycle_members_reach_each_other_and_what_is_above() {
        // 0 ⊂ 1 ⊂ 2 ⊂ 0 (cycle), 2 ⊂ 3, 4 ⊂ 0.
        let c = GroupClosure::compute(vec![vec![1], vec![2], vec![0, 3], vec![], vec![0]]);
        assert_eq!(c.cycles(), &[vec![0, 1, 2]]);
        assert_eq!(depths(&c, 0), vec![(0, 0), (1, 1), (2, 2), (3, 3)]);
        assert_eq!(depths(&c, 1), vec![(0, 2), (1, 0), (2, 1), (3, 2)]);
        assert_eq!(depths(&c, 4), vec![(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)]);
    }

    #[test]
    fn self_membership_is_a_cycle_of_one() {
        let c = GroupClosure::compute(vec![vec![0, 1], vec![]]);
        assert_eq!(c.cycles(), &[vec![0]]);
        assert_eq!(depths(&c, 0), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn out_of_range_parents_are_ignored() {
        let c = GroupClosure::compute(vec![vec![7]]);
        assert_eq!(c.parents(0), &[] as &[u32]);
        assert_eq!(c.reach(5), &[]);
    }
}
