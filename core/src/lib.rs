//! The contracts that sqlmint's compiler (`sqlmint-schema`, run inside the macros) and its
//! runtime (`sqlmint-runtime`) must agree on, defined once so neither restates the other:
//! which dialects exist and in what order generated code lists them, which SQL constructs
//! each dialect can run, which Rust types bind to each SQL type, how a placeholder is spelled and an INSERT of many rows is written, what a migration file is called and how its checksum is computed,
//! and the owned description of a declared schema that `verify` compares a live database
//! with.
//!
//! A leaf with no dependencies, so both sides can depend on it without pulling in the other.

#![warn(missing_docs)]

mod batch;
mod binding;
mod checksum;
mod construct;
mod description;
mod dialect;
mod migration;

pub use batch::{write_batch, write_placeholder, BatchTemplate};
pub use binding::{rust_types_for, RustType, SQL_TYPES_WITH_RUST_TYPES};
pub use checksum::{checksum, sha256};
pub use construct::Construct;
pub use description::{canonical_type_name, ColumnInfo, ForeignKeyInfo, SchemaInfo, TableInfo};
pub use dialect::{Dialect, PerDialect};
pub use migration::{BadMigrationFileName, Direction, MigrationFileName};
