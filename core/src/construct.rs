//! SQL that not every dialect can run, and which dialects can: the one table both the
//! compiler (which records where a statement uses a construct) and the runtime (whose
//! `Supports<C>` impls gate running it) are built from.

use crate::Dialect;

/// Expands `$callback! { $($variant $MARKER $doc [$($dialect)*];)* }`: every construct, the
/// name of its runtime marker type, its documentation and the dialects that can run it.
///
/// The runtime generates its marker types and `Supports` impls from this table, and this
/// crate its [`Construct`] enum, so the two cannot disagree.
#[doc(hidden)]
#[macro_export]
macro_rules! with_constructs {
    ($callback:ident) => {
        $callback! {
            FullOuterJoin FULL_OUTER_JOIN
                "`FULL [OUTER] JOIN`: SQLite (3.39+) and PostgreSQL; not MySQL."
                [Sqlite Postgres];
            DeleteUsing DELETE_USING
                "`DELETE ... USING`: PostgreSQL and MySQL; not SQLite."
                [Postgres MySql];
            UpdateReturning UPDATE_RETURNING
                "`UPDATE ... RETURNING`: SQLite (3.35+) and PostgreSQL; not MySQL or MariaDB."
                [Sqlite Postgres];
            UpdateMultiTable UPDATE_MULTI_TABLE
                "An UPDATE that sets columns of more than one table (`UPDATE a, b SET b.x = ..., a.y = ...`): MySQL and MariaDB; SQLite and PostgreSQL update one table per statement."
                [MySql];
            UpsertBeyondDuplicateKey UPSERT_BEYOND_DUPLICATE_KEY
                "`INSERT ... ON CONFLICT` that MySQL's `ON DUPLICATE KEY UPDATE` cannot say alike (a `WHERE`, `RETURNING`, or a target key beside another unique key, which MySQL would also catch): SQLite and PostgreSQL."
                [Sqlite Postgres];
            WindowGroupsFrame WINDOW_GROUPS_FRAME
                "A window frame in `GROUPS` (peer groups): SQLite and PostgreSQL; not MySQL or MariaDB."
                [Sqlite Postgres];
            DateTrunc DATE_TRUNC
                "`date_trunc(unit, timestamp)`: PostgreSQL; not SQLite or MySQL, which have no function alike (`strftime` and `DATE_FORMAT` spell each unit differently)."
                [Postgres];
            LeavesOutAColumnSqliteDoesNotFill LEAVES_OUT_A_COLUMN_SQLITE_DOES_NOT_FILL
                "An INSERT leaving out a NOT NULL column without a default that SQLite does not fill by itself, though another database does (a `BIGINT PRIMARY KEY` or `SERIAL` from a migration: SQLite fills only its rowid, an `INTEGER PRIMARY KEY`)."
                [Postgres MySql];
            LeavesOutAColumnPostgresDoesNotFill LEAVES_OUT_A_COLUMN_POSTGRES_DOES_NOT_FILL
                "An INSERT leaving out a NOT NULL column without a default that PostgreSQL does not fill by itself, though another database does (an `INTEGER PRIMARY KEY` from a migration is SQLite's rowid, but a plain column on PostgreSQL, which fills `SERIAL` and identity columns)."
                [Sqlite MySql];
            LeavesOutAColumnMySqlDoesNotFill LEAVES_OUT_A_COLUMN_MYSQL_DOES_NOT_FILL
                "An INSERT leaving out a NOT NULL column without a default that MySQL does not fill by itself, though another database does (MySQL fills `AUTO_INCREMENT` columns)."
                [Sqlite Postgres];
            ListParameter LIST_PARAMETER
                "`x IN {list}`, one parameter holding a list: SQLite (through `rarray`) and PostgreSQL (`= ANY($1)`); not MySQL."
                [Sqlite Postgres];
        }
    };
}

macro_rules! construct_enum {
    ($($variant:ident $marker:ident $doc:literal [$($dialect:ident)*];)*) => {
        /// SQL that some dialects cannot run; a statement using one gets no SQL for them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Construct {
            $(#[doc = $doc] $variant,)*
        }

        impl Construct {
            /// Every construct.
            pub const ALL: &'static [Construct] = &[$(Construct::$variant),*];

            /// The name of its marker type in the runtime's `constructs` module.
            pub const fn marker_name(self) -> &'static str {
                match self {
                    $(Construct::$variant => stringify!($marker),)*
                }
            }

            /// Whether `dialect` can run it.
            pub const fn supported_by(self, dialect: Dialect) -> bool {
                match self {
                    $(Construct::$variant => matches!(dialect, $(Dialect::$dialect)|*),)*
                }
            }
        }
    };
}

with_constructs!(construct_enum);

impl Construct {
    /// The construct of an INSERT that leaves out a column `dialect`'s database does not fill
    /// though another's does.
    pub const fn leaves_out_a_column_unfilled_by(dialect: Dialect) -> Construct {
        match dialect {
            Dialect::Sqlite => Construct::LeavesOutAColumnSqliteDoesNotFill,
            Dialect::Postgres => Construct::LeavesOutAColumnPostgresDoesNotFill,
            Dialect::MySql => Construct::LeavesOutAColumnMySqlDoesNotFill,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_construct_is_missing_somewhere() {
        for construct in Construct::ALL {
            assert!(
                Dialect::ALL.iter().any(|&d| !construct.supported_by(d)),
                "{construct:?} runs everywhere, so it needs no gate"
            );
        }
    }

    #[test]
    fn the_table_says_what_each_dialect_lacks() {
        assert!(!Construct::FullOuterJoin.supported_by(Dialect::MySql));
        assert!(!Construct::DeleteUsing.supported_by(Dialect::Sqlite));
        assert!(Construct::DeleteUsing.supported_by(Dialect::MySql));
        assert_eq!(Construct::ListParameter.marker_name(), "LIST_PARAMETER");
        for dialect in Dialect::ALL {
            let construct = Construct::leaves_out_a_column_unfilled_by(dialect);
            for other in Dialect::ALL {
                assert_eq!(construct.supported_by(other), other != dialect);
            }
        }
    }
}
