//! A real MariaDB (or MySQL) server for tests: the one `SQLMINT_MYSQL_URL` names, or a
//! throwaway instance started from the machine's MariaDB binaries on a free loopback port
//! (`mariadb-install-db` into a temporary directory, then `mariadbd`), stopped and removed
//! when the test process exits. Each test gets a database of its own.
//!
//! When neither can be had, [`database`] panics with a message saying how to get a server.

use super::{
    as_user_named, found_or_started, free_port, fresh_database_name, is_root, run, with_database,
};
use mysql::prelude::Queryable;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The environment variable naming an existing server, e.g.
/// `mysql://root:password@127.0.0.1:3306/test`.
pub const URL_VARIABLE: &str = "SQLMINT_MYSQL_URL";

/// The system user the throwaway server runs as when the tests run as root (`mariadbd`
/// refuses root); Debian's package creates it.
const SERVER_USER: &str = "mysql";

/// The URL of a fresh, empty database on the test server, created for the caller.
///
/// # Panics
/// When no server can be had; the message says how to get one.
pub fn database() -> String {
    let server = server_url();
    let name = fresh_database_name();
    let mut admin = mysql::Conn::new(server.as_str()).unwrap_or_else(|e| {
        panic!("cannot connect to the MariaDB/MySQL test server at {server}: {e}")
    });
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
    ] {
        admin
            .query_drop(&sql)
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
    }
    with_database(&server, &name)
}

/// The server's URL (no database), starting the throwaway instance on first use.
pub fn server_url() -> String {
    static URL: OnceLock<Result<String, String>> = OnceLock::new();
    found_or_started(
        &URL,
        URL_VARIABLE,
        start_server,
        "MariaDB/MySQL",
        "mysql://user:password@host:port/database",
        "install MariaDB 10.11+ (Debian: `apt-get install mariadb-server`) so the tests can \
         start a throwaway one with mariadb-install-db and mariadbd",
    )
}

fn start_server() -> Result<String, String> {
    let (install_db, server) = find_binaries()?;
    let port = free_port()?;
    let as_root = is_root();
    let dir = std::env::temp_dir().join(format!("sqlmint-mysql-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if as_root {
        run(
            Command::new("chown")
                .args(["-R", &format!("{SERVER_USER}:{SERVER_USER}")])
                .arg(&dir),
            "chown",
        )?;
    }
    let data = dir.join("data");
    run(
        as_user_named(as_root, SERVER_USER, &install_db)
            .args([
                "--no-defaults",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ])
            .arg(format!("--datadir={}", data.display())),
        "mariadb-install-db",
    )?;
    let log = dir.join("error.log");
    let mut command = as_user_named(as_root, SERVER_USER, &server);
    command
        .arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .arg(format!("--socket={}", dir.join("socket").display()))
        .arg(format!("--pid-file={}", dir.join("pid").display()))
        .arg(format!("--log-error={}", log.display()))
        .arg(format!("--port={port}"))
        .args([
            "--bind-address=127.0.0.1",
            "--skip-networking=0",
            // A throwaway server: durability is not what the tests are about.
            "--innodb-flush-log-at-trx-commit=0",
            "--innodb-doublewrite=0",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=64M",
            "--max-connections=400",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_bin",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let child = command
        .spawn()
        .map_err(|e| format!("mariadbd could not start: {e}"))?;
    stop_on_exit(child.id(), &dir);
    let url = format!("mysql://root@127.0.0.1:{port}");
    wait_until_ready(&url, &log)?;
    Ok(url)
}

/// A watchdog outside the test process stops the server and removes its files once the
/// test process is gone (Rust's test harness has no hook at exit).
fn stop_on_exit(server_pid: u32, dir: &Path) {
    // The server's own pid is in its pid file: `server_pid` is `runuser`'s when running as
    // root, which a SIGKILL does not pass on.
    let stop = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
         kill -9 $(cat {dir}/pid 2>/dev/null) {server_pid} 2>/dev/null; sleep 1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display(),
    );
    let _ = Command::new("sh")
        .args(["-c", &stop])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

fn wait_until_ready(url: &str, log: &Path) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match mysql::Conn::new(url) {
            Ok(_) => return Ok(()),
            Err(e) if Instant::now() > deadline => {
                let log = std::fs::read_to_string(log).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(10).collect();
                return Err(format!(
                    "the throwaway server did not accept connections: {e}\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                ));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// `mariadb-install-db` and `mariadbd` (or MySQL-named links to them) on the machine.
fn find_binaries() -> Result<(PathBuf, PathBuf), String> {
    let first = |names: &[&str]| {
        names
            .iter()
            .map(PathBuf::from)
            .find(|path| path.exists())
            .ok_or_else(|| format!("none of {} on this machine", names.join(", ")))
    };
    let install_db = first(&["/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"])?;
    let server = first(&["/usr/sbin/mariadbd", "/usr/sbin/mysqld"])?;
    Ok((install_db, server))
}

#[cfg(test)]
mod tests {
    use mysql::prelude::Queryable;

    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(
            super::with_database("mysql://root@127.0.0.1:3306", "t1"),
            "mysql://root@127.0.0.1:3306/t1"
        );
        assert_eq!(
            super::with_database("mysql://u:p@h:1/db?prefer_socket=false", "t2"),
            "mysql://u:p@h:1/t2?prefer_socket=false"
        );
    }

    #[test]
    fn a_database_accepts_queries() {
        let url = super::database();
        let mut conn = mysql::Conn::new(url.as_str()).expect("connect");
        let database: Option<String> = conn.query_first("SELECT DATABASE()").expect("query");
        assert!(database.is_some_and(|name| name.starts_with("sqlmint_test_")));
        let sum: Option<i64> = conn.query_first("SELECT 1 + 1").expect("query");
        assert_eq!(sum, Some(2));
    }
}
