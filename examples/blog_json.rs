//! A blog's data layer, the way a web service would hold it: every statement named once in
//! `queries`, a `repository` whose functions return the application's own structs, nested
//! rows and inserted structs, and a handler that prints them as JSON through serde. On
//! embedded SQLite.
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

/// What the API sends: the application's own struct, filled by name from any statement's
/// columns.
#[derive(Debug, sqlmint::FromRow, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostView {
    id: i64,
    title: String,
    #[sqlmint(rename = "author")]
    author_name: String,
    body: Option<String>,
}

/// The statements, each checked against the schema at compile time and named for use
/// anywhere in the crate.
mod queries {
    use crate::db;
    use crate::PostView;

    db::query! {
        /// The newest posts of one author, with the author's name, as the API returns them.
        pub mod posts_by -> PostView {
            SELECT posts.id, posts.title, users.name AS author, posts.body
            FROM posts JOIN users ON posts.author_id = users.id
            WHERE users.name = :author
            ORDER BY posts.id DESC
            LIMIT :limit
        }
    }

    db::query! {
        /// Every user with each of their posts: `(Users, Option<Posts>)`, `None` for a user
        /// without posts.
        pub mod users_with_posts {
            SELECT users.*, posts.* FROM users LEFT JOIN posts ORDER BY users.id, posts.id
        }
    }
}

/// The service's data layer: its signatures name the rows, and it runs on any executor.
mod repository {
    use crate::db;
    use crate::queries::{posts_by, users_with_posts};
    use sqlmint::{Executor, Result};

    pub fn add_user<E: Executor>(db: &E, name: &str) -> Result<i32> {
        let new = db::NewUsers { name: name.into() };
        Ok(db.fetch_one(&new.returning())?.id)
    }

    pub fn add_posts<E: Executor>(db: &E, posts: &[db::NewPosts]) -> Result<u64> {
        db.execute_many(posts)
    }

    pub fn posts_by<E: Executor>(db: &E, author: &str, limit: i64) -> Result<Vec<crate::PostView>> {
        db.fetch_all(&posts_by::new(author, limit))
    }

    pub fn users_with_posts<E: Executor>(db: &E) -> Result<Vec<(db::Users, Vec<db::Posts>)>> {
        let rows = db.fetch_all(&users_with_posts::new())?;
        Ok(sqlmint::rows::group_consecutive(rows, |user| user.id))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    let ada = repository::add_user(&conn, "ada")?;
    repository::add_user(&conn, "grace")?;
    let post = |title: &str, body: Option<&str>| db::NewPosts {
        author_id: ada,
        title: title.into(),
        body: body.map(Into::into),
    };
    repository::add_posts(
        &conn,
        &[
            post("Notes on the engine", Some("...")),
            post("Bernoulli numbers", None),
        ],
    )?;

    // What a handler for `GET /users/ada/posts?limit=10` would send back.
    let posts = repository::posts_by(&conn, "ada", 10)?;
    println!("{}", serde_json::to_string_pretty(&posts)?);

    // `GET /users?embed=posts`: each user with their posts, grace with none.
    let users: Vec<serde_json::Value> = repository::users_with_posts(&conn)?
        .into_iter()
        .map(|(user, posts)| serde_json::json!({ "user": user, "posts": posts }))
        .collect();
    println!("{}", serde_json::to_string_pretty(&users)?);
    Ok(())
}
