//! The statements of the SQLite tests, run on a real PostgreSQL server through the
//! synchronous executor: same `query!` values, PostgreSQL's SQL.

use sqlmint::chrono::{NaiveDate, TimeZone, Utc};
use sqlmint::postgres::Connection;
use sqlmint::{Decimal, SqlFor};

sqlmint::schema! {
    pub mod db {
        table user_account {
            id: INTEGER PRIMARY KEY,
            name: VARCHAR(30) NOT NULL UNIQUE,
            fullname: VARCHAR(200),
        }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
        table event {
            id: BIGINT PRIMARY KEY,
            happened_on: DATE NOT NULL,
            happened_at: TIMESTAMP,
            price: NUMERIC(10, 2),
            ratio: DOUBLE,
            payload: BLOB,
            done: BOOLEAN NOT NULL DEFAULT FALSE,
            token: UUID,
            document: JSONB,
            logged_at: TIMESTAMPTZ,
        }
        table tagged {
            id: INTEGER PRIMARY KEY,
            tags: TEXT[] NOT NULL,
            scores: INTEGER[],
            prices: NUMERIC[],
            days: DATE[],
        }
    }
}

fn connect() -> Connection {
    let url = sqlmint_test_support::database();
    let conn = Connection::connect(&url).expect("connect to the test database");
    db::create_all(&conn).expect("create tables");
    conn
}

fn seeded() -> Connection {
    let conn = connect();
    let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    conn.execute_many([
        insert.params("spongebob", Some("Spongebob Squarepants")),
        insert.params("sandy", Some("Sandy Cheeks")),
        insert.params("patrick", None),
    ])
    .expect("users");
    conn.execute(&db::query!(
        INSERT INTO address (user_id, email_address)
        VALUES (1, "spongebob@sqlalchemy.org"), (2, "sandy@sqlalchemy.org"), (2, "sandy@squirrelpower.org")
    ))
    .expect("addresses");
    conn
}

#[test]
fn the_same_statement_runs_with_postgresql_sql() {
    let conn = seeded();
    let by_name = db::query!(SELECT id, fullname FROM user_account WHERE name = :name);
    assert_eq!(
        sql(&by_name.params("x")),
        "SELECT user_account.id, user_account.fullname FROM user_account WHERE user_account.name = $1::TEXT"
    );
    let sandy = conn.fetch_one(&by_name.params("sandy")).unwrap();
    assert_eq!(
        (sandy.id, sandy.fullname.as_deref()),
        (2, Some("Sandy Cheeks"))
    );
    assert!(conn
        .fetch_optional(&by_name.params("nobody"))
        .unwrap()
        .is_none());
    assert!(matches!(
        conn.fetch_one(&by_name.params("nobody")),
        Err(sqlmint::Error::RowNotFound)
    ));
}

fn sql<Q: SqlFor<sqlmint::Postgres>>(_: &Q) -> &'static str {
    Q::SQL
}

#[test]
fn joins_aggregates_and_subqueries() {
    let conn = seeded();
    let rows = conn
        .fetch_all(&db::query!(
            SELECT user_account.name, count(address.id) AS n, avg(address.id) AS mean,
                   (SELECT max(a.id) FROM address AS a WHERE a.user_id = user_account.id) AS newest
            FROM user_account LEFT JOIN address
            GROUP BY user_account.id ORDER BY user_account.id
        ))
        .unwrap();
    let got: Vec<(String, i64, Option<f64>, Option<i32>)> = rows
        .into_iter()
        .map(|r| (r.name, r.n, r.mean, r.newest))
        .collect();
    assert_eq!(
        got,
        [
            ("spongebob".into(), 1, Some(1.0), Some(1)),
            ("sandy".into(), 2, Some(2.5), Some(3)),
            ("patrick".into(), 0, None, None),
        ]
    );
    let full = conn
        .fetch_all(&db::query!(SELECT user_account.name, address.email_address FROM user_account FULL OUTER JOIN address ORDER BY address.id))
        .unwrap();
    assert_eq!(full.len(), 4);
}

#[test]
fn returning_update_from_and_delete_using() {
    let conn = seeded();
    let inserted = conn
        .fetch_all(&db::query!(INSERT INTO address (user_id, email_address) VALUES (3, "patrick@bikini.org") RETURNING id, email_address))
        .unwrap();
    assert_eq!(inserted[0].id, 4);
    let updated = conn
        .fetch_all(&db::query!(
            UPDATE user_account SET fullname = "Sandy" FROM address
            WHERE user_account.id = address.user_id AND address.email_address = "sandy@squirrelpower.org"
            RETURNING id, fullname
        ))
        .unwrap();
    assert_eq!(
        (updated[0].id, updated[0].fullname.as_deref()),
        (2, Some("Sandy"))
    );
    let deleted = conn
        .execute(&db::query!(DELETE FROM address USING user_account WHERE user_account.id = address.user_id AND user_account.name = "sandy"))
        .unwrap();
    assert_eq!(deleted, 2);
}

#[test]
fn every_column_type_round_trips() {
    let conn = connect();
    let insert = db::query!(
        INSERT INTO event (id, happened_on, happened_at, price, ratio, payload, done, token, document, logged_at)
        VALUES (:id, :on, :at, :price, :ratio, :payload, :done, :token, :document, :logged_at)
    );
    let payload = vec![0u8, 1, 255];
    let on = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date");
    let at = on.and_hms_milli_opt(13, 14, 15, 250).expect("a time");
    let token: sqlmint::uuid::Uuid = "67e55044-10b1-426f-9247-bb680e5fe0c8"
        .parse()
        .expect("a uuid");
    let document = sqlmint::serde_json::json!({"tags": ["a", "b"], "n": 1});
    let logged_at = Utc
        .with_ymd_and_hms(2024, 3, 1, 8, 30, 0)
        .single()
        .expect("an instant");
    conn.execute(&insert.params(
        9_000_000_000_i64,
        on,
        Some(at),
        Some(Decimal::new(12345, 2)),
        Some(0.5),
        Some(&payload),
        true,
        Some(token),
        Some(&document),
        Some(logged_at),
    ))
    .unwrap();
    conn.execute(&db::query!(INSERT INTO event (id, happened_on) VALUES (1, "1999-12-31")))
        .unwrap();
    let rows = conn
        .fetch_all(&db::query!(SELECT * FROM event ORDER BY id))
        .unwrap();
    assert_eq!(
        rows[0].happened_on,
        NaiveDate::from_ymd_opt(1999, 12, 31).expect("a date")
    );
    assert_eq!(
        (
            rows[0].happened_at,
            rows[0].price,
            rows[0].done,
            rows[0].token
        ),
        (None, None, false, None)
    );
    let event = &rows[1];
    assert_eq!(event.id, 9_000_000_000);
    assert_eq!(event.happened_on, on);
    assert_eq!(event.happened_at, Some(at));
    assert_eq!(event.price, Some(Decimal::new(12345, 2)));
    assert_eq!(event.ratio, Some(0.5));
    assert_eq!(event.payload.as_deref(), Some(&payload[..]));
    assert!(event.done);
    assert_eq!(event.token, Some(token));
    assert_eq!(event.document.as_ref(), Some(&document));
    assert_eq!(event.logged_at, Some(logged_at));
    let found = conn
        .fetch_all(&db::query!(SELECT id FROM event WHERE happened_on = {on} AND price > 100 AND token = {token}))
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn transactions_roll_back_and_nest_with_savepoints() {
    let conn = seeded();
    let result: Result<(), sqlmint::Error> = conn.transaction(|tx| {
        tx.execute(&db::query!(DELETE FROM address))?;
        Err(sqlmint::Error::RowNotFound)
    });
    assert!(result.is_err());
    let count = || {
        conn.fetch_one(&db::query!(SELECT count(*) AS n FROM address))
            .unwrap()
            .n
    };
    assert_eq!(count(), 3);
    conn.transaction(|tx| {
        tx.execute(&db::query!(DELETE FROM address WHERE id = 1))?;
        let inner: Result<(), sqlmint::Error> = tx.transaction(|inner| {
            inner.execute(&db::query!(DELETE FROM address))?;
            Err(sqlmint::Error::RowNotFound)
        });
        assert!(inner.is_err());
        Ok::<_, sqlmint::Error>(())
    })
    .unwrap();
    assert_eq!(
        count(),
        2,
        "the outer delete stays, the inner one is rolled back"
    );
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _: Result<(), sqlmint::Error> = conn.transaction(|tx| {
            tx.execute(&db::query!(DELETE FROM address)).unwrap();
            panic!("boom");
        });
    }));
    assert!(panicked.is_err());
    assert_eq!(count(), 2, "a panic rolls back");
}

#[test]
fn errors_keep_the_sqlstate_and_execute_many_is_all_or_nothing() {
    let conn = seeded();
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    let error = conn
        .execute_many([insert.params("new"), insert.params("sandy")])
        .unwrap_err();
    assert_eq!(error.postgres_code(), Some("23505"), "{error}");
    assert!(error.to_string().contains("duplicate key"), "{error}");
    let n = conn
        .fetch_one(&db::query!(SELECT count(*) AS n FROM user_account))
        .unwrap()
        .n;
    assert_eq!(n, 3);
}

#[test]
fn a_list_parameter_is_one_array() {
    let conn = seeded();
    let by_ids = db::query!(SELECT name FROM user_account WHERE id IN :ids ORDER BY id);
    assert_eq!(
        sql(&by_ids.params(vec![1])),
        "SELECT user_account.name FROM user_account WHERE user_account.id = ANY($1::INTEGER[]) ORDER BY user_account.id"
    );
    let two: Vec<String> = conn
        .fetch_all(&by_ids.params([1, 3]))
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(two, ["spongebob", "patrick"]);
    let none: &[i32] = &[];
    assert!(conn.fetch_all(&by_ids.params(none)).unwrap().is_empty());
    let wanted = vec!["sandy".to_owned(), "patrick".to_owned()];
    let rows = conn
        .fetch_all(&db::query!(SELECT id FROM user_account WHERE name NOT IN {wanted}))
        .unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
}

#[test]
fn array_columns_are_postgresql_arrays() {
    let conn = connect();
    let insert = db::query!(INSERT INTO tagged (tags, scores, prices, days) VALUES (:tags, :scores, :prices, :days));
    let tags = vec!["a".to_owned(), "b \"quoted\"".to_owned()];
    let days = vec![NaiveDate::from_ymd_opt(2024, 1, 31).expect("a date")];
    conn.execute(&insert.params(
        &tags,
        Some(vec![1, -2, 3]),
        Some(vec![Decimal::new(15, 1)]),
        Some(&days),
    ))
    .unwrap();
    conn.execute(&insert.params(
        Vec::<String>::new(),
        None::<Vec<i32>>,
        None::<Vec<Decimal>>,
        None::<Vec<NaiveDate>>,
    ))
    .unwrap();
    let rows = conn
        .fetch_all(&db::query!(SELECT * FROM tagged ORDER BY id))
        .unwrap();
    assert_eq!(rows[0].tags, tags);
    assert_eq!(rows[0].scores, Some(vec![1, -2, 3]));
    assert_eq!(rows[0].prices, Some(vec![Decimal::new(15, 1)]));
    assert_eq!(rows[0].days, Some(days));
    assert!(rows[1].tags.is_empty());
    assert_eq!(rows[1].scores, None);
    assert_eq!(
        sql(&insert.params(&tags, None::<Vec<i32>>, None::<Vec<Decimal>>, None::<Vec<NaiveDate>>)),
        "INSERT INTO tagged (tags, scores, prices, days) VALUES ($1::TEXT[], $2::INTEGER[], $3::NUMERIC[], $4::TEXT[]::DATE[])"
    );
}
