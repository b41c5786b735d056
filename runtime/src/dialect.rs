//! The dialect marker types a connection is typed by: they choose, at compile time, which of
//! a statement's per-dialect SQL strings runs.

pub use sqlmint_core::PerDialect;

/// A SQL dialect: chooses which of a statement's static SQL strings a connection runs.
///
/// Sealed: the dialects are the ones `query!` renders SQL for ([`Sqlite`], [`Postgres`],
/// [`MySql`]); a foreign dialect would have no SQL to pick.
pub trait Dialect: sealed::Sealed {
    /// The dialect, as the compiler names it.
    const DIALECT: sqlmint_core::Dialect;
    /// The dialect's name, for messages.
    const NAME: &'static str = Self::DIALECT.name();
    /// Its position in a [`PerDialect`] array.
    const INDEX: usize = Self::DIALECT.index();
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! dialects {
    ($($(#[$doc:meta])* $marker:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $marker;

        impl sealed::Sealed for $marker {}

        impl Dialect for $marker {
            const DIALECT: sqlmint_core::Dialect = sqlmint_core::Dialect::$marker;
        }
    )*};
}

dialects! {
    /// SQLite, through `rusqlite` with the bundled library.
    Sqlite;
    /// PostgreSQL.
    Postgres;
    /// MySQL and MariaDB.
    MySql;
}

/// The text for `D` out of one text per dialect.
pub const fn for_dialect<D: Dialect, T: Copy>(texts: &PerDialect<T>) -> T {
    texts[D::INDEX]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_carry_the_compilers_order() {
        assert_eq!(for_dialect::<Sqlite, _>(&["a", "b", "c"]), "a");
        assert_eq!(for_dialect::<Postgres, _>(&["a", "b", "c"]), "b");
        assert_eq!(for_dialect::<MySql, _>(&["a", "b", "c"]), "c");
        assert_eq!(<MySql as Dialect>::NAME, "MySQL");
    }
}
