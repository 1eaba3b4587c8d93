//! Facts about the inventory rather than one account: directory groups
//! (nesting cycles, direct and transitive members, parents) and, per HR
//! person, what the national directory extract says of their RPPS.

use crate::graph::AccessGraph;
use crate::model::Snapshot;
use crate::text::national_identifier_core;
use rustc_hash::FxHashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct GroupFacts {
    /// The names of the groups of its nesting cycle (itself included);
    /// empty when the group is in no cycle.
    pub cycle: Vec<Arc<str>>,
    /// Accounts that are direct members.
    pub direct_members: usize,
    /// Accounts that are members, directly or through nesting.
    pub members: usize,
    /// Groups nested in it, directly or not.
    pub nested_groups: usize,
    /// Names of the groups it is directly nested in.
    pub parents: Vec<Arc<str>>,
    /// Its name matches `policy.privileged_groups`.
    pub privileged: bool,
}

pub(super) fn groups(graph: &AccessGraph<'_>, privileged: &[regex::Regex]) -> Vec<GroupFacts> {
    let snapshot = graph.snapshot();
    let mut cycle_of: FxHashMap<&str, Vec<Arc<str>>> = FxHashMap::default();
    for c in graph.cycles() {
        let mut names: Vec<Arc<str>> = c
            .groups
            .iter()
            .filter_map(|&n| graph.group(n))
            .map(|g| Arc::from(g.name.as_str()))
            .collect();
        names.sort();
        for &n in &c.groups {
            if let Some(g) = graph.group(n) {
                cycle_of.insert(g.id.as_str(), names.clone());
            }
        }
    }
    let by_id: FxHashMap<&str, &str> = snapshot
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    snapshot
        .groups
        .iter()
        .map(|g| {
            let mut f = GroupFacts {
                cycle: cycle_of.get(g.id.as_str()).cloned().unwrap_or_default(),
                parents: g
                    .member_of
                    .iter()
                    .map(|p| Arc::from(by_id.get(p.as_str()).copied().unwrap_or(p.as_str())))
                    .collect(),
                privileged: privileged.iter().any(|r| r.is_match(&g.name)),
                ..GroupFacts::default()
            };
            if let Some(node) = graph.group_node(&g.id) {
                let m = graph.members_of_group_transitive(node);
                f.members = m.accounts.len();
                f.direct_members = m.accounts.iter().filter(|(_, d)| *d == 1).count();
                f.nested_groups = m.groups.len();
            }
            f
        })
        .collect()
}

/// What the national extract says of an HR person's RPPS.
#[derive(Debug, Clone, Copy, Default)]
pub struct RppsFacts {
    /// The RPPS is in the extract.
    pub known: bool,
    /// The extract lists an activity at the establishment (its FINESS or one
    /// of its sites); `None` when the RPPS is not in the extract.
    pub local_activity: Option<bool>,
}

pub(super) fn rpps(snapshot: &Snapshot) -> Vec<RppsFacts> {
    let e = &snapshot.establishment;
    let mut local: Vec<&str> = vec![e.finess.as_str()];
    local.extend(e.sites.iter().map(String::as_str));
    let national: FxHashMap<&str, &crate::model::RppsPerson> = snapshot
        .rpps
        .iter()
        .map(|r| (r.identifier.as_str(), r))
        .collect();
    snapshot
        .persons
        .iter()
        .map(|p| {
            let Some(r) = p
                .rpps
                .as_deref()
                .and_then(national_identifier_core)
                .and_then(|c| national.get(c.as_str()).copied())
            else {
                return RppsFacts::default();
            };
            let here = r.activities.iter().any(|a| {
                [a.finess_site.as_deref(), a.finess_legal_entity.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|f| local.contains(&f.trim()))
            });
            RppsFacts {
                known: true,
                local_activity: Some(here),
            }
        })
        .collect()
}
