//! Every statement shape `query!` supports, run on SQLite against the tutorial's data, with
//! the rows each must return.

use sqlmint::sqlite::Connection;
use sqlmint::{Decimal, SqlFor, Sqlite};

sqlmint::schema! {
    /// The SQLAlchemy tutorial's tables.
    pub mod db {
        table user_account {
            id: INTEGER PRIMARY KEY,
            name: VARCHAR(30) NOT NULL UNIQUE,
            fullname: VARCHAR(200),
        }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
        table books {
            book_id: INTEGER PRIMARY KEY,
            book_price: NUMERIC(10, 2),
            genre: VARCHAR(200),
            book_name: VARCHAR(200),
            in_print: BOOLEAN NOT NULL DEFAULT TRUE,
        }
    }
}

fn sql<Q: SqlFor<Sqlite>>(_: &Q) -> &'static str {
    Q::SQL
}

/// The tutorial's users and addresses.
fn seeded() -> Connection {
    let conn = Connection::open_in_memory().expect("in-memory database");
    db::create_all(&conn).expect("create tables");
    let user = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    conn.execute_many([
        user.params("spongebob", Some("Spongebob Squarepants")),
        user.params("sandy", Some("Sandy Cheeks")),
        user.params("patrick", Some("Patrick Star")),
    ])
    .expect("insert users");
    conn.execute(&db::query!(
        INSERT INTO address (user_id, email_address) VALUES
            (1, "spongebob@sqlalchemy.org"),
            (2, "sandy@sqlalchemy.org"),
            (2, "sandy@squirrelpower.org")
    ))
    .expect("insert addresses");
    conn
}

#[test]
fn select_columns_with_where_and_order() {
    let conn = seeded();
    let query =
        db::query!(SELECT id, name FROM user_account WHERE name <> "sandy" ORDER BY name DESC);
    assert_eq!(
        sql(&query),
        "SELECT user_account.id, user_account.name FROM user_account WHERE user_account.name <> 'sandy' ORDER BY user_account.name DESC"
    );
    let rows = conn.fetch_all(&query).unwrap();
    let names: Vec<(i32, String)> = rows.into_iter().map(|r| (r.id, r.name)).collect();
    assert_eq!(
        names,
        [(1, "spongebob".to_owned()), (3, "patrick".to_owned())]
    );
}

#[test]
fn select_star_reuses_the_table_row_struct() {
    let conn = seeded();
    let rows: Vec<db::UserAccount> = conn
        .fetch_all(&db::query!(SELECT * FROM user_account ORDER BY id))
        .unwrap();
    assert_eq!(
        rows[0],
        db::UserAccount {
            id: 1,
            name: "spongebob".into(),
            fullname: Some("Spongebob Squarepants".into())
        }
    );
    let qualified: Vec<db::Address> = conn
        .fetch_all(&db::query!(SELECT address.* FROM address))
        .unwrap();
    assert_eq!(qualified.len(), 3);
}

#[test]
fn expressions_labels_and_concatenation() {
    let conn = seeded();
    let rows = conn
        .fetch_all(&db::query!(
            SELECT "Username: " || name AS username, id * 10 + 1 AS code, -id AS negative
            FROM user_account ORDER BY username
        ))
        .unwrap();
    let got: Vec<(String, i32, i32)> = rows
        .into_iter()
        .map(|r| (r.username, r.code, r.negative))
        .collect();
    assert_eq!(
        got,
        [
            ("Username: patrick".to_owned(), 31, -3),
            ("Username: sandy".to_owned(), 21, -2),
            ("Username: spongebob".to_owned(), 11, -1),
        ]
    );
}

#[test]
fn and_or_not_and_parentheses() {
    let conn = seeded();
    let rows = conn
        .fetch_all(&db::query!(
            SELECT name FROM user_account
            WHERE (name = "sandy" OR name = "patrick") AND NOT id = 3
        ))
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "sandy");
}

#[test]
fn like_in_between_and_null_tests() {
    let conn = seeded();
    let count = |rows: Vec<String>| rows.len();
    let like = conn
        .fetch_all(
            &db::query!(SELECT email_address FROM address WHERE email_address LIKE "%sqlalchemy%"),
        )
        .unwrap();
    assert_eq!(
        count(like.into_iter().map(|r| r.email_address).collect()),
        2
    );
    let not_like = conn
        .fetch_all(&db::query!(SELECT id FROM address WHERE email_address NOT LIKE "%sqlalchemy%"))
        .unwrap();
    assert_eq!(not_like.iter().map(|r| r.id).collect::<Vec<_>>(), [3]);
    let in_list = conn
        .fetch_all(
            &db::query!(SELECT id FROM user_account WHERE name IN ("sandy", "patrick") ORDER BY id),
        )
        .unwrap();
    assert_eq!(in_list.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3]);
    let not_in = conn
        .fetch_all(&db::query!(SELECT id FROM user_account WHERE id NOT IN (1, 2)))
        .unwrap();
    assert_eq!(not_in.iter().map(|r| r.id).collect::<Vec<_>>(), [3]);
    let between = conn
        .fetch_all(&db::query!(SELECT id FROM user_account WHERE id BETWEEN 2 AND 3 ORDER BY id))
        .unwrap();
    assert_eq!(between.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3]);
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("squidward")))
        .unwrap();
    let null = conn
        .fetch_all(&db::query!(SELECT name FROM user_account WHERE fullname IS NULL))
        .unwrap();
    assert_eq!(
        null.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["squidward"]
    );
    let not_null = conn
        .fetch_all(&db::query!(SELECT name FROM user_account WHERE fullname IS NOT NULL))
        .unwrap();
    assert_eq!(not_null.len(), 3);
}

#[test]
fn distinct_limit_offset() {
    let conn = seeded();
    let distinct = conn
        .fetch_all(&db::query!(SELECT DISTINCT user_id FROM address ORDER BY user_id))
        .unwrap();
    assert_eq!(
        distinct.iter().map(|r| r.user_id).collect::<Vec<_>>(),
        [1, 2]
    );
    let page = conn
        .fetch_all(&db::query!(SELECT id FROM user_account ORDER BY id LIMIT 1 OFFSET 1))
        .unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [2]);
    let limit = 2_i64;
    let bound = conn
        .fetch_all(&db::query!(SELECT id FROM user_account ORDER BY id LIMIT {limit}))
        .unwrap();
    assert_eq!(bound.len(), 2);
}

#[test]
fn aggregates_have_the_right_types() {
    let conn = seeded();
    let row = conn
        .fetch_one(&db::query!(
            SELECT count(*) AS users, count(DISTINCT fullname) AS named, sum(id) AS total,
                   avg(id) AS mean, min(name) AS first, max(id) AS last
            FROM user_account
        ))
        .unwrap();
    let users: i64 = row.users;
    let total: Option<i64> = row.total;
    let mean: Option<f64> = row.mean;
    let first: Option<String> = row.first;
    let last: Option<i32> = row.last;
    assert_eq!(
        (users, row.named, total, mean, first, last),
        (3, 3, Some(6), Some(2.0), Some("patrick".into()), Some(3))
    );

    // Over no rows an aggregate is NULL: that is why the fields above are `Option`.
    let empty = conn
        .fetch_one(&db::query!(SELECT max(id) AS last FROM user_account WHERE id > 100))
        .unwrap();
    assert_eq!(empty.last, None);
}

#[test]
fn group_by_having() {
    let conn = seeded();
    let rows = conn
        .fetch_all(&db::query!(
            SELECT user_account.name, count(address.id) AS addresses
            FROM user_account JOIN address ON user_account.id = address.user_id
            GROUP BY user_account.name HAVING count(address.id) > 1
        ))
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].name.as_str(), rows[0].addresses), ("sandy", 2));
    // Within a group, max() of a NOT NULL column is never NULL.
    let grouped = conn
        .fetch_all(&db::query!(SELECT user_id, max(id) AS newest FROM address GROUP BY user_id ORDER BY user_id))
        .unwrap();
    let newest: Vec<i32> = grouped.iter().map(|r| r.newest).collect();
    assert_eq!(newest, [1, 3]);
}

#[test]
fn joins_infer_on_from_the_foreign_key() {
    let conn = seeded();
    let query = db::query!(SELECT user_account.name, address.email_address FROM user_account JOIN address ORDER BY address.id);
    assert_eq!(
        sql(&query),
        "SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id ORDER BY address.id"
    );
    let rows = conn.fetch_all(&query).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2].email_address, "sandy@squirrelpower.org");
}

#[test]
fn left_join_makes_the_right_side_nullable() {
    let conn = seeded();
    let rows = conn
        .fetch_all(&db::query!(
            SELECT u.id, address.email_address FROM user_account AS u LEFT OUTER JOIN address
            ORDER BY u.id, address.id
        ))
        .unwrap();
    let got: Vec<(i32, Option<String>)> =
        rows.into_iter().map(|r| (r.id, r.email_address)).collect();
    assert_eq!(got.last(), Some(&(3, None)));
    assert_eq!(got.len(), 4);
}

#[test]
fn comma_join_with_where_and_duplicate_names() {
    let conn = seeded();
    let rows = conn
        .fetch_all(&db::query!(
            SELECT user_account.id, address.id, address.email_address FROM user_account, address
            WHERE user_account.id = address.user_id AND user_account.name = "sandy" ORDER BY address.id
        ))
        .unwrap();
    // Two columns named `id`: the second becomes `id_1`, as SQLAlchemy labels it.
    let got: Vec<(i32, i32)> = rows.iter().map(|r| (r.id, r.id_1)).collect();
    assert_eq!(got, [(2, 2), (2, 3)]);
}

#[test]
fn named_parameters_reuse_one_statement() {
    let conn = seeded();
    let by_name =
        db::query!(SELECT id, fullname FROM user_account WHERE name = :name OR fullname = :name);
    assert_eq!(
        sql(&by_name.params("x")),
        "SELECT user_account.id, user_account.fullname FROM user_account WHERE user_account.name = ?1 OR user_account.fullname = ?1"
    );
    let sandy = conn.fetch_one(&by_name.params("sandy")).unwrap();
    assert_eq!(sandy.id, 2);
    let owned = String::from("patrick");
    assert_eq!(conn.fetch_one(&by_name.params(&owned)).unwrap().id, 3);
    assert!(conn
        .fetch_optional(&by_name.params("nobody"))
        .unwrap()
        .is_none());
    assert!(matches!(
        conn.fetch_one(&by_name.params("nobody")),
        Err(sqlmint::Error::RowNotFound)
    ));
}

#[test]
fn inline_and_named_parameters_mix() {
    let conn = seeded();
    let min_id = 1;
    let query =
        db::query!(SELECT name FROM user_account WHERE id > {min_id} AND name <> :skip ORDER BY id);
    let rows = conn.fetch_all(&query.params("patrick")).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["sandy"]
    );
}

#[test]
fn insert_update_delete_report_rowcounts() {
    let conn = seeded();
    let inserted = conn
        .execute(&db::query!(INSERT INTO user_account (name, fullname) VALUES ("squidward", "Squidward Tentacles"), ("ehkrabs", "Eugene H. Krabs")))
        .unwrap();
    assert_eq!(inserted, 2);

    let updated = conn
        .execute(&db::query!(UPDATE user_account SET fullname = "Patrick the Star" WHERE name = "patrick"))
        .unwrap();
    assert_eq!(updated, 1);
    let patrick = conn
        .fetch_one(&db::query!(SELECT fullname FROM user_account WHERE name = "patrick"))
        .unwrap();
    assert_eq!(patrick.fullname.as_deref(), Some("Patrick the Star"));

    let all = conn
        .execute(&db::query!(UPDATE user_account SET fullname = "Username: " || name WHERE TRUE))
        .unwrap();
    assert_eq!(all, 5);

    let deleted = conn
        .execute(&db::query!(DELETE FROM address WHERE user_id = 2))
        .unwrap();
    assert_eq!(deleted, 2);
    let deleted_users = conn
        .execute(&db::query!(DELETE FROM user_account WHERE id > 3))
        .unwrap();
    assert_eq!(deleted_users, 2);
    let left = conn
        .fetch_one(&db::query!(SELECT count(*) AS n FROM user_account))
        .unwrap();
    assert_eq!(left.n, 3);
}

#[test]
fn update_with_named_parameters_runs_many() {
    let conn = seeded();
    let rename = db::query!(UPDATE user_account SET name = :new_name WHERE name = :old_name);
    let changed = conn
        .execute_many([
            rename.params("ed", "patrick"),
            rename.params("wendy", "sandy"),
            rename.params("jim", "nobody"),
        ])
        .unwrap();
    assert_eq!(changed, 2);
    let names = conn
        .fetch_all(&db::query!(SELECT name FROM user_account ORDER BY id))
        .unwrap();
    assert_eq!(
        names.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["spongebob", "wendy", "ed"]
    );
}

#[test]
fn insert_without_column_list_and_with_defaults() {
    let conn = seeded();
    conn.execute(&db::query!(INSERT INTO books VALUES (1, 12.2, "fiction", "Old age", FALSE)))
        .unwrap();
    let price = Decimal::new(1320, 2);
    conn.execute(&db::query!(INSERT INTO books (book_price, genre, book_name) VALUES ({price}, "non-fiction", "Saturn rings")))
        .unwrap();
    let rows = conn
        .fetch_all(&db::query!(SELECT * FROM books ORDER BY book_id))
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].book_price, Some(Decimal::new(122, 1)));
    assert!(!rows[0].in_print);
    assert_eq!(rows[1].book_price, Some(Decimal::new(132, 1)));
    assert!(rows[1].in_print, "DEFAULT TRUE applies");
}

#[test]
fn numeric_arithmetic_and_comparison() {
    let conn = seeded();
    conn.execute(&db::query!(INSERT INTO books (book_price, genre) VALUES (12.2, "fiction"), (121.6, "fiction"), (100, "non-fiction")))
        .unwrap();
    let updated = conn
        .execute(&db::query!(UPDATE books SET genre = "sci-fi" WHERE genre = "fiction"))
        .unwrap();
    assert_eq!(updated, 2);
    let expensive = conn
        .fetch_all(&db::query!(SELECT book_price * 2 AS doubled FROM books WHERE book_price > 100 ORDER BY book_price))
        .unwrap();
    let doubled: Vec<Option<Decimal>> = expensive.into_iter().map(|r| r.doubled).collect();
    assert_eq!(doubled, [Some(Decimal::new(2432, 1))]);
}

#[test]
fn nullable_parameters_bind_none() {
    let conn = seeded();
    let set_fullname = db::query!(UPDATE user_account SET fullname = :fullname WHERE id = :id);
    conn.execute(&set_fullname.params(None::<&str>, 1)).unwrap();
    let row = conn
        .fetch_one(&db::query!(SELECT fullname FROM user_account WHERE id = 1))
        .unwrap();
    assert_eq!(row.fullname, None);
    conn.execute(&set_fullname.params("x", 2)).unwrap();
    conn.execute(&set_fullname.params(sqlmint::Null, 2))
        .unwrap();
    let row = conn
        .fetch_one(&db::query!(SELECT fullname FROM user_account WHERE id = 2))
        .unwrap();
    assert_eq!(row.fullname, None);
    let new_name: Option<String> = Some("Sponge".into());
    conn.execute(&db::query!(UPDATE user_account SET fullname = {new_name} WHERE id = 1))
        .unwrap();
    let row = conn
        .fetch_one(&db::query!(SELECT fullname FROM user_account WHERE id = 1))
        .unwrap();
    assert_eq!(row.fullname.as_deref(), Some("Sponge"));
}

#[test]
fn cursor_reads_rows_lazily() {
    let conn = seeded();
    let query = db::query!(SELECT id FROM user_account ORDER BY id);
    let mut cursor = conn.fetch(&query).unwrap();
    let first_two: Vec<i32> = cursor
        .rows()
        .take(2)
        .map(|row| row.map(|r| r.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(first_two, [1, 2]);
}

#[test]
fn keywords_and_names_are_case_insensitive() {
    let conn = seeded();
    let rows = conn
        .fetch_all(&db::query!(select NAME from USER_ACCOUNT where ID = 1))
        .unwrap();
    assert_eq!(rows[0].name, "spongebob");
}

#[test]
fn every_dialect_gets_its_own_sql() {
    let query = db::query!(SELECT name || "!" AS shout FROM user_account WHERE id = :id AND name <> :id_name OR id = :id);
    let bound = query.params(1, "x");
    assert_eq!(
        sql_for::<sqlmint::Postgres, _>(&bound),
        "SELECT user_account.name || '!' AS shout FROM user_account WHERE user_account.id = $1::INTEGER AND user_account.name <> $2::TEXT OR user_account.id = $1::INTEGER"
    );
    assert_eq!(
        sql_for::<sqlmint::MySql, _>(&bound),
        "SELECT CONCAT(user_account.name, '!') AS shout FROM user_account WHERE user_account.id = ? AND user_account.name <> ? OR user_account.id = ?"
    );
    assert_eq!(slots_for::<sqlmint::MySql, _>(&bound), [0, 1, 0]);
}

fn sql_for<D: sqlmint::Dialect, Q: SqlFor<D>>(_: &Q) -> &'static str {
    Q::SQL
}

fn slots_for<D: sqlmint::Dialect, Q: SqlFor<D>>(_: &Q) -> &'static [usize] {
    Q::PLACEHOLDER_SLOTS
}

#[test]
fn a_list_parameter_binds_any_number_of_values_to_one_statement() {
    let conn = seeded();
    let by_ids = db::query!(SELECT name FROM user_account WHERE id IN :ids ORDER BY id);
    assert_eq!(
        sql(&by_ids.params(vec![1])),
        "SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT value FROM rarray(?1)) ORDER BY user_account.id"
    );
    let two: Vec<String> = conn
        .fetch_all(&by_ids.params([1, 3]))
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(two, ["spongebob", "patrick"]);
    let none: Vec<i32> = Vec::new();
    assert!(conn.fetch_all(&by_ids.params(&none)).unwrap().is_empty());
    let wanted = ["sandy", "patrick", "nobody \"quoted\""];
    let rows = conn
        .fetch_all(&db::query!(SELECT id FROM user_account WHERE name NOT IN {wanted}))
        .unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
}
