//! wip
/// A dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect { Sqlite, Postgres, MySql }
