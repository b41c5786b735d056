//! diesel 2.3, as diesel_bench writes it: `table!`s and `Queryable` structs, the query DSL,
//! `belonging_to` and `grouped_by` for the associations. One body, written once as a macro,
//! for `SqliteConnection` and `PgConnection`: diesel's code is generic only at a cost in
//! bounds that an application would not write.

use diesel::prelude::*;

use crate::data::{self, Answer};

diesel::table! {
    users {
        id -> Integer,
        name -> Text,
        hair_color -> Nullable<Text>,
    }
}

diesel::table! {
    posts {
        id -> Integer,
        user_id -> Integer,
        title -> Text,
        body -> Nullable<Text>,
    }
}

diesel::table! {
    comments {
        id -> Integer,
        post_id -> Integer,
        text -> Text,
    }
}

diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(posts -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Insertable)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewUser {
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Identifiable, Associations)]
#[diesel(belongs_to(User))]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Identifiable, Associations)]
#[diesel(belongs_to(Post))]
#[diesel(table_name = comments)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

/// Users with their posts, each with its comments, in diesel's structs.
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

fn new_users(workload: crate::Workload) -> Vec<NewUser> {
    super::new_users(workload)
        .into_iter()
        .map(|user| NewUser {
            name: user.name,
            hair_color: user.hair_color,
        })
        .collect()
}

/// The diesel peer for one connection type, in a module of its own.
macro_rules! diesel_peer {
    ($module:ident, $connection:ty) => {
        pub(super) mod $module {
            use diesel::prelude::*;

            use super::{
                associations, new_users, posts, users, users_with_posts, Associations, Comment,
                NewUser, Post, User,
            };
            use crate::data::{self, Answer};
            use crate::workload::{Bound, Error, Runner, Workload};

            struct Diesel {
                conn: $connection,
                new_users: Vec<NewUser>,
                ids: Vec<i32>,
            }

            impl Diesel {
                fn trivial_query(&mut self) -> Result<Vec<User>, Error> {
                    Ok(users::table.load::<User>(&mut self.conn)?)
                }

                fn medium_complex_query(&mut self) -> Result<Vec<(User, Option<Post>)>, Error> {
                    Ok(users::table
                        .left_outer_join(posts::table)
                        .filter(users::hair_color.eq(data::HAIR_COLOR))
                        .load::<(User, Option<Post>)>(&mut self.conn)?)
                }

                fn lookup_by_id(&mut self) -> Result<User, Error> {
                    Ok(users::table
                        .find(data::LOOKUP_ID)
                        .first::<User>(&mut self.conn)?)
                }

                /// `insert_into(..).values(&vec)`, diesel's one way to insert many rows: the
                /// insert workload and the batched one, of 10 000 rows in one statement.
                fn insert(&mut self) -> Result<u64, Error> {
                    let count = diesel::insert_into(users::table)
                        .values(&self.new_users)
                        .execute(&mut self.conn)?;
                    Ok(count as u64)
                }

                fn associations(&mut self) -> Result<Associations, Error> {
                    let conn = &mut self.conn;
                    let users = users::table.load::<User>(conn)?;
                    let posts = Post::belonging_to(&users).load::<Post>(conn)?;
                    let comments = Comment::belonging_to(&posts).load::<Comment>(conn)?;
                    let comments = comments.grouped_by(&posts);
                    let posts = posts.into_iter().zip(comments).grouped_by(&users);
                    Ok(users.into_iter().zip(posts).collect())
                }

                fn insert_row_at_a_time(&mut self) -> Result<u64, Error> {
                    let new_users = &self.new_users;
                    let count = self
                        .conn
                        .transaction::<_, diesel::result::Error, _>(|conn| {
                            let mut count = 0;
                            for user in new_users {
                                count += diesel::insert_into(users::table)
                                    .values(user)
                                    .execute(conn)?;
                            }
                            Ok(count)
                        })?;
                    Ok(count as u64)
                }

                fn lookup_id_list(&mut self) -> Result<Vec<User>, Error> {
                    Ok(users::table
                        .filter(users::id.eq_any(&self.ids))
                        .load::<User>(&mut self.conn)?)
                }

                fn batch_insert_returning(&mut self) -> Result<Vec<User>, Error> {
                    Ok(diesel::insert_into(users::table)
                        .values(&self.new_users)
                        .get_results::<User>(&mut self.conn)?)
                }
            }

            /// diesel's runner for `workload` on `conn`, connected to the filled database.
            pub(in crate::peers) fn runner_on(
                conn: $connection,
                workload: Workload,
            ) -> Box<dyn Runner> {
                let peer = Diesel {
                    conn,
                    new_users: new_users(workload),
                    ids: data::id_list(),
                };
                match workload {
                    Workload::TrivialQuery(_) => {
                        Bound::boxed(peer, Diesel::trivial_query, |_, rows| {
                            Ok(Answer::Users(users(rows)))
                        })
                    }
                    Workload::MediumComplexQuery => {
                        Bound::boxed(peer, Diesel::medium_complex_query, |_, rows| {
                            Ok(users_with_posts(rows))
                        })
                    }
                    Workload::LookupById => Bound::boxed(peer, Diesel::lookup_by_id, |_, row| {
                        Ok(Answer::User(super::user(row)))
                    }),
                    Workload::Insert(_) | Workload::BatchInsert(_) => {
                        Bound::boxed(peer, Diesel::insert, |peer, count| {
                            Ok(super::super::inserted(count, users(peer.trivial_query()?)))
                        })
                    }
                    Workload::Associations => {
                        Bound::boxed(peer, Diesel::associations, |_, rows| Ok(associations(rows)))
                    }
                    Workload::InsertRowAtATime(_) => {
                        Bound::boxed(peer, Diesel::insert_row_at_a_time, |peer, count| {
                            Ok(super::super::inserted(count, users(peer.trivial_query()?)))
                        })
                    }
                    Workload::LookupIdList => {
                        Bound::boxed(peer, Diesel::lookup_id_list, |_, rows| {
                            Ok(Answer::Users(users(rows)))
                        })
                    }
                    Workload::BatchInsertReturning(_) => {
                        Bound::boxed(peer, Diesel::batch_insert_returning, |_, rows| {
                            Ok(Answer::Returned(users(rows)))
                        })
                    }
                }
            }
        }
    };
}

diesel_peer!(on_sqlite, SqliteConnection);
diesel_peer!(on_postgres, PgConnection);

/// diesel on a new in-memory SQLite database filled by `script`.
pub(super) mod sqlite {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;

    use crate::workload::{Error, Runner, Workload};

    pub(in crate::peers) fn runner(
        script: &str,
        workload: Workload,
    ) -> Result<Box<dyn Runner>, Error> {
        let mut conn = SqliteConnection::establish(":memory:")?;
        conn.batch_execute(script)?;
        Ok(super::on_sqlite::runner_on(conn, workload))
    }
}

/// diesel on the filled PostgreSQL database at `url`.
pub(super) mod postgres {
    use diesel::prelude::*;

    use crate::workload::{Error, Runner, Workload};

    pub(in crate::peers) fn runner(
        url: &str,
        workload: Workload,
    ) -> Result<Box<dyn Runner>, Error> {
        Ok(super::on_postgres::runner_on(
            PgConnection::establish(url)?,
            workload,
        ))
    }
}
