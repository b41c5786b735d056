//! An application that reads dates with the `time` crate and has no chrono:
//! `sqlmint = { features = ["time"] }`. The row structs `schema!` generates hold `time` types,
//! so the annotations below compile only with them. `.ci/run` runs it by itself
//! (`cargo run --manifest-path feature-checks/time-only/Cargo.toml`): in the workspace, another
//! package's `chrono` would be unified into sqlmint's features.

use sqlmint::time::{Date, Month, OffsetDateTime, PrimitiveDateTime};

sqlmint::schema! {
    pub mod db {
        table meeting {
            id: INTEGER PRIMARY KEY,
            on_day: DATE NOT NULL,
            starts: TIMESTAMP NOT NULL,
            booked: TIMESTAMPTZ,
        }
    }
}

fn main() -> sqlmint::Result<()> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    let day = Date::from_calendar_date(2024, Month::February, 29).expect("a date");
    let starts = day.with_hms(13, 14, 15).expect("a time");
    let booked = starts.assume_utc();
    conn.execute(&db::NewMeeting {
        on_day: day,
        starts,
        booked: Some(booked),
    })?;
    let meeting = conn.fetch_one(&db::query!(SELECT * FROM meeting))?;
    let read_day: Date = meeting.on_day;
    let read_start: PrimitiveDateTime = meeting.starts;
    let read_booking: Option<OffsetDateTime> = meeting.booked;
    assert_eq!((read_day, read_start, read_booking), (day, starts, Some(booked)));
    println!("{read_day} {read_start} {read_booking:?}");
    Ok(())
}
