//! Placeholder: being written.
use super::{Connector, FieldSpec, ReadContext, SourceKind, SourceRead};
pub struct AccountsConnector;
impl Connector for AccountsConnector {
    fn kind(&self) -> SourceKind { SourceKind::Accounts }
    fn fields(&self) -> &'static [FieldSpec] { &[] }
    fn read(&self, _ctx: &ReadContext<'_>) -> SourceRead { SourceRead::default() }
}
