use crate::diag::{Code, Level};
use crate::source::ad_values::test_support::{
    account, errors, fixture, group, memberships, read, read_bytes, read_versions,
};
use crate::source::SourceKind;
use chrono::NaiveDateTime;

const KIND: SourceKind = SourceKind::AdLdif;

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn ldifde_export_with_crlf_folds_and_base64() {
    let path = fixture("ldifde_chu.ldif");
    let out = read(KIND, &path, |_| {});
    assert!(
        !out.diagnostics.has_errors(),
        "{}",
        out.diagnostics.render()
    );
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    assert_eq!((out.records_read, out.records_skipped), (12, 3));
    assert_eq!(out.read_as.get("format").map(String::as_str), Some("LDIF"));
    assert_eq!(out.read_as.get("entrées").map(String::as_str), Some("12"));
    assert_eq!(
        out.read_as.get("membres hors export").map(String::as_str),
        Some("1")
    );
    assert_eq!(out.inputs.len(), 1);
    assert_eq!(out.inputs[0].sha256.len(), 64);
    assert_eq!(out.batch.accounts.len(), 4);

    let j = account(&out, "jdupont");
    assert_eq!(j.login, "jdupont");
    assert_eq!(j.display_name.as_deref(), Some("Dupont, Jean"));
    assert_eq!(
        j.description.as_deref(),
        Some("Infirmier de bloc opératoire (IBODE), pôle chirurgie digestif — remplaçant de nuit, tél. 4512")
    );
    assert_eq!(j.unit.as_deref(), Some("Bloc opératoire"));
    assert_eq!(j.employee_number.as_deref(), Some("004512"));
    assert_eq!(j.upn.as_deref(), Some("jdupont@chu-demo.local"));
    assert_eq!(j.email.as_deref(), Some("jean.dupont@chu-demo.fr"));
    assert_eq!(
        j.manager.as_deref(),
        Some("CN=Martin\\, Marie,OU=Médecins,OU=Utilisateurs,DC=chu-demo,DC=local")
    );
    assert_eq!(
        (j.enabled, j.locked, j.password_never_expires),
        (Some(true), Some(false), Some(false))
    );
    assert_eq!(
        (j.password_not_required, j.smartcard_required),
        (Some(false), Some(false))
    );
    // The later of lastLogonTimestamp and lastLogon.
    assert_eq!(j.last_logon, Some(dt("2024-03-25 14:05:12")));
    assert_eq!(j.password_last_set, Some(dt("2023-03-01 08:00:00")));
    assert_eq!(j.created, Some(dt("2023-03-01 08:00:00")));
    assert_eq!(j.expires, None);
    let dir = j.directory.as_ref().unwrap();
    assert_eq!(
        dir.sid.as_deref(),
        Some("S-1-5-21-1004336348-1177238915-682003330-1104")
    );
    assert_eq!(dir.user_account_control, Some(512));
    assert_eq!(
        dir.object_classes,
        vec!["top", "person", "organizationalPerson", "user"]
    );
    assert_eq!(
        dir.dn.as_deref(),
        Some("CN=Dupont\\, Jean,OU=Soins,OU=Utilisateurs,DC=chu-demo,DC=local")
    );
    assert_eq!(j.provenance.line, Some(7));
    assert_eq!(&*j.provenance.file, path.display().to_string());
    assert_eq!(&*j.provenance.source, "ad");

    let e = account(&out, "edesire");
    assert_eq!(
        (e.last_name.as_deref(), e.first_name.as_deref()),
        (Some("Désiré"), Some("Élodie"))
    );
    assert_eq!(e.enabled, Some(false));
    // FILETIME 0 everywhere: never.
    assert_eq!(
        (e.expires, e.password_last_set, e.last_logon),
        (None, None, None)
    );
    assert_eq!(
        e.directory.as_ref().unwrap().dn.as_deref(),
        Some("CN=Élodie Désiré,OU=Administratifs,OU=Utilisateurs,DC=chu-demo,DC=local")
    );

    let m = account(&out, "mmartin");
    assert_eq!(m.login, "MMartin");
    assert_eq!(
        (m.smartcard_required, m.locked, m.enabled),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(m.employee_number.as_deref(), Some("003377"));
    assert_eq!(m.rpps, None);
    assert_eq!(m.expires, Some(dt("2024-05-12 15:06:40")));
    assert_eq!(m.last_logon, Some(dt("2024-01-17 21:20:00")));

    let s = account(&out, "svc_pacs");
    assert_eq!(
        (s.password_not_required, s.password_never_expires),
        (Some(true), Some(true))
    );

    assert_eq!(out.batch.groups.len(), 6);
    let referenced = group(&out, "GG-DPI-Infirmiers");
    assert!(referenced.referenced_only);
    assert_eq!(referenced.provenance.line, Some(7));
    let du = group(&out, "Domain Users");
    assert!(!du.referenced_only);
    assert_eq!(
        du.sid.as_deref(),
        Some("S-1-5-21-1004336348-1177238915-682003330-513")
    );
    assert_eq!(
        du.description.as_deref(),
        Some("Tous les utilisateurs du domaine")
    );
    let (a, b) = (group(&out, "GG-Cycle-A"), group(&out, "GG-Cycle-B"));
    assert_eq!(a.member_of, vec![b.id.clone()]);
    assert_eq!(b.member_of, vec![a.id.clone()]);
    assert_eq!(a.id, "ad:cn=gg-cycle-a,ou=groupes,dc=chu-demo,dc=local");

    assert_eq!(
        memberships(&out),
        pairs(&[
            ("edesire", "Domain Users"),
            ("edesire", "GG-Cycle-A"),
            ("jdupont", "Domain Users"),
            ("jdupont", "GG-Bloc"),
            ("jdupont", "GG-DPI-Infirmiers"),
            ("mmartin", "Domain Users"),
            ("mmartin", "GG-DPI-Infirmiers"),
            ("svc_pacs", "Domain Users"),
            ("svc_pacs", "GG-PACS-Admins"),
        ])
    );
}

#[test]
fn line_endings_do_not_change_the_records() {
    let crlf = std::fs::read(fixture("ldifde_chu.ldif")).unwrap();
    assert!(crlf.windows(2).any(|w| w == b"\r\n"));
    let lf: Vec<u8> = crlf.iter().copied().filter(|b| *b != b'\r').collect();
    let [a, b] = <[_; 2]>::try_from(read_versions(KIND, "chu.ldif", &[&crlf, &lf])).unwrap();
    assert!(a.diagnostics.is_empty() && b.diagnostics.is_empty());
    assert_eq!(a.batch.accounts.len(), 4);
    assert_eq!(a.batch.accounts, b.batch.accounts);
    assert_eq!(a.batch.groups, b.batch.groups);
    assert_eq!(a.batch.rights, b.batch.rights);
}

#[test]
fn utf16_from_ldifde_u_reads_the_same() {
    // ldifde -u folds whole characters: unfold the fixture (bytes) first.
    let folded = std::fs::read(fixture("ldifde_chu.ldif")).unwrap();
    let mut unfolded = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if folded[i..].starts_with(b"\r\n ") {
            i += 3;
        } else {
            unfolded.push(folded[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(unfolded).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let [a, b] =
        <[_; 2]>::try_from(read_versions(KIND, "chu.ldif", &[text.as_bytes(), &utf16])).unwrap();
    assert!(b.diagnostics.is_empty(), "{}", b.diagnostics.render());
    assert_eq!(b.batch.accounts.len(), 4);
    assert_eq!(
        b.read_as.get("encodage").map(String::as_str),
        Some("utf-16le")
    );
    assert_eq!(a.batch.accounts, b.batch.accounts);
    assert_eq!(a.batch.rights, b.batch.rights);
}

#[test]
fn computers_are_kept_on_request() {
    let out = read(KIND, &fixture("ldifde_chu.ldif"), |s| {
        s.include_computers = true
    });
    assert_eq!((out.batch.accounts.len(), out.records_skipped), (5, 2));
    let pc = account(&out, "pc-urg-01$");
    assert_eq!(
        pc.directory.as_ref().unwrap().user_account_control,
        Some(4096)
    );
    let m = memberships(&out);
    assert!(
        m.contains(&("pc-urg-01$".to_string(), "GG-Bloc".to_string())),
        "{m:?}"
    );
}

#[test]
fn attributes_are_remapped_and_kept() {
    let out = read(KIND, &fixture("ldifde_chu.ldif"), |s| {
        s.columns
            .insert("rpps".into(), "extensionAttribute5".into());
        s.columns
            .insert("employee_number".into(), "employeeNumber".into());
        s.keep_columns = vec!["objectGUID".into(), "title".into()];
    });
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    let m = account(&out, "mmartin");
    assert_eq!(m.rpps.as_deref(), Some("10101234567"));
    let j = account(&out, "jdupont");
    // Mapped to employeeNumber only: employeeID is no longer read.
    assert_eq!(j.employee_number, None);
    assert_eq!(
        j.extra.get("objectGUID").map(String::as_str),
        Some("5f1c0000-0000-4000-8000-000000000450")
    );
    assert_eq!(j.extra.get("title").map(String::as_str), Some("IBODE"));
}

#[test]
fn a_configured_attribute_absent_everywhere_is_warned() {
    let out = read(KIND, &fixture("ldifde_chu.ldif"), |s| {
        s.columns.insert("rpps".into(), "extensionAtribute5".into());
    });
    assert!(!out.diagnostics.has_errors());
    let d = out.diagnostics.iter().next().unwrap();
    assert_eq!(
        (d.level, d.code, d.field.as_deref()),
        (Level::Warning, Code::MissingColumn, Some("rpps"))
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("extensionattribute5"),
        "{d}"
    );
}

#[test]
fn bad_ldif_gives_french_diagnostics_with_file_and_line() {
    let good = "dn: CN=Jean,OU=Soins,DC=chu,DC=local\nobjectClass: user\nsAMAccountName: jean\n\n";
    /// (case, file, code, line, field, words in the message).
    type Case<'a> = (&'a str, String, Code, u64, Option<&'a str>, &'a str);
    let cases: &[Case] = &[
        ("sans deux-points", format!("{good}dn: CN=X,DC=chu\nobjectClass: user\nsAMAccountName: x\nCeci n'est pas un attribut\n\n"), Code::Syntax, 8, None, "ligne sans « : »"),
        ("base64", format!("{good}dn: CN=X,DC=chu\nsn:: RMOpc2*yw6k=\n\n"), Code::Syntax, 6, Some("sn"), "base64 invalide"),
        ("tronqué", format!("{good}dn: CN=X,DC=chu\nobjectClass: user\nsAMAccountName: x\ndescription: début d'une longue\n  valeur coup"), Code::Truncated, 8, Some("description"), "tronqué"),
        ("utf-8", format!("{good}dn: CN=X,DC=chu\nobjectClass: user\nsAMAccountName: x\nsn: Ren\u{1}\n\n"), Code::InvalidEncoding, 8, Some("sn"), "UTF-8"),
        ("url", format!("{good}dn: CN=X,DC=chu\njpegPhoto:< file:///tmp/photo.jpg\n\n"), Code::Syntax, 6, Some("jpegPhoto"), "URL"),
        ("uac", format!("{good}dn: CN=X,DC=chu\nobjectClass: user\nsAMAccountName: x\nuserAccountControl: normal\n\n"), Code::InvalidValue, 8, Some("userAccountControl"), "entier"),
        ("date", format!("{good}dn: CN=X,DC=chu\nobjectClass: user\nsAMAccountName: x\nwhenCreated: hier\n\n"), Code::InvalidDate, 8, Some("whenCreated"), "date illisible"),
        ("doublon", format!("{good}dn: CN=Jean 2,DC=chu\nobjectClass: user\nsAMAccountName: JEAN\n\n"), Code::DuplicateKey, 5, Some("sAMAccountName"), "ligne 1"),
    ];
    for (what, text, code, line, field, words) in cases {
        let mut bytes = text.clone().into_bytes();
        if *what == "utf-8" {
            // A Latin-1 « é » in a raw value.
            let at = bytes.iter().position(|b| *b == 1).unwrap();
            bytes[at] = 0xE9;
        }
        let (out, dir) = read_bytes(KIND, "export.ldif", &bytes);
        let errs: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errs.len(), 1, "{what}: {}", errors(&out));
        let d = errs[0];
        assert_eq!(
            (d.code, d.line, d.field.as_deref()),
            (*code, Some(*line), *field),
            "{what}: {d}"
        );
        let file = dir.path().join("export.ldif").display().to_string();
        assert_eq!(d.file.as_deref(), Some(file.as_str()), "{what}");
        assert!(d.to_string().contains(words), "{what}: {d}");
        // The good entry is still read.
        assert_eq!(account(&out, "jean").login, "jean", "{what}");
    }
}

#[test]
fn empty_and_binary_files_are_refused() {
    for (bytes, code) in [
        (&b""[..], Code::EmptyFile),
        (b"\n\n  \n", Code::EmptyFile),
        (b"# only a comment\nversion: 1\n\n", Code::EmptyFile),
        (b"PK\x03\x04rest of a zip", Code::BinaryFile),
        (b"dn: CN=x\ncn: \x00\x01\n", Code::BinaryFile),
    ] {
        let (out, _dir) = read_bytes(KIND, "vide.ldif", bytes);
        let codes: Vec<Code> = out.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![code], "{bytes:?}");
        assert!(out.batch.accounts.is_empty());
    }
}

#[test]
fn entries_without_object_class_are_classified_and_warned() {
    let s = "dn: CN=Jean,DC=chu\nsAMAccountName: jean\nuserAccountControl: 514\nmemberOf: CN=G,DC=chu\n\n\
             dn: CN=PC1,DC=chu\nsAMAccountName: PC1$\nuserAccountControl: 4096\n\n\
             dn: CN=G,DC=chu\nsAMAccountName: G\ngroupType: -2147483646\n\n";
    let (out, _dir) = read_bytes(KIND, "ldapsearch.ldif", s.as_bytes());
    assert!(!out.diagnostics.has_errors(), "{}", errors(&out));
    assert_eq!(out.batch.accounts.len(), 1);
    assert_eq!(account(&out, "jean").enabled, Some(false));
    assert_eq!(out.records_skipped, 1);
    assert!(!group(&out, "G").referenced_only);
    assert_eq!(memberships(&out), pairs(&[("jean", "G")]));
    let w = out.diagnostics.iter().next().unwrap();
    assert_eq!(w.level, Level::Warning);
    assert!(w.message.starts_with("3 entrée(s) sans objectClass"), "{w}");
}

/// A genuine `ldapsearch -LLL` export of a Samba AD DC (provisioned per
/// `test-infra.md` §2), wrapped at 76 columns and unwrapped.
#[test]
fn samba_ldapsearch_export() {
    let out = read(KIND, &fixture("samba_ldapsearch.ldif"), |_| {});
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    // 7 users, 41 groups; 2 computers (the DC and a workstation), 3 OUs and a contact skipped.
    assert_eq!((out.records_read, out.records_skipped), (54, 6));
    assert_eq!((out.batch.accounts.len(), out.batch.groups.len()), (7, 41));
    assert!(out.batch.groups.iter().all(|g| !g.referenced_only));

    let e = account(&out, "edesire");
    assert_eq!(
        (e.last_name.as_deref(), e.first_name.as_deref()),
        (Some("Désiré"), Some("Élodie"))
    );
    assert_eq!(e.unit.as_deref(), Some("Bureau des entrées"));
    assert_eq!((e.enabled, e.last_logon), (Some(false), None));
    assert_eq!(
        e.directory.as_ref().unwrap().dn.as_deref(),
        Some("CN=Élodie Désiré,OU=Administratifs,DC=chu-demo,DC=test")
    );
    let m = account(&out, "mmartin");
    assert_eq!(
        (m.smartcard_required, m.password_last_set),
        (Some(true), None)
    );
    assert_eq!(m.employee_number.as_deref(), Some("003377"));
    assert_eq!(m.last_logon, Some(dt("2024-03-25 14:05:12")));
    assert!(m.expires.is_some());
    let s = account(&out, "svc_pacs");
    assert_eq!((s.password_never_expires, s.expires), (Some(true), None));
    assert_eq!(
        s.description.as_deref(),
        Some("Compte de service du PACS (ne pas désactiver)")
    );
    let b = group(&out, "Backup Operators");
    assert_eq!(
        b.description.as_deref(),
        Some("Backup Operators can override security restrictions for the sole purpose of backing up or restoring files")
    );

    let (ca, cb) = (group(&out, "GG-Cycle-A"), group(&out, "GG-Cycle-B"));
    assert_eq!(
        (ca.member_of.clone(), cb.member_of.clone()),
        (vec![cb.id.clone()], vec![ca.id.clone()])
    );
    let m = memberships(&out);
    for (login, g) in [
        ("jdupont", "GG-Bloc"),
        ("mmartin", "GG-Bloc"),
        ("edesire", "GG-Cycle-A"),
        ("administrator", "Domain Admins"),
        // primaryGroupID 513, matched by SID.
        ("jdupont", "Domain Users"),
        ("guest", "Domain Guests"),
    ] {
        assert!(
            m.contains(&(login.to_string(), g.to_string())),
            "{login} ∈ {g}: {m:?}"
        );
    }
    assert!(!m.iter().any(|(l, _)| l.ends_with('$')));

    let nowrap = read(KIND, &fixture("samba_ldapsearch_nowrap.ldif"), |_| {});
    assert!(
        nowrap.diagnostics.is_empty(),
        "{}",
        nowrap.diagnostics.render()
    );
    let strip = |mut a: crate::model::Account| {
        a.provenance.line = None;
        a.provenance.file = "".into();
        a
    };
    let wrapped: Vec<_> = out.batch.accounts.iter().cloned().map(strip).collect();
    let unwrapped: Vec<_> = nowrap.batch.accounts.iter().cloned().map(strip).collect();
    assert_eq!(wrapped, unwrapped);
    assert_eq!(memberships(&nowrap), m);
}

#[test]
fn skipped_computers_are_not_decoded() {
    let s = "dn: CN=PC1,DC=chu\nobjectClass: computer\nsAMAccountName: PC1$\nwhenCreated: hier\n\n";
    let (out, _dir) = read_bytes(KIND, "pc.ldif", s.as_bytes());
    assert!(out.diagnostics.is_empty(), "{}", out.diagnostics.render());
    assert_eq!(out.records_skipped, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pc.ldif");
    std::fs::write(&path, s).unwrap();
    let out = read(KIND, &path, |c| c.include_computers = true);
    let d = out.diagnostics.iter().next().unwrap();
    assert_eq!((d.code, d.line), (Code::InvalidDate, Some(4)));
}
