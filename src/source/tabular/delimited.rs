//! Delimited text (CSV and its variants) through the `csv` crate: encoding
//! and delimiter detected or configured, each record located by its first
//! line, field counts checked against the header.

use super::{is_blank, split_header, Row, Table};
use crate::diag::Code;
use crate::source::{ReadContext, SourceRead};

/// Picks the delimiter that splits the header line most, outside quotes.
pub fn detect_delimiter(header_line: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b'|', 0), (b',', 0)];
    let mut in_quotes = false;
    for b in header_line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, [b',', b'|', b'\t', b';'].iter().position(|x| x == d)))
        .filter(|(_, n)| *n > 0)
        .map_or(b';', |(d, _)| *d)
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tabulation".into(),
        d => format!("« {} »", d as char),
    }
}

pub(super) fn read(ctx: &ReadContext<'_>, bytes: &[u8], out: &mut SourceRead) -> Option<Table> {
    let file = ctx.source.path_display.as_str();
    let decoded = match crate::source::text::decode(bytes, ctx.source.encoding, file) {
        Ok(d) => d,
        Err(e) => {
            out.diagnostics.push(*e);
            return None;
        }
    };
    out.read_as
        .insert("encodage".into(), decoded.encoding.into());
    let text = decoded.text;

    // Lines before the header: configured header line, else PowerShell's #TYPE.
    let mut skip_lines = ctx.source.header_row.map_or(0, |h| h as usize - 1);
    if skip_lines == 0 && text.trim_start().starts_with("#TYPE") {
        skip_lines = 1;
        out.read_as.insert("ligne #TYPE".into(), "ignorée".into());
    }
    let mut offset = 0;
    for _ in 0..skip_lines {
        match text[offset..].find('\n') {
            Some(p) => offset += p + 1,
            None => offset = text.len(),
        }
    }
    let body = &text[offset..];
    let first_line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = ctx
        .source
        .delimiter
        .unwrap_or_else(|| detect_delimiter(first_line));
    out.read_as
        .insert("séparateur".into(), delimiter_name(delimiter));

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let line_base = skip_lines as u64;
    let lines = LineIndex::new(body.as_bytes(), line_base);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut last_start = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let pos = record.position().expect("csv records have positions");
                let (start, line) = lines.line_at(pos.byte() as usize);
                last_start = start;
                let cells: Vec<String> = record.iter().map(str::to_string).collect();
                if !is_blank(&cells) {
                    rows.push(Row { line, cells });
                }
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(line_base + 1, |p| lines.line_at(p.byte() as usize).1);
                out.diagnostics.push(
                    ctx.diag(Code::Syntax, format!("CSV illisible : {e}"))
                        .at_line(line),
                );
                return None;
            }
        }
    }
    let Some((headers, header_line, rows)) =
        split_header(rows, ctx.source.header_row.is_some(), out)
    else {
        out.diagnostics.push(
            ctx.diag(Code::EmptyFile, "le fichier ne contient aucune ligne")
                .at_line(1),
        );
        return None;
    };
    // An unclosed quote swallows the end of the file into one field.
    let tail = &body[last_start.min(body.len())..];
    let quote_unclosed = tail.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    check_field_counts(
        ctx,
        &headers,
        &rows,
        quote_unclosed,
        body.ends_with('\n'),
        out,
    );
    Some(Table {
        headers: headers.iter().map(|h| h.trim().to_string()).collect(),
        header_line,
        rows,
        sheet: None,
        source: ctx.source.id.as_str().into(),
        file: file.into(),
    })
}

/// 1-based line numbers from byte offsets. The csv crate's own
/// `Position::line` lags on CRLF input (BurntSushi/rust-csv#395), which is how
/// Windows writes every export, and a record's byte position may point at the
/// previous line's terminator.
pub(super) struct LineIndex<'b> {
    bytes: &'b [u8],
    newlines: Vec<usize>,
    base: u64,
}

impl<'b> LineIndex<'b> {
    fn new(bytes: &'b [u8], base: u64) -> Self {
        LineIndex {
            bytes,
            newlines: memchr::memchr_iter(b'\n', bytes).collect(),
            base,
        }
    }

    /// The first byte of the record at `offset` and its line.
    fn line_at(&self, offset: usize) -> (usize, u64) {
        let start = offset
            + self.bytes[offset.min(self.bytes.len())..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        (
            start,
            self.newlines.partition_point(|&nl| nl < start) as u64 + 1 + self.base,
        )
    }
}

/// Every row must have as many fields as the header (a trailing empty header
/// column, as in pipe exports ending with `|`, may be missing).
fn check_field_counts(
    ctx: &ReadContext<'_>,
    headers: &[String],
    rows: &[Row],
    quote_unclosed: bool,
    ends_with_newline: bool,
    out: &mut SourceRead,
) {
    let named = headers
        .iter()
        .rposition(|h| !h.trim().is_empty())
        .map_or(0, |p| p + 1);
    let n = headers.len();
    for (i, row) in rows.iter().enumerate() {
        let last = i + 1 == rows.len();
        let len = row.cells.len();
        let extra_empty = len > n && row.cells[n..].iter().all(|c| c.is_empty());
        let ok = (named..=n).contains(&len) || extra_empty;
        if last && quote_unclosed {
            out.diagnostics.push(
                ctx.diag(
                    Code::Truncated,
                    "guillemet ouvert jamais refermé : le fichier se termine au milieu d'un champ",
                )
                .at_line(row.line)
                .help("le fichier est probablement tronqué : relancez l'export"),
            );
        } else if !ok && last && !ends_with_newline && len < n {
            out.diagnostics.push(
                ctx.diag(
                    Code::Truncated,
                    format!("la dernière ligne n'a que {len} champ(s) sur {n} : le fichier semble tronqué"),
                )
                .at_line(row.line)
                .help("relancez l'export et vérifiez que le fichier a été copié en entier"),
            );
        } else if !ok {
            out.diagnostics.push(
                ctx.diag(
                    Code::FieldCount,
                    format!("{len} champ(s) au lieu de {n} (en-tête)"),
                )
                .at_line(row.line)
                .help("un séparateur ou un guillemet non échappé dans une valeur ? vérifiez aussi le séparateur"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter("Matricule;Nom;Prénom"), b';');
        assert_eq!(detect_delimiter("login,nom,\"profils; multiples\""), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("Type|Id|Nom|"), b'|');
        assert_eq!(detect_delimiter("seul"), b';');
    }

    #[test]
    fn record_lines_with_crlf_and_lf() {
        for text in [
            "a,b\r\n1,2\r\n\r\n\"x\r\ny\",3\r\n4,5\r\n",
            "a,b\n1,2\n\n\"x\ny\",3\n4,5\n",
        ] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let lines = LineIndex::new(text.as_bytes(), 0);
            let mut record = csv::StringRecord::new();
            let mut got = Vec::new();
            while reader.read_record(&mut record).unwrap() {
                let pos = record.position().unwrap();
                got.push(lines.line_at(pos.byte() as usize).1);
            }
            assert_eq!(got, vec![1, 2, 4, 6], "{text:?}");
        }
    }
}
