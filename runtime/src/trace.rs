//! The one `tracing` target every executor echoes its SQL under, so a subscriber enables
//! `sqlmint::sql=debug` once for every backend.

/// The `tracing` target of the events that echo SQL and transaction control.
pub(crate) const TARGET: &str = "sqlmint::sql";

/// The method a statement that reads rows is echoed under: `fetch_optional` when it reads the
/// first row only (`fetch_one` too), `fetch_all` otherwise.
#[cfg(any(feature = "postgres", feature = "mysql", feature = "mysql-async"))]
pub(crate) fn read_method(first_only: bool) -> &'static str {
    if first_only {
        "fetch_optional"
    } else {
        "fetch_all"
    }
}
