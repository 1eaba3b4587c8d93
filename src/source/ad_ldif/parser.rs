//! An RFC 2849 reader for directory exports (`ldifde`, `ldapsearch -L…`),
//! working on bytes: folded lines are joined before any decoding, since a fold
//! may split a multi-byte UTF-8 character.
//!
//! It yields one [`Entry`] per record (DN, attributes with their values as
//! bytes and the line of each) and pushes located diagnostics for what it
//! cannot read: a line without a colon, invalid base64, a value given by URL,
//! a record without `dn:`, a change record, a file cut in the middle of a
//! record. ldapsearch's own records (`search:`/`result:`, `ref:`) are read
//! for the search result and otherwise skipped.

use crate::diag::{Code, Diagnostic, Diagnostics, Level};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use std::borrow::Cow;

/// Standard base64, padding optional (some tools drop it).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// One value of an attribute, as bytes (base64 already decoded).
#[derive(Debug, Clone)]
pub struct Value<'a> {
    /// Line where the value starts.
    pub line: u64,
    pub bytes: Cow<'a, [u8]>,
}

/// All the values of one attribute in an entry.
#[derive(Debug, Clone)]
pub struct Attribute<'a> {
    /// Lower-cased name without options (`member;range=0-1499` → `member`).
    pub name: String,
    /// The name as first written, without options, for messages.
    pub written: String,
    pub values: Vec<Value<'a>>,
    /// Some values came with a `;range=` option…
    ranged: bool,
    /// …and one of them closed the range (`;range=1500-*`).
    range_closed: bool,
}

/// One directory entry.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Line of the `dn:` line.
    pub line: u64,
    pub dn: String,
    pub attributes: Vec<Attribute<'a>>,
}

impl<'a> Entry<'a> {
    /// The attribute named `lower` (lower case), if the entry has it.
    pub fn get(&self, lower: &str) -> Option<&Attribute<'a>> {
        self.attributes.iter().find(|a| a.name == lower)
    }

    /// Adds a value to the attribute `written` (any case).
    fn push(&mut self, written: &str, options: &str, value: Value<'a>) {
        // Values of one attribute are usually consecutive: look at the last first.
        let found = match self.attributes.last() {
            Some(a) if a.name.eq_ignore_ascii_case(written) => Some(self.attributes.len() - 1),
            _ => self
                .attributes
                .iter()
                .position(|a| a.name.eq_ignore_ascii_case(written)),
        };
        let i = match found {
            Some(i) => i,
            None => {
                self.attributes.push(Attribute {
                    name: written.to_ascii_lowercase(),
                    written: written.to_string(),
                    values: Vec::new(),
                    ranged: false,
                    range_closed: false,
                });
                self.attributes.len() - 1
            }
        };
        let a = &mut self.attributes[i];
        for opt in options.split(';').filter(|o| !o.is_empty()) {
            if let Some(range) = opt.to_ascii_lowercase().strip_prefix("range=") {
                a.ranged = true;
                a.range_closed |= range.ends_with("-*");
            }
        }
        a.values.push(value);
    }
}

/// A physical line: number, content without line break, whether a line
/// break ended it.
type Physical<'a> = (u64, &'a [u8], bool);

/// A logical line: folded continuation lines joined.
struct Logical<'a> {
    line: u64,
    text: Cow<'a, [u8]>,
    /// Its last physical line ends the file without a line break.
    unterminated: bool,
    /// It ends with a continuation line.
    folded: bool,
}

enum Item<'a> {
    Blank,
    Comment,
    /// A continuation line with nothing to continue.
    Orphan(u64),
    Content(Logical<'a>),
}

/// How a value is written after the attribute name.
enum Spec {
    Plain,
    Base64,
    Url,
}

/// Reads records one at a time from the whole file's bytes.
pub struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    next_line: u64,
    peeked: Option<Physical<'a>>,
    file: &'a str,
    started: bool,
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| *b == b' ' || *b == b'\t')
}

/// A sub-slice of a logical line's text, borrowed from the file when the
/// line was not folded.
fn sub<'a>(text: &Cow<'a, [u8]>, range: std::ops::Range<usize>) -> Cow<'a, [u8]> {
    match text {
        Cow::Borrowed(b) => Cow::Borrowed(&b[range]),
        Cow::Owned(v) => Cow::Owned(v[range].to_vec()),
    }
}

/// A short, printable excerpt of a line for messages.
fn excerpt(text: &[u8]) -> String {
    let s = String::from_utf8_lossy(text);
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

impl<'a> Parser<'a> {
    pub fn new(bytes: &'a [u8], file: &'a str) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Parser {
            bytes,
            pos: 0,
            next_line: 1,
            peeked: None,
            file,
            started: false,
        }
    }

    /// Bytes consumed so far, for progress.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn diag(&self, code: Code, line: u64, message: String) -> Diagnostic {
        Diagnostic::error(code, message)
            .in_file(self.file)
            .at_line(line)
    }

    fn read_physical(&mut self) -> Option<Physical<'a>> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let (end, next, terminated) = match memchr::memchr(b'\n', &self.bytes[start..]) {
            Some(i) => (start + i, start + i + 1, true),
            None => (self.bytes.len(), self.bytes.len(), false),
        };
        let mut line = &self.bytes[start..end];
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        self.pos = next;
        let number = self.next_line;
        self.next_line += 1;
        Some((number, line, terminated))
    }

    fn take_physical(&mut self) -> Option<Physical<'a>> {
        self.peeked.take().or_else(|| self.read_physical())
    }

    fn peek_physical(&mut self) -> Option<Physical<'a>> {
        if self.peeked.is_none() {
            self.peeked = self.read_physical();
        }
        self.peeked
    }

    fn at_eof(&mut self) -> bool {
        self.peek_physical().is_none()
    }

    /// The next logical line, with its continuation lines joined.
    fn next_item(&mut self) -> Option<Item<'a>> {
        let (number, line, terminated) = self.take_physical()?;
        if is_blank(line) {
            return Some(Item::Blank);
        }
        if line[0] == b' ' {
            return Some(Item::Orphan(number));
        }
        let mut text = Cow::Borrowed(line);
        let mut unterminated = !terminated;
        let mut folded = false;
        while let Some((_, next, next_terminated)) = self.peek_physical() {
            if next.first() != Some(&b' ') || is_blank(next) {
                break;
            }
            self.peeked = None;
            text.to_mut().extend_from_slice(&next[1..]);
            unterminated = !next_terminated;
            folded = true;
        }
        if line[0] == b'#' {
            return Some(Item::Comment);
        }
        Some(Item::Content(Logical {
            line: number,
            text,
            unterminated,
            folded,
        }))
    }

    /// The next entry; `None` at the end of the file.
    pub fn next_entry(&mut self, diags: &mut Diagnostics) -> Option<Entry<'a>> {
        loop {
            let mut lines: Vec<Logical<'a>> = Vec::new();
            loop {
                match self.next_item() {
                    None => break,
                    Some(Item::Blank) if !lines.is_empty() => break,
                    Some(Item::Blank | Item::Comment) => {}
                    Some(Item::Orphan(n)) => diags.push(
                        self.diag(
                            Code::Syntax,
                            n,
                            "ligne commençant par une espace (suite de ligne repliée) sans ligne à continuer"
                                .into(),
                        )
                        .help("une ligne vide la sépare de la ligne précédente : supprimez-la ou l'espace initiale"),
                    ),
                    Some(Item::Content(l)) => lines.push(l),
                }
            }
            if lines.is_empty() {
                return None;
            }
            if let Some(entry) = self.record(lines, diags) {
                return Some(entry);
            }
        }
    }

    /// Splits `name[;options]:[:|<] value`; `None` when there is no colon.
    fn split(text: &[u8]) -> Option<(usize, Spec, usize)> {
        let colon = memchr::memchr(b':', text)?;
        let (spec, mut start) = match text.get(colon + 1) {
            Some(b':') => (Spec::Base64, colon + 2),
            Some(b'<') => (Spec::Url, colon + 2),
            _ => (Spec::Plain, colon + 1),
        };
        while text.get(start) == Some(&b' ') {
            start += 1;
        }
        Some((colon, spec, start))
    }

    /// Reads one record; `None` when it yields no entry (version line,
    /// ldapsearch result, or an error that voids it).
    fn record(&mut self, lines: Vec<Logical<'a>>, diags: &mut Diagnostics) -> Option<Entry<'a>> {
        // A record cut by the end of the file: the file ends inside it with
        // no final line break.
        let cut = self.at_eof() && lines.last().is_some_and(|l| l.unterminated);
        let errors_before = diags.total_errors();
        let last = lines.len() - 1;
        let truncated = |d: Diagnostic, is_last: bool| -> Diagnostic {
            if cut && is_last {
                let mut d = d;
                d.code = Code::Truncated;
                d.message = format!("{} : le fichier semble tronqué", d.message);
                d.help("le fichier se termine au milieu d'une entrée ; relancez l'export et vérifiez qu'il a été copié en entier")
            } else {
                d
            }
        };
        let mut entry: Option<Entry<'a>> = None;
        let mut control = false;
        for (i, l) in lines.iter().enumerate() {
            let is_last = i == last;
            let Some((colon, spec, start)) = Self::split(&l.text) else {
                diags.push(truncated(
                    self.diag(
                        Code::Syntax,
                        l.line,
                        format!("ligne sans « : » : « {} » n'est ni « attribut: valeur » ni un commentaire", excerpt(&l.text)),
                    )
                    .help("une ligne qui prolonge la précédente doit commencer par une espace"),
                    is_last,
                ));
                continue;
            };
            let full_name = String::from_utf8_lossy(&l.text[..colon]);
            let (base, options) = full_name.split_once(';').unwrap_or((&full_name, ""));
            let base = base.trim();
            let valid = !base.is_empty()
                && base
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if !valid {
                diags.push(truncated(
                    self.diag(
                        Code::Syntax,
                        l.line,
                        format!(
                            "nom d'attribut invalide « {} » avant « : »",
                            excerpt(&l.text[..colon])
                        ),
                    ),
                    is_last,
                ));
                continue;
            }
            let is = |n: &str| base.eq_ignore_ascii_case(n);
            let value = match spec {
                Spec::Url => {
                    diags.push(
                        self.diag(
                            Code::Syntax,
                            l.line,
                            "valeur donnée par une URL (« attribut:< … ») : non prise en charge".into(),
                        )
                        .field(base)
                        .help("réexportez avec les valeurs dans le fichier (ldapsearch sans l'option -t)"),
                    );
                    continue;
                }
                Spec::Base64 => {
                    let raw = l.text[start..].trim_ascii_end();
                    match BASE64.decode(raw) {
                        Ok(bytes) => Cow::Owned(bytes),
                        Err(e) => {
                            diags.push(truncated(
                                self.diag(Code::Syntax, l.line, format!("valeur base64 invalide ({e})"))
                                    .field(base)
                                    .help("après « attribut:: », la valeur doit être en base64 (A–Z, a–z, 0–9, +, /, =)"),
                                is_last,
                            ));
                            continue;
                        }
                    }
                }
                Spec::Plain => sub(&l.text, start..l.text.len()),
            };
            if cut && is_last && l.folded {
                diags.push(truncated(
                    self.diag(
                        Code::Truncated,
                        l.line,
                        "le fichier se termine sur une ligne repliée, sans saut de ligne final"
                            .into(),
                    )
                    .field(base),
                    true,
                ));
            }
            let value = Value {
                line: l.line,
                bytes: value,
            };
            if i == 0 && !self.started && is("version") {
                self.started = true;
                if value.bytes.trim_ascii() != b"1" {
                    diags.push(
                        self.diag(
                            Code::Syntax,
                            l.line,
                            format!(
                                "version LDIF « {} » inconnue : seule la version 1 existe",
                                excerpt(&value.bytes)
                            ),
                        )
                        .field(base),
                    );
                }
                continue;
            }
            self.started = true;
            match &mut entry {
                None if is("dn") => match String::from_utf8(value.bytes.into_owned()) {
                    Ok(dn) => {
                        entry = Some(Entry {
                            line: l.line,
                            dn: dn.trim().to_string(),
                            attributes: Vec::new(),
                        })
                    }
                    Err(_) => {
                        diags.push(
                            self.diag(
                                Code::InvalidEncoding,
                                l.line,
                                "DN invalide en UTF-8 : entrée ignorée".into(),
                            )
                            .field("dn"),
                        );
                        return None;
                    }
                },
                None if is("search") || is("result") || is("ref") => {
                    control = true;
                    if is("result") {
                        self.check_result(&value, diags);
                    }
                }
                None if control => {}
                None => {
                    diags.push(truncated(
                        self.diag(
                            Code::Syntax,
                            l.line,
                            format!("entrée sans « dn: » : elle commence par « {base} »"),
                        )
                        .help("chaque entrée commence par sa ligne « dn: » et se termine par une ligne vide"),
                        is_last,
                    ));
                    return None;
                }
                Some(_) if is("changetype") => {
                    if !value.bytes.trim_ascii().eq_ignore_ascii_case(b"add") {
                        diags.push(
                            self.diag(
                                Code::Syntax,
                                l.line,
                                format!(
                                    "enregistrement de modification « changetype: {} » : seul un export d'entrées complètes se lit",
                                    excerpt(value.bytes.trim_ascii())
                                ),
                            )
                            .field(base)
                            .help("exportez l'annuaire avec ldifde ou ldapsearch plutôt qu'un fichier de modifications"),
                        );
                        return None;
                    }
                }
                Some(_) if is("control") => {}
                Some(_) if is("dn") => diags.push(
                    self.diag(
                        Code::Syntax,
                        l.line,
                        "second « dn: » dans la même entrée : ligne ignorée".into(),
                    )
                    .field(base)
                    .help("les entrées doivent être séparées par une ligne vide"),
                ),
                Some(e) => e.push(base, options, value),
            }
        }
        let entry = entry?;
        if cut && entry.attributes.is_empty() && diags.total_errors() == errors_before {
            diags.push(truncated(
                self.diag(
                    Code::Syntax,
                    entry.line,
                    "entrée réduite à sa ligne « dn: »".into(),
                ),
                true,
            ));
        }
        for a in entry
            .attributes
            .iter()
            .filter(|a| a.ranged && !a.range_closed)
        {
            let mut d = self
                .diag(
                    Code::Truncated,
                    entry.line,
                    format!(
                        "l'attribut « {} » n'a été exporté qu'en partie (option ;range=) : {} valeur(s) lue(s)",
                        a.written,
                        a.values.len()
                    ),
                )
                .field(a.written.clone())
                .help(
                    "ldifde n'exporte que les 1500 premiers membres d'un groupe ; les appartenances restent \
                     complètes si l'export contient aussi le memberOf des comptes, sinon utilisez ldapsearch",
                );
            d.level = Level::Warning;
            diags.push(d);
        }
        Some(entry)
    }

    /// ldapsearch's `result:` line: anything but 0 means the search stopped
    /// early (size or time limit, referral…), so the export is incomplete.
    fn check_result(&self, value: &Value<'_>, diags: &mut Diagnostics) {
        let text = String::from_utf8_lossy(&value.bytes);
        let code = text.split_whitespace().next().unwrap_or("");
        if code != "0" {
            diags.push(
                self.diag(
                    Code::Truncated,
                    value.line,
                    format!("l'annuaire a interrompu la recherche (« result: {} ») : l'export est incomplet", text.trim()),
                )
                .field("result")
                .help("avec ldapsearch, demandez la pagination (-E pr=500/noprompt) pour dépasser la limite de taille"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
