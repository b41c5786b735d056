//! The PostgreSQL server for `--dialect postgres`: the one `SQLMINT_PG_URL` names, or a
//! throwaway cluster `sqlmint-test-support` starts on a free loopback port for the run (it is
//! stopped and removed when xtask exits). Each file runs on a fresh database of its own,
//! whose URL the generated program reads from [`URL_VARIABLE`].

use std::panic::{catch_unwind, UnwindSafe};
use std::time::Instant;

/// The environment variable the generated program reads the database's URL from.
pub const URL_VARIABLE: &str = "SLT_DATABASE_URL";

/// Starts (or finds) the server; says which it is, for the output.
pub fn server() -> Result<String, String> {
    let started = Instant::now();
    let url = quietly(sqlmint_test_support::server_url)?;
    let url = without_password(&url);
    Ok(match std::env::var(sqlmint_test_support::URL_VARIABLE) {
        Ok(named) if !named.is_empty() => {
            format!("{url} (from {})", sqlmint_test_support::URL_VARIABLE)
        }
        _ => format!(
            "{url} (throwaway, started in {:.1}s, stopped when xtask exits)",
            started.elapsed().as_secs_f64()
        ),
    })
}

/// A fresh, empty database on the server.
pub fn database() -> Result<String, String> {
    quietly(sqlmint_test_support::database)
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
            .unwrap_or_else(|| "no PostgreSQL server".to_owned())
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
