//! Rows as a blog's data layer uses them, on SQLite and on PostgreSQL (sync and async): a LEFT
//! JOIN read as `(User, Option<Post>)` where some users have no posts, a one-to-many grouped
//! into `Vec<(Post, Vec<Comment>)>` from one query and from two, and rows read into the
//! application's own structs (`#[derive(FromRow)]`, renamed and flattened fields).

mod async_postgres;

use sqlmint::rows::{group_children, group_consecutive};

sqlmint::schema! {
    #[sqlmint(path = crate::blog)]
    pub mod blog {
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
        table comments {
            id: INTEGER PRIMARY KEY,
            post_id: INTEGER NOT NULL REFERENCES posts(id),
            body: TEXT NOT NULL,
        }
        table tags {
            id: INTEGER PRIMARY KEY,
            label: TEXT NOT NULL UNIQUE,
            color: TEXT NOT NULL DEFAULT "grey",
            note: TEXT,
        }
    }
}

/// The blog's statements, each named once.
pub mod queries {
    use crate::blog;

    blog::query! {
        pub mod add_user { INSERT INTO users (id, name) VALUES (:id, :name) }
    }
    blog::query! {
        pub mod add_post {
            INSERT INTO posts (id, author_id, title, body) VALUES (:id, :author_id, :title, :body)
        }
    }
    blog::query! {
        pub mod add_comment { INSERT INTO comments (id, post_id, body) VALUES (:id, :post_id, :body) }
    }
    blog::query! {
        /// Every user with each of their posts; a user without posts once, with `None`.
        pub mod users_with_posts {
            SELECT users.*, posts.* FROM users LEFT JOIN posts ORDER BY users.id, posts.id
        }
    }
    blog::query! {
        /// Posts with their comments, one row per comment, ordered by post.
        pub mod posts_with_comments {
            SELECT posts.*, comments.* FROM posts LEFT JOIN comments ORDER BY posts.id, comments.id
        }
    }
    blog::query! {
        pub mod all_posts { SELECT * FROM posts ORDER BY id }
    }
    blog::query! {
        /// A row struct of the statement's own, serializable with the `serde` feature.
        pub mod comment_counts {
            SELECT posts.title, count(comments.id) AS comments
            FROM posts LEFT JOIN comments GROUP BY posts.id, posts.title ORDER BY posts.id
        }
    }
    blog::query! {
        pub mod all_tags { SELECT * FROM tags ORDER BY label }
    }
    blog::query! {
        pub mod comments_of {
            SELECT * FROM comments WHERE post_id IN :post_ids ORDER BY id
        }
    }
}

/// The application's own structs, declared apart from the statements that fill them.
pub mod models {
    /// A post as the blog's front page shows it.
    #[derive(Debug, Clone, PartialEq, sqlmint::FromRow, serde::Serialize)]
    pub struct PostSummary {
        /// INTEGER read into `i64`: every id of the application is one.
        pub id: i64,
        pub title: String,
        #[sqlmint(rename = "author")]
        pub author_name: String,
        #[sqlmint(flatten)]
        pub stats: Stats,
    }

    /// Fields shared by several views, flattened into them.
    #[derive(Debug, Clone, PartialEq, sqlmint::FromRow, serde::Serialize)]
    pub struct Stats {
        pub comments: i64,
        /// Nullable column, `Option` field.
        pub body: Option<String>,
    }

    /// A table's row struct flattened into an application struct.
    #[derive(Debug, Clone, PartialEq, sqlmint::FromRow)]
    pub struct PostWithAuthor {
        #[sqlmint(flatten)]
        pub post: crate::blog::Posts,
        pub author: String,
    }
}

/// Statements that read into the application's structs.
pub mod views {
    use crate::blog;
    use crate::models::{PostSummary, PostWithAuthor};

    blog::query! {
        /// The front page: every post with its author and comment count.
        pub mod front_page -> PostSummary {
            SELECT posts.title, users.name AS author, posts.id, count(comments.id) AS comments, posts.body
            FROM posts JOIN users ON posts.author_id = users.id LEFT JOIN comments
            GROUP BY posts.id, posts.title, users.name, posts.body
            ORDER BY posts.id
        }
    }

    blog::query! {
        pub mod posts_by -> PostWithAuthor {
            SELECT posts.*, users.name AS author FROM posts JOIN users ON posts.author_id = users.id
            WHERE users.name = :name ORDER BY posts.id
        }
    }
}

/// What the blog's repository returns: tuples of the tables' own row structs.
mod repository {
    use crate::blog::{Comments, Posts, Users};
    use crate::queries::*;
    use sqlmint::{Executor, Result};

    pub fn seed<E: Executor>(db: &E) -> Result<()> {
        crate::blog::create_all(db)?;
        for (id, name) in [(1, "ada"), (2, "grace"), (3, "linus")] {
            db.execute(&add_user::new(id, name))?;
        }
        db.execute(&add_post::new(10, 1, "notes", Some("on the engine")))?;
        db.execute(&add_post::new(11, 1, "numbers", None::<&str>))?;
        db.execute(&add_post::new(12, 2, "compilers", None::<&str>))?;
        for (id, post, body) in [(100, 10, "great"), (101, 10, "more"), (102, 12, "yes")] {
            db.execute(&add_comment::new(id, post, body))?;
        }
        Ok(())
    }

    pub fn users_with_posts<E: Executor>(db: &E) -> Result<Vec<(Users, Option<Posts>)>> {
        db.fetch_all(&users_with_posts::new())
    }

    /// One query: the LEFT JOIN's rows, grouped as they come.
    pub fn posts_with_comments<E: Executor>(db: &E) -> Result<Vec<(Posts, Vec<Comments>)>> {
        let rows = db.fetch_all(&posts_with_comments::new())?;
        Ok(sqlmint::rows::group_consecutive(rows, |post| post.id))
    }

    /// Two queries: the posts, then their comments, grouped in memory.
    pub fn posts_then_comments<E: Executor>(db: &E) -> Result<Vec<(Posts, Vec<Comments>)>>
    where
        E::Dialect: sqlmint::constructs::Supports<sqlmint::constructs::LIST_PARAMETER>,
    {
        let posts = db.fetch_all(&all_posts::new())?;
        let ids: Vec<i32> = posts.iter().map(|post| post.id).collect();
        let comments = db.fetch_all(&comments_of::new(&ids))?;
        Ok(sqlmint::rows::group_children(
            posts,
            comments,
            |post| post.id,
            |comment| comment.post_id,
        ))
    }
}

fn check_users_with_posts(rows: &[(blog::Users, Option<blog::Posts>)]) {
    let shape: Vec<(&str, Option<&str>)> = rows
        .iter()
        .map(|(user, post)| (user.name.as_str(), post.as_ref().map(|p| p.title.as_str())))
        .collect();
    assert_eq!(
        shape,
        [
            ("ada", Some("notes")),
            ("ada", Some("numbers")),
            ("grace", Some("compilers")),
            ("linus", None),
        ]
    );
    // A post whose nullable column is NULL is still a post: presence is its key's.
    assert_eq!(rows[1].1.as_ref().map(|p| p.body.clone()), Some(None));
    // With the `serde` feature, table rows serialize keyed by column name, and back.
    let json = serde_json::to_value(&rows[3]).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!([{ "id": 3, "name": "linus" }, null])
    );
    let back: (blog::Users, Option<blog::Posts>) = serde_json::from_value(json).expect("reads");
    assert_eq!(back, rows[3]);
}

fn check_posts_with_comments(grouped: &[(blog::Posts, Vec<blog::Comments>)]) {
    let shape: Vec<(&str, Vec<&str>)> = grouped
        .iter()
        .map(|(post, comments)| {
            let bodies = comments.iter().map(|c| c.body.as_str()).collect();
            (post.title.as_str(), bodies)
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("notes", vec!["great", "more"]),
            ("numbers", vec![]),
            ("compilers", vec!["yes"]),
        ]
    );
}

fn check_front_page(rows: &[models::PostSummary]) {
    let expected = [
        (10, "notes", "ada", 2, Some("on the engine")),
        (11, "numbers", "ada", 0, None),
        (12, "compilers", "grace", 1, None),
    ];
    let found: Vec<(i64, &str, &str, i64, Option<&str>)> = rows
        .iter()
        .map(|row| {
            (
                row.id,
                row.title.as_str(),
                row.author_name.as_str(),
                row.stats.comments,
                row.stats.body.as_deref(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(
        serde_json::to_value(&rows[0]).expect("serializes"),
        serde_json::json!({
            "id": 10, "title": "notes", "author_name": "ada",
            "stats": { "comments": 2, "body": "on the engine" }
        })
    );
}

/// The application's structs, read by named statements and by `query_as!`.
fn application_structs_on<E: sqlmint::Executor>(conn: &E) {
    check_front_page(
        &conn
            .fetch_all(&views::front_page::new())
            .expect("front page"),
    );
    let by_ada = conn
        .fetch_all(&views::posts_by::new("ada"))
        .expect("posts by ada");
    let titles: Vec<(&str, &str)> = by_ada
        .iter()
        .map(|row| (row.post.title.as_str(), row.author.as_str()))
        .collect();
    assert_eq!(titles, [("notes", "ada"), ("numbers", "ada")]);
    // In place, as sqlx's `query_as!`; a table's row struct is a target too.
    let wanted = 12;
    let post: models::Stats = conn
        .fetch_one(&blog::query_as!(
            models::Stats,
            SELECT count(comments.id) AS comments, posts.body FROM posts LEFT JOIN comments
            WHERE posts.id = {wanted} GROUP BY posts.id, posts.body
        ))
        .expect("stats");
    assert_eq!(
        post,
        models::Stats {
            comments: 1,
            body: None
        }
    );
    let users: Vec<blog::Users> = conn
        .fetch_all(&blog::query_as!(blog::Users, SELECT name, id FROM users ORDER BY id))
        .expect("users");
    assert_eq!(
        users[2],
        blog::Users {
            id: 3,
            name: "linus".into()
        }
    );
}

fn new_tag(label: &str, note: Option<&str>) -> blog::NewTags {
    blog::NewTags {
        label: label.to_owned(),
        note: note.map(str::to_owned),
    }
}

/// What the tags hold after [`insertables_on`], as `(label, color, note)`.
fn check_tags(tags: &[blog::Tags]) {
    let found: Vec<(&str, &str, Option<&str>)> = tags
        .iter()
        .map(|t| (t.label.as_str(), t.color.as_str(), t.note.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("db", "blue", None),
            ("rust", "grey", None),
            ("sql", "grey", Some("queries")),
            ("web", "grey", None),
        ]
    );
}

/// Structs inserted as they are: `New...` without the generated key and defaulted columns,
/// a `Vec` of them at once, one read back as stored, and a whole row struct.
fn insertables_on<E: sqlmint::Executor>(conn: &E) {
    let tags = vec![new_tag("rust", None), new_tag("sql", Some("queries"))];
    assert_eq!(conn.execute_many(&tags).expect("tags"), 2);
    let web = conn
        .fetch_one(&new_tag("web", None).returning())
        .expect("web");
    assert_eq!((web.label.as_str(), web.color.as_str()), ("web", "grey"));
    assert!(web.id > 0, "the key the database generated: {web:?}");
    let db_tag = blog::Tags {
        id: 99,
        label: "db".into(),
        color: "blue".into(),
        note: None,
    };
    assert_eq!(conn.execute(&db_tag).expect("a whole row"), 1);
    // A batch that fails on its second row inserts nothing, not its first row.
    let clash = vec![new_tag("new", None), new_tag("rust", None)];
    assert!(conn.execute_many(&clash).is_err());
    check_tags(&conn.fetch_all(&queries::all_tags::new()).expect("tags"));
}

fn nested_rows_on<E: sqlmint::Executor>(conn: &E)
where
    E::Dialect: sqlmint::constructs::Supports<sqlmint::constructs::LIST_PARAMETER>,
{
    repository::seed(conn).expect("seed");
    check_users_with_posts(&repository::users_with_posts(conn).expect("users with posts"));
    let one_query = repository::posts_with_comments(conn).expect("posts with comments");
    check_posts_with_comments(&one_query);
    let two_queries = repository::posts_then_comments(conn).expect("posts, then comments");
    assert_eq!(one_query, two_queries);
    let counts = conn
        .fetch_all(&queries::comment_counts::new())
        .expect("comment counts");
    let json = serde_json::to_value(&counts).expect("serializes");
    assert_eq!(
        json[0],
        serde_json::json!({ "title": "notes", "comments": 2 })
    );
    let back: Vec<queries::comment_counts::Row> = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, counts);
    application_structs_on(conn);
    insertables_on(conn);
}

#[test]
fn nested_rows_on_sqlite() {
    nested_rows_on(&sqlmint::sqlite::Connection::open_in_memory().expect("in-memory database"));
}

#[test]
fn nested_rows_on_postgres() {
    nested_rows_on(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
}

#[tokio::test]
async fn nested_rows_on_tokio_postgres() {
    use queries::*;
    let mut conn = async_postgres::connect_with(&blog::CREATE_ALL).await;
    for (id, name) in [(1, "ada"), (2, "grace"), (3, "linus")] {
        conn.execute(&add_user::new(id, name)).await.expect("user");
    }
    conn.execute(&add_post::new(10, 1, "notes", Some("on the engine")))
        .await
        .expect("post");
    conn.execute(&add_post::new(11, 1, "numbers", None::<&str>))
        .await
        .expect("post");
    conn.execute(&add_post::new(12, 2, "compilers", None::<&str>))
        .await
        .expect("post");
    for (id, post, body) in [(100, 10, "great"), (101, 10, "more"), (102, 12, "yes")] {
        conn.execute(&add_comment::new(id, post, body))
            .await
            .expect("comment");
    }
    let rows = conn
        .fetch_all(&users_with_posts::new())
        .await
        .expect("users with posts");
    check_users_with_posts(&rows);
    let rows = conn
        .fetch_all(&posts_with_comments::new())
        .await
        .expect("posts with comments");
    let one_query = group_consecutive(rows, |post| post.id);
    check_posts_with_comments(&one_query);
    let posts = conn.fetch_all(&all_posts::new()).await.expect("posts");
    let ids: Vec<i32> = posts.iter().map(|post| post.id).collect();
    let comments = conn
        .fetch_all(&comments_of::new(&ids))
        .await
        .expect("comments");
    let two_queries = group_children(posts, comments, |p| p.id, |c| c.post_id);
    assert_eq!(one_query, two_queries);
    let front_page = conn
        .fetch_all(&views::front_page::new())
        .await
        .expect("front page");
    check_front_page(&front_page);
    let wanted = 12;
    let stats: models::Stats = conn
        .fetch_one(&blog::query_as!(
            models::Stats,
            SELECT count(comments.id) AS comments, posts.body FROM posts LEFT JOIN comments
            WHERE posts.id = {wanted} GROUP BY posts.id, posts.body
        ))
        .await
        .expect("stats");
    assert_eq!(stats.comments, 1);

    let tags = vec![new_tag("rust", None), new_tag("sql", Some("queries"))];
    assert_eq!(conn.execute_many(&tags).await.expect("tags"), 2);
    let web = conn
        .fetch_one(&new_tag("web", None).returning())
        .await
        .expect("web");
    assert_eq!(web.color, "grey");
    let db_tag = blog::Tags {
        id: 99,
        label: "db".into(),
        color: "blue".into(),
        note: None,
    };
    conn.execute(&db_tag).await.expect("a whole row");
    let clash = vec![new_tag("new", None), new_tag("rust", None)];
    assert!(conn.execute_many(&clash).await.is_err());
    check_tags(&conn.fetch_all(&all_tags::new()).await.expect("tags"));
}
