//! The first lines of every `tokio-postgres` test: a fresh database of the throwaway server,
//! connected, with a schema's tables created. Shared so each test file reads as the
//! application code it exercises.

use sqlmint::tokio_postgres::Connection;
use sqlmint::PerDialect;

/// A connection to a new, empty database with `tables` (a schema's `CREATE_ALL`) created.
///
/// `sqlmint_test_support::database` blocks (it starts or reuses the server through the
/// synchronous client), so it runs off the async runtime's threads.
pub async fn connect_with(tables: &PerDialect<&'static str>) -> Connection {
    let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .expect("a test database");
    let conn = Connection::connect(&url)
        .await
        .expect("connect to the test database");
    conn.execute_ddl(tables).await.expect("create the tables");
    conn
}
