//! The rows every workload starts from and the answer each must give, written once so that
//! every peer loads the same data and is held to the same result.
//!
//! The rows follow diesel_bench's rules: user `i` (0-based, id `i + 1`) is named `User {i}`,
//! with hair `black` for even `i` and `brown` for odd where the workload has hair colours;
//! each user has 10 posts `Post {j} by user {id}`, each post 10 comments
//! `Comment {k} on post {id}`. Ids are given by the database in insertion order.

use std::fmt::Write as _;

use crate::workload::{Backend, Workload};

/// A user, as every peer's rows are compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

/// A post, as every peer's rows are compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

/// A comment, as every peer's rows are compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

/// A user to insert (the database gives the id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub hair_color: Option<String>,
}

/// Users with their posts, each post with its comments.
pub type Associations = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

/// What a workload returned, in a form every peer's result converts to.
///
/// None of the workloads' SQL has an `ORDER BY` (diesel_bench's have none), so rows are
/// compared as sets: [`Answer::normalized`] sorts them by id. The rows of an
/// `INSERT ... RETURNING` are the exception: their order is the input's, and is compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Users(Vec<User>),
    UsersWithPost(Vec<(User, Option<Post>)>),
    User(User),
    /// The row count the library reported, and every user in the table afterwards.
    Inserted {
        count: u64,
        users: Vec<User>,
    },
    Associations(Associations),
    /// The rows an `INSERT ... RETURNING` gave back, in the order they came (not sorted).
    Returned(Vec<User>),
}

impl Answer {
    /// The same answer with every list sorted, so that row order does not count.
    pub fn normalized(mut self) -> Self {
        match &mut self {
            Answer::Users(users) | Answer::Inserted { users, .. } => users.sort(),
            Answer::UsersWithPost(rows) => rows.sort(),
            Answer::User(_) | Answer::Returned(_) => {}
            Answer::Associations(users) => {
                for (_, posts) in users.iter_mut() {
                    for (_, comments) in posts.iter_mut() {
                        comments.sort();
                    }
                    posts.sort();
                }
                users.sort();
            }
        }
        self
    }

    /// A one-line summary for messages: the kind and the number of rows.
    pub fn summary(&self) -> String {
        match self {
            Answer::Users(users) => format!("{} users", users.len()),
            Answer::UsersWithPost(rows) => format!("{} (user, post) rows", rows.len()),
            Answer::User(user) => format!("user {}", user.id),
            Answer::Inserted { count, users } => {
                format!("{count} inserted, {} in the table", users.len())
            }
            Answer::Associations(users) => format!("{} users with posts", users.len()),
            Answer::Returned(users) => format!("{} users returned", users.len()),
        }
    }
}

/// How the users of a fixture get their hair colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hair {
    /// NULL for everyone (the trivial query).
    None,
    /// `black` for even indices, `brown` for odd (the other reads).
    BlackBrown,
}

impl Hair {
    fn of(self, index: usize) -> Option<&'static str> {
        match self {
            Hair::None => None,
            Hair::BlackBrown if index.is_multiple_of(2) => Some("black"),
            Hair::BlackBrown => Some("brown"),
        }
    }
}

/// The rows a workload's database holds before it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixture {
    pub users: usize,
    pub hair: Hair,
    pub posts_per_user: usize,
    pub comments_per_post: usize,
}

/// Rows per `INSERT` in a fixture's script; SQLite caps a compound SELECT at 500 terms.
const ROWS_PER_INSERT: usize = 500;

impl Fixture {
    /// The users, in insertion order (user `i` gets id `i + 1`).
    pub fn users(&self) -> Vec<User> {
        (0..self.users)
            .map(|index| User {
                id: id_of(index),
                name: format!("User {index}"),
                hair_color: self.hair.of(index).map(str::to_owned),
            })
            .collect()
    }

    /// The posts, user by user, in insertion order.
    pub fn posts(&self) -> Vec<Post> {
        let users = self.users();
        let titles = users.iter().flat_map(|user| {
            (0..self.posts_per_user)
                .map(move |j| (user.id, format!("Post {j} by user {}", user.id)))
        });
        titles
            .enumerate()
            .map(|(index, (user_id, title))| Post {
                id: id_of(index),
                user_id,
                title,
                body: None,
            })
            .collect()
    }

    /// The comments, post by post, in insertion order.
    pub fn comments(&self) -> Vec<Comment> {
        let posts = self.posts();
        let texts = posts.iter().flat_map(|post| {
            (0..self.comments_per_post)
                .map(move |k| (post.id, format!("Comment {k} on post {}", post.id)))
        });
        texts
            .enumerate()
            .map(|(index, (post_id, text))| Comment {
                id: id_of(index),
                post_id,
                text,
            })
            .collect()
    }

    /// The SQL that creates diesel_bench's tables on `backend` and inserts the fixture's rows,
    /// as literals: every peer runs this same text through its own batch execution.
    pub fn script(&self, backend: Backend) -> String {
        let mut sql = String::from(match backend {
            Backend::Sqlite => SQLITE_TABLES,
            Backend::Postgres => POSTGRES_TABLES,
        });
        let users = self.users();
        for chunk in users.chunks(ROWS_PER_INSERT) {
            sql.push_str("INSERT INTO users (name, hair_color) VALUES ");
            values(&mut sql, chunk, |sql, user| {
                let hair = user.hair_color.as_deref().map_or("NULL".into(), quote);
                let _ = write!(sql, "({}, {hair})", quote(&user.name));
            });
        }
        for chunk in self.posts().chunks(ROWS_PER_INSERT) {
            sql.push_str("INSERT INTO posts (user_id, title, body) VALUES ");
            values(&mut sql, chunk, |sql, post| {
                let _ = write!(sql, "({}, {}, NULL)", post.user_id, quote(&post.title));
            });
        }
        for chunk in self.comments().chunks(ROWS_PER_INSERT) {
            sql.push_str("INSERT INTO comments (post_id, text) VALUES ");
            values(&mut sql, chunk, |sql, comment| {
                let _ = write!(sql, "({}, {})", comment.post_id, quote(&comment.text));
            });
        }
        if backend == Backend::Postgres {
            // Statistics now, not whenever autovacuum gets to it halfway through a measurement.
            sql.push_str("ANALYZE;\n");
        }
        sql
    }
}

/// diesel_bench's SQLite tables.
const SQLITE_TABLES: &str = "\
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name VARCHAR NOT NULL, hair_color VARCHAR);
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, user_id INTEGER NOT NULL, title VARCHAR NOT NULL, body TEXT);
CREATE TABLE comments (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, post_id INTEGER NOT NULL, text TEXT NOT NULL);
";

/// diesel_bench's PostgreSQL tables.
const POSTGRES_TABLES: &str = "\
CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR NOT NULL, hair_color VARCHAR);
CREATE TABLE posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL, title VARCHAR NOT NULL, body TEXT);
CREATE TABLE comments (id SERIAL PRIMARY KEY, post_id INTEGER NOT NULL, text TEXT NOT NULL);
";

fn values<T>(sql: &mut String, rows: &[T], mut row: impl FnMut(&mut String, &T)) {
    for (index, item) in rows.iter().enumerate() {
        if index > 0 {
            sql.push_str(", ");
        }
        row(sql, item);
    }
    sql.push_str(";\n");
}

/// A SQL string literal (the fixture's text has no quotes, but a literal is a literal).
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The id the database gives the row inserted `index`-th (0-based) into an empty table.
fn id_of(index: usize) -> i32 {
    i32::try_from(index + 1).expect("fixtures hold fewer than 2^31 rows")
}

/// The hair colour the medium complex query filters on.
pub const HAIR_COLOR: &str = "black";

/// The user the primary-key lookup reads.
pub const LOOKUP_ID: i32 = 500;

/// The ids the IN-list lookup reads: every tenth user, 1 000 of the fixture's 10 000.
pub fn id_list() -> Vec<i32> {
    (0..1_000).map(|i| 1 + 10 * i).collect()
}

/// The users the insert workloads insert, `count` of them (diesel_bench's rule: `User {i}`,
/// hair `hair_color`).
pub fn new_users(count: usize) -> Vec<NewUser> {
    (0..count)
        .map(|index| NewUser {
            name: format!("User {index}"),
            hair_color: Some("hair_color".to_owned()),
        })
        .collect()
}

/// The users an insert workload's first call stores in the empty table: [`new_users`] with
/// their ids, in input order.
fn stored_users(count: usize) -> Vec<User> {
    new_users(count)
        .into_iter()
        .enumerate()
        .map(|(index, new)| User {
            id: id_of(index),
            name: new.name,
            hair_color: new.hair_color,
        })
        .collect()
}

/// The answer a workload must give on its fixture, the first time it runs.
pub fn expected(workload: Workload, backend: Backend) -> Answer {
    let fixture = workload.fixture(backend);
    let answer = match workload {
        Workload::TrivialQuery(_) => Answer::Users(fixture.users()),
        Workload::MediumComplexQuery => Answer::UsersWithPost(
            fixture
                .users()
                .into_iter()
                .filter(|user| user.hair_color.as_deref() == Some(HAIR_COLOR))
                .map(|user| (user, None))
                .collect(),
        ),
        Workload::LookupById => Answer::User(
            fixture
                .users()
                .into_iter()
                .find(|user| user.id == LOOKUP_ID)
                .expect("the fixture holds the user looked up"),
        ),
        Workload::Insert(count)
        | Workload::InsertRowAtATime(count)
        | Workload::BatchInsert(count) => Answer::Inserted {
            count: count as u64,
            users: stored_users(count),
        },
        Workload::BatchInsertReturning(count) => Answer::Returned(stored_users(count)),
        Workload::Associations => {
            let comments = fixture.comments();
            let posts = fixture.posts().into_iter().map(|post| {
                let own = comments
                    .iter()
                    .filter(|c| c.post_id == post.id)
                    .cloned()
                    .collect();
                (post, own)
            });
            let posts: Vec<(Post, Vec<Comment>)> = posts.collect();
            Answer::Associations(
                fixture
                    .users()
                    .into_iter()
                    .map(|user| {
                        let own = posts.iter().filter(|(p, _)| p.user_id == user.id).cloned();
                        let own = own.collect();
                        (user, own)
                    })
                    .collect(),
            )
        }
        Workload::LookupIdList => {
            let ids = id_list();
            Answer::Users(
                fixture
                    .users()
                    .into_iter()
                    .filter(|user| ids.contains(&user.id))
                    .collect(),
            )
        }
    };
    answer.normalized()
}

/// Groups children under their parents, parents and children each in their own order: what
/// the hand-written peers do after their two `IN` queries (sqlmint has
/// `sqlmint::rows::group_children`, diesel `grouped_by`).
pub fn group_by_hand<P, C>(
    parents: Vec<P>,
    children: Vec<C>,
    parent_id: impl Fn(&P) -> i32,
    child_parent: impl Fn(&C) -> i32,
) -> Vec<(P, Vec<C>)> {
    let position: std::collections::HashMap<i32, usize> = parents
        .iter()
        .enumerate()
        .map(|(at, parent)| (parent_id(parent), at))
        .collect();
    let mut grouped: Vec<(P, Vec<C>)> = parents.into_iter().map(|p| (p, Vec::new())).collect();
    for child in children {
        if let Some(&at) = position.get(&child_parent(&child)) {
            grouped[at].1.push(child);
        }
    }
    grouped
}
