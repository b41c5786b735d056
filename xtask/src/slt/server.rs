//! The database server for `--dialect postgres` and `--dialect mysql`: the one
//! `SQLMINT_PG_URL` (`SQLMINT_MYSQL_URL`) names, or a throwaway server `sqlmint-test-support`
//! starts on a free loopback port for the run (stopped and removed when xtask exits). Each
//! file runs on a fresh database of its own, whose URL the generated program reads from
//! [`URL_VARIABLE`].

use super::Dialect;
use std::panic::{catch_unwind, UnwindSafe};
use std::time::Instant;

/// The environment variable the generated program reads the database's URL from.
pub const URL_VARIABLE: &str = "SLT_DATABASE_URL";

/// What test-support offers for one dialect's server.
struct Support {
    /// The environment variable naming a running server.
    variable: &'static str,
    /// That server's URL, or a throwaway one's, started on first use.
    server_url: fn() -> String,
    /// A fresh, empty database on it.
    database: fn() -> String,
}

/// What test-support offers for `dialect`'s server; `None` for SQLite, which needs none.
fn support(dialect: Dialect) -> Option<Support> {
    match dialect {
        Dialect::Sqlite => None,
        Dialect::Postgres => Some(Support {
            variable: sqlmint_test_support::URL_VARIABLE,
            server_url: sqlmint_test_support::server_url,
            database: sqlmint_test_support::database,
        }),
        Dialect::MySql => Some(Support {
            variable: sqlmint_test_support::mysql::URL_VARIABLE,
            server_url: sqlmint_test_support::mysql::server_url,
            database: sqlmint_test_support::mysql::database,
        }),
    }
}

/// Starts (or finds) `dialect`'s server; says which it is, for the output (`None` for
/// SQLite).
pub fn server(dialect: Dialect) -> Result<Option<String>, String> {
    let Some(Support {
        variable,
        server_url,
        ..
    }) = support(dialect)
    else {
        return Ok(None);
    };
    let started = Instant::now();
    let url = quietly(server_url)?;
    let url = without_password(&url);
    Ok(Some(match std::env::var(variable) {
        Ok(named) if !named.is_empty() => format!("{url} (from {variable})"),
        _ => format!(
            "{url} (throwaway, started in {:.1}s, stopped when xtask exits)",
            started.elapsed().as_secs_f64()
        ),
    }))
}

/// A fresh, empty database on `dialect`'s server (`None` for SQLite).
pub fn database(dialect: Dialect) -> Result<Option<String>, String> {
    support(dialect)
        .map(|support| quietly(support.database))
        .transpose()
}

/// Runs `f`, turning a panic (test-support's way of saying there is no server) into its
/// message, without the panic hook's report on stderr.
fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(f);
    std::panic::set_hook(hook);
    result.map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "no database server".to_owned())
    })
}

/// `url` with any password replaced by `***`, for printing.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(
            without_password("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1:5433/postgres"),
            "postgres://postgres@127.0.0.1:5433/postgres"
        );
    }

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(
            quietly(|| -> u8 { panic!("no server: {}", 1) }),
            Err("no server: 1".to_owned())
        );
        assert_eq!(quietly(|| 7), Ok(7));
    }
}
