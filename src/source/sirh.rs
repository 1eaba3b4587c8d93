//! Placeholder: being written.
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
pub struct SirhConnector;
impl Connector for SirhConnector {
    fn kind(&self) -> SourceKind { SourceKind::Sirh }
    fn fields(&self) -> &'static [FieldSpec] { &[] }
    fn read(&self, _ctx: &ReadContext<'_>) -> SourceRead { SourceRead::default() }
}
