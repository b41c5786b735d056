//! Date and number functions an application reaches for, with the same results on SQLite
//! (dates stored as text), PostgreSQL (native types, in a session whose time zone is not UTC)
//! and MariaDB (native types, TIMESTAMPTZ in UTC): `extract`/`date_part` of each field, `now()`, `current_timestamp`, `current_date`,
//! `position`, `ceil`, `floor`; and `date_trunc` on PostgreSQL, the one dialect that has it.

use sqlmint::chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table event {
            id: INTEGER PRIMARY KEY,
            title: TEXT NOT NULL,
            on_day: DATE NOT NULL,
            at_local: TIMESTAMP NOT NULL,
            logged: TIMESTAMPTZ NOT NULL,
            price: DOUBLE NOT NULL,
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add {
            INSERT INTO event (id, title, on_day, at_local, logged, price)
            VALUES (:id, :title, :on_day, :at_local, :logged, :price)
        }
    }

    db::query! {
        /// Every field of each kind of date, read as integers.
        pub mod parts {
            SELECT id,
                   extract(YEAR FROM on_day) AS year, extract(MONTH FROM on_day) AS month,
                   date_part("day", on_day) AS day, extract(DOW FROM on_day) AS dow,
                   extract(DOY FROM on_day) AS doy,
                   extract(HOUR FROM at_local) AS local_hour, extract(MINUTE FROM at_local) AS local_minute,
                   extract(SECOND FROM at_local) AS local_second,
                   extract(HOUR FROM logged) AS utc_hour, extract(DAY FROM logged) AS utc_day,
                   extract(EPOCH FROM logged) AS epoch
            FROM event ORDER BY id
        }
    }

    db::query! {
        /// Where the word "sale" is in each title, and the price rounded both ways.
        pub mod numbers {
            SELECT id, position("sale" IN title) AS sale_at, ceil(price) AS up, floor(price) AS down
            FROM event ORDER BY id
        }
    }

    db::query! {
        /// Events logged before now, and on a day before today.
        pub mod past {
            SELECT count(*) AS logged_before,
                   coalesce(sum(CASE WHEN on_day < current_date THEN 1 ELSE 0 END), 0) AS days_before
            FROM event
            WHERE logged <= now() AND logged < current_timestamp
        }
    }
}

fn utc(year: i32, month: u32, day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, h, m, s)
        .single()
        .expect("a time")
}

fn local(day: NaiveDate, h: u32, m: u32, s: u32, micro: u32) -> NaiveDateTime {
    day.and_hms_micro_opt(h, m, s, micro).expect("a time")
}

type Parts = Vec<(i32, [i32; 10], i64)>;
type Numbers = Vec<(i32, i32, f64, f64)>;

fn run<E: sqlmint::Executor>(conn: &E) -> (Parts, Numbers, (i64, i64)) {
    use queries::*;
    db::create_all(conn).expect("tables");
    let leap = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date");
    let new_year = NaiveDate::from_ymd_opt(2023, 12, 31).expect("a date");
    conn.execute_many([
        add::new(
            1,
            "winter sale",
            leap,
            local(leap, 23, 59, 58, 750_000),
            utc(2024, 2, 29, 23, 30, 0),
            19.25,
        ),
        add::new(
            2,
            "no discount",
            new_year,
            local(new_year, 0, 5, 9, 0),
            utc(2024, 1, 1, 0, 15, 0),
            -3.5,
        ),
    ])
    .expect("events");
    let parts = conn
        .fetch_all(&parts::new())
        .expect("parts")
        .into_iter()
        .map(|r| {
            (
                r.id,
                [
                    r.year,
                    r.month,
                    r.day,
                    r.dow,
                    r.doy,
                    r.local_hour,
                    r.local_minute,
                    r.local_second,
                    r.utc_hour,
                    r.utc_day,
                ],
                r.epoch,
            )
        })
        .collect();
    let numbers = conn
        .fetch_all(&numbers::new())
        .expect("numbers")
        .into_iter()
        .map(|r| (r.id, r.sale_at, r.up, r.down))
        .collect();
    let past = conn.fetch_one(&past::new()).expect("past");
    (parts, numbers, (past.logged_before, past.days_before))
}

#[test]
fn date_and_number_functions_agree_on_sqlite_and_postgres() {
    let sqlite = run(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    assert_eq!(
        sqlite.0,
        [
            (
                1,
                [2024, 2, 29, 4, 60, 23, 59, 58, 23, 29],
                utc(2024, 2, 29, 23, 30, 0).timestamp()
            ),
            (
                2,
                [2023, 12, 31, 0, 365, 0, 5, 9, 0, 1],
                utc(2024, 1, 1, 0, 15, 0).timestamp()
            ),
        ]
    );
    assert_eq!(sqlite.1, [(1, 8, 20.0, 19.0), (2, 0, -3.0, -4.0)]);
    assert_eq!(sqlite.2, (2, 2));

    let postgres =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    // A session far from UTC: TIMESTAMPTZ fields are still read in UTC, as SQLite has them.
    postgres
        .execute_batch("SET TIME ZONE 'Pacific/Auckland'")
        .expect("time zone");
    assert_eq!(run(&postgres), sqlite);

    // MariaDB holds TIMESTAMPTZ as a DATETIME(6) in UTC; the connection's session is UTC.
    let mysql = sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
        .expect("connect");
    assert_eq!(run(&mysql), sqlite);

    let day = postgres
        .fetch_one(&db::query!(
            SELECT date_trunc("day", logged) AS day, date_trunc("month", at_local) AS month
            FROM event WHERE id = 1
        ))
        .expect("date_trunc");
    assert_eq!(day.day, utc(2024, 2, 29, 0, 0, 0));
    let first = NaiveDate::from_ymd_opt(2024, 2, 1).expect("a date");
    assert_eq!(day.month, local(first, 0, 0, 0, 0));
}
