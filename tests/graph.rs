//! The access graph on hand-made snapshots: nesting, cycles, dangling
//! references, effective rights, proof paths, managers, owner links.

use chrono::TimeZone;
use petgraph::graph::NodeIndex;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use vigie::diag::{Code, Diagnostic};
use vigie::graph::{AccessGraph, Edge, EdgeKind, LinkError, NodeKind, NodeRef, OwnerLink};
use vigie::model::{
    Account, Application, Establishment, Group, Person, Profile, Provenance, Right, RightKind,
    Snapshot, SNAPSHOT_FORMAT,
};

fn prov(source: &str, file: &str, line: u64) -> Provenance {
    Provenance {
        source: Arc::from(source),
        file: Arc::from(file),
        line: Some(line),
        sheet: None,
        row: None,
    }
}

fn snapshot() -> Snapshot {
    Snapshot {
        format: SNAPSHOT_FORMAT,
        vigie_version: "test".into(),
        taken_at: chrono::Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap(),
        establishment: Establishment {
            name: "CH Test".into(),
            finess: "010000000".into(),
            sites: vec![],
            ght: None,
        },
        sources: vec![],
        persons: vec![],
        accounts: vec![],
        groups: vec![],
        profiles: vec![],
        applications: vec![],
        rights: vec![],
        rpps: vec![],
    }
}

fn person(emp: &str, manager: Option<&str>, unit: Option<&str>, line: u64) -> Person {
    Person {
        id: format!("rh:{emp}"),
        employee_number: emp.into(),
        birth_name: Some(format!("NOM{emp}")),
        usage_name: None,
        first_names: Some("Alex".into()),
        birth_date: None,
        sex: None,
        profession_code: None,
        profession_label: None,
        rpps: None,
        unit_code: unit.map(String::from),
        unit_label: unit.map(|u| format!("Unité {u}")),
        site_finess: None,
        contract: None,
        contract_raw: None,
        arrival_date: None,
        end_date: None,
        status: None,
        status_raw: None,
        manager: manager.map(String::from),
        email: None,
        extra: BTreeMap::new(),
        provenance: prov("rh", "rh/agents.csv", line),
    }
}

fn ad_account(login: &str, line: u64) -> Account {
    Account::new("ad", login, prov("ad", "ad/export.ldif", line))
}

fn app_account(app: &str, login: &str, line: u64) -> Account {
    let mut a = Account::new(app, login, prov(app, &format!("{app}/comptes.csv"), line));
    a.application = Some(app.into());
    a
}

fn group(name: &str, parents: &[&str], line: u64) -> Group {
    Group {
        id: format!("ad:{name}"),
        source: "ad".into(),
        name: name.to_uppercase(),
        dn: None,
        sid: None,
        description: None,
        member_of: parents.iter().map(|p| format!("ad:{p}")).collect(),
        referenced_only: false,
        provenance: prov("ad", "ad/export.ldif", line),
    }
}

fn profile(app: &str, name: &str) -> Profile {
    Profile {
        id: format!("{app}:{name}"),
        source: app.into(),
        application: Some(app.into()),
        name: name.into(),
        provenance: prov(app, &format!("{app}/comptes.csv"), 1),
    }
}

fn application(id: &str) -> Application {
    Application {
        id: id.into(),
        name: id.to_uppercase(),
        category: None,
        criticality: None,
        auth_mode: None,
        protocol: None,
        sso: None,
        oidc_possible: None,
        owner: None,
        population: None,
        user_count: None,
        health_data: None,
        extra: BTreeMap::new(),
        provenance: prov("inventaire", "applications.xlsx", 2),
    }
}

fn member(account: &str, group: &str, line: u64) -> Right {
    Right::new(
        account,
        RightKind::GroupMembership,
        &format!("ad:{group}"),
        None,
        prov("ad", "ad/export.ldif", line),
    )
}

fn grant(account: &str, profile: &str, scope: Option<&str>, line: u64) -> Right {
    let app = profile.split(':').next().unwrap_or_default().to_string();
    let mut r = Right::new(
        account,
        RightKind::Profile,
        profile,
        scope.map(String::from),
        prov(&app, &format!("{app}/comptes.csv"), line),
    );
    r.application = Some(app);
    r
}

fn group_ids<'a>(g: &'a AccessGraph<'_>, account: &str) -> Vec<(&'a str, u32)> {
    let a = g.account_node(account).expect("account");
    g.effective_groups(a)
        .map(|e| (e.group.id.as_str(), e.depth))
        .collect()
}

fn warnings(g: &AccessGraph<'_>, code: Code) -> Vec<Diagnostic> {
    g.diagnostics()
        .iter()
        .filter(|d| d.code == code)
        .cloned()
        .collect()
}

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
