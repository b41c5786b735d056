//! The executor scenarios of `tests/scenarios/`, run on each executor: SQLite, the
//! synchronous PostgreSQL executor and the asynchronous one, and both MariaDB executors (each
//! server the throwaway one of `sqlmint-test-support`).

mod scenarios;
mod tutorial_schema;

mod sqlite {
    use crate::scenarios::{self, db};
    use sqlmint::Error;

    type Conn = sqlmint::sqlite::Connection;

    fn connect() -> Conn {
        let conn = Conn::open_in_memory().expect("in-memory database");
        db::create_all(&conn).expect("create tables");
        conn
    }

    fn unique_violation(error: &Error) -> bool {
        error.sqlite_code() == Some(2067) // SQLITE_CONSTRAINT_UNIQUE
    }

    scenarios::every_executor!(test = test, async = [], await = []);

    #[test]
    fn closure_transactions() {
        scenarios::closure_transactions(&seeded());
    }
}

mod postgres {
    use crate::scenarios::{self, db};
    use sqlmint::Error;

    type Conn = sqlmint::postgres::Connection;

    fn connect() -> Conn {
        let conn = Conn::connect(&sqlmint_test_support::database()).expect("connect");
        db::create_all(&conn).expect("create tables");
        conn
    }

    fn unique_violation(error: &Error) -> bool {
        error.postgres_code() == Some("23505") && error.to_string().contains("duplicate key")
    }

    scenarios::every_executor!(test = test, async = [], await = []);
    scenarios::every_postgres_executor!(test = test, async = [], await = []);

    #[test]
    fn closure_transactions() {
        scenarios::closure_transactions(&seeded());
    }
}

mod tokio_postgres {
    use crate::scenarios::{self, db};
    use sqlmint::Error;

    type Conn = sqlmint::tokio_postgres::Connection;

    async fn connect() -> Conn {
        // `database()` blocks (it runs the synchronous client), so it runs off the runtime's
        // threads.
        let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
            .await
            .expect("a test database");
        let conn = Conn::connect(&url).await.expect("connect");
        conn.execute_ddl(&db::CREATE_ALL)
            .await
            .expect("create tables");
        conn
    }

    fn unique_violation(error: &Error) -> bool {
        error.postgres_code() == Some("23505") && error.to_string().contains("duplicate key")
    }

    scenarios::every_executor!(test = tokio::test, async = [async], await = [.await]);
    scenarios::every_async_executor!();
    scenarios::every_postgres_executor!(test = tokio::test, async = [async], await = [.await]);
}

mod mysql {
    use crate::scenarios::{self, db};
    use sqlmint::Error;

    type Conn = sqlmint::mysql::Connection;

    fn connect() -> Conn {
        let conn = Conn::connect(&sqlmint_test_support::mysql::database()).expect("connect");
        db::create_all(&conn).expect("create tables");
        conn
    }

    fn unique_violation(error: &Error) -> bool {
        error.mysql_code() == Some(1062) && error.mysql_sqlstate() == Some("23000")
    }

    scenarios::every_executor!(test = test, async = [], await = []);

    #[test]
    fn closure_transactions() {
        scenarios::closure_transactions(&seeded());
    }
}

mod mysql_async {
    use crate::scenarios::{self, db};
    use sqlmint::Error;

    type Conn = sqlmint::mysql_async::Connection;

    async fn connect() -> Conn {
        // `database()` blocks (it may start the server), so it runs off the runtime's threads.
        let url = tokio::task::spawn_blocking(sqlmint_test_support::mysql::database)
            .await
            .expect("a test database");
        let conn = Conn::connect(&url).await.expect("connect");
        conn.execute_ddl(&db::CREATE_ALL)
            .await
            .expect("create tables");
        conn
    }

    fn unique_violation(error: &Error) -> bool {
        error.mysql_code() == Some(1062) && error.mysql_sqlstate() == Some("23000")
    }

    scenarios::every_executor!(test = tokio::test, async = [async], await = [.await]);
    scenarios::every_async_executor!();
}
