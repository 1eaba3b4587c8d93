//! Placeholder: being written.
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
pub struct AdCsvConnector;
impl Connector for AdCsvConnector {
    fn kind(&self) -> SourceKind {
        SourceKind::AdCsv
    }
    fn fields(&self) -> &'static [FieldSpec] {
        &[]
    }
    fn read(&self, _ctx: &ReadContext<'_>) -> SourceRead {
        SourceRead::default()
    }
}
