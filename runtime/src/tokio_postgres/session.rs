//! What a connection and a transaction of the asynchronous executor both run statements
//! with: a client, the connection's statement cache, and (inside a transaction) where its
//! first failure is kept.

use crate::batch::{chunk_rows, Chunk, Chunks, Many};
use crate::copy_in;
use crate::error::Error;
use crate::pg::{params, read_row, read_rows, Param, Row, BIND_LIMIT};
use crate::query::{CopyIn, Postgres, SqlFor};
use crate::statement_cache::StatementCache;
use crate::trace::TARGET;
use crate::transaction::FailureSlot;
use crate::Result;
use ::tokio_postgres::{Client, Statement};
use bytes::Bytes;
use futures_util::stream::{self, FuturesOrdered, Stream, StreamExt, TryStreamExt};
use futures_util::SinkExt;

/// What both a connection and a transaction run statements with: the client (a
/// `tokio_postgres::Transaction` runs its statements on its connection's client) and the
/// connection's statement cache.
#[derive(Clone, Copy)]
pub(super) struct Session<'a> {
    pub(super) client: &'a Client,
    pub(super) prepared: &'a StatementCache<Statement>,
    /// Inside a transaction: where its first failure is kept, and the transaction's depth.
    pub(super) abort: Option<(&'a FailureSlot, u32)>,
}

impl<'a> Session<'a> {
    pub(super) async fn execute_batch(self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, params = 0usize, "execute_batch");
        self.guarded(async { Ok(self.client.batch_execute(sql).await?) })
            .await
    }

    pub(super) async fn execute<Q: SqlFor<Postgres>>(self, query: &Q) -> Result<u64> {
        let params = params(query)?;
        self.execute_params(query.sql(), Q::COLUMNS, &params).await
    }

    /// [`Session::execute`], not generic over the statement.
    async fn execute_params(
        self,
        sql: &'static str,
        columns: usize,
        params: &[Param<'_>],
    ) -> Result<u64> {
        self.run_prepared(sql, columns, "execute", |statement| async move {
            self.client.execute_raw(&statement, params.iter()).await
        })
        .await
    }

    pub(super) async fn fetch_all<Q: SqlFor<Postgres>>(self, query: &Q) -> Result<Vec<Q::Row>> {
        let params = params(query)?;
        let rows = self.query_rows(query.sql(), Q::COLUMNS, &params).await?;
        read_rows::<Q>(&rows)
    }

    /// The rows of `sql` run with `params`; not generic over the statement.
    async fn query_rows(
        self,
        sql: &'static str,
        columns: usize,
        params: &[Param<'_>],
    ) -> Result<Vec<Row>> {
        self.run_prepared(sql, columns, "fetch_all", |statement| async move {
            self.client
                .query_raw(&statement, params.iter())
                .await?
                .try_collect::<Vec<_>>()
                .await
        })
        .await
    }

    /// The first row only; the rest are discarded as they arrive, as on SQLite. A write's
    /// failure is not lost that way: PostgreSQL runs an `INSERT`, `UPDATE` or `DELETE` with
    /// `RETURNING` (and a `WITH` that writes) to completion before it sends the first row.
    pub(super) async fn fetch_optional<Q: SqlFor<Postgres>>(
        self,
        query: &Q,
    ) -> Result<Option<Q::Row>> {
        let params = params(query)?;
        let row = self.first_row(query.sql(), Q::COLUMNS, &params).await?;
        row.as_ref().map(read_row::<Q>).transpose()
    }

    /// The first row of `sql` run with `params`; not generic over the statement.
    async fn first_row(
        self,
        sql: &'static str,
        columns: usize,
        params: &[Param<'_>],
    ) -> Result<Option<Row>> {
        self.run_prepared(sql, columns, "fetch_optional", |statement| async move {
            let rows = self.client.query_raw(&statement, params.iter()).await?;
            let mut rows = std::pin::pin!(rows);
            rows.try_next().await
        })
        .await
    }

    pub(super) fn fetch<Q: SqlFor<Postgres>>(
        self,
        query: &'a Q,
    ) -> impl Stream<Item = Result<Q::Row>> + 'a {
        stream::once(async move {
            let params = params(query)?;
            let rows = self
                .run_prepared(query.sql(), Q::COLUMNS, "fetch", |statement| {
                    let params = &params;
                    async move { self.client.query_raw(&statement, params.iter()).await }
                })
                .await?;
            Ok::<_, Error>(rows.map(move |row| {
                let row = row.map_err(Error::from);
                if let (Some((slot, depth)), Err(error)) = (self.abort, &row) {
                    if aborts(error) {
                        slot.record(depth, error);
                    }
                }
                read_row::<Q>(&row?)
            }))
        })
        .try_flatten()
    }

    /// Streams `rows` to the server with one `COPY ... FROM STDIN`.
    pub(super) async fn copy_in<Q, I>(self, rows: I) -> Result<u64>
    where
        Q: CopyIn,
        I: IntoIterator<Item = Q>,
    {
        tracing::debug!(target: TARGET, sql = Q::COPY, "copy_in");
        self.guarded(async {
            let sink = self.client.copy_in::<_, Bytes>(Q::COPY).await?;
            // Dropped before `finish` (an error below), the sink aborts the COPY.
            let mut sink = std::pin::pin!(sink);
            let mut data = Vec::with_capacity(copy_in::SEND_AT);
            for row in rows {
                copy_in::write_row(&row, &mut data)?;
                if data.len() >= copy_in::SEND_AT {
                    sink.as_mut()
                        .send(Bytes::from(std::mem::take(&mut data)))
                        .await?;
                    data.reserve(copy_in::SEND_AT);
                }
            }
            sink.as_mut().send(Bytes::from(data)).await?;
            Ok(sink.finish().await?)
        })
        .await
    }

    /// What `execute_many` and `fetch_many` run inside their transaction: the items of an
    /// `INSERT ... VALUES` as a few statements of many rows (see [`crate::batch`]), those of
    /// any other statement pipelined, [`PIPELINE_DEPTH`] in flight on the connection at a
    /// time, so the round trips overlap. The summed rowcount, and with `read_rows` the rows
    /// of every item in item order.
    pub(super) async fn run_many<Q, I>(self, items: I, read_rows: bool) -> Result<Many<Q::Row>>
    where
        Q: SqlFor<Postgres>,
        I: Iterator<Item = Q>,
    {
        let mut many = Many::default();
        if let Some(template) = Q::BATCH {
            let mut chunks = Chunks::new(chunk_rows(template.params, BIND_LIMIT));
            for item in items {
                if chunks.push(item) {
                    let chunk = Chunk::new(chunks.rows(), template);
                    many.add(self.run_one(&chunk, read_rows).await?);
                    chunks.clear();
                }
            }
            for rows in chunks.leftovers() {
                many.add(self.run_one(&Chunk::new(rows, template), read_rows).await?);
            }
            return Ok(many);
        }
        let mut items = items.peekable();
        // Prepared before the pipeline, which would otherwise prepare it once per item in
        // flight.
        if let Some(first) = items.peek() {
            self.guarded(self.prepare(first.sql(), Q::COLUMNS, "execute_many"))
                .await?;
        }
        // In order: the first error is the first failing item's, and ends the loop (and
        // the transaction, which the caller rolls back).
        let mut in_flight = FuturesOrdered::new();
        for item in items {
            in_flight.push_back(self.run_owned(item, read_rows));
            if in_flight.len() == PIPELINE_DEPTH {
                if let Some(output) = in_flight.next().await {
                    many.add(output?);
                }
            }
        }
        while let Some(output) = in_flight.next().await {
            many.add(output?);
        }
        Ok(many)
    }

    /// [`Session::run_one`] of an item it owns: a future of its own, for the pipeline
    /// (a closure making it would not be `Send` for every lifetime).
    async fn run_owned<Q: SqlFor<Postgres>>(
        self,
        query: Q,
        read_rows: bool,
    ) -> Result<(u64, Vec<Q::Row>)> {
        self.run_one(&query, read_rows).await
    }

    async fn run_one<Q: SqlFor<Postgres>>(
        self,
        query: &Q,
        read_rows: bool,
    ) -> Result<(u64, Vec<Q::Row>)> {
        if read_rows {
            Ok((0, self.fetch_all(query).await?))
        } else {
            Ok((self.execute(query).await?, Vec::new()))
        }
    }

    /// Runs one statement: refused inside a transaction the server has aborted, and its
    /// failure kept when it aborts the transaction.
    pub(super) async fn guarded<T>(
        self,
        run: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        let Some((slot, depth)) = self.abort else {
            return run.await;
        };
        if let Some(failure) = slot.from(1) {
            return Err(failure.aborted());
        }
        let result = run.await;
        if let Err(error) = &result {
            if aborts(error) {
                slot.record(depth, error);
            }
        }
        result
    }

    /// Runs the prepared statement of `sql` through `run`; a stale one (see
    /// `crate::pg::is_stale_statement`) is evicted, and outside a transaction prepared again
    /// and run once more.
    pub(super) async fn run_prepared<T, Fut>(
        self,
        sql: &'static str,
        columns: usize,
        method: &'static str,
        run: impl Fn(Statement) -> Fut,
    ) -> Result<T>
    where
        Fut: std::future::Future<Output = Result<T, ::tokio_postgres::Error>>,
    {
        self.guarded(async {
            let statement = self.prepare(sql, columns, method).await?;
            match run(statement).await {
                Err(error) if crate::pg::is_stale_statement(&error) => {
                    self.prepared.remove(sql);
                    if self.abort.is_some() {
                        return Err(error.into());
                    }
                    tracing::debug!(target: TARGET, sql, %error, "preparing a stale statement again");
                    let statement = self.prepare(sql, columns, method).await?;
                    match run(statement).await {
                        // A transaction begun with SQL: the first error says why.
                        Err(e) if e.code().map(|c| c.code()) == Some("25P02") => {
                            Err(error.into())
                        }
                        other => Ok(other?),
                    }
                }
                other => Ok(other?),
            }
        })
        .await
    }

    /// The prepared statement of `sql`, one of `Q`'s, preparing it on first use, when its
    /// column count is checked against `Q`'s row type.
    pub(super) async fn prepare(
        self,
        sql: &'static str,
        columns: usize,
        method: &'static str,
    ) -> Result<Statement> {
        tracing::debug!(target: TARGET, sql, method);
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement);
        }
        let statement = self.client.prepare(sql).await?;
        crate::query::check_column_count(sql, columns, statement.columns().len())?;
        self.prepared.insert(sql, statement.clone());
        Ok(statement)
    }
}

/// How many statements `execute_many` keeps in flight on the connection when it cannot merge
/// its items into one: enough to hide a round trip behind the items after it, few enough that
/// a failing item wastes little work after it.
pub(super) const PIPELINE_DEPTH: usize = 64;

/// Whether an error met inside a transaction aborted it: any error the server reports does
/// (back to the innermost savepoint); one found before sending does not.
pub(super) fn aborts(error: &Error) -> bool {
    matches!(error, Error::Postgres(e) if e.as_db_error().is_some())
}
