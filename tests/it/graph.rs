//! The access graph on hand-made snapshots: nesting, cycles, dangling
//! references, effective rights, proof paths (here); managers, owner links,
//! duplicates and counts (`graph/records.rs`).

mod records;
mod support;

use petgraph::graph::NodeIndex;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, VecDeque};
use support::*;
use vigie::diag::Code;
use vigie::graph::{AccessGraph, Edge, EdgeKind, NodeKind};

#[test]
fn nesting_of_depth_three() {
    let mut s = snapshot();
    s.accounts = vec![ad_account("alice", 10)];
    s.groups = vec![
        group("g1", &["g2"], 20),
        group("g2", &["g3"], 21),
        group("g3", &[], 22),
        group("other", &[], 23),
    ];
    s.rights = vec![member("ad:alice", "g1", 10)];
    let g = AccessGraph::build(&s);
    assert!(g.diagnostics().is_empty(), "{}", g.diagnostics().render());
    assert_eq!(
        group_ids(&g, "ad:alice"),
        vec![("ad:g1", 1), ("ad:g2", 2), ("ad:g3", 3)]
    );

    let alice = g.account_node("ad:alice").unwrap();
    let g3 = g.group_node("ad:g3").unwrap();
    let path = g.path_to_group(alice, g3).unwrap();
    assert_eq!(
        g.path_ids(&path),
        vec!["ad:alice", "ad:g1", "ad:g2", "ad:g3"]
    );
    assert_eq!(g.membership_depth(alice, g3), Some(3));
    assert_eq!(
        g.path_to_group(alice, g.group_node("ad:other").unwrap()),
        None
    );

    let members = g.members_of_group_transitive(g3);
    assert_eq!(members.accounts, vec![(alice, 3)]);
    let nested: Vec<(&str, u32)> = members
        .groups
        .iter()
        .map(|&(n, d)| (g.node_id(n).unwrap(), d))
        .collect();
    assert_eq!(nested, vec![("ad:g1", 2), ("ad:g2", 1)]);
    let containing: Vec<(&str, u32)> = g
        .groups_containing(g.group_node("ad:g1").unwrap())
        .iter()
        .map(|&(n, d)| (g.node_id(n).unwrap(), d))
        .collect();
    assert_eq!(containing, vec![("ad:g2", 1), ("ad:g3", 2)]);
    assert!(g.cycles().is_empty());
}

#[test]
fn cycles_of_two_and_three_are_reported_once_and_resolved() {
    let mut s = snapshot();
    s.accounts = vec![
        ad_account("bob", 1),
        ad_account("carl", 2),
        ad_account("dan", 3),
    ];
    s.groups = vec![
        group("a", &["b"], 10),
        group("b", &["a"], 11),
        group("c", &["d"], 12),
        group("d", &["e"], 13),
        group("e", &["c", "top"], 14),
        group("top", &[], 15),
        group("inner", &["a"], 16),
    ];
    s.rights = vec![
        member("ad:bob", "a", 1),
        member("ad:carl", "d", 2),
        member("ad:dan", "inner", 3),
    ];
    let g = AccessGraph::build(&s);

    let cycles: Vec<Vec<&str>> = g
        .cycles()
        .iter()
        .map(|c| c.groups.iter().map(|&n| g.node_id(n).unwrap()).collect())
        .collect();
    assert_eq!(
        cycles,
        vec![vec!["ad:a", "ad:b"], vec!["ad:c", "ad:d", "ad:e"]]
    );
    let reported = warnings(&g, Code::GroupCycle);
    assert_eq!(reported.len(), 2, "{}", g.diagnostics().render());
    assert!(reported[0].message.contains("« A » (ad/export.ldif:10)"));
    assert!(reported[0].message.contains("« B » (ad/export.ldif:11)"));
    assert!(reported[1].message.contains("« C »") && reported[1].message.contains("« E »"));
    assert_eq!(reported[1].file.as_deref(), Some("ad/export.ldif"));
    assert_eq!(reported[1].line, Some(12));
    assert_eq!(g.diagnostics().items.len(), 2);

    assert_eq!(group_ids(&g, "ad:bob"), vec![("ad:a", 1), ("ad:b", 2)]);
    assert_eq!(
        group_ids(&g, "ad:carl"),
        vec![("ad:c", 3), ("ad:d", 1), ("ad:e", 2), ("ad:top", 3)]
    );
    assert_eq!(
        group_ids(&g, "ad:dan"),
        vec![("ad:a", 2), ("ad:b", 3), ("ad:inner", 1)]
    );
    let carl = g.account_node("ad:carl").unwrap();
    let c = g.group_node("ad:c").unwrap();
    let path = g.path_to_group(carl, c).unwrap();
    assert_eq!(g.path_ids(&path), vec!["ad:carl", "ad:d", "ad:e", "ad:c"]);

    // Members of A: bob directly, dan through INNER, and B (hence A itself
    // is excluded from its own member groups).
    let a = g.group_node("ad:a").unwrap();
    let m = g.members_of_group_transitive(a);
    let accounts: Vec<(&str, u32)> = m
        .accounts
        .iter()
        .map(|&(n, d)| (g.node_id(n).unwrap(), d))
        .collect();
    assert_eq!(accounts, vec![("ad:bob", 1), ("ad:dan", 2)]);
    let groups: Vec<(&str, u32)> = m
        .groups
        .iter()
        .map(|&(n, d)| (g.node_id(n).unwrap(), d))
        .collect();
    assert_eq!(groups, vec![("ad:b", 1), ("ad:inner", 1)]);
    // A group of a cycle contains itself, at the length of the way round.
    let containing: Vec<(&str, u32)> = g
        .groups_containing(a)
        .iter()
        .map(|&(n, d)| (g.node_id(n).unwrap(), d))
        .collect();
    assert_eq!(containing, vec![("ad:a", 2), ("ad:b", 1)]);
}

#[test]
fn dangling_references_become_located_warnings() {
    let mut s = snapshot();
    s.persons = vec![person("100", Some("999"), None, 5)];
    s.accounts = vec![ad_account("alice", 10), app_account("pacs", "alice", 3)];
    s.groups = vec![group("g1", &["ghost"], 20)];
    s.profiles = vec![profile("dpi", "medecin")];
    s.applications = vec![application("dpi")];
    s.rights = vec![
        member("ad:nobody", "g1", 30),
        member("ad:alice", "missing", 31),
        grant("ad:alice", "dpi:absent", None, 32),
        member("ad:alice", "g1", 33),
    ];
    let g = AccessGraph::build(&s);
    let unknown = warnings(&g, Code::UnknownReference);
    let find = |needle: &str| {
        unknown
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no warning with {needle}: {}", g.diagnostics().render()))
    };
    let d = find("« ad:nobody »");
    assert_eq!(
        (d.file.as_deref(), d.line),
        (Some("ad/export.ldif"), Some(30))
    );
    assert!(d.message.contains("absent des comptes lus"));
    assert_eq!(d.field.as_deref(), Some("compte"));
    assert_eq!(find("« ad:missing »").line, Some(31));
    assert!(find("« dpi:absent »").message.contains("profil"));
    let d = find("« ad:ghost »");
    assert_eq!((d.line, d.field.as_deref()), (Some(20), Some("memberOf")));
    let d = find("« 999 »");
    assert_eq!(
        (d.file.as_deref(), d.line),
        (Some("rh/agents.csv"), Some(5))
    );
    assert_eq!(d.field.as_deref(), Some("responsable"));
    let d = find("application « pacs »");
    assert_eq!(
        (d.file.as_deref(), d.line),
        (Some("pacs/comptes.csv"), Some(3))
    );
    assert_eq!(unknown.len(), 6, "{}", g.diagnostics().render());
    assert!(g.diagnostics().iter().all(|d| !d.is_error()));

    // What could be linked still is.
    let counts = g.counts();
    assert_eq!(counts.edges_of(EdgeKind::MemberOf), 1);
    assert_eq!(counts.edges_of(EdgeKind::NestedIn), 0);
    assert_eq!(counts.edges_of(EdgeKind::HasProfile), 0);
    assert_eq!(counts.edges_of(EdgeKind::Opens), 0);
    assert_eq!(counts.edges_of(EdgeKind::ReportsTo), 0);
    assert_eq!(group_ids(&g, "ad:alice"), vec![("ad:g1", 1)]);
}

#[test]
fn warnings_of_one_kind_are_capped_with_a_summary() {
    let mut s = snapshot();
    s.groups = vec![group("g1", &[], 1)];
    s.rights = (0..35)
        .map(|i| member(&format!("ad:ghost{i}"), "g1", 100 + i))
        .collect();
    let g = AccessGraph::build(&s);
    let items = &g.diagnostics().items;
    assert_eq!(items.len(), 21);
    assert!(items[20]
        .message
        .contains("… et 15 autre(s) droit(s) désignant un compte absent"));
}

#[test]
fn effective_rights_are_the_union_of_groups_profiles_and_applications() {
    let mut s = snapshot();
    s.accounts = vec![ad_account("eve", 1), app_account("dpi", "eve", 2)];
    s.groups = vec![
        group("soins", &["tous", "dpi-users"], 10),
        group("urgences", &["soins", "tous"], 11),
        group("tous", &[], 12),
        group("dpi-users", &["tous"], 13),
    ];
    s.profiles = vec![
        profile("dpi", "medecin"),
        profile("dpi", "prescripteur"),
        profile("lab", "lecture"),
    ];
    s.applications = vec![application("dpi"), application("lab"), application("pacs")];
    let mut lab_right = grant("dpi:eve", "lab:lecture", None, 7);
    lab_right.application = Some("pacs".into());
    s.rights = vec![
        member("ad:eve", "urgences", 1),
        member("ad:eve", "soins", 1),
        member("ad:eve", "soins", 2),
        grant("dpi:eve", "dpi:medecin", Some("UF1001"), 5),
        grant("dpi:eve", "dpi:prescripteur", None, 6),
        lab_right,
    ];
    let g = AccessGraph::build(&s);
    assert!(g.diagnostics().is_empty(), "{}", g.diagnostics().render());
    // `tous` is reached from both direct groups: depth 2 (shortest), once.
    assert_eq!(
        group_ids(&g, "ad:eve"),
        vec![
            ("ad:soins", 1),
            ("ad:urgences", 1),
            ("ad:tous", 2),
            ("ad:dpi-users", 2)
        ]
    );
    let ad_eve = g.account_node("ad:eve").unwrap();
    assert_eq!(g.direct_groups(ad_eve).len(), 3, "one edge per right");

    let dpi_eve = g.account_node("dpi:eve").unwrap();
    let rights = g.effective_rights(dpi_eve);
    assert!(rights.groups.is_empty());
    let profiles: Vec<(&str, Option<&str>)> = rights
        .profiles
        .iter()
        .map(|p| (p.profile.id.as_str(), p.scope()))
        .collect();
    assert_eq!(
        profiles,
        vec![
            ("dpi:medecin", Some("UF1001")),
            ("dpi:prescripteur", None),
            ("lab:lecture", None)
        ]
    );
    let apps: Vec<&str> = rights
        .applications
        .iter()
        .map(|(_, a)| a.id.as_str())
        .collect();
    assert_eq!(apps, vec!["dpi", "lab", "pacs"]);
    let counts = g.counts();
    // dpi:eve opens dpi (its own) and pacs (named by a right); lab comes
    // through the profile.
    assert_eq!(counts.edges_of(EdgeKind::Opens), 2);
    assert_eq!(counts.edges_of(EdgeKind::BelongsTo), 3);
    assert_eq!(counts.edges_of(EdgeKind::MemberOf), 3);
    assert_eq!(counts.edges_of(EdgeKind::NestedIn), 5);
}

/// Breadth-first search from an account over `member-of` and `nested-in`
/// edges: the reference the closure must agree with.
fn brute_force_depths(g: &AccessGraph<'_>, account: NodeIndex) -> HashMap<NodeIndex, u32> {
    let graph = g.graph();
    let mut dist = HashMap::new();
    let mut queue = VecDeque::from([(account, 0u32)]);
    let mut seen = std::collections::HashSet::from([account]);
    while let Some((n, d)) = queue.pop_front() {
        for e in graph.edges(n) {
            use petgraph::visit::EdgeRef;
            if !matches!(e.weight(), Edge::MemberOf { .. } | Edge::NestedIn) {
                continue;
            }
            if seen.insert(e.target()) {
                dist.insert(e.target(), d + 1);
                queue.push_back((e.target(), d + 1));
            }
        }
    }
    dist
}

#[test]
fn effective_groups_and_proof_paths_agree_with_a_brute_force_search() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut s = snapshot();
    let n_groups = 60;
    s.groups = (0..n_groups)
        .map(|i| {
            // Mostly upward nesting, with some back edges making cycles.
            let parents: Vec<String> = (0..rng.random_range(0..3))
                .map(|_| {
                    let p = if rng.random_bool(0.15) {
                        rng.random_range(0..n_groups)
                    } else {
                        rng.random_range(i..n_groups)
                    };
                    format!("g{p}")
                })
                .collect();
            let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
            group(&format!("g{i}"), &parents, i as u64 + 1)
        })
        .collect();
    s.accounts = (0..40)
        .map(|i| ad_account(&format!("u{i}"), i + 1))
        .collect();
    for i in 0..40 {
        for _ in 0..rng.random_range(0..4) {
            let gi = rng.random_range(0..n_groups);
            s.rights
                .push(member(&format!("ad:u{i}"), &format!("g{gi}"), i + 1));
        }
    }
    let g = AccessGraph::build(&s);
    assert!(!g.cycles().is_empty(), "the generator should make cycles");
    assert_eq!(warnings(&g, Code::GroupCycle).len(), g.cycles().len());
    let graph = g.graph();
    let mut checked = 0;
    for account in g.nodes_of_kind(NodeKind::Account) {
        let expected = brute_force_depths(&g, account);
        let got: HashMap<NodeIndex, u32> = g
            .effective_groups(account)
            .map(|e| (e.node, e.depth))
            .collect();
        assert_eq!(got, expected, "account {:?}", g.node_id(account));
        for (&group, &depth) in &expected {
            let path = g.path_to_group(account, group).expect("a path");
            assert_eq!(path.len() as u32, depth + 1);
            assert_eq!(path.first(), Some(&account));
            assert_eq!(path.last(), Some(&group));
            for pair in path.windows(2) {
                let edge = graph
                    .find_edge(pair[0], pair[1])
                    .expect("an edge of the path");
                let ok = if pair[0] == account {
                    matches!(graph[edge], Edge::MemberOf { .. })
                } else {
                    graph[edge] == Edge::NestedIn
                };
                assert!(ok, "wrong edge kind in path");
            }
            assert_eq!(g.membership_depth(account, group), Some(depth));
            let members = g.members_of_group_transitive(group);
            assert!(members.accounts.contains(&(account, depth)));
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} memberships checked");
}
