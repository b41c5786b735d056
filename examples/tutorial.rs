//! SQLAlchemy Core's "Working with Data" tutorial, statement by statement, on in-memory SQLite.
//!
//! Every statement below was checked against the schema when this file compiled; what runs is
//! its static SQL. Like SQLAlchemy's `echo=True`, each statement is printed with its
//! parameters, then its rows or rowcount.
//!
//! Run with `cargo run --example tutorial`.

use sqlmint::sqlite::Connection;
use sqlmint::value::Value;
use sqlmint::{SqlFor, Sqlite};
use std::fmt::Debug;

sqlmint::schema! {
    /// The tutorial's two tables.
    pub mod db {
        /// Users of the tutorial.
        table user_account {
            id: INTEGER PRIMARY KEY,
            name: VARCHAR(30),
            fullname: VARCHAR(200),
        }
        /// Their email addresses.
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
        /// The table of the tutorial's parameter-ordered UPDATE.
        table some_table { id: INTEGER PRIMARY KEY, x: INTEGER, y: INTEGER }
    }
}

fn main() -> Result<(), sqlmint::Error> {
    let conn = Connection::open_in_memory()?;
    section("Creating the tables");
    for statement in db::CREATE_ALL[0].split_terminator(";\n") {
        println!("{statement}");
    }
    db::create_all(&conn)?;

    section("Inserting rows: INSERT with VALUES");
    execute(
        &conn,
        &db::query!(INSERT INTO user_account (name, fullname) VALUES ("spongebob", "Spongebob Squarepants")),
    )?;

    section("Inserting rows: executemany, one statement and many parameter sets");
    let insert_user =
        db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    execute_many(
        &conn,
        [
            insert_user.params("sandy", "Sandy Cheeks"),
            insert_user.params("patrick", "Patrick Star"),
        ],
    )?;
    let insert_address =
        db::query!(INSERT INTO address (user_id, email_address) VALUES (:user_id, :email_address));
    execute_many(
        &conn,
        [
            insert_address.params(1, "spongebob@sqlalchemy.org"),
            insert_address.params(2, "sandy@sqlalchemy.org"),
            insert_address.params(2, "sandy@squirrelpower.org"),
        ],
    )?;

    section("Inserting rows: a scalar subquery in VALUES, executemany");
    let insert_by_name = db::query!(
        INSERT INTO address (user_id, email_address)
        VALUES ((SELECT id FROM user_account WHERE name = :username), :email_address)
    );
    execute_many(
        &conn,
        [
            insert_by_name.params("spongebob", "spongebob@aol.com"),
            insert_by_name.params("patrick", "patrick@aol.com"),
        ],
    )?;

    section("Inserting rows: INSERT ... SELECT");
    execute(
        &conn,
        &db::query!(INSERT INTO address (user_id, email_address) SELECT id, name || "@aol.com" FROM user_account),
    )?;

    section("Inserting rows: INSERT ... RETURNING");
    fetch(
        &conn,
        &db::query!(INSERT INTO address (user_id, email_address) VALUES (3, "patrick@bikini.org") RETURNING id, email_address),
    )?;
    execute(
        &conn,
        &db::query!(DELETE FROM address WHERE email_address LIKE "%@aol.com" OR id > 5),
    )?;

    section("Selecting rows: a table with WHERE");
    fetch(
        &conn,
        &db::query!(SELECT * FROM user_account WHERE name = "spongebob"),
    )?;

    section("Selecting rows: individual columns");
    fetch(
        &conn,
        &db::query!(SELECT name, fullname FROM user_account ORDER BY id),
    )?;

    section("Selecting rows: columns of two tables, joined in WHERE");
    fetch(
        &conn,
        &db::query!(
            SELECT user_account.name, address.email_address FROM user_account, address
            WHERE user_account.id = address.user_id ORDER BY address.id
        ),
    )?;

    section("Selecting rows: labels and string concatenation");
    fetch(
        &conn,
        &db::query!(SELECT "Username: " || name AS username FROM user_account ORDER BY name),
    )?;

    section("Selecting rows: AND and OR");
    fetch(
        &conn,
        &db::query!(
            SELECT address.email_address FROM address, user_account
            WHERE (user_account.name = "squidward" OR user_account.name = "sandy")
              AND address.user_id = user_account.id
            ORDER BY address.id
        ),
    )?;

    section("Selecting rows: a Rust value bound in place");
    let who = "sandy";
    fetch(
        &conn,
        &db::query!(SELECT id, fullname FROM user_account WHERE name = {who}),
    )?;

    section("Selecting rows: JOIN with ON inferred from the foreign key");
    fetch(
        &conn,
        &db::query!(SELECT user_account.name, address.email_address FROM user_account JOIN address ORDER BY address.id),
    )?;

    section("Selecting rows: LEFT OUTER JOIN (the right side may be NULL)");
    fetch(
        &conn,
        &db::query!(
            SELECT user_account.id, user_account.name, address.email_address
            FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id
            ORDER BY user_account.id, address.id
        ),
    )?;

    section("Selecting rows: FULL OUTER JOIN (either side may be NULL)");
    fetch(
        &conn,
        &db::query!(
            SELECT user_account.id, user_account.name, address.email_address
            FROM user_account FULL OUTER JOIN address
            ORDER BY user_account.id, address.id
        ),
    )?;

    section("Selecting rows: ORDER BY with ASC and DESC");
    fetch(
        &conn,
        &db::query!(SELECT * FROM user_account ORDER BY name ASC, fullname DESC),
    )?;

    section("Selecting rows: aggregates with GROUP BY and HAVING");
    fetch(
        &conn,
        &db::query!(
            SELECT user_account.name, count(address.id) AS count
            FROM user_account JOIN address
            GROUP BY user_account.name HAVING count(address.id) > 1
        ),
    )?;
    fetch(
        &conn,
        &db::query!(
            SELECT user_id, count(id) AS num_addresses FROM address
            GROUP BY user_id ORDER BY user_id, num_addresses DESC
        ),
    )?;
    fetch(
        &conn,
        &db::query!(SELECT count(*) AS count FROM user_account),
    )?;

    section("Selecting rows: the same table twice, under aliases");
    fetch(
        &conn,
        &db::query!(
            SELECT user_account_1.name, user_account_2.name AS name_1
            FROM user_account AS user_account_1
            JOIN user_account AS user_account_2 ON user_account_1.id > user_account_2.id
            ORDER BY user_account_1.id, user_account_2.id
        ),
    )?;

    section("Selecting rows: a subquery in FROM, joined through the foreign key it carries");
    fetch(
        &conn,
        &db::query!(
            SELECT user_account.name, user_account.fullname, anon_1.count
            FROM user_account JOIN (
                SELECT count(address.id) AS count, address.user_id AS user_id
                FROM address GROUP BY address.user_id
            ) AS anon_1
            ORDER BY user_account.id
        ),
    )?;

    section("Selecting rows: the same with a CTE");
    fetch(
        &conn,
        &db::query!(
            WITH anon_1 AS (
                SELECT count(address.id) AS count, address.user_id AS user_id
                FROM address GROUP BY address.user_id
            )
            SELECT user_account.name, user_account.fullname, anon_1.count
            FROM user_account JOIN anon_1 ORDER BY user_account.id
        ),
    )?;

    section("Selecting rows: a correlated scalar subquery");
    fetch(
        &conn,
        &db::query!(
            SELECT name, (SELECT count(address.id) FROM address WHERE user_account.id = address.user_id) AS address_count
            FROM user_account ORDER BY user_account.id
        ),
    )?;

    section("Selecting rows: UNION ALL");
    fetch(
        &conn,
        &db::query!(
            SELECT id, name FROM user_account WHERE name = "sandy"
            UNION ALL SELECT id, name FROM user_account WHERE name = "spongebob"
        ),
    )?;

    section("Selecting rows: EXISTS and NOT EXISTS");
    fetch(
        &conn,
        &db::query!(
            SELECT name FROM user_account WHERE EXISTS (
                SELECT count(address.id) FROM address WHERE user_account.id = address.user_id
                GROUP BY address.user_id HAVING count(address.id) > 1
            )
        ),
    )?;
    fetch(
        &conn,
        &db::query!(SELECT name FROM user_account WHERE NOT EXISTS (SELECT id FROM address WHERE user_account.id = address.user_id)),
    )?;

    section("Selecting rows: SQL functions, CASE and CAST");
    fetch(
        &conn,
        &db::query!(
            SELECT upper(name) AS shout, length(fullname) AS length, coalesce(fullname, name) AS display,
                   CASE WHEN id > 1 THEN "later" ELSE "first" END AS arrival, CAST(id AS TEXT) AS key
            FROM user_account ORDER BY id
        ),
    )?;

    section("Selecting rows: IN, LIKE, BETWEEN, IS NULL, LIMIT and OFFSET");
    fetch(
        &conn,
        &db::query!(
            SELECT id, email_address FROM address
            WHERE user_id IN (1, 2) AND email_address NOT LIKE "%@aol.com" AND id BETWEEN 1 AND 3
            ORDER BY id LIMIT 2 OFFSET 1
        ),
    )?;
    fetch(
        &conn,
        &db::query!(SELECT name FROM user_account WHERE fullname IS NULL),
    )?;

    section("Updating rows: UPDATE ... SET ... WHERE, with its rowcount");
    execute(
        &conn,
        &db::query!(UPDATE user_account SET fullname = "Patrick the Star" WHERE name = "patrick"),
    )?;
    fetch(
        &conn,
        &db::query!(SELECT * FROM user_account WHERE name = "patrick"),
    )?;

    section("Updating rows: executemany with named parameters in SET and WHERE");
    let rename = db::query!(UPDATE user_account SET name = :new_name WHERE name = :old_name);
    execute_many(
        &conn,
        [
            rename.params("ed", "patrick"),
            rename.params("wendy", "sandy"),
            rename.params("jim", "jack"),
        ],
    )?;

    section("Updating rows: a correlated subquery in SET");
    #[allow(deprecated)] // every row, as the tutorial means: no WHERE
    execute(
        &conn,
        &db::query!(
            UPDATE user_account SET fullname = (
                SELECT address.email_address FROM address WHERE address.user_id = user_account.id
                ORDER BY address.id LIMIT 1 OFFSET 0
            )
        ),
    )?;
    fetch(&conn, &db::query!(SELECT * FROM user_account ORDER BY id))?;

    section("Updating rows: UPDATE ... FROM another table");
    execute(
        &conn,
        &db::query!(
            UPDATE user_account SET fullname = "Wendy" FROM address
            WHERE user_account.id = address.user_id AND address.email_address = "sandy@squirrelpower.org"
        ),
    )?;

    section("Updating rows: SET in the order written (every dialect here reads the old row)");
    execute(
        &conn,
        &db::query!(INSERT INTO some_table (x, y) VALUES (1, 2), (5, 7)),
    )?;
    #[allow(deprecated)] // every row, as the tutorial means: no WHERE
    execute(&conn, &db::query!(UPDATE some_table SET y = 20, x = y + 10))?;
    fetch(&conn, &db::query!(SELECT * FROM some_table ORDER BY id))?;

    section("Updating rows: UPDATE ... RETURNING");
    fetch(
        &conn,
        &db::query!(UPDATE user_account SET fullname = "Ed the Star" WHERE name = "ed" RETURNING id, name, fullname),
    )?;

    section("Updating rows: SET from an expression");
    #[allow(deprecated)] // every row, as the tutorial means: no WHERE
    execute(
        &conn,
        &db::query!(UPDATE user_account SET fullname = "Username: " || name),
    )?;
    fetch(&conn, &db::query!(SELECT * FROM user_account ORDER BY id))?;

    section("Deleting rows: DELETE ... WHERE, with its rowcount");
    execute(&conn, &db::query!(DELETE FROM address WHERE user_id = 3))?;
    fetch(
        &conn,
        &db::query!(DELETE FROM user_account WHERE name = "ed" RETURNING id, name),
    )?;

    section(
        "Deleting rows: multi-table DELETE (PostgreSQL and MySQL; SQLite has no DELETE ... USING)",
    );
    let multi_table = db::query!(
        DELETE FROM address USING user_account
        WHERE user_account.id = address.user_id AND user_account.name = "wendy"
    );
    println!("{}", sql_for::<sqlmint::Postgres, _>(&multi_table));
    println!("-- conn.execute(&multi_table) would not compile: SQLite has no DELETE ... USING");
    fetch(&conn, &db::query!(SELECT * FROM user_account ORDER BY id))?;

    section("A transaction that fails is rolled back");
    let result: Result<(), sqlmint::Error> = conn.transaction(|tx| {
        #[allow(deprecated)] // every row, as the tutorial means: no WHERE
        execute(tx, &db::query!(DELETE FROM address))?;
        fetch(tx, &db::query!(SELECT count(*) AS count FROM address))?;
        Err(sqlmint::Error::RowNotFound)
    });
    println!("-- the transaction returned {result:?}; ROLLBACK");
    fetch(&conn, &db::query!(SELECT count(*) AS count FROM address))?;
    Ok(())
}

fn sql_for<D: sqlmint::Dialect, Q: SqlFor<D>>(_: &Q) -> &'static str {
    Q::SQL
}

fn section(title: &str) {
    println!("\n== {title}");
}

/// Prints the statement as SQLAlchemy's echo does: SQL, then the bound parameters.
fn echo<Q: SqlFor<Sqlite>>(query: &Q) -> Result<(), sqlmint::Error> {
    struct Collect(Vec<String>);
    impl<'q> sqlmint::Binder<'q> for Collect {
        fn bind(&mut self, _slot: usize, value: Value<'q>) -> Result<(), sqlmint::Error> {
            self.0.push(match value {
                Value::Null => "None".to_owned(),
                Value::Int(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Decimal(d) => d.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Text(t) => format!("{t:?}"),
                Value::Blob(b) => format!("<{} bytes>", b.len()),
                other => format!("{other:?}"),
            });
            Ok(())
        }
    }
    let mut params = Collect(Vec::new());
    query.bind(&mut params)?;
    println!("{}", Q::SQL);
    if !params.0.is_empty() {
        println!("[{}]", params.0.join(", "));
    }
    Ok(())
}

fn fetch<Q: SqlFor<Sqlite>>(conn: &Connection, query: &Q) -> Result<(), sqlmint::Error>
where
    Q::Row: Debug,
{
    echo(query)?;
    for row in conn.fetch_all(query)? {
        println!("  {row:?}");
    }
    Ok(())
}

fn execute<Q: SqlFor<Sqlite>>(conn: &Connection, query: &Q) -> Result<(), sqlmint::Error> {
    echo(query)?;
    println!("  rowcount: {}", conn.execute(query)?);
    Ok(())
}

fn execute_many<Q: SqlFor<Sqlite>, const N: usize>(
    conn: &Connection,
    queries: [Q; N],
) -> Result<(), sqlmint::Error> {
    for query in &queries {
        echo(query)?;
    }
    println!("  rowcount: {}", conn.execute_many(queries)?);
    Ok(())
}
