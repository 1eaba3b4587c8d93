//! One LDIF entry → one [`DirectoryObject`]: each Vigie field is looked up
//! through its attributes (configured one, else the defaults in order), text
//! values are checked for UTF-8, and AD values (userAccountControl, FILETIME,
//! generalized time, binary SID) are decoded with located diagnostics.

use super::parser::{Attribute, Entry, Value};
use crate::config::SourceConfig;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Provenance;
use crate::source::ad_values::directory::{DirectoryObject, ObjectKind, PrimaryGroup};
use crate::source::ad_values::{
    guid_to_string, parse_ad_datetime, parse_sid_string, sid_to_string, Unreadable,
    UserAccountControl, AD_DATE_HELP,
};
use crate::source::values::DateOrder;
use crate::source::FieldSpec;
use base64::Engine;
use chrono::NaiveDateTime;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Binary attributes holding a GUID.
const GUID_ATTRIBUTES: &[&str] = &[
    "objectguid",
    "ms-ds-consistencyguid",
    "msexchmailboxguid",
    "msexcharchiveguid",
];
/// Binary attributes holding a SID.
const SID_ATTRIBUTES: &[&str] = &["objectsid", "sidhistory", "securityidentifier"];
/// Other binary attributes, rendered as base64 when kept.
const BINARY_ATTRIBUTES: &[&str] = &[
    "thumbnailphoto",
    "jpegphoto",
    "usercertificate",
    "usersmimecertificate",
    "cacertificate",
    "logonhours",
    "ntsecuritydescriptor",
    "msds-generationid",
    "replpropertymetadata",
    "msexchmailboxsecuritydescriptor",
];

/// Which attributes each field reads, and which are kept verbatim.
pub(super) struct Mapping {
    fields: BTreeMap<&'static str, Vec<String>>,
    /// The first attribute of each field as written, for messages.
    labels: BTreeMap<&'static str, String>,
    /// `keep_columns`: (name as configured, lower-cased).
    keep: Vec<(String, String)>,
    /// Attributes the configuration names (field or `keep_columns`, attribute).
    configured: Vec<(String, String)>,
}

impl Mapping {
    pub fn new(specs: &[FieldSpec], source: &SourceConfig) -> Self {
        let mut fields = BTreeMap::new();
        let mut labels = BTreeMap::new();
        let mut configured = Vec::new();
        for spec in specs {
            let label = match source.columns.get(spec.name) {
                Some(attr) => attr.trim(),
                None => spec.default_columns.first().copied().unwrap_or(spec.name),
            };
            labels.insert(spec.name, label.to_string());
            let attrs = match source.columns.get(spec.name) {
                Some(attr) => {
                    configured.push((spec.name.to_string(), attr.trim().to_string()));
                    vec![attr.trim().to_ascii_lowercase()]
                }
                None => spec
                    .default_columns
                    .iter()
                    .map(|a| a.to_ascii_lowercase())
                    .collect(),
            };
            fields.insert(spec.name, attrs);
        }
        let keep: Vec<(String, String)> = source
            .keep_columns
            .iter()
            .map(|k| (k.trim().to_string(), k.trim().to_ascii_lowercase()))
            .collect();
        configured.extend(
            keep.iter()
                .map(|(k, _)| ("keep_columns".to_string(), k.clone())),
        );
        Mapping {
            fields,
            labels,
            keep,
            configured,
        }
    }

    fn attrs(&self, field: &str) -> &[String] {
        self.fields.get(field).map_or(&[], Vec::as_slice)
    }

    /// The (first) attribute of `field` as written, for messages.
    pub fn label(&self, field: &'static str) -> &str {
        self.labels.get(field).map_or(field, String::as_str)
    }

    /// (field or `keep_columns`, attribute) pairs the configuration names.
    pub fn configured(&self) -> &[(String, String)] {
        &self.configured
    }
}

/// Reads entries of one file.
pub(super) struct EntryReader<'c> {
    pub mapping: &'c Mapping,
    pub file: &'c str,
    pub source: Arc<str>,
    pub file_arc: Arc<str>,
    pub order: DateOrder,
    /// Computers are read as accounts (`include_computers`).
    pub include_computers: bool,
}

impl EntryReader<'_> {
    fn error(
        &self,
        code: Code,
        value: &Value<'_>,
        attr: &Attribute<'_>,
        msg: String,
    ) -> Diagnostic {
        Diagnostic::error(code, msg)
            .in_file(self.file)
            .at_line(value.line)
            .field(attr.written.clone())
    }

    /// The first attribute of `field` the entry has.
    fn find<'e, 'a>(&self, e: &'e Entry<'a>, field: &str) -> Option<&'e Attribute<'a>> {
        self.mapping.attrs(field).iter().find_map(|a| e.get(a))
    }

    fn utf8<'v>(
        &self,
        a: &Attribute<'_>,
        v: &'v Value<'_>,
        diags: &mut Diagnostics,
    ) -> Option<&'v str> {
        match std::str::from_utf8(&v.bytes) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(
                    self.error(
                        Code::InvalidEncoding,
                        v,
                        a,
                        format!("valeur invalide en UTF-8 (octet {} de la valeur)", e.valid_up_to() + 1),
                    )
                    .help("un LDIF est en UTF-8 ; si le fichier vient d'un outil en Windows-1252, indiquez encoding = \"windows-1252\""),
                );
                None
            }
        }
    }

    /// Every non-empty value of `field`, trimmed.
    fn texts(&self, e: &Entry<'_>, field: &str, diags: &mut Diagnostics) -> Vec<String> {
        let Some(a) = self.find(e, field) else {
            return Vec::new();
        };
        a.values
            .iter()
            .filter_map(|v| self.utf8(a, v, diags))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn text(&self, e: &Entry<'_>, field: &str, diags: &mut Diagnostics) -> Option<String> {
        let a = self.find(e, field)?;
        let v = a.values.first()?;
        let s = self.utf8(a, v, diags)?.trim();
        (!s.is_empty()).then(|| s.to_string())
    }

    fn date_of(
        &self,
        a: &Attribute<'_>,
        v: &Value<'_>,
        diags: &mut Diagnostics,
    ) -> Option<NaiveDateTime> {
        let raw = self.utf8(a, v, diags)?;
        match parse_ad_datetime(raw, self.order) {
            Ok(d) => d,
            Err(_) => {
                diags.push(
                    self.error(
                        Code::InvalidDate,
                        v,
                        a,
                        format!("date illisible « {} »", raw.trim()),
                    )
                    .help(AD_DATE_HELP),
                );
                None
            }
        }
    }

    fn datetime(
        &self,
        e: &Entry<'_>,
        field: &str,
        diags: &mut Diagnostics,
    ) -> Option<NaiveDateTime> {
        let a = self.find(e, field)?;
        self.date_of(a, a.values.first()?, diags)
    }

    /// The latest date among all the field's attributes (`lastLogonTimestamp`
    /// is replicated but lags; `lastLogon` is exact but per controller).
    fn latest(&self, e: &Entry<'_>, field: &str, diags: &mut Diagnostics) -> Option<NaiveDateTime> {
        let mut best = None;
        for name in self.mapping.attrs(field) {
            if let Some(a) = e.get(name) {
                if let Some(v) = a.values.first() {
                    best = best.max(self.date_of(a, v, diags));
                }
            }
        }
        best
    }

    fn integer(&self, e: &Entry<'_>, field: &str, diags: &mut Diagnostics) -> Option<i64> {
        let a = self.find(e, field)?;
        let v = a.values.first()?;
        let raw = self.utf8(a, v, diags)?.trim();
        match raw.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                diags.push(self.error(
                    Code::InvalidValue,
                    v,
                    a,
                    format!("nombre entier attendu, trouvé « {raw} »"),
                ));
                None
            }
        }
    }

    fn uac(&self, e: &Entry<'_>, diags: &mut Diagnostics) -> Option<UserAccountControl> {
        let a = self.find(e, "user_account_control")?;
        let v = a.values.first()?;
        let raw = self.utf8(a, v, diags)?;
        match UserAccountControl::parse(raw) {
            Ok(u) => Some(u),
            Err(_) => {
                diags.push(self.error(
                    Code::InvalidValue,
                    v,
                    a,
                    format!(
                        "userAccountControl « {} » : entier 32 bits attendu",
                        raw.trim()
                    ),
                ));
                None
            }
        }
    }

    /// objectSid: binary (base64 in LDIF), or text when a tool converted it.
    fn sid(&self, e: &Entry<'_>, diags: &mut Diagnostics) -> Option<String> {
        let a = self.find(e, "sid")?;
        let v = a.values.first()?;
        let decoded = if v.bytes.starts_with(b"S-") {
            std::str::from_utf8(&v.bytes)
                .map_err(|_| Unreadable)
                .and_then(parse_sid_string)
        } else {
            sid_to_string(&v.bytes)
        };
        match decoded {
            Ok(s) => Some(s),
            Err(_) => {
                diags.push(self.error(
                    Code::InvalidValue,
                    v,
                    a,
                    format!("SID illisible ({} octets)", v.bytes.len()),
                ));
                None
            }
        }
    }

    /// A kept attribute's value as text: GUIDs and SIDs in their usual form,
    /// other binary values in base64.
    fn render(&self, a: &Attribute<'_>, v: &Value<'_>, diags: &mut Diagnostics) -> Option<String> {
        let name = a.name.as_str();
        let b64 = || base64::engine::general_purpose::STANDARD.encode(&v.bytes);
        if GUID_ATTRIBUTES.contains(&name) {
            return Some(guid_to_string(&v.bytes).unwrap_or_else(|_| b64()));
        }
        if SID_ATTRIBUTES.contains(&name) {
            return Some(
                sid_to_string(&v.bytes)
                    .unwrap_or_else(|_| String::from_utf8_lossy(&v.bytes).into_owned()),
            );
        }
        if BINARY_ATTRIBUTES.contains(&name) {
            return Some(b64());
        }
        self.utf8(a, v, diags).map(|s| s.trim().to_string())
    }

    /// The directory object of an entry, and whether it had object classes.
    pub fn read(&self, e: &Entry<'_>, diags: &mut Diagnostics) -> (DirectoryObject, bool) {
        let provenance = Provenance {
            source: self.source.clone(),
            file: self.file_arc.clone(),
            line: Some(e.line),
            sheet: None,
            row: None,
        };
        let mut o = DirectoryObject::new(ObjectKind::Other, provenance);
        o.dn = (!e.dn.is_empty()).then(|| e.dn.clone());
        o.object_classes = self.texts(e, "object_class", diags);
        o.login = self.text(e, "login", diags);
        o.uac = self.uac(e, diags);
        let group_hint = self.find(e, "members").is_some() || e.get("grouptype").is_some();
        o.kind = ObjectKind::classify(
            &o.object_classes,
            o.uac.as_ref(),
            o.login.as_deref(),
            group_hint,
        );
        let had_class = !o.object_classes.is_empty();
        // Skipped objects need only their DN (to recognise them as members).
        let skipped = o.kind == ObjectKind::Computer && !self.include_computers;
        if o.kind == ObjectKind::Other || skipped {
            return (o, had_class);
        }
        o.upn = self.text(e, "upn", diags);
        o.display_name = self.text(e, "display_name", diags);
        o.last_name = self.text(e, "last_name", diags);
        o.first_name = self.text(e, "first_name", diags);
        o.email = self.text(e, "email", diags);
        o.employee_number = self.first_of(e, "employee_number", diags);
        o.rpps = self.text(e, "rpps", diags);
        o.birth_date = self.datetime(e, "birth_date", diags).map(|d| d.date());
        o.unit = self.text(e, "unit", diags);
        o.title = self.text(e, "title", diags);
        o.description = self.text(e, "description", diags);
        o.manager = self.text(e, "manager", diags);
        o.sid = self.sid(e, diags);
        o.lockout_time = self.datetime(e, "lockout_time", diags);
        o.expires = self.datetime(e, "expires", diags);
        o.last_logon = self.latest(e, "last_logon", diags);
        o.created = self.datetime(e, "created", diags);
        o.password_last_set = self.datetime(e, "password_last_set", diags);
        o.member_of = self.texts(e, "member_of", diags);
        o.members = self.texts(e, "members", diags);
        o.primary_group = self
            .integer(e, "primary_group", diags)
            .and_then(|n| u32::try_from(n).ok())
            .map(PrimaryGroup::Rid);
        for (written, lower) in &self.mapping.keep {
            if let Some(a) = e.get(lower) {
                let values: Vec<String> = a
                    .values
                    .iter()
                    .filter_map(|v| self.render(a, v, diags))
                    .filter(|s| !s.is_empty())
                    .collect();
                if !values.is_empty() {
                    o.extra.insert(written.clone(), values.join("; "));
                }
            }
        }
        (o, had_class)
    }

    /// The first non-empty value among the field's attributes, in order
    /// (`employeeID`, else `employeeNumber`).
    fn first_of(&self, e: &Entry<'_>, field: &str, diags: &mut Diagnostics) -> Option<String> {
        for name in self.mapping.attrs(field) {
            if let Some(a) = e.get(name) {
                for v in &a.values {
                    if let Some(s) = self
                        .utf8(a, v, diags)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                    {
                        return Some(s.to_string());
                    }
                }
            }
        }
        None
    }
}
