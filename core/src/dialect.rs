//! The dialects sqlmint renders SQL for, and the order every per-dialect array follows.

/// A SQL dialect sqlmint renders for.
///
/// Generated code holds one value per dialect in a [`PerDialect`] array, indexed by
/// [`Dialect::index`]; the runtime's dialect marker types carry the same index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite: `?NNN` placeholders.
    Sqlite,
    /// PostgreSQL: `$N` placeholders.
    Postgres,
    /// MySQL and MariaDB: positional `?` placeholders, backtick quoting, `CONCAT`.
    MySql,
}

/// One value per dialect, in the order of [`Dialect::ALL`].
pub type PerDialect<T> = [T; Dialect::COUNT];

impl Dialect {
    /// How many dialects there are.
    pub const COUNT: usize = 3;

    /// Every dialect, in the order per-dialect arrays list them.
    pub const ALL: PerDialect<Dialect> = [Dialect::Sqlite, Dialect::Postgres, Dialect::MySql];

    /// The dialect's position in a [`PerDialect`] array.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The dialect's name, for messages.
    pub const fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
            Dialect::MySql => "MySQL",
        }
    }

    /// The name of the runtime's marker type for this dialect (`sqlmint::Sqlite`, ...).
    pub const fn marker_name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "Sqlite",
            Dialect::Postgres => "Postgres",
            Dialect::MySql => "MySql",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_index_order() {
        for (position, dialect) in Dialect::ALL.iter().enumerate() {
            assert_eq!(dialect.index(), position);
        }
    }
}
