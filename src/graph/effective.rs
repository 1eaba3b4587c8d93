//! Effective rights: what an account reaches through nested groups, its
//! profiles and its applications, a shortest path as proof of a group
//! membership, and the transitive members of a group.
//!
//! An account's effective groups are the union of its direct groups' closure
//! lists (see `groups`), so the cost is the size of the answer. Proof paths
//! are rebuilt on demand from the stored distances, never stored.

use super::groups::Reach;
use super::{AccessGraph, Edge, NodeKind};
use crate::model::{Application, Group, Profile, Right};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};

/// A group an account is a member of, directly (`depth` 1) or through
/// `depth - 1` nested groups.
#[derive(Debug, Clone, Copy)]
pub struct EffectiveGroup<'a> {
    pub node: NodeIndex,
    pub group: &'a Group,
    pub depth: u32,
}

/// A profile held by an account, with the right that grants it (its scope,
/// provenance and stable id).
#[derive(Debug, Clone, Copy)]
pub struct ProfileGrant<'a> {
    pub node: NodeIndex,
    pub profile: &'a Profile,
    pub right: &'a Right,
}

impl<'a> ProfileGrant<'a> {
    /// The scope of the grant (UF, site…), when the source gives one.
    pub fn scope(&self) -> Option<&'a str> {
        self.right.scope.as_deref()
    }
}

/// Everything an account reaches.
#[derive(Debug, Clone)]
pub struct EffectiveRights<'a> {
    pub account: NodeIndex,
    /// Sorted by group node.
    pub groups: Vec<EffectiveGroup<'a>>,
    /// In snapshot order of the rights.
    pub profiles: Vec<ProfileGrant<'a>>,
    /// The account's own application, those of its profiles and those its
    /// rights name; sorted by node, without duplicates.
    pub applications: Vec<(NodeIndex, &'a Application)>,
}

/// Who is in a group, directly or through nested groups, with the distance
/// (1 = direct member).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransitiveMembers {
    /// Accounts, sorted by node.
    pub accounts: Vec<(NodeIndex, u32)>,
    /// Groups nested in it (the group itself excluded), sorted by node.
    pub groups: Vec<(NodeIndex, u32)>,
}

impl<'a> AccessGraph<'a> {
    /// The groups an account is a direct member of, with the granting right.
    pub fn direct_groups(&self, account: NodeIndex) -> Vec<(NodeIndex, &'a Right)> {
        let mut out: Vec<(NodeIndex, &'a Right)> = self
            .out_edges(account, NodeKind::Account)
            .filter_map(|e| match *e.weight() {
                Edge::MemberOf { right } => {
                    Some((e.target(), self.snapshot.rights.get(right as usize)?))
                }
                _ => None,
            })
            .collect();
        out.sort_by_key(|(n, r)| (*n, r.id.as_str()));
        out
    }

    /// Every group the account is a member of, directly or through nesting,
    /// each once with its shortest depth; sorted by group node.
    pub fn effective_groups(
        &self,
        account: NodeIndex,
    ) -> impl Iterator<Item = EffectiveGroup<'a>> + '_ {
        self.effective_local(account)
            .into_iter()
            .filter_map(move |r| {
                let node = self.group_at(r.group);
                Some(EffectiveGroup {
                    node,
                    group: self.group(node)?,
                    depth: r.depth,
                })
            })
    }

    /// The depth at which the account is a member of `group`, if it is.
    pub fn membership_depth(&self, account: NodeIndex, group: NodeIndex) -> Option<u32> {
        let target = self.group_local(group)?;
        self.direct_group_locals(account)
            .filter_map(|g| self.closure.distance(g, target))
            .min()
            .map(|d| d + 1)
    }

    /// One shortest path `account → g1 → … → group` proving the membership,
    /// as nodes (the account first, `group` last); `None` if not a member.
    /// Among equally short paths, the one through the lowest nodes is chosen.
    pub fn path_to_group(&self, account: NodeIndex, group: NodeIndex) -> Option<Vec<NodeIndex>> {
        let target = self.group_local(group)?;
        let (mut dist, mut current) = self
            .direct_group_locals(account)
            .filter_map(|g| Some((self.closure.distance(g, target)?, g)))
            .min()?;
        let mut path = Vec::with_capacity(dist as usize + 2);
        path.push(account);
        path.push(self.group_at(current));
        while dist > 0 {
            let next = self
                .closure
                .parents(current)
                .iter()
                .copied()
                .find(|&p| self.closure.distance(p, target) == Some(dist - 1))?;
            path.push(self.group_at(next));
            current = next;
            dist -= 1;
        }
        Some(path)
    }

    /// The path of [`AccessGraph::path_to_group`] as record ids.
    pub fn path_ids(&self, path: &[NodeIndex]) -> Vec<&str> {
        path.iter().filter_map(|&n| self.node_id(n)).collect()
    }

    /// The profiles an account holds, in snapshot order of the rights.
    pub fn profiles_of_account(&self, account: NodeIndex) -> Vec<ProfileGrant<'a>> {
        let mut out: Vec<(u32, ProfileGrant<'a>)> = self
            .out_edges(account, NodeKind::Account)
            .filter_map(|e| match *e.weight() {
                Edge::HasProfile { right } => Some((
                    right,
                    ProfileGrant {
                        node: e.target(),
                        profile: self.profile(e.target())?,
                        right: self.snapshot.rights.get(right as usize)?,
                    },
                )),
                _ => None,
            })
            .collect();
        out.sort_by_key(|(right, _)| *right);
        out.into_iter().map(|(_, g)| g).collect()
    }

    /// The applications an account opens: its own, its profiles', and those
    /// its rights name. Sorted by node, without duplicates.
    pub fn applications_of_account(&self, account: NodeIndex) -> Vec<(NodeIndex, &'a Application)> {
        let mut nodes: Vec<NodeIndex> = Vec::new();
        for e in self.out_edges(account, NodeKind::Account) {
            match e.weight() {
                Edge::Opens => nodes.push(e.target()),
                Edge::HasProfile { .. } => nodes.extend(
                    self.graph
                        .edges(e.target())
                        .filter(|pe| matches!(pe.weight(), Edge::BelongsTo))
                        .map(|pe| pe.target()),
                ),
                _ => {}
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        nodes
            .into_iter()
            .filter_map(|n| Some((n, self.application(n)?)))
            .collect()
    }

    /// Groups, profiles and applications of one account.
    pub fn effective_rights(&self, account: NodeIndex) -> EffectiveRights<'a> {
        EffectiveRights {
            account,
            groups: self.effective_groups(account).collect(),
            profiles: self.profiles_of_account(account),
            applications: self.applications_of_account(account),
        }
    }

    /// The accounts and groups inside `group`, directly or through nesting,
    /// each with its shortest distance (breadth-first search on the incoming
    /// edges, linear in the answer).
    pub fn members_of_group_transitive(&self, group: NodeIndex) -> TransitiveMembers {
        let mut out = TransitiveMembers::default();
        if self.group_local(group).is_none() {
            return out;
        }
        let mut seen_groups: HashMap<NodeIndex, u32> = HashMap::from([(group, 0)]);
        let mut seen_accounts: HashMap<NodeIndex, u32> = HashMap::new();
        let mut queue = VecDeque::from([(group, 0u32)]);
        while let Some((g, d)) = queue.pop_front() {
            for e in self.graph.edges_directed(g, Direction::Incoming) {
                match e.weight() {
                    Edge::NestedIn => {
                        if let Entry::Vacant(v) = seen_groups.entry(e.source()) {
                            v.insert(d + 1);
                            queue.push_back((e.source(), d + 1));
                        }
                    }
                    Edge::MemberOf { .. } => {
                        seen_accounts.entry(e.source()).or_insert(d + 1);
                    }
                    _ => {}
                }
            }
        }
        seen_groups.remove(&group);
        out.groups = seen_groups.into_iter().collect();
        out.groups.sort_unstable();
        out.accounts = seen_accounts.into_iter().collect();
        out.accounts.sort_unstable();
        out
    }

    /// The groups a group is nested in, directly or transitively, with their
    /// distance (the group itself excluded unless it belongs to a cycle, at
    /// the length of the shortest way round). Sorted by node.
    pub fn groups_containing(&self, group: NodeIndex) -> Vec<(NodeIndex, u32)> {
        let Some(local) = self.group_local(group) else {
            return Vec::new();
        };
        let in_cycle = self.cycles.iter().any(|c| c.groups.contains(&group));
        let mut out: Vec<(NodeIndex, u32)> = self
            .closure
            .reach(local)
            .iter()
            .filter(|r| r.group != local)
            .map(|r| (self.group_at(r.group), r.depth))
            .collect();
        if in_cycle {
            // Round trip: out through a parent, back through the cycle.
            let round = self
                .closure
                .parents(local)
                .iter()
                .filter_map(|&p| self.closure.distance(p, local))
                .min();
            if let Some(d) = round {
                out.push((group, d + 1));
                out.sort_unstable();
            }
        }
        out
    }

    fn out_edges(
        &self,
        node: NodeIndex,
        kind: NodeKind,
    ) -> impl Iterator<Item = petgraph::graph::EdgeReference<'_, Edge>> + '_ {
        let ok = self.kind_of(node) == Some(kind);
        self.graph.edges(node).filter(move |_| ok)
    }

    fn direct_group_locals(&self, account: NodeIndex) -> impl Iterator<Item = u32> + '_ {
        self.out_edges(account, NodeKind::Account)
            .filter(|e| matches!(e.weight(), Edge::MemberOf { .. }))
            .filter_map(|e| self.group_local(e.target()))
    }

    /// Effective groups by closure index, depth counted from the account.
    fn effective_local(&self, account: NodeIndex) -> Vec<Reach> {
        let mut buf: Vec<Reach> = Vec::new();
        for g in self.direct_group_locals(account) {
            buf.extend(self.closure.reach(g).iter().map(|r| Reach {
                group: r.group,
                depth: r.depth + 1,
            }));
        }
        buf.sort_unstable_by_key(|r| (r.group, r.depth));
        buf.dedup_by_key(|r| r.group);
        buf
    }
}
