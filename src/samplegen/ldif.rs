//! Writes the directory as `ldapsearch -LLL` prints it: `dn:` first, one
//! `attr: value` per line, values with non-ASCII characters (or unsafe
//! first characters) and binary values (objectSid) in base64 (`attr:: …`),
//! lines folded at 76 columns with continuation lines starting with one
//! space, one blank line after each entry. Times are generalized time
//! (`whenCreated`) or Windows FILETIME (`pwdLastSet`, `lastLogonTimestamp`,
//! `accountExpires`).

use super::org::AD_DOMAIN;
use super::world::{Account, Expiry, Kind, World};
use super::{Error, Output};
use base64::Engine as _;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

pub(crate) const PATH: &str = "ad/export.ldif";
const WIDTH: usize = 76;
/// The fictional domain SID `S-1-5-21-3141592653-2718281828-1618033988`.
const DOMAIN_SID: [u32; 3] = [3_141_592_653, 2_718_281_828, 1_618_033_988];
pub(crate) const NEVER: i64 = i64::MAX;

/// Escapes a value for use in an RDN (RFC 4514).
pub(crate) fn escape_rdn(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == v.chars().count() && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Windows FILETIME: 100-ns intervals since 1601-01-01 UTC.
pub(crate) fn filetime(t: NaiveDateTime) -> i64 {
    (t.and_utc().timestamp() + 11_644_473_600) * 10_000_000
}

pub(crate) fn generalized_time(t: NaiveDateTime) -> String {
    t.format("%Y%m%d%H%M%S.0Z").to_string()
}

/// Binary objectSid.
pub(crate) fn sid_bytes(authority_subs: &[u32]) -> Vec<u8> {
    let mut b = vec![1u8, authority_subs.len() as u8, 0, 0, 0, 0, 0, 5];
    for s in authority_subs {
        b.extend_from_slice(&s.to_le_bytes());
    }
    b
}

pub(crate) fn domain_sid(rid: u32) -> Vec<u8> {
    sid_bytes(&[21, DOMAIN_SID[0], DOMAIN_SID[1], DOMAIN_SID[2], rid])
}

/// True when LDIF needs base64 for `v` (RFC 2849 SAFE-STRING, and
/// OpenLDAP's rule for a trailing space).
fn needs_base64(v: &[u8]) -> bool {
    match v.first() {
        None => false,
        Some(b' ' | b':' | b'<') => true,
        Some(_) => {
            v.ends_with(b" ")
                || v.iter()
                    .any(|&b| b == 0 || b == b'\n' || b == b'\r' || b >= 0x80)
        }
    }
}

/// One entry being written.
struct Entry<'a> {
    out: &'a mut String,
}

impl Entry<'_> {
    fn line(&mut self, line: &str) {
        if line.len() <= WIDTH {
            self.out.push_str(line);
            self.out.push('\n');
            return;
        }
        // Lines are ASCII here (non-ASCII values are base64), so byte
        // positions are character positions.
        let (head, mut rest) = line.split_at(WIDTH);
        self.out.push_str(head);
        self.out.push('\n');
        while !rest.is_empty() {
            let n = rest.len().min(WIDTH - 1);
            let (chunk, tail) = rest.split_at(n);
            self.out.push(' ');
            self.out.push_str(chunk);
            self.out.push('\n');
            rest = tail;
        }
    }

    fn attr_bytes(&mut self, name: &str, v: &[u8]) {
        if needs_base64(v) {
            let enc = base64::engine::general_purpose::STANDARD.encode(v);
            self.line(&format!("{name}:: {enc}"));
        } else {
            self.line(&format!("{name}: {}", String::from_utf8_lossy(v)));
        }
    }

    fn attr(&mut self, name: &str, v: &str) {
        self.attr_bytes(name, v.as_bytes());
    }

    fn opt(&mut self, name: &str, v: Option<&str>) {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            self.attr(name, v);
        }
    }

    fn end(self) {
        self.out.push('\n');
    }
}

/// userAccountControl flags of an account.
pub(crate) fn uac(a: &Account) -> u32 {
    let mut v = 0x200;
    if !a.enabled {
        v |= 0x2;
    }
    if a.pwd_never_expires {
        v |= 0x1_0000;
    }
    if a.smartcard {
        v |= 0x4_0000;
    }
    v
}

pub(crate) fn user_dn(cn: &str, ou: &str) -> String {
    format!("CN={},{}", escape_rdn(cn), ou)
}

/// Distinct common names within each OU (« Dupont Marie 2 »).
pub(crate) fn user_cns(w: &World) -> Vec<Option<String>> {
    let mut taken: BTreeMap<(String, String), u32> = BTreeMap::new();
    w.accounts
        .iter()
        .map(|a| {
            if a.source != super::world::Source::Ad {
                return None;
            }
            let base = match a.kind {
                Kind::Nominative => format!("{} {}", a.last_name, a.first_name),
                Kind::Admin => format!("{} {} (admin)", a.last_name, a.first_name),
                _ => a.login.clone(),
            };
            let n = taken
                .entry((base.to_lowercase(), a.ou.to_lowercase()))
                .or_insert(0);
            *n += 1;
            Some(if *n == 1 { base } else { format!("{base} {n}") })
        })
        .collect()
}

enum Object {
    Group(usize),
    User(usize),
    Computer(usize),
}

pub(crate) fn write(w: &World, out: &mut Output) -> Result<(), Error> {
    let cns = user_cns(w);
    let dns: Vec<Option<String>> = w
        .accounts
        .iter()
        .zip(&cns)
        .map(|(a, cn)| cn.as_ref().map(|cn| user_dn(cn, &a.ou)))
        .collect();
    let group_dns: Vec<String> = (0..w.groups.len()).map(|g| w.group_dn(g)).collect();
    // Members of each group and groups of each group, in a stable order.
    let mut user_members: Vec<Vec<usize>> = vec![Vec::new(); w.groups.len()];
    for (i, a) in w.accounts.iter().enumerate() {
        for &g in &a.groups {
            user_members[g].push(i);
        }
    }
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); w.groups.len()];
    for (g, group) in w.groups.iter().enumerate() {
        for &c in &group.member_groups {
            parents[c].push(g);
        }
    }
    // Creation order (RID order), as a directory returns objects.
    let mut objects: Vec<(NaiveDateTime, u32, Object)> = Vec::new();
    for (g, group) in w.groups.iter().enumerate() {
        objects.push((
            group.created,
            group.well_known_rid.unwrap_or(u32::MAX),
            Object::Group(g),
        ));
    }
    for (i, a) in w.accounts.iter().enumerate() {
        if dns[i].is_some() {
            let rid = match a.login.as_str() {
                "Administrator" if a.kind == Kind::Technical => 500,
                "Guest" if a.kind == Kind::Technical => 501,
                "krbtgt" if a.kind == Kind::Technical => 502,
                _ => u32::MAX,
            };
            objects.push((a.created, rid, Object::User(i)));
        }
    }
    for (c, comp) in w.computers.iter().enumerate() {
        objects.push((comp.created, u32::MAX, Object::Computer(c)));
    }
    objects.sort_by_key(|(t, rid, _)| (*rid != u32::MAX, *t, *rid));
    let mut next_rid = 1103u32;
    let mut text = String::with_capacity(w.accounts.len() * 900);
    for (_, fixed, obj) in &objects {
        let rid = if *fixed != u32::MAX {
            *fixed
        } else {
            next_rid += 1;
            next_rid
        };
        let mut e = Entry { out: &mut text };
        match *obj {
            Object::Group(g) => {
                let group = &w.groups[g];
                e.attr("dn", &group_dns[g]);
                e.attr("objectClass", "top");
                e.attr("objectClass", "group");
                e.attr("cn", &group.cn);
                e.attr("description", &group.description);
                for &c in &group.member_groups {
                    e.attr("member", &group_dns[c]);
                }
                for &u in &user_members[g] {
                    if let Some(dn) = &dns[u] {
                        e.attr("member", dn);
                    }
                }
                e.attr("whenCreated", &generalized_time(group.created));
                for &p in &parents[g] {
                    e.attr("memberOf", &group_dns[p]);
                }
                let sid = if group.builtin {
                    sid_bytes(&[32, rid])
                } else {
                    domain_sid(rid)
                };
                e.attr_bytes("objectSid", &sid);
                e.attr("sAMAccountName", &group.cn);
                e.attr(
                    "groupType",
                    if group.builtin {
                        "-2147483643"
                    } else {
                        "-2147483646"
                    },
                );
            }
            Object::User(i) => write_user(
                &mut e,
                w,
                i,
                dns[i].as_deref().unwrap_or(""),
                cns[i].as_deref().unwrap_or(""),
                &dns,
                &group_dns,
                rid,
            ),
            Object::Computer(c) => {
                let comp = &w.computers[c];
                e.attr("dn", &user_dn(&comp.name, &comp.ou));
                for oc in ["top", "person", "organizationalPerson", "user", "computer"] {
                    e.attr("objectClass", oc);
                }
                e.attr("cn", &comp.name);
                e.attr("whenCreated", &generalized_time(comp.created));
                e.attr(
                    "userAccountControl",
                    if comp.server { "532480" } else { "4096" },
                );
                e.attr_bytes("objectSid", &domain_sid(rid));
                e.attr("sAMAccountName", &format!("{}$", comp.name));
                e.attr("lastLogonTimestamp", &filetime(comp.last_logon).to_string());
                e.attr(
                    "operatingSystem",
                    if comp.server {
                        "Windows Server 2019 Standard"
                    } else {
                        "Windows 11 Entreprise"
                    },
                );
                e.attr(
                    "dNSHostName",
                    &format!("{}.{AD_DOMAIN}", comp.name.to_lowercase()),
                );
            }
        }
        e.end();
    }
    out.write(PATH, text.as_bytes())
}

#[allow(clippy::too_many_arguments)]
fn write_user(
    e: &mut Entry<'_>,
    w: &World,
    i: usize,
    dn: &str,
    cn: &str,
    dns: &[Option<String>],
    group_dns: &[String],
    rid: u32,
) {
    let a = &w.accounts[i];
    e.attr("dn", dn);
    for oc in ["top", "person", "organizationalPerson", "user"] {
        e.attr("objectClass", oc);
    }
    e.attr("cn", cn);
    let person = matches!(a.kind, Kind::Nominative | Kind::Admin);
    if person {
        e.attr("sn", &a.last_name);
    }
    e.opt("title", a.title.as_deref());
    e.opt("description", a.description.as_deref());
    if person {
        e.attr("givenName", &a.first_name);
    }
    e.attr("whenCreated", &generalized_time(a.created));
    if person {
        e.attr("displayName", cn);
    }
    for &g in &a.groups {
        e.attr("memberOf", &group_dns[g]);
    }
    if let Some(u) = a.unit.filter(|_| a.kind != Kind::Service) {
        e.attr("department", &w.org.units[u].label);
    }
    e.attr("userAccountControl", &uac(a).to_string());
    e.attr(
        "pwdLastSet",
        &a.pwd_last_set.map_or(0, filetime).to_string(),
    );
    e.attr_bytes("objectSid", &domain_sid(rid));
    let expires = match a.expires {
        Some(Expiry::Zero) => 0,
        Some(Expiry::At(t)) => filetime(t),
        Some(Expiry::Max) | None => NEVER,
    };
    e.attr("accountExpires", &expires.to_string());
    if let Some(t) = a.last_logon {
        e.attr("lastLogonTimestamp", &filetime(t).to_string());
    }
    e.attr("sAMAccountName", &a.login);
    e.attr("userPrincipalName", &format!("{}@{AD_DOMAIN}", a.login));
    e.opt("mail", a.email.as_deref());
    if let Some(m) = a.manager {
        if let Some(dn) = &dns[m] {
            e.attr("manager", dn);
        }
    }
    e.opt("employeeID", a.employee_id.as_deref());
    e.opt("extensionAttribute1", a.rpps.as_deref());
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn filetime_of_known_dates() {
        let t = NaiveDate::from_ymd_opt(1970, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(filetime(t), 116_444_736_000_000_000);
        let t = NaiveDate::from_ymd_opt(2023, 3, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        assert_eq!(generalized_time(t), "20230301080000.0Z");
    }

    #[test]
    fn sid_layout() {
        let b = sid_bytes(&[32, 544]);
        assert_eq!(b, vec![1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0]);
        assert_eq!(domain_sid(512).len(), 28);
    }

    #[test]
    fn folding_and_base64() {
        let mut s = String::new();
        let mut e = Entry { out: &mut s };
        e.attr("sn", "Hélène");
        e.attr("cn", "Martin");
        e.attr("description", &"x".repeat(200));
        e.attr("title", " leading space");
        e.end();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "sn:: SMOpbMOobmU=");
        assert_eq!(lines[1], "cn: Martin");
        assert!(lines.iter().all(|l| l.len() <= WIDTH));
        assert!(lines[3].starts_with(' ') && lines[4].starts_with(' '));
        let joined: String = lines[2..5]
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        assert_eq!(joined, format!("description: {}", "x".repeat(200)));
        assert!(lines[5].starts_with("title:: "));
        assert_eq!(*lines.last().unwrap(), "");
    }

    #[test]
    fn rdn_escaping() {
        assert_eq!(escape_rdn("Dupont, Marie"), "Dupont\\, Marie");
        assert_eq!(escape_rdn("N'Diaye Awa"), "N'Diaye Awa");
    }

    #[test]
    fn base_dn_is_ascii() {
        assert!(crate::samplegen::org::BASE_DN.is_ascii());
    }
}
