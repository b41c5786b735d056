//! The book's code samples, compiled and run by `cargo test`: each chapter is the doc comment
//! of an empty item here, so rustdoc runs every ```rust block in it as a doctest and the
//! book cannot drift from the crate it describes. `tests/book.rs` checks that every chapter
//! of `src/SUMMARY.md` is listed below and that no sample opts out of running.

/// Includes each chapter as a doctest-only item, named after its file.
macro_rules! chapters {
    ($($item:ident = $path:literal,)*) => {
        $(
            #[cfg(doctest)]
            #[doc = include_str!($path)]
            pub struct $item;
        )*
    };
}

chapters! {
    Introduction = "src/introduction.md",
    GettingStarted = "src/getting-started.md",
    Tutorial = "src/tutorial.md",
    Schema = "src/schema.md",
    Queries = "src/queries.md",
    OptionalFilters = "src/optional-filters.md",
    Rows = "src/rows.md",
    Transactions = "src/transactions.md",
    Migrations = "src/migrations.md",
    Cli = "src/cli.md",
    Backends = "src/backends/README.md",
    BackendSqlite = "src/backends/sqlite.md",
    BackendPostgres = "src/backends/postgres.md",
    BackendReplicas = "src/backends/replicas.md",
    BackendMysql = "src/backends/mysql.md",
    Observability = "src/observability.md",
    ComingFromDiesel = "src/coming-from-diesel.md",
    ComingFromSqlx = "src/coming-from-sqlx.md",
    Diagnostics = "src/diagnostics.md",
}
