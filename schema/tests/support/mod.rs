//! Real databases for the harnesses: a fresh in-memory SQLite and a fresh database on the
//! PostgreSQL test server, each holding a schema's tables, and the two things the harnesses do
//! there (prepare a statement, read a query's rows as text).

// Each harness uses part of this module.
#![allow(dead_code)]

pub mod random;
pub mod repository;

/// One result row, each value as text (`NULL` for NULL), so rows of both databases compare.
pub type TextRow = Vec<String>;

/// A fresh in-memory SQLite database.
pub struct Sqlite(rusqlite::Connection);

impl Sqlite {
    /// An empty database with `ddl` run in it.
    pub fn with_tables(ddl: &str) -> Result<Sqlite, String> {
        let conn = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
        // As `sqlmint::sqlite::Connection` does: list parameters are read through `rarray`.
        rusqlite::vtab::array::load_module(&conn).map_err(|e| e.to_string())?;
        conn.execute_batch(ddl).map_err(|e| e.to_string())?;
        Ok(Sqlite(conn))
    }

    /// Runs statements that return no rows (seed data).
    pub fn batch(&self, sql: &str) -> Result<(), String> {
        self.0.execute_batch(sql).map_err(|e| e.to_string())
    }

    /// Prepares `sql` without running it: what catches a rendered syntax error.
    pub fn prepare(&self, sql: &str) -> Result<(), String> {
        self.0.prepare(sql).map(drop).map_err(|e| e.to_string())
    }

    /// Runs a query without parameters and reads every row as text.
    pub fn rows(&self, sql: &str) -> Result<Vec<TextRow>, String> {
        let mut statement = self.0.prepare(sql).map_err(|e| e.to_string())?;
        let width = statement.column_count();
        let mut rows = statement.query([]).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| e.to_string())? {
            let mut values = Vec::with_capacity(width);
            for index in 0..width {
                let value = row.get_ref(index).map_err(|e| e.to_string())?;
                values.push(match value {
                    rusqlite::types::ValueRef::Null => "NULL".to_owned(),
                    rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                    rusqlite::types::ValueRef::Real(r) => format!("{r}"),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
                });
            }
            out.push(values);
        }
        Ok(out)
    }
}

/// A fresh database on the PostgreSQL test server (`sqlmint_test_support::database`).
pub struct Postgres(postgres::Client);

impl Postgres {
    /// A new empty database with `ddl` run in it. Panics without a server: a PostgreSQL check
    /// must never pass without having run.
    pub fn with_tables(ddl: &str) -> Result<Postgres, String> {
        let url = sqlmint_test_support::database();
        let mut client = postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to the PostgreSQL test database {url}: {e}"));
        client.batch_execute(ddl).map_err(|e| message(&e))?;
        Ok(Postgres(client))
    }

    /// Runs statements that return no rows (seed data).
    pub fn batch(&mut self, sql: &str) -> Result<(), String> {
        self.0.batch_execute(sql).map_err(|e| message(&e))
    }

    /// Prepares `sql` without running it: what catches a rendered syntax error.
    pub fn prepare(&mut self, sql: &str) -> Result<(), String> {
        self.0.prepare(sql).map(drop).map_err(|e| message(&e))
    }

    /// Runs a query without parameters and reads every row as the server's text; booleans
    /// read as SQLite writes them (`1`/`0`).
    pub fn rows(&mut self, sql: &str) -> Result<Vec<TextRow>, String> {
        let messages = self.0.simple_query(sql).map_err(|e| message(&e))?;
        let mut out = Vec::new();
        for message in messages {
            if let postgres::SimpleQueryMessage::Row(row) = message {
                let values = (0..row.len())
                    .map(|index| match row.get(index) {
                        None => "NULL".to_owned(),
                        Some("t") => "1".to_owned(),
                        Some("f") => "0".to_owned(),
                        Some(text) => text.to_owned(),
                    })
                    .collect();
                out.push(values);
            }
        }
        Ok(out)
    }
}

/// The server's own message (and its position in the SQL), not the client's wrapper text.
fn message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => match db.position() {
            Some(postgres::error::ErrorPosition::Original(at)) => {
                format!("{} (at character {at})", db.message())
            }
            _ => db.message().to_owned(),
        },
        None => error.to_string(),
    }
}
