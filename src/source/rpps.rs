//! Placeholder: being written.
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
pub struct RppsConnector;
impl Connector for RppsConnector {
    fn kind(&self) -> SourceKind {
        SourceKind::Rpps
    }
    fn fields(&self) -> &'static [FieldSpec] {
        &[]
    }
    fn read(&self, _ctx: &ReadContext<'_>) -> SourceRead {
        SourceRead::default()
    }
}
