//! Snapshot → graph. Nodes are added kind after kind (so each kind is a
//! contiguous range of indices), then the edges: nesting (and its closure),
//! accesses (`rights`), hierarchy and units. A reference that leads nowhere is
//! dropped and reported as a warning (`warnings`).

use super::groups::GroupClosure;
use super::warnings::{locate, Category, Warnings};
use super::{AccessGraph, Edge, GroupCycle, Node, NodeKind, Unit};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Group, Person, Provenance, Snapshot};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use rustc_hash::FxHashMap as HashMap;

impl<'a> AccessGraph<'a> {
    /// Builds the graph of a snapshot. Never fails: what cannot be linked is
    /// left out and reported in [`AccessGraph::diagnostics`].
    pub fn build(snapshot: &'a Snapshot) -> AccessGraph<'a> {
        let s = snapshot;
        let node_estimate = s.persons.len()
            + s.accounts.len()
            + s.groups.len()
            + s.profiles.len()
            + s.applications.len();
        let edge_estimate = s.rights.len()
            + s.accounts.len()
            + 2 * s.persons.len()
            + s.groups.iter().map(|g| g.member_of.len()).sum::<usize>();
        let mut g = AccessGraph {
            snapshot,
            graph: DiGraph::with_capacity(node_estimate, edge_estimate),
            ranges: Default::default(),
            persons: HashMap::with_capacity_and_hasher(s.persons.len(), Default::default()),
            accounts: HashMap::with_capacity_and_hasher(s.accounts.len(), Default::default()),
            groups: HashMap::with_capacity_and_hasher(s.groups.len(), Default::default()),
            profiles: HashMap::with_capacity_and_hasher(s.profiles.len(), Default::default()),
            applications: HashMap::with_capacity_and_hasher(
                s.applications.len(),
                Default::default(),
            ),
            units: HashMap::default(),
            unit_table: Vec::new(),
            closure: GroupClosure::default(),
            cycles: Vec::new(),
            owner_links: Vec::new(),
            edge_counts: [0; 8],
            diagnostics: Diagnostics::new(),
        };
        let mut w = Warnings::new();
        g.add_nodes(&mut w);
        g.add_unit_nodes();
        g.add_nesting(&mut w);
        g.add_accesses(&mut w);
        g.add_hierarchy(&mut w);
        g.report_cycles(&mut w);
        g.diagnostics = w.finish();
        g
    }

    pub(super) fn add_edge(&mut self, from: NodeIndex, to: NodeIndex, edge: Edge) -> EdgeIndex {
        self.edge_counts[edge.kind().index()] += 1;
        self.graph.add_edge(from, to, edge)
    }

    fn add_nodes(&mut self, w: &mut Warnings) {
        let s = self.snapshot;
        let mut map = HashMap::default();
        self.ranges[NodeKind::Person.index()] = add_kind(
            &mut self.graph,
            &mut map,
            &s.persons,
            |p| (&p.id, &p.provenance, true),
            Node::Person,
            "agents",
            w,
        );
        self.persons = std::mem::take(&mut map);
        self.ranges[NodeKind::Account.index()] = add_kind(
            &mut self.graph,
            &mut map,
            &s.accounts,
            |a| (&a.id, &a.provenance, true),
            Node::Account,
            "comptes",
            w,
        );
        self.accounts = std::mem::take(&mut map);
        // A group seen only as a reference gives way to its full record.
        self.ranges[NodeKind::Group.index()] = add_kind(
            &mut self.graph,
            &mut map,
            &s.groups,
            |g| (&g.id, &g.provenance, !g.referenced_only),
            Node::Group,
            "groupes",
            w,
        );
        self.groups = std::mem::take(&mut map);
        self.ranges[NodeKind::Profile.index()] = add_kind(
            &mut self.graph,
            &mut map,
            &s.profiles,
            |p| (&p.id, &p.provenance, true),
            Node::Profile,
            "profils",
            w,
        );
        self.profiles = std::mem::take(&mut map);
        self.ranges[NodeKind::Application.index()] = add_kind(
            &mut self.graph,
            &mut map,
            &s.applications,
            |a| (&a.id, &a.provenance, true),
            Node::Application,
            "applications",
            w,
        );
        self.applications = map;
    }

    /// One unit per `<HR source>:<unit code>` of the persons kept.
    fn add_unit_nodes(&mut self) {
        let start = self.graph.node_count() as u32;
        let persons: Vec<&'a Person> = self
            .nodes_of_kind(NodeKind::Person)
            .filter_map(|n| self.person(n))
            .collect();
        for p in persons {
            let Some(code) = p
                .unit_code
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            else {
                continue;
            };
            let id = crate::model::record_id(&p.provenance.source, code);
            if let Some(&n) = self.units.get(&id) {
                let i = match self.graph[n] {
                    Node::Unit(i) => i as usize,
                    _ => continue,
                };
                let unit = &mut self.unit_table[i];
                if unit.label.is_none() {
                    unit.label = p.unit_label.as_deref().filter(|l| !l.trim().is_empty());
                }
                continue;
            }
            let n = self
                .graph
                .add_node(Node::Unit(self.unit_table.len() as u32));
            self.unit_table.push(Unit {
                id: id.clone(),
                code,
                label: p.unit_label.as_deref().filter(|l| !l.trim().is_empty()),
                provenance: &p.provenance,
            });
            self.units.insert(id, n);
        }
        self.ranges[NodeKind::Unit.index()] = start..self.graph.node_count() as u32;
    }

    /// `nested-in` edges and the transitive closure of the nesting.
    fn add_nesting(&mut self, w: &mut Warnings) {
        let group_nodes: Vec<NodeIndex> = self.nodes_of_kind(NodeKind::Group).collect();
        let mut parents_of: Vec<Vec<u32>> = vec![Vec::new(); group_nodes.len()];
        for (local, &n) in group_nodes.iter().enumerate() {
            let Some(group) = self.group(n) else { continue };
            for parent_id in &group.member_of {
                let Some(p) = self.groups.get(parent_id.as_str()).copied() else {
                    w.push(Category::GroupParent, || {
                        locate(
                            Diagnostic::warning(
                                Code::UnknownReference,
                                format!(
                                    "le groupe « {} » est déclaré membre du groupe « {parent_id} », \
                                     absent des groupes lus : imbrication ignorée",
                                    group.name
                                ),
                            ),
                            &group.provenance,
                        )
                        .field("memberOf")
                    });
                    continue;
                };
                let Some(p_local) = self.group_local(p) else {
                    continue;
                };
                if !parents_of[local].contains(&p_local) {
                    parents_of[local].push(p_local);
                    self.add_edge(n, p, Edge::NestedIn);
                }
            }
        }
        self.closure = GroupClosure::compute(parents_of);
    }

    /// `reports-to` (manager, a matricule of the same HR source) and
    /// `assigned-to` edges.
    fn add_hierarchy(&mut self, w: &mut Warnings) {
        let persons: Vec<NodeIndex> = self.nodes_of_kind(NodeKind::Person).collect();
        // (source, matricule) → person; then the same with leading zeros
        // dropped, where unambiguous (exports disagree on padding).
        let mut exact: HashMap<(&'a str, &'a str), NodeIndex> = HashMap::default();
        let mut loose: HashMap<(&'a str, &'a str), Option<NodeIndex>> = HashMap::default();
        for &n in &persons {
            let Some(p) = self.person(n) else { continue };
            let key = (&*p.provenance.source, p.employee_number.trim());
            exact.entry(key).or_insert(n);
            loose
                .entry((key.0, strip_zeros(key.1)))
                .and_modify(|e| {
                    if *e != Some(n) {
                        *e = None
                    }
                })
                .or_insert(Some(n));
        }
        for &n in &persons {
            let Some(p) = self.person(n) else { continue };
            if let Some(unit_code) = p
                .unit_code
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                let id = crate::model::record_id(&p.provenance.source, unit_code);
                if let Some(&u) = self.units.get(&id) {
                    self.add_edge(n, u, Edge::AssignedTo);
                }
            }
            let Some(manager) = p
                .manager
                .as_deref()
                .map(str::trim)
                .filter(|m| !m.is_empty())
            else {
                continue;
            };
            let source: &str = &p.provenance.source;
            let found = exact.get(&(source, manager)).copied().or_else(|| {
                loose
                    .get(&(source, strip_zeros(manager)))
                    .copied()
                    .flatten()
            });
            match found {
                Some(m) if m == n => {} // the head of the hierarchy, own manager
                Some(m) => {
                    self.add_edge(n, m, Edge::ReportsTo);
                }
                None => w.push(Category::Manager, || {
                    locate(
                        Diagnostic::warning(
                            Code::UnknownReference,
                            format!(
                                "le responsable de matricule « {manager} » de l'agent « {} » \
                                 (matricule {}) est absent de la source RH « {source} » : \
                                 lien hiérarchique ignoré",
                                p.display_name(),
                                p.employee_number
                            ),
                        ),
                        &p.provenance,
                    )
                    .field("responsable")
                }),
            }
        }
    }

    /// One warning per nesting cycle, and the cycles as data.
    fn report_cycles(&mut self, w: &mut Warnings) {
        let mut cycles: Vec<GroupCycle> = self
            .closure
            .cycles()
            .iter()
            .map(|members| {
                let mut groups: Vec<NodeIndex> =
                    members.iter().map(|&m| self.group_at(m)).collect();
                groups.sort_by_key(|&n| self.group(n).map(|g| g.id.as_str()));
                GroupCycle { groups }
            })
            .collect();
        cycles.sort_by_key(|c| c.groups.first().and_then(|&n| self.group(n)).map(|g| &g.id));
        for cycle in &cycles {
            let groups: Vec<&Group> = cycle.groups.iter().filter_map(|&n| self.group(n)).collect();
            let Some(first) = groups.first() else {
                continue;
            };
            let listed: Vec<String> = groups
                .iter()
                .map(|g| format!("« {} » ({})", g.name, g.provenance.location()))
                .collect();
            let message = if groups.len() == 1 {
                format!(
                    "le groupe {} est déclaré membre de lui-même",
                    listed.join("")
                )
            } else {
                format!(
                    "cycle d'imbrication de groupes : {} sont membres les uns des autres ; \
                     chacun est traité comme membre de tous les autres",
                    listed.join(", ")
                )
            };
            w.push(Category::Cycle, || {
                locate(Diagnostic::warning(Code::GroupCycle, message), &first.provenance)
                    .field("memberOf")
                    .help("corriger l'imbrication dans l'annuaire : un cycle rend les droits effectifs difficiles à relire")
            });
        }
        self.cycles = cycles;
    }
}

/// Adds the nodes of one kind, first record of each id kept (or the first
/// *full* record, when `prefer` says a record is only a reference), and
/// returns their index range.
fn add_kind<'a, T>(
    graph: &mut DiGraph<Node, Edge>,
    map: &mut HashMap<&'a str, NodeIndex>,
    records: &'a [T],
    key: impl Fn(&'a T) -> (&'a String, &'a Provenance, bool),
    node: impl Fn(u32) -> Node,
    kind_fr: &str,
    w: &mut Warnings,
) -> std::ops::Range<u32> {
    // Choose the record kept for each id.
    let mut chosen: HashMap<&'a str, u32> =
        HashMap::with_capacity_and_hasher(records.len(), Default::default());
    for (i, r) in records.iter().enumerate() {
        let (id, _, full) = key(r);
        chosen
            .entry(id.as_str())
            .and_modify(|c| {
                let (_, _, kept_full) = key(&records[*c as usize]);
                if full && !kept_full {
                    *c = i as u32;
                }
            })
            .or_insert(i as u32);
    }
    let start = graph.node_count() as u32;
    for (i, r) in records.iter().enumerate() {
        let (id, prov, _) = key(r);
        let kept = chosen.get(id.as_str()).copied();
        if kept == Some(i as u32) {
            map.insert(id.as_str(), graph.add_node(node(i as u32)));
            continue;
        }
        let kept_at = kept
            .and_then(|k| records.get(k as usize))
            .map(|k| key(k).1.location())
            .unwrap_or_default();
        w.push(Category::Duplicate, || {
            locate(
                Diagnostic::warning(
                    Code::DuplicateKey,
                    format!(
                        "identifiant « {id} » en double parmi les {kind_fr} : seul \
                         l'enregistrement lu en {kept_at} est retenu dans le graphe"
                    ),
                ),
                prov,
            )
        });
    }
    start..graph.node_count() as u32
}

/// `"000123"` → `"123"`, `"000"` → `"0"`.
fn strip_zeros(s: &str) -> &str {
    let t = s.trim_start_matches('0');
    if t.is_empty() && !s.is_empty() {
        "0"
    } else {
        t
    }
}
