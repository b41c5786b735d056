//! The richer column types on SQLite, where they are stored as text: dates and timestamps
//! (`chrono`), UUIDs (`uuid`) and JSON (`serde_json`) read back as the values written.

use sqlmint::chrono::{NaiveDate, TimeZone, Utc};
use sqlmint::sqlite::Connection;

sqlmint::schema! {
    pub mod db {
        table event {
            id: INTEGER PRIMARY KEY,
            happened_on: DATE NOT NULL,
            happened_at: TIMESTAMP,
            logged_at: TIMESTAMPTZ,
            token: UUID,
            document: JSON,
        }
        table tagged {
            id: INTEGER PRIMARY KEY,
            tags: TEXT[] NOT NULL,
            scores: INTEGER[],
        }
    }
}

#[test]
fn dates_uuids_and_json_round_trip_on_sqlite() {
    let conn = Connection::open_in_memory().unwrap();
    db::create_all(&conn).unwrap();
    let on = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date");
    let at = on.and_hms_micro_opt(23, 59, 58, 123_456).expect("a time");
    let logged_at = Utc
        .with_ymd_and_hms(2024, 3, 1, 8, 30, 0)
        .single()
        .expect("an instant");
    let token = sqlmint::uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    let document = sqlmint::serde_json::json!({"k": [1, 2, {"x": null}]});
    let insert = db::query!(
        INSERT INTO event (happened_on, happened_at, logged_at, token, document)
        VALUES (:on, :at, :logged_at, :token, :document)
    );
    conn.execute(&insert.params(on, Some(at), Some(logged_at), Some(token), Some(&document)))
        .unwrap();
    // Text written by hand in the usual forms reads back too.
    conn.execute(&db::query!(
        INSERT INTO event (happened_on, happened_at, logged_at) VALUES ("1999-12-31", "1999-12-31T23:59", "1999-12-31 23:59:59Z")
    ))
    .unwrap();
    let rows = conn
        .fetch_all(&db::query!(SELECT * FROM event ORDER BY id))
        .unwrap();
    assert_eq!(rows[0].happened_on, on);
    assert_eq!(rows[0].happened_at, Some(at));
    assert_eq!(rows[0].logged_at, Some(logged_at));
    assert_eq!(rows[0].token, Some(token));
    assert_eq!(rows[0].document.as_ref(), Some(&document));
    let eve = NaiveDate::from_ymd_opt(1999, 12, 31).expect("a date");
    assert_eq!(rows[1].happened_at, eve.and_hms_opt(23, 59, 0));
    assert_eq!(
        rows[1].logged_at,
        Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).single()
    );
    let by_day = conn
        .fetch_all(&db::query!(SELECT id FROM event WHERE happened_on > {eve}))
        .unwrap();
    assert_eq!(by_day.len(), 1);
}

#[test]
fn a_malformed_date_is_a_decode_error_naming_the_column() {
    let conn = Connection::open_in_memory().unwrap();
    db::create_all(&conn).unwrap();
    // `query!` refuses a malformed DATE literal, so the junk comes in as another program
    // might write it.
    conn.execute_batch("INSERT INTO event (happened_on) VALUES ('not a date')")
        .unwrap();
    let error = conn
        .fetch_all(&db::query!(SELECT happened_on FROM event))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "column `happened_on`: expected DATE as chrono::NaiveDate, found text \"not a date\""
    );
}

#[test]
fn array_columns_are_json_text_on_sqlite() {
    let conn = Connection::open_in_memory().unwrap();
    db::create_all(&conn).unwrap();
    let insert = db::query!(INSERT INTO tagged (tags, scores) VALUES (:tags, :scores));
    let tags = vec!["a".to_owned(), "b \"quoted\"".to_owned()];
    conn.execute(&insert.params(&tags, Some(vec![1, -2, 3])))
        .unwrap();
    conn.execute(&insert.params(Vec::<String>::new(), None::<Vec<i32>>))
        .unwrap();
    let rows = conn
        .fetch_all(&db::query!(SELECT * FROM tagged ORDER BY id))
        .unwrap();
    assert_eq!(rows[0].tags, tags);
    assert_eq!(rows[0].scores, Some(vec![1, -2, 3]));
    assert!(rows[1].tags.is_empty());
    assert_eq!(rows[1].scores, None);
}
