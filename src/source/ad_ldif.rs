//! Placeholder: being written.
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
pub struct AdLdifConnector;
impl Connector for AdLdifConnector {
    fn kind(&self) -> SourceKind {
        SourceKind::AdLdif
    }
    fn fields(&self) -> &'static [FieldSpec] {
        &[]
    }
    fn read(&self, _ctx: &ReadContext<'_>) -> SourceRead {
        SourceRead::default()
    }
}
