//! `ad-ldif`: Active Directory exported as LDIF by `ldifde` or
//! `ldapsearch -LLL` (wrapped or not, LF or CRLF, UTF-8 or UTF-16 from
//! `ldifde -u`).
//!
//! [`parser`] reads the RFC 2849 records as bytes; [`entry`] maps each
//! entry's attributes to Vigie fields ([`FIELDS`]: AD attribute names by
//! default, overridable in `[source.columns]`) and decodes AD values; the
//! shared [`directory`](super::ad_values::directory) assembly builds the
//! accounts (users; computers only with `include_computers`), groups and
//! group-membership rights, exactly as the PowerShell CSV connector does.

mod entry;
mod parser;

use super::ad_values::directory::{assemble, Assembly};
use super::text::{self, EncodingChoice};
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
use crate::diag::{Code, Diagnostic};
use entry::{EntryReader, Mapping};
use std::borrow::Cow;
use std::collections::HashSet;

pub struct AdLdifConnector;

/// The fields of an `ad-ldif` source and the attributes read by default.
/// Where several are listed, a value is taken from the first one the entry
/// has (for `last_logon`, the latest of them).
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "login",
        required: true,
        default_columns: &["sAMAccountName"],
        help: "identifiant de connexion (sAMAccountName)",
    },
    FieldSpec::optional(
        "upn",
        &["userPrincipalName"],
        "nom d'utilisateur principal (UPN)",
    ),
    FieldSpec::optional("display_name", &["displayName"], "nom affiché"),
    FieldSpec::optional("last_name", &["sn"], "nom de famille"),
    FieldSpec::optional("first_name", &["givenName"], "prénom"),
    FieldSpec::optional("email", &["mail"], "adresse électronique"),
    FieldSpec::optional(
        "employee_number",
        &["employeeID", "employeeNumber"],
        "matricule RH",
    ),
    FieldSpec::optional(
        "rpps",
        &[],
        "identifiant national RPPS/ADELI (aucun attribut par défaut, par ex. extensionAttribute5)",
    ),
    FieldSpec::optional(
        "birth_date",
        &[],
        "date de naissance (aucun attribut par défaut)",
    ),
    FieldSpec::optional("unit", &["department"], "service / UF"),
    FieldSpec::optional("title", &["title"], "fonction"),
    FieldSpec::optional("description", &["description"], "description"),
    FieldSpec::optional("manager", &["manager"], "DN du responsable"),
    FieldSpec::optional("sid", &["objectSid"], "SID de l'objet"),
    FieldSpec::optional(
        "user_account_control",
        &["userAccountControl"],
        "indicateurs du compte (désactivé, mot de passe…)",
    ),
    FieldSpec::optional(
        "lockout_time",
        &["lockoutTime"],
        "date de verrouillage (FILETIME)",
    ),
    FieldSpec::optional(
        "expires",
        &["accountExpires"],
        "date d'expiration du compte (FILETIME)",
    ),
    FieldSpec::optional(
        "last_logon",
        &["lastLogonTimestamp", "lastLogon"],
        "dernière connexion (FILETIME, la plus récente)",
    ),
    FieldSpec::optional("created", &["whenCreated"], "date de création"),
    FieldSpec::optional(
        "password_last_set",
        &["pwdLastSet"],
        "dernier changement de mot de passe (FILETIME)",
    ),
    FieldSpec::optional(
        "object_class",
        &["objectClass"],
        "classes de l'objet (user, group, computer…)",
    ),
    FieldSpec::optional(
        "member_of",
        &["memberOf"],
        "groupes dont l'objet est membre direct (DN)",
    ),
    FieldSpec::optional("members", &["member"], "membres directs d'un groupe (DN)"),
    FieldSpec::optional(
        "primary_group",
        &["primaryGroupID"],
        "RID du groupe principal",
    ),
];

/// Progress is reported every this many bytes.
const PROGRESS_STEP: usize = 1 << 20;

impl Connector for AdLdifConnector {
    fn kind(&self) -> SourceKind {
        SourceKind::AdLdif
    }

    fn fields(&self) -> &'static [FieldSpec] {
        FIELDS
    }

    fn read(&self, ctx: &ReadContext<'_>) -> SourceRead {
        let mut out = SourceRead::default();
        let Some(bytes) = ctx.read_bytes(&mut out) else {
            return out;
        };
        let file = ctx.source.path_display.as_str();
        out.read_as.insert("format".into(), "LDIF".into());
        let Some((data, encoding)) = to_utf8(&bytes, ctx.source.encoding, file, &mut out) else {
            return out;
        };
        out.read_as.insert("encodage".into(), encoding.into());
        ctx.progress.start(&ctx.source.id, data.len() as u64);

        let mapping = Mapping::new(FIELDS, ctx.source);
        let reader = EntryReader {
            mapping: &mapping,
            file,
            source: ctx.source.id.as_str().into(),
            file_arc: file.into(),
            order: ctx.source.date_order,
            include_computers: ctx.source.include_computers,
        };
        // Attribute names are collected only to check configured ones.
        let mut seen: Option<HashSet<String>> =
            (!mapping.configured().is_empty()).then(HashSet::new);
        let mut parser = parser::Parser::new(&data, file);
        let mut objects = Vec::new();
        let mut without_class = 0usize;
        let mut reported = 0usize;
        while let Some(e) = parser.next_entry(&mut out.diagnostics) {
            out.records_read += 1;
            if let Some(seen) = seen.as_mut() {
                for a in &e.attributes {
                    if !seen.contains(&a.name) {
                        seen.insert(a.name.clone());
                    }
                }
            }
            let (object, had_class) = reader.read(&e, &mut out.diagnostics);
            if !had_class && !e.dn.is_empty() {
                without_class += 1;
            }
            objects.push(object);
            if parser.position() - reported >= PROGRESS_STEP {
                ctx.progress.advance((parser.position() - reported) as u64);
                reported = parser.position();
            }
        }
        ctx.progress.advance((data.len() - reported) as u64);
        ctx.progress.finish();
        out.read_as
            .insert("entrées".into(), out.records_read.to_string());

        if out.records_read == 0 && !out.diagnostics.has_errors() {
            out.diagnostics.push(
                ctx.diag(Code::EmptyFile, "le fichier LDIF ne contient aucune entrée")
                    .help("vérifiez le filtre et la base de recherche de l'export"),
            );
        }
        if without_class > 0 {
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::MissingValue,
                    format!(
                        "{without_class} entrée(s) sans objectClass : leur nature (compte, groupe, ordinateur) \
                         est déduite de userAccountControl et des autres attributs"
                    ),
                )
                .in_file(file)
                .field(mapping.label("object_class").to_string())
                .help("ajoutez objectClass aux attributs demandés à l'export (ldapsearch … objectClass sAMAccountName …)"),
            );
        }
        if let Some(seen) = &seen {
            warn_unseen(&mapping, seen, file, &mut out);
        }
        assemble(
            objects,
            &Assembly {
                source: &ctx.source.id,
                include_computers: ctx.source.include_computers,
                login_field: mapping.label("login"),
                dn_field: "dn",
            },
            &mut out,
        );
        out
    }
}

/// The file as UTF-8 bytes: UTF-16 (BOM, or declared) and declared
/// Windows-1252 are converted; anything else is read as it is, after the
/// empty and binary checks, and UTF-8 is checked value by value.
fn to_utf8<'b>(
    bytes: &'b [u8],
    choice: EncodingChoice,
    file: &str,
    out: &mut SourceRead,
) -> Option<(Cow<'b, [u8]>, &'static str)> {
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if utf16 || matches!(choice, EncodingChoice::Utf16 | EncodingChoice::Windows1252) {
        return match text::decode(bytes, choice, file) {
            Ok(d) => Some((Cow::Owned(d.text.into_bytes()), d.encoding)),
            Err(e) => {
                out.diagnostics.push(*e);
                None
            }
        };
    }
    match text::refuse_empty_or_binary(bytes, file).or_else(|| text::refuse_nul(bytes, file)) {
        None => Some((Cow::Borrowed(bytes), "utf-8")),
        Some(e) => {
            out.diagnostics.push(e);
            None
        }
    }
}

/// Warns about configured attributes that no entry has (a typo, or an
/// attribute the export did not request).
fn warn_unseen(mapping: &Mapping, seen: &HashSet<String>, file: &str, out: &mut SourceRead) {
    for (field, attr) in mapping.configured() {
        if seen.contains(&attr.to_ascii_lowercase()) {
            continue;
        }
        let help = match crate::config::spanned::closest(attr, seen.iter().map(String::as_str)) {
            Some(c) => format!("attribut le plus proche dans le fichier : « {c} » ; corrigez vigie.toml ou ajoutez l'attribut à l'export"),
            None => "ajoutez l'attribut à la liste des attributs exportés, ou corrigez vigie.toml".to_string(),
        };
        out.diagnostics.push(
            Diagnostic::warning(
                Code::MissingColumn,
                format!(
                    "attribut « {attr} » (configuré pour « {field} ») absent de toutes les entrées"
                ),
            )
            .in_file(file)
            .field(field.clone())
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests;
