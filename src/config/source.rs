//! `[[source]]` of `vigie.toml`: one source's kind, file, layout (format,
//! encoding, delimiter, date order, header row), its column mapping and
//! value vocabularies, validated against what its connector knows.

use super::spanned::{closest, TableReader, TomlDoc};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::text::EncodingChoice;
use crate::source::values::DateOrder;
use crate::source::{connector_for, SourceKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::de::DeValue;

/// How a file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Delimited text (CSV, TSV, pipe-separated).
    Csv,
    /// A workbook read through calamine (xlsx, xlsm, xlsb, xls, ods).
    Spreadsheet,
    /// LDAP Data Interchange Format.
    Ldif,
}

impl FileFormat {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "csv" | "txt" | "tsv" => Some(FileFormat::Csv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "spreadsheet" => {
                Some(FileFormat::Spreadsheet)
            }
            "ldif" => Some(FileFormat::Ldif),
            _ => None,
        }
    }
}

/// What the RPPS extract keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RppsKeep {
    /// Professionals whose identifier a person or account holds.
    Referenced,
    /// Professionals with an activity at the establishment's FINESS.
    Establishment,
    /// Professionals whose name matches an HR person (to suggest a missing RPPS).
    Names,
    /// Everything (small extracts, tests).
    All,
}

impl RppsKeep {
    const NAMES: [&'static str; 4] = ["referenced", "establishment", "names", "all"];
    fn parse(s: &str) -> Option<Self> {
        match s {
            "referenced" => Some(RppsKeep::Referenced),
            "establishment" => Some(RppsKeep::Establishment),
            "names" => Some(RppsKeep::Names),
            "all" => Some(RppsKeep::All),
            _ => None,
        }
    }
}

/// One validated source.
#[derive(Debug, Clone)]
pub struct SourceConfig {
    pub id: String,
    pub kind: SourceKind,
    /// Resolved path.
    pub path: PathBuf,
    /// The path as written in `vigie.toml`, for messages and reports.
    pub path_display: String,
    pub format: FileFormat,
    pub encoding: EncodingChoice,
    /// Field delimiter; `None` = detect.
    pub delimiter: Option<u8>,
    pub date_order: DateOrder,
    /// Sheet to read in a workbook; `None` = the first.
    pub sheet: Option<String>,
    /// 1-based row of the header in a workbook or line in a CSV; `None` = first non-empty.
    pub header_row: Option<u32>,
    /// Separator inside multi-valued cells (profiles…).
    pub list_separator: String,
    /// For `accounts`: the application (inventory id) these accounts open.
    pub application: Option<String>,
    /// Vigie field → column (or attribute) name, as configured.
    pub columns: BTreeMap<String, String>,
    /// Extra columns to keep verbatim in each record's `extra`.
    pub keep_columns: Vec<String>,
    /// Field → (value as written, lower-cased → canonical value).
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// `rpps` only: what to keep.
    pub rpps_keep: Vec<RppsKeep>,
    /// `ad-*` only: keep computer objects (default: skipped).
    pub include_computers: bool,
    /// Line of `vigie.toml` where the source is declared.
    pub line: u64,
    /// Line of its `path` key.
    pub path_line: u64,
}

impl SourceConfig {
    /// A source with defaults, for tests and generated configurations.
    pub fn new(id: &str, kind: SourceKind, path: &Path) -> Self {
        let format = default_format(kind, path);
        SourceConfig {
            id: id.to_string(),
            kind,
            path: path.to_path_buf(),
            path_display: path.display().to_string(),
            format,
            encoding: EncodingChoice::Auto,
            delimiter: None,
            date_order: if kind == SourceKind::AdCsv {
                DateOrder::Auto
            } else {
                DateOrder::Dmy
            },
            sheet: None,
            header_row: None,
            list_separator: ",".to_string(),
            application: None,
            columns: BTreeMap::new(),
            keep_columns: Vec::new(),
            values: BTreeMap::new(),
            rpps_keep: vec![
                RppsKeep::Referenced,
                RppsKeep::Establishment,
                RppsKeep::Names,
            ],
            include_computers: false,
            line: 0,
            path_line: 0,
        }
    }
}

fn default_format(kind: SourceKind, path: &Path) -> FileFormat {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match FileFormat::parse(&ext) {
        Some(f) => f,
        None if kind == SourceKind::AdLdif => FileFormat::Ldif,
        None => FileFormat::Csv,
    }
}

pub(super) fn parse_source(
    doc: &TomlDoc,
    mut t: TableReader<'_, '_, '_>,
    base_dir: &Path,
    diags: &mut Diagnostics,
) -> Option<SourceConfig> {
    let line = doc.line_col(t.span().start).0;
    let id = t.req_str("id", "identifiant court, par ex. \"rh\" ou \"ad\"", diags);
    if let Some(id) = &id {
        let v = id.get_ref();
        let ok = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &id.span(),
                    format!(
                        "identifiant « {v} » invalide : minuscules, chiffres, - et _ seulement"
                    ),
                )
                .field(t.key_path("id")),
            );
        }
    }
    let kind_s = t.req_str(
        "kind",
        "sirh, ad-ldif, ad-csv, accounts, rpps ou applications",
        diags,
    );
    let kind = kind_s.as_ref().and_then(|k| {
        let parsed = SourceKind::parse(k.get_ref());
        if parsed.is_none() {
            let names = SourceKind::ALL.map(|k| k.as_str());
            let mut d = doc
                .diag(
                    Code::InvalidConfig,
                    &k.span(),
                    format!("type de source inconnu « {} »", k.get_ref()),
                )
                .field(t.key_path("kind"));
            d = match closest(k.get_ref(), names.iter().copied()) {
                Some(s) => d.help(format!("vouliez-vous dire « {s} » ?")),
                None => d.help(format!("types connus : {}", names.join(", "))),
            };
            diags.push(d);
        }
        parsed
    });
    let path_s = t.req_str("path", "chemin du fichier, relatif à vigie.toml", diags);

    let mut src = SourceConfig::new(
        id.as_ref().map_or("", |s| s.get_ref()),
        kind.unwrap_or(SourceKind::Sirh),
        &base_dir.join(path_s.as_ref().map_or("", |p| p.get_ref())),
    );
    src.line = line;
    if let Some(p) = &path_s {
        src.path_display = p.get_ref().clone();
        src.path_line = doc.line_col(p.span().start).0;
    }
    if let Some(f) = t.opt_choice(
        "format",
        FileFormat::parse,
        "format",
        "formats : csv, xlsx, xls, ods, ldif",
        diags,
    ) {
        src.format = f;
    }
    if let Some(e) = t.opt_choice(
        "encoding",
        EncodingChoice::parse,
        "encodage",
        "encodages : auto, utf-8, windows-1252 (ou latin1), utf-16",
        diags,
    ) {
        src.encoding = e;
    }
    if let Some(d) = t.opt_str("delimiter", diags) {
        match d.get_ref().as_str() {
            "auto" => src.delimiter = None,
            "\\t" | "tab" => src.delimiter = Some(b'\t'),
            s if s.len() == 1 && s.is_ascii() => src.delimiter = Some(s.as_bytes()[0]),
            s => diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &d.span(),
                    format!("séparateur « {s} » invalide : un seul caractère ASCII attendu"),
                )
                .field(t.key_path("delimiter")),
            ),
        }
    }
    if let Some(o) = t.opt_choice(
        "date_order",
        DateOrder::parse,
        "ordre de date",
        "dmy (jour/mois/année, défaut), mdy (mois/jour/année) ou auto",
        diags,
    ) {
        src.date_order = o;
    }
    src.sheet = t.opt_str("sheet", diags).map(|s| s.into_inner());
    if let Some(h) = t.opt_int("header_row", diags) {
        match u32::try_from(*h.get_ref()) {
            Ok(n) if n >= 1 => src.header_row = Some(n),
            _ => diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &h.span(),
                    "header_row doit être un entier ≥ 1",
                )
                .field(t.key_path("header_row")),
            ),
        }
    }
    if let Some(sep) = t.opt_str("list_separator", diags) {
        if sep.get_ref().is_empty() {
            diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &sep.span(),
                    "list_separator ne peut pas être vide",
                )
                .field(t.key_path("list_separator")),
            );
        } else {
            src.list_separator = sep.into_inner();
        }
    }
    src.application = t.opt_str("application", diags).map(|s| s.into_inner());
    if kind == Some(SourceKind::Accounts) && src.application.is_none() {
        t.missing(
            "application",
            "une source « accounts » dit quelle application elle décrit : application = \"dpi\" (identifiant de l'inventaire)",
            diags,
        );
    }
    src.keep_columns = t
        .opt_str_list("keep_columns", diags)
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.into_inner())
        .collect();
    if let Some(b) = t.opt_bool("include_computers", diags) {
        src.include_computers = b;
    }
    if let Some(keep) = t.opt_str_list("keep", diags) {
        src.rpps_keep.clear();
        for k in keep {
            match RppsKeep::parse(k.get_ref()) {
                Some(v) => src.rpps_keep.push(v),
                None => diags.push(
                    doc.diag(
                        Code::InvalidConfig,
                        &k.span(),
                        format!("valeur « {} » inconnue", k.get_ref()),
                    )
                    .field(t.key_path("keep"))
                    .help(format!("valeurs : {}", RppsKeep::NAMES.join(", "))),
                ),
            }
        }
    }
    if let Some(kind) = kind {
        parse_columns(doc, &mut t, kind, &mut src, diags);
        parse_values(doc, &mut t, kind, &mut src, diags);
        check_kind_keys(doc, &t, kind, &src, diags);
    } else {
        // Still mark the tables as known so they are not reported twice.
        let _ = t.value("columns");
        let _ = t.value("values");
    }
    t.finish(diags);
    (id.is_some() && kind.is_some() && path_s.is_some()).then_some(src)
}

fn parse_columns(
    doc: &TomlDoc,
    t: &mut TableReader<'_, '_, '_>,
    kind: SourceKind,
    src: &mut SourceConfig,
    diags: &mut Diagnostics,
) {
    let fields = connector_for(kind).fields();
    let Some(mut cols) = t.opt_table("columns", diags) else {
        return;
    };
    for (key, value) in cols.entries() {
        let field = key.get_ref();
        if !fields.iter().any(|f| f.name == field) {
            let mut d = doc
                .diag(
                    Code::UnknownKey,
                    &key.span(),
                    format!(
                        "champ « {field} » inconnu pour une source « {} »",
                        kind.as_str()
                    ),
                )
                .field(cols.key_path(field));
            d = match closest(field, fields.iter().map(|f| f.name)) {
                Some(s) => d.help(format!("vouliez-vous dire « {s} » ?")),
                None => d.help(format!(
                    "champs connus : {}",
                    fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                )),
            };
            diags.push(d);
            continue;
        }
        match value.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => {
                src.columns.insert(field.clone(), s.to_string());
            }
            _ => diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &value.span(),
                    "attendu le nom de la colonne (chaîne non vide)",
                )
                .field(cols.key_path(field)),
            ),
        }
    }
    cols.finish(diags);
}

fn parse_values(
    doc: &TomlDoc,
    t: &mut TableReader<'_, '_, '_>,
    kind: SourceKind,
    src: &mut SourceConfig,
    diags: &mut Diagnostics,
) {
    let specs = connector_for(kind).value_maps();
    let Some(mut values) = t.opt_table("values", diags) else {
        return;
    };
    for (key, value) in values.entries() {
        let field = key.get_ref();
        let Some(spec) = specs.iter().find(|s| s.field == field) else {
            let known: Vec<_> = specs.iter().map(|s| s.field).collect();
            diags.push(
                doc.diag(
                    Code::UnknownKey,
                    &key.span(),
                    format!("le champ « {field} » n'a pas de table de valeurs"),
                )
                .field(values.key_path(field))
                .help(if known.is_empty() {
                    "cette source n'accepte pas de table de valeurs".to_string()
                } else {
                    format!("champs acceptés : {}", known.join(", "))
                }),
            );
            continue;
        };
        let DeValue::Table(map) = value.get_ref() else {
            diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &value.span(),
                    "attendu une table « valeur du fichier » = « valeur Vigie »",
                )
                .field(values.key_path(field)),
            );
            continue;
        };
        let mut out = BTreeMap::new();
        for (raw, canon) in map.iter() {
            let canon_s = match canon.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                DeValue::Boolean(b) => Some(b.to_string()),
                _ => None,
            };
            match canon_s {
                Some(c) if spec.canonical.contains(&c.as_str()) => {
                    out.insert(crate::text::fold_key(raw.get_ref()), c);
                }
                _ => diags.push(
                    doc.diag(Code::InvalidConfig, &canon.span(), "valeur Vigie inconnue")
                        .field(format!("{}.\"{}\"", values.key_path(field), raw.get_ref()))
                        .help(format!("valeurs acceptées : {}", spec.canonical.join(", "))),
                ),
            }
        }
        src.values.insert(field.clone(), out);
    }
    values.finish(diags);
}

/// Keys that only make sense for some kinds are errors elsewhere, so that a
/// misplaced option is not silently ignored.
fn check_kind_keys(
    doc: &TomlDoc,
    t: &TableReader<'_, '_, '_>,
    kind: SourceKind,
    src: &SourceConfig,
    diags: &mut Diagnostics,
) {
    let mut misplaced = |key: &str, allowed: &str| {
        diags.push(
            Diagnostic::error(
                Code::InvalidConfig,
                format!("« {key} » ne s'applique qu'aux sources {allowed}"),
            )
            .in_file(&doc.display)
            .at_line(src.line)
            .field(t.key_path(key)),
        );
    };
    if src.application.is_some() && kind != SourceKind::Accounts {
        misplaced("application", "« accounts »");
    }
    if src.include_computers && !matches!(kind, SourceKind::AdLdif | SourceKind::AdCsv) {
        misplaced("include_computers", "« ad-ldif » et « ad-csv »");
    }
    let default_keep = SourceConfig::new("", SourceKind::Rpps, Path::new("")).rpps_keep;
    if src.rpps_keep != default_keep && kind != SourceKind::Rpps {
        misplaced("keep", "« rpps »");
    }
    if src.sheet.is_some() && src.format != FileFormat::Spreadsheet {
        misplaced("sheet", "tableur (xlsx, xls, ods)");
    }
}
