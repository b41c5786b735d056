//! What an application's `tracing` subscriber sees of its statements: a span per statement
//! with the statement's name (a named statement's path, an inline `query!`'s file and line),
//! the backend, the rows and the duration; and a WARN for one slower than the threshold.

use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table visit {
            id: INTEGER PRIMARY KEY,
            page: TEXT NOT NULL,
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod visits_of {
            SELECT id FROM visit WHERE page = :page ORDER BY id
        }
    }
}

/// Everything the subscriber writes, one line per event or closed span.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Lines {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The closing lines of the spans of `method`, in the order they closed.
fn closed_spans<'a>(log: &'a str, method: &str) -> Vec<&'a str> {
    let method = format!("method=\"{method}\"");
    log.lines()
        .filter(|line| line.contains(": close") && line.contains(&method))
        .collect()
}

/// The lines `sqlmint::sql=debug` writes while `run` runs, spans shown as they close.
fn traced(run: impl FnOnce()) -> String {
    traced_at(tracing::Level::DEBUG, run)
}

/// The lines a subscriber at `level` writes while `run` runs.
fn traced_at(level: tracing::Level, run: impl FnOnce()) -> String {
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, run);
    let bytes = lines.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
    String::from_utf8(bytes).expect("UTF-8")
}

/// An in-memory SQLite database with the tables and `visits` visits of `/`, inserted by one
/// `execute_many` (none when `visits` is 0).
fn sqlite_with_visits(visits: usize) -> sqlmint::sqlite::Connection {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    db::create_all(&conn).expect("tables");
    if visits > 0 {
        conn.execute_many((0..visits).map(|_| db::NewVisit { page: "/".into() }))
            .expect("visits");
    }
    conn
}

#[test]
fn each_statement_is_a_span_with_its_name_backend_rows_and_duration() {
    let log = traced(|| {
        let conn = sqlite_with_visits(2);
        let all = conn
            .fetch_all(&db::query!(SELECT id FROM visit))
            .expect("all");
        assert_eq!(all.len(), 2);
        let home = conn
            .fetch_all(&queries::visits_of::new("/"))
            .expect("the home page's");
        assert_eq!(home.len(), 2);
    });
    let closed = |name: &str| -> String {
        log.lines()
            .find(|line| line.contains("close") && line.contains(name))
            .unwrap_or_else(|| panic!("no closed span named {name} in:\n{log}"))
            .to_owned()
    };
    let named = closed("name=\"statement_spans::queries::visits_of\"");
    for field in [
        "db.system=\"sqlite\"",
        "method=\"fetch_all\"",
        "rows=2",
        "duration_ms=",
    ] {
        assert!(named.contains(field), "{field} in {named}");
    }
    // An inline statement is named by where it is written: this file, and its line.
    let inline = closed("name=\"tests/statement_spans.rs:");
    assert!(inline.contains("rows=2"), "{inline}");
    // A table's insert is named after its struct; execute_many counts what it inserted.
    // (Its statements are spans inside its own, which closes last.)
    let many = closed("method=\"execute_many\" rows=");
    assert!(
        many.contains("name=\"statement_spans::db::NewVisit\"") && many.contains("rows=2"),
        "{many}"
    );
    // The SQL is the event inside the span.
    assert!(
        log.lines()
            .any(|line| line.contains("statement_spans::queries::visits_of")
                && line.contains("sql=\"SELECT visit.id FROM visit")),
        "{log}"
    );

    // A threshold makes slow statements warnings; none is set by default.
    assert_eq!(sqlmint::trace::slow_statement_threshold(), None);
    sqlmint::trace::set_slow_statement_threshold(Some(std::time::Duration::ZERO));
    let log = traced(|| {
        let conn = sqlite_with_visits(0);
        conn.fetch_all(&queries::visits_of::new("/")).expect("none");
    });
    // A lazy read is checked once, when it ends, not once per row.
    let lazy = traced(|| {
        let conn = sqlite_with_visits(2);
        let home = queries::visits_of::new("/");
        let mut cursor = conn.fetch(&home).expect("a cursor");
        assert_eq!(cursor.rows().count(), 2);
    });
    // An application listening at WARN only sees the slow statements, and nothing else.
    let quiet = traced_at(tracing::Level::WARN, || {
        let conn = sqlite_with_visits(0);
        conn.fetch_all(&queries::visits_of::new("/")).expect("none");
    });
    sqlmint::trace::set_slow_statement_threshold(None);
    for log in [&log, &quiet] {
        let warning = log
            .lines()
            .find(|line| line.contains("WARN") && line.contains("slow statement"))
            .unwrap_or_else(|| panic!("no warning in:\n{log}"));
        assert!(
            warning.contains("statement_spans::queries::visits_of")
                && warning.contains("duration_ms="),
            "{warning}"
        );
    }
    assert!(quiet.lines().all(|line| line.contains("WARN")), "{quiet}");
    let warnings = lazy
        .lines()
        .filter(|line| line.contains("slow statement") && line.contains("visits_of"))
        .count();
    assert_eq!(warnings, 1, "{lazy}");
}

#[test]
fn a_lazy_read_is_a_span_that_ends_with_its_rows_or_when_dropped() {
    let log = traced(|| {
        let conn = sqlite_with_visits(3);
        let home = queries::visits_of::new("/");
        let mut cursor = conn.fetch(&home).expect("a cursor");
        let all = cursor.rows().collect::<Result<Vec<_>, _>>().expect("all");
        assert_eq!(all.len(), 3);
        // A caller who stops after one row: the read ends when its rows are dropped.
        let mut rows = cursor.rows();
        rows.next().expect("a row").expect("a visit");
        drop(rows);
    });
    let reads = closed_spans(&log, "fetch");
    assert_eq!(reads.len(), 2, "{log}");
    for (read, rows) in reads.iter().zip(["rows=3", "rows=1"]) {
        for field in [
            "name=\"statement_spans::queries::visits_of\"",
            "db.system=\"sqlite\"",
            rows,
            "duration_ms=",
        ] {
            assert!(read.contains(field), "{field} in {read}");
        }
    }
    // The SQL is echoed inside the read's span, once per run of the statement.
    let echoes = log
        .lines()
        .filter(|line| {
            line.contains("method=\"fetch\"}: ") && line.contains("sql=\"SELECT visit.id")
        })
        .count();
    assert_eq!(echoes, 2, "{log}");
}

#[test]
fn lazy_reads_need_no_subscriber() {
    let conn = sqlite_with_visits(3);
    let home = queries::visits_of::new("/");
    let mut cursor = conn.fetch(&home).expect("a cursor");
    assert_eq!(cursor.rows().filter(Result::is_ok).count(), 3);
    assert!(matches!(cursor.rows().next(), Some(Ok(_))));
    drop(cursor);
    assert_eq!(conn.fetch_all(&home).expect("visits").len(), 3);
}

#[test]
fn the_synchronous_postgresql_executor_traces_lazy_reads_and_copy_in() {
    let url = sqlmint_test_support::database();
    let log = traced(|| {
        let conn = sqlmint::postgres::Connection::connect(&url).expect("postgres");
        db::create_all(&conn).expect("tables");
        let visits: Vec<_> = (0..3).map(|_| db::NewVisit { page: "/".into() }).collect();
        assert_eq!(conn.copy_in(&visits).expect("copied"), 3);
        let home = queries::visits_of::new("/");
        let mut cursor = conn.fetch(&home).expect("a cursor");
        assert_eq!(cursor.rows().filter(Result::is_ok).count(), 3);
        cursor.rows().next().expect("a row").expect("a visit");
    });
    let copy = closed_spans(&log, "copy_in");
    assert_eq!(copy.len(), 1, "{log}");
    assert!(
        copy[0].contains("name=\"statement_spans::db::NewVisit\"")
            && copy[0].contains("db.system=\"postgresql\"")
            && copy[0].contains("rows=3"),
        "{}",
        copy[0]
    );
    let reads = closed_spans(&log, "fetch");
    assert_eq!(reads.len(), 2, "{log}");
    assert!(reads[0].contains("rows=3"), "{}", reads[0]);
    assert!(reads[1].contains("rows=1"), "{}", reads[1]);
}

#[test]
fn the_asynchronous_executors_trace_their_statements_too() {
    let url = sqlmint_test_support::database();
    let log = traced(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let conn = sqlmint::tokio_postgres::Connection::connect(&url)
                .await
                .expect("postgres");
            conn.execute_ddl(&db::CREATE_ALL).await.expect("tables");
            conn.execute(&db::NewVisit { page: "/".into() })
                .await
                .expect("a visit");
            let home = conn
                .fetch_all(&queries::visits_of::new("/"))
                .await
                .expect("visits");
            assert_eq!(home.len(), 1);

            let visits: Vec<_> = (0..3).map(|_| db::NewVisit { page: "/".into() }).collect();
            assert_eq!(conn.copy_in(&visits).await.expect("copied"), 3);
            let query = queries::visits_of::new("/");
            let all: Vec<_> = conn.fetch(&query).try_collect().await.expect("all");
            assert_eq!(all.len(), 4);
            // A stream dropped after its first row ends the read there.
            let mut rows = std::pin::pin!(conn.fetch(&query));
            rows.try_next().await.expect("a visit").expect("a row");
        });
    });
    let named = log
        .lines()
        .find(|line| line.contains("close") && line.contains("queries::visits_of"))
        .unwrap_or_else(|| panic!("no span in:\n{log}"));
    assert!(
        named.contains("db.system=\"postgresql\"") && named.contains("rows=1"),
        "{named}"
    );
    let copy = closed_spans(&log, "copy_in");
    assert_eq!(copy.len(), 1, "{log}");
    assert!(
        copy[0].contains("name=\"statement_spans::db::NewVisit\"") && copy[0].contains("rows=3"),
        "{}",
        copy[0]
    );
    let reads = closed_spans(&log, "fetch");
    assert_eq!(reads.len(), 2, "{log}");
    for (read, rows) in reads.iter().zip(["rows=4", "rows=1"]) {
        assert!(
            read.contains("name=\"statement_spans::queries::visits_of\"")
                && read.contains(rows)
                && read.contains("duration_ms="),
            "{rows} in {read}"
        );
    }
    // The statement's SQL, sent at the stream's first poll, is echoed inside its span.
    assert!(
        log.lines()
            .any(|line| line.contains("method=\"fetch\"}: ") && line.contains("sql=\"SELECT")),
        "{log}"
    );
}

#[test]
fn the_mariadb_executors_trace_lazy_reads() {
    let url = sqlmint_test_support::mysql::database();
    let log = traced(|| {
        let conn = sqlmint::mysql::Connection::connect(&url).expect("mariadb");
        db::create_all(&conn).expect("tables");
        conn.execute_many((0..3).map(|_| db::NewVisit { page: "/".into() }))
            .expect("visits");
        let home = queries::visits_of::new("/");
        let mut cursor = conn.fetch(&home).expect("a cursor");
        assert_eq!(cursor.rows().filter(Result::is_ok).count(), 3);
        cursor.rows().next().expect("a row").expect("a visit");
        drop(cursor);

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let mut conn = sqlmint::mysql_async::Connection::connect(&url)
                .await
                .expect("mariadb");
            let all: Vec<_> = conn.fetch(&home).try_collect().await.expect("all");
            assert_eq!(all.len(), 3);
            let mut rows = std::pin::pin!(conn.fetch(&home));
            rows.try_next().await.expect("a visit").expect("a row");
        });
    });
    let reads = closed_spans(&log, "fetch");
    assert_eq!(reads.len(), 4, "{log}");
    for (read, rows) in reads.iter().zip(["rows=3", "rows=1", "rows=3", "rows=1"]) {
        assert!(
            read.contains("db.system=\"mysql\"") && read.contains(rows),
            "{rows} in {read}"
        );
    }
}
