//! Hand-written `tokio-postgres`: the `postgres` peer's statements and reading, awaited; each
//! call is one `block_on` of a current-thread runtime that also drives the connection, as
//! diesel_bench drives its async peers.

use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls};

use super::postgres::{
    comment, insert_parameters, post, sql, unnest_parameters, user, user_with_post, Statements,
};
use crate::data::{self, group_by_hand, Answer, Associations, NewUser, Post, User};
use crate::workload::{Bound, Error, Runner, Workload};

struct TokioPostgres {
    runtime: Runtime,
    client: Client,
    statements: Statements,
    new_users: Vec<NewUser>,
    ids: Vec<i32>,
}

impl TokioPostgres {
    fn trivial_query(&mut self) -> Result<Vec<User>, Error> {
        let query = self.client.query(&self.statements.all_users, &[]);
        let rows = self.runtime.block_on(query)?;
        rows.iter().map(user).collect()
    }

    fn medium_complex_query(&mut self) -> Result<Vec<(User, Option<Post>)>, Error> {
        let statement = &self.statements.users_with_posts;
        let query = self.client.query(statement, &[&data::HAIR_COLOR]);
        let rows = self.runtime.block_on(query)?;
        rows.iter().map(user_with_post).collect()
    }

    fn lookup_by_id(&mut self) -> Result<User, Error> {
        let statement = &self.statements.user_by_id;
        let query = self.client.query_one(statement, &[&data::LOOKUP_ID]);
        user(&self.runtime.block_on(query)?)
    }

    fn insert(&mut self) -> Result<u64, Error> {
        let parameters = insert_parameters(&self.new_users);
        let execute = self
            .client
            .execute(&self.statements.insert_users, &parameters);
        Ok(self.runtime.block_on(execute)?)
    }

    fn associations(&mut self) -> Result<Associations, Error> {
        let (client, statements) = (&self.client, &self.statements);
        self.runtime.block_on(async {
            let users = client.query(&statements.all_users, &[]).await?;
            let users = users.iter().map(user).collect::<Result<Vec<_>, _>>()?;
            let user_ids: Vec<i32> = users.iter().map(|user| user.id).collect();
            let posts = client.query(&statements.posts_of, &[&user_ids]).await?;
            let posts = posts.iter().map(post).collect::<Result<Vec<_>, _>>()?;
            let post_ids: Vec<i32> = posts.iter().map(|post| post.id).collect();
            let comments = client.query(&statements.comments_of, &[&post_ids]).await?;
            let comments = comments
                .iter()
                .map(comment)
                .collect::<Result<Vec<_>, _>>()?;
            let posts = group_by_hand(posts, comments, |post| post.id, |comment| comment.post_id);
            Ok(group_by_hand(
                users,
                posts,
                |user| user.id,
                |(post, _)| post.user_id,
            ))
        })
    }

    fn insert_row_at_a_time(&mut self) -> Result<u64, Error> {
        let (client, statements, new_users) = (&mut self.client, &self.statements, &self.new_users);
        self.runtime.block_on(async {
            let transaction = client.transaction().await?;
            let mut count = 0;
            for user in new_users {
                count += transaction
                    .execute(&statements.insert_user, &[&user.name, &user.hair_color])
                    .await?;
            }
            transaction.commit().await?;
            Ok(count)
        })
    }

    fn lookup_id_list(&mut self) -> Result<Vec<User>, Error> {
        let statement = &self.statements.users_by_ids;
        let rows = self
            .runtime
            .block_on(self.client.query(statement, &[&self.ids]))?;
        rows.iter().map(user).collect()
    }

    fn batch_insert(&mut self) -> Result<u64, Error> {
        let (names, hair_colors) = unnest_parameters(&self.new_users);
        let statement = &self.statements.insert_unnest;
        let parameters: [&(dyn ToSql + Sync); 2] = [&names, &hair_colors];
        let execute = self.client.execute(statement, &parameters);
        Ok(self.runtime.block_on(execute)?)
    }

    fn batch_insert_returning(&mut self) -> Result<Vec<User>, Error> {
        let (names, hair_colors) = unnest_parameters(&self.new_users);
        let statement = &self.statements.insert_unnest_returning;
        let parameters: [&(dyn ToSql + Sync); 2] = [&names, &hair_colors];
        let query = self.client.query(statement, &parameters);
        let rows = self.runtime.block_on(query)?;
        rows.iter().map(user).collect()
    }
}

/// The `tokio_postgres` peer's runner for `workload` on the filled database at `url`.
pub(super) fn runner(url: &str, workload: Workload) -> Result<Box<dyn Runner>, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let new_users = super::new_users(workload);
    let (client, statements) = runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
        // A connection that fails is reported by the client's next call.
        tokio::spawn(async move { drop(connection.await) });
        let statements = Statements {
            all_users: client.prepare(sql::ALL_USERS).await?,
            user_by_id: client.prepare(sql::USER_BY_ID).await?,
            users_with_posts: client.prepare(sql::USERS_WITH_POSTS).await?,
            insert_user: client.prepare(sql::INSERT_USER).await?,
            insert_users: client
                .prepare(&sql::insert_users(new_users.len().max(1)))
                .await?,
            insert_unnest: client.prepare(sql::INSERT_UNNEST).await?,
            insert_unnest_returning: client.prepare(sql::INSERT_UNNEST_RETURNING).await?,
            users_by_ids: client.prepare(sql::USERS_BY_IDS).await?,
            posts_of: client.prepare(sql::POSTS_OF).await?,
            comments_of: client.prepare(sql::COMMENTS_OF).await?,
        };
        Ok::<_, Error>((client, statements))
    })?;
    let peer = TokioPostgres {
        runtime,
        client,
        statements,
        new_users,
        ids: data::id_list(),
    };
    Ok(match workload {
        Workload::TrivialQuery(_) => Bound::boxed(peer, TokioPostgres::trivial_query, |_, rows| {
            Ok(Answer::Users(rows))
        }),
        Workload::MediumComplexQuery => {
            Bound::boxed(peer, TokioPostgres::medium_complex_query, |_, rows| {
                Ok(Answer::UsersWithPost(rows))
            })
        }
        Workload::LookupById => Bound::boxed(peer, TokioPostgres::lookup_by_id, |_, row| {
            Ok(Answer::User(row))
        }),
        Workload::Insert(_) => Bound::boxed(peer, TokioPostgres::insert, |peer, count| {
            Ok(super::inserted(count, peer.trivial_query()?))
        }),
        Workload::Associations => Bound::boxed(peer, TokioPostgres::associations, |_, rows| {
            Ok(Answer::Associations(rows))
        }),
        Workload::InsertRowAtATime(_) => {
            Bound::boxed(peer, TokioPostgres::insert_row_at_a_time, |peer, count| {
                Ok(super::inserted(count, peer.trivial_query()?))
            })
        }
        Workload::LookupIdList => Bound::boxed(peer, TokioPostgres::lookup_id_list, |_, rows| {
            Ok(Answer::Users(rows))
        }),
        Workload::BatchInsert(_) => {
            Bound::boxed(peer, TokioPostgres::batch_insert, |peer, count| {
                Ok(super::inserted(count, peer.trivial_query()?))
            })
        }
        Workload::BatchInsertReturning(_) => {
            Bound::boxed(peer, TokioPostgres::batch_insert_returning, |_, rows| {
                Ok(Answer::Returned(rows))
            })
        }
    })
}
