//! Builds the access graph of a synthetic GHT-sized snapshot and prints how
//! long it takes and how much memory it holds (figures, not a timed test).
//!
//! Default size: 100,000 persons, 250,000 accounts, 5,000 nested groups with a
//! few cycles, about 3,000,000 rights. `VIGIE_BENCH_SCALE=0.1` scales it.
//!
//! `cargo bench --bench graph_build`

use chrono::TimeZone;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use vigie::graph::{AccessGraph, EdgeKind, NodeKind};
use vigie::model::{
    Account, Application, Establishment, Group, Person, Profile, Provenance, Right, RightKind,
    Snapshot, SNAPSHOT_FORMAT,
};

const APPS: [&str; 3] = ["dpi", "pacs", "lab"];

fn main() {
    let scale: f64 = std::env::var("VIGIE_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| *s > 0.0)
        .unwrap_or(if std::env::var_os("VIGIE_BENCH_SMALL").is_some() {
            0.01
        } else {
            1.0
        });
    let size = |n: f64| ((n * scale).round() as usize).max(10);

    let t = Instant::now();
    let snapshot = synthetic(
        size(100_000.0),
        size(250_000.0),
        size(5_000.0),
        size(3_000_000.0),
    );
    let gen_s = t.elapsed().as_secs_f64();
    let rss_snapshot = status_kb("VmRSS");
    println!(
        "instantané synthétique (échelle {scale}) : {} agents, {} comptes, {} groupes, {} profils, {} droits — généré en {gen_s:.2} s, RSS {} Mo",
        snapshot.persons.len(),
        snapshot.accounts.len(),
        snapshot.groups.len(),
        snapshot.profiles.len(),
        snapshot.rights.len(),
        rss_snapshot / 1024
    );

    let t = Instant::now();
    let graph = AccessGraph::build(&snapshot);
    let build_s = t.elapsed().as_secs_f64();
    let rss_graph = status_kb("VmRSS");
    println!(
        "AccessGraph::build : {build_s:.2} s ; RSS +{} Mo pour le graphe ; {} cycle(s), {} avertissement(s)",
        rss_graph.saturating_sub(rss_snapshot) / 1024,
        graph.cycles().len(),
        graph.diagnostics().items.len()
    );
    let counts = graph.counts();
    for (kind, n) in &counts.nodes {
        println!("  nœuds {:<12} {n}", kind.as_str());
    }
    for (kind, n) in &counts.edges {
        println!("  arêtes {:<12} {n}", kind.as_str());
    }

    let t = Instant::now();
    let (mut groups, mut profiles, mut apps, mut max_depth) = (0usize, 0usize, 0usize, 0u32);
    for account in graph.nodes_of_kind(NodeKind::Account) {
        let rights = graph.effective_rights(account);
        groups += rights.groups.len();
        profiles += rights.profiles.len();
        apps += rights.applications.len();
        max_depth = rights
            .groups
            .iter()
            .map(|g| g.depth)
            .max()
            .unwrap_or(0)
            .max(max_depth);
    }
    let effective_s = t.elapsed().as_secs_f64();
    println!(
        "droits effectifs de tous les comptes : {effective_s:.2} s ({groups} appartenances effectives, profondeur max {max_depth}, {profiles} profils, {apps} applications)"
    );

    let t = Instant::now();
    let mut path_len = 0usize;
    let mut paths = 0usize;
    for account in graph.nodes_of_kind(NodeKind::Account).step_by(10) {
        let deepest = graph.effective_groups(account).max_by_key(|g| g.depth);
        if let Some(g) = deepest {
            if let Some(p) = graph.path_to_group(account, g.node) {
                path_len += p.len();
                paths += 1;
            }
        }
    }
    println!(
        "{paths} preuves (chemin le plus court vers le groupe le plus profond) : {:.2} s, longueur moyenne {:.1}",
        t.elapsed().as_secs_f64(),
        path_len as f64 / paths.max(1) as f64
    );

    let t = Instant::now();
    let tops: Vec<_> = graph
        .nodes_of_kind(NodeKind::Group)
        .rev()
        .take(20)
        .collect();
    let members: usize = tops
        .iter()
        .map(|&g| graph.members_of_group_transitive(g).accounts.len())
        .sum();
    println!(
        "membres transitifs des 20 groupes du sommet : {:.2} s ({members} comptes au total)",
        t.elapsed().as_secs_f64()
    );
    println!(
        "pic mémoire (VmHWM) : {} Mo ; arêtes member-of : {}",
        status_kb("VmHWM") / 1024,
        counts.edges_of(EdgeKind::MemberOf)
    );
}

/// A field of /proc/self/status, in kB (0 where unavailable).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn prov(source: &Arc<str>, file: &Arc<str>, line: usize) -> Provenance {
    Provenance {
        source: source.clone(),
        file: file.clone(),
        line: Some(line as u64 + 2),
        sheet: None,
        row: None,
    }
}

fn synthetic(n_persons: usize, n_accounts: usize, n_groups: usize, n_rights: usize) -> Snapshot {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let (rh, rh_file): (Arc<str>, Arc<str>) = (Arc::from("rh"), Arc::from("rh/agents.csv"));
    let (ad, ad_file): (Arc<str>, Arc<str>) = (Arc::from("ad"), Arc::from("ad/export.ldif"));

    let persons: Vec<Person> = (0..n_persons)
        .map(|i| {
            let manager = (i > 0).then(|| format!("{:06}", rng.random_range(0..i.min(2_000))));
            person(i, manager, rng.random_range(0..500), prov(&rh, &rh_file, i))
        })
        .collect();

    // Directory accounts: one per person plus 10 % of service accounts; the
    // rest are application accounts.
    let n_ad = (n_persons + n_persons / 10).min(n_accounts);
    let mut accounts: Vec<Account> = (0..n_ad)
        .map(|i| Account::new("ad", &format!("u{i:06}"), prov(&ad, &ad_file, i)))
        .collect();
    let app_files: Vec<(Arc<str>, Arc<str>)> = APPS
        .iter()
        .map(|a| {
            (
                Arc::from(*a),
                Arc::from(format!("{a}/comptes.csv").as_str()),
            )
        })
        .collect();
    for i in 0..n_accounts - n_ad {
        let k = i % APPS.len();
        let (src, file) = &app_files[k];
        let mut a = Account::new(APPS[k], &format!("u{i:06}"), prov(src, file, i));
        a.application = Some(APPS[k].to_string());
        accounts.push(a);
    }

    // Groups in six tiers; each group nests in 0–2 groups of the next tier
    // (depth ≤ 5), plus a few back edges making cycles.
    let tier = |i: usize| i * 6 / n_groups;
    let tier_start = |t: usize| (t * n_groups).div_ceil(6);
    let mut groups: Vec<Group> = (0..n_groups)
        .map(|i| {
            let t = tier(i);
            let parents = if t + 1 < 6 {
                let (lo, hi) = (tier_start(t + 1), tier_start(t + 2).min(n_groups));
                (0..rng.random_range(0..3))
                    .map(|_| format!("ad:cn=g{:05}", rng.random_range(lo..hi.max(lo + 1))))
                    .collect()
            } else {
                Vec::new()
            };
            Group {
                id: format!("ad:cn=g{i:05}"),
                source: "ad".into(),
                name: format!("G{i:05}"),
                dn: None,
                sid: None,
                description: None,
                member_of: parents,
                referenced_only: false,
                provenance: prov(&ad, &ad_file, n_ad + i),
            }
        })
        .collect();
    for c in 0..10 {
        // g(c) ⊂ g(c+top) and g(c+top) ⊂ g(c): a cycle of two across tiers.
        let (a, b) = (c * 7 % n_groups, (c * 7 + n_groups / 2) % n_groups);
        groups[a].member_of.push(format!("ad:cn=g{b:05}"));
        groups[b].member_of.push(format!("ad:cn=g{a:05}"));
    }

    let profiles: Vec<Profile> = APPS
        .iter()
        .flat_map(|a| {
            (0..200).map(move |p| Profile {
                id: format!("{a}:profil-{p}"),
                source: a.to_string(),
                application: Some(a.to_string()),
                name: format!("Profil {p}"),
                provenance: Provenance {
                    source: Arc::from(*a),
                    file: Arc::from("profils.csv"),
                    line: Some(p as u64 + 2),
                    sheet: None,
                    row: None,
                },
            })
        })
        .collect();
    let applications: Vec<Application> = APPS.iter().map(|a| application(a)).collect();

    // Rights: ~70 % directory group memberships (mostly in the lower tiers),
    // the rest application profiles, some with a UF scope.
    let ad_rights = n_rights * 7 / 10;
    let mut rights = Vec::with_capacity(n_rights);
    for i in 0..n_rights {
        if i < ad_rights {
            let account = &accounts[rng.random_range(0..n_ad)];
            let g = rng.random_range(0..(n_groups / 2).max(1));
            rights.push(Right::new(
                &account.id,
                RightKind::GroupMembership,
                &groups[g].id,
                None,
                prov(&ad, &ad_file, i),
            ));
        } else if n_accounts > n_ad {
            let k = rng.random_range(0..n_accounts - n_ad);
            let account = &accounts[n_ad + k];
            let app = k % APPS.len();
            let scope = rng
                .random_bool(0.3)
                .then(|| format!("UF{}", rng.random_range(0..500)));
            let (src, file) = &app_files[app];
            let mut r = Right::new(
                &account.id,
                RightKind::Profile,
                &profiles[app * 200 + rng.random_range(0..200)].id,
                scope,
                prov(src, file, i),
            );
            r.application = Some(APPS[app].to_string());
            rights.push(r);
        }
    }

    Snapshot {
        format: SNAPSHOT_FORMAT,
        vigie_version: env!("CARGO_PKG_VERSION").into(),
        taken_at: chrono::Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap(),
        establishment: Establishment {
            name: "GHT synthétique".into(),
            finess: "010000000".into(),
            sites: vec![],
            ght: None,
        },
        sources: vec![],
        persons,
        accounts,
        groups,
        profiles,
        applications,
        rights,
        rpps: vec![],
    }
}

fn person(i: usize, manager: Option<String>, unit: usize, provenance: Provenance) -> Person {
    Person {
        id: format!("rh:{i:06}"),
        employee_number: format!("{i:06}"),
        birth_name: Some(format!("NOM{i}")),
        usage_name: None,
        first_names: Some("Camille".into()),
        birth_date: None,
        sex: None,
        profession_code: None,
        profession_label: None,
        rpps: None,
        unit_code: Some(format!("UF{unit}")),
        unit_label: None,
        site_finess: None,
        contract: None,
        contract_raw: None,
        arrival_date: None,
        end_date: None,
        status: None,
        status_raw: None,
        manager,
        email: None,
        extra: BTreeMap::new(),
        provenance,
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
        health_data: Some(true),
        extra: BTreeMap::new(),
        provenance: Provenance {
            source: Arc::from("inventaire"),
            file: Arc::from("applications.xlsx"),
            line: None,
            sheet: Some(Arc::from("Applications")),
            row: Some(2),
        },
    }
}
