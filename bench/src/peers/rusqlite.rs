//! Hand-written rusqlite: `prepare_cached`, columns read by index into plain structs, an IN
//! list written out with one `?` per id, a batched insert as multi-row INSERTs of
//! [`ROWS_PER_INSERT`] rows in one transaction. The most efficient straightforward code, the
//! floor sqlmint's SQLite executor (built on the same rusqlite) is measured against.

use rusqlite::types::ToSql;
use rusqlite::{params_from_iter, CachedStatement, Connection, Row};

use super::{placeholders, ROWS_PER_INSERT};
use crate::data::{self, group_by_hand, Answer, Associations, Comment, NewUser, Post, User};
use crate::workload::{Bound, Error, Runner, Workload};

const ALL_USERS: &str = "SELECT id, name, hair_color FROM users";
const USER_BY_ID: &str = "SELECT id, name, hair_color FROM users WHERE id = ?1";
const USERS_WITH_POSTS: &str =
    "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body \
     FROM users AS u LEFT JOIN posts AS p ON u.id = p.user_id WHERE u.hair_color = ?1";
const INSERT_USER: &str = "INSERT INTO users (name, hair_color) VALUES (?1, ?2)";

struct Rusqlite {
    conn: Connection,
    new_users: Vec<NewUser>,
    /// The multi-row INSERT for `new_users`, written once as the workload's size is fixed.
    insert_sql: String,
    /// The batched insert's statements, one per chunk of `new_users`, written once likewise.
    chunk_sql: Vec<String>,
    ids: Vec<i32>,
}

/// `INSERT INTO users (name, hair_color) VALUES (?, ?), ...` of `rows` rows, then `tail`.
fn insert_users(rows: usize, tail: &str) -> String {
    let rows = vec!["(?, ?)"; rows];
    format!(
        "INSERT INTO users (name, hair_color) VALUES {}{tail}",
        rows.join(", ")
    )
}

/// The multi-row INSERT's parameters: each user's name and hair colour, in order.
fn insert_parameters(users: &[NewUser]) -> impl Iterator<Item = &dyn ToSql> {
    users
        .iter()
        .flat_map(|user| [&user.name as &dyn ToSql, &user.hair_color])
}

fn user(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        hair_color: row.get(2)?,
    })
}

fn post(row: &Row<'_>) -> rusqlite::Result<Post> {
    Ok(Post {
        id: row.get(0)?,
        user_id: row.get(1)?,
        title: row.get(2)?,
        body: row.get(3)?,
    })
}

fn comment(row: &Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: row.get(0)?,
        post_id: row.get(1)?,
        text: row.get(2)?,
    })
}

impl Rusqlite {
    fn trivial_query(&mut self) -> Result<Vec<User>, Error> {
        let mut statement = self.conn.prepare_cached(ALL_USERS)?;
        let users = statement.query_map([], user)?.collect::<Result<_, _>>()?;
        Ok(users)
    }

    fn medium_complex_query(&mut self) -> Result<Vec<(User, Option<Post>)>, Error> {
        let mut statement = self.conn.prepare_cached(USERS_WITH_POSTS)?;
        let rows = statement.query_map([data::HAIR_COLOR], |row| {
            let post = match row.get::<_, Option<i32>>(3)? {
                Some(id) => Some(Post {
                    id,
                    user_id: row.get(4)?,
                    title: row.get(5)?,
                    body: row.get(6)?,
                }),
                None => None,
            };
            Ok((user(row)?, post))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn lookup_by_id(&mut self) -> Result<User, Error> {
        let mut statement = self.conn.prepare_cached(USER_BY_ID)?;
        Ok(statement.query_row([data::LOOKUP_ID], user)?)
    }

    fn insert(&mut self) -> Result<u64, Error> {
        let mut statement = self.conn.prepare_cached(&self.insert_sql)?;
        let parameters = insert_parameters(&self.new_users);
        Ok(statement.execute(params_from_iter(parameters))? as u64)
    }

    fn associations(&mut self) -> Result<Associations, Error> {
        let users = self
            .conn
            .prepare_cached(ALL_USERS)?
            .query_map([], user)?
            .collect::<Result<Vec<_>, _>>()?;
        let sql = format!(
            "SELECT id, user_id, title, body FROM posts WHERE user_id IN ({})",
            placeholders(users.len())
        );
        let posts = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(users.iter().map(|user| user.id)), post)?
            .collect::<Result<Vec<_>, _>>()?;
        let sql = format!(
            "SELECT id, post_id, text FROM comments WHERE post_id IN ({})",
            placeholders(posts.len())
        );
        let comments = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(posts.iter().map(|post| post.id)), comment)?
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
        let transaction = self.conn.transaction()?;
        let mut count = 0;
        {
            let mut statement = transaction.prepare_cached(INSERT_USER)?;
            for user in &self.new_users {
                count += statement.execute((&user.name, &user.hair_color))? as u64;
            }
        }
        transaction.commit()?;
        Ok(count)
    }

    fn lookup_id_list(&mut self) -> Result<Vec<User>, Error> {
        let sql = format!(
            "SELECT id, name, hair_color FROM users WHERE id IN ({})",
            placeholders(self.ids.len())
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let users = statement
            .query_map(params_from_iter(&self.ids), user)?
            .collect::<Result<_, _>>()?;
        Ok(users)
    }

    /// Runs `run` on each chunk of `new_users` with its statement, in one transaction.
    fn in_chunks<T>(
        &mut self,
        mut run: impl FnMut(&mut CachedStatement<'_>, &[NewUser]) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, Error> {
        let transaction = self.conn.transaction()?;
        let mut results = Vec::with_capacity(self.chunk_sql.len());
        for (chunk, sql) in self.new_users.chunks(ROWS_PER_INSERT).zip(&self.chunk_sql) {
            results.push(run(&mut transaction.prepare_cached(sql)?, chunk)?);
        }
        transaction.commit()?;
        Ok(results)
    }

    fn batch_insert(&mut self) -> Result<u64, Error> {
        let counts = self.in_chunks(|statement, chunk| {
            statement.execute(params_from_iter(insert_parameters(chunk)))
        })?;
        Ok(counts.into_iter().sum::<usize>() as u64)
    }

    fn batch_insert_returning(&mut self) -> Result<Vec<User>, Error> {
        let chunks = self.in_chunks(|statement, chunk| {
            let rows = statement.query_map(params_from_iter(insert_parameters(chunk)), user)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
        })?;
        Ok(chunks.into_iter().flatten().collect())
    }
}

/// rusqlite's runner for `workload`, on a new in-memory database filled by `script`.
pub(super) fn runner(script: &str, workload: Workload) -> Result<Box<dyn Runner>, Error> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(script)?;
    let new_users = super::new_users(workload);
    let returning = match workload {
        Workload::BatchInsertReturning(_) => " RETURNING id, name, hair_color",
        _ => "",
    };
    let peer = Rusqlite {
        conn,
        insert_sql: insert_users(new_users.len(), ""),
        chunk_sql: new_users
            .chunks(ROWS_PER_INSERT)
            .map(|chunk| insert_users(chunk.len(), returning))
            .collect(),
        new_users,
        ids: data::id_list(),
    };
    Ok(match workload {
        Workload::TrivialQuery(_) => Bound::boxed(peer, Rusqlite::trivial_query, |_, rows| {
            Ok(Answer::Users(rows))
        }),
        Workload::MediumComplexQuery => {
            Bound::boxed(peer, Rusqlite::medium_complex_query, |_, rows| {
                Ok(Answer::UsersWithPost(rows))
            })
        }
        Workload::LookupById => {
            Bound::boxed(peer, Rusqlite::lookup_by_id, |_, row| Ok(Answer::User(row)))
        }
        Workload::Insert(_) => Bound::boxed(peer, Rusqlite::insert, |peer, count| {
            Ok(super::inserted(count, peer.trivial_query()?))
        }),
        Workload::Associations => Bound::boxed(peer, Rusqlite::associations, |_, rows| {
            Ok(Answer::Associations(rows))
        }),
        Workload::InsertRowAtATime(_) => {
            Bound::boxed(peer, Rusqlite::insert_row_at_a_time, |peer, count| {
                Ok(super::inserted(count, peer.trivial_query()?))
            })
        }
        Workload::LookupIdList => Bound::boxed(peer, Rusqlite::lookup_id_list, |_, rows| {
            Ok(Answer::Users(rows))
        }),
        Workload::BatchInsert(_) => Bound::boxed(peer, Rusqlite::batch_insert, |peer, count| {
            Ok(super::inserted(count, peer.trivial_query()?))
        }),
        Workload::BatchInsertReturning(_) => {
            Bound::boxed(peer, Rusqlite::batch_insert_returning, |_, rows| {
                Ok(Answer::Returned(rows))
            })
        }
    })
}
