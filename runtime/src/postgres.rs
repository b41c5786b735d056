//! The synchronous PostgreSQL executor, over the `postgres` crate: the same statements as on
//! SQLite, with their PostgreSQL SQL, prepared once per connection.

use crate::error::Error;
use crate::pg::{as_refs, params, read_row};
use crate::query::{Postgres, SqlFor};
use crate::Result;
use ::postgres::fallible_iterator::FallibleIterator;
use ::postgres::{Client, NoTls, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Deref;

const TARGET: &str = "sqlmint::sql";

/// A connection to a PostgreSQL server.
///
/// Statements are prepared on first use and kept, keyed by their SQL, for the life of the
/// connection. Methods take `&self`, as on SQLite; the connection is not `Sync`.
pub struct Connection {
    client: RefCell<Client>,
    prepared: RefCell<HashMap<&'static str, Statement>>,
    depth: Cell<u32>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("prepared", &self.prepared.borrow().len())
            .field("depth", &self.depth.get())
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// Connects without TLS, e.g. to `postgres://user:password@localhost:5432/db`.
    pub fn connect(url: &str) -> Result<Self> {
        Ok(Self::from_client(Client::connect(url, NoTls)?))
    }

    /// Wraps a client connected by the caller, for TLS (`postgres-native-tls`,
    /// `postgres-openssl`, `tokio-postgres-rustls`) or a pooled connection's client.
    pub fn from_client(client: Client) -> Self {
        Connection {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
        }
    }

    /// The client back, for what sqlmint does not cover.
    pub fn into_client(self) -> Client {
        self.client.into_inner()
    }

    /// Runs `;`-separated statements without parameters (DDL).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, params = 0usize, "execute_batch");
        self.client_mut()?.batch_execute(sql)?;
        Ok(())
    }

    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    pub fn execute<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<u64> {
        let statement = self.prepare::<Q>("execute")?;
        let params = params(query)?;
        Ok(self.client_mut()?.execute(&statement, &as_refs(&params))?)
    }

    /// Runs one prepared statement once per item, in one transaction (a savepoint inside
    /// another), and returns the summed rowcount; a failing item rolls back them all.
    pub fn execute_many<Q: SqlFor<Postgres>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<u64> {
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() {
            return Ok(0);
        }
        self.transaction(|tx| {
            let statement = tx.prepare::<Q>("execute_many")?;
            let mut total = 0;
            for item in items {
                let params = params(&item)?;
                total += tx.client_mut()?.execute(&statement, &as_refs(&params))?;
            }
            Ok(total)
        })
    }

    /// Runs a query and reads every row.
    pub fn fetch_all<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        let statement = self.prepare::<Q>("fetch_all")?;
        let params = params(query)?;
        let rows = self.client_mut()?.query(&statement, &as_refs(&params))?;
        rows.iter().map(read_row::<Q::Row>).collect()
    }

    /// Runs a query and reads its first row: [`Error::RowNotFound`] when there is none.
    pub fn fetch_one<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Q::Row> {
        self.fetch_optional(query)?.ok_or(Error::RowNotFound)
    }

    /// Runs a query and reads its first row, if any.
    pub fn fetch_optional<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Option<Q::Row>> {
        let statement = self.prepare::<Q>("fetch_optional")?;
        let params = params(query)?;
        // The first row, as on SQLite: `query_opt` would fail on a second one.
        let mut client = self.client_mut()?;
        let mut rows = client.query_raw(&statement, as_refs(&params))?;
        let row = rows.next()?;
        row.as_ref().map(read_row::<Q::Row>).transpose()
    }

    /// Runs `f` in a transaction: committed when it returns `Ok`, rolled back when it returns
    /// `Err` or panics. Nested calls use savepoints.
    pub fn transaction<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E>,
        E: From<Error>,
    {
        crate::transaction::run(self, &Transaction { conn: self }, f)
    }

    fn client_mut(&self) -> Result<std::cell::RefMut<'_, Client>> {
        self.client.try_borrow_mut().map_err(|_| {
            Error::Usage("the connection is already in use by another statement".to_owned())
        })
    }

    /// `Q`'s prepared statement, preparing it on first use.
    fn prepare<Q: SqlFor<Postgres>>(&self, method: &'static str) -> Result<Statement> {
        tracing::debug!(target: TARGET, sql = Q::SQL, method);
        if let Some(statement) = self.prepared.borrow().get(Q::SQL) {
            return Ok(statement.clone());
        }
        let statement = self.client_mut()?.prepare(Q::SQL)?;
        self.prepared.borrow_mut().insert(Q::SQL, statement.clone());
        Ok(statement)
    }
}

/// The connection inside [`Connection::transaction`]; everything a connection does, it does
/// within the transaction.
pub struct Transaction<'c> {
    conn: &'c Connection,
}

impl Deref for Transaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl crate::transaction::TransactionControl for Connection {
    fn control(&self, sql: &str) -> Result<()> {
        self.client_mut()?.batch_execute(sql)?;
        Ok(())
    }

    fn depth(&self) -> &Cell<u32> {
        &self.depth
    }

    fn in_transaction(&self) -> bool {
        self.depth.get() > 0
    }
}

crate::schema::delegate_executor!(Postgres => Connection, Transaction<'_>);

impl crate::verify::Inspect for Connection {
    type Dialect = Postgres;

    fn live_tables(&self) -> Result<Vec<crate::verify::LiveTable>> {
        let mut client = self.client_mut()?;
        let columns = client.query(
            "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
             WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() \
             ORDER BY c.relname, a.attnum",
            &[],
        )?;
        let keys = client.query(
            "SELECT c.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(num, ord) \
                          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.ord), \
                    f.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(num, ord) \
                          JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.ord) \
             FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid \
             JOIN pg_namespace n ON n.oid = k.connamespace \
             WHERE k.contype = 'f' AND n.nspname = current_schema() ORDER BY k.conname",
            &[],
        )?;
        let mut tables: Vec<crate::verify::LiveTable> = Vec::new();
        for row in &columns {
            let table: String = row.try_get(0)?;
            let column = crate::verify::LiveColumn {
                name: row.try_get(1)?,
                catalog_type: row.try_get(2)?,
                nullable: row.try_get(3)?,
            };
            match tables.last_mut() {
                Some(last) if last.name == table => last.columns.push(column),
                _ => tables.push(crate::verify::LiveTable {
                    name: table,
                    columns: vec![column],
                    foreign_keys: Vec::new(),
                }),
            }
        }
        for row in &keys {
            let table: String = row.try_get(0)?;
            let key = crate::verify::LiveForeignKey {
                columns: row.try_get(1)?,
                table: row.try_get(2)?,
                references: row.try_get(3)?,
            };
            if let Some(owner) = tables.iter_mut().find(|t| t.name == table) {
                owner.foreign_keys.push(key);
            }
        }
        Ok(tables)
    }
}
