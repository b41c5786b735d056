//! Every case of the conformance corpus (`shared/conformance/cases.json`: SQLAlchemy's
//! tutorial statements with their results on SQLite, PostgreSQL and MySQL), written with
//! `query!` and run, as the same statement value, on each of SQLite, PostgreSQL and MariaDB
//! (the corpus's `mysql`) that the case applies to, from the corpus's dataset; rows, rowcounts, inserted primary keys and
//! tables afterwards are compared with the corpus's results for that dialect. Each test is
//! named after its case's `id` and runs every dialect of the case (see `corpus::Case::run`).
//!
//! PostgreSQL and MariaDB run on the throwaway servers of `sqlmint-test-support`, a database
//! per dialect run; without a server (see `sqlmint_test_support::database` and
//! `sqlmint_test_support::mysql::database`) those runs fail.

mod conn;
mod corpus;
mod to_json;

use conn::{Conn, Dialect};
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
    for dialect in Dialect::ALL {
        let conn = corpus::seeded(dialect);
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
            assert_eq!(tables[table], loaded, "{table} on {dialect}");
        }
    }
}

/// The primary key of the `user_account` row that the test's INSERT just added.
///
/// SQLite reports it: `last_insert_rowid`. SQLAlchemy learns it on PostgreSQL by adding
/// `RETURNING user_account.id` to the INSERT it sends, but the case's statement has no
/// RETURNING (its SQLite and MySQL SQL have none) and the same statement value runs on both
/// dialects, so none is added here; and `currval(pg_get_serial_sequence(...))`, PostgreSQL's
/// way to ask afterwards, cannot be written with `query!`, which knows no such functions. So
/// on PostgreSQL the key is read back as the table's largest `id`, through `query!`: the
/// database is the test's own, and its sequence was set past the dataset's keys when it was
/// seeded, so the row just inserted has the largest id.
fn inserted_user_account_id(conn: &Conn) -> i64 {
    match conn {
        Conn::Sqlite(sqlite) => sqlite.last_insert_rowid(),
        Conn::MySql(mysql) => mysql
            .last_insert_id()
            .expect("read LAST_INSERT_ID()")
            .try_into()
            .expect("an id in i64"),
        Conn::Postgres(_) => {
            let newest = conn
                .fetch_one(&db::query!(SELECT max(user_account.id) AS id FROM user_account))
                .expect("read the largest user_account id");
            newest
                .id
                .expect("user_account has rows after an INSERT")
                .into()
        }
    }
}

// Core Insert

#[test]
fn insert_values() {
    let query = db::query!(
        INSERT INTO user_account (name, fullname) VALUES ("squidward", "Squidward Tentacles")
    );
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome
            .rowcount(rowcount)
            .inserted_primary_key(inserted_user_account_id(conn))
    });
}

#[test]
fn insert_executemany() {
    let case = this_case!();
    let query = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    case.run(|conn, outcome| {
        let rowcount = conn
            .execute_many(case.params().iter().map(|p| {
                p.assert_keys("a parameter set", &["name", "fullname"]);
                query.params(p.text("name"), p.text("fullname"))
            }))
            .expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn insert_scalar_subquery() {
    let case = this_case!();
    let query = db::query!(
        INSERT INTO address (user_id, email_address)
        VALUES ((SELECT user_account.id FROM user_account WHERE user_account.name = :username), :email_address)
    );
    case.run(|conn, outcome| {
        let rowcount = conn
            .execute_many(case.params().iter().map(|p| {
                p.assert_keys("a parameter set", &["username", "email_address"]);
                query.params(p.text("username"), p.text("email_address"))
            }))
            .expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn insert_from_select() {
    let query = db::query!(
        INSERT INTO address (user_id, email_address)
        SELECT user_account.id, user_account.name || "@aol.com" AS anon_1 FROM user_account
    );
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn insert_returning() {
    let query = db::query!(
        INSERT INTO address (user_id, email_address) VALUES (3, "patrick@bikini.org")
        RETURNING id, email_address
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.email_address]))
    });
}

#[test]
fn insert_from_select_returning() {
    let query = db::query!(
        INSERT INTO address (user_id, email_address)
        SELECT user_account.id, user_account.name || "@aol.com" AS anon_1 FROM user_account
        RETURNING id, email_address
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.email_address]))
    });
}

// Select

#[test]
fn select_where() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        WHERE user_account.name = "spongebob"
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
    });
}

#[test]
fn select_table() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        ORDER BY user_account.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
    });
}

#[test]
fn select_columns() {
    let query = db::query!(
        SELECT user_account.name, user_account.fullname FROM user_account ORDER BY user_account.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name, r.fullname]))
    });
}

#[test]
fn select_two_tables_implicit() {
    let query = db::query!(
        SELECT user_account.name, address.id, address.email_address, address.user_id
        FROM user_account, address
        WHERE user_account.id = address.user_id
        ORDER BY address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter()
                .map(|r| row![r.name, r.id, r.email_address, r.user_id]),
        )
    });
}

#[test]
fn select_label() {
    let query = db::query!(
        SELECT "Username: " || user_account.name AS username FROM user_account
        ORDER BY user_account.name
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.username]))
    });
}

#[test]
fn where_twice() {
    let query = db::query!(
        SELECT address.email_address FROM address, user_account
        WHERE user_account.name = "squidward" AND address.user_id = user_account.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.email_address]))
    });
}

#[test]
fn where_and_or() {
    let query = db::query!(
        SELECT address.email_address FROM address, user_account
        WHERE (user_account.name = "squidward" OR user_account.name = "sandy")
            AND address.user_id = user_account.id
        ORDER BY address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.email_address]))
    });
}

#[test]
fn filter_by() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        WHERE user_account.name = "spongebob" AND user_account.fullname = "Spongebob Squarepants"
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
    });
}

/// `join_from(user_table, address_table)`: the ON clause comes from the foreign key.
#[test]
fn join_from() {
    let query = db::query!(
        SELECT user_account.name, address.email_address FROM user_account JOIN address
        ORDER BY address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name, r.email_address]))
    });
}

/// `select(...).join(address_table)`: SQLAlchemy infers the left side and the ON clause.
#[test]
fn join_inferred_left() {
    let query = db::query!(
        SELECT user_account.name, address.email_address FROM user_account JOIN address
        ORDER BY address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name, r.email_address]))
    });
}

#[test]
fn select_from_join() {
    let query = db::query!(
        SELECT address.email_address FROM user_account JOIN address ORDER BY address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.email_address]))
    });
}

/// SQLAlchemy's `func.count('*')` counts a bound `'*'`, which is never NULL: `count(*)`.
#[test]
fn count_star() {
    let query = db::query!(SELECT count(*) AS count_1 FROM user_account);
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.count_1]))
    });
}

#[test]
fn join_explicit_on() {
    let query = db::query!(
        SELECT address.email_address
        FROM user_account JOIN address ON user_account.id = address.user_id
        ORDER BY address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.email_address]))
    });
}

#[test]
fn left_outer_join() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, address.email_address
        FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id
        ORDER BY user_account.id, address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter().map(|r| row![r.id, r.name, r.email_address]),
        )
    });
}

#[test]
fn full_outer_join() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, address.email_address
        FROM user_account FULL OUTER JOIN address ON user_account.id = address.user_id
        ORDER BY user_account.id, address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all_without_mysql(&query).expect(RUN);
        outcome.rows_without_mysql(
            &query,
            rows.iter().map(|r| row![r.id, r.name, r.email_address]),
        )
    });
}

#[test]
fn order_by() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        ORDER BY user_account.name
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
    });
}

#[test]
fn order_by_asc_desc() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname FROM user_account
        ORDER BY user_account.name ASC, user_account.fullname DESC
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
    });
}

#[test]
fn group_by_having() {
    let query = db::query!(
        SELECT user_account.name, count(address.id) AS count
        FROM user_account JOIN address ON user_account.id = address.user_id
        GROUP BY user_account.name
        HAVING count(address.id) > 1
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name, r.count]))
    });
}

#[test]
fn order_by_label() {
    let query = db::query!(
        SELECT address.user_id, count(address.id) AS num_addresses FROM address
        GROUP BY address.user_id
        ORDER BY address.user_id, num_addresses DESC
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter().map(|r| row![r.user_id, r.num_addresses]),
        )
    });
}

#[test]
fn table_alias_self_join() {
    let query = db::query!(
        SELECT user_account_1.name, user_account_2.name AS name_1
        FROM user_account AS user_account_1
            JOIN user_account AS user_account_2 ON user_account_1.id > user_account_2.id
        ORDER BY user_account_1.id, user_account_2.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name, r.name_1]))
    });
}

#[test]
fn alias_twice_where() {
    let query = db::query!(
        SELECT user_account.id, user_account.name, user_account.fullname
        FROM user_account
            JOIN address AS address_1 ON user_account.id = address_1.user_id
            JOIN address AS address_2 ON user_account.id = address_2.user_id
        WHERE address_1.email_address = "sandy@sqlalchemy.org"
            AND address_2.email_address = "sandy@squirrelpower.org"
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.name, r.fullname]))
    });
}

#[test]
fn subquery_join() {
    let query = db::query!(
        SELECT user_account.name, user_account.fullname, anon_1.count
        FROM user_account JOIN (
            SELECT count(address.id) AS count, address.user_id AS user_id FROM address
            GROUP BY address.user_id
        ) AS anon_1 ON user_account.id = anon_1.user_id
        ORDER BY user_account.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter().map(|r| row![r.name, r.fullname, r.count]),
        )
    });
}

#[test]
fn cte_join() {
    let query = db::query!(
        WITH anon_1 AS (
            SELECT count(address.id) AS count, address.user_id AS user_id FROM address
            GROUP BY address.user_id
        )
        SELECT user_account.name, user_account.fullname, anon_1.count
        FROM user_account JOIN anon_1 ON user_account.id = anon_1.user_id
        ORDER BY user_account.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter().map(|r| row![r.name, r.fullname, r.count]),
        )
    });
}

#[test]
fn subquery_not_like() {
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
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter()
                .map(|r| row![r.id, r.name, r.fullname, r.id_1, r.user_id, r.email_address]),
        )
    });
}

#[test]
fn scalar_correlated() {
    let query = db::query!(
        SELECT user_account.name,
            (SELECT count(address.id) AS count_1 FROM address
             WHERE user_account.id = address.user_id) AS address_count
        FROM user_account
        ORDER BY user_account.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name, r.address_count]))
    });
}

#[test]
fn scalar_correlate_explicit() {
    let query = db::query!(
        SELECT user_account.name, address.email_address,
            (SELECT count(address.id) AS count_1 FROM address
             WHERE user_account.id = address.user_id) AS address_count
        FROM user_account JOIN address ON user_account.id = address.user_id
        ORDER BY user_account.id, address.id
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter()
                .map(|r| row![r.name, r.email_address, r.address_count]),
        )
    });
}

#[test]
fn exists() {
    let query = db::query!(
        SELECT user_account.name FROM user_account
        WHERE EXISTS (
            SELECT count(address.id) AS count_1 FROM address
            WHERE user_account.id = address.user_id
            GROUP BY address.user_id
            HAVING count(address.id) > 1
        )
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name]))
    });
}

#[test]
fn not_exists() {
    let query = db::query!(
        SELECT user_account.name FROM user_account
        WHERE NOT (EXISTS (SELECT address.id FROM address WHERE user_account.id = address.user_id))
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.name]))
    });
}

// Update and delete

#[test]
fn update_where() {
    let query = db::query!(
        UPDATE user_account SET fullname = "Patrick the Star" WHERE user_account.name = "patrick"
    );
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
// Every row, as the tutorial updates them: the warning for a missing WHERE is meant here.
#[allow(deprecated)]
fn update_expression() {
    let query = db::query!(UPDATE user_account SET fullname = ("Username: " || user_account.name));
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn update_executemany() {
    let case = this_case!();
    let query =
        db::query!(UPDATE user_account SET name = :newname WHERE user_account.name = :oldname);
    case.run(|conn, outcome| {
        let rowcount = conn
            .execute_many(case.params().iter().map(|p| {
                p.assert_keys("a parameter set", &["oldname", "newname"]);
                query.params(p.text("newname"), p.text("oldname"))
            }))
            .expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
// Every row, as the tutorial updates them: the warning for a missing WHERE is meant here.
#[allow(deprecated)]
fn update_correlated() {
    let query = db::query!(
        UPDATE user_account SET fullname = (
            SELECT address.email_address FROM address
            WHERE address.user_id = user_account.id
            ORDER BY address.id
            LIMIT 1 OFFSET 0
        )
    );
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn update_from() {
    let query = db::query!(
        UPDATE user_account SET fullname = "Sandy"
        FROM address
        WHERE user_account.id = address.user_id
            AND address.email_address = "sandy@squirrelpower.org"
    );
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

/// MySQL's multi-table UPDATE sets columns of two tables in one statement. That is MySQL's
/// alone: SQLite and PostgreSQL update one table per statement (SQLAlchemy refuses to compile
/// it for them), so the statement implements `SqlFor<MySql>` only, and `run` checks that the
/// corpus agrees the other two cannot run it.
#[test]
fn update_multi_table_mysql() {
    let case = this_case!();
    case.assert_applies_to(&["mysql"]);
    let query = db::query!(
        UPDATE user_account, address
        SET address.email_address = "bob@sqlalchemy.org", user_account.fullname = "Bob"
        WHERE user_account.id = address.user_id AND address.email_address = "spongebob@sqlalchemy.org"
    );
    case.run(|conn, outcome| {
        let rowcount = conn.execute_only_on_mysql(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

/// SQLite and PostgreSQL evaluate every SET expression from the old row, so `x` gets the old
/// `y` plus 10; MySQL and MariaDB assign left to right, so there `x` gets the new `y` (20)
/// plus 10: the same statement, the database's own semantics, as the corpus records them.
#[test]
// Every row, as the tutorial updates them: the warning for a missing WHERE is meant here.
#[allow(deprecated)]
fn update_ordered_values() {
    let query = db::query!(UPDATE some_table SET y = 20, x = (some_table.y + 10));
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn delete_where() {
    let query = db::query!(DELETE FROM user_account WHERE user_account.name = "patrick");
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

/// `DELETE ... USING` names another table for the WHERE clause; PostgreSQL and MySQL have it,
/// SQLite has no multi-table DELETE. The statement therefore implements `SqlFor<Postgres>` and
/// `SqlFor<MySql>` (checked below at compile time) but not `SqlFor<Sqlite>`: running it on a
/// SQLite connection is a compile error, which ui-tests cover. Here it runs on PostgreSQL
/// and MariaDB; `run` checks that the corpus agrees SQLite cannot run it.
#[test]
fn delete_multi_table() {
    let case = this_case!();
    case.assert_applies_to(&["postgresql", "mysql"]);
    let query = db::query!(
        DELETE FROM address USING user_account
        WHERE user_account.id = address.user_id AND user_account.name = "sandy"
    );
    runs_on_postgres_and_mysql(&query);
    case.run(|conn, outcome| {
        let rowcount = conn.execute_without_sqlite(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn update_rowcount() {
    let query = db::query!(
        UPDATE user_account SET fullname = "Patrick McStar" WHERE user_account.name = "patrick"
    );
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn update_returning() {
    let query = db::query!(
        UPDATE user_account SET fullname = "Patrick the Star" WHERE user_account.name = "patrick"
        RETURNING id, name
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all_without_mysql(&query).expect(RUN);
        outcome.rows_without_mysql(&query, rows.iter().map(|r| row![r.id, r.name]))
    });
}

#[test]
fn delete_returning() {
    let query = db::query!(
        DELETE FROM user_account WHERE user_account.name = "patrick" RETURNING id, name
    );
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(&query, rows.iter().map(|r| row![r.id, r.name]))
    });
}

// The books example

#[test]
fn books_update_genre() {
    let query = db::query!(UPDATE books SET genre = "sci-fi" WHERE books.genre = "fiction");
    this_case!().run(|conn, outcome| {
        let rowcount = conn.execute(&query).expect(RUN);
        outcome.rowcount(rowcount)
    });
}

#[test]
fn books_select_all() {
    let query = db::query!(SELECT * FROM books ORDER BY books.book_id);
    this_case!().run(|conn, outcome| {
        let rows = conn.fetch_all(&query).expect(RUN);
        outcome.rows(
            &query,
            rows.iter()
                .map(|r| row![r.book_id, r.book_price, r.genre, r.book_name]),
        )
    });
}
