//! Placeholder: being written.
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
pub struct ApplicationsConnector;
impl Connector for ApplicationsConnector {
    fn kind(&self) -> SourceKind { SourceKind::Applications }
    fn fields(&self) -> &'static [FieldSpec] { &[] }
    fn read(&self, _ctx: &ReadContext<'_>) -> SourceRead { SourceRead::default() }
}
