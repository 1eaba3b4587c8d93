//! The access graph: who holds which accounts, and what those accounts reach.
//!
//! [`AccessGraph::build`] reads a [`Snapshot`] and lays its records out as a
//! petgraph directed graph. Node weights are small ([`Node`]: a kind and the
//! index of the record in the snapshot's vectors), so the graph borrows the
//! snapshot instead of copying it: a GHT of 100,000 persons, 250,000 accounts
//! and 3 million rights fits in a few hundred megabytes on top of the snapshot.
//!
//! # Nodes
//! | kind (`NodeKind`) | made from | one per |
//! |---|---|---|
//! | `person` | `Snapshot::persons` | HR record (agent) |
//! | `account` | `Snapshot::accounts` | directory or application account |
//! | `group` | `Snapshot::groups` | directory group, including groups only seen as a reference |
//! | `profile` | `Snapshot::profiles` | application profile or role |
//! | `application` | `Snapshot::applications` | entry of the application inventory |
//! | `unit` | `Person::unit_code` | HR unit (UF / service), id `<HR source>:<code>` |
//!
//! # Edges
//! | kind (`EdgeKind`) | from → to | made from | carries |
//! |---|---|---|---|
//! | `member-of` | account → group | a `group-membership` right | the right |
//! | `nested-in` | group → group | `Group::member_of` | — |
//! | `has-profile` | account → profile | a `profile` right | the right (its scope) |
//! | `belongs-to` | profile → application | `Profile::application` | — |
//! | `opens` | account → application | `Account::application`, `Right::application` | — |
//! | `reports-to` | person → person (manager) | `Person::manager`, a matricule of the same HR source | — |
//! | `assigned-to` | person → unit | `Person::unit_code` | — |
//! | `owns` | person → account | reconciliation, through [`AccessGraph::link_owner`] | an [`OwnerLink`] |
//!
//! Ids are the snapshot's (`<source>:<key>`); lookups go through one map per
//! node kind, so an account and a group may share an id without clashing.
//!
//! # What this module owns
//! The structure and the queries on it: nested groups resolved transitively
//! (cycles tolerated and reported once, see [`AccessGraph::cycles`]),
//! effective rights per account with a shortest path as proof, transitive
//! members of a group, people's accounts, managers and units. It holds no
//! policy: which group is privileged or which link is trustworthy belongs to
//! the checks and to reconciliation. References that lead nowhere (a right to
//! an unknown account, a `memberOf` to an unknown group, an unknown manager)
//! are dropped from the graph and reported as French warnings located at the
//! record's file and line ([`AccessGraph::diagnostics`]), never as panics.
//!
//! Submodules: `build` (snapshot → graph), `rights` (access edges from the
//! rights), `warnings` (dangling references, capped per category), `groups`
//! (SCC condensation and per-group transitive closure), `effective`
//! (effective rights, proof paths, transitive members), `people` (owners,
//! managers, units).

mod build;
mod effective;
mod groups;
mod people;
mod rights;
mod warnings;

pub use effective::{EffectiveGroup, EffectiveRights, ProfileGrant, TransitiveMembers};
pub use people::LinkError;

use crate::diag::Diagnostics;
use crate::model::{Account, Application, Group, Person, Profile, Provenance, Snapshot};
use groups::GroupClosure;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::ops::Range;

/// The kinds of node, in the order their nodes are laid out in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Person,
    Account,
    Group,
    Profile,
    Application,
    Unit,
}

impl NodeKind {
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Person,
        NodeKind::Account,
        NodeKind::Group,
        NodeKind::Profile,
        NodeKind::Application,
        NodeKind::Unit,
    ];

    /// The kebab-case name, as in JSON outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Person => "person",
            NodeKind::Account => "account",
            NodeKind::Group => "group",
            NodeKind::Profile => "profile",
            NodeKind::Application => "application",
            NodeKind::Unit => "unit",
        }
    }

    /// French plural label for terminal output (`vigie scan`).
    pub fn label_fr(self) -> &'static str {
        match self {
            NodeKind::Person => "agents",
            NodeKind::Account => "comptes",
            NodeKind::Group => "groupes",
            NodeKind::Profile => "profils",
            NodeKind::Application => "applications",
            NodeKind::Unit => "unités (UF)",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The kinds of edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    MemberOf,
    NestedIn,
    HasProfile,
    BelongsTo,
    Opens,
    ReportsTo,
    AssignedTo,
    Owns,
}

impl EdgeKind {
    pub const ALL: [EdgeKind; 8] = [
        EdgeKind::MemberOf,
        EdgeKind::NestedIn,
        EdgeKind::HasProfile,
        EdgeKind::BelongsTo,
        EdgeKind::Opens,
        EdgeKind::ReportsTo,
        EdgeKind::AssignedTo,
        EdgeKind::Owns,
    ];

    /// The kebab-case name, as in JSON outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::MemberOf => "member-of",
            EdgeKind::NestedIn => "nested-in",
            EdgeKind::HasProfile => "has-profile",
            EdgeKind::BelongsTo => "belongs-to",
            EdgeKind::Opens => "opens",
            EdgeKind::ReportsTo => "reports-to",
            EdgeKind::AssignedTo => "assigned-to",
            EdgeKind::Owns => "owns",
        }
    }

    /// French label for terminal output (`vigie scan`).
    pub fn label_fr(self) -> &'static str {
        match self {
            EdgeKind::MemberOf => "appartenances directes à un groupe",
            EdgeKind::NestedIn => "imbrications de groupes",
            EdgeKind::HasProfile => "attributions de profil",
            EdgeKind::BelongsTo => "profils rattachés à une application",
            EdgeKind::Opens => "accès de compte à une application",
            EdgeKind::ReportsTo => "liens hiérarchiques",
            EdgeKind::AssignedTo => "affectations à une unité",
            EdgeKind::Owns => "rattachements de compte à un agent",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A node weight: the kind and the index of the record in the snapshot's
/// vector of that kind (or, for a unit, in the graph's own unit table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Person(u32),
    Account(u32),
    Group(u32),
    Profile(u32),
    Application(u32),
    Unit(u32),
}

impl Node {
    pub fn kind(self) -> NodeKind {
        match self {
            Node::Person(_) => NodeKind::Person,
            Node::Account(_) => NodeKind::Account,
            Node::Group(_) => NodeKind::Group,
            Node::Profile(_) => NodeKind::Profile,
            Node::Application(_) => NodeKind::Application,
            Node::Unit(_) => NodeKind::Unit,
        }
    }
}

/// An edge weight. `right` is the index of the grant in `Snapshot::rights`
/// (its scope, provenance and stable id); `link` the index of an
/// [`OwnerLink`] held by the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    MemberOf { right: u32 },
    NestedIn,
    HasProfile { right: u32 },
    BelongsTo,
    Opens,
    ReportsTo,
    AssignedTo,
    Owns { link: u32 },
}

impl Edge {
    pub fn kind(self) -> EdgeKind {
        match self {
            Edge::MemberOf { .. } => EdgeKind::MemberOf,
            Edge::NestedIn => EdgeKind::NestedIn,
            Edge::HasProfile { .. } => EdgeKind::HasProfile,
            Edge::BelongsTo => EdgeKind::BelongsTo,
            Edge::Opens => EdgeKind::Opens,
            Edge::ReportsTo => EdgeKind::ReportsTo,
            Edge::AssignedTo => EdgeKind::AssignedTo,
            Edge::Owns { .. } => EdgeKind::Owns,
        }
    }
}

/// An HR unit (UF or service), made from the persons assigned to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    /// `<HR source>:<code>`: codes are only unique within one establishment's HR.
    pub id: String,
    /// The code as the HR export writes it (trimmed).
    pub code: &'a str,
    /// The label of the first person carrying one.
    pub label: Option<&'a str>,
    /// The first person record assigned to the unit.
    pub provenance: &'a Provenance,
}

/// Why an account is attached to a person, as reconciliation decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerLink {
    /// The rule or decision that made the link (e.g. `R1`, `score`, `manual`).
    pub rule: String,
    /// The reconciliation score of the link, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<i64>,
    /// False when the link is only proposed to a human, not established.
    pub certain: bool,
}

/// A set of groups nested in one another (a strongly connected component of
/// the nesting), each treated as member of all the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCycle {
    /// The groups, sorted by id.
    pub groups: Vec<NodeIndex>,
}

/// Nodes and edges by kind, for `vigie scan` and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphCounts {
    pub nodes: Vec<(NodeKind, usize)>,
    pub edges: Vec<(EdgeKind, usize)>,
}

impl GraphCounts {
    pub fn nodes_of(&self, kind: NodeKind) -> usize {
        self.nodes
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    pub fn edges_of(&self, kind: EdgeKind) -> usize {
        self.edges
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

/// A node, with its record.
#[derive(Debug, Clone, Copy)]
pub enum NodeRef<'g> {
    Person(&'g Person),
    Account(&'g Account),
    Group(&'g Group),
    Profile(&'g Profile),
    Application(&'g Application),
    Unit(&'g Unit<'g>),
}

/// The access graph of one snapshot. See the module documentation.
#[derive(Debug)]
pub struct AccessGraph<'a> {
    snapshot: &'a Snapshot,
    graph: DiGraph<Node, Edge>,
    /// Node indices of each kind (nodes are laid out kind after kind).
    ranges: [Range<u32>; 6],
    persons: HashMap<&'a str, NodeIndex>,
    accounts: HashMap<&'a str, NodeIndex>,
    groups: HashMap<&'a str, NodeIndex>,
    profiles: HashMap<&'a str, NodeIndex>,
    applications: HashMap<&'a str, NodeIndex>,
    units: HashMap<String, NodeIndex>,
    unit_table: Vec<Unit<'a>>,
    closure: GroupClosure,
    cycles: Vec<GroupCycle>,
    owner_links: Vec<OwnerLink>,
    edge_counts: [usize; 8],
    diagnostics: Diagnostics,
}

impl<'a> AccessGraph<'a> {
    /// The snapshot the graph was built from.
    pub fn snapshot(&self) -> &'a Snapshot {
        self.snapshot
    }

    /// The petgraph graph itself, for algorithms this module does not offer.
    pub fn graph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    /// Dangling references, duplicates and group cycles found while building.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Every nesting cycle, once each, sorted by the id of their first group.
    pub fn cycles(&self) -> &[GroupCycle] {
        &self.cycles
    }

    /// Nodes and edges by kind.
    pub fn counts(&self) -> GraphCounts {
        GraphCounts {
            nodes: NodeKind::ALL
                .iter()
                .map(|k| (*k, self.ranges[k.index()].len()))
                .collect(),
            edges: EdgeKind::ALL
                .iter()
                .map(|k| (*k, self.edge_counts[k.index()]))
                .collect(),
        }
    }

    /// The nodes of one kind, in snapshot order.
    pub fn nodes_of_kind(
        &self,
        kind: NodeKind,
    ) -> impl DoubleEndedIterator<Item = NodeIndex> + ExactSizeIterator {
        self.ranges[kind.index()]
            .clone()
            .map(|i| NodeIndex::new(i as usize))
    }

    /// The node of a record id, looked up among the nodes of `kind`.
    pub fn node_by_id(&self, kind: NodeKind, id: &str) -> Option<NodeIndex> {
        match kind {
            NodeKind::Person => self.persons.get(id),
            NodeKind::Account => self.accounts.get(id),
            NodeKind::Group => self.groups.get(id),
            NodeKind::Profile => self.profiles.get(id),
            NodeKind::Application => self.applications.get(id),
            NodeKind::Unit => self.units.get(id),
        }
        .copied()
    }

    pub fn person_node(&self, id: &str) -> Option<NodeIndex> {
        self.persons.get(id).copied()
    }

    pub fn account_node(&self, id: &str) -> Option<NodeIndex> {
        self.accounts.get(id).copied()
    }

    pub fn group_node(&self, id: &str) -> Option<NodeIndex> {
        self.groups.get(id).copied()
    }

    pub fn profile_node(&self, id: &str) -> Option<NodeIndex> {
        self.profiles.get(id).copied()
    }

    pub fn application_node(&self, id: &str) -> Option<NodeIndex> {
        self.applications.get(id).copied()
    }

    pub fn unit_node(&self, id: &str) -> Option<NodeIndex> {
        self.units.get(id).copied()
    }

    /// The weight of a node, if it exists.
    pub fn weight(&self, node: NodeIndex) -> Option<Node> {
        self.graph.node_weight(node).copied()
    }

    pub fn kind_of(&self, node: NodeIndex) -> Option<NodeKind> {
        self.weight(node).map(Node::kind)
    }

    /// A node with its record.
    pub fn node(&self, node: NodeIndex) -> Option<NodeRef<'_>> {
        let s = self.snapshot;
        Some(match self.weight(node)? {
            Node::Person(i) => NodeRef::Person(s.persons.get(i as usize)?),
            Node::Account(i) => NodeRef::Account(s.accounts.get(i as usize)?),
            Node::Group(i) => NodeRef::Group(s.groups.get(i as usize)?),
            Node::Profile(i) => NodeRef::Profile(s.profiles.get(i as usize)?),
            Node::Application(i) => NodeRef::Application(s.applications.get(i as usize)?),
            Node::Unit(i) => NodeRef::Unit(self.unit_table.get(i as usize)?),
        })
    }

    pub fn person(&self, node: NodeIndex) -> Option<&'a Person> {
        match self.weight(node)? {
            Node::Person(i) => self.snapshot.persons.get(i as usize),
            _ => None,
        }
    }

    pub fn account(&self, node: NodeIndex) -> Option<&'a Account> {
        match self.weight(node)? {
            Node::Account(i) => self.snapshot.accounts.get(i as usize),
            _ => None,
        }
    }

    pub fn group(&self, node: NodeIndex) -> Option<&'a Group> {
        match self.weight(node)? {
            Node::Group(i) => self.snapshot.groups.get(i as usize),
            _ => None,
        }
    }

    pub fn profile(&self, node: NodeIndex) -> Option<&'a Profile> {
        match self.weight(node)? {
            Node::Profile(i) => self.snapshot.profiles.get(i as usize),
            _ => None,
        }
    }

    pub fn application(&self, node: NodeIndex) -> Option<&'a Application> {
        match self.weight(node)? {
            Node::Application(i) => self.snapshot.applications.get(i as usize),
            _ => None,
        }
    }

    pub fn unit(&self, node: NodeIndex) -> Option<&Unit<'a>> {
        match self.weight(node)? {
            Node::Unit(i) => self.unit_table.get(i as usize),
            _ => None,
        }
    }

    /// The record id of a node (`<source>:<key>`, or the inventory id).
    pub fn node_id(&self, node: NodeIndex) -> Option<&str> {
        Some(match self.node(node)? {
            NodeRef::Person(p) => p.id.as_str(),
            NodeRef::Account(a) => a.id.as_str(),
            NodeRef::Group(g) => g.id.as_str(),
            NodeRef::Profile(p) => p.id.as_str(),
            NodeRef::Application(a) => a.id.as_str(),
            NodeRef::Unit(u) => u.id.as_str(),
        })
    }

    /// Where the node's record was read.
    pub fn node_provenance(&self, node: NodeIndex) -> Option<&'a Provenance> {
        let s = self.snapshot;
        Some(match self.weight(node)? {
            Node::Person(i) => &s.persons.get(i as usize)?.provenance,
            Node::Account(i) => &s.accounts.get(i as usize)?.provenance,
            Node::Group(i) => &s.groups.get(i as usize)?.provenance,
            Node::Profile(i) => &s.profiles.get(i as usize)?.provenance,
            Node::Application(i) => &s.applications.get(i as usize)?.provenance,
            Node::Unit(i) => self.unit_table.get(i as usize)?.provenance,
        })
    }

    /// The index of a group node among the group nodes (0-based), used by the
    /// closure tables.
    fn group_local(&self, node: NodeIndex) -> Option<u32> {
        let range = &self.ranges[NodeKind::Group.index()];
        let i = node.index() as u32;
        range.contains(&i).then(|| i - range.start)
    }

    /// The group node of a closure index.
    fn group_at(&self, local: u32) -> NodeIndex {
        NodeIndex::new((self.ranges[NodeKind::Group.index()].start + local) as usize)
    }
}
