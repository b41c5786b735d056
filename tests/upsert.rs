//! Upserts as an application writes them, on SQLite and PostgreSQL (sync and async), with the
//! same rows from each: a page-view counter that inserts then updates through `excluded`, a
//! conditional update, a skipped duplicate, and the rows RETURNING reads back.

mod async_postgres;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table page {
            id: INTEGER PRIMARY KEY,
            path: TEXT NOT NULL UNIQUE,
            title: TEXT NOT NULL,
            views: INTEGER NOT NULL,
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        /// Counts a view, creating the page on its first.
        pub mod count_view {
            INSERT INTO page (path, title, views) VALUES (:path, :title, 1)
            ON CONFLICT (path) DO UPDATE SET views = page.views + excluded.views, title = excluded.title
            RETURNING id, path, title, views
        }
    }

    db::query! {
        /// Renames a page unless its title is already the new one.
        pub mod retitle {
            INSERT INTO page (path, title, views) VALUES (:path, :title, 0)
            ON CONFLICT ON CONSTRAINT page_path_key DO UPDATE SET title = excluded.title
            WHERE page.title <> excluded.title
        }
    }

    db::query! {
        pub mod add_once {
            INSERT INTO page (path, title, views) VALUES (:path, :title, 0) ON CONFLICT DO NOTHING
        }
    }

    db::query! {
        pub mod pages { SELECT path, title, views FROM page ORDER BY path }
    }
}

/// What every backend must end with, as `(path, title, views)`.
const EXPECTED: [(&str, &str, i32); 2] = [("/", "Home", 3), ("/about", "About us", 0)];

/// `(path, title, views)` of every page, and `(title, views)` of each row RETURNING read.
type Outcome = (Vec<(String, String, i32)>, Vec<(String, i32)>);

/// Runs the scenario on a synchronous executor and returns what it read.
/// Its upserts use what MySQL's ON DUPLICATE KEY UPDATE cannot say (RETURNING, a WHERE, a
/// table with two unique keys); `tests/mysql.rs` has MySQL's.
fn scenario<E: sqlmint::Executor<Dialect: sqlmint::constructs::SqliteAndPostgres>>(
    conn: &E,
) -> Outcome {
    use queries::*;
    db::create_all(conn).expect("tables");
    let mut returned = Vec::new();
    for title in ["home", "Home", "Home"] {
        let row = conn
            .fetch_one(&count_view::new("/", title))
            .expect("count a view");
        returned.push((row.title, row.views));
    }
    assert_eq!(
        conn.execute(&add_once::new("/about", "About"))
            .expect("add"),
        1
    );
    // A duplicate is skipped: no row changed, no error.
    assert_eq!(
        conn.execute(&add_once::new("/about", "Other"))
            .expect("skip"),
        0
    );
    assert_eq!(
        conn.execute(&retitle::new("/about", "About us"))
            .expect("retitle"),
        1
    );
    // Already that title: the WHERE leaves the row alone.
    assert_eq!(
        conn.execute(&retitle::new("/about", "About us"))
            .expect("same"),
        0
    );
    let pages = conn
        .fetch_all(&pages::new())
        .expect("pages")
        .into_iter()
        .map(|p| (p.path, p.title, p.views))
        .collect();
    (pages, returned)
}

fn check(pages: &[(String, String, i32)], returned: &[(String, i32)]) {
    let pages: Vec<(&str, &str, i32)> = pages
        .iter()
        .map(|(p, t, v)| (p.as_str(), t.as_str(), *v))
        .collect();
    assert_eq!(pages, EXPECTED);
    let returned: Vec<(&str, i32)> = returned.iter().map(|(t, v)| (t.as_str(), *v)).collect();
    assert_eq!(returned, [("home", 1), ("Home", 2), ("Home", 3)]);
}

#[test]
fn upserts_agree_on_sqlite_and_postgres() {
    let sqlite = scenario(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    check(&sqlite.0, &sqlite.1);
    let postgres = scenario(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, postgres);
}

#[tokio::test]
async fn upserts_on_tokio_postgres() {
    use queries::*;
    let conn = async_postgres::connect_with(&db::CREATE_ALL).await;
    let mut returned = Vec::new();
    for title in ["home", "Home", "Home"] {
        let row = conn
            .fetch_one(&count_view::new("/", title))
            .await
            .expect("count a view");
        returned.push((row.title, row.views));
    }
    assert_eq!(
        conn.execute(&add_once::new("/about", "About"))
            .await
            .expect("add"),
        1
    );
    assert_eq!(
        conn.execute(&add_once::new("/about", "Other"))
            .await
            .expect("skip"),
        0
    );
    assert_eq!(
        conn.execute(&retitle::new("/about", "About us"))
            .await
            .expect("retitle"),
        1
    );
    assert_eq!(
        conn.execute(&retitle::new("/about", "About us"))
            .await
            .expect("same"),
        0
    );
    let pages: Vec<(String, String, i32)> = conn
        .fetch_all(&pages::new())
        .await
        .expect("pages")
        .into_iter()
        .map(|p| (p.path, p.title, p.views))
        .collect();
    check(&pages, &returned);
}
