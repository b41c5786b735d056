//! An application on the `time` crate rather than chrono (feature `time`): its `Date`,
//! `PrimitiveDateTime` and `OffsetDateTime` bound as parameters and read into its own row
//! struct, the same on SQLite (text), PostgreSQL (native types, in a session whose time zone
//! is not UTC) and MariaDB. (This workspace turns chrono on too, so `schema!`'s own row
//! structs use chrono's types here; `feature-checks/time-only` builds an application with
//! only `time`, whose row structs hold `time` types.)

use sqlmint::time::{Date, Month, OffsetDateTime, PrimitiveDateTime, UtcOffset};
use sqlmint::Executor;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table meeting {
            id: INTEGER PRIMARY KEY,
            on_day: DATE NOT NULL,
            starts: TIMESTAMP NOT NULL,
            booked: TIMESTAMPTZ,
        }
    }
}

/// `time`'s `date!` and `datetime!` macros name the `time` crate itself, which this crate
/// reaches only through `sqlmint::time`.
fn date(year: i32, month: u8, day: u8) -> Date {
    let month = Month::try_from(month).expect("a month");
    Date::from_calendar_date(year, month, day).expect("a date")
}

fn at(day: Date, hour: u8, minute: u8, second: u8, micro: u32) -> PrimitiveDateTime {
    day.with_hms_micro(hour, minute, second, micro)
        .expect("a time")
}

/// The application's row, in `time` types.
#[derive(Debug, PartialEq, sqlmint::FromRow)]
struct Meeting {
    id: i32,
    on_day: Date,
    starts: PrimitiveDateTime,
    booked: Option<OffsetDateTime>,
}

fn run<E: Executor>(conn: &E) -> Vec<Meeting> {
    db::create_all(conn).expect("tables");
    let two_hours_east = UtcOffset::from_hms(2, 0, 0).expect("an offset");
    let booked = at(date(2024, 3, 1), 10, 30, 0, 250_000).assume_offset(two_hours_east);
    let starts = at(date(2024, 2, 29), 13, 14, 15, 250);
    for (id, day, booked) in [
        (1, date(2024, 2, 29), Some(booked)),
        (2, date(1999, 12, 31), None),
    ] {
        conn.execute(&db::query!(
            INSERT INTO meeting (id, on_day, starts, booked) VALUES ({id}, {day}, {starts}, {booked})
        ))
        .expect("a meeting");
    }
    let after = date(2000, 1, 1);
    let found = conn
        .fetch_all(&db::query!(SELECT id FROM meeting WHERE on_day > {after}))
        .expect("a comparison with a bound date");
    assert_eq!(found.len(), 1);
    conn.fetch_all(&db::query_as!(
        Meeting,
        SELECT id, on_day, starts, booked FROM meeting ORDER BY id
    ))
    .expect("meetings")
}

#[test]
fn time_values_round_trip_on_every_backend() {
    let expected = vec![
        Meeting {
            id: 1,
            on_day: date(2024, 2, 29),
            starts: at(date(2024, 2, 29), 13, 14, 15, 250),
            // The same instant, read back in UTC.
            booked: Some(at(date(2024, 3, 1), 8, 30, 0, 250_000).assume_utc()),
        },
        Meeting {
            id: 2,
            on_day: date(1999, 12, 31),
            starts: at(date(2024, 2, 29), 13, 14, 15, 250),
            booked: None,
        },
    ];
    let sqlite = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    assert_eq!(run(&sqlite), expected);
    let postgres = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
        .expect("postgres");
    postgres
        .execute_batch("SET TIME ZONE 'America/New_York'")
        .expect("a session time zone");
    assert_eq!(run(&postgres), expected);
    let mysql = sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
        .expect("mariadb");
    assert_eq!(run(&mysql), expected);
}
