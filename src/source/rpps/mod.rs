//! The national RPPS extract (Annuaire Santé,
//! `PS_LibreAcces_Personne_activite_<horodatage>.txt`): about two million
//! pipe-separated lines, one per activity, read in one streaming pass.
//!
//! Only what the scan needs is kept ([`crate::config::RppsKeep`] against
//! [`crate::source::Needs`]): professionals referenced by a person or an
//! account, those with an activity at the establishment's FINESS, and
//! namesakes of HR persons. Memory is bounded by what is kept: the file is
//! read in large blocks, lines are cut with memchr, fields are slices of the
//! line, and only kept lines are decoded. The SHA-256 of the file and its
//! UTF-8 check run in the same pass on a second thread.
//!
//! Submodules: `header` (fields and column names), `scan` (blocks, hash,
//! lines), `fields` (splitting a line), `decode` (encoding decision), `keep`
//! (the filter), `records` (building [`crate::model::RppsPerson`]),
//! `extract` (the line-by-line reading), `problems` (its diagnostics) and
//! `fxhash` (a fast hasher for the keys looked up on every line).

mod decode;
mod extract;
mod fields;
mod fxhash;
mod header;
mod keep;
mod problems;
mod records;
mod scan;
#[cfg(test)]
mod tests;

use super::{io_error, Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
use crate::model::InputFile;

pub use header::FIELDS;

/// Reader of the national RPPS extract.
pub struct RppsConnector;

impl Connector for RppsConnector {
    fn kind(&self) -> SourceKind {
        SourceKind::Rpps
    }

    fn fields(&self) -> &'static [FieldSpec] {
        &FIELDS
    }

    fn read(&self, ctx: &ReadContext<'_>) -> SourceRead {
        let mut out = SourceRead::default();
        let display = &ctx.source.path_display;
        let file = match std::fs::File::open(&ctx.source.path) {
            Ok(f) => f,
            Err(e) => {
                out.diagnostics.push(io_error(display, &e));
                return out;
            }
        };
        let size = file.metadata().map_or(0, |m| m.len());
        ctx.progress.start(&ctx.source.id, size);
        let establishment: Vec<&str> = std::iter::once(ctx.establishment.finess.as_str())
            .chain(ctx.establishment.sites.iter().map(String::as_str))
            .collect();
        let mut extract = extract::Extract::new(ctx.source, ctx.needs, &establishment);
        let check_utf8 = ctx.source.encoding != crate::source::text::EncodingChoice::Windows1252;
        let streamed = scan::stream(
            file,
            check_utf8,
            |block| extract.feed(block),
            |n| ctx.progress.advance(n),
        );
        ctx.progress.finish();
        let complete = match streamed {
            Ok(hashed) => {
                out.inputs.push(InputFile {
                    path: display.clone(),
                    sha256: hashed.sha256,
                    size: hashed.size,
                });
                true
            }
            Err(e) => {
                out.diagnostics.push(io_error(display, &e));
                false
            }
        };
        extract.finish(complete, &mut out);
        out
    }
}
