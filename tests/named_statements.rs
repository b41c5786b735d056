//! Named statements used the way a service's repository module uses them: declared once in a
//! module of their own, their row and statement types named in the signatures of functions
//! elsewhere, on SQLite and on PostgreSQL (sync and async).

mod async_postgres;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        /// Attributes other than docs go to the table's row struct.
        #[derive(serde::Serialize)]
        table author {
            id: INTEGER PRIMARY KEY,
            name: TEXT NOT NULL UNIQUE,
            bio: TEXT,
        }
        table post {
            id: INTEGER PRIMARY KEY,
            author_id: INTEGER NOT NULL REFERENCES author(id),
            title: TEXT NOT NULL,
        }
    }
}

/// Every statement the repository runs, each named once.
pub mod queries {
    use crate::db;

    db::query! {
        /// One author by name.
        pub mod author_by_name {
            SELECT id, name, bio FROM author WHERE name = :name
        }
    }

    db::query! {
        /// An author's posts, newest first, as JSON-ready rows.
        #[derive(serde::Serialize)]
        pub mod recent_posts {
            SELECT post.id, post.title, author.name AS author
            FROM post JOIN author ON post.author_id = author.id
            WHERE author.name = :author
            ORDER BY post.id DESC
            LIMIT :limit
        }
    }

    db::query! {
        pub mod new_author {
            INSERT INTO author (name, bio) VALUES (:name, :bio)
        }
    }

    db::query! {
        pub mod new_post {
            INSERT INTO post (author_id, title) VALUES (:author_id, :title)
        }
    }

    db::query! {
        /// Every author, as the table's own row struct.
        pub mod all_authors {
            SELECT * FROM author ORDER BY id
        }
    }
}

/// What a service's data layer looks like: functions whose signatures name the rows.
mod repository {
    use crate::db;
    use crate::queries::{all_authors, author_by_name, new_author, new_post, recent_posts};
    use sqlmint::{Executor, Result};

    pub fn seed<E: Executor>(db: &E) -> Result<()> {
        db::create_all(db)?;
        db.execute(&new_author::new("ada", Some("wrote the first program")))?;
        db.execute(&new_author::new("grace", None::<&str>))?;
        for title in ["notes", "the engine", "bernoulli numbers"] {
            db.execute(&new_post::new(1, title))?;
        }
        db.execute(&new_post::new(2, "compilers"))?;
        Ok(())
    }

    pub fn author<E: Executor>(db: &E, name: &str) -> Result<Option<author_by_name::Row>> {
        db.fetch_optional(&author_by_name::new(name))
    }

    pub fn recent<E: Executor>(db: &E, author: &str, limit: i64) -> Result<Vec<recent_posts::Row>> {
        db.fetch_all(&recent_posts::new(author, limit))
    }

    pub fn authors<E: Executor>(db: &E) -> Result<Vec<all_authors::Row>> {
        db.fetch_all(&all_authors::new())
    }
}

/// The checks every executor's results must pass.
fn check_results(
    ada: Option<queries::author_by_name::Row>,
    nobody: Option<queries::author_by_name::Row>,
    recent: Vec<queries::recent_posts::Row>,
    authors: Vec<db::Author>,
) {
    let ada = ada.expect("ada is there");
    assert_eq!(ada.name, "ada");
    assert_eq!(ada.bio.as_deref(), Some("wrote the first program"));
    assert!(nobody.is_none());
    let titles: Vec<&str> = recent.iter().map(|row| row.title.as_str()).collect();
    assert_eq!(titles, ["bernoulli numbers", "the engine"]);
    assert_eq!(
        serde_json::to_value(&recent[0]).expect("serializes"),
        serde_json::json!({ "id": 3, "title": "bernoulli numbers", "author": "ada" })
    );
    // `SELECT *` rows are the table's own struct, under the statement's name too, with the
    // derives the table asked for.
    assert_eq!(
        serde_json::to_value(&authors[1]).expect("serializes"),
        serde_json::json!({ "id": 2, "name": "grace", "bio": null })
    );
    let names: Vec<String> = authors.into_iter().map(|a: db::Author| a.name).collect();
    assert_eq!(names, ["ada", "grace"]);
}

/// The repository, seeded and read through, on any synchronous executor.
fn through_the_repository<E: sqlmint::Executor>(conn: &E) {
    repository::seed(conn).expect("seed");
    check_results(
        repository::author(conn, "ada").expect("author"),
        repository::author(conn, "nobody").expect("author"),
        repository::recent(conn, "ada", 2).expect("recent"),
        repository::authors(conn).expect("authors"),
    );
}

#[test]
fn named_statements_on_sqlite() {
    through_the_repository(
        &sqlmint::sqlite::Connection::open_in_memory().expect("in-memory database"),
    );
}

#[test]
fn named_statements_on_postgres() {
    through_the_repository(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
}

#[tokio::test]
async fn named_statements_on_tokio_postgres() {
    use queries::{all_authors, author_by_name, new_author, new_post, recent_posts};
    let conn = async_postgres::connect_with(&db::CREATE_ALL).await;
    conn.execute(&new_author::new("ada", Some("wrote the first program")))
        .await
        .expect("ada");
    conn.execute(&new_author::new("grace", None::<&str>))
        .await
        .expect("grace");
    for title in ["notes", "the engine", "bernoulli numbers"] {
        conn.execute(&new_post::new(1, title)).await.expect("post");
    }
    let ada = conn
        .fetch_optional(&author_by_name::new("ada"))
        .await
        .expect("author");
    let nobody = conn
        .fetch_optional(&author_by_name::new("nobody"))
        .await
        .expect("author");
    let recent: Vec<recent_posts::Row> = conn
        .fetch_all(&recent_posts::new("ada", 2))
        .await
        .expect("recent");
    let authors: Vec<all_authors::Row> = conn.fetch_all(&all_authors::new()).await.expect("all");
    check_results(ada, nobody, recent, authors);
}
