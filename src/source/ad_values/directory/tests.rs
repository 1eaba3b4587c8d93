use super::*;
use std::sync::Arc;

fn prov(line: u64) -> Provenance {
    Provenance {
        source: Arc::from("ad"),
        file: Arc::from("ad.ldif"),
        line: Some(line),
        sheet: None,
        row: None,
    }
}

fn user(line: u64, login: &str, dn: &str) -> DirectoryObject {
    let mut o = DirectoryObject::new(ObjectKind::User, prov(line));
    o.login = Some(login.into());
    o.dn = Some(dn.into());
    o
}

fn group(line: u64, name: &str, dn: &str) -> DirectoryObject {
    let mut o = DirectoryObject::new(ObjectKind::Group, prov(line));
    o.login = Some(name.into());
    o.dn = Some(dn.into());
    o
}

fn run(objects: Vec<DirectoryObject>, include_computers: bool) -> SourceRead {
    let mut out = SourceRead::default();
    let opts = Assembly {
        source: "ad",
        include_computers,
        login_field: "sAMAccountName",
        dn_field: "dn",
    };
    assemble(objects, &opts, &mut out);
    out
}

fn rights(out: &SourceRead) -> Vec<(String, String)> {
    out.batch
        .rights
        .iter()
        .map(|r| (r.account.clone(), r.target.clone()))
        .collect()
}

const A: &str = "CN=GG-A,OU=Groupes,DC=chu,DC=local";
const B: &str = "CN=GG-B,OU=Groupes,DC=chu,DC=local";

#[test]
fn classification() {
    let classes = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let k = |c: &[&str]| ObjectKind::classify(&classes(c), None, None, false);
    assert_eq!(
        k(&["top", "person", "organizationalPerson", "user"]),
        ObjectKind::User
    );
    assert_eq!(
        k(&["top", "person", "organizationalPerson", "user", "computer"]),
        ObjectKind::Computer
    );
    assert_eq!(k(&["top", "group"]), ObjectKind::Group);
    assert_eq!(
        k(&["top", "person", "organizationalPerson", "contact"]),
        ObjectKind::Other
    );
    assert_eq!(k(&["top", "organizationalUnit"]), ObjectKind::Other);
    assert_eq!(k(&["User"]), ObjectKind::User);
    let ws = UserAccountControl::from_raw(0x1000);
    let normal = UserAccountControl::from_raw(0x200);
    assert_eq!(
        ObjectKind::classify(&[], Some(&ws), Some("pc01$"), false),
        ObjectKind::Computer
    );
    assert_eq!(
        ObjectKind::classify(&[], Some(&normal), Some("jdupont"), false),
        ObjectKind::User
    );
    assert_eq!(
        ObjectKind::classify(&[], None, Some("GG-A"), true),
        ObjectKind::Group
    );
    assert_eq!(
        ObjectKind::classify(&[], None, Some("jdupont"), false),
        ObjectKind::User
    );
    assert_eq!(
        ObjectKind::classify(&[], None, None, false),
        ObjectKind::Other
    );
}

#[test]
fn flags_come_from_uac_unless_given() {
    let mut u = user(1, "JDupont", "CN=Jean Dupont,OU=Soins,DC=chu,DC=local");
    u.uac = Some(UserAccountControl::from_raw(
        0x200 | 0x2 | 0x10000 | 0x40000,
    ));
    let mut v = user(9, "mmartin", "CN=M,DC=chu,DC=local");
    v.uac = Some(UserAccountControl::from_raw(0x200 | 0x20));
    v.enabled = Some(false);
    v.lockout_time = NaiveDate::from_ymd_opt(2024, 3, 1).map(|d| d.and_hms_opt(8, 0, 0).unwrap());
    let w = user(20, "nouac", "CN=N,DC=chu,DC=local");
    let out = run(vec![u, v, w], false);
    let a = &out.batch.accounts;
    assert_eq!(a[0].id, "ad:jdupont");
    assert_eq!(a[0].login, "JDupont");
    assert_eq!(
        (
            a[0].enabled,
            a[0].locked,
            a[0].password_never_expires,
            a[0].smartcard_required
        ),
        (Some(false), Some(false), Some(true), Some(true))
    );
    assert_eq!(
        a[0].directory.as_ref().unwrap().user_account_control,
        Some(0x50202)
    );
    assert_eq!(
        (a[1].enabled, a[1].locked, a[1].password_not_required),
        (Some(false), Some(true), Some(true))
    );
    assert_eq!(
        (a[2].enabled, a[2].locked, a[2].password_never_expires),
        (None, None, None)
    );
}

#[test]
fn memberships_from_both_sides_are_deduplicated() {
    let mut u = user(1, "jdupont", "CN=Jean Dupont,OU=Soins,DC=chu,DC=local");
    u.member_of = vec![A.into(), "CN=GG-Absent,OU=Groupes,DC=chu,DC=local".into()];
    let v = user(10, "mmartin", "CN=Marie Martin,OU=Soins,DC=chu,DC=local");
    let mut ga = group(20, "GG-A", A);
    // Written differently from the memberOf value: same key.
    ga.members = vec![
        "cn=jean dupont, ou=soins,dc=chu,dc=local".into(),
        "CN=Marie Martin,OU=Soins,DC=chu,DC=local".into(),
        "CN=Inconnu,OU=Ailleurs,DC=chu,DC=local".into(),
    ];
    let out = run(vec![u, v, ga], false);
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    let ga_id = "ad:cn=gg-a,ou=groupes,dc=chu,dc=local";
    let absent_id = "ad:cn=gg-absent,ou=groupes,dc=chu,dc=local";
    assert_eq!(
        rights(&out),
        vec![
            ("ad:jdupont".to_string(), ga_id.to_string()),
            ("ad:jdupont".to_string(), absent_id.to_string()),
            ("ad:mmartin".to_string(), ga_id.to_string()),
        ]
    );
    let absent = out.batch.groups.iter().find(|g| g.id == absent_id).unwrap();
    assert!(absent.referenced_only);
    assert_eq!(absent.name, "GG-Absent");
    assert_eq!(absent.provenance.line, Some(1));
    assert!(!out.batch.groups[0].referenced_only);
    assert_eq!(
        out.read_as.get("membres hors export").map(String::as_str),
        Some("1")
    );
    assert_eq!(out.batch.rights[2].provenance.line, Some(20));
}

#[test]
fn nesting_cycle_is_recorded_from_either_side() {
    let mut ga = group(1, "GG-A", A);
    ga.member_of = vec![B.into()];
    let mut gb = group(5, "GG-B", B);
    gb.members = vec![A.into()];
    gb.member_of = vec![A.into()];
    let out = run(vec![ga, gb], false);
    let g = &out.batch.groups;
    assert_eq!(g.len(), 2);
    assert_eq!(
        g[0].member_of,
        vec!["ad:cn=gg-b,ou=groupes,dc=chu,dc=local"]
    );
    assert_eq!(
        g[1].member_of,
        vec!["ad:cn=gg-a,ou=groupes,dc=chu,dc=local"]
    );
    assert!(out.batch.rights.is_empty());
}

#[test]
fn duplicates_are_errors_naming_both_lines() {
    let a = user(3, "jdupont", "CN=Jean Dupont,OU=Soins,DC=chu,DC=local");
    let b = user(40, "JDUPONT", "CN=Jean Dupont 2,OU=Soins,DC=chu,DC=local");
    let out = run(
        vec![a, b, group(50, "GG-A", A), group(60, "GG-A", A)],
        false,
    );
    assert_eq!(out.batch.accounts.len(), 1);
    assert_eq!(out.batch.groups.len(), 1);
    let d: Vec<_> = out.diagnostics.iter().collect();
    assert_eq!(d.len(), 2);
    assert_eq!((d[0].code, d[0].line), (Code::DuplicateKey, Some(40)));
    assert!(d[0].message.contains("ligne 3"), "{}", d[0].message);
    assert_eq!(d[0].field.as_deref(), Some("sAMAccountName"));
    assert_eq!((d[1].code, d[1].line), (Code::DuplicateKey, Some(60)));
    assert!(d[1].message.contains("ligne 50"), "{}", d[1].message);
}

#[test]
fn computers_and_others_are_skipped_unless_included() {
    let mut pc = DirectoryObject::new(ObjectKind::Computer, prov(1));
    pc.login = Some("PC01$".into());
    pc.dn = Some("CN=PC01,OU=Postes,DC=chu,DC=local".into());
    let ou = DirectoryObject::new(ObjectKind::Other, prov(5));
    let mut ga = group(9, "GG-A", A);
    ga.members = vec!["CN=PC01,OU=Postes,DC=chu,DC=local".into()];
    let out = run(vec![pc.clone(), ou.clone(), ga.clone()], false);
    assert_eq!((out.batch.accounts.len(), out.records_skipped), (0, 2));
    // A skipped member is not an unresolved one.
    assert!(!out.read_as.contains_key("membres hors export"));
    let out = run(vec![pc, ou, ga], true);
    assert_eq!((out.batch.accounts.len(), out.records_skipped), (1, 1));
    assert_eq!(
        rights(&out),
        vec![(
            "ad:pc01$".to_string(),
            "ad:cn=gg-a,ou=groupes,dc=chu,dc=local".to_string()
        )]
    );
}

#[test]
fn missing_login_is_an_error() {
    let mut u = DirectoryObject::new(ObjectKind::User, prov(7));
    u.dn = Some("CN=X,DC=chu,DC=local".into());
    let out = run(vec![u], false);
    let d = out.diagnostics.iter().next().unwrap();
    assert_eq!(
        (d.code, d.line, d.file.as_deref()),
        (Code::MissingValue, Some(7), Some("ad.ldif"))
    );
}

#[test]
fn primary_group_by_rid_or_dn() {
    let mut u = user(1, "jdupont", "CN=Jean Dupont,DC=chu,DC=local");
    u.sid = Some("S-1-5-21-1-2-3-1104".into());
    u.primary_group = Some(PrimaryGroup::Rid(513));
    let mut v = user(2, "mmartin", "CN=Marie Martin,DC=chu,DC=local");
    v.primary_group = Some(PrimaryGroup::Dn(
        "CN=Domain Users,CN=Users,DC=chu,DC=local".into(),
    ));
    let mut du = group(
        3,
        "Domain Users",
        "CN=Domain Users,CN=Users,DC=chu,DC=local",
    );
    du.sid = Some("S-1-5-21-1-2-3-513".into());
    let mut w = user(4, "other", "CN=Other,DC=chu,DC=local");
    w.sid = Some("S-1-5-21-9-9-9-1105".into());
    w.primary_group = Some(PrimaryGroup::Rid(513));
    let out = run(vec![u, v, du, w], false);
    let du_id = "ad:cn=domain users,cn=users,dc=chu,dc=local".to_string();
    assert_eq!(
        rights(&out),
        vec![
            ("ad:jdupont".to_string(), du_id.clone()),
            ("ad:mmartin".to_string(), du_id)
        ]
    );
}
