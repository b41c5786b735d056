//! What `create_all` writes is everything the schema says: DEFAULT expressions rendered per
//! dialect (`now()`, `gen_random_uuid()`, arithmetic), CHECKs, and foreign keys with their
//! ON DELETE action, each enforced by SQLite and PostgreSQL alike (before, CHECK and
//! ON DELETE CASCADE were parsed and then left out of the DDL, and `DEFAULT now()` refused).

use sqlmint::Executor;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table author {
            id: BIGINT PRIMARY KEY,
            name: TEXT NOT NULL CHECK (length(name) > 0),
            joined: TIMESTAMPTZ NOT NULL DEFAULT now(),
            token: UUID NOT NULL DEFAULT gen_random_uuid(),
            score: INTEGER NOT NULL DEFAULT (2 * 21),
        }
        table post {
            id: BIGINT PRIMARY KEY,
            author_id: BIGINT NOT NULL REFERENCES author (id) ON DELETE CASCADE,
            title: TEXT NOT NULL,
            CHECK (title <> ""),
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add_author {
            INSERT INTO author (id, name) VALUES (:id, :name)
            RETURNING score, token, joined > CAST("2026-01-01T00:00:00Z" AS TIMESTAMPTZ) AS recent
        }
    }
    db::query! {
        pub mod add_post { INSERT INTO post (id, author_id, title) VALUES (:id, :author, :title) }
    }
    db::query! {
        pub mod remove_author { DELETE FROM author WHERE id = :id }
    }
    db::query! {
        pub mod posts { SELECT count(*) AS n FROM post }
    }
}

/// What each backend reports: the defaults read back, and whether each bad write failed.
fn scenario<E: Executor>(conn: &E) -> (i32, bool, [bool; 2], i64)
where
    E::Dialect: sqlmint::constructs::Supports<sqlmint::constructs::UPDATE_RETURNING>,
{
    use queries::*;
    db::create_all(conn).expect("tables");
    let first = conn
        .fetch_one(&add_author::new(1_i64, "Ada"))
        .expect("author");
    let second = conn
        .fetch_one(&add_author::new(2_i64, "Grace"))
        .expect("author");
    assert_ne!(first.token, second.token, "a random UUID each");
    assert_eq!(first.token.get_version_num(), 4);
    let empty_name = conn.fetch_one(&add_author::new(3_i64, "")).is_err();
    let empty_title = conn.execute(&add_post::new(1_i64, 1_i64, "")).is_err();
    conn.execute(&add_post::new(2_i64, 1_i64, "Notes"))
        .expect("post");
    conn.execute(&remove_author::new(1_i64)).expect("delete");
    let left = conn.fetch_one(&posts::new()).expect("count").n;
    (first.score, first.recent, [empty_name, empty_title], left)
}

#[test]
fn create_all_writes_defaults_checks_and_actions_on_both_backends() {
    let sqlite = scenario(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    assert_eq!(sqlite, (42, true, [true, true], 0));
    let postgres = scenario(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, postgres);
}

#[test]
fn the_ddl_says_it() {
    let sqlite = db::CREATE_ALL[0];
    assert!(sqlite.contains("ON DELETE CASCADE"), "{sqlite}");
    assert!(
        sqlite.contains("CHECK (length(author.name) > 0)"),
        "{sqlite}"
    );
    assert!(
        db::CREATE_ALL[1].contains("DEFAULT (gen_random_uuid())"),
        "{}",
        db::CREATE_ALL[1]
    );
}
