use super::*;

/// Every entry of `bytes`, and the diagnostics.
fn parse(bytes: &[u8]) -> (Vec<Entry<'_>>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut p = Parser::new(bytes, "ad.ldif");
    let mut entries = Vec::new();
    while let Some(e) = p.next_entry(&mut diags) {
        entries.push(e);
    }
    (entries, diags)
}

fn text<'e>(e: &'e Entry<'_>, name: &str) -> Vec<&'e str> {
    e.get(name)
        .map(|a| {
            a.values
                .iter()
                .map(|v| std::str::from_utf8(&v.bytes).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

fn codes(d: &Diagnostics) -> Vec<(Code, Option<u64>, Option<String>)> {
    d.iter()
        .map(|d| (d.code, d.line, d.field.clone()))
        .collect()
}

const BASIC: &str = "\
version: 1

# entry-id: 1
dn: CN=Jean Dupont,OU=Soins,DC=chu,DC=local
changetype: add
objectClass: top
objectClass: user
SN:: RMOpc2lyw6k=
description: une description tr
 ès longue
member;range=0-1: CN=A,DC=x
member;range=2-*: CN=B,DC=x

dn:: Q049w4lsb2RpZSxEQz1jaHU=
cn: x
";

#[test]
fn entries_values_and_lines() {
    let (entries, diags) = parse(BASIC.as_bytes());
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(entries.len(), 2);
    let e = &entries[0];
    assert_eq!(
        (e.line, e.dn.as_str()),
        (4, "CN=Jean Dupont,OU=Soins,DC=chu,DC=local")
    );
    assert_eq!(text(e, "objectclass"), vec!["top", "user"]);
    assert_eq!(text(e, "sn"), vec!["Désiré"]);
    assert_eq!(e.get("sn").unwrap().written, "SN");
    assert_eq!(text(e, "description"), vec!["une description très longue"]);
    assert_eq!(text(e, "member"), vec!["CN=A,DC=x", "CN=B,DC=x"]);
    assert_eq!(e.get("member").unwrap().values[1].line, 12);
    assert!(e.get("changetype").is_none());
    assert_eq!(
        (entries[1].line, entries[1].dn.as_str()),
        (14, "CN=Élodie,DC=chu")
    );
}

#[test]
fn crlf_and_bom_give_the_same_entries() {
    let crlf = format!("\u{feff}{}", BASIC.replace('\n', "\r\n"));
    let (entries, diags) = parse(crlf.as_bytes());
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(
        text(&entries[0], "description"),
        vec!["une description très longue"]
    );
    assert_eq!(entries[1].line, 14);
}

#[test]
fn fold_inside_a_multibyte_character() {
    // « è » is C3 A8: the fold falls between its two bytes.
    let bytes = b"dn: CN=x\ndescription: Infirmi\xC3\n \xA8re de nuit\n\n";
    let (entries, diags) = parse(bytes);
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(text(&entries[0], "description"), vec!["Infirmière de nuit"]);
}

#[test]
fn folded_comments_and_ldapsearch_records_are_skipped() {
    let s = "# comment that is\n  folded\ndn: CN=x\ncn: x\n\n# search result\nsearch: 2\nresult: 0 Success\n\n# numEntries: 1\n";
    let (entries, diags) = parse(s.as_bytes());
    assert!(diags.is_empty(), "{}", diags.render());
    assert_eq!(entries.len(), 1);
    assert_eq!(text(&entries[0], "cn"), vec!["x"]);
}

#[test]
fn an_interrupted_search_is_reported() {
    let s = "dn: CN=x\ncn: x\n\nsearch: 2\nresult: 4 Size limit exceeded\n\n";
    let (_, diags) = parse(s.as_bytes());
    assert_eq!(
        codes(&diags),
        vec![(Code::Truncated, Some(5), Some("result".into()))]
    );
}

#[test]
fn syntax_errors_are_located() {
    let s = "dn: CN=x\ncn: x\nJean Dupont\nsn:: ###\nphoto:< file:///tmp/x\nsn: ok\n\nobjectClass: user\n\n  orphan\n";
    let (entries, diags) = parse(s.as_bytes());
    assert_eq!(entries.len(), 1);
    assert_eq!(text(&entries[0], "sn"), vec!["ok"]);
    assert_eq!(
        codes(&diags),
        vec![
            (Code::Syntax, Some(3), None),
            (Code::Syntax, Some(4), Some("sn".into())),
            (Code::Syntax, Some(5), Some("photo".into())),
            (Code::Syntax, Some(8), None),
            (Code::Syntax, Some(10), None),
        ]
    );
    let rendered = diags.render();
    assert!(
        rendered.contains("ad.ldif:3: ligne sans « : »"),
        "{rendered}"
    );
    assert!(
        rendered.contains("ad.ldif:4: champ « sn » : valeur base64 invalide"),
        "{rendered}"
    );
    assert!(rendered.contains("entrée sans « dn: »"), "{rendered}");
}

#[test]
fn change_records_and_bad_versions_are_refused() {
    let s = "version: 2\ndn: CN=x\nchangetype: modify\nreplace: cn\ncn: y\n-\n\ndn: CN=y\ncn: y\n";
    let (entries, diags) = parse(s.as_bytes());
    assert_eq!(entries.len(), 1);
    assert_eq!(
        codes(&diags),
        vec![
            (Code::Syntax, Some(1), Some("version".into())),
            (Code::Syntax, Some(3), Some("changetype".into())),
        ]
    );
}

#[test]
fn cut_files_are_truncated() {
    for (s, line) in [
        // Ends inside a folded value.
        ("dn: CN=x\ncn: x\n\ndn: CN=y\ndescription: abc\n de", 5),
        // Ends in the middle of an attribute name.
        ("dn: CN=x\ncn: x\n\ndn: CN=y\nobjectCl", 5),
        // Ends in the middle of a base64 value.
        ("dn: CN=x\ncn: x\n\ndn: CN=y\nsn:: RMOpc2l", 5),
        // Ends right after the dn.
        ("dn: CN=x\ncn: x\n\ndn: CN=y,DC=chu", 4),
    ] {
        let (_, diags) = parse(s.as_bytes());
        let c = codes(&diags);
        assert_eq!(c.len(), 1, "{s:?}: {}", diags.render());
        assert_eq!((c[0].0, c[0].1), (Code::Truncated, Some(line)), "{s:?}");
        assert!(diags.render().contains("tronqué"), "{s:?}");
    }
    // Without a final line break but complete: accepted.
    let (entries, diags) = parse(b"dn: CN=x\ncn: x");
    assert!(diags.is_empty() && entries.len() == 1);
}

#[test]
fn partial_ranges_are_warned() {
    let s = "dn: CN=G\nmember;range=0-1499: CN=A\nmember;range=0-1499: CN=B\n\n";
    let (entries, diags) = parse(s.as_bytes());
    assert_eq!(text(&entries[0], "member").len(), 2);
    let d = diags.iter().next().unwrap();
    assert_eq!(
        (d.level, d.code, d.line),
        (Level::Warning, Code::Truncated, Some(1))
    );
    assert!(!diags.has_errors());
}

#[test]
fn a_second_dn_without_blank_line_is_an_error() {
    let (entries, diags) = parse(b"dn: CN=x\ncn: x\ndn: CN=y\ncn: y\n");
    assert_eq!(entries.len(), 1);
    assert_eq!(
        codes(&diags),
        vec![(Code::Syntax, Some(3), Some("dn".into()))]
    );
}
