//! Hand-written `postgres` (the synchronous client): every statement prepared once when the
//! peer starts, columns read by index into plain structs, IN lists as `= ANY($1)` with one
//! array parameter, a batched insert as `unnest` of one array parameter per column. sqlmint's
//! synchronous PostgreSQL executor is built on this client.

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use crate::data::{self, group_by_hand, Answer, Associations, Comment, NewUser, Post, User};
use crate::workload::{Bound, Error, Runner, Workload};

/// The SQL of the workloads, shared with the `tokio_postgres` peer.
pub(super) mod sql {
    pub const ALL_USERS: &str = "SELECT id, name, hair_color FROM users";
    pub const USER_BY_ID: &str = "SELECT id, name, hair_color FROM users WHERE id = $1";
    pub const USERS_WITH_POSTS: &str =
        "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body \
         FROM users AS u LEFT JOIN posts AS p ON u.id = p.user_id WHERE u.hair_color = $1";
    pub const INSERT_USER: &str = "INSERT INTO users (name, hair_color) VALUES ($1, $2)";
    pub const USERS_BY_IDS: &str = "SELECT id, name, hair_color FROM users WHERE id = ANY($1)";
    pub const POSTS_OF: &str = "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)";
    pub const COMMENTS_OF: &str = "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)";
    /// The batched insert as a careful hand-written PostgreSQL program writes it: one
    /// statement, prepared once, whatever the number of rows, each column one array that
    /// `unnest` zips back into rows; no chunks, as two parameters are far from the 65 535 a
    /// statement may bind (and arrays are how this peer binds its IN lists too).
    pub const INSERT_UNNEST: &str = "INSERT INTO users (name, hair_color) \
         SELECT * FROM unnest($1::text[], $2::text[])";
    pub const INSERT_UNNEST_RETURNING: &str = "INSERT INTO users (name, hair_color) \
         SELECT * FROM unnest($1::text[], $2::text[]) RETURNING id, name, hair_color";

    /// `INSERT INTO users ... VALUES ($1, $2), ($3, $4), ...` for `rows` users.
    pub fn insert_users(rows: usize) -> String {
        let values: Vec<String> = (0..rows)
            .map(|row| format!("(${}, ${})", 2 * row + 1, 2 * row + 2))
            .collect();
        format!(
            "INSERT INTO users (name, hair_color) VALUES {}",
            values.join(", ")
        )
    }
}

/// Every statement of the workloads, prepared on the peer's connection.
pub(super) struct Statements {
    pub all_users: Statement,
    pub user_by_id: Statement,
    pub users_with_posts: Statement,
    pub insert_user: Statement,
    pub insert_users: Statement,
    pub insert_unnest: Statement,
    pub insert_unnest_returning: Statement,
    pub users_by_ids: Statement,
    pub posts_of: Statement,
    pub comments_of: Statement,
}

pub(super) fn user(row: &Row) -> Result<User, Error> {
    Ok(User {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        hair_color: row.try_get(2)?,
    })
}

pub(super) fn user_with_post(row: &Row) -> Result<(User, Option<Post>), Error> {
    let post = match row.try_get::<_, Option<i32>>(3)? {
        Some(id) => Some(Post {
            id,
            user_id: row.try_get(4)?,
            title: row.try_get(5)?,
            body: row.try_get(6)?,
        }),
        None => None,
    };
    Ok((user(row)?, post))
}

pub(super) fn post(row: &Row) -> Result<Post, Error> {
    Ok(Post {
        id: row.try_get(0)?,
        user_id: row.try_get(1)?,
        title: row.try_get(2)?,
        body: row.try_get(3)?,
    })
}

pub(super) fn comment(row: &Row) -> Result<Comment, Error> {
    Ok(Comment {
        id: row.try_get(0)?,
        post_id: row.try_get(1)?,
        text: row.try_get(2)?,
    })
}

/// The parameters of the multi-row INSERT: each user's name and hair colour, in order.
pub(super) fn insert_parameters(users: &[NewUser]) -> Vec<&(dyn ToSql + Sync)> {
    users
        .iter()
        .flat_map(|user| [&user.name as &(dyn ToSql + Sync), &user.hair_color])
        .collect()
}

/// The batched insert's parameters: every name, then every hair colour, as two arrays.
pub(super) fn unnest_parameters(users: &[NewUser]) -> (Vec<&str>, Vec<Option<&str>>) {
    let names = users.iter().map(|user| user.name.as_str()).collect();
    let hair_colors = users
        .iter()
        .map(|user| user.hair_color.as_deref())
        .collect();
    (names, hair_colors)
}

struct Postgres {
    client: Client,
    statements: Statements,
    new_users: Vec<NewUser>,
    ids: Vec<i32>,
}

impl Postgres {
    fn trivial_query(&mut self) -> Result<Vec<User>, Error> {
        let rows = self.client.query(&self.statements.all_users, &[])?;
        rows.iter().map(user).collect()
    }

    fn medium_complex_query(&mut self) -> Result<Vec<(User, Option<Post>)>, Error> {
        let statement = &self.statements.users_with_posts;
        let rows = self.client.query(statement, &[&data::HAIR_COLOR])?;
        rows.iter().map(user_with_post).collect()
    }

    fn lookup_by_id(&mut self) -> Result<User, Error> {
        let statement = &self.statements.user_by_id;
        user(&self.client.query_one(statement, &[&data::LOOKUP_ID])?)
    }

    fn insert(&mut self) -> Result<u64, Error> {
        let parameters = insert_parameters(&self.new_users);
        Ok(self
            .client
            .execute(&self.statements.insert_users, &parameters)?)
    }

    fn associations(&mut self) -> Result<Associations, Error> {
        let users = self.client.query(&self.statements.all_users, &[])?;
        let users = users.iter().map(user).collect::<Result<Vec<_>, _>>()?;
        let user_ids: Vec<i32> = users.iter().map(|user| user.id).collect();
        let posts = self.client.query(&self.statements.posts_of, &[&user_ids])?;
        let posts = posts.iter().map(post).collect::<Result<Vec<_>, _>>()?;
        let post_ids: Vec<i32> = posts.iter().map(|post| post.id).collect();
        let comments = self
            .client
            .query(&self.statements.comments_of, &[&post_ids])?;
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
    }

    fn insert_row_at_a_time(&mut self) -> Result<u64, Error> {
        let mut transaction = self.client.transaction()?;
        let mut count = 0;
        for user in &self.new_users {
            count += transaction.execute(
                &self.statements.insert_user,
                &[&user.name, &user.hair_color],
            )?;
        }
        transaction.commit()?;
        Ok(count)
    }

    fn lookup_id_list(&mut self) -> Result<Vec<User>, Error> {
        let rows = self
            .client
            .query(&self.statements.users_by_ids, &[&self.ids])?;
        rows.iter().map(user).collect()
    }

    fn batch_insert(&mut self) -> Result<u64, Error> {
        let (names, hair_colors) = unnest_parameters(&self.new_users);
        let statement = &self.statements.insert_unnest;
        Ok(self.client.execute(statement, &[&names, &hair_colors])?)
    }

    fn batch_insert_returning(&mut self) -> Result<Vec<User>, Error> {
        let (names, hair_colors) = unnest_parameters(&self.new_users);
        let statement = &self.statements.insert_unnest_returning;
        let rows = self.client.query(statement, &[&names, &hair_colors])?;
        rows.iter().map(user).collect()
    }
}

/// The `postgres` peer's runner for `workload` on the filled database at `url`.
pub(super) fn runner(url: &str, workload: Workload) -> Result<Box<dyn Runner>, Error> {
    let mut client = Client::connect(url, NoTls)?;
    let new_users = super::new_users(workload);
    let statements = Statements {
        all_users: client.prepare(sql::ALL_USERS)?,
        user_by_id: client.prepare(sql::USER_BY_ID)?,
        users_with_posts: client.prepare(sql::USERS_WITH_POSTS)?,
        insert_user: client.prepare(sql::INSERT_USER)?,
        insert_users: client.prepare(&sql::insert_users(new_users.len().max(1)))?,
        insert_unnest: client.prepare(sql::INSERT_UNNEST)?,
        insert_unnest_returning: client.prepare(sql::INSERT_UNNEST_RETURNING)?,
        users_by_ids: client.prepare(sql::USERS_BY_IDS)?,
        posts_of: client.prepare(sql::POSTS_OF)?,
        comments_of: client.prepare(sql::COMMENTS_OF)?,
    };
    let peer = Postgres {
        client,
        statements,
        new_users,
        ids: data::id_list(),
    };
    Ok(match workload {
        Workload::TrivialQuery(_) => Bound::boxed(peer, Postgres::trivial_query, |_, rows| {
            Ok(Answer::Users(rows))
        }),
        Workload::MediumComplexQuery => {
            Bound::boxed(peer, Postgres::medium_complex_query, |_, rows| {
                Ok(Answer::UsersWithPost(rows))
            })
        }
        Workload::LookupById => {
            Bound::boxed(peer, Postgres::lookup_by_id, |_, row| Ok(Answer::User(row)))
        }
        Workload::Insert(_) => Bound::boxed(peer, Postgres::insert, |peer, count| {
            Ok(super::inserted(count, peer.trivial_query()?))
        }),
        Workload::Associations => Bound::boxed(peer, Postgres::associations, |_, rows| {
            Ok(Answer::Associations(rows))
        }),
        Workload::InsertRowAtATime(_) => {
            Bound::boxed(peer, Postgres::insert_row_at_a_time, |peer, count| {
                Ok(super::inserted(count, peer.trivial_query()?))
            })
        }
        Workload::LookupIdList => Bound::boxed(peer, Postgres::lookup_id_list, |_, rows| {
            Ok(Answer::Users(rows))
        }),
        Workload::BatchInsert(_) => Bound::boxed(peer, Postgres::batch_insert, |peer, count| {
            Ok(super::inserted(count, peer.trivial_query()?))
        }),
        Workload::BatchInsertReturning(_) => {
            Bound::boxed(peer, Postgres::batch_insert_returning, |_, rows| {
                Ok(Answer::Returned(rows))
            })
        }
    })
}
