//! People, owner links, duplicates, counts and warning locations.

use super::support::*;
use petgraph::graph::NodeIndex;
use std::sync::Arc;
use vigie::diag::Code;
use vigie::graph::{AccessGraph, EdgeKind, LinkError, NodeKind, NodeRef, OwnerLink};
use vigie::model::Provenance;

#[test]
fn managers_units_and_people() {
    let mut s = snapshot();
    s.persons = vec![
        person("0042", Some("0042"), Some("UF1"), 2), // head, own manager
        person("7", Some("42"), Some("UF1"), 3),      // padding differs
        person("8", Some("0042"), Some(" UF2 "), 4),
        person("9", Some("7"), None, 5),
    ];
    let mut other_hr = person("7", None, Some("UF1"), 9);
    other_hr.id = "rh2:7".into();
    other_hr.provenance = prov("rh2", "rh2/agents.csv", 9);
    s.persons.push(other_hr);
    let g = AccessGraph::build(&s);
    assert!(g.diagnostics().is_empty(), "{}", g.diagnostics().render());
    let head = g.person_node("rh:0042").unwrap();
    let p7 = g.person_node("rh:7").unwrap();
    let p8 = g.person_node("rh:8").unwrap();
    let p9 = g.person_node("rh:9").unwrap();
    assert_eq!(g.manager_of(head), None);
    assert_eq!(g.manager_of(p7), Some(head));
    assert_eq!(g.manager_of(p9), Some(p7), "same HR source only");
    assert_eq!(g.direct_reports(head), vec![p7, p8]);
    assert_eq!(g.counts().edges_of(EdgeKind::ReportsTo), 3);

    // UF1 of `rh` and UF1 of `rh2` are different units.
    assert_eq!(g.counts().nodes_of(NodeKind::Unit), 3);
    let uf1 = g.unit_node("rh:UF1").unwrap();
    assert_eq!(g.persons_in_unit(uf1), vec![head, p7]);
    assert_eq!(g.unit(uf1).unwrap().label, Some("Unité UF1"));
    assert_eq!(g.unit_of(p8), g.unit_node("rh:UF2"));
    assert!(g.unit_node("rh2:UF1").is_some());
    assert!(matches!(g.node(uf1), Some(NodeRef::Unit(u)) if u.code == "UF1"));
}

#[test]
fn link_owner_attaches_accounts_to_persons() {
    let mut s = snapshot();
    s.persons = vec![person("1", None, None, 2), person("2", None, None, 3)];
    s.accounts = vec![ad_account("alice", 1), app_account("dpi", "alice", 1)];
    let mut g = AccessGraph::build(&s);
    let ad = g.account_node("ad:alice").unwrap();
    let dpi = g.account_node("dpi:alice").unwrap();
    let p1 = g.person_node("rh:1").unwrap();
    let p2 = g.person_node("rh:2").unwrap();
    assert!(g.owners_of_account(ad).is_empty());

    let link = |rule: &str, certain| OwnerLink {
        rule: rule.into(),
        score: None,
        certain,
    };
    let e1 = g.link_owner("rh:1", "ad:alice", link("R2", true)).unwrap();
    g.link_owner("rh:1", "dpi:alice", link("R4", false))
        .unwrap();
    g.link_owner("rh:2", "ad:alice", link("R4", false)).unwrap();
    let again = g
        .link_owner("rh:1", "ad:alice", link("décision", true))
        .unwrap();
    assert_eq!(again, e1, "relinking replaces, no second edge");
    assert_eq!(g.counts().edges_of(EdgeKind::Owns), 3);

    let accounts: Vec<(NodeIndex, &str)> = g
        .accounts_of_person(p1)
        .iter()
        .map(|(n, l)| (*n, l.rule.as_str()))
        .collect();
    assert_eq!(accounts, vec![(ad, "décision"), (dpi, "R4")]);
    let owners: Vec<(NodeIndex, bool)> = g
        .owners_of_account(ad)
        .iter()
        .map(|(n, l)| (*n, l.certain))
        .collect();
    assert_eq!(owners, vec![(p1, true), (p2, false)]);

    assert_eq!(
        g.link_owner("rh:404", "ad:alice", link("R1", true)),
        Err(LinkError::UnknownPerson("rh:404".into()))
    );
    let err = g
        .link_owner("rh:1", "ad:bob", link("R1", true))
        .unwrap_err();
    assert_eq!(err.to_string(), "compte « ad:bob » absent du graphe");
    assert!(
        g.link_owner_nodes(ad, p1, link("R1", true)).is_err(),
        "kinds are checked"
    );
}

#[test]
fn duplicates_keep_one_node_and_a_full_group_wins_over_a_reference() {
    let mut s = snapshot();
    s.accounts = vec![ad_account("alice", 1), ad_account("alice", 8)];
    let mut reference = group("g1", &[], 3);
    reference.referenced_only = true;
    s.groups = vec![reference, group("g1", &["g2"], 9), group("g2", &[], 10)];
    s.rights = vec![member("ad:alice", "g1", 1)];
    let g = AccessGraph::build(&s);
    let dups = warnings(&g, Code::DuplicateKey);
    assert_eq!(dups.len(), 2, "{}", g.diagnostics().render());
    assert_eq!(dups[0].line, Some(8));
    assert!(dups[0].message.contains("ad/export.ldif:1"));
    assert_eq!(dups[1].line, Some(3), "the reference is the one dropped");
    assert_eq!(g.counts().nodes_of(NodeKind::Account), 1);
    assert_eq!(g.counts().nodes_of(NodeKind::Group), 2);
    assert_eq!(group_ids(&g, "ad:alice"), vec![("ad:g1", 1), ("ad:g2", 2)]);
}

#[test]
fn nodes_by_kind_and_counts() {
    let mut s = snapshot();
    s.persons = vec![person("1", None, Some("UF1"), 2)];
    s.accounts = vec![ad_account("a", 1), ad_account("b", 2)];
    s.groups = vec![group("g", &[], 1)];
    s.profiles = vec![profile("dpi", "p")];
    s.applications = vec![application("dpi")];
    let g = AccessGraph::build(&s);
    let counts = g.counts();
    let nodes: Vec<(NodeKind, usize)> = counts.nodes.clone();
    assert_eq!(
        nodes,
        vec![
            (NodeKind::Person, 1),
            (NodeKind::Account, 2),
            (NodeKind::Group, 1),
            (NodeKind::Profile, 1),
            (NodeKind::Application, 1),
            (NodeKind::Unit, 1),
        ]
    );
    assert_eq!(counts.edges_of(EdgeKind::AssignedTo), 1);
    assert_eq!(counts.edges_of(EdgeKind::BelongsTo), 1);
    let ids: Vec<&str> = g
        .nodes_of_kind(NodeKind::Account)
        .filter_map(|n| g.node_id(n))
        .collect();
    assert_eq!(ids, vec!["ad:a", "ad:b"]);
    for kind in NodeKind::ALL {
        for n in g.nodes_of_kind(kind) {
            assert_eq!(g.kind_of(n), Some(kind));
            assert!(g.node_provenance(n).is_some());
        }
    }
    let json = serde_json::to_value(&counts).unwrap();
    assert_eq!(json["edges"][0], serde_json::json!(["member-of", 0]));
}

#[test]
fn spreadsheet_rows_are_located_by_sheet() {
    let mut s = snapshot();
    let mut r = member("pacs:x", "g", 1);
    r.provenance = Provenance {
        source: Arc::from("pacs"),
        file: Arc::from("pacs.xlsx"),
        line: None,
        sheet: Some(Arc::from("Utilisateurs")),
        row: Some(4),
    };
    s.rights = vec![r];
    let g = AccessGraph::build(&s);
    let d = &g.diagnostics().items[0];
    assert_eq!(d.file.as_deref(), Some("pacs.xlsx[Utilisateurs]"));
    assert_eq!(d.line, Some(4));
}
