//! SQL that not every dialect has. A statement using one requires `D: Supports<Construct>` of
//! the dialect it runs on, so running it where the construct is missing fails to compile with
//! the construct's name in the message.
//!
//! The markers and their impls come from the table in `sqlmint-core` that the compiler reads
//! too, so what the macro gates and what the runtime allows are one definition.
#![allow(non_camel_case_types)]

use crate::dialect::{MySql, Postgres, Sqlite};

/// Implemented by the dialects that can run construct `C`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot run this statement: it has no `{C}`",
    label = "this statement uses `{C}`, which `{Self}` does not have",
    note = "run the statement on a connection of a dialect that has it, or write it without"
)]
pub trait Supports<C> {}

macro_rules! construct_markers {
    ($($variant:ident $marker:ident $doc:literal [$($dialect:ident)*];)*) => {$(
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $marker;

        $(impl Supports<$marker> for $dialect {})*
    )*};
}

sqlmint_core::with_constructs!(construct_markers);
