//! The one `tracing` target every executor echoes its SQL under, so a subscriber enables
//! `sqlmint::sql=debug` once for every backend.

/// The `tracing` target of the events that echo SQL and transaction control.
pub(crate) const TARGET: &str = "sqlmint::sql";
