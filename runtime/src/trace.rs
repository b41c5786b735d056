//! What sqlmint tells `tracing` about the statements it runs: every event under one target
//! (`sqlmint::sql`), a span per statement with its name, backend, rows and duration, and a
//! warning for a statement slower than a threshold the application sets.
//!
//! Each statement run through `execute`, `fetch_all`, `fetch_one`, `fetch_optional`,
//! `execute_many`, `fetch_many`, `fetch` or `copy_in` runs inside a span named `sql` at `DEBUG`
//! level, with the fields:
//!
//! | field | what it holds |
//! | --- | --- |
//! | `name` | a named statement's path (`app::queries::posts_by`), an inline `query!`'s place (`src/lib.rs:42`), a table's insert (`app::db::NewPost`), empty for a hand-written one |
//! | `db.system` | `sqlite`, `postgresql` or `mysql` |
//! | `method` | the method that ran it: `execute`, `fetch_all`, `fetch_one`, `fetch_optional`, `execute_many`, `fetch_many`, `fetch` or `copy_in` |
//! | `rows` | the rows it changed, read or copied, recorded when it ends |
//! | `duration_ms` | how long it took, recorded when it ends |
//!
//! A lazy read (`fetch`: a cursor's `rows()`, or an asynchronous executor's stream) is a span
//! of its own each time its statement runs. The span is entered while each row is read, so the
//! SQL's event and the read's errors are inside it, and ends when the rows run out, at the
//! first error, or when the rows are dropped before either; `rows` is then the rows it yielded.
//! Its duration runs from its first row request (the call to `rows()`, the stream's first
//! poll) to that end, the caller's time between rows included: it is how long the read held
//! its statement open, not how long the database worked. The slow-statement check runs once,
//! at that end.
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

    /// Records `rows` (when known) and the duration, and warns of a slow statement.
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

/// A lazy read's span and clock (`fetch`): begun at its first row request, entered while each
/// row is read, ended once, when its rows run out, at its first error, or when it is dropped
/// before either (a caller who stopped reading early).
///
/// Its duration therefore includes the caller's time between rows: the span measures how long
/// the statement held its connection, not the server's work alone.
pub(crate) struct LazyRead {
    backend: &'static str,
    name: &'static str,
    sql: &'static str,
    /// `None` until the first row request: a stream never polled is no statement.
    traced: Option<Traced>,
    rows: u64,
    ended: bool,
}

impl LazyRead {
    /// The read of a statement of `backend`, `name` and `sql`, not begun yet.
    pub(crate) fn new(backend: &'static str, name: &'static str, sql: &'static str) -> Self {
        LazyRead {
            backend,
            name,
            sql,
            traced: None,
            rows: 0,
            ended: false,
        }
    }

    /// Runs `request` inside the span, begun (and its clock started) on the first request.
    pub(crate) fn in_scope<T>(&mut self, request: impl FnOnce() -> T) -> T {
        let traced = self
            .traced
            .get_or_insert_with(|| Traced::new(self.backend, self.name, self.sql, "fetch"));
        traced.span.in_scope(request)
    }

    /// Reads the next row inside the span: a row is counted, the end of the rows or an error
    /// ends the read.
    pub(crate) fn next<T>(
        &mut self,
        read: impl FnOnce() -> Option<crate::Result<T>>,
    ) -> Option<crate::Result<T>> {
        let item = self.in_scope(read);
        self.saw(item.as_ref());
        item
    }

    /// [`LazyRead::next`] for a stream's poll.
    #[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
    pub(crate) fn poll_next<T>(
        &mut self,
        poll: impl FnOnce() -> std::task::Poll<Option<crate::Result<T>>>,
    ) -> std::task::Poll<Option<crate::Result<T>>> {
        let poll = self.in_scope(poll);
        if let std::task::Poll::Ready(item) = &poll {
            self.saw(item.as_ref());
        }
        poll
    }

    fn saw<T>(&mut self, item: Option<&crate::Result<T>>) {
        match item {
            Some(Ok(_)) if !self.ended => self.rows += 1,
            Some(Ok(_)) => {}
            Some(Err(_)) | None => self.end(),
        }
    }

    /// Records the rows read so far and the duration, once.
    fn end(&mut self) {
        if self.ended {
            return;
        }
        if let Some(traced) = &self.traced {
            self.ended = true;
            traced.finish(Some(self.rows));
        }
    }
}

impl Drop for LazyRead {
    fn drop(&mut self) {
        self.end();
    }
}

/// The rows of an asynchronous `fetch`, each polled inside the read's span (see [`LazyRead`]).
///
/// The stream is boxed so that it can be polled without projecting a pin: one allocation per
/// read, next to the round trips it makes.
#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
pub(crate) struct TracedRows<S> {
    rows: std::pin::Pin<Box<S>>,
    read: LazyRead,
}

#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
impl<S> TracedRows<S> {
    /// `rows`, read by `fetch` as a statement of `backend`, `name` and `sql`.
    pub(crate) fn new(
        backend: &'static str,
        name: &'static str,
        sql: &'static str,
        rows: S,
    ) -> Self {
        TracedRows {
            rows: Box::pin(rows),
            read: LazyRead::new(backend, name, sql),
        }
    }
}

#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
impl<S, T> futures_util::stream::Stream for TracedRows<S>
where
    S: futures_util::stream::Stream<Item = crate::Result<T>>,
{
    type Item = crate::Result<T>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<crate::Result<T>>> {
        let this = self.get_mut();
        let rows = &mut this.rows;
        this.read.poll_next(|| rows.as_mut().poll_next(cx))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.rows.size_hint()
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
