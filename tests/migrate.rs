//! The migration runner on a SQLite file database, on a real PostgreSQL server (both
//! executors) and on a real MariaDB server (where DDL commits as it runs): the migrations `schema!` embedded from `tests/migrations/embedded`, and lists
//! built here for what no directory should hold (a file changed or deleted after it was
//! applied, a migration that fails halfway). Each scenario is written once, generic over the
//! connection, and run on every backend.

use sqlmint::migrate::{checksum, Direction, Migrate, Migration, MigrationState, Migrator};
use sqlmint::verify::Inspect;
use sqlmint::Error;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;

sqlmint::schema! {
    #[sqlmint(migrations = "tests/migrations/embedded")]
    pub mod db {}
}

const FIXTURE: &str = "tests/migrations/embedded";

// ---------------------------------------------------------------------------------------
// Scenarios, generic over the connection.
// ---------------------------------------------------------------------------------------

/// The embedded migrations apply in order, are recorded with the files' checksums, give the
/// tables the queries were checked against, and apply once.
fn applies_in_order_and_records_them<C: Migrate + Inspect>(conn: &C) {
    let applied = db::migrate(conn).expect("migrate");
    let versions: Vec<i64> = applied.iter().map(|m| m.version).collect();
    assert_eq!(versions, [1, 2, 3]);
    let files = [
        "0001_create_users.sql",
        "0002_create_posts.sql",
        "0003_add_email.sql",
    ];
    for ((row, migration), file) in applied.iter().zip(db::MIGRATIONS).zip(files) {
        assert_eq!(row.description, migration.description);
        // What the macro computed at compile time is what anyone reading the file computes
        // (the `sqlmint migrate` command among them).
        let bytes = std::fs::read(Path::new(FIXTURE).join(file)).expect("the fixture");
        assert_eq!(migration.checksum, checksum(&bytes), "{file}");
        assert_eq!(row.checksum, migration.checksum, "{file}");
        assert_eq!(migration.sql, String::from_utf8(bytes).expect("UTF-8"));
        let at = &row.applied_at;
        assert!(
            at.len() == 24 && at.ends_with('Z') && at.as_bytes()[10] == b'T',
            "{at}"
        );
    }
    assert_eq!(db::MIGRATIONS[0].description, "create_users");
    assert!(db::MIGRATIONS[0].down.is_some() && db::MIGRATIONS[1].down.is_none());

    // The tables are the ones `query!` checks against, the bookkeeping table left out.
    let report = db::verify(conn).expect("verify");
    assert!(report.is_clean(), "{report}");
    conn.execute(&db::query!(
        INSERT INTO users (id, name, email) VALUES (1, "ada", "ada@example.com")
    ))
    .expect("a user");
    conn.execute(&db::query!(INSERT INTO posts (id, user_id, title) VALUES (1, 1, "notes")))
        .expect("a post");

    assert!(db::migrate(conn).expect("again").is_empty(), "up to date");
    let statuses = db::MIGRATOR.status(conn).expect("status");
    assert!(statuses.iter().all(|s| s.state == MigrationState::Applied));
}

/// `status` and `dry_run` say what is applied and what would run, creating nothing.
fn status_and_dry_run<C: Migrate>(conn: &C, has_table: impl Fn(&C) -> bool) {
    let statuses = db::MIGRATOR.status(conn).expect("status");
    let seen: Vec<(i64, MigrationState, bool)> = statuses
        .iter()
        .map(|s| (s.version, s.state, s.reversible))
        .collect();
    assert_eq!(
        seen,
        [
            (1, MigrationState::Pending, true),
            (2, MigrationState::Pending, false),
            (3, MigrationState::Pending, true),
        ]
    );
    let plan = db::MIGRATOR.dry_run(conn).expect("dry run");
    assert_eq!(plan.len(), 3);
    assert_eq!(plan[1].sql, db::MIGRATIONS[1].sql);
    assert!(!has_table(conn), "status and dry_run create nothing");

    Migrator::new(&db::MIGRATIONS[..2])
        .run(conn)
        .expect("the first two");
    let plan = db::MIGRATOR.dry_run(conn).expect("dry run");
    assert_eq!(plan.iter().map(|m| m.version).collect::<Vec<_>>(), [3]);
    let statuses = db::MIGRATOR.status(conn).expect("status");
    assert_eq!(statuses[0].state, MigrationState::Applied);
    assert!(statuses[0].applied.is_some());
    assert_eq!(statuses[2].state, MigrationState::Pending);
    assert!(statuses[2].applied.is_none());
}

/// `revert` runs the latest migration's `.down.sql` and forgets it; one without a reversal
/// is refused.
fn reverts_the_latest<C: Migrate + Inspect>(conn: &C) {
    assert_eq!(db::MIGRATOR.revert(conn).expect("nothing to revert"), None);
    db::migrate(conn).expect("migrate");
    let reverted = db::MIGRATOR.revert(conn).expect("revert").expect("one");
    assert_eq!((reverted.version, &*reverted.description), (3, "add_email"));
    let report = db::verify(conn).expect("verify");
    assert_eq!(
        report.to_string().trim_end(),
        "the database differs from the schema in 1 place(s):\n  \
         - column `users.email`: declared, missing from the database"
    );
    let statuses = db::MIGRATOR.status(conn).expect("status");
    assert_eq!(statuses[2].state, MigrationState::Pending);
    let again = db::migrate(conn).expect("migrate again");
    assert_eq!(again.iter().map(|m| m.version).collect::<Vec<_>>(), [3]);

    db::MIGRATOR.revert(conn).expect("revert 3");
    let error = db::MIGRATOR.revert(conn).expect_err("2 has no .down.sql");
    assert!(
        matches!(&error, Error::MigrationNotReversible { version: 2, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "migration 2 (create_posts) cannot be reverted: it has no `.down.sql` file"
    );
    let statuses = db::MIGRATOR.status(conn).expect("status");
    let states: Vec<MigrationState> = statuses.iter().map(|s| s.state).collect();
    use MigrationState::{Applied, Pending};
    assert_eq!(states, [Applied, Applied, Pending]);
}

/// Migrations whose first takes a while (a hundred thousand rows), so that a second runner
/// starting at the same time reads what is applied while the first is still inside it.
fn slow_list() -> Vec<Migration> {
    vec![
        Migration::new(
            1,
            "numbers",
            "CREATE TABLE numbers (n BIGINT PRIMARY KEY);\n\
             WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000)\n\
             INSERT INTO numbers (n) SELECT n FROM c;",
        ),
        Migration::new(2, "squares", "CREATE TABLE squares (n BIGINT PRIMARY KEY)"),
        Migration::new(3, "cubes", "CREATE TABLE cubes (n BIGINT PRIMARY KEY)"),
    ]
}

/// Two runners of `migrator`, each on its own connection, started at once: both succeed,
/// and between them every migration is applied exactly once.
fn two_runners_at_once<C: Migrate + Send>(migrator: Migrator<'_>, connect: impl Fn() -> C + Sync) {
    let barrier = Barrier::new(2);
    let results: Vec<_> = std::thread::scope(|scope| {
        let runners: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let conn = connect();
                    barrier.wait();
                    migrator.run(&conn)
                })
            })
            .collect();
        runners
            .into_iter()
            .map(|runner| runner.join().expect("no panic"))
            .collect()
    });
    let mut versions = Vec::new();
    for result in results {
        let applied = result.expect("both runners succeed");
        versions.extend(applied.iter().map(|m| m.version));
    }
    versions.sort_unstable();
    let all: Vec<i64> = migrator.migrations().iter().map(|m| m.version).collect();
    assert_eq!(versions, all, "each migration applied once");
    let statuses = migrator.status(&connect()).expect("status");
    assert!(statuses.iter().all(|s| s.state == MigrationState::Applied));
}

/// A list whose second migration fails at its third statement.
fn failing_list() -> Vec<Migration> {
    vec![
        Migration::new(1, "a", "CREATE TABLE a (id BIGINT PRIMARY KEY)"),
        Migration::new(
            2,
            "b",
            "CREATE TABLE b (id BIGINT PRIMARY KEY);\n\
             INSERT INTO b (id) VALUES (1);\n\
             INSERT INTO no_such_table (id) VALUES (1);",
        ),
        Migration::new(3, "c", "CREATE TABLE c (id BIGINT PRIMARY KEY)"),
    ]
}

/// A migration that fails halfway leaves nothing of itself, keeps those before it, stops
/// those after it, and says which it was.
fn a_failing_migration_is_rolled_back<C: Migrate>(conn: &C) {
    let list = failing_list();
    let error = Migrator::new(&list).run(conn).expect_err("2 fails");
    let Error::MigrationFailed {
        version,
        description,
        direction,
        source,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*version, description.as_str()), (2, "b"));
    assert_eq!(*direction, Direction::Up);
    assert!(
        matches!(**source, Error::Sqlite(_) | Error::Postgres(_)),
        "the database's own error: {source:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("applying migration 2 (b) failed, and was rolled back: "),
        "{error}"
    );
    assert!(error.sqlite_code().is_some() || error.postgres_code() == Some("42P01"));
    let states: Vec<MigrationState> = Migrator::new(&list)
        .status(conn)
        .expect("status")
        .iter()
        .map(|s| s.state)
        .collect();
    use MigrationState::{Applied, Pending};
    assert_eq!(states, [Applied, Pending, Pending]);

    // Fixed (a migration never applied may change), it applies: its `CREATE TABLE b` would
    // fail had the first attempt left the table behind.
    let mut fixed = list;
    fixed[1] = Migration::new(2, "b", "CREATE TABLE b (id BIGINT PRIMARY KEY)");
    let applied = Migrator::new(&fixed).run(conn).expect("fixed");
    assert_eq!(
        applied.iter().map(|m| m.version).collect::<Vec<_>>(),
        [2, 3]
    );
}

/// An applied migration whose file changed or is gone stops the runner before it applies
/// anything.
fn changed_or_missing_files_are_refused<C: Migrate>(conn: &C) {
    let list = failing_list();
    let first_two = [
        list[0].clone(),
        Migration::new(2, "b", "CREATE TABLE b (id BIGINT PRIMARY KEY)"),
    ];
    Migrator::new(&first_two).run(conn).expect("1 and 2");

    let changed = [
        first_two[0].clone(),
        Migration::new(2, "b", "CREATE TABLE b (id BIGINT PRIMARY KEY, extra TEXT)"),
        list[2].clone(),
    ];
    let error = Migrator::new(&changed).run(conn).expect_err("2 changed");
    assert!(
        matches!(&error, Error::MigrationChanged { version: 2, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with("migration 2 (b) has changed since it was applied (checksum ")
            && message.contains(&*first_two[1].checksum)
            && message.contains(&*changed[1].checksum),
        "{message}"
    );
    let states: Vec<MigrationState> = Migrator::new(&changed)
        .status(conn)
        .expect("status")
        .iter()
        .map(|s| s.state)
        .collect();
    use MigrationState::{Applied, Changed, Missing, Pending};
    assert_eq!(states, [Applied, Changed, Pending], "3 was not applied");
    let error = Migrator::new(&changed).dry_run(conn).expect_err("refused");
    assert!(matches!(error, Error::MigrationChanged { version: 2, .. }));

    let without_2 = [first_two[0].clone(), list[2].clone()];
    let error = Migrator::new(&without_2).run(conn).expect_err("2 missing");
    assert!(
        matches!(&error, Error::MigrationMissing { version: 2, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "migration 2 (b) is recorded as applied but is not among the migrations; \
         restore its file, or run a build that has it"
    );
    let states: Vec<MigrationState> = Migrator::new(&without_2)
        .status(conn)
        .expect("status")
        .iter()
        .map(|s| s.state)
        .collect();
    assert_eq!(states, [Applied, Missing, Pending]);
    let error = Migrator::new(&without_2)
        .revert(conn)
        .expect_err("2 missing");
    assert!(matches!(error, Error::MigrationMissing { version: 2, .. }));

    // An older build during a rolling deployment may be told to carry on.
    let applied = Migrator::new(&without_2)
        .ignore_missing(true)
        .run(conn)
        .expect("lenient");
    assert_eq!(applied.iter().map(|m| m.version).collect::<Vec<_>>(), [3]);
}

// ---------------------------------------------------------------------------------------
// SQLite: a file database, opened once per connection.
// ---------------------------------------------------------------------------------------

/// A database file in the temporary directory, removed on drop.
struct SqliteFile(PathBuf);

impl SqliteFile {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "sqlmint-migrate-{}-{}.db",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        let _ = std::fs::remove_file(&path);
        SqliteFile(path)
    }

    fn connect(&self) -> sqlmint::sqlite::Connection {
        let conn = sqlmint::sqlite::Connection::open(&self.0).expect("open the file");
        // No busy timeout of the connection's own: the runner's is what makes a second
        // runner wait.
        conn.driver()
            .busy_timeout(std::time::Duration::ZERO)
            .expect("busy timeout");
        conn
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn sqlite_has_table(conn: &sqlmint::sqlite::Connection) -> bool {
    conn.driver()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = '_sqlmint_migrations'",
            [],
            |row| row.get::<_, i64>(0),
        )
        .expect("sqlite_schema")
        > 0
}

#[test]
fn sqlite_applies_in_order_and_records_them() {
    let file = SqliteFile::new();
    applies_in_order_and_records_them(&file.connect());
}

#[test]
fn sqlite_status_and_dry_run() {
    let file = SqliteFile::new();
    status_and_dry_run(&file.connect(), sqlite_has_table);
}

#[test]
fn sqlite_reverts_the_latest() {
    let file = SqliteFile::new();
    reverts_the_latest(&file.connect());
}

/// In both journal modes: with a rollback journal the first runner's transaction keeps the
/// second from even reading; with WAL the second reads what was committed before it and
/// only the re-check inside its exclusive transaction keeps it from applying a migration
/// twice.
#[test]
fn sqlite_two_runners_at_once() {
    let slow = slow_list();
    for wal in [false, true] {
        for _ in 0..10 {
            let file = SqliteFile::new();
            if wal {
                file.connect()
                    .driver()
                    .pragma_update(None, "journal_mode", "wal")
                    .expect("WAL");
            }
            two_runners_at_once(Migrator::new(&slow), || file.connect());
            let file = SqliteFile::new();
            two_runners_at_once(db::MIGRATOR, || file.connect());
        }
    }
}

#[test]
fn sqlite_a_failing_migration_is_rolled_back() {
    let file = SqliteFile::new();
    a_failing_migration_is_rolled_back(&file.connect());
}

#[test]
fn sqlite_changed_or_missing_files_are_refused() {
    let file = SqliteFile::new();
    changed_or_missing_files_are_refused(&file.connect());
}

/// The runner's busy timeout lasts for the run only: the connection's own comes back.
#[test]
fn sqlite_busy_timeout_is_restored() {
    let file = SqliteFile::new();
    let conn = file.connect();
    db::migrate(&conn).expect("migrate");
    let timeout: i64 = conn
        .driver()
        .pragma_query_value(None, "busy_timeout", |row| row.get(0))
        .expect("pragma");
    assert_eq!(timeout, 0);
}

// ---------------------------------------------------------------------------------------
// PostgreSQL, synchronous: a fresh database of the test server per test.
// ---------------------------------------------------------------------------------------

fn postgres(url: &str) -> sqlmint::postgres::Connection {
    sqlmint::postgres::Connection::connect(url).expect("connect to the test database")
}

fn postgres_has_table(conn: &sqlmint::postgres::Connection) -> bool {
    let count: i64 = conn
        .driver()
        .expect("the client")
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE tablename = '_sqlmint_migrations'",
            &[],
        )
        .expect("pg_tables")
        .get(0);
    count > 0
}

#[test]
fn postgres_applies_in_order_and_records_them() {
    applies_in_order_and_records_them(&postgres(&sqlmint_test_support::database()));
}

#[test]
fn postgres_status_and_dry_run() {
    status_and_dry_run(
        &postgres(&sqlmint_test_support::database()),
        postgres_has_table,
    );
}

#[test]
fn postgres_reverts_the_latest() {
    reverts_the_latest(&postgres(&sqlmint_test_support::database()));
}

#[test]
fn postgres_two_runners_at_once() {
    let slow = slow_list();
    for _ in 0..4 {
        let url = sqlmint_test_support::database();
        two_runners_at_once(Migrator::new(&slow), || postgres(&url));
        let url = sqlmint_test_support::database();
        two_runners_at_once(db::MIGRATOR, || postgres(&url));
    }
}

#[test]
fn postgres_a_failing_migration_is_rolled_back() {
    a_failing_migration_is_rolled_back(&postgres(&sqlmint_test_support::database()));
}

#[test]
fn postgres_changed_or_missing_files_are_refused() {
    changed_or_missing_files_are_refused(&postgres(&sqlmint_test_support::database()));
}

/// The advisory lock is released after the run, also after a failed one: a second
/// connection takes it at once.
#[test]
fn postgres_lock_is_released() {
    let url = sqlmint_test_support::database();
    let conn = postgres(&url);
    Migrator::new(&failing_list())
        .run(&conn)
        .expect_err("2 fails");
    let other = postgres(&url);
    let taken: bool = other
        .driver()
        .expect("the client")
        .query_one("SELECT pg_try_advisory_lock(32494332827758196)", &[])
        .expect("try the lock")
        .get(0);
    assert!(taken, "the first connection still holds the lock");
}

// ---------------------------------------------------------------------------------------
// PostgreSQL, asynchronous.
// ---------------------------------------------------------------------------------------

async fn tokio_connect(url: &str) -> sqlmint::tokio_postgres::Connection {
    sqlmint::tokio_postgres::Connection::connect(url)
        .await
        .expect("connect to the test database")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokio_postgres_runs_reports_and_reverts() {
    let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .expect("a test database");
    let mut conn = tokio_connect(&url).await;
    assert_eq!(
        db::MIGRATOR.dry_run_async(&conn).await.expect("plan").len(),
        3
    );
    let applied = db::MIGRATOR.run_async(&mut conn).await.expect("run");
    assert_eq!(
        applied.iter().map(|m| m.version).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(db::MIGRATOR
        .run_async(&mut conn)
        .await
        .expect("again")
        .is_empty());
    let report = conn.verify(&db::SCHEMA).await.expect("verify");
    assert!(report.is_clean(), "{report}");

    let reverted = db::MIGRATOR.revert_async(&mut conn).await.expect("revert");
    assert_eq!(reverted.map(|m| m.version), Some(3));
    let states: Vec<MigrationState> = db::MIGRATOR
        .status_async(&conn)
        .await
        .expect("status")
        .iter()
        .map(|s| s.state)
        .collect();
    use MigrationState::{Applied, Pending};
    assert_eq!(states, [Applied, Applied, Pending]);
    let error = db::MIGRATOR
        .revert_async(&mut conn)
        .await
        .expect_err("2 has no .down.sql");
    assert!(matches!(
        error,
        Error::MigrationNotReversible { version: 2, .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokio_postgres_rolls_back_a_failing_migration_and_races_safely() {
    let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .expect("a test database");
    let mut conn = tokio_connect(&url).await;
    let list = failing_list();
    let error = Migrator::new(&list)
        .run_async(&mut conn)
        .await
        .expect_err("2 fails");
    assert!(
        matches!(&error, Error::MigrationFailed { version: 2, .. }),
        "{error:?}"
    );
    assert_eq!(error.postgres_code(), Some("42P01"));
    let states: Vec<MigrationState> = Migrator::new(&list)
        .status_async(&conn)
        .await
        .expect("status")
        .iter()
        .map(|s| s.state)
        .collect();
    use MigrationState::{Applied, Pending};
    assert_eq!(states, [Applied, Pending, Pending]);

    for _ in 0..5 {
        let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
            .await
            .expect("a test database");
        let runners = (0..2).map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let mut conn = tokio_connect(&url).await;
                db::MIGRATOR.run_async(&mut conn).await
            })
        });
        let mut versions = Vec::new();
        for runner in runners.collect::<Vec<_>>() {
            let applied = runner.await.expect("no panic").expect("both succeed");
            versions.extend(applied.iter().map(|m| m.version));
        }
        versions.sort_unstable();
        assert_eq!(versions, [1, 2, 3], "each migration applied once");
    }
}

// ---------------------------------------------------------------------------------------
// MariaDB: DDL commits as it runs, so a migration is recorded as started before it runs.
// ---------------------------------------------------------------------------------------

fn mysql(url: &str) -> sqlmint::mysql::Connection {
    sqlmint::mysql::Connection::connect(url).expect("connect to the test database")
}

fn mysql_has_table(conn: &sqlmint::mysql::Connection) -> bool {
    use sqlmint::mysql::driver::prelude::Queryable;
    let count: Option<i64> = conn
        .driver()
        .expect("the connection")
        .query_first(
            "SELECT count(*) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_sqlmint_migrations'",
        )
        .expect("information_schema");
    count.unwrap_or(0) > 0
}

#[test]
fn mysql_applies_in_order_and_records_them() {
    applies_in_order_and_records_them(&mysql(&sqlmint_test_support::mysql::database()));
}

#[test]
fn mysql_status_and_dry_run() {
    status_and_dry_run(
        &mysql(&sqlmint_test_support::mysql::database()),
        mysql_has_table,
    );
}

#[test]
fn mysql_reverts_the_latest() {
    reverts_the_latest(&mysql(&sqlmint_test_support::mysql::database()));
}

#[test]
fn mysql_two_runners_at_once() {
    // The first migration inserts a hundred thousand rows (MariaDB's sequence engine), so the
    // second runner arrives while the first holds the lock.
    let slow = [
        Migration::new(
            1,
            "numbers",
            "CREATE TABLE numbers (n BIGINT PRIMARY KEY);\n\
             INSERT INTO numbers (n) SELECT seq FROM seq_1_to_100000;",
        ),
        Migration::new(2, "squares", "CREATE TABLE squares (n BIGINT PRIMARY KEY)"),
        Migration::new(3, "cubes", "CREATE TABLE cubes (n BIGINT PRIMARY KEY)"),
    ];
    for _ in 0..2 {
        let url = sqlmint_test_support::mysql::database();
        two_runners_at_once(Migrator::new(&slow), || mysql(&url));
        let url = sqlmint_test_support::mysql::database();
        two_runners_at_once(db::MIGRATOR, || mysql(&url));
    }
}

#[test]
fn mysql_changed_or_missing_files_are_refused() {
    changed_or_missing_files_are_refused(&mysql(&sqlmint_test_support::mysql::database()));
}

/// MySQL cannot roll a migration back: one that fails halfway stays started, and every run,
/// dry run and revert after it is refused, naming it, until it is repaired by hand.
#[test]
fn mysql_a_failing_migration_is_incomplete_until_repaired() {
    let conn = mysql(&sqlmint_test_support::mysql::database());
    let list = failing_list();
    let error = Migrator::new(&list).run(&conn).expect_err("2 fails");
    let Error::MigrationIncomplete {
        version: 2,
        source: Some(source),
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(source.mysql_code(), Some(1146), "no such table: {source}");
    let message = error.to_string();
    assert!(
        message.starts_with("migration 2 (b) did not finish (mysql: ")
            && message.ends_with(
                "MySQL commits DDL as it runs, so what ran before the failure stays applied; \
                 repair the database by hand, then delete the row of version 2 from \
                 _sqlmint_migrations and run again"
            ),
        "{message}"
    );
    use MigrationState::{Applied, Incomplete, Pending};
    let states = |list: &[Migration]| -> Vec<MigrationState> {
        Migrator::new(list)
            .status(&conn)
            .expect("status")
            .iter()
            .map(|s| s.state)
            .collect()
    };
    assert_eq!(states(&list), [Applied, Incomplete, Pending]);
    for refused in [
        Migrator::new(&list).run(&conn).map(|_| ()),
        Migrator::new(&list).dry_run(&conn).map(|_| ()),
        Migrator::new(&list).revert(&conn).map(|_| ()),
    ] {
        let error = refused.expect_err("refused while 2 is incomplete");
        assert!(
            matches!(
                &error,
                Error::MigrationIncomplete {
                    version: 2,
                    source: None,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("did not finish on an earlier run"),
            "{error}"
        );
    }

    // Repaired by hand: what 2 created dropped, its row deleted; fixed, it applies.
    conn.execute_batch("DROP TABLE b; DELETE FROM _sqlmint_migrations WHERE version = 2")
        .expect("repair");
    let mut fixed = list;
    fixed[1] = Migration::new(2, "b", "CREATE TABLE b (id BIGINT PRIMARY KEY)");
    let applied = Migrator::new(&fixed).run(&conn).expect("fixed");
    assert_eq!(
        applied.iter().map(|m| m.version).collect::<Vec<_>>(),
        [2, 3]
    );
    assert_eq!(states(&fixed), [Applied, Applied, Applied]);
}

/// The named lock is released after the run, also after a failed one: another connection
/// takes it at once.
#[test]
fn mysql_lock_is_released() {
    use sqlmint::mysql::driver::prelude::Queryable;
    let url = sqlmint_test_support::mysql::database();
    let conn = mysql(&url);
    Migrator::new(&failing_list())
        .run(&conn)
        .expect_err("2 fails");
    let other = mysql(&url);
    let taken: Option<i64> = other
        .driver()
        .expect("the connection")
        .query_first("SELECT GET_LOCK(CONCAT('sqlmint_migrations.', DATABASE()), 0)")
        .expect("try the lock");
    assert_eq!(taken, Some(1), "the first connection still holds the lock");
}
