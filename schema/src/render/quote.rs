//! Quoting: string literals and identifiers, as each dialect reads them.

use crate::dialect::Dialect;

/// A SQL string literal, as SQLite and PostgreSQL read it.
pub fn quote_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A SQL string literal in `dialect`: MySQL reads a backslash in a string as an escape, so
/// there it is doubled.
pub fn quote_string_in(text: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::MySql => quote_string(&text.replace('\\', "\\\\")),
        Dialect::Sqlite | Dialect::Postgres => quote_string(text),
    }
}

/// An identifier, quoted where a dialect would otherwise fold its case or read a keyword.
pub fn quote_ident(name: &str, dialect: Dialect) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !crate::reserved::is_reserved_anywhere(name);
    if plain {
        return name.to_owned();
    }
    match dialect {
        Dialect::MySql => format!("`{}`", name.replace('`', "``")),
        Dialect::Sqlite | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}
