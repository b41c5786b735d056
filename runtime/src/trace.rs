//! What sqlmint tells `tracing` about the statements it runs: every event under one target
//! (`sqlmint::sql`), a span per statement with its name, backend, rows and duration, and a
//! warning for a statement slower than a threshold the application sets.
//!
//! Each statement run through `execute`, `fetch_all`, `fetch_one`, `fetch_optional`,
//! `execute_many` or `fetch_many` runs inside a span named `sql` at `DEBUG` level, with the
//! fields:
//!
//! | field | what it holds |
//! | --- | --- |
//! | `name` | a named statement's path (`app::queries::posts_by`), an inline `query!`'s place (`src/lib.rs:42`), empty for a hand-written one |
//! | `db.system` | `sqlite`, `postgresql` or `mysql` |
//! | `method` | the method that ran it |
//! | `rows` | the rows it changed or read, recorded when it ends |
//! | `duration_ms` | how long it took, recorded when it ends |
//!
//! The SQL itself is the `sql` field of the `DEBUG` event inside the span. A statement that
//! takes [`slow_statement_threshold`] or longer is also logged at `WARN`, with its name, SQL
//! and duration, whatever the span's level:
//!
//! ```
//! // Statements of half a second or more are warnings.
//! sqlmint_runtime::trace::set_slow_statement_threshold(Some(std::time::Duration::from_millis(500)));
//! ```
//!
//! A subscriber shows them with `tracing_subscriber::fmt().with_env_filter("sqlmint::sql=debug")`
//! (spans closing with `.with_span_events(FmtSpan::CLOSE)`); `sqlmint::sql=warn` keeps only the
//! slow statements.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The `tracing` target of the events that echo SQL and transaction control.
pub(crate) const TARGET: &str = "sqlmint::sql";

/// The threshold in nanoseconds; `u64::MAX` is none.
static SLOW_NANOS: AtomicU64 = AtomicU64::new(u64::MAX);

/// Logs every statement that takes `threshold` or longer at `WARN` (target `sqlmint::sql`),
/// for the whole process; `None`, the default, logs none.
pub fn set_slow_statement_threshold(threshold: Option<Duration>) {
    let nanos = threshold.map_or(u64::MAX, |t| {
        u64::try_from(t.as_nanos()).unwrap_or(u64::MAX)
    });
    SLOW_NANOS.store(nanos, Ordering::Relaxed);
}

/// The threshold [`set_slow_statement_threshold`] set, if any.
pub fn slow_statement_threshold() -> Option<Duration> {
    match SLOW_NANOS.load(Ordering::Relaxed) {
        u64::MAX => None,
        nanos => Some(Duration::from_nanos(nanos)),
    }
}

/// One statement's span and clock: made before it runs, finished with its outcome.
pub(crate) struct Traced {
    span: tracing::Span,
    /// Only read when someone listens: the span is enabled or a threshold is set.
    started: Option<Instant>,
    name: &'static str,
    sql: &'static str,
}

impl Traced {
    /// The span of a statement of `backend`, `name` and `sql` run by `method`.
    pub(crate) fn new(
        backend: &'static str,
        name: &'static str,
        sql: &'static str,
        method: &'static str,
    ) -> Self {
        let threshold = SLOW_NANOS.load(Ordering::Relaxed) != u64::MAX;
        // Nobody listens at DEBUG and no threshold is set: no span at all. `debug_span!`
        // would still, with tracing's `log` feature on (sqlx turns it on) and no subscriber
        // set, offer the span to the `log` crate: ~270 instructions per statement, a tenth of
        // a one-row query.
        if !threshold && !tracing::level_enabled!(tracing::Level::DEBUG) {
            return Traced {
                span: tracing::Span::none(),
                started: None,
                name,
                sql,
            };
        }
        let span = tracing::debug_span!(
            target: TARGET,
            "sql",
            name,
            db.system = backend,
            method,
            rows = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let listened = !span.is_disabled() || threshold;
        Traced {
            span,
            started: listened.then(Instant::now),
            name,
            sql,
        }
    }

    /// Runs a synchronous statement inside the span, and records how it went.
    pub(crate) fn run<T>(
        self,
        rows: impl FnOnce(&T) -> u64,
        run: impl FnOnce() -> crate::Result<T>,
    ) -> crate::Result<T> {
        let result = self.span.in_scope(run);
        self.finish(result.as_ref().ok().map(rows));
        result
    }

    /// Runs an asynchronous statement inside the span, and records how it went.
    #[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
    pub(crate) async fn run_async<T>(
        self,
        rows: impl FnOnce(&T) -> u64,
        run: impl std::future::Future<Output = crate::Result<T>>,
    ) -> crate::Result<T> {
        use tracing::Instrument;
        let result = run.instrument(self.span.clone()).await;
        self.finish(result.as_ref().ok().map(rows));
        result
    }

    fn finish(&self, rows: Option<u64>) {
        let Some(started) = self.started else {
            return;
        };
        let elapsed = started.elapsed();
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        if let Some(rows) = rows {
            self.span.record("rows", rows);
        }
        self.span.record("duration_ms", duration_ms);
        let slow = SLOW_NANOS.load(Ordering::Relaxed);
        if u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX) >= slow {
            tracing::warn!(
                target: TARGET,
                name = self.name,
                sql = self.sql,
                duration_ms,
                "slow statement"
            );
        }
    }
}

/// How many rows a statement that returns a count changed.
pub(crate) fn count(n: &u64) -> u64 {
    *n
}

/// How many rows a statement read (of the `Vec` a fetch returns, hence not a slice).
#[allow(clippy::ptr_arg)]
pub(crate) fn len<R>(rows: &Vec<R>) -> u64 {
    rows.len() as u64
}

/// How many rows a statement that reads one at most read.
pub(crate) fn one<R>(row: &Option<R>) -> u64 {
    u64::from(row.is_some())
}

/// The method a statement that reads rows is echoed under: `fetch_optional` when it reads the
/// first row only (`fetch_one` too), `fetch_all` otherwise.
#[cfg(any(feature = "postgres", feature = "mysql", feature = "mysql-async"))]
pub(crate) fn read_method(first_only: bool) -> &'static str {
    if first_only {
        "fetch_optional"
    } else {
        "fetch_all"
    }
}
