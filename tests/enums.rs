//! Enum types: `enum mood { ... }` in `schema!`, or PostgreSQL's `CREATE TYPE mood AS ENUM`
//! in a migration, become a Rust enum that columns of the type read into and bind from; a
//! label outside the type is a compile error (`ui-tests/tests/ui/types/enum-label-*.rs`).

/// Declared inline: PostgreSQL's enum type, TEXT with a CHECK on SQLite.
mod inline {
    sqlmint::schema! {
        #[sqlmint(path = crate::inline::db)]
        pub mod db {
            enum mood { "sad", "ok", "happy" }
            table person {
                id: BIGINT PRIMARY KEY,
                name: TEXT NOT NULL,
                mood: mood NOT NULL,
                was: mood,
            }
        }
    }
}

/// From migrations, applied as written (PostgreSQL's DDL), a label added by the second.
mod migrated {
    sqlmint::schema! {
        #[sqlmint(migrations = "tests/migrations/enums", path = crate::migrated::db)]
        pub mod db {}
    }

    pub const MIGRATIONS: [&str; 2] = [
        include_str!("migrations/enums/0001_people.sql"),
        include_str!("migrations/enums/0002_ok.sql"),
    ];
}

/// `(name, mood, was)` of the happy people and of everyone, from one backend.
macro_rules! scenario {
    ($db:path, $conn:expr) => {{
        use $db as db;
        use db::Mood;
        let conn = $conn;
        conn.execute(&db::query!(
            INSERT INTO person (id, name, mood, was) VALUES (1, "Ada", "happy", NULL)
        ))
        .expect("a label as a literal");
        let (grace, mood, was) = ("Grace", Mood::Ok, Some(Mood::Sad));
        conn.execute(&db::query!(
            INSERT INTO person (id, name, mood, was) VALUES (2, {grace}, {mood}, {was})
        ))
        .expect("the enum as a value");
        let happy: Vec<String> = conn
            .fetch_all(&db::query!(SELECT name FROM person WHERE mood = "happy"))
            .expect("compared with a label")
            .into_iter()
            .map(|r| r.name)
            .collect();
        let all: Vec<(String, Mood, Option<Mood>)> = conn
            .fetch_all(&db::query!(SELECT name, mood, was FROM person ORDER BY id))
            .expect("read back")
            .into_iter()
            .map(|r| (r.name, r.mood, r.was))
            .collect();
        let wanted = Mood::Ok;
        let ok = conn
            .fetch_one(&db::query!(SELECT count(*) AS n FROM person WHERE mood = {wanted}))
            .expect("bound")
            .n;
        (happy, all, ok)
    }};
}

#[test]
fn an_inline_enum_reads_and_binds_alike_on_sqlite_and_postgres() {
    use inline::db::{self, Mood};
    let expected = (
        vec!["Ada".to_owned()],
        vec![
            ("Ada".to_owned(), Mood::Happy, None),
            ("Grace".to_owned(), Mood::Ok, Some(Mood::Sad)),
        ],
        1,
    );
    let sqlite = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    db::create_all(&sqlite).expect("tables");
    assert_eq!(scenario!(crate::inline::db, &sqlite), expected);
    // SQLite keeps the set with a CHECK.
    assert!(sqlite
        .execute_batch("INSERT INTO person VALUES (3, 'Bob', 'angry', NULL)")
        .is_err());

    let postgres =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    db::create_all(&postgres).expect("type and tables");
    db::create_all(&postgres).expect("again: the type is there already");
    assert_eq!(scenario!(crate::inline::db, &postgres), expected);
    db::drop_all(&postgres).expect("tables and type dropped");
    assert_eq!(Mood::ALL, [Mood::Sad, Mood::Ok, Mood::Happy]);
    assert_eq!("ok".parse::<Mood>().expect("a label"), Mood::Ok);
    assert!("angry".parse::<Mood>().is_err());
}

#[test]
fn a_migrated_enum_reads_and_binds_on_postgres() {
    use migrated::db::{self, Mood};
    let postgres =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    for migration in migrated::MIGRATIONS {
        postgres.execute_batch(migration).expect("as written");
    }
    let (happy, all, ok) = scenario!(crate::migrated::db, &postgres);
    assert_eq!(happy, ["Ada"]);
    assert_eq!(all[1].1, Mood::Ok);
    assert_eq!(ok, 1);
    // The label the second migration added sits where it said.
    assert_eq!(Mood::ALL, [Mood::Sad, Mood::Ok, Mood::Happy]);
    let report = db::verify(&postgres).expect("verify");
    assert!(report.is_clean(), "{report}");
}
