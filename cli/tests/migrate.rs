//! `sqlmint migrate new|run|status|revert` and `sqlmint check --migrations`, on SQLite files
//! and on the PostgreSQL test server, with the fixture directory the library's tests embed
//! (`tests/migrations/embedded` at the workspace root): the command reads the files at run
//! time, `schema!` below embeds them at compile time, and each accepts what the other applied.

use sqlmint::migrate::MigrationState;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

sqlmint::schema! {
    #[sqlmint(migrations = "../tests/migrations/embedded")]
    pub mod db {}
}

/// The fixture directory, as an argument.
fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/migrations/embedded")
        .display()
        .to_string()
}

/// Runs `sqlmint` with `args`, and `DATABASE_URL` set to `url` when given.
fn sqlmint(args: &[&str], database_url: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sqlmint"));
    command.args(args).env_remove("DATABASE_URL");
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    command.output().expect("the sqlmint binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

/// A copy of the fixture directory that a test may change.
fn fixture_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("migrations");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    copy
}

#[test]
fn new_creates_files_named_by_utc_timestamp() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("migrations");
    let before = sqlmint_cli::migrate::timestamp(std::time::SystemTime::now());
    let output = sqlmint(
        &[
            "migrate",
            "new",
            "add email",
            "--reversible",
            "--source",
            source.to_str().unwrap(),
        ],
        None,
    );
    let after = sqlmint_cli::migrate::timestamp(std::time::SystemTime::now());
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let mut names: Vec<String> = std::fs::read_dir(&source)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    let version = &names[0][..14];
    assert!(
        before.as_str() <= version && version <= after.as_str(),
        "{version}"
    );
    assert_eq!(
        names,
        [
            format!("{version}_add_email.down.sql"),
            format!("{version}_add_email.sql")
        ]
    );
    assert_eq!(
        stdout(&output),
        format!(
            "created {0}/{version}_add_email.sql\ncreated {0}/{version}_add_email.down.sql\n",
            source.display()
        )
    );
    // A new file is a migration the runner (and `schema!`) reads.
    let read = sqlmint_cli::migrate::read(&source).unwrap();
    assert_eq!(read[0].version.to_string(), version);
    assert!(read[0].down.is_some());

    let output = sqlmint(
        &[
            "migrate",
            "new",
            "a/b",
            "--source",
            source.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code(&output), Some(2));
    assert!(
        stderr(&output).starts_with("error: `a/b` cannot name a migration"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn run_status_revert_and_check_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let url = format!("sqlite://{}", path.display());
    let source = fixture();
    let migrate = |command: &str, extra: &[&str]| {
        let mut args = vec!["migrate", command, "--source", &source];
        args.extend_from_slice(extra);
        sqlmint(&args, Some(&url))
    };

    // Before the file exists: everything pending, and the dry run shows the SQL.
    let status = migrate("status", &[]);
    assert_eq!(code(&status), Some(1), "{}", stderr(&status));
    assert_eq!(
        stdout(&status),
        "pending  1 create_users\npending  2 create_posts\npending  3 add_email\n"
    );
    let plan = migrate("run", &["--dry-run"]);
    assert_eq!(code(&plan), Some(0), "{}", stderr(&plan));
    let expected: String = db::MIGRATIONS
        .iter()
        .map(|m| format!("-- migration {} {}\n{}", m.version, m.description, m.sql))
        .collect();
    assert_eq!(stdout(&plan), expected);
    assert!(!path.exists(), "a dry run creates nothing");

    let run = migrate("run", &[]);
    assert_eq!(code(&run), Some(0), "{}", stderr(&run));
    let text = stdout(&run);
    assert!(
        text.starts_with("applied 1 create_users (")
            && text.contains("\napplied 3 add_email (")
            && text.ends_with(" ms)\n3 migration(s) applied\n"),
        "{text}"
    );

    // The library, with the files embedded at compile time, finds them applied as they are.
    let conn = sqlmint::sqlite::Connection::open(&path).unwrap();
    assert!(db::migrate(&conn).unwrap().is_empty());
    let states: Vec<MigrationState> = db::MIGRATOR
        .status(&conn)
        .unwrap()
        .iter()
        .map(|s| s.state)
        .collect();
    assert_eq!(states, [MigrationState::Applied; 3]);
    drop(conn);

    let status = migrate("status", &[]);
    assert_eq!(code(&status), Some(0));
    let lines: Vec<String> = stdout(&status).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[2].starts_with("applied  3 add_email  20"),
        "{lines:?}"
    );
    assert_eq!(stdout(&migrate("run", &[])), "the database is up to date\n");

    let check = sqlmint(&["check", &url, "--migrations", &source], None);
    assert_eq!(
        code(&check),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert_eq!(stdout(&check), "the database matches the schema\n");

    let revert = migrate("revert", &[]);
    assert_eq!(code(&revert), Some(0), "{}", stderr(&revert));
    assert_eq!(stdout(&revert), "reverted 3 add_email\n");
    let status = migrate("status", &[]);
    assert_eq!(code(&status), Some(1));
    assert!(stdout(&status).ends_with("pending  3 add_email\n"));
    let check = sqlmint(&["check", &url, "--migrations", &source], None);
    assert_eq!(code(&check), Some(1));
    assert_eq!(
        stdout(&check),
        "the database differs from the schema in 1 place(s):\n  \
         - column `users.email`: declared, missing from the database\n"
    );

    let revert = migrate("revert", &[]);
    assert_eq!(code(&revert), Some(2));
    assert_eq!(
        stderr(&revert),
        "error: migration 2 (create_posts) cannot be reverted: it has no `.down.sql` file\n"
    );
    let run = migrate("run", &[]);
    assert!(
        stdout(&run).starts_with("applied 3 add_email ("),
        "{}",
        stdout(&run)
    );
}

#[test]
fn the_command_accepts_what_the_library_applied() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let conn = sqlmint::sqlite::Connection::open(&path).unwrap();
    assert_eq!(db::migrate(&conn).unwrap().len(), 3);
    drop(conn);
    let url = format!("sqlite://{}", path.display());
    let output = sqlmint(
        &[
            "migrate",
            "run",
            "--source",
            &fixture(),
            "--database-url",
            &url,
        ],
        None,
    );
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "the database is up to date\n");
}

#[test]
fn a_changed_file_is_refused_and_a_failing_one_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture_copy(dir.path());
    let source_arg = source.to_str().unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    let run = |extra: &[&str]| {
        let mut args = vec!["migrate", "run", "--source", source_arg];
        args.extend_from_slice(extra);
        sqlmint(&args, Some(&url))
    };
    assert_eq!(code(&run(&[])), Some(0));

    let edited = source.join("0002_create_posts.sql");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("-- an afterthought\n");
    std::fs::write(&edited, text).unwrap();
    let output = run(&[]);
    assert_eq!(code(&output), Some(2));
    assert!(
        stderr(&output).starts_with(
            "error: migration 2 (create_posts) has changed since it was applied (checksum "
        ),
        "{}",
        stderr(&output)
    );
    let status = sqlmint(&["migrate", "status", "--source", source_arg], Some(&url));
    assert_eq!(code(&status), Some(1));
    assert!(stdout(&status).contains("changed  2 create_posts  "));

    // Put back, and followed by a migration that fails at its second statement.
    std::fs::copy(Path::new(&fixture()).join("0002_create_posts.sql"), &edited).unwrap();
    std::fs::write(
        source.join("0004_broken.sql"),
        "CREATE TABLE tags (id BIGINT PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);\n",
    )
    .unwrap();
    let output = run(&[]);
    assert_eq!(code(&output), Some(2));
    assert_eq!(
        stderr(&output),
        "error: applying migration 4 (broken) failed, and was rolled back: sqlite: no such table: no_such_table\n"
    );
    let status = sqlmint(&["migrate", "status", "--source", source_arg], Some(&url));
    assert!(
        stdout(&status).ends_with("pending  4 broken\n"),
        "{}",
        stdout(&status)
    );
    let conn = rusqlite::Connection::open(dir.path().join("app.db")).unwrap();
    let tags: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'tags'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        tags, 0,
        "the failed migration's first statement is rolled back"
    );
}

#[test]
fn without_a_database_url_the_command_says_how_to_give_one() {
    let output = sqlmint(&["migrate", "status", "--source", &fixture()], None);
    assert_eq!(code(&output), Some(2));
    assert!(
        stderr(&output).contains("--database-url <URL>"),
        "{}",
        stderr(&output)
    );
    let output = sqlmint(
        &["migrate", "status", "--source", "no/such/dir"],
        Some("sqlite://x.db"),
    );
    assert_eq!(code(&output), Some(2));
    assert!(
        stderr(&output).starts_with("error: cannot read migrations at no/such/dir: "),
        "{}",
        stderr(&output)
    );
}

/// `migrate run`, `status`, `check --migrations` and `revert` on a database server, whose
/// connection `db::migrate` then finds up to date.
fn run_status_and_revert_on_a_server(url: &str, up_to_date: impl Fn(&str) -> bool) {
    let source = fixture();
    let migrate = |command: &str| {
        sqlmint(
            &[
                "migrate",
                command,
                "--source",
                &source,
                "--database-url",
                url,
            ],
            None,
        )
    };
    let run = migrate("run");
    assert_eq!(code(&run), Some(0), "{}", stderr(&run));
    assert!(stdout(&run).ends_with("3 migration(s) applied\n"));
    assert!(up_to_date(url), "the same checksums");

    let status = migrate("status");
    assert_eq!(code(&status), Some(0), "{}", stderr(&status));
    assert!(stdout(&status).contains("applied  2 create_posts  20"));
    let check = sqlmint(&["check", url, "--migrations", &source], None);
    assert_eq!(code(&check), Some(0), "{}", stdout(&check));
    assert_eq!(stdout(&migrate("revert")), "reverted 3 add_email\n");
    let status = migrate("status");
    assert_eq!(code(&status), Some(1));
    assert!(stdout(&status).ends_with("pending  3 add_email\n"));
}

#[test]
fn run_status_and_revert_on_postgres() {
    run_status_and_revert_on_a_server(&sqlmint_test_support::database(), |url| {
        let conn = sqlmint::postgres::Connection::connect(url).unwrap();
        db::migrate(&conn).unwrap().is_empty()
    });
}

#[test]
fn run_status_and_revert_on_mysql() {
    run_status_and_revert_on_a_server(&sqlmint_test_support::mysql::database(), |url| {
        let conn = sqlmint::mysql::Connection::connect(url).unwrap();
        db::migrate(&conn).unwrap().is_empty()
    });
}
