//! Every case of the conformance corpus (`shared/conformance/cases.json`: SQLAlchemy's
//! tutorial statements with their results on SQLite, PostgreSQL and MySQL), written with
//! `query!` and run on SQLite from the corpus's dataset; rows, rowcounts, inserted primary keys
//! and tables afterwards are read from the corpus. Each test is named after its case's `id`.

mod corpus;
mod to_json;

use sqlmint::{MySql, Postgres, SqlFor};
use to_json::row;

sqlmint::schema! {
    /// The tutorial's tables, as the corpus README declares them.
    pub mod db {
        table user_account {
            id: INTEGER PRIMARY KEY,
            name: VARCHAR(30),
            fullname: VARCHAR(200),
        }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
        table some_table {
            id: INTEGER PRIMARY KEY,
            x: INTEGER,
            y: INTEGER,
        }
        table books {
            book_id: INTEGER PRIMARY KEY,
            book_price: NUMERIC(10, 2),
            genre: VARCHAR(200),
            book_name: VARCHAR(200),
        }
    }
}

/// The corpus case named like the test function this is written in, so a test cannot check
/// another case than the one its name says.
macro_rules! this_case {
    () => {{
        fn here() {}
        corpus::case_of_test(::std::any::type_name_of_val(&here))
    }};
}

/// Fails to compile unless `query` can run on PostgreSQL and on MySQL.
fn runs_on_postgres_and_mysql<Q: SqlFor<Postgres> + SqlFor<MySql>>(_query: &Q) {}

const RUN: &str = "run the case's statement";

#[test]
fn every_case_has_a_test() {
    let tests = include_str!("main.rs");
    let missing: Vec<&str> = corpus::corpus()
        .cases
        .iter()
        .map(|case| case.id.as_str())
        .filter(|id| !tests.contains(&format!("\nfn {id}() {{")))
        .collect();
    assert!(missing.is_empty(), "cases without a test: {missing:?}");
}

#[test]
fn the_dataset_reads_back_as_loaded() {
    let conn = corpus::seeded();
    let tables = corpus::read_tables(&conn);
    for (table, columns) in corpus::TABLES {
        let loaded: corpus::Rows = corpus::corpus().dataset[table]
            .iter()
            .map(|record| {
                columns
                    .iter()
                    .map(|column| record.value(column).clone())
                    .collect()
            })
            .collect();
        assert_eq!(tables[table], loaded, "{table}");
    }
}

// Core Insert

#[test]
fn insert_values() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        INSERT INTO user_account (name, fullname) VALUES ("squidward", "Squidward Tentacles")
    );
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rowcount(rowcount)
        .inserted_primary_key(conn.last_insert_rowid())
        .check();
}

#[test]
fn insert_executemany() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    let rowcount = conn
        .execute_many(case.params().iter().map(|p| {
            p.assert_keys("a parameter set", &["name", "fullname"]);
            query.params(p.text("name"), p.text("fullname"))
        }))
        .expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn insert_scalar_subquery() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        INSERT INTO address (user_id, email_address)
        VALUES ((SELECT user_account.id FROM user_account WHERE user_account.name = :username), :email_address)
    );
    let rowcount = conn
        .execute_many(case.params().iter().map(|p| {
            p.assert_keys("a parameter set", &["username", "email_address"]);
            query.params(p.text("username"), p.text("email_address"))
        }))
        .expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn insert_from_select() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        INSERT INTO address (user_id, email_address)
        SELECT user_account.id, user_account.name || "@aol.com" AS anon_1 FROM user_account
    );
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn insert_returning() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        INSERT INTO address (user_id, email_address) VALUES (3, "patrick@bikini.org")
        RETURNING id, email_address
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.email_address]))
        .check();
}

#[test]
fn insert_from_select_returning() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        INSERT INTO address (user_id, email_address)
        SELECT user_account.id, user_account.name || "@aol.com" AS anon_1 FROM user_account
        RETURNING id, email_address
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.email_address]))
        .check();
}

// Select

#[test]
fn select_where() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        WHERE user_account.name = "spongebob"
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
        .check();
}

#[test]
fn select_table() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        ORDER BY user_account.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
        .check();
}

#[test]
fn select_columns() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name, user_account.fullname FROM user_account ORDER BY user_account.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name, r.fullname]))
        .check();
}

#[test]
fn select_two_tables_implicit() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name, address.id, address.email_address, address.user_id
        FROM user_account, address
        WHERE user_account.id = address.user_id
        ORDER BY address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter()
                .map(|r| row![r.name, r.id, r.email_address, r.user_id]),
        )
        .check();
}

#[test]
fn select_label() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT "Username: " || user_account.name AS username FROM user_account
        ORDER BY user_account.name
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.username]))
        .check();
}

#[test]
fn where_twice() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT address.email_address FROM address, user_account
        WHERE user_account.name = "squidward" AND address.user_id = user_account.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.email_address]))
        .check();
}

#[test]
fn where_and_or() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT address.email_address FROM address, user_account
        WHERE (user_account.name = "squidward" OR user_account.name = "sandy")
            AND address.user_id = user_account.id
        ORDER BY address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.email_address]))
        .check();
}

#[test]
fn filter_by() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        WHERE user_account.name = "spongebob" AND user_account.fullname = "Spongebob Squarepants"
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
        .check();
}

/// `join_from(user_table, address_table)`: the ON clause comes from the foreign key.
#[test]
fn join_from() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name, address.email_address FROM user_account JOIN address
        ORDER BY address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name, r.email_address]))
        .check();
}

/// `select(...).join(address_table)`: SQLAlchemy infers the left side and the ON clause.
#[test]
fn join_inferred_left() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name, address.email_address FROM user_account JOIN address
        ORDER BY address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name, r.email_address]))
        .check();
}

#[test]
fn select_from_join() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT address.email_address FROM user_account JOIN address ORDER BY address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.email_address]))
        .check();
}

/// SQLAlchemy's `func.count('*')` counts a bound `'*'`, which is never NULL: `count(*)`.
#[test]
fn count_star() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(SELECT count(*) AS count_1 FROM user_account);
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.count_1]))
        .check();
}

#[test]
fn join_explicit_on() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT address.email_address
        FROM user_account JOIN address ON user_account.id = address.user_id
        ORDER BY address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.email_address]))
        .check();
}

#[test]
fn left_outer_join() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, address.email_address
        FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id
        ORDER BY user_account.id, address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter().map(|r| row![r.id, r.name, r.email_address]),
        )
        .check();
}

#[test]
fn full_outer_join() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, address.email_address
        FROM user_account FULL OUTER JOIN address ON user_account.id = address.user_id
        ORDER BY user_account.id, address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter().map(|r| row![r.id, r.name, r.email_address]),
        )
        .check();
}

#[test]
fn order_by() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        ORDER BY user_account.name
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
        .check();
}

#[test]
fn order_by_asc_desc() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        ORDER BY user_account.name ASC, user_account.fullname DESC
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
        .check();
}

#[test]
fn group_by_having() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name, count(address.id) AS count
        FROM user_account JOIN address ON user_account.id = address.user_id
        GROUP BY user_account.name
        HAVING count(address.id) > 1
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name, r.count]))
        .check();
}

#[test]
fn order_by_label() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT address.user_id, count(address.id) AS num_addresses FROM address
        GROUP BY address.user_id
        ORDER BY address.user_id, num_addresses DESC
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter().map(|r| row![r.user_id, r.num_addresses]),
        )
        .check();
}

#[test]
fn table_alias_self_join() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account_1.name, user_account_2.name AS name_1
        FROM user_account AS user_account_1
            JOIN user_account AS user_account_2 ON user_account_1.id > user_account_2.id
        ORDER BY user_account_1.id, user_account_2.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name, r.name_1]))
        .check();
}

#[test]
fn alias_twice_where() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname
        FROM user_account
            JOIN address AS address_1 ON user_account.id = address_1.user_id
            JOIN address AS address_2 ON user_account.id = address_2.user_id
        WHERE address_1.email_address = "sandy@sqlalchemy.org"
            AND address_2.email_address = "sandy@squirrelpower.org"
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
        .check();
}

#[test]
fn subquery_join() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name, user_account.fullname, anon_1.count
        FROM user_account JOIN (
            SELECT count(address.id) AS count, address.user_id AS user_id FROM address
            GROUP BY address.user_id
        ) AS anon_1 ON user_account.id = anon_1.user_id
        ORDER BY user_account.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter().map(|r| row![r.name, r.fullname, r.count]),
        )
        .check();
}

#[test]
fn cte_join() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        WITH anon_1 AS (
            SELECT count(address.id) AS count, address.user_id AS user_id FROM address
            GROUP BY address.user_id
        )
        SELECT user_account.name, user_account.fullname, anon_1.count
        FROM user_account JOIN anon_1 ON user_account.id = anon_1.user_id
        ORDER BY user_account.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter().map(|r| row![r.name, r.fullname, r.count]),
        )
        .check();
}

#[test]
fn subquery_not_like() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname,
            anon_1.id AS id_1, anon_1.user_id, anon_1.email_address
        FROM user_account JOIN (
            SELECT address.id AS id, address.user_id AS user_id,
                address.email_address AS email_address
            FROM address WHERE address.email_address NOT LIKE "%@aol.com"
        ) AS anon_1 ON user_account.id = anon_1.user_id
        ORDER BY user_account.id, anon_1.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter()
                .map(|r| row![r.id, r.name, r.fullname, r.id_1, r.user_id, r.email_address]),
        )
        .check();
}

#[test]
fn scalar_correlated() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name,
            (SELECT count(address.id) AS count_1 FROM address
             WHERE user_account.id = address.user_id) AS address_count
        FROM user_account
        ORDER BY user_account.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name, r.address_count]))
        .check();
}

#[test]
fn scalar_correlate_explicit() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name, address.email_address,
            (SELECT count(address.id) AS count_1 FROM address
             WHERE user_account.id = address.user_id) AS address_count
        FROM user_account JOIN address ON user_account.id = address.user_id
        ORDER BY user_account.id, address.id
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter()
                .map(|r| row![r.name, r.email_address, r.address_count]),
        )
        .check();
}

#[test]
fn exists() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name FROM user_account
        WHERE EXISTS (
            SELECT count(address.id) AS count_1 FROM address
            WHERE user_account.id = address.user_id
            GROUP BY address.user_id
            HAVING count(address.id) > 1
        )
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name]))
        .check();
}

#[test]
fn not_exists() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        SELECT user_account.name FROM user_account
        WHERE NOT (EXISTS (SELECT address.id FROM address WHERE user_account.id = address.user_id))
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.name]))
        .check();
}

// Update and delete

#[test]
fn update_where() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        UPDATE user_account SET fullname = "Patrick the Star" WHERE user_account.name = "patrick"
    );
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn update_expression() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(UPDATE user_account SET fullname = ("Username: " || user_account.name));
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn update_executemany() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query =
        db::query!(UPDATE user_account SET name = :newname WHERE user_account.name = :oldname);
    let rowcount = conn
        .execute_many(case.params().iter().map(|p| {
            p.assert_keys("a parameter set", &["oldname", "newname"]);
            query.params(p.text("newname"), p.text("oldname"))
        }))
        .expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn update_correlated() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        UPDATE user_account SET fullname = (
            SELECT address.email_address FROM address
            WHERE address.user_id = user_account.id
            ORDER BY address.id
            LIMIT 1 OFFSET 0
        )
    );
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn update_from() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        UPDATE user_account SET fullname = "Sandy"
        FROM address
        WHERE user_account.id = address.user_id
            AND address.email_address = "sandy@squirrelpower.org"
    );
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

/// MySQL's multi-table UPDATE, `UPDATE user_account, address SET address.email_address = ...,
/// user_account.fullname = ... WHERE ...`, sets columns of two tables in one statement. That is
/// MySQL-only syntax: SQLite and PostgreSQL update one table per statement (SQLAlchemy refuses
/// to compile it for them), and `query!`'s UPDATE takes one target table, so there is no
/// statement to write here; the case stays MySQL's.
#[test]
fn update_multi_table_mysql() {
    let case = this_case!();
    case.assert_applies_to(&["mysql"]);
    case.assert_not_on_sqlite();
}

/// SQLite evaluates every SET expression from the old row, so `x` gets the old `y` plus 10
/// (MySQL, left to right, would use the new `y`).
#[test]
fn update_ordered_values() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(UPDATE some_table SET y = 20, x = (some_table.y + 10));
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn delete_where() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(DELETE FROM user_account WHERE user_account.name = "patrick");
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

/// `DELETE ... USING` names another table for the WHERE clause; PostgreSQL and MySQL have it,
/// SQLite has no multi-table DELETE. The statement therefore implements `SqlFor<Postgres>` and
/// `SqlFor<MySql>` (checked below at compile time) but not `SqlFor<Sqlite>`: running it on a
/// SQLite connection is a compile error, which ui-tests cover. Its PostgreSQL run comes with
/// the PostgreSQL executor.
#[test]
fn delete_multi_table() {
    let case = this_case!();
    case.assert_applies_to(&["postgresql", "mysql"]);
    case.assert_not_on_sqlite();
    let query = db::query!(
        DELETE FROM address USING user_account
        WHERE user_account.id = address.user_id AND user_account.name = "sandy"
    );
    runs_on_postgres_and_mysql(&query);
}

#[test]
fn update_rowcount() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        UPDATE user_account SET fullname = "Patrick McStar" WHERE user_account.name = "patrick"
    );
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn update_returning() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        UPDATE user_account SET fullname = "Patrick the Star" WHERE user_account.name = "patrick"
        RETURNING id, name
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name]))
        .check();
}

#[test]
fn delete_returning() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(
        DELETE FROM user_account WHERE user_account.name = "patrick" RETURNING id, name
    );
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(&query, rows.iter().map(|r| row![r.id, r.name]))
        .check();
}

// The books example

#[test]
fn books_update_genre() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(UPDATE books SET genre = "sci-fi" WHERE books.genre = "fiction");
    let rowcount = conn.execute(&query).expect(RUN);
    case.on_sqlite(&conn).rowcount(rowcount).check();
}

#[test]
fn books_select_all() {
    let case = this_case!();
    let conn = corpus::seeded();
    let query = db::query!(SELECT * FROM books ORDER BY books.book_id);
    let rows = conn.fetch_all(&query).expect(RUN);
    case.on_sqlite(&conn)
        .rows(
            &query,
            rows.iter()
                .map(|r| row![r.book_id, r.book_price, r.genre, r.book_name]),
        )
        .check();
}
