//! What an application's `tracing` subscriber sees of its statements: a span per statement
//! with the statement's name (a named statement's path, an inline `query!`'s file and line),
//! the backend, the rows and the duration; and a WARN for one slower than the threshold.

use std::sync::{Arc, Mutex};

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

#[test]
fn each_statement_is_a_span_with_its_name_backend_rows_and_duration() {
    let log = traced(|| {
        let conn = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
        db::create_all(&conn).expect("tables");
        conn.execute_many([
            db::NewVisit { page: "/".into() },
            db::NewVisit { page: "/".into() },
        ])
        .expect("visits");
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
        let conn = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
        db::create_all(&conn).expect("tables");
        conn.fetch_all(&queries::visits_of::new("/")).expect("none");
    });
    // An application listening at WARN only sees the slow statements, and nothing else.
    let quiet = traced_at(tracing::Level::WARN, || {
        let conn = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
        db::create_all(&conn).expect("tables");
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
}
