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

/// Declares `$name`, implemented by every dialect that has each construct two dialects share,
/// with those constructs as its supertraits: reads the construct table's rows one at a time,
/// keeping each whose dialects include both of the pair.
macro_rules! shared_constructs_trait {
    ($name:ident $doc:literal $pair:literal ($first:ident $second:ident)
        $($variant:ident $marker:ident $construct_doc:literal [$($dialect:ident)*];)*) => {
        shared_constructs_trait!(@rows $name ($doc, $pair) ($first $second) [] $([$marker $($dialect)*])*);
    };
    // Every row read: the trait, implemented by the two dialects (and checked there to have
    // every construct it promises).
    (@rows $name:ident ($doc:literal, $pair:literal) ($first:ident $second:ident) [$($kept:ident),*]) => {
        #[doc = $doc]
        #[diagnostic::on_unimplemented(
            message = $pair,
            label = "this dialect cannot run every statement the function runs",
            note = "pass a connection of a dialect the bound names, or give this one a function of its own"
        )]
        pub trait $name: crate::dialect::Dialect $(+ Supports<$kept>)* {}

        impl $name for $first {}
        impl $name for $second {}
    };
    // A row's dialects are listed in the table's order: SQLite, PostgreSQL, MySQL.
    (@rows $name:ident $doc:tt (Sqlite Postgres) [$($kept:ident),*]
        [$marker:ident Sqlite Postgres $($more:ident)*] $($rest:tt)*) => {
        shared_constructs_trait!(@rows $name $doc (Sqlite Postgres) [$($kept,)* $marker] $($rest)*);
    };
    (@rows $name:ident $doc:tt (Postgres MySql) [$($kept:ident),*]
        [$marker:ident $(Sqlite)? Postgres MySql] $($rest:tt)*) => {
        shared_constructs_trait!(@rows $name $doc (Postgres MySql) [$($kept,)* $marker] $($rest)*);
    };
    (@rows $name:ident $doc:tt (Sqlite MySql) [$($kept:ident),*]
        [$marker:ident Sqlite $(Postgres)? MySql] $($rest:tt)*) => {
        shared_constructs_trait!(@rows $name $doc (Sqlite MySql) [$($kept,)* $marker] $($rest)*);
    };
    (@rows $name:ident $doc:tt ($first:ident $second:ident) [$($kept:ident),*]
        [$marker:ident $($dialect:ident)*] $($rest:tt)*) => {
        shared_constructs_trait!(@rows $name $doc ($first $second) [$($kept),*] $($rest)*);
    };
}

macro_rules! shared_constructs_traits {
    ($($rows:tt)*) => {
        shared_constructs_trait!(
            SqliteAndPostgres
            "A dialect that runs every construct SQLite and PostgreSQL share (`FULL JOIN`, \
             `UPDATE ... RETURNING`, list parameters, ...): generic code whose statements use \
             them runs on either with one bound, `E: Executor<Dialect: SqliteAndPostgres>`, \
             and a MySQL connection is refused at the call."
            "`{Self}` is not SQLite or PostgreSQL, which the function's statements need"
            (Sqlite Postgres) $($rows)*
        );
        shared_constructs_trait!(
            PostgresAndMySql
            "A dialect that runs every construct PostgreSQL and MySQL share (`DELETE ... \
             USING`, ...): `E: Executor<Dialect: PostgresAndMySql>`."
            "`{Self}` is not PostgreSQL or MySQL, which the function's statements need"
            (Postgres MySql) $($rows)*
        );
        shared_constructs_trait!(
            SqliteAndMySql
            "A dialect that runs every construct SQLite and MySQL share: \
             `E: Executor<Dialect: SqliteAndMySql>`."
            "`{Self}` is not SQLite or MySQL, which the function's statements need"
            (Sqlite MySql) $($rows)*
        );
    };
}

sqlmint_core::with_constructs!(shared_constructs_traits);
