//! sqlmint's synchronous executors (SQLite, and PostgreSQL through `postgres`): one peer,
//! generic over `sqlmint::Executor`, as an application written against the trait runs on both.

use sqlmint::constructs::{Supports, LIST_PARAMETER};
use sqlmint::rows::group_children;
use sqlmint::Executor;

use crate::data::{self, Answer};
use crate::db;
use crate::workload::{Bound, Error, Runner, Workload};

/// The workloads' statements, each named once; the async peer runs the same ones.
pub(super) mod statements {
    use crate::db;

    db::query! {
        pub mod all_users { SELECT * FROM users }
    }
    db::query! {
        /// Read as `(Users, Option<Posts>)`: the LEFT JOIN's right side is `None` where a
        /// user has no post.
        pub mod users_with_posts {
            SELECT users.*, posts.* FROM users LEFT JOIN posts WHERE users.hair_color = :hair_color
        }
    }
    db::query! {
        pub mod user_by_id { SELECT * FROM users WHERE id = :id }
    }
    db::query! {
        pub mod users_by_ids { SELECT * FROM users WHERE id IN :ids }
    }
    db::query! {
        pub mod posts_of { SELECT * FROM posts WHERE user_id IN :user_ids }
    }
    db::query! {
        pub mod comments_of { SELECT * FROM comments WHERE post_id IN :post_ids }
    }
}

use statements::*;

/// Users with their posts, each with its comments, in sqlmint's row structs.
pub(super) type Associations = Vec<(db::Users, Vec<(db::Posts, Vec<db::Comments>)>)>;

struct Sqlmint<E> {
    conn: E,
    new_users: Vec<db::NewUsers>,
    ids: Vec<i32>,
}

impl<E: Executor> Sqlmint<E>
where
    E::Dialect: Supports<LIST_PARAMETER>,
{
    fn trivial_query(&mut self) -> Result<Vec<db::Users>, Error> {
        Ok(self.conn.fetch_all(&all_users::new())?)
    }

    fn medium_complex_query(&mut self) -> Result<Vec<(db::Users, Option<db::Posts>)>, Error> {
        Ok(self
            .conn
            .fetch_all(&users_with_posts::new(data::HAIR_COLOR))?)
    }

    fn lookup_by_id(&mut self) -> Result<db::Users, Error> {
        Ok(self.conn.fetch_one(&user_by_id::new(data::LOOKUP_ID))?)
    }

    fn insert(&mut self) -> Result<u64, Error> {
        let conn = &self.conn;
        with_insert_of!(&self.new_users, |statement| Ok(conn.execute(&statement)?))
    }

    fn associations(&mut self) -> Result<Associations, Error> {
        let users = self.conn.fetch_all(&all_users::new())?;
        let user_ids: Vec<i32> = users.iter().map(|user| user.id).collect();
        let posts = self.conn.fetch_all(&posts_of::new(&user_ids))?;
        let post_ids: Vec<i32> = posts.iter().map(|post| post.id).collect();
        let comments = self.conn.fetch_all(&comments_of::new(&post_ids))?;
        let posts = group_children(posts, comments, |post| post.id, |comment| comment.post_id);
        Ok(group_children(
            users,
            posts,
            |user| user.id,
            |(post, _)| post.user_id,
        ))
    }

    /// One `execute` per row in one transaction, as the hand-written peers do:
    /// `execute_many` would batch the rows (see [`Sqlmint::batch_insert`]).
    fn insert_row_at_a_time(&mut self) -> Result<u64, Error> {
        let new_users = &self.new_users;
        self.conn.transaction(|tx| {
            let mut count = 0;
            for user in new_users {
                count += tx.execute(user)?;
            }
            Ok(count)
        })
    }

    fn lookup_id_list(&mut self) -> Result<Vec<db::Users>, Error> {
        Ok(self.conn.fetch_all(&users_by_ids::new(&self.ids))?)
    }

    fn batch_insert(&mut self) -> Result<u64, Error> {
        Ok(self.conn.execute_many(&self.new_users)?)
    }

    fn batch_insert_returning(&mut self) -> Result<Vec<db::Users>, Error> {
        let items = self.new_users.iter().map(db::NewUsers::returning);
        Ok(self.conn.fetch_many(items)?)
    }
}

/// sqlmint's runner for `workload` on `conn`, a connection to the workload's filled database.
pub(super) fn runner<E>(conn: E, workload: Workload) -> Box<dyn Runner>
where
    E: Executor + 'static,
    E::Dialect: Supports<LIST_PARAMETER>,
{
    let peer = Sqlmint {
        conn,
        new_users: new_users(workload),
        ids: data::id_list(),
    };
    match workload {
        Workload::TrivialQuery(_) => Bound::boxed(peer, Sqlmint::trivial_query, |_, rows| {
            Ok(Answer::Users(users(rows)))
        }),
        Workload::MediumComplexQuery => {
            Bound::boxed(peer, Sqlmint::medium_complex_query, |_, rows| {
                Ok(users_with_posts(rows))
            })
        }
        Workload::LookupById => Bound::boxed(peer, Sqlmint::lookup_by_id, |_, row| {
            Ok(Answer::User(user(row)))
        }),
        Workload::Insert(_) => Bound::boxed(peer, Sqlmint::insert, |peer, count| {
            Ok(inserted(count, peer.trivial_query()?))
        }),
        Workload::Associations => Bound::boxed(peer, Sqlmint::associations, |_, rows| {
            Ok(associations(rows))
        }),
        Workload::InsertRowAtATime(_) => {
            Bound::boxed(peer, Sqlmint::insert_row_at_a_time, |peer, count| {
                Ok(inserted(count, peer.trivial_query()?))
            })
        }
        Workload::LookupIdList => Bound::boxed(peer, Sqlmint::lookup_id_list, |_, rows| {
            Ok(Answer::Users(users(rows)))
        }),
        Workload::BatchInsert(_) => Bound::boxed(peer, Sqlmint::batch_insert, |peer, count| {
            Ok(inserted(count, peer.trivial_query()?))
        }),
        Workload::BatchInsertReturning(_) => {
            Bound::boxed(peer, Sqlmint::batch_insert_returning, |_, rows| {
                Ok(Answer::Returned(users(rows)))
            })
        }
    }
}

/// The workload's users to insert, as sqlmint's `New...` structs.
pub(super) fn new_users(workload: Workload) -> Vec<db::NewUsers> {
    super::new_users(workload)
        .into_iter()
        .map(|user| db::NewUsers {
            name: user.name,
            hair_color: user.hair_color,
        })
        .collect()
}

pub(super) fn user(row: db::Users) -> data::User {
    data::User {
        id: row.id,
        name: row.name,
        hair_color: row.hair_color,
    }
}

pub(super) fn users(rows: Vec<db::Users>) -> Vec<data::User> {
    rows.into_iter().map(user).collect()
}

fn post(row: db::Posts) -> data::Post {
    data::Post {
        id: row.id,
        user_id: row.user_id,
        title: row.title,
        body: row.body,
    }
}

pub(super) fn users_with_posts(rows: Vec<(db::Users, Option<db::Posts>)>) -> Answer {
    Answer::UsersWithPost(
        rows.into_iter()
            .map(|(row, maybe)| (user(row), maybe.map(post)))
            .collect(),
    )
}

pub(super) fn associations(rows: Associations) -> Answer {
    let comment = |row: db::Comments| data::Comment {
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

pub(super) fn inserted(count: u64, rows: Vec<db::Users>) -> Answer {
    super::inserted(count, users(rows))
}
