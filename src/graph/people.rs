//! People in the graph: the accounts reconciliation attaches to a person
//! ([`AccessGraph::link_owner`]), managers and units.

use super::{AccessGraph, Edge, NodeKind, OwnerLink};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

/// Why an owner link could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("agent « {0} » absent du graphe")]
    UnknownPerson(String),
    #[error("compte « {0} » absent du graphe")]
    UnknownAccount(String),
}

impl<'a> AccessGraph<'a> {
    /// Attaches an account to the person who owns it (`owns` edge), as
    /// reconciliation decided. Linking the same pair again replaces the link's
    /// reasons and returns the same edge. An account may get several owners
    /// (proposals for homonyms); telling them apart is the checks' business.
    pub fn link_owner(
        &mut self,
        person_id: &str,
        account_id: &str,
        link: OwnerLink,
    ) -> Result<EdgeIndex, LinkError> {
        let person = self
            .person_node(person_id)
            .ok_or_else(|| LinkError::UnknownPerson(person_id.to_string()))?;
        let account = self
            .account_node(account_id)
            .ok_or_else(|| LinkError::UnknownAccount(account_id.to_string()))?;
        self.link_owner_nodes(person, account, link)
    }

    /// [`AccessGraph::link_owner`] with nodes instead of ids.
    pub fn link_owner_nodes(
        &mut self,
        person: NodeIndex,
        account: NodeIndex,
        link: OwnerLink,
    ) -> Result<EdgeIndex, LinkError> {
        if self.kind_of(person) != Some(NodeKind::Person) {
            return Err(LinkError::UnknownPerson(format!("#{}", person.index())));
        }
        if self.kind_of(account) != Some(NodeKind::Account) {
            return Err(LinkError::UnknownAccount(format!("#{}", account.index())));
        }
        let existing =
            self.graph
                .edges_connecting(person, account)
                .find_map(|e| match *e.weight() {
                    Edge::Owns { link } => Some((e.id(), link)),
                    _ => None,
                });
        if let Some((edge, i)) = existing {
            if let Some(slot) = self.owner_links.get_mut(i as usize) {
                *slot = link;
            }
            return Ok(edge);
        }
        let i = self.owner_links.len() as u32;
        self.owner_links.push(link);
        Ok(self.add_edge(person, account, Edge::Owns { link: i }))
    }

    /// The accounts linked to a person, with the link's reasons; sorted by node.
    pub fn accounts_of_person(&self, person: NodeIndex) -> Vec<(NodeIndex, &OwnerLink)> {
        if self.kind_of(person) != Some(NodeKind::Person) {
            return Vec::new();
        }
        self.owner_edges(person, Direction::Outgoing)
    }

    /// The persons an account is linked to (none: an orphan so far).
    pub fn owners_of_account(&self, account: NodeIndex) -> Vec<(NodeIndex, &OwnerLink)> {
        if self.kind_of(account) != Some(NodeKind::Account) {
            return Vec::new();
        }
        self.owner_edges(account, Direction::Incoming)
    }

    /// The person's manager, from the HR `manager` matricule.
    pub fn manager_of(&self, person: NodeIndex) -> Option<NodeIndex> {
        if self.kind_of(person) != Some(NodeKind::Person) {
            return None;
        }
        self.graph
            .edges(person)
            .find(|e| matches!(e.weight(), Edge::ReportsTo))
            .map(|e| e.target())
    }

    /// The persons whose manager is `person`; sorted by node.
    pub fn direct_reports(&self, person: NodeIndex) -> Vec<NodeIndex> {
        self.sources_of(person, NodeKind::Person, |e| matches!(e, Edge::ReportsTo))
    }

    /// The unit (UF) a person is assigned to.
    pub fn unit_of(&self, person: NodeIndex) -> Option<NodeIndex> {
        if self.kind_of(person) != Some(NodeKind::Person) {
            return None;
        }
        self.graph
            .edges(person)
            .find(|e| matches!(e.weight(), Edge::AssignedTo))
            .map(|e| e.target())
    }

    /// The persons assigned to a unit; sorted by node.
    pub fn persons_in_unit(&self, unit: NodeIndex) -> Vec<NodeIndex> {
        self.sources_of(unit, NodeKind::Unit, |e| matches!(e, Edge::AssignedTo))
    }

    fn owner_edges(&self, node: NodeIndex, dir: Direction) -> Vec<(NodeIndex, &OwnerLink)> {
        let mut out: Vec<(NodeIndex, &OwnerLink)> = self
            .graph
            .edges_directed(node, dir)
            .filter_map(|e| match *e.weight() {
                Edge::Owns { link } => {
                    let other = if dir == Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    };
                    Some((other, self.owner_links.get(link as usize)?))
                }
                _ => None,
            })
            .collect();
        out.sort_by_key(|(n, _)| *n);
        out
    }

    fn sources_of(
        &self,
        node: NodeIndex,
        kind: NodeKind,
        keep: fn(&Edge) -> bool,
    ) -> Vec<NodeIndex> {
        if self.kind_of(node) != Some(kind) {
            return Vec::new();
        }
        let mut out: Vec<NodeIndex> = self
            .graph
            .edges_directed(node, Direction::Incoming)
            .filter(|e| keep(e.weight()))
            .map(|e| e.source())
            .collect();
        out.sort_unstable();
        out
    }
}
