//! The line-by-line reading of the extract: header, encoding, field count,
//! which lines to keep, and the diagnostics of each.
//!
//! Lines of one professional follow each other in the national file. They
//! are decided together: a professional is kept as soon as one of their lines
//! qualifies, and their earlier lines (held as raw bytes while the
//! professional's lines last, never more) are kept with it. A professional
//! already kept who reappears further down gets the new lines too; lines of
//! a professional refused earlier and kept further down are not recovered
//! (the file would have to be read twice, and the national file groups them).
//! Only the first columns of a line are located until it is kept.

use super::decode::{Checked, Encoding, LineText};
use super::fields::Fields;
use super::header::{self, f, Layout};
use super::keep::Filter;
use super::problems::Problems;
use super::records::Records;
use super::scan::{Block, Flow, Line, Lines, MAX_LINE};
use crate::config::{RppsKeep, SourceConfig};
use crate::diag::Code;
use crate::source::text::{decode, EncodingChoice};
use crate::source::{Needs, SourceRead};

/// Bytes of the first block examined for a binary signature.
const SNIFF: usize = 64 << 10;
/// Lines of one professional held while waiting for a qualifying line; no
/// professional has that many activities, so more means a broken file.
const MAX_HELD: usize = 1000;

struct Header {
    names: Vec<String>,
    /// Fields the filter reads lie before this index.
    limit: usize,
    width: usize,
    /// The header ends with a delimiter, as every line should.
    trailing: bool,
    layout: Layout,
}

/// Where a held line is: in the block being read (not copied yet) or in
/// the group's own bytes.
#[derive(Clone, Copy)]
enum At {
    Block(usize),
    Own(usize),
}

#[derive(Clone, Copy)]
struct Held {
    no: u64,
    text: LineText,
    at: At,
    len: usize,
}

/// The professional being read and, until one qualifies, their lines. Held
/// lines point into the current block and are copied only when the block is
/// about to be recycled, which most professionals never reach.
#[derive(Default)]
struct Group {
    identifier: String,
    kept: bool,
    bytes: Vec<u8>,
    lines: Vec<Held>,
}

impl Group {
    /// Starts the next professional; returns how many held lines are dropped.
    fn restart(&mut self, identifier: &str) -> usize {
        let dropped = self.lines.len();
        self.lines.clear();
        self.bytes.clear();
        self.identifier.clear();
        self.identifier.push_str(identifier);
        self.kept = false;
        dropped
    }

    fn hold(&mut self, line: &[u8], offset: Option<usize>, no: u64, text: LineText) {
        let at = match offset {
            Some(o) => At::Block(o),
            None => {
                self.bytes.extend_from_slice(line);
                At::Own(self.bytes.len() - line.len())
            }
        };
        self.lines.push(Held {
            no,
            text,
            at,
            len: line.len(),
        });
    }

    fn bytes<'b>(&'b self, held: &Held, block: &'b [u8]) -> &'b [u8] {
        match held.at {
            At::Block(start) => &block[start..start + held.len],
            At::Own(start) => &self.bytes[start..start + held.len],
        }
    }

    /// Copies the lines still pointing into `block`.
    fn detach(&mut self, block: &[u8]) {
        for held in &mut self.lines {
            if let At::Block(start) = held.at {
                self.bytes
                    .extend_from_slice(&block[start..start + held.len]);
                held.at = At::Own(self.bytes.len() - held.len);
            }
        }
    }
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
    filter: Filter,
    records: Option<Records>,
    group: Group,
    read: usize,
    skipped: usize,
    problems: Problems,
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
            problems: Problems::new(&source.path_display),
        }
    }

    /// Reads one block; `false` once nothing more is to be parsed.
    pub fn feed(&mut self, mut block: Block<'_>) -> bool {
        if self.stopped {
            return false;
        }
        if !self.started {
            self.started = true;
            match self.sniff(block.data) {
                Some(rest) => block.data = rest,
                None => {
                    self.stopped = true;
                    return false;
                }
            }
        }
        let mut lines = std::mem::take(&mut self.lines);
        let data = block.data;
        let go_on = lines.feed(block, &mut |line| self.line(line, data));
        self.group.detach(data);
        if let Some(no) = lines.too_long {
            self.problems.line_too_long(no, MAX_LINE >> 20);
        }
        self.lines = lines;
        self.stopped |= !go_on;
        go_on
    }

    /// Refuses what is not a text extract; strips a UTF-8 BOM.
    fn sniff<'b>(&mut self, block: &'b [u8]) -> Option<&'b [u8]> {
        let utf16 = block.starts_with(b"\xFF\xFE") || block.starts_with(b"\xFE\xFF");
        if utf16 || self.source.encoding == EncodingChoice::Utf16 {
            self.problems.utf16();
            return None;
        }
        let head = &block[..block.len().min(SNIFF)];
        if let Err(d) = decode(head, EncodingChoice::Windows1252, &self.source.path_display) {
            if d.code == Code::BinaryFile {
                self.problems.diags().push(*d);
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
            lines.finish(&mut |line| self.line(line, &[]));
        }
        self.close_group();
        if complete && !self.stopped && self.header.is_none() {
            self.problems.empty(false);
        } else if complete && self.header.is_some() && self.read == 0 {
            self.problems.empty(true);
        }
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
        let diags = self.problems.finish();
        out.diagnostics.extend(diags.items);
        out.diagnostics.suppressed_errors += diags.suppressed_errors;
    }

    /// One line; `block` is the block being fed (where `offset` points).
    fn line(
        &mut self,
        Line {
            bytes: line,
            no,
            newline,
            utf8,
            offset,
        }: Line<'_>,
        block: &[u8],
    ) -> Flow {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Flow::Continue;
        }
        let text = self.check_encoding(line, no, utf8);
        if self.header.is_none() {
            return self.header(line, no, text);
        }
        self.read += 1;
        let limit = self.header.as_ref().map_or(usize::MAX, |h| h.limit);
        let mut bounds = std::mem::take(&mut self.bounds);
        let fields = Fields::split(line, self.delimiter, limit, &mut bounds);
        self.data(fields, no, newline, text, (block, offset));
        self.bounds = bounds;
        Flow::Continue
    }

    fn check_encoding(&mut self, line: &[u8], no: u64, known_utf8: bool) -> LineText {
        match self.encoding.check(line, known_utf8) {
            Checked::Ok(text) => text,
            Checked::Invalid {
                offset,
                strict,
                read_as,
            } => {
                let (delim, header, scratch) = (self.delimiter, &self.header, &mut self.scratch);
                self.problems.bad_byte(line, no, offset, strict, |offset| {
                    let index = Fields::split(line, delim, usize::MAX, scratch).index_of(offset);
                    header.as_ref()?.names.get(index).cloned()
                });
                read_as
            }
        }
    }

    fn header(&mut self, line: &[u8], no: u64, text: LineText) -> Flow {
        let mut names: Vec<String> = line
            .split(|&b| b == self.delimiter)
            .map(|h| text.string(h))
            .collect();
        let trailing = names.len() > 1 && names.last().is_some_and(String::is_empty);
        if trailing {
            names.pop();
        }
        let resolved = header::resolve(
            &names,
            self.source,
            no,
            self.delimiter,
            self.problems.diags(),
        );
        let Some(layout) = resolved else {
            return Flow::Stop;
        };
        if self.filter.establishment
            && layout[f::FINESS_SITE].is_none()
            && layout[f::FINESS_LEGAL_ENTITY].is_none()
        {
            self.problems.no_finess_columns(no);
        }
        if !self.source.keep_columns.is_empty() {
            self.problems.keep_columns_ignored();
        }
        self.records = Some(Records::new(
            layout,
            &self.source.id,
            &self.source.path_display,
        ));
        let limit = [
            f::IDENTIFIER,
            f::LAST_NAME,
            f::FIRST_NAME,
            f::FINESS_SITE,
            f::FINESS_LEGAL_ENTITY,
        ]
        .iter()
        .filter_map(|&i| layout[i])
        .max()
        .map_or(0, |i| i + 1);
        self.header = Some(Header {
            limit,
            width: names.len(),
            trailing,
            names,
            layout,
        });
        Flow::Continue
    }

    fn data(
        &mut self,
        fields: Fields<'_>,
        no: u64,
        newline: bool,
        text: LineText,
        (block, offset): (&[u8], Option<usize>),
    ) {
        let (Some(header), Some(records)) = (&self.header, &mut self.records) else {
            return;
        };
        let count = fields.count(self.delimiter);
        if count != header.width {
            self.skipped += 1;
            self.problems.field_count(no, count, header.width, newline);
            return;
        }
        if !newline && header.trailing && fields.line.last() != Some(&self.delimiter) {
            let last = header.names.last().map_or("", String::as_str);
            self.problems.maybe_truncated(no, last);
        }
        let layout = &header.layout;
        let id_bytes = fields.opt(layout[f::IDENTIFIER]);
        if id_bytes.is_empty() {
            self.skipped += 1;
            let name = layout[f::IDENTIFIER].and_then(|i| header.names.get(i));
            self.problems.no_identifier(no, name.map(String::as_str));
            return;
        }
        let id = text.decode(id_bytes);
        let group = &mut self.group;
        if group.identifier != *id {
            self.skipped += group.restart(&id);
            group.kept = records.contains(&id)
                || (!self.filter.person_blind()
                    && self.filter.person(
                        &id,
                        fields.opt(layout[f::LAST_NAME]),
                        fields.opt(layout[f::FIRST_NAME]),
                        text,
                    ));
        }
        let delim = self.delimiter;
        if group.kept {
            let all = Fields::split(fields.line, delim, usize::MAX, &mut self.scratch);
            records.add(&id, all, no, text);
        } else if self.filter.activity(
            fields.opt(layout[f::FINESS_SITE]),
            fields.opt(layout[f::FINESS_LEGAL_ENTITY]),
        ) {
            group.kept = true;
            for held in &group.lines {
                let line = group.bytes(held, block);
                let all = Fields::split(line, delim, usize::MAX, &mut self.scratch);
                records.add(&id, all, held.no, held.text);
            }
            group.lines.clear();
            group.bytes.clear();
            let all = Fields::split(fields.line, delim, usize::MAX, &mut self.scratch);
            records.add(&id, all, no, text);
        } else if self.filter.establishment && group.lines.len() < MAX_HELD {
            group.hold(fields.line, offset, no, text);
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
