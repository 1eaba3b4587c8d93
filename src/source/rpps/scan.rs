//! Streaming the file: a reader thread reads large blocks, hashes them
//! (SHA-256) and checks that they are valid UTF-8, while the calling thread
//! parses the previous block; on a multi-core machine neither costs parsing
//! time. Memory is a few blocks, whatever the file size. [`Lines`] cuts the
//! blocks into lines, carrying a line that straddles two blocks.

use sha2::{Digest, Sha256};
use std::io::{self, Read};
use std::sync::mpsc;

/// Bytes read at once.
const BLOCK: usize = 2 << 20;
/// Blocks in flight between the reader and the parser.
const DEPTH: usize = 2;
/// A line longer than this is not a line of the extract.
pub(super) const MAX_LINE: usize = 1 << 20;

/// One block as read.
#[derive(Clone, Copy)]
pub(super) struct Block<'a> {
    pub data: &'a [u8],
    /// Every byte sequence of the block (including one begun in the previous
    /// block) is valid UTF-8; when `false`, lines must be checked one by one.
    pub utf8: bool,
}

/// One line, without its `\n` (or `\r\n`).
#[derive(Clone, Copy)]
pub(super) struct Line<'a> {
    pub bytes: &'a [u8],
    /// 1-based line number.
    pub no: u64,
    /// Followed by a newline (only the last line of a file may not be).
    pub newline: bool,
    /// Known to be valid UTF-8 (checked with its blocks).
    pub utf8: bool,
    /// Where the line starts in the block being fed; `None` for a line
    /// assembled from two blocks.
    pub offset: Option<usize>,
}

/// UTF-8 validity of a byte stream checked block by block (SIMD through
/// `simdutf8`: the check must keep up with the hash).
#[derive(Default)]
struct Utf8Stream {
    /// An incomplete sequence at the end of the previous block.
    tail: Vec<u8>,
}

impl Utf8Stream {
    fn check(&mut self, block: &[u8]) -> bool {
        let mut valid = true;
        let mut start = 0;
        if let Some(&lead) = self.tail.first() {
            let need = sequence_width(lead).saturating_sub(self.tail.len());
            if block.len() < need {
                self.tail.extend_from_slice(block);
                return true;
            }
            self.tail.extend_from_slice(&block[..need]);
            valid = std::str::from_utf8(&self.tail).is_ok();
            self.tail.clear();
            start = need;
        }
        let body = &block[start..];
        let cut = complete_prefix(body);
        self.tail.extend_from_slice(&body[cut..]);
        valid && simdutf8::basic::from_utf8(&body[..cut]).is_ok()
    }
}

/// Bytes of the sequence a lead byte announces (1 for anything else).
fn sequence_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Length of `b` without a multi-byte sequence cut by its end.
fn complete_prefix(b: &[u8]) -> usize {
    for back in 1..=b.len().min(3) {
        let i = b.len() - back;
        if b[i] & 0xC0 != 0x80 {
            return if sequence_width(b[i]) > back {
                i
            } else {
                b.len()
            };
        }
    }
    b.len()
}

/// The file as hashed.
pub(super) struct Hashed {
    pub sha256: String,
    pub size: u64,
}

/// Reads `file` to the end, hashing every byte, and hands each block to
/// `parse` until it returns `false`; after that the file is still read to the
/// end for the hash. Blocks are checked for UTF-8 when `check_utf8`.
/// `advance` is told the size of each block parsed.
pub(super) fn stream(
    mut file: impl Read + Send,
    check_utf8: bool,
    mut parse: impl FnMut(Block<'_>) -> bool,
    advance: impl Fn(u64),
) -> io::Result<Hashed> {
    type Full = io::Result<(Vec<u8>, usize, bool)>;
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Full>(DEPTH);
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        let reader = scope.spawn(move || -> io::Result<Hashed> {
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            // Once the parser has stopped, the reader keeps one block for itself.
            let mut own: Option<Vec<u8>> = None;
            let mut utf8 = Utf8Stream::default();
            loop {
                let mut buf = match own.take() {
                    Some(b) => b,
                    None => free_rx.recv().unwrap_or_else(|_| vec![0; BLOCK]),
                };
                let n = match read_full(&mut file, &mut buf) {
                    Ok(n) => n,
                    Err(e) => {
                        let kind = e.kind();
                        let text = e.to_string();
                        let _ = full_tx.send(Err(e));
                        return Err(io::Error::new(kind, text));
                    }
                };
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                size += n as u64;
                if own.is_none() {
                    let valid = check_utf8 && utf8.check(&buf[..n]);
                    if let Err(mpsc::SendError(Ok((b, _, _)))) = full_tx.send(Ok((buf, n, valid))) {
                        own = Some(b);
                    }
                } else {
                    own = Some(buf);
                }
                if n < BLOCK {
                    break;
                }
            }
            Ok(Hashed {
                sha256: hex::encode(hasher.finalize()),
                size,
            })
        });
        for _ in 0..=DEPTH {
            let _ = free_tx.send(vec![0; BLOCK]);
        }
        let mut read_error = None;
        for msg in full_rx.iter() {
            match msg {
                Ok((buf, n, utf8)) => {
                    let go_on = parse(Block {
                        data: &buf[..n],
                        utf8,
                    });
                    advance(n as u64);
                    if !go_on {
                        break;
                    }
                    let _ = free_tx.send(buf);
                }
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
        }
        drop(full_rx);
        drop(free_tx);
        let hashed = reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("le fil de lecture s'est arrêté")));
        match read_error {
            Some(e) => Err(e),
            None => hashed,
        }
    })
}

/// Fills `buf` unless the file ends first; returns the bytes read.
fn read_full(file: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// What the line callback says.
pub(super) enum Flow {
    Continue,
    Stop,
}

/// Cuts blocks into lines (without `\n` or `\r`), numbered from 1.
#[derive(Default)]
pub(super) struct Lines {
    carry: Vec<u8>,
    /// Every block the carried bytes come from was valid UTF-8.
    carry_utf8: bool,
    line_no: u64,
    /// A line exceeded [`MAX_LINE`]; its number.
    pub too_long: Option<u64>,
}

impl Lines {
    /// Feeds one block; `false` once the callback stopped or a line is too long.
    pub fn feed(&mut self, block: Block<'_>, on_line: &mut impl FnMut(Line<'_>) -> Flow) -> bool {
        let mut data = block.data;
        if !self.carry.is_empty() {
            self.carry_utf8 &= block.utf8;
            match memchr::memchr(b'\n', data) {
                None => {
                    self.carry.extend_from_slice(data);
                    return self.check_length();
                }
                Some(nl) => {
                    self.carry.extend_from_slice(&data[..nl]);
                    data = &data[nl + 1..];
                    self.line_no += 1;
                    let line = std::mem::take(&mut self.carry);
                    let flow = on_line(Line {
                        bytes: strip_cr(&line),
                        no: self.line_no,
                        newline: true,
                        utf8: self.carry_utf8,
                        offset: None,
                    });
                    self.carry = line;
                    self.carry.clear();
                    if let Flow::Stop = flow {
                        return false;
                    }
                }
            }
        }
        let skipped = block.data.len() - data.len();
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', data) {
            self.line_no += 1;
            let line = Line {
                bytes: strip_cr(&data[start..nl]),
                no: self.line_no,
                newline: true,
                utf8: block.utf8,
                offset: Some(skipped + start),
            };
            if let Flow::Stop = on_line(line) {
                return false;
            }
            start = nl + 1;
        }
        self.carry.extend_from_slice(&data[start..]);
        self.carry_utf8 = block.utf8;
        self.check_length()
    }

    /// The last line when the file does not end with a newline.
    pub fn finish(&mut self, on_line: &mut impl FnMut(Line<'_>) -> Flow) {
        if !self.carry.is_empty() && self.too_long.is_none() {
            self.line_no += 1;
            let line = std::mem::take(&mut self.carry);
            on_line(Line {
                bytes: strip_cr(&line),
                no: self.line_no,
                newline: false,
                utf8: self.carry_utf8,
                offset: None,
            });
        }
    }

    fn check_length(&mut self) -> bool {
        if self.carry.len() > MAX_LINE {
            self.too_long = Some(self.line_no + 1);
            self.carry = Vec::new();
            return false;
        }
        true
    }
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_blocks_cover_the_whole_file() {
        let data: Vec<u8> = (0..(BLOCK * 2 + 12345)).map(|i| (i % 251) as u8).collect();
        let mut seen = 0usize;
        let hashed = stream(
            &data[..],
            true,
            |b| {
                seen += b.data.len();
                true
            },
            |_| {},
        )
        .unwrap();
        assert_eq!(seen, data.len());
        assert_eq!(hashed.size, data.len() as u64);
        assert_eq!(hashed.sha256, crate::source::sha256_hex(&data));
    }

    #[test]
    fn stopping_the_parser_still_hashes_everything() {
        let data = vec![b'x'; BLOCK * 5 + 7];
        let mut calls = 0;
        let hashed = stream(
            &data[..],
            true,
            |_| {
                calls += 1;
                false
            },
            |_| {},
        )
        .unwrap();
        assert_eq!(calls, 1);
        assert_eq!(hashed.sha256, crate::source::sha256_hex(&data));
    }

    #[test]
    fn lines_straddling_blocks_are_joined() {
        let mut lines = Lines::default();
        let mut got = Vec::new();
        let mut cb = |l: Line<'_>| {
            got.push((
                String::from_utf8_lossy(l.bytes).into_owned(),
                l.no,
                l.newline,
                l.utf8,
                l.offset,
            ));
            Flow::Continue
        };
        let blocks = [
            (&b"ab|c"[..], true),
            (b"d\r\nef", true),
            (b"", true),
            (b"g\nh", false),
            (b"i\n\nlast", true),
        ];
        for (data, utf8) in blocks {
            assert!(lines.feed(Block { data, utf8 }, &mut cb));
        }
        lines.finish(&mut cb);
        let want = [
            ("ab|cd", 1, true, true, None),
            ("efg", 2, true, false, None),
            ("hi", 3, true, false, None),
            ("", 4, true, true, Some(2)),
            ("last", 5, false, true, None),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(s, n, nl, u, o)| (s.to_string(), *n, *nl, *u, *o))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn utf8_is_checked_across_block_boundaries() {
        let text = "Hélène € 𝄞 fin".as_bytes();
        for cut in 0..text.len() {
            let mut u = Utf8Stream::default();
            assert!(
                u.check(&text[..cut]) && u.check(&text[cut..]),
                "cut at {cut}"
            );
            assert!(u.tail.is_empty());
        }
        let mut u = Utf8Stream::default();
        assert!(u.check(b"abc\xC3"));
        assert!(!u.check(b"(def"), "lead byte followed by ASCII");
        let mut u = Utf8Stream::default();
        assert!(!u.check(b"Ren\xE9 |"));
        assert!(u.check(b"ok"));
    }
}
