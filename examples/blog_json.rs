//! A blog's data layer, the way a web service would hold it: every statement named once in
//! `queries`, a `repository` whose functions return those named rows, and a handler that
//! prints them as JSON through serde. On embedded SQLite.
//!
//! ```text
//! cargo run --example blog_json
//! ```

sqlmint::schema! {
    pub mod db {
        table users {
            id: INTEGER PRIMARY KEY,
            name: TEXT NOT NULL UNIQUE,
        }
        table posts {
            id: INTEGER PRIMARY KEY,
            author_id: INTEGER NOT NULL REFERENCES users(id),
            title: TEXT NOT NULL,
            body: TEXT,
        }
    }
}

/// The statements, each checked against the schema at compile time and named for use
/// anywhere in the crate.
mod queries {
    use crate::db;

    db::query! {
        pub mod add_user {
            INSERT INTO users (name) VALUES (:name) RETURNING id
        }
    }

    db::query! {
        pub mod add_post {
            INSERT INTO posts (author_id, title, body) VALUES (:author_id, :title, :body)
        }
    }

    db::query! {
        /// The newest posts of one author, with the author's name, as the API returns them.
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        pub mod posts_by {
            SELECT posts.id, posts.title, users.name AS author_name
            FROM posts JOIN users ON posts.author_id = users.id
            WHERE users.name = :author
            ORDER BY posts.id DESC
            LIMIT :limit
        }
    }
}

/// The service's data layer: its signatures name the rows, and it runs on any executor.
mod repository {
    use crate::queries::{add_post, add_user, posts_by};
    use sqlmint::{Executor, Result};

    pub fn add_user<E: Executor>(db: &E, name: &str) -> Result<i32> {
        Ok(db.fetch_one(&add_user::new(name))?.id)
    }

    pub fn add_post<E: Executor>(
        db: &E,
        author: i32,
        title: &str,
        body: Option<&str>,
    ) -> Result<()> {
        db.execute(&add_post::new(author, title, body))?;
        Ok(())
    }

    pub fn posts_by<E: Executor>(db: &E, author: &str, limit: i64) -> Result<Vec<posts_by::Row>> {
        db.fetch_all(&posts_by::new(author, limit))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    let ada = repository::add_user(&conn, "ada")?;
    repository::add_post(&conn, ada, "Notes on the engine", Some("..."))?;
    repository::add_post(&conn, ada, "Bernoulli numbers", None)?;

    // What a handler for `GET /users/ada/posts?limit=10` would send back.
    let posts = repository::posts_by(&conn, "ada", 10)?;
    println!("{}", serde_json::to_string_pretty(&posts)?);
    Ok(())
}
