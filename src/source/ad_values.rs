//! Active Directory values, as both AD connectors (`ad-ldif`, `ad-csv`) read
//! them: userAccountControl flags, Windows FILETIME and LDAP generalized
//! times, binary objectSid and objectGUID, and distinguished names ([`dn`]).
//!
//! [`directory`] holds what the two connectors share beyond single values:
//! the directory object they each read from their format, and the assembly of
//! those objects into accounts, groups and group-membership rights.
//!
//! Decoders here return `Result<_, ()>` or `Option`: the caller knows the
//! file, line and attribute and builds the French diagnostic.

pub mod directory;
pub mod dn;
#[cfg(test)]
pub(crate) mod test_support;

pub use dn::{dn_key, first_rdn_value, split_dn_list};

use super::values::{self, DateOrder};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

/// A value that does not decode as its attribute requires; the caller,
/// which knows file, line and attribute, reports it.
pub use super::values::Unreadable;

/// Date forms the AD connectors accept, in French, for error help.
pub const AD_DATE_HELP: &str =
    "formes acceptées : entier FILETIME (lastLogonTimestamp, pwdLastSet…), \
     temps généralisé LDAP (20240325140512.0Z), date PowerShell française (25/03/2024 14:05:12) \
     ou anglaise (3/25/2024 2:05:12 PM) ; l'ordre jour/mois se règle avec date_order";

/// The userAccountControl bits an audit looks at, decoded from the raw value.
/// See Microsoft's « UserAccountControl property flags ».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UserAccountControl {
    /// The value as stored.
    pub raw: u32,
    /// ACCOUNTDISABLE (0x2).
    pub disabled: bool,
    /// LOCKOUT (0x10). AD does not keep this bit up to date on every version;
    /// `lockoutTime` is the better witness.
    pub locked_out: bool,
    /// PASSWD_NOTREQD (0x20): the account may have an empty password.
    pub password_not_required: bool,
    /// ENCRYPTED_TEXT_PWD_ALLOWED (0x80): reversible password storage.
    pub reversible_password: bool,
    /// NORMAL_ACCOUNT (0x200): an ordinary user account.
    pub normal_account: bool,
    /// INTERDOMAIN_TRUST_ACCOUNT (0x800).
    pub interdomain_trust_account: bool,
    /// WORKSTATION_TRUST_ACCOUNT (0x1000): a workstation or member server.
    pub workstation_trust_account: bool,
    /// SERVER_TRUST_ACCOUNT (0x2000): a domain controller.
    pub server_trust_account: bool,
    /// DONT_EXPIRE_PASSWORD (0x10000).
    pub dont_expire_password: bool,
    /// SMARTCARD_REQUIRED (0x40000).
    pub smartcard_required: bool,
    /// TRUSTED_FOR_DELEGATION (0x80000): unconstrained Kerberos delegation.
    pub trusted_for_delegation: bool,
    /// NOT_DELEGATED (0x100000): sensitive, cannot be delegated.
    pub not_delegated: bool,
    /// USE_DES_KEY_ONLY (0x200000).
    pub use_des_key_only: bool,
    /// DONT_REQ_PREAUTH (0x400000): AS-REP roastable.
    pub dont_require_preauth: bool,
    /// PASSWORD_EXPIRED (0x800000).
    pub password_expired: bool,
    /// TRUSTED_TO_AUTH_FOR_DELEGATION (0x1000000): protocol transition.
    pub trusted_to_auth_for_delegation: bool,
}

impl UserAccountControl {
    pub const ACCOUNTDISABLE: u32 = 0x2;
    pub const LOCKOUT: u32 = 0x10;
    pub const PASSWD_NOTREQD: u32 = 0x20;
    pub const ENCRYPTED_TEXT_PWD_ALLOWED: u32 = 0x80;
    pub const NORMAL_ACCOUNT: u32 = 0x200;
    pub const INTERDOMAIN_TRUST_ACCOUNT: u32 = 0x800;
    pub const WORKSTATION_TRUST_ACCOUNT: u32 = 0x1000;
    pub const SERVER_TRUST_ACCOUNT: u32 = 0x2000;
    pub const DONT_EXPIRE_PASSWORD: u32 = 0x10000;
    pub const SMARTCARD_REQUIRED: u32 = 0x40000;
    pub const TRUSTED_FOR_DELEGATION: u32 = 0x80000;
    pub const NOT_DELEGATED: u32 = 0x100000;
    pub const USE_DES_KEY_ONLY: u32 = 0x200000;
    pub const DONT_REQ_PREAUTH: u32 = 0x400000;
    pub const PASSWORD_EXPIRED: u32 = 0x800000;
    pub const TRUSTED_TO_AUTH_FOR_DELEGATION: u32 = 0x1000000;

    pub fn from_raw(raw: u32) -> Self {
        let has = |bit: u32| raw & bit != 0;
        UserAccountControl {
            raw,
            disabled: has(Self::ACCOUNTDISABLE),
            locked_out: has(Self::LOCKOUT),
            password_not_required: has(Self::PASSWD_NOTREQD),
            reversible_password: has(Self::ENCRYPTED_TEXT_PWD_ALLOWED),
            normal_account: has(Self::NORMAL_ACCOUNT),
            interdomain_trust_account: has(Self::INTERDOMAIN_TRUST_ACCOUNT),
            workstation_trust_account: has(Self::WORKSTATION_TRUST_ACCOUNT),
            server_trust_account: has(Self::SERVER_TRUST_ACCOUNT),
            dont_expire_password: has(Self::DONT_EXPIRE_PASSWORD),
            smartcard_required: has(Self::SMARTCARD_REQUIRED),
            trusted_for_delegation: has(Self::TRUSTED_FOR_DELEGATION),
            not_delegated: has(Self::NOT_DELEGATED),
            use_des_key_only: has(Self::USE_DES_KEY_ONLY),
            dont_require_preauth: has(Self::DONT_REQ_PREAUTH),
            password_expired: has(Self::PASSWORD_EXPIRED),
            trusted_to_auth_for_delegation: has(Self::TRUSTED_TO_AUTH_FOR_DELEGATION),
        }
    }

    /// Reads the decimal value written in exports. The attribute is a signed
    /// 32-bit integer in the schema, so a negative value is taken as its bits.
    pub fn parse(raw: &str) -> Result<Self, Unreadable> {
        let v: i64 = raw.trim().parse().map_err(|_| Unreadable)?;
        let bits = u32::try_from(v)
            .or_else(|_| i32::try_from(v).map(|n| n as u32))
            .map_err(|_| Unreadable)?;
        Ok(Self::from_raw(bits))
    }

    /// A machine account: workstation, member server or domain controller.
    pub fn is_computer(&self) -> bool {
        self.workstation_trust_account || self.server_trust_account
    }
}

/// Seconds between 1601-01-01 and 1970-01-01.
const FILETIME_EPOCH_OFFSET: i64 = 11_644_473_600;

/// A Windows FILETIME (100-ns intervals since 1601-01-01 UTC) as a UTC date
/// and time to the second. 0, `i64::MAX` and negative values are how AD
/// writes « never » (or « must change password » for `pwdLastSet`): `None`.
pub fn filetime_to_datetime(ticks: i64) -> Option<NaiveDateTime> {
    if ticks <= 0 || ticks == i64::MAX {
        return None;
    }
    let secs = ticks / 10_000_000 - FILETIME_EPOCH_OFFSET;
    DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc())
}

/// Reads a FILETIME written as a decimal integer; empty → `Ok(None)`.
pub fn parse_filetime(raw: &str) -> Result<Option<NaiveDateTime>, Unreadable> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let ticks: i64 = s.parse().map_err(|_| Unreadable)?;
    Ok(filetime_to_datetime(ticks))
}

/// True when the value is written as an integer (a raw FILETIME rather than
/// a formatted date).
pub fn is_integer(raw: &str) -> bool {
    let s = raw.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Reads a date as AD exports write it, whatever the attribute: a raw
/// FILETIME integer (0, negative and `i64::MAX` mean never: `Ok(None)`), an
/// LDAP generalized time, or a formatted date (PowerShell writes dates in the
/// exporting machine's locale and time zone); empty → `Ok(None)`.
pub fn parse_ad_datetime(raw: &str, order: DateOrder) -> Result<Option<NaiveDateTime>, Unreadable> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // Real FILETIMEs have 17 or 18 digits; shorter integers are compact
    // dates, generalized times or spreadsheet serials.
    if is_integer(s) && (s.len() >= 15 || s == "0" || s.starts_with('-')) {
        return parse_filetime(s);
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &s[digits..];
    let generalized = matches!(digits, 10 | 12 | 14)
        && (rest.is_empty() || rest.starts_with(['.', ',', 'Z', 'z', '+', '-']));
    if generalized {
        return parse_generalized_time(s).map(Some);
    }
    values::parse_datetime(s, order)
}

/// Reads an LDAP generalized time (`whenCreated`, `whenChanged`):
/// `YYYYMMDDHH[MM[SS]][.fraction][Z|±HH[MM]]`, as UTC to the second. A value
/// without a zone is taken as UTC, which is what AD writes anyway.
pub fn parse_generalized_time(raw: &str) -> Result<NaiveDateTime, Unreadable> {
    let s = raw.trim();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !matches!(digits, 10 | 12 | 14) {
        return Err(Unreadable);
    }
    let num = |range: std::ops::Range<usize>| -> Result<u32, Unreadable> {
        s.get(range).and_then(|p| p.parse().ok()).ok_or(Unreadable)
    };
    let year = num(0..4)? as i32;
    let (month, day, hour) = (num(4..6)?, num(6..8)?, num(8..10)?);
    let minute = if digits >= 12 { num(10..12)? } else { 0 };
    let second = if digits == 14 { num(12..14)? } else { 0 };
    let mut rest = &s[digits..];
    if let Some(frac) = rest.strip_prefix(['.', ',']) {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(Unreadable);
        }
        rest = &frac[n..];
    }
    let offset_minutes: i64 = match rest {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return Err(Unreadable),
            };
            let z = &zone[1..];
            if !matches!(z.len(), 2 | 4) || !z.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Unreadable);
            }
            let h: i64 = z[..2].parse().map_err(|_| Unreadable)?;
            let m: i64 = if z.len() == 4 {
                z[2..].parse().map_err(|_| Unreadable)?
            } else {
                0
            };
            sign * (h * 60 + m)
        }
    };
    // Leap seconds (`…235960Z`) are folded onto the last second.
    let time = NaiveTime::from_hms_opt(hour, minute, second.min(59)).ok_or(Unreadable)?;
    let local = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or(Unreadable)?
        .and_time(time);
    Ok(local - chrono::Duration::minutes(offset_minutes))
}

/// A binary objectSid as `S-1-5-21-…`. Layout: revision (1 byte), count of
/// sub-authorities (1), identifier authority (6, big-endian), then each
/// sub-authority (4, little-endian).
pub fn sid_to_string(bytes: &[u8]) -> Result<String, Unreadable> {
    if bytes.len() < 8 {
        return Err(Unreadable);
    }
    let count = usize::from(bytes[1]);
    if bytes[0] != 1 || bytes.len() != 8 + 4 * count {
        return Err(Unreadable);
    }
    let authority = bytes[2..8]
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let mut out = if authority >= 1 << 32 {
        format!("S-1-0x{authority:012X}")
    } else {
        format!("S-1-{authority}")
    };
    for chunk in bytes[8..].chunks_exact(4) {
        let sub = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        out.push('-');
        out.push_str(&sub.to_string());
    }
    Ok(out)
}

/// A SID written as text (`S-1-5-…`), as PowerShell exports it; checked for
/// shape and returned upper-case `S`.
pub fn parse_sid_string(raw: &str) -> Result<String, Unreadable> {
    let s = raw.trim();
    let rest = s
        .strip_prefix("S-")
        .or_else(|| s.strip_prefix("s-"))
        .ok_or(Unreadable)?;
    let parts: Vec<&str> = rest.split('-').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let authority_ok = parts.get(1).is_some_and(|a| {
        numeric(a)
            || a.strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if parts.len() < 2 || parts[0] != "1" || !authority_ok || !parts[2..].iter().all(numeric) {
        return Err(Unreadable);
    }
    Ok(format!("S-{rest}"))
}

/// The domain part of a SID (everything but the last sub-authority, the RID).
pub fn sid_domain(sid: &str) -> Option<&str> {
    sid.rsplit_once('-').map(|(domain, _)| domain)
}

/// A binary objectGUID in its canonical form (`xxxxxxxx-xxxx-xxxx-xxxx-
/// xxxxxxxxxxxx`, lower case): the first three fields are little-endian.
pub fn guid_to_string(bytes: &[u8]) -> Result<String, Unreadable> {
    let b: &[u8; 16] = bytes.try_into().map_err(|_| Unreadable)?;
    Ok(format!(
        "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{}",
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        u16::from_le_bytes([b[4], b[5]]),
        u16::from_le_bytes([b[6], b[7]]),
        b[8],
        b[9],
        hex::encode(&b[10..16]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn uac_flags() {
        let u = UserAccountControl::parse("514").unwrap();
        assert!(u.disabled && u.normal_account && !u.dont_expire_password);
        let u = UserAccountControl::parse("66048").unwrap(); // 0x10200
        assert!(!u.disabled && u.normal_account && u.dont_expire_password);
        let u = UserAccountControl::from_raw(0x200 | 0x40000 | 0x20 | 0x10);
        assert!(u.smartcard_required && u.password_not_required && u.locked_out);
        assert!(!u.is_computer());
        let u = UserAccountControl::parse("4096").unwrap();
        assert!(u.workstation_trust_account && u.is_computer());
        let u = UserAccountControl::parse("532480").unwrap(); // DC: 0x82000
        assert!(u.server_trust_account && u.trusted_for_delegation && u.is_computer());
        let u = UserAccountControl::from_raw(0x400000 | 0x1000000 | 0x100000 | 0x800000);
        assert!(u.dont_require_preauth && u.trusted_to_auth_for_delegation);
        assert!(u.not_delegated && u.password_expired && !u.trusted_for_delegation);
        assert_eq!(UserAccountControl::parse(" 512 ").unwrap().raw, 512);
        assert_eq!(
            UserAccountControl::parse("-2147483136").unwrap().raw,
            0x8000_0200
        );
        assert!(UserAccountControl::parse("0x200").is_err());
        assert!(UserAccountControl::parse("").is_err());
        assert!(UserAccountControl::parse("99999999999").is_err());
    }

    #[test]
    fn filetimes() {
        assert_eq!(
            filetime_to_datetime(133221312000000000),
            Some(dt("2023-03-01 08:00:00"))
        );
        // Sub-second ticks are dropped.
        assert_eq!(
            filetime_to_datetime(133558491121234567),
            Some(dt("2024-03-25 14:05:12"))
        );
        assert_eq!(filetime_to_datetime(0), None);
        assert_eq!(filetime_to_datetime(i64::MAX), None);
        assert_eq!(filetime_to_datetime(-1), None);
        assert_eq!(parse_filetime("9223372036854775807"), Ok(None));
        assert_eq!(parse_filetime("0"), Ok(None));
        assert_eq!(parse_filetime(""), Ok(None));
        assert_eq!(
            parse_filetime(" 133221312000000000 "),
            Ok(Some(dt("2023-03-01 08:00:00")))
        );
        assert_eq!(parse_filetime("25/03/2024"), Err(Unreadable));
        assert!(is_integer("-1") && is_integer("133221312000000000"));
        assert!(!is_integer("3/25/2024") && !is_integer("") && !is_integer("-"));
    }

    #[test]
    fn generalized_times() {
        let want = dt("2023-03-01 08:00:00");
        assert_eq!(parse_generalized_time("20230301080000.0Z"), Ok(want));
        assert_eq!(parse_generalized_time("20230301080000Z"), Ok(want));
        assert_eq!(parse_generalized_time("20230301080000"), Ok(want));
        assert_eq!(parse_generalized_time("20230301080000.123456Z"), Ok(want));
        assert_eq!(parse_generalized_time("202303010800Z"), Ok(want));
        assert_eq!(parse_generalized_time("2023030108Z"), Ok(want));
        assert_eq!(parse_generalized_time("20230301100000.0+0200"), Ok(want));
        assert_eq!(parse_generalized_time("20230301030000-05"), Ok(want));
        assert_eq!(parse_generalized_time("20230231080000.0Z"), Err(Unreadable));
        assert_eq!(parse_generalized_time("20230301080000.Z"), Err(Unreadable));
        assert_eq!(
            parse_generalized_time("20230301080000.0 UTC"),
            Err(Unreadable)
        );
        assert_eq!(parse_generalized_time("01/03/2023"), Err(Unreadable));
    }

    #[test]
    fn ad_dates_in_every_form() {
        let want = Some(dt("2024-03-25 14:05:12"));
        let p = |s: &str, o| parse_ad_datetime(s, o);
        assert_eq!(p("133558491120000000", DateOrder::Dmy), Ok(want));
        assert_eq!(p("20240325140512.0Z", DateOrder::Dmy), Ok(want));
        assert_eq!(p("25/03/2024 14:05:12", DateOrder::Dmy), Ok(want));
        assert_eq!(p("3/25/2024 2:05:12 PM", DateOrder::Mdy), Ok(want));
        assert_eq!(p("2024-03-25T14:05:12", DateOrder::Mdy), Ok(want));
        assert_eq!(p("0", DateOrder::Dmy), Ok(None));
        assert_eq!(p("9223372036854775807", DateOrder::Dmy), Ok(None));
        assert_eq!(p(" ", DateOrder::Dmy), Ok(None));
        assert_eq!(
            p("20240325", DateOrder::Dmy),
            Ok(Some(dt("2024-03-25 00:00:00")))
        );
        assert_eq!(p("3/25/2024", DateOrder::Dmy), Err(Unreadable));
        assert_eq!(p("jamais", DateOrder::Dmy), Err(Unreadable));
    }

    #[test]
    fn sids() {
        // S-1-5-21-1004336348-1177238915-682003330-512
        let bytes = [
            1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0xDC, 0xF4, 0xDC, 0x3B, 0x83, 0x3D, 0x2B, 0x46,
            0x82, 0x8B, 0xA6, 0x28, 0x00, 0x02, 0x00, 0x00,
        ];
        assert_eq!(
            sid_to_string(&bytes).unwrap(),
            "S-1-5-21-1004336348-1177238915-682003330-512"
        );
        assert_eq!(
            sid_to_string(&[1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]).unwrap(),
            "S-1-5-18"
        );
        assert!(sid_to_string(&bytes[..27]).is_err());
        assert!(sid_to_string(&[2, 0, 0, 0, 0, 0, 0, 5]).is_err());
        assert_eq!(
            parse_sid_string(" S-1-5-21-1-2-3-1104 ").unwrap(),
            "S-1-5-21-1-2-3-1104"
        );
        assert!(parse_sid_string("S-1-5-21-x").is_err());
        assert!(parse_sid_string("1-5-21").is_err());
        assert_eq!(sid_domain("S-1-5-21-1-2-3-1104"), Some("S-1-5-21-1-2-3"));
    }

    #[test]
    fn guids() {
        let bytes = [
            0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD,
            0xEE, 0xFF,
        ];
        assert_eq!(
            guid_to_string(&bytes).unwrap(),
            "00112233-4455-6677-8899-aabbccddeeff"
        );
        assert!(guid_to_string(&bytes[..15]).is_err());
    }
}
