//! sqlmint's asynchronous executor (`tokio-postgres`), driven as the `tokio_postgres` peer is:
//! each call is one `block_on` of a current-thread runtime, which also runs the connection.

use sqlmint::rows::group_children;
use sqlmint::tokio_postgres::Connection;
use tokio::runtime::Runtime;

use super::sqlmint::{
    associations, inserted, new_users, statements::*, user, users, users_with_posts, Associations,
};
use crate::data::{self, Answer};
use crate::db;
use crate::workload::{Bound, Error, Runner, Workload};

struct SqlmintAsync {
    runtime: Runtime,
    conn: Connection,
    new_users: Vec<db::NewUsers>,
    ids: Vec<i32>,
}

impl SqlmintAsync {
    fn trivial_query(&mut self) -> Result<Vec<db::Users>, Error> {
        Ok(self
            .runtime
            .block_on(self.conn.fetch_all(&all_users::new()))?)
    }

    fn medium_complex_query(&mut self) -> Result<Vec<(db::Users, Option<db::Posts>)>, Error> {
        let statement = users_with_posts::new(data::HAIR_COLOR);
        Ok(self.runtime.block_on(self.conn.fetch_all(&statement))?)
    }

    fn lookup_by_id(&mut self) -> Result<db::Users, Error> {
        let statement = user_by_id::new(data::LOOKUP_ID);
        Ok(self.runtime.block_on(self.conn.fetch_one(&statement))?)
    }

    fn insert(&mut self) -> Result<u64, Error> {
        let (runtime, conn) = (&self.runtime, &self.conn);
        with_insert_of!(&self.new_users, |statement| Ok(
            runtime.block_on(conn.execute(&statement))?
        ))
    }

    fn associations(&mut self) -> Result<Associations, Error> {
        let conn = &self.conn;
        self.runtime.block_on(async {
            let users = conn.fetch_all(&all_users::new()).await?;
            let user_ids: Vec<i32> = users.iter().map(|user| user.id).collect();
            let posts = conn.fetch_all(&posts_of::new(&user_ids)).await?;
            let post_ids: Vec<i32> = posts.iter().map(|post| post.id).collect();
            let comments = conn.fetch_all(&comments_of::new(&post_ids)).await?;
            let posts = group_children(posts, comments, |post| post.id, |comment| comment.post_id);
            Ok(group_children(
                users,
                posts,
                |user| user.id,
                |(post, _)| post.user_id,
            ))
        })
    }

    /// One `execute` per row between `begin` and `commit`, as the hand-written peers do:
    /// `execute_many` would batch the rows (see [`SqlmintAsync::batch_insert`]).
    fn insert_row_at_a_time(&mut self) -> Result<u64, Error> {
        let (conn, new_users) = (&mut self.conn, &self.new_users);
        self.runtime.block_on(async {
            let transaction = conn.begin().await?;
            let mut count = 0;
            for user in new_users {
                count += transaction.execute(user).await?;
            }
            transaction.commit().await?;
            Ok(count)
        })
    }

    fn lookup_id_list(&mut self) -> Result<Vec<db::Users>, Error> {
        let statement = users_by_ids::new(&self.ids);
        Ok(self.runtime.block_on(self.conn.fetch_all(&statement))?)
    }

    fn batch_insert(&mut self) -> Result<u64, Error> {
        let (conn, new_users) = (&mut self.conn, &self.new_users);
        Ok(self.runtime.block_on(conn.execute_many(new_users))?)
    }

    fn batch_insert_returning(&mut self) -> Result<Vec<db::Users>, Error> {
        let items = self.new_users.iter().map(db::NewUsers::returning);
        Ok(self.runtime.block_on(self.conn.fetch_many(items))?)
    }
}

/// sqlmint's async runner for `workload` on the filled database at `url`.
pub(super) fn runner(url: &str, workload: Workload) -> Result<Box<dyn Runner>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let conn = runtime.block_on(Connection::connect(url))?;
    let peer = SqlmintAsync {
        runtime,
        conn,
        new_users: new_users(workload),
        ids: data::id_list(),
    };
    Ok(match workload {
        Workload::TrivialQuery(_) => Bound::boxed(peer, SqlmintAsync::trivial_query, |_, rows| {
            Ok(Answer::Users(users(rows)))
        }),
        Workload::MediumComplexQuery => {
            Bound::boxed(peer, SqlmintAsync::medium_complex_query, |_, rows| {
                Ok(users_with_posts(rows))
            })
        }
        Workload::LookupById => Bound::boxed(peer, SqlmintAsync::lookup_by_id, |_, row| {
            Ok(Answer::User(user(row)))
        }),
        Workload::Insert(_) => Bound::boxed(peer, SqlmintAsync::insert, |peer, count| {
            Ok(inserted(count, peer.trivial_query()?))
        }),
        Workload::Associations => Bound::boxed(peer, SqlmintAsync::associations, |_, rows| {
            Ok(associations(rows))
        }),
        Workload::InsertRowAtATime(_) => {
            Bound::boxed(peer, SqlmintAsync::insert_row_at_a_time, |peer, count| {
                Ok(inserted(count, peer.trivial_query()?))
            })
        }
        Workload::LookupIdList => Bound::boxed(peer, SqlmintAsync::lookup_id_list, |_, rows| {
            Ok(Answer::Users(users(rows)))
        }),
        Workload::BatchInsert(_) => {
            Bound::boxed(peer, SqlmintAsync::batch_insert, |peer, count| {
                Ok(inserted(count, peer.trivial_query()?))
            })
        }
        Workload::BatchInsertReturning(_) => {
            Bound::boxed(peer, SqlmintAsync::batch_insert_returning, |_, rows| {
                Ok(Answer::Returned(users(rows)))
            })
        }
    })
}
