//! Distinguished names (RFC 4514, with RFC 2253's leniencies) as AD writes
//! them: `CN=Dupont\, Jean,OU=Soins,DC=chu,DC=local`.
//!
//! Values may hold escaped specials (`\,`, `\+`, `\\`…), hex escapes (`\2C`,
//! and `\C3\A9` for a UTF-8 `é`) or, in older tools, be quoted. [`dn_key`] is
//! the comparison key used for group identifiers and to match `member` and
//! `memberOf` values: it does not depend on case, on spaces around
//! separators, or on which escaping form the tool chose.

/// One `attribute=value` pair, value unescaped.
type Ava = (String, String);

/// Splits a DN into its RDNs (each one or more attribute/value pairs).
/// `Err` when the DN is malformed (no `=`, dangling escape, invalid UTF-8 in
/// hex escapes, empty component).
fn parse(dn: &str) -> Result<Vec<Vec<Ava>>, ()> {
    let b = dn.as_bytes();
    let len = b.len();
    let mut rdns = Vec::new();
    if dn.trim().is_empty() {
        return Ok(rdns);
    }
    let mut rdn = Vec::new();
    let mut i = 0;
    loop {
        let eq = i + memchr::memchr(b'=', &b[i..]).ok_or(())?;
        let attr = dn[i..eq].trim();
        if attr.is_empty() || attr.contains([',', '+', ';', '\\', '"']) {
            return Err(());
        }
        i = eq + 1;
        while i < len && b[i] == b' ' {
            i += 1;
        }
        let mut value = Vec::new();
        // Unescaped trailing spaces are not part of the value.
        let mut keep = 0;
        if i < len && b[i] == b'"' {
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(()),
                    Some(b'"') => break,
                    Some(b'\\') => i += unescape(dn, i, &mut value)?,
                    Some(c) => {
                        value.push(*c);
                        i += 1;
                    }
                }
            }
            i += 1;
            keep = value.len();
            while i < len && b[i] == b' ' {
                i += 1;
            }
            if i < len && !matches!(b[i], b',' | b';' | b'+') {
                return Err(());
            }
        } else {
            while i < len {
                match b[i] {
                    b'\\' => {
                        i += unescape(dn, i, &mut value)?;
                        keep = value.len();
                    }
                    b',' | b';' | b'+' => break,
                    c => {
                        value.push(c);
                        if c != b' ' {
                            keep = value.len();
                        }
                        i += 1;
                    }
                }
            }
        }
        value.truncate(keep);
        let value = String::from_utf8(value).map_err(|_| ())?;
        rdn.push((attr.to_string(), value));
        if i >= len {
            rdns.push(rdn);
            return Ok(rdns);
        }
        if b[i] != b'+' {
            rdns.push(std::mem::take(&mut rdn));
        }
        i += 1;
        if dn[i..].trim().is_empty() {
            return Err(());
        }
    }
}

/// Reads the escape at `dn[i] == '\\'` into `out`; returns the bytes consumed.
fn unescape(dn: &str, i: usize, out: &mut Vec<u8>) -> Result<usize, ()> {
    let b = dn.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    if let (Some(h), Some(l)) = (
        b.get(i + 1).and_then(|c| hex(*c)),
        b.get(i + 2).and_then(|c| hex(*c)),
    ) {
        out.push((h * 16 + l) as u8);
        return Ok(3);
    }
    let c = dn.get(i + 1..).and_then(|r| r.chars().next()).ok_or(())?;
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    Ok(1 + c.len_utf8())
}

/// The value of the first RDN, unescaped: `CN=Dupont\, Jean,OU=…` →
/// `Dupont, Jean`. `None` for an empty or malformed DN.
pub fn first_rdn_value(dn: &str) -> Option<String> {
    let rdns = parse(dn).ok()?;
    let (_, value) = rdns.into_iter().next()?.into_iter().next()?;
    Some(value)
}

/// The case-insensitive comparison key of a DN: attribute types and values
/// lower-cased, spaces around separators dropped, values re-escaped in one
/// canonical form. A DN that cannot be parsed is only trimmed and
/// lower-cased, so that equal strings still give equal keys.
pub fn dn_key(dn: &str) -> String {
    if is_plain(dn) {
        return dn.to_lowercase();
    }
    parsed_key(dn).unwrap_or_else(|| dn.trim().to_lowercase())
}

/// The key through a full parse; `None` for a malformed DN.
fn parsed_key(dn: &str) -> Option<String> {
    let rdns = parse(dn).ok()?;
    let mut out = String::with_capacity(dn.len());
    for (r, rdn) in rdns.iter().enumerate() {
        if r > 0 {
            out.push(',');
        }
        for (a, (attr, value)) in rdn.iter().enumerate() {
            if a > 0 {
                out.push('+');
            }
            out.push_str(&attr.to_ascii_lowercase());
            out.push('=');
            escape_into(&value.to_lowercase(), &mut out);
        }
    }
    Some(out)
}

/// A DN already in canonical form but for case: one `=` per RDN, no escape,
/// quote or special character, no space around separators. Most DNs of an
/// export are; their key is just lower-cased, which saves the parse.
fn is_plain(dn: &str) -> bool {
    let b = dn.as_bytes();
    let (mut commas, mut equals) = (0usize, 0usize);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b',' | b'=' => {
                if c == b',' {
                    commas += 1;
                } else {
                    equals += 1;
                }
                let around = [i.checked_sub(1).map(|p| b[p]), b.get(i + 1).copied()];
                if around.iter().any(|x| matches!(x, None | Some(b' '))) {
                    return false;
                }
            }
            b'\\' | b'"' | b'+' | b';' | b'<' | b'>' | b'#' => return false,
            _ => {}
        }
    }
    equals == commas + 1 && !b.starts_with(b" ") && !b.ends_with(b" ")
}

fn escape_into(value: &str, out: &mut String) {
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || (i == 0 && matches!(c, ' ' | '#'))
            || (i == last && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Splits a cell holding several DNs (PowerShell `-join ';'`, csvde's
/// multi-values, one per line) on unescaped `;` and line breaks. DNs hold
/// commas, so commas never separate.
pub fn split_dn_list(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ';' | '\n' | '\r' => {
                let t = current.trim();
                if !t.is_empty() {
                    out.push(t.to_string());
                }
                current.clear();
            }
            c => current.push(c),
        }
    }
    let t = current.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_rdn() {
        let v = |dn: &str| first_rdn_value(dn);
        assert_eq!(
            v("CN=Dupont\\, Jean,OU=Soins,DC=chu,DC=local").as_deref(),
            Some("Dupont, Jean")
        );
        assert_eq!(
            v("CN=Dupont\\2C Jean,OU=Soins").as_deref(),
            Some("Dupont, Jean")
        );
        assert_eq!(
            v("CN=D\\C3\\A9sir\\C3\\A9 Martin,OU=Soins").as_deref(),
            Some("Désiré Martin")
        );
        assert_eq!(
            v("CN=Désiré Martin,OU=Soins").as_deref(),
            Some("Désiré Martin")
        );
        assert_eq!(
            v("cn = GG-Urgences , ou=Groupes").as_deref(),
            Some("GG-Urgences")
        );
        assert_eq!(
            v("CN=\"Dupont, Jean\",OU=Soins").as_deref(),
            Some("Dupont, Jean")
        );
        assert_eq!(v("CN=a\\+b+UID=x,DC=y").as_deref(), Some("a+b"));
        assert_eq!(v("CN=trailing\\ ,DC=y").as_deref(), Some("trailing "));
        assert_eq!(v("CN=GG-Urgences").as_deref(), Some("GG-Urgences"));
        assert_eq!(v(""), None);
        assert_eq!(v("pas un DN"), None);
        assert_eq!(v("CN=a\\"), None);
        assert_eq!(v("CN=a,"), None);
        assert_eq!(v("CN=\\C3,DC=x"), None);
    }

    #[test]
    fn keys_ignore_case_spaces_and_escaping_form() {
        let k = dn_key("CN=Dupont\\, Jean,OU=Soins,DC=CHU,DC=local");
        assert_eq!(k, "cn=dupont\\, jean,ou=soins,dc=chu,dc=local");
        assert_eq!(dn_key("cn=DUPONT\\2C JEAN , ou=Soins,dc=chu, dc=LOCAL"), k);
        assert_eq!(dn_key("CN=\"Dupont, Jean\";OU=Soins,DC=chu,DC=local"), k);
        assert_ne!(dn_key("CN=Dupont Jean,OU=Soins,DC=chu,DC=local"), k);
        assert_eq!(dn_key("CN=Élodie,OU=X"), dn_key("cn=élodie,ou=x"));
        assert_eq!(dn_key("CN=\\ lead,DC=x"), "cn=\\ lead,dc=x");
        // Unparseable DNs still compare by their lower-cased text.
        assert_eq!(dn_key(" Pas Un DN "), "pas un dn");
    }

    #[test]
    fn plain_dns_take_the_short_path_to_the_same_key() {
        for dn in [
            "CN=Jean Dupont,OU=Soins,DC=chu,DC=local",
            "CN=Élodie,OU=X",
            "CN=,DC=x",
            "CN=GG-A",
        ] {
            assert!(is_plain(dn), "{dn}");
            assert_eq!(Some(dn_key(dn)), parsed_key(dn), "{dn}");
        }
        for dn in [
            "CN=a=b,DC=x",
            "CN=a\\,b,DC=x",
            "CN=a , DC=x",
            " CN=a",
            "CN=a+UID=b",
            "CN=#a",
            "pas un DN",
        ] {
            assert!(!is_plain(dn), "{dn}");
        }
    }

    #[test]
    fn dn_lists() {
        let l = split_dn_list("CN=A\\, B,OU=X;CN=C,OU=Y ; \nCN=D\\;E,OU=Z;");
        assert_eq!(l, vec!["CN=A\\, B,OU=X", "CN=C,OU=Y", "CN=D\\;E,OU=Z"]);
        assert!(split_dn_list("  ").is_empty());
    }
}
