//! The line-by-line reading of the extract: header, encoding, field count,
//! which lines to keep, and the diagnostics of each.
//!
//! Lines of one professional follow each other in the national file. They
//! are decided together: a professional is kept as soon as one of their lines
//! qualifies, and their earlier lines (held as raw bytes while the
//! professional's lines last, never more) are kept with it. A professional
//! already kept who reappears further down gets the new lines too.

use super::decode::{Checked, Encoding, LineText};
use super::fields::{self, Fields};
use super::header::{self, f, Layout};
use super::keep::Filter;
use super::records::Records;
use super::scan::{Flow, Lines, MAX_LINE};
use crate::config::{RppsKeep, SourceConfig};
use crate::diag::{Code, Diagnostic, Diagnostics, Level};
use crate::source::text::{decode, EncodingChoice};
use crate::source::{Needs, SourceRead};

/// Problems of one kind shown one by one before they are only counted.
const SHOWN: usize = 10;
/// Bytes of the first block examined for a binary signature.
const SNIFF: usize = 64 << 10;

#[derive(Default)]
struct Tally {
    seen: usize,
}

impl Tally {
    /// Counts one; `true` while it should still be shown.
    fn show(&mut self) -> bool {
        self.seen += 1;
        self.seen <= SHOWN
    }
    fn hidden(&self) -> usize {
        self.seen.saturating_sub(SHOWN)
    }
}

struct Header {
    names: Vec<String>,
    width: usize,
    layout: Layout,
}

/// The lines of the professional being read, not kept yet.
#[derive(Default)]
struct Group {
    identifier: String,
    kept: bool,
    bytes: Vec<u8>,
    lines: Vec<(u64, usize, usize, LineText)>,
}

pub(super) struct Extract<'a> {
    source: &'a SourceConfig,
    delimiter: u8,
    encoding: Encoding,
    started: bool,
    /// Reading stopped on a fatal problem (binary file, missing column…).
    stopped: bool,
    lines: Lines,
    header: Option<Header>,
    bounds: Vec<u32>,
    scratch: Vec<u32>,
    filter: Filter<'a>,
    records: Option<Records>,
    group: Group,
    read: usize,
    skipped: usize,
    bad_count: Tally,
    bad_bytes: Tally,
    no_identifier: Tally,
    diags: Diagnostics,
}

impl<'a> Extract<'a> {
    pub fn new(source: &'a SourceConfig, needs: &'a Needs, establishment_finess: &[&str]) -> Self {
        Extract {
            source,
            delimiter: source.delimiter.unwrap_or(b'|'),
            encoding: match source.encoding {
                EncodingChoice::Utf8 => Encoding::Utf8 {
                    strict: true,
                    bom: false,
                },
                EncodingChoice::Windows1252 => Encoding::Windows1252,
                EncodingChoice::Auto | EncodingChoice::Utf16 => Encoding::Undecided,
            },
            started: false,
            stopped: false,
            lines: Lines::default(),
            header: None,
            bounds: Vec::with_capacity(64),
            scratch: Vec::with_capacity(64),
            filter: Filter::new(&source.rpps_keep, needs, establishment_finess),
            records: None,
            group: Group::default(),
            read: 0,
            skipped: 0,
            bad_count: Tally::default(),
            bad_bytes: Tally::default(),
            no_identifier: Tally::default(),
            diags: Diagnostics::new(),
        }
    }

    fn diag(&self, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).in_file(&self.source.path_display)
    }

    /// Reads one block; `false` once nothing more is to be parsed.
    pub fn feed(&mut self, mut block: &[u8]) -> bool {
        if self.stopped {
            return false;
        }
        if !self.started {
            self.started = true;
            match self.sniff(block) {
                Some(rest) => block = rest,
                None => {
                    self.stopped = true;
                    return false;
                }
            }
        }
        let mut lines = std::mem::take(&mut self.lines);
        let go_on = lines.feed(block, &mut |line, no, newline| self.line(line, no, newline));
        if let Some(no) = lines.too_long {
            let d = self
                .diag(Code::Syntax, format!("ligne de plus de {} Mio sans fin de ligne", MAX_LINE >> 20))
                .at_line(no)
                .help("ce fichier n'est pas une extraction RPPS (PS_LibreAcces_Personne_activite)");
            self.diags.push(d);
        }
        self.lines = lines;
        self.stopped |= !go_on;
        go_on
    }

    /// Refuses what is not a text extract; strips a UTF-8 BOM.
    fn sniff<'b>(&mut self, block: &'b [u8]) -> Option<&'b [u8]> {
        let utf16 = block.starts_with(b"\xFF\xFE") || block.starts_with(b"\xFE\xFF");
        if utf16 || self.source.encoding == EncodingChoice::Utf16 {
            let d = self
                .diag(Code::InvalidEncoding, "extraction en UTF-16 : l'extraction RPPS se lit en UTF-8 ou en Windows-1252")
                .help("utilisez le fichier .txt d'origine de l'Annuaire Santé, sans le réenregistrer");
            self.diags.push(d);
            return None;
        }
        let head = &block[..block.len().min(SNIFF)];
        if let Err(d) = decode(head, EncodingChoice::Windows1252, &self.source.path_display) {
            if d.code == Code::BinaryFile {
                self.diags.push(d);
                return None;
            }
        }
        match block.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => {
                self.encoding = Encoding::Utf8 {
                    strict: true,
                    bom: true,
                };
                Some(rest)
            }
            None => Some(block),
        }
    }

    /// The end of the file.
    pub fn finish(mut self, complete: bool, out: &mut SourceRead) {
        if complete && !self.stopped {
            let mut lines = std::mem::take(&mut self.lines);
            lines.finish(&mut |line, no, newline| self.line(line, no, newline));
        }
        self.close_group();
        if complete && !self.stopped && self.header.is_none() {
            let d = self
                .diag(Code::EmptyFile, "le fichier est vide")
                .help("vérifiez que le téléchargement de l'extraction s'est terminé");
            self.diags.push(d);
        } else if complete && self.header.is_some() && self.read == 0 {
            let d = self
                .diag(Code::EmptyFile, "l'extraction ne contient que l'en-tête, aucune ligne de données")
                .help("vérifiez que le téléchargement de l'extraction s'est terminé");
            self.diags.push(d);
        }
        self.summaries();
        let width = self.header.as_ref().map_or(0, |h| h.width);
        let records = self.records.take();
        let (persons, kept_lines) = records.map_or((Vec::new(), 0), |r| (r.persons, r.lines));
        let read_as = &mut out.read_as;
        read_as.insert("encoding".into(), self.encoding.name().into());
        read_as.insert("delimiter".into(), char::from(self.delimiter).to_string());
        read_as.insert("columns".into(), width.to_string());
        read_as.insert("lines".into(), self.read.to_string());
        read_as.insert("kept".into(), persons.len().to_string());
        read_as.insert("kept_lines".into(), kept_lines.to_string());
        read_as.insert("keep".into(), keep_names(&self.source.rpps_keep));
        out.records_read += self.read;
        out.records_skipped += self.skipped;
        out.batch.rpps = persons;
        out.diagnostics.extend(self.diags.items);
        out.diagnostics.suppressed_errors += self.diags.suppressed_errors;
    }

    fn summaries(&mut self) {
        let n = self.bad_count.hidden();
        if n > 0 {
            let d = self.diag(
                Code::FieldCount,
                format!("… et {n} autre(s) ligne(s) avec un nombre de champs incorrect, ignorée(s)"),
            );
            self.diags.push(d);
        }
        let n = self.bad_bytes.hidden();
        if n > 0 {
            let mut d = self.diag(
                Code::InvalidEncoding,
                format!("… et {n} autre(s) ligne(s) contenant des octets invalides en UTF-8"),
            );
            if !matches!(self.encoding, Encoding::Utf8 { strict: true, .. }) {
                d.level = Level::Warning;
            }
            self.diags.push(d);
        }
        let n = self.no_identifier.hidden();
        if n > 0 {
            let d = Diagnostic::warning(
                Code::MissingValue,
                format!("… et {n} autre(s) ligne(s) sans identifiant, ignorée(s)"),
            )
            .in_file(&self.source.path_display)
            .field("identifier");
            self.diags.push(d);
        }
    }

    fn line(&mut self, line: &[u8], no: u64, newline: bool) -> Flow {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Flow::Continue;
        }
        let text = self.check_encoding(line, no);
        if self.header.is_none() {
            return self.header(line, no, text);
        }
        self.read += 1;
        let mut bounds = std::mem::take(&mut self.bounds);
        fields::split(line, self.delimiter, &mut bounds);
        self.data(Fields { line, bounds: &bounds }, no, newline, text);
        self.bounds = bounds;
        Flow::Continue
    }

    fn check_encoding(&mut self, line: &[u8], no: u64) -> LineText {
        match self.encoding.check(line) {
            Checked::Ok(text) => text,
            Checked::Invalid {
                offset,
                strict,
                read_as,
            } => {
                if self.bad_bytes.show() {
                    let column = String::from_utf8_lossy(&line[..offset]).chars().count() as u64 + 1;
                    let mut bounds = std::mem::take(&mut self.scratch);
                    fields::split(line, self.delimiter, &mut bounds);
                    let index = Fields { line, bounds: &bounds }.index_of(offset);
                    self.scratch = bounds;
                    let mut d = self
                        .diag(
                            Code::InvalidEncoding,
                            format!("octet 0x{:02X} invalide en UTF-8", line[offset]),
                        )
                        .at(no, column);
                    if let Some(name) = self.header.as_ref().and_then(|h| h.names.get(index)) {
                        d = d.field(name.clone());
                    }
                    d = if strict {
                        d.help("le fichier est peut-être en Windows-1252 (anciennes extractions) : indiquez encoding = \"windows-1252\" ou \"auto\"")
                    } else {
                        d.level = Level::Warning;
                        d.help("le fichier mélange UTF-8 et un autre encodage : cette ligne est lue en Windows-1252")
                    };
                    self.diags.push(d);
                }
                read_as
            }
        }
    }

    fn header(&mut self, line: &[u8], no: u64, text: LineText) -> Flow {
        let mut names: Vec<String> = line
            .split(|&b| b == self.delimiter)
            .map(|h| text.string(h))
            .collect();
        if names.len() > 1 && names.last().is_some_and(String::is_empty) {
            names.pop();
        }
        let Some(layout) = header::resolve(&names, self.source, no, self.delimiter, &mut self.diags) else {
            return Flow::Stop;
        };
        if self.filter.establishment
            && layout[f::FINESS_SITE].is_none()
            && layout[f::FINESS_LEGAL_ENTITY].is_none()
        {
            let d = Diagnostic::warning(
                Code::MissingColumn,
                "ni « Numéro FINESS site » ni « Numéro FINESS établissement juridique » dans l'en-tête : les activités de l'établissement ne peuvent pas être retrouvées",
            )
            .in_file(&self.source.path_display)
            .at_line(no)
            .field("finess_site");
            self.diags.push(d);
        }
        if !self.source.keep_columns.is_empty() {
            let d = Diagnostic::warning(
                Code::InvalidConfig,
                "keep_columns est ignoré pour une source « rpps » : les champs lus sont fixes",
            )
            .in_file(&self.source.path_display)
            .field("keep_columns");
            self.diags.push(d);
        }
        self.records = Some(Records::new(layout, &self.source.id, &self.source.path_display));
        self.header = Some(Header {
            width: names.len(),
            names,
            layout,
        });
        Flow::Continue
    }

    fn data(&mut self, fields: Fields<'_>, no: u64, newline: bool, text: LineText) {
        let (Some(header), Some(records)) = (&self.header, &mut self.records) else {
            return;
        };
        let count = fields.count();
        if count != header.width {
            self.skipped += 1;
            if self.bad_count.show() {
                let file = &self.source.path_display;
                let d = if newline {
                    Diagnostic::error(
                        Code::FieldCount,
                        format!("la ligne a {count} champs au lieu de {}", header.width),
                    )
                    .in_file(file)
                    .at_line(no)
                    .help("une valeur contient-elle le séparateur « | », ou la ligne a-t-elle été coupée ?")
                } else {
                    Diagnostic::error(
                        Code::Truncated,
                        format!(
                            "la dernière ligne est incomplète ({count} champs au lieu de {}) et le fichier ne se termine pas par un saut de ligne",
                            header.width
                        ),
                    )
                    .in_file(file)
                    .at_line(no)
                    .help("le fichier semble tronqué : téléchargez de nouveau l'extraction")
                };
                self.diags.push(d);
            }
            return;
        }
        let layout = &header.layout;
        let id_bytes = fields.opt(layout[f::IDENTIFIER]);
        if id_bytes.is_empty() {
            self.skipped += 1;
            if self.no_identifier.show() {
                let name = layout[f::IDENTIFIER].and_then(|i| header.names.get(i)).cloned();
                let mut d = Diagnostic::warning(Code::MissingValue, "identifiant vide : ligne ignorée")
                    .in_file(&self.source.path_display)
                    .at_line(no);
                if let Some(name) = name {
                    d = d.field(name);
                }
                self.diags.push(d);
            }
            return;
        }
        let id = text.decode(id_bytes);
        let group = &mut self.group;
        if group.identifier != *id {
            self.skipped += group.lines.len();
            group.lines.clear();
            group.bytes.clear();
            group.identifier.clear();
            group.identifier.push_str(&id);
            group.kept = records.contains(&id)
                || (!self.filter.person_blind()
                    && self.filter.person(
                        &id,
                        fields.opt(layout[f::LAST_NAME]),
                        fields.opt(layout[f::FIRST_NAME]),
                        text,
                    ));
        }
        if group.kept {
            records.add(&id, fields, no, text);
        } else if self
            .filter
            .activity(fields.opt(layout[f::FINESS_SITE]), fields.opt(layout[f::FINESS_LEGAL_ENTITY]))
        {
            group.kept = true;
            for &(line_no, start, end, line_text) in &group.lines {
                let line = &group.bytes[start..end];
                fields::split(line, self.delimiter, &mut self.scratch);
                let held = Fields {
                    line,
                    bounds: &self.scratch,
                };
                records.add(&id, held, line_no, line_text);
            }
            group.lines.clear();
            group.bytes.clear();
            records.add(&id, fields, no, text);
        } else if self.filter.establishment {
            let start = group.bytes.len();
            group.bytes.extend_from_slice(fields.line);
            group.lines.push((no, start, group.bytes.len(), text));
        } else {
            self.skipped += 1;
        }
    }

    /// Lines held for a professional who was not kept are skipped.
    fn close_group(&mut self) {
        self.skipped += self.group.lines.len();
        self.group = Group::default();
    }
}

fn keep_names(keep: &[RppsKeep]) -> String {
    keep.iter()
        .map(|k| match k {
            RppsKeep::Referenced => "referenced",
            RppsKeep::Establishment => "establishment",
            RppsKeep::Names => "names",
            RppsKeep::All => "all",
        })
        .collect::<Vec<_>>()
        .join(", ")
}
