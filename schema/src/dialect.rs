//! The vocabulary every stage shares: the dialects SQL is rendered for and the constructs
//! some of them lack. Defined once in `sqlmint-core`, which the runtime reads too, so the
//! order of per-dialect arrays and which dialect may run what are one definition.

pub use sqlmint_core::{Construct, Dialect, PerDialect};
