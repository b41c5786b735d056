//! The PostgreSQL drivers are nameable through `sqlmint` at the versions it links, so a
//! caller wraps a driver connection it opened itself without depending on the driver crate.

#[test]
fn the_postgres_drivers_are_nameable() {
    fn wraps(client: sqlmint::postgres::driver::Client) -> sqlmint::postgres::Connection {
        sqlmint::postgres::Connection::from_driver(client)
    }
    fn wraps_async(
        client: sqlmint::tokio_postgres::driver::Client,
    ) -> sqlmint::tokio_postgres::Connection {
        sqlmint::tokio_postgres::Connection::from_driver(client)
    }
    let url = sqlmint_test_support::database();
    let client =
        sqlmint::postgres::driver::Client::connect(&url, sqlmint::postgres::driver::NoTls).unwrap();
    let conn = wraps(client);
    conn.execute_batch("SELECT 1").unwrap();
    let _ = wraps_async;
}
