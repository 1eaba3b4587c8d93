use crate::diag::{Code, Level};
use crate::model::Account;
use crate::source::ad_values::test_support::{
    account, errors, fixture, group, memberships, read, read_bytes,
};
use crate::source::SourceKind;
use chrono::NaiveDateTime;

const KIND: SourceKind = SourceKind::AdCsv;

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn read_as<'a>(out: &'a crate::source::SourceRead, key: &str) -> Option<&'a str> {
    out.read_as.get(key).map(String::as_str)
}

const ALL_MEMBERSHIPS: &[(&str, &str)] = &[
    ("edesire", "Domain Users"),
    ("edesire", "GG-Cycle-A"),
    ("jdupont", "Domain Users"),
    ("jdupont", "GG-Bloc"),
    ("jdupont", "GG-DPI-Infirmiers"),
    ("mmartin", "Domain Users"),
    ("mmartin", "GG-DPI-Infirmiers"),
    ("svc_pacs", "Domain Users"),
    ("svc_pacs", "GG-PACS-Admins"),
];

#[test]
fn english_export_with_type_line_and_bom() {
    let path = fixture("powershell_en.csv");
    let out = read(KIND, &path, |_| {});
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    assert_eq!(read_as(&out, "encodage"), Some("utf-8 (BOM)"));
    assert_eq!(read_as(&out, "ligne #TYPE"), Some("ignorée"));
    assert_eq!(read_as(&out, "séparateur"), Some("« , »"));
    assert_eq!(
        read_as(&out, "ordre des dates"),
        Some("mois/jour (détecté)")
    );
    assert_eq!(
        (
            out.records_read,
            out.records_skipped,
            out.batch.accounts.len()
        ),
        (4, 0, 4)
    );

    let j = account(&out, "jdupont");
    assert_eq!(j.display_name.as_deref(), Some("Dupont, Jean"));
    assert_eq!(j.unit.as_deref(), Some("Bloc opératoire"));
    assert_eq!(
        j.manager.as_deref(),
        Some("CN=Martin\\, Marie,OU=Médecins,OU=Utilisateurs,DC=chu-demo,DC=local")
    );
    assert_eq!(
        (j.enabled, j.locked, j.password_never_expires),
        (Some(true), Some(false), Some(false))
    );
    // Raw FILETIMEs are UTC; formatted dates are the exporting machine's local time.
    assert_eq!(j.last_logon, Some(dt("2024-03-25 14:05:12")));
    assert_eq!(j.password_last_set, Some(dt("2023-03-01 08:00:00")));
    assert_eq!(j.created, Some(dt("2023-03-01 09:00:00")));
    assert_eq!(j.expires, None);
    let dir = j.directory.as_ref().unwrap();
    assert_eq!(
        dir.sid.as_deref(),
        Some("S-1-5-21-1004336348-1177238915-682003330-1104")
    );
    assert_eq!(dir.user_account_control, Some(512));
    assert_eq!(j.provenance.line, Some(3));
    assert_eq!(&*j.provenance.file, path.display().to_string());

    let e = account(&out, "edesire");
    assert_eq!(
        (e.last_name.as_deref(), e.first_name.as_deref(), e.enabled),
        (Some("Désiré"), Some("Élodie"), Some(false))
    );
    assert_eq!(
        (e.last_logon, e.password_last_set, e.expires),
        (None, None, None)
    );
    assert_eq!(e.created, Some(dt("2019-04-17 20:40:00")));
    let m = account(&out, "mmartin");
    assert_eq!(m.login, "MMartin");
    assert_eq!(m.employee_number.as_deref(), Some("003377"));
    assert_eq!((m.smartcard_required, m.locked), (Some(true), Some(true)));
    assert_eq!(
        (m.expires, m.last_logon),
        (
            Some(dt("2024-05-12 15:06:40")),
            Some(dt("2024-01-17 21:20:00"))
        )
    );
    let s = account(&out, "svc_pacs");
    assert_eq!(
        (s.password_never_expires, s.password_not_required),
        (Some(true), Some(true))
    );

    assert_eq!(out.batch.groups.len(), 5);
    assert!(out.batch.groups.iter().all(|g| g.referenced_only));
    assert_eq!(
        group(&out, "GG-Bloc").id,
        "ad:cn=gg-bloc,ou=groupes,dc=chu-demo,dc=local"
    );
    assert_eq!(memberships(&out), pairs(ALL_MEMBERSHIPS));
}

#[test]
fn french_export_utf16_semicolon_and_day_first_dates() {
    let out = read(KIND, &fixture("powershell_fr.csv"), |_| {});
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    assert_eq!(read_as(&out, "encodage"), Some("utf-16le"));
    assert_eq!(read_as(&out, "séparateur"), Some("« ; »"));
    assert_eq!(
        read_as(&out, "ordre des dates"),
        Some("jour/mois (détecté)")
    );
    let j = account(&out, "jdupont");
    assert_eq!(j.last_logon, Some(dt("2024-03-25 15:05:12")));
    assert_eq!(j.created, Some(dt("2023-03-01 09:00:00")));
    assert_eq!(j.directory.as_ref().unwrap().user_account_control, None);
    let m = account(&out, "mmartin");
    assert_eq!(m.expires, Some(dt("2024-05-12 17:06:40")));
    assert_eq!(
        (m.locked, m.smartcard_required, m.employee_number.as_deref()),
        (Some(true), Some(true), None)
    );
    let s = account(&out, "svc_pacs");
    // Not exported, and no userAccountControl to tell.
    assert_eq!(
        (s.password_never_expires, s.password_not_required),
        (Some(true), None)
    );
    assert_eq!(s.password_last_set, Some(dt("2019-04-17 20:40:00")));
    let e = account(&out, "edesire");
    assert_eq!(
        e.directory.as_ref().unwrap().dn.as_deref(),
        Some("CN=Élodie Désiré,OU=Administratifs,OU=Utilisateurs,DC=chu-demo,DC=local")
    );
    let without_primary: Vec<_> = ALL_MEMBERSHIPS
        .iter()
        .copied()
        .filter(|(_, g)| *g != "Domain Users")
        .collect();
    assert_eq!(memberships(&out), pairs(&without_primary));
}

#[test]
fn unjoined_member_of_is_warned_once_with_the_command() {
    let out = read(KIND, &fixture("powershell_properties_all.csv"), |_| {});
    assert!(!out.diagnostics.has_errors(), "{}", errors(&out));
    let d: Vec<_> = out.diagnostics.iter().collect();
    assert_eq!(d.len(), 1, "{}", out.diagnostics.render());
    assert_eq!(
        (d[0].level, d[0].code, d[0].line),
        (Level::Warning, Code::InvalidValue, Some(2))
    );
    assert_eq!(d[0].field.as_deref(), Some("MemberOf"));
    assert!(d[0].message.contains("sur 4 ligne(s)"), "{}", d[0]);
    assert!(d[0]
        .message
        .contains("Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"));
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .contains("@{n='MemberOf';e={$_.MemberOf -join ';'}}"));
    assert_eq!(read_as(&out, "encodage"), Some("utf-8"));
    assert_eq!(
        read_as(&out, "ordre des dates"),
        Some("mois/jour (détecté)")
    );
    // Only the primary group is known.
    let m = memberships(&out);
    assert_eq!(m.len(), 4);
    assert!(m.iter().all(|(_, g)| g == "Domain Users"));
    let j = account(&out, "jdupont");
    // Raw lastLogonTimestamp and lastLogon win over the formatted LastLogonDate.
    assert_eq!(j.last_logon, Some(dt("2024-03-25 14:05:12")));
    assert_eq!(j.directory.as_ref().unwrap().object_classes, vec!["user"]);
}

/// Both connectors give the same accounts and memberships for the same
/// directory (creation dates aside: LDIF's are UTC, PowerShell's local).
#[test]
fn same_records_as_the_ldif_connector() {
    let csv = read(KIND, &fixture("powershell_en.csv"), |_| {});
    let ldif = read(SourceKind::AdLdif, &fixture("ldifde_chu.ldif"), |_| {});
    let project = |a: &Account| {
        let mut a = a.clone();
        a.created = None;
        a.provenance.file = "".into();
        a.provenance.line = None;
        if let Some(d) = a.directory.as_mut() {
            d.object_classes.clear();
        }
        // Written differently or only in one fixture.
        a.upn = None;
        a.email = None;
        a.display_name = None;
        a.title = None;
        a.description = None;
        a
    };
    let c: Vec<_> = csv.batch.accounts.iter().map(project).collect();
    let l: Vec<_> = ldif.batch.accounts.iter().map(project).collect();
    assert_eq!(c, l);
    assert_eq!(memberships(&csv), memberships(&ldif));
}

#[test]
fn computers_groups_and_csvde_values() {
    let csv = "DN,objectClass,sAMAccountName,memberOf,member,whenCreated,userAccountControl,objectSid\n\
        \"CN=Jean,OU=Soins,DC=chu\",top;person;organizationalPerson;user,jean,\"CN=G1,DC=chu;CN=G2,DC=chu\",,20230301080000.0Z,514,X'01010000000000050c000000'\n\
        \"CN=PC1,OU=Postes,DC=chu\",top;person;organizationalPerson;user;computer,PC1$,\"CN=G1,DC=chu\",,20230301080000.0Z,4096,\n\
        \"CN=G1,DC=chu\",top;group,G1,\"CN=G2,DC=chu\",\"CN=PC1,OU=Postes,DC=chu;CN=G2,DC=chu\",20230301080000.0Z,,\n";
    let (out, _dir) = read_bytes(KIND, "csvde.csv", csv.as_bytes());
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    assert_eq!((out.batch.accounts.len(), out.records_skipped), (1, 1));
    let j = account(&out, "jean");
    assert_eq!(
        (j.enabled, j.created),
        (Some(false), Some(dt("2023-03-01 08:00:00")))
    );
    assert_eq!(
        j.directory.as_ref().unwrap().sid.as_deref(),
        Some("S-1-5-12")
    );
    assert!(!group(&out, "G1").referenced_only);
    assert!(group(&out, "G2").referenced_only);
    // G1 ⊂ G2 (memberOf) and G2 ⊂ G1 (member): a cycle, recorded.
    assert_eq!(
        group(&out, "G1").member_of,
        vec![group(&out, "G2").id.clone()]
    );
    assert_eq!(
        group(&out, "G2").member_of,
        vec![group(&out, "G1").id.clone()]
    );
    assert_eq!(memberships(&out), pairs(&[("jean", "G1"), ("jean", "G2")]));
}

#[test]
fn bad_values_are_located_by_line_and_column() {
    let csv = "SamAccountName,Enabled,whenCreated,userAccountControl,SID\n\
        jean,True,25/03/2024 14:05:12,512,S-1-5-21-1-2-3-1104\n\
        marie,Peut-être,3/25/2024 14:05:12,normal,pas un SID\n\
        JEAN,False,,,\n";
    let (out, _dir) = read_bytes(KIND, "ad.csv", csv.as_bytes());
    let errs: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    let got: Vec<_> = errs
        .iter()
        .map(|d| (d.code, d.line, d.column, d.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Code::InvalidValue,
                Some(3),
                Some(4),
                Some("userAccountControl")
            ),
            (Code::InvalidValue, Some(3), Some(5), Some("SID")),
            (Code::InvalidValue, Some(3), Some(2), Some("Enabled")),
            (Code::InvalidDate, Some(3), Some(3), Some("whenCreated")),
            (Code::DuplicateKey, Some(4), None, Some("SamAccountName")),
        ],
        "{}",
        errors(&out)
    );
    assert!(errs[3]
        .to_string()
        .contains("date illisible « 3/25/2024 14:05:12 »"));
    assert!(errs[4].message.contains("ligne 2"), "{}", errs[4]);
}

#[test]
fn missing_login_column_is_an_error() {
    let (out, _dir) = read_bytes(KIND, "ad.csv", b"Name,Enabled\nJean,True\n");
    let d = out.diagnostics.iter().next().unwrap();
    assert_eq!(
        (d.code, d.field.as_deref()),
        (Code::MissingColumn, Some("login"))
    );
    assert!(out.batch.accounts.is_empty());
}

#[test]
fn an_ascii_export_that_lost_accents_is_warned() {
    let csv = "SamAccountName,Surname,GivenName\nedesire,D?sir?,?lodie\njdupont,Dupont,Jean\n";
    let (out, _dir) = read_bytes(KIND, "ad.csv", csv.as_bytes());
    assert!(!out.diagnostics.has_errors());
    let d = out.diagnostics.iter().next().unwrap();
    assert_eq!(
        (d.level, d.code, d.line),
        (Level::Warning, Code::InvalidEncoding, Some(2))
    );
    assert!(d.help.as_deref().unwrap().contains("-Encoding UTF8"));
}

#[test]
fn configured_columns_and_kept_columns() {
    let csv = "SamAccountName,extensionAttribute5,Office\njean,10101234567,Bâtiment B\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ad.csv");
    std::fs::write(&path, csv).unwrap();
    let out = read(KIND, &path, |s| {
        s.columns
            .insert("rpps".into(), "extensionAttribute5".into());
        s.keep_columns = vec!["Office".into()];
    });
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    let j = account(&out, "jean");
    assert_eq!(j.rpps.as_deref(), Some("10101234567"));
    assert_eq!(
        j.extra.get("Office").map(String::as_str),
        Some("Bâtiment B")
    );
}

/// From `vigie.toml` to the source report: field and value overrides are
/// accepted by the configuration and honoured by the connector.
#[test]
fn configured_through_vigie_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vigie.toml"),
        "[establishment]\nname = \"CH\"\nfiness = \"999000017\"\n\n[[source]]\nid = \"ad\"\nkind = \"ad-csv\"\n\
         path = \"ad.csv\"\n[source.columns]\nrpps = \"extensionAttribute5\"\n[source.values.enabled]\n\"Compte ouvert\" = true\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ad.csv"),
        "SamAccountName;Enabled;extensionAttribute5\njean;Compte ouvert;10101234567\n",
    )
    .unwrap();
    let site = crate::config::load(&dir.path().join("vigie.toml")).expect("valid configuration");
    let ingested = crate::source::ingest(&site, &crate::source::NoProgress);
    let report = &ingested.reports[0];
    assert_eq!(
        report.status,
        crate::model::SourceStatus::Ok,
        "{}",
        report.diagnostics.render()
    );
    assert_eq!((report.counts.accounts, report.counts.records_read), (1, 1));
    let a = &ingested.batch.accounts[0];
    assert_eq!(
        (a.enabled, a.rpps.as_deref()),
        (Some(true), Some("10101234567"))
    );
    assert_eq!(&*a.provenance.file, "ad.csv");
}
