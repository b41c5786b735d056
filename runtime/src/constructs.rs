//! SQL that not every dialect has. A statement using one requires `D: Supports<Construct>` of
//! the dialect it runs on, so running it where the construct is missing fails to compile with
//! the construct's name in the message.
#![allow(non_camel_case_types)]

use crate::query::{MySql, Postgres, Sqlite};

/// Implemented by the dialects that can run construct `C`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot run this statement: it has no `{C}`",
    label = "this statement uses `{C}`, which `{Self}` does not have",
    note = "run the statement on a connection of a dialect that has it, or write it without"
)]
pub trait Supports<C> {}

/// `FULL [OUTER] JOIN`: SQLite (3.39+) and PostgreSQL; not MySQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FULL_OUTER_JOIN;

/// `DELETE ... USING`: PostgreSQL and MySQL; not SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DELETE_USING;

/// `UPDATE ... RETURNING`: SQLite (3.35+) and PostgreSQL; not MySQL or MariaDB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UPDATE_RETURNING;

/// `x IN {list}`, one parameter holding a list: SQLite (through `rarray`) and PostgreSQL
/// (`= ANY($1)`); not MySQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LIST_PARAMETER;

impl Supports<LIST_PARAMETER> for Sqlite {}
impl Supports<LIST_PARAMETER> for Postgres {}
impl Supports<FULL_OUTER_JOIN> for Sqlite {}
impl Supports<FULL_OUTER_JOIN> for Postgres {}
impl Supports<DELETE_USING> for Postgres {}
impl Supports<DELETE_USING> for MySql {}
impl Supports<UPDATE_RETURNING> for Sqlite {}
impl Supports<UPDATE_RETURNING> for Postgres {}
