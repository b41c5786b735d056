//! Real database servers for tests, never a mock: a PostgreSQL server (the one
//! `SQLMINT_PG_URL` names, or a throwaway cluster started from the machine's PostgreSQL
//! binaries on a free loopback port, stopped when the test process exits) and, in [`mysql`],
//! a MariaDB or MySQL server found or started the same way. Each test gets a database of its
//! own.
//!
//! When neither can be had, [`database`] panics with a message saying how to get a server:
//! a test that needs a server fails loudly, it never passes without having run.

pub mod mysql;
mod replicas;

pub use replicas::ReplicatedCluster;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The environment variable naming an existing server, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`.
pub const URL_VARIABLE: &str = "SQLMINT_PG_URL";

/// The URL of a fresh, empty database on the test server, created for the caller.
///
/// # Panics
/// When no server can be had; the message says how to get one.
pub fn database() -> String {
    let server = server_url();
    let name = fresh_database_name();
    let mut admin = postgres::Client::connect(&server, postgres::NoTls).unwrap_or_else(|e| {
        panic!("cannot connect to the PostgreSQL test server at {server}: {e}")
    });
    // One statement per call: CREATE DATABASE cannot run in the implicit transaction of a
    // multi-statement query.
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"),
    ] {
        admin.batch_execute(&sql).unwrap_or_else(|e| {
            let detail = e
                .as_db_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_owned());
            panic!("cannot create test database {name}: {detail}")
        });
    }
    with_database(&server, &name)
}

/// The server's URL (its default database), starting the throwaway cluster on first use.
pub fn server_url() -> String {
    static URL: OnceLock<Result<String, String>> = OnceLock::new();
    found_or_started(
        &URL,
        URL_VARIABLE,
        start_cluster,
        "PostgreSQL",
        "postgres://user:password@host:port/database",
        "install PostgreSQL 15+ (Debian: `apt-get install postgresql`) so the tests can start \
         a throwaway one with initdb and pg_ctl",
    )
}

/// A database name no other test of any process on this machine uses at once.
pub(crate) fn fresh_database_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "sqlmint_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The URL in `variable`, else the server `start` starts, once per process in `cell`.
///
/// # Panics
/// When neither can be had: saying why, and how to get a `server` (`url_form`, `install`).
pub(crate) fn found_or_started(
    cell: &OnceLock<Result<String, String>>,
    variable: &str,
    start: fn() -> Result<String, String>,
    server: &str,
    url_form: &str,
    install: &str,
) -> String {
    let url = cell.get_or_init(|| match std::env::var(variable) {
        Ok(url) if !url.is_empty() => Ok(url),
        _ => start(),
    });
    match url {
        Ok(url) => url.clone(),
        Err(why) => panic!(
            "no {server} server for the tests: {why}\n\
             Set {variable}={url_form} to use a running server, or {install}."
        ),
    }
}

/// `url` with its database (its path) replaced by `database`: `postgres://` and `mysql://`
/// URLs alike.
pub(crate) fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    // postgres://user@host:port/db: the path starts after the third slash.
    let path_start = base.match_indices('/').nth(2).map(|(i, _)| i);
    let prefix = path_start.map_or(base, |i| &base[..i]);
    format!("{prefix}/{database}{query}")
}

fn start_cluster() -> Result<String, String> {
    let bin = find_binaries()?;
    let port = free_port()?;
    let dir = cluster_dir(&format!("sqlmint-pg-{}-{port}", std::process::id()))?;
    let data = dir.join("data");
    let as_root = is_root();
    init_primary(&bin, as_root, &data)?;
    start_server(&bin, as_root, &dir, &data, port)?;
    stop_on_exit(as_root, &bin.join("pg_ctl"), &data, &dir);
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    wait_until_ready(&url)?;
    Ok(url)
}

/// An empty directory `name` under the temporary directory, owned by the `postgres` user when
/// running as root (initdb refuses to run as root: the cluster belongs to `postgres`).
fn cluster_dir(name: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if is_root() {
        run(
            Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir),
            "chown",
        )?;
    }
    Ok(dir)
}

fn init_primary(bin: &Path, as_root: bool, data: &Path) -> Result<(), String> {
    run(
        as_user(as_root, &bin.join("initdb"))
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(data),
        "initdb",
    )
}

/// Starts the server of `data` on loopback `port`, its socket and log in `dir`.
fn start_server(
    bin: &Path,
    as_root: bool,
    dir: &Path,
    data: &Path,
    port: u16,
) -> Result<(), String> {
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        dir.display()
    );
    let log = dir.join(format!("log-{port}"));
    run(
        as_user(as_root, &bin.join("pg_ctl"))
            .args(["-w", "-t", "60", "-l"])
            .arg(log)
            .args(["-o", &options, "-D"])
            .arg(data)
            .arg("start"),
        "pg_ctl start",
    )
}

/// A watchdog outside the test process stops the cluster and removes its files once the
/// test process is gone (Rust's test harness has no hook at exit).
fn stop_on_exit(as_root: bool, pg_ctl: &Path, data: &Path, dir: &Path) {
    let stop = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {user}{pg_ctl} -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        user = if as_root { "runuser -u postgres -- " } else { "" },
        pg_ctl = pg_ctl.display(),
        data = data.display(),
        dir = dir.display(),
    );
    let _ = Command::new("sh")
        .args(["-c", &stop])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

fn wait_until_ready(url: &str) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match postgres::Client::connect(url, postgres::NoTls) {
            Ok(_) => return Ok(()),
            Err(e) if Instant::now() > deadline => {
                return Err(format!(
                    "the throwaway server did not accept connections: {e}"
                ))
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// The newest PostgreSQL server binaries on the machine.
fn find_binaries() -> Result<PathBuf, String> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .map_err(|_| format!("no PostgreSQL server binaries under {}", root.display()))?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((version, bin)) if version >= 15 => Ok(bin),
        Some((version, _)) => Err(format!(
            "PostgreSQL {version} is too old; the tests need 15 or newer"
        )),
        None => Err(format!("no initdb under {}/<version>/bin", root.display())),
    }
}

pub(crate) fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free loopback port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn as_user(as_root: bool, program: &Path) -> Command {
    as_user_named(as_root, "postgres", program)
}

/// `program` run as `user` when the tests run as root (database servers refuse root).
pub(crate) fn as_user_named(as_root: bool, user: &str, program: &Path) -> Command {
    if as_root {
        let mut command = Command::new("runuser");
        command.args(["-u", user, "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

pub(crate) fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("{what} could not start: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(
            super::with_database("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(
            super::with_database("postgres://u@h:1", "t2"),
            "postgres://u@h:1/t2"
        );
    }

    #[test]
    fn a_replica_replays_what_its_primary_writes() {
        let cluster = super::ReplicatedCluster::start(1);
        let connect = |url: &str| postgres::Client::connect(url, postgres::NoTls).expect(url);
        let mut primary = connect(&cluster.primary_url());
        let mut replica = connect(&cluster.replica_urls()[0]);
        let in_recovery = |client: &mut postgres::Client| -> bool {
            client
                .query_one("SELECT pg_is_in_recovery()", &[])
                .expect("ask")
                .get(0)
        };
        assert!(!in_recovery(&mut primary));
        assert!(in_recovery(&mut replica));
        primary
            .batch_execute("CREATE TABLE t (x INT); INSERT INTO t VALUES (42)")
            .expect("write");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match replica.query_opt("SELECT x FROM t", &[]) {
                Ok(Some(row)) => break assert_eq!(row.get::<_, i32>(0), 42),
                _ if std::time::Instant::now() > deadline => panic!("not replayed in 10 s"),
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }

    #[test]
    fn a_database_accepts_queries() {
        let url = super::database();
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        let row = client.query_one("SELECT 1 + 1", &[]).expect("query");
        assert_eq!(row.get::<_, i32>(0), 2);
    }
}
