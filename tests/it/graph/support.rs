//! Hand-made records with provenance, for the graph tests.

use chrono::TimeZone;
use std::collections::BTreeMap;
use std::sync::Arc;
use vigie::diag::{Code, Diagnostic};
use vigie::graph::AccessGraph;
use vigie::model::{
    Account, Application, Establishment, Group, Person, Profile, Provenance, Right, RightKind,
    Snapshot, SNAPSHOT_FORMAT,
};

pub fn prov(source: &str, file: &str, line: u64) -> Provenance {
    Provenance {
        source: Arc::from(source),
        file: Arc::from(file),
        line: Some(line),
        sheet: None,
        row: None,
    }
}

pub fn snapshot() -> Snapshot {
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

pub fn person(emp: &str, manager: Option<&str>, unit: Option<&str>, line: u64) -> Person {
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

pub fn ad_account(login: &str, line: u64) -> Account {
    Account::new("ad", login, prov("ad", "ad/export.ldif", line))
}

pub fn app_account(app: &str, login: &str, line: u64) -> Account {
    let mut a = Account::new(app, login, prov(app, &format!("{app}/comptes.csv"), line));
    a.application = Some(app.into());
    a
}

pub fn group(name: &str, parents: &[&str], line: u64) -> Group {
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

pub fn profile(app: &str, name: &str) -> Profile {
    Profile {
        id: format!("{app}:{name}"),
        source: app.into(),
        application: Some(app.into()),
        name: name.into(),
        provenance: prov(app, &format!("{app}/comptes.csv"), 1),
    }
}

pub fn application(id: &str) -> Application {
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

pub fn member(account: &str, group: &str, line: u64) -> Right {
    Right::new(
        account,
        RightKind::GroupMembership,
        &format!("ad:{group}"),
        None,
        prov("ad", "ad/export.ldif", line),
    )
}

pub fn grant(account: &str, profile: &str, scope: Option<&str>, line: u64) -> Right {
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

pub fn group_ids<'a>(g: &'a AccessGraph<'_>, account: &str) -> Vec<(&'a str, u32)> {
    let a = g.account_node(account).expect("account");
    g.effective_groups(a)
        .map(|e| (e.group.id.as_str(), e.depth))
        .collect()
}

pub fn warnings(g: &AccessGraph<'_>, code: Code) -> Vec<Diagnostic> {
    g.diagnostics()
        .iter()
        .filter(|d| d.code == code)
        .cloned()
        .collect()
}
