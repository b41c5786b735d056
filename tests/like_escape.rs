//! LIKE with user text: `escape_like` plus `ESCAPE` matches `%`, `_` and backslashes literally,
//! and a pattern means the same on SQLite and PostgreSQL with or without `ESCAPE`
//! (finding 12 of the reliability issue).

use sqlmint::Executor;

sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL }
    }
}

const TITLES: [&str; 6] = [
    "50% off",
    "500 off",
    "a_b",
    "axb",
    r"back\slash",
    r"trailing\",
];

fn titles<E: Executor>(conn: &E, search: &str) -> Vec<String> {
    let pattern = format!("%{}%", sqlmint::escape_like(search, '\\'));
    let rows = conn
        .fetch_all(&db::query!(
            SELECT title FROM post WHERE title LIKE {pattern} ESCAPE "\\" ORDER BY id
        ))
        .expect("LIKE ... ESCAPE runs");
    rows.into_iter().map(|r| r.title).collect()
}

fn like_behaves_alike<E: Executor>(conn: &E) {
    db::create_all(conn).expect("create");
    let insert = db::query!(INSERT INTO post (title) VALUES (:title));
    conn.execute_many(TITLES.map(|title| insert.params(title)))
        .expect("insert");

    assert_eq!(titles(conn, "50%"), ["50% off"]);
    assert_eq!(titles(conn, "a_b"), ["a_b"]);
    assert_eq!(titles(conn, r"k\s"), [r"back\slash"]);
    assert_eq!(titles(conn, "\\"), [r"back\slash", r"trailing\"]);
    assert_eq!(titles(conn, "off"), ["50% off", "500 off"]);

    // A literal escape character, and NOT LIKE / ILIKE with ESCAPE.
    let rows = conn
        .fetch_all(&db::query!(
            SELECT title FROM post WHERE title NOT ILIKE "%!%%" ESCAPE "!" AND title ILIKE "A!_%" ESCAPE "!"
        ))
        .expect("ILIKE ... ESCAPE runs");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].title, "a_b");

    // Without ESCAPE a backslash is an ordinary character on every dialect (PostgreSQL would
    // otherwise read it as an escape, and fail on a trailing one).
    let rows = conn
        .fetch_all(&db::query!(SELECT title FROM post WHERE title LIKE "%\\" ORDER BY id))
        .expect("a trailing backslash is a literal");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].title, r"trailing\");
    let rows = conn
        .fetch_all(&db::query!(SELECT title FROM post WHERE title LIKE "50\\% off"))
        .expect("a backslash before % is a literal");
    assert!(rows.is_empty());
}

#[test]
fn like_escape_on_sqlite() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("open");
    like_behaves_alike(&conn);
}

#[test]
fn like_escape_on_mysql() {
    let conn = sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
        .expect("connect to the test database");
    like_behaves_alike(&conn);
}

#[test]
fn like_escape_on_postgres() {
    let conn = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
        .expect("connect to the test database");
    like_behaves_alike(&conn);
}
