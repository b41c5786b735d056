//! What a connection and a transaction of the asynchronous MySQL executor both run
//! statements through: the connection's lock, the rollback a dropped transaction left, and
//! (inside a transaction) the deadlock that ends it.

use super::{read_rows, run_all, Connection};
use crate::batch::Many;
use crate::error::Error;
use crate::my::values::params;
use crate::my::{BIND_LIMIT, DEADLOCK, LAST_INSERT_ID};
use crate::query::{MySql, SqlFor};
use crate::trace::TARGET;
use crate::Result;
use ::mysql_async::prelude::Queryable;
use ::mysql_async::{Conn, Params, Row};
use futures_util::stream::StreamExt;

/// What a [`Connection`] or a [`Transaction`] runs its statements through: the connection,
/// and the depth of the transaction they run in (0 outside one).
#[derive(Clone, Copy)]
pub(super) struct Session<'a> {
    pub(super) conn: &'a Connection,
    pub(super) depth: u32,
}

impl<'a> Session<'a> {
    /// The driver's connection, for one statement, after the rollback a dropped transaction
    /// left behind has run.
    pub(super) async fn lock(self) -> Result<tokio::sync::MutexGuard<'a, Conn>> {
        let mut conn = self.conn.conn.lock().await;
        let pending = self.conn.pending().take();
        if let Some(rollback) = pending {
            tracing::debug!(target: TARGET, sql = %rollback, "transaction dropped");
            run_all(&mut conn, &rollback).await?;
        }
        Ok(conn)
    }

    /// Runs `sql` as transaction control (`START TRANSACTION`, `SAVEPOINT`, `COMMIT`).
    pub(super) async fn control(self, sql: &str) -> Result<()> {
        self.guarded(self.unguarded_control(sql)).await
    }

    /// [`Session::control`] run even in a transaction a deadlock rolled back.
    pub(super) async fn unguarded_control(self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, "transaction");
        run_all(&mut *self.lock().await?, sql).await
    }

    pub(super) async fn execute_batch(self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, params = 0usize, "execute_batch");
        self.guarded(async { run_all(&mut *self.lock().await?, sql).await })
            .await
    }

    pub(super) async fn execute_params(
        self,
        sql: &'static str,
        params: Params,
        method: &'static str,
    ) -> Result<u64> {
        tracing::debug!(target: TARGET, sql, method);
        self.guarded(async {
            let mut conn = self.lock().await?;
            conn.exec_drop(sql, params).await?;
            Ok(conn.affected_rows())
        })
        .await
    }

    pub(super) async fn last_insert_id(self) -> Result<u64> {
        tracing::debug!(target: TARGET, sql = LAST_INSERT_ID, method = "last_insert_id");
        self.guarded(async {
            let id: Option<u64> = self.lock().await?.query_first(LAST_INSERT_ID).await?;
            Ok(id.unwrap_or(0))
        })
        .await
    }

    /// The rows of `sql` run with `params`, or with `first_only` its first row at most (the
    /// rest are read and dropped); not generic over the statement.
    pub(super) async fn query_rows(
        self,
        sql: &'static str,
        columns: usize,
        params: Params,
        first_only: bool,
    ) -> Result<Vec<Row>> {
        let method = crate::trace::read_method(first_only);
        tracing::debug!(target: TARGET, sql, method);
        self.guarded(async {
            let mut conn = self.lock().await?;
            let mut result = conn.exec_iter(sql, params).await?;
            crate::query::check_column_count(sql, columns, result.columns_ref().len())?;
            let mut rows = Vec::new();
            let mut stream = result.stream::<Row>().await?;
            if let Some(stream) = stream.as_mut() {
                while let Some(row) = stream.next().await {
                    let row = row?;
                    if !first_only || rows.is_empty() {
                        rows.push(row);
                    }
                }
            }
            drop(stream);
            result.drop_result().await?;
            Ok(rows)
        })
        .await
    }

    /// What `execute_many` and `fetch_many` run inside their transaction: the items of an
    /// `INSERT ... VALUES` as a few statements of many rows (see [`crate::batch`]), those of
    /// any other statement one after another. The summed rowcount, and with `read_rows` the
    /// rows of every item in item order.
    pub(super) async fn run_many<Q, I>(self, items: I, read_rows: bool) -> Result<Many<Q::Row>>
    where
        Q: SqlFor<MySql>,
        I: Iterator<Item = Q>,
    {
        use crate::batch::{chunk_rows, Chunk, Chunks};
        let mut many = Many::default();
        let Some(template) = Q::BATCH else {
            for item in items {
                many.add(self.run_one(&item, read_rows).await?);
            }
            return Ok(many);
        };
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
        Ok(many)
    }

    pub(super) async fn run_one<Q: SqlFor<MySql>>(
        self,
        query: &Q,
        read_rows: bool,
    ) -> Result<(u64, Vec<Q::Row>)> {
        let params = params(query, query.placeholder_slots())?;
        if read_rows {
            let rows = self
                .query_rows(query.sql(), Q::COLUMNS, params, false)
                .await?;
            Ok((0, self::read_rows::<Q>(&rows)?))
        } else {
            let count = self
                .execute_params(query.sql(), params, "execute_many")
                .await?;
            Ok((count, Vec::new()))
        }
    }

    /// Runs one statement: refused inside a transaction the server has rolled back, and its
    /// failure kept when it rolls one back (a deadlock; other errors roll back their
    /// statement only).
    pub(super) async fn guarded<T>(
        self,
        run: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        if self.depth == 0 {
            return run.await;
        }
        let slot = &self.conn.failure;
        if let Some(failure) = slot.from(1) {
            return Err(failure.aborted());
        }
        let result = run.await;
        if let Err(error) = &result {
            if aborts(error) {
                // The whole transaction is gone, savepoints and all.
                slot.record(1, error);
            }
        }
        result
    }
}

/// Whether an error rolled back the whole transaction it happened in.
pub(super) fn aborts(error: &Error) -> bool {
    error.mysql_code() == Some(DEADLOCK)
}
