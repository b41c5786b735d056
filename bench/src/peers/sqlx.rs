//! sqlx 0.9, as diesel_bench writes it: `query_as` into `#[derive(FromRow)]` structs (the
//! `query_as!` macro needs a database at compile time), the LEFT JOIN read flat and split by
//! hand (sqlx has no nested rows), `QueryBuilder` for multi-row INSERTs and SQLite's IN
//! lists, `= ANY($1)` on PostgreSQL. Each call is one `block_on` of a current-thread runtime.
//! A batched insert is `QueryBuilder::push_values` in chunks, in one transaction: the bulk
//! insert of `push_values`' documentation, on both backends (its documentation points
//! PostgreSQL users to `UNNEST` for more speed, which the hand-written `postgres` peers use).

use crate::data::{self, Answer};

#[derive(Debug, sqlx::FromRow)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

/// The LEFT JOIN's flat row, its post columns renamed and nullable.
#[derive(Debug, sqlx::FromRow)]
pub struct UserWithPost {
    pub myuser_id: i32,
    pub name: String,
    pub hair_color: Option<String>,
    pub post_id: Option<i32>,
    pub user_id: Option<i32>,
    pub title: Option<String>,
    pub body: Option<String>,
}

impl UserWithPost {
    /// The flat row as `(User, Option<Post>)`, as diesel_bench's sqlx code splits it.
    fn split(self) -> Result<(User, Option<Post>), sqlx::Error> {
        let user = User {
            id: self.myuser_id,
            name: self.name,
            hair_color: self.hair_color,
        };
        let post = match (self.post_id, self.user_id, self.title) {
            (Some(id), Some(user_id), Some(title)) => Some(Post {
                id,
                user_id,
                title,
                body: self.body,
            }),
            (None, _, _) => None,
            _ => {
                return Err(sqlx::Error::Decode(
                    "a post without user_id or title".into(),
                ))
            }
        };
        Ok((user, post))
    }
}

/// Users with their posts, each with its comments, in sqlx's structs.
type Associations = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

fn user(row: User) -> data::User {
    data::User {
        id: row.id,
        name: row.name,
        hair_color: row.hair_color,
    }
}

fn users(rows: Vec<User>) -> Vec<data::User> {
    rows.into_iter().map(user).collect()
}

fn post(row: Post) -> data::Post {
    data::Post {
        id: row.id,
        user_id: row.user_id,
        title: row.title,
        body: row.body,
    }
}

fn users_with_posts(rows: Vec<(User, Option<Post>)>) -> Answer {
    Answer::UsersWithPost(
        rows.into_iter()
            .map(|(row, maybe)| (user(row), maybe.map(post)))
            .collect(),
    )
}

fn associations(rows: Associations) -> Answer {
    let comment = |row: Comment| data::Comment {
        id: row.id,
        post_id: row.post_id,
        text: row.text,
    };
    Answer::Associations(
        rows.into_iter()
            .map(|(row, posts)| {
                let posts = posts
                    .into_iter()
                    .map(|(row, comments)| (post(row), comments.into_iter().map(comment).collect()))
                    .collect();
                (user(row), posts)
            })
            .collect(),
    )
}

/// The part both backends share: the runner's shape, given the peer's calls.
macro_rules! sqlx_runner {
    ($peer:expr, $workload:expr, $Peer:ident) => {
        match $workload {
            Workload::TrivialQuery(_) => Bound::boxed($peer, $Peer::trivial_query, |_, rows| {
                Ok(Answer::Users(super::users(rows)))
            }),
            Workload::MediumComplexQuery => {
                Bound::boxed($peer, $Peer::medium_complex_query, |_, rows| {
                    Ok(super::users_with_posts(rows))
                })
            }
            Workload::LookupById => Bound::boxed($peer, $Peer::lookup_by_id, |_, row| {
                Ok(Answer::User(super::user(row)))
            }),
            Workload::Insert(_) => Bound::boxed($peer, $Peer::insert, |peer, count| {
                let rows = super::users(peer.trivial_query()?);
                Ok(crate::peers::inserted(count, rows))
            }),
            Workload::Associations => Bound::boxed($peer, $Peer::associations, |_, rows| {
                Ok(super::associations(rows))
            }),
            Workload::InsertRowAtATime(_) => {
                Bound::boxed($peer, $Peer::insert_row_at_a_time, |peer, count| {
                    let rows = super::users(peer.trivial_query()?);
                    Ok(crate::peers::inserted(count, rows))
                })
            }
            Workload::LookupIdList => Bound::boxed($peer, $Peer::lookup_id_list, |_, rows| {
                Ok(Answer::Users(super::users(rows)))
            }),
            Workload::BatchInsert(_) => Bound::boxed($peer, $Peer::batch_insert, |peer, count| {
                let rows = super::users(peer.trivial_query()?);
                Ok(crate::peers::inserted(count, rows))
            }),
            Workload::BatchInsertReturning(_) => {
                Bound::boxed($peer, $Peer::batch_insert_returning, |_, rows| {
                    Ok(Answer::Returned(super::users(rows)))
                })
            }
        }
    };
}

/// The inserts' statements and the batched inserts, the same code on both backends
/// (`$Database`, sqlx's type for the backend): `QueryBuilder::push_values` of the users, of
/// each chunk of them in one transaction for the batched ones.
macro_rules! sqlx_batch_inserts {
    ($Database:ty) => {
        /// `INSERT INTO users ... VALUES (...), ...` of the chunk's users, bound.
        fn insert_values(chunk: &[NewUser]) -> QueryBuilder<$Database> {
            let mut builder = QueryBuilder::new("INSERT INTO users (name, hair_color) ");
            builder.push_values(chunk, |mut row, user| {
                row.push_bind(&user.name).push_bind(&user.hair_color);
            });
            builder
        }

        fn batch_insert(&mut self) -> Result<u64, Error> {
            let (conn, new_users) = (&mut self.conn, &self.new_users);
            self.runtime.block_on(async {
                let mut transaction = conn.begin().await?;
                let mut count = 0;
                for chunk in new_users.chunks(crate::peers::ROWS_PER_INSERT) {
                    let mut builder = Self::insert_values(chunk);
                    let done = builder.build().execute(&mut *transaction).await?;
                    count += done.rows_affected();
                }
                transaction.commit().await?;
                Ok(count)
            })
        }

        fn batch_insert_returning(&mut self) -> Result<Vec<User>, Error> {
            let (conn, new_users) = (&mut self.conn, &self.new_users);
            self.runtime.block_on(async {
                let mut transaction = conn.begin().await?;
                let mut stored = Vec::with_capacity(new_users.len());
                for chunk in new_users.chunks(crate::peers::ROWS_PER_INSERT) {
                    let mut builder = Self::insert_values(chunk);
                    builder.push(" RETURNING id, name, hair_color");
                    let query = builder.build_query_as::<User>();
                    stored.extend(query.fetch_all(&mut *transaction).await?);
                }
                transaction.commit().await?;
                Ok(stored)
            })
        }
    };
}

/// sqlx on a new in-memory SQLite database.
pub(super) mod sqlite {
    use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection};
    use tokio::runtime::Runtime;

    use super::{Associations, Comment, Post, User, UserWithPost};
    use crate::data::{self, group_by_hand, Answer, NewUser};
    use crate::workload::{Bound, Error, Runner, Workload};

    struct Sqlx {
        runtime: Runtime,
        conn: SqliteConnection,
        new_users: Vec<NewUser>,
        ids: Vec<i32>,
    }

    impl Sqlx {
        fn trivial_query(&mut self) -> Result<Vec<User>, Error> {
            let query = sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users")
                .fetch_all(&mut self.conn);
            Ok(self.runtime.block_on(query)?)
        }

        fn medium_complex_query(&mut self) -> Result<Vec<(User, Option<Post>)>, Error> {
            let query = sqlx::query_as::<_, UserWithPost>(
                "SELECT u.id AS myuser_id, u.name, u.hair_color, p.id AS post_id, p.user_id, \
                 p.title, p.body FROM users AS u LEFT JOIN posts AS p ON u.id = p.user_id \
                 WHERE u.hair_color = ?",
            )
            .bind(data::HAIR_COLOR)
            .fetch_all(&mut self.conn);
            let rows = self.runtime.block_on(query)?;
            Ok(rows
                .into_iter()
                .map(UserWithPost::split)
                .collect::<Result<_, _>>()?)
        }

        fn lookup_by_id(&mut self) -> Result<User, Error> {
            let query =
                sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users WHERE id = ?")
                    .bind(data::LOOKUP_ID)
                    .fetch_one(&mut self.conn);
            Ok(self.runtime.block_on(query)?)
        }

        fn insert(&mut self) -> Result<u64, Error> {
            let mut builder = Self::insert_values(&self.new_users);
            let execute = builder.build().execute(&mut self.conn);
            Ok(self.runtime.block_on(execute)?.rows_affected())
        }

        fn associations(&mut self) -> Result<Associations, Error> {
            let conn = &mut self.conn;
            self.runtime.block_on(async {
                let users = sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users")
                    .fetch_all(&mut *conn)
                    .await?;
                let mut builder = QueryBuilder::<Sqlite>::new(
                    "SELECT id, user_id, title, body FROM posts WHERE user_id IN (",
                );
                let mut ids = builder.separated(", ");
                for user in &users {
                    ids.push_bind(user.id);
                }
                builder.push(")");
                let posts = builder
                    .build_query_as::<Post>()
                    .fetch_all(&mut *conn)
                    .await?;
                let mut builder = QueryBuilder::<Sqlite>::new(
                    "SELECT id, post_id, text FROM comments WHERE post_id IN (",
                );
                let mut ids = builder.separated(", ");
                for post in &posts {
                    ids.push_bind(post.id);
                }
                builder.push(")");
                let comments = builder
                    .build_query_as::<Comment>()
                    .fetch_all(&mut *conn)
                    .await?;
                let posts =
                    group_by_hand(posts, comments, |post| post.id, |comment| comment.post_id);
                Ok(group_by_hand(
                    users,
                    posts,
                    |user| user.id,
                    |(post, _)| post.user_id,
                ))
            })
        }

        fn insert_row_at_a_time(&mut self) -> Result<u64, Error> {
            let (conn, new_users) = (&mut self.conn, &self.new_users);
            self.runtime.block_on(async {
                let mut transaction = conn.begin().await?;
                let mut count = 0;
                for user in new_users {
                    count += sqlx::query("INSERT INTO users (name, hair_color) VALUES (?, ?)")
                        .bind(&user.name)
                        .bind(&user.hair_color)
                        .execute(&mut *transaction)
                        .await?
                        .rows_affected();
                }
                transaction.commit().await?;
                Ok(count)
            })
        }

        fn lookup_id_list(&mut self) -> Result<Vec<User>, Error> {
            let mut builder =
                QueryBuilder::<Sqlite>::new("SELECT id, name, hair_color FROM users WHERE id IN (");
            let mut ids = builder.separated(", ");
            for id in &self.ids {
                ids.push_bind(*id);
            }
            builder.push(")");
            let query = builder.build_query_as::<User>().fetch_all(&mut self.conn);
            Ok(self.runtime.block_on(query)?)
        }

        sqlx_batch_inserts!(Sqlite);
    }

    pub(in crate::peers) fn runner(
        script: &str,
        workload: Workload,
    ) -> Result<Box<dyn Runner>, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let conn = runtime.block_on(async {
            let mut conn = SqliteConnection::connect("sqlite::memory:").await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(script.to_owned()))
                .execute(&mut conn)
                .await?;
            Ok::<_, Error>(conn)
        })?;
        let peer = Sqlx {
            runtime,
            conn,
            new_users: crate::peers::new_users(workload),
            ids: data::id_list(),
        };
        Ok(sqlx_runner!(peer, workload, Sqlx))
    }
}

/// sqlx on the filled PostgreSQL database at `url`.
pub(super) mod postgres {
    use sqlx::{Connection, PgConnection, Postgres, QueryBuilder};
    use tokio::runtime::Runtime;

    use super::{Associations, Comment, Post, User, UserWithPost};
    use crate::data::{self, group_by_hand, Answer, NewUser};
    use crate::workload::{Bound, Error, Runner, Workload};

    struct Sqlx {
        runtime: Runtime,
        conn: PgConnection,
        new_users: Vec<NewUser>,
        ids: Vec<i32>,
    }

    impl Sqlx {
        fn trivial_query(&mut self) -> Result<Vec<User>, Error> {
            let query = sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users")
                .fetch_all(&mut self.conn);
            Ok(self.runtime.block_on(query)?)
        }

        fn medium_complex_query(&mut self) -> Result<Vec<(User, Option<Post>)>, Error> {
            let query = sqlx::query_as::<_, UserWithPost>(
                "SELECT u.id AS myuser_id, u.name, u.hair_color, p.id AS post_id, p.user_id, \
                 p.title, p.body FROM users AS u LEFT JOIN posts AS p ON u.id = p.user_id \
                 WHERE u.hair_color = $1",
            )
            .bind(data::HAIR_COLOR)
            .fetch_all(&mut self.conn);
            let rows = self.runtime.block_on(query)?;
            Ok(rows
                .into_iter()
                .map(UserWithPost::split)
                .collect::<Result<_, _>>()?)
        }

        fn lookup_by_id(&mut self) -> Result<User, Error> {
            let query =
                sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users WHERE id = $1")
                    .bind(data::LOOKUP_ID)
                    .fetch_one(&mut self.conn);
            Ok(self.runtime.block_on(query)?)
        }

        fn insert(&mut self) -> Result<u64, Error> {
            let mut builder = Self::insert_values(&self.new_users);
            let execute = builder.build().execute(&mut self.conn);
            Ok(self.runtime.block_on(execute)?.rows_affected())
        }

        fn associations(&mut self) -> Result<Associations, Error> {
            let conn = &mut self.conn;
            self.runtime.block_on(async {
                let users = sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users")
                    .fetch_all(&mut *conn)
                    .await?;
                let user_ids: Vec<i32> = users.iter().map(|user| user.id).collect();
                let posts = sqlx::query_as::<_, Post>(
                    "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)",
                )
                .bind(&user_ids)
                .fetch_all(&mut *conn)
                .await?;
                let post_ids: Vec<i32> = posts.iter().map(|post| post.id).collect();
                let comments = sqlx::query_as::<_, Comment>(
                    "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)",
                )
                .bind(&post_ids)
                .fetch_all(&mut *conn)
                .await?;
                let posts =
                    group_by_hand(posts, comments, |post| post.id, |comment| comment.post_id);
                Ok(group_by_hand(
                    users,
                    posts,
                    |user| user.id,
                    |(post, _)| post.user_id,
                ))
            })
        }

        fn insert_row_at_a_time(&mut self) -> Result<u64, Error> {
            let (conn, new_users) = (&mut self.conn, &self.new_users);
            self.runtime.block_on(async {
                let mut transaction = conn.begin().await?;
                let mut count = 0;
                for user in new_users {
                    count += sqlx::query("INSERT INTO users (name, hair_color) VALUES ($1, $2)")
                        .bind(&user.name)
                        .bind(&user.hair_color)
                        .execute(&mut *transaction)
                        .await?
                        .rows_affected();
                }
                transaction.commit().await?;
                Ok(count)
            })
        }

        fn lookup_id_list(&mut self) -> Result<Vec<User>, Error> {
            let query = sqlx::query_as::<_, User>(
                "SELECT id, name, hair_color FROM users WHERE id = ANY($1)",
            )
            .bind(&self.ids)
            .fetch_all(&mut self.conn);
            Ok(self.runtime.block_on(query)?)
        }

        sqlx_batch_inserts!(Postgres);
    }

    pub(in crate::peers) fn runner(
        url: &str,
        workload: Workload,
    ) -> Result<Box<dyn Runner>, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let conn = runtime.block_on(PgConnection::connect(url))?;
        let peer = Sqlx {
            runtime,
            conn,
            new_users: crate::peers::new_users(workload),
            ids: data::id_list(),
        };
        Ok(sqlx_runner!(peer, workload, Sqlx))
    }
}
