//! Streaming the file: a reader thread reads large blocks and hashes them
//! (SHA-256) while the calling thread parses the previous block, so the hash
//! costs no parsing time on a multi-core machine. Memory is a few blocks,
//! whatever the file size. [`Lines`] cuts the blocks into lines, carrying a
//! line that straddles two blocks.

use sha2::{Digest, Sha256};
use std::io::{self, Read};
use std::sync::mpsc;

/// Bytes read at once.
const BLOCK: usize = 2 << 20;
/// Blocks in flight between the reader and the parser.
const DEPTH: usize = 2;
/// A line longer than this is not a line of the extract.
pub(super) const MAX_LINE: usize = 1 << 20;

/// The file as hashed.
pub(super) struct Hashed {
    pub sha256: String,
    pub size: u64,
}

/// Reads `file` to the end, hashing every byte, and hands each block to
/// `parse` until it returns `false`; after that the file is still read to the
/// end for the hash. `advance` is told the size of each block parsed.
pub(super) fn stream(
    mut file: impl Read + Send,
    mut parse: impl FnMut(&[u8]) -> bool,
    advance: impl Fn(u64),
) -> io::Result<Hashed> {
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<io::Result<(Vec<u8>, usize)>>(DEPTH);
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        let reader = scope.spawn(move || -> io::Result<Hashed> {
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            // Once the parser has stopped, the reader keeps one block for itself.
            let mut own: Option<Vec<u8>> = None;
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
                    if let Err(mpsc::SendError(back)) = full_tx.send(Ok((buf, n))) {
                        if let Ok((b, _)) = back {
                            own = Some(b);
                        }
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
                Ok((buf, n)) => {
                    let go_on = parse(&buf[..n]);
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
    line_no: u64,
    /// A line exceeded [`MAX_LINE`]; its number.
    pub too_long: Option<u64>,
}

impl Lines {
    /// Feeds one block; `false` once the callback stopped or a line is too long.
    pub fn feed(&mut self, mut data: &[u8], on_line: &mut impl FnMut(&[u8], u64, bool) -> Flow) -> bool {
        if !self.carry.is_empty() {
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
                    let flow = on_line(strip_cr(&line), self.line_no, true);
                    self.carry = line;
                    self.carry.clear();
                    if let Flow::Stop = flow {
                        return false;
                    }
                }
            }
        }
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', data) {
            self.line_no += 1;
            if let Flow::Stop = on_line(strip_cr(&data[start..nl]), self.line_no, true) {
                return false;
            }
            start = nl + 1;
        }
        self.carry.extend_from_slice(&data[start..]);
        self.check_length()
    }

    /// The last line when the file does not end with a newline.
    pub fn finish(&mut self, on_line: &mut impl FnMut(&[u8], u64, bool) -> Flow) {
        if !self.carry.is_empty() && self.too_long.is_none() {
            self.line_no += 1;
            let line = std::mem::take(&mut self.carry);
            on_line(strip_cr(&line), self.line_no, false);
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
        let hashed = stream(&data[..], |b| {
            seen += b.len();
            true
        }, |_| {})
        .unwrap();
        assert_eq!(seen, data.len());
        assert_eq!(hashed.size, data.len() as u64);
        assert_eq!(hashed.sha256, crate::source::sha256_hex(&data));
    }

    #[test]
    fn stopping_the_parser_still_hashes_everything() {
        let data = vec![b'x'; BLOCK * 5 + 7];
        let mut calls = 0;
        let hashed = stream(&data[..], |_| {
            calls += 1;
            false
        }, |_| {})
        .unwrap();
        assert_eq!(calls, 1);
        assert_eq!(hashed.sha256, crate::source::sha256_hex(&data));
    }

    #[test]
    fn lines_straddling_blocks_are_joined() {
        let mut lines = Lines::default();
        let mut got = Vec::new();
        let mut cb = |l: &[u8], n: u64, nl: bool| {
            got.push((String::from_utf8_lossy(l).into_owned(), n, nl));
            Flow::Continue
        };
        for block in [&b"ab|c"[..], b"d\r\nef", b"", b"g\nh", b"i\n\nlast"] {
            assert!(lines.feed(block, &mut cb));
        }
        lines.finish(&mut cb);
        let want = [
            ("ab|cd", 1, true),
            ("efg", 2, true),
            ("hi", 3, true),
            ("", 4, true),
            ("last", 5, false),
        ];
        let want: Vec<_> = want.iter().map(|(s, n, b)| (s.to_string(), *n, *b)).collect();
        assert_eq!(got, want);
    }
}
