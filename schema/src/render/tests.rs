//! Renderings per dialect, checked on analyzed statements.

use super::*;
use crate::analyze::analyze;
use crate::model::Schema;

/// `sql` as analysis leaves it, the only way render takes a statement.
fn checked(schema: &Schema, sql: &str) -> CheckedStatement {
    let statement: Statement = syn::parse_str(sql).expect("statement parses");
    analyze(schema, statement).expect("statement checks")
}

fn render_each(schema: &Schema, sql: &str) -> [String; 3] {
    let checked = checked(schema, sql);
    Dialect::ALL.map(|d| render(&checked, d).sql)
}

fn render_all(sql: &str) -> [String; 3] {
    let schema: Schema = syn::parse_str(
        "mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, \"order\": INTEGER } }",
    )
    .or_else(|_| {
        syn::parse_str(
            "mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, Total: INTEGER } }",
        )
    })
    .unwrap();
    render_each(&schema, sql)
}

#[test]
fn placeholders_per_dialect() {
    let schema: Schema =
        syn::parse_str("mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL } }")
            .unwrap();
    let statement = checked(
        &schema,
        "SELECT id FROM t WHERE name = :n OR id = {x} OR name <> :n",
    );
    assert_eq!(
        render(&statement, Dialect::Sqlite).sql,
        "SELECT t.id FROM t WHERE t.name = ?1 OR t.id = ?2 OR t.name <> ?1"
    );
    assert_eq!(
        render(&statement, Dialect::Postgres).sql,
        "SELECT t.id FROM t WHERE t.name = $1 OR t.id = $2 OR t.name <> $1"
    );
    let mysql = render(&statement, Dialect::MySql);
    assert_eq!(
        mysql.sql,
        "SELECT t.id FROM t WHERE t.name = ? OR t.id = ? OR t.name <> ?"
    );
    assert_eq!(mysql.positional_slots, [0, 1, 0]);
}

#[test]
fn concatenation_per_dialect_and_parenthesized_against_arithmetic() {
    let [sqlite, postgres, mysql] = render_all("SELECT name || (id + 1) || \"it's\" FROM t");
    assert_eq!(sqlite, "SELECT t.name || (t.id + 1) || 'it''s' FROM t");
    assert_eq!(postgres, sqlite);
    assert_eq!(
        mysql,
        "SELECT CONCAT(CONCAT(t.name, (t.id + 1)), 'it''s') FROM t"
    );
    let [sqlite, ..] = render_all("SELECT name || id + 1 FROM t");
    assert_eq!(sqlite, "SELECT t.name || (t.id + 1) FROM t");
}

#[test]
fn identifiers_are_quoted_only_where_needed() {
    assert_eq!(quote_ident("user_account", Dialect::Sqlite), "user_account");
    assert_eq!(quote_ident("order", Dialect::Postgres), "\"order\"");
    assert_eq!(quote_ident("user", Dialect::MySql), "`user`");
    assert_eq!(quote_ident("Total", Dialect::Postgres), "\"Total\"");
}

#[test]
fn ddl_per_dialect() {
    let schema: Schema = syn::parse_str(
        r#"mod db {
            table address { id: INTEGER PRIMARY KEY, user_id: INTEGER NOT NULL REFERENCES user_account(id), price: NUMERIC(10, 2) DEFAULT 0 }
            table user_account { id: INTEGER PRIMARY KEY AUTOINCREMENT, name: VARCHAR NOT NULL UNIQUE, data: BLOB, score: DOUBLE }
        }"#,
    )
    .unwrap();
    assert_eq!(
        create_all(&schema, Dialect::Sqlite),
        "CREATE TABLE IF NOT EXISTS user_account (\n    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    name VARCHAR NOT NULL,\n    data BLOB,\n    score DOUBLE,\n    UNIQUE (name)\n);\n\
         CREATE TABLE IF NOT EXISTS address (\n    id INTEGER NOT NULL PRIMARY KEY,\n    user_id INTEGER NOT NULL,\n    price NUMERIC(10, 2) DEFAULT 0,\n    FOREIGN KEY (user_id) REFERENCES user_account (id)\n);\n"
    );
    let postgres = create_all(&schema, Dialect::Postgres);
    assert!(
        postgres.contains("id SERIAL NOT NULL PRIMARY KEY"),
        "{postgres}"
    );
    assert!(
        postgres.contains("data BYTEA") && postgres.contains("score DOUBLE PRECISION"),
        "{postgres}"
    );
    let mysql = create_all(&schema, Dialect::MySql);
    assert!(
        mysql.contains("id INTEGER NOT NULL PRIMARY KEY AUTO_INCREMENT")
            && mysql.contains("name VARCHAR(255)"),
        "{mysql}"
    );
    assert_eq!(
        drop_all(&schema, Dialect::Sqlite),
        "DROP TABLE IF EXISTS address;\nDROP TABLE IF EXISTS user_account;\n"
    );
}

fn render_tutorial(sql: &str) -> [String; 3] {
    let schema: Schema = syn::parse_str(
        r#"mod db {
            table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30), fullname: VARCHAR(200) }
            table address { id: INTEGER PRIMARY KEY, user_id: INTEGER NOT NULL REFERENCES user_account(id), email_address: VARCHAR(200) NOT NULL }
        }"#,
    )
    .unwrap();
    render_each(&schema, sql)
}

#[test]
fn multi_table_update_and_delete_per_dialect() {
    let [sqlite, postgres, mysql] = render_tutorial(
        r#"UPDATE user_account SET fullname = "Sandy" FROM address WHERE user_account.id = address.user_id"#,
    );
    assert_eq!(sqlite, "UPDATE user_account SET fullname = 'Sandy' FROM address WHERE user_account.id = address.user_id");
    assert_eq!(postgres, sqlite);
    assert_eq!(mysql, "UPDATE user_account, address SET user_account.fullname = 'Sandy' WHERE user_account.id = address.user_id");
    let [_, postgres, mysql] = render_tutorial(
        "DELETE FROM address USING user_account WHERE user_account.id = address.user_id",
    );
    assert_eq!(
        postgres,
        "DELETE FROM address USING user_account WHERE user_account.id = address.user_id"
    );
    assert_eq!(
        mysql,
        "DELETE FROM address USING address, user_account WHERE user_account.id = address.user_id"
    );
}

#[test]
fn mysqls_multi_table_update_names_each_assigned_column_with_its_table() {
    let [_, _, mysql] = render_tutorial(
        r#"UPDATE user_account, address SET address.email_address = "bob@sqlalchemy.org", user_account.fullname = "Bob" WHERE user_account.id = address.user_id"#,
    );
    assert_eq!(mysql, "UPDATE user_account, address SET address.email_address = 'bob@sqlalchemy.org', user_account.fullname = 'Bob' WHERE user_account.id = address.user_id");
    let [sqlite, postgres, mysql] = render_tutorial(
        r#"UPDATE user_account, address SET fullname = "Sandy" WHERE user_account.id = address.user_id"#,
    );
    assert_eq!(sqlite, "UPDATE user_account SET fullname = 'Sandy' FROM address WHERE user_account.id = address.user_id");
    assert_eq!(postgres, sqlite);
    assert_eq!(mysql, "UPDATE user_account, address SET user_account.fullname = 'Sandy' WHERE user_account.id = address.user_id");
}

#[test]
fn a_timestamptz_parameter_drops_its_utc_offset_on_mysql() {
    let schema: Schema =
        syn::parse_str("mod db { table e { id: INTEGER PRIMARY KEY, at: TIMESTAMPTZ } }").unwrap();
    let statement = checked(
        &schema,
        "UPDATE e SET at = :at WHERE at < :before AND id = :id",
    );
    let [sqlite, postgres, mysql] = Dialect::ALL.map(|d| render_typed(&statement, d).sql);
    assert_eq!(sqlite, "UPDATE e SET at = ?1 WHERE e.at < ?2 AND e.id = ?3");
    assert_eq!(
        postgres,
        "UPDATE e SET at = $1::TEXT::TIMESTAMPTZ WHERE e.at < $2::TEXT::TIMESTAMPTZ AND e.id = $3::INTEGER"
    );
    assert_eq!(
        mysql,
        "UPDATE e SET at = REPLACE(?, '+00:00', '') WHERE e.at < REPLACE(?, '+00:00', '') AND e.id = ?"
    );
}

#[test]
fn intersect_binds_tighter_outside_sqlite() {
    let [sqlite, postgres, _] = render_tutorial(
        "SELECT id FROM user_account UNION SELECT user_id FROM address INTERSECT SELECT id FROM address",
    );
    assert_eq!(sqlite, "SELECT user_account.id FROM user_account UNION SELECT address.user_id FROM address INTERSECT SELECT address.id FROM address");
    assert_eq!(postgres, "(SELECT user_account.id FROM user_account UNION SELECT address.user_id FROM address) INTERSECT SELECT address.id FROM address");
}

#[test]
fn casts_per_dialect() {
    let [sqlite, postgres, mysql] =
        render_tutorial("SELECT CAST(id AS VARCHAR(10)), CAST(name AS INTEGER) FROM user_account");
    assert_eq!(sqlite, "SELECT CAST(user_account.id AS VARCHAR(10)), CAST(user_account.name AS INTEGER) FROM user_account");
    assert_eq!(postgres, sqlite);
    assert_eq!(
        mysql,
        "SELECT CAST(user_account.id AS CHAR), CAST(user_account.name AS SIGNED) FROM user_account"
    );
}

#[test]
fn sqlite_only_syntax_has_portable_renderings() {
    let [sqlite, postgres, mysql] = render_tutorial(
        "SELECT 1 IN (), 1 NOT IN (), total(id), group_concat(DISTINCT name) FROM user_account NOT INDEXED",
    );
    assert_eq!(
        sqlite,
        "SELECT 1 IN (), 1 NOT IN (), total(user_account.id), group_concat(DISTINCT user_account.name) FROM user_account NOT INDEXED"
    );
    assert!(
        postgres.starts_with("SELECT (1 = 0), (1 = 1), "),
        "{postgres}"
    );
    assert!(postgres.contains("CAST(coalesce(sum(user_account.id), 0) AS DOUBLE PRECISION), string_agg(DISTINCT CAST(user_account.name AS TEXT), ',') FROM user_account"), "{postgres}");
    assert!(
        mysql.contains("GROUP_CONCAT(DISTINCT user_account.name SEPARATOR ',') FROM user_account"),
        "{mysql}"
    );
    assert!(!postgres.contains("NOT INDEXED"));
}

#[test]
fn ilike_is_lowered_like_outside_postgresql() {
    let [sqlite, postgres, mysql] = render_tutorial(
        r#"SELECT id FROM user_account WHERE name ILIKE "SP%" AND name NOT ILIKE "x""#,
    );
    assert_eq!(postgres, "SELECT user_account.id FROM user_account WHERE user_account.name ILIKE 'SP%' ESCAPE '' AND user_account.name NOT ILIKE 'x' ESCAPE ''");
    assert_eq!(sqlite, "SELECT user_account.id FROM user_account WHERE lower(user_account.name) LIKE lower('SP%') AND lower(user_account.name) NOT LIKE lower('x')");
    assert_eq!(mysql, sqlite);
}

/// Finding 12: `ESCAPE` on every dialect, and a backslash that means the same everywhere.
#[test]
fn like_escape_per_dialect() {
    let [sqlite, postgres, mysql] = render_tutorial(
        r#"SELECT id FROM user_account WHERE name LIKE "50\\%" ESCAPE "\\" OR name NOT LIKE :p ESCAPE "!""#,
    );
    assert_eq!(
        sqlite,
        r"SELECT user_account.id FROM user_account WHERE user_account.name LIKE '50\%' ESCAPE '\' OR user_account.name NOT LIKE ?1 ESCAPE '!'"
    );
    assert_eq!(postgres, sqlite.replace("?1", "$1"));
    assert_eq!(
        mysql,
        r"SELECT user_account.id FROM user_account WHERE user_account.name LIKE '50\\%' ESCAPE '\\' OR user_account.name NOT LIKE ? ESCAPE '!'"
    );
    // Without ESCAPE a backslash is an ordinary character. PostgreSQL is told so; MariaDB
    // takes even `ESCAPE ''` as the backslash, so there each backslash is doubled: in the
    // literal as written, in a parameter by the server.
    let [sqlite, postgres, mysql] =
        render_tutorial(r#"SELECT id FROM user_account WHERE name LIKE "a\\%" OR name LIKE :p"#);
    assert_eq!(
        sqlite,
        r"SELECT user_account.id FROM user_account WHERE user_account.name LIKE 'a\%' OR user_account.name LIKE ?1"
    );
    assert_eq!(
        postgres,
        r"SELECT user_account.id FROM user_account WHERE user_account.name LIKE 'a\%' ESCAPE '' OR user_account.name LIKE $1 ESCAPE ''"
    );
    assert_eq!(
        mysql,
        r"SELECT user_account.id FROM user_account WHERE user_account.name LIKE 'a\\\\%' OR user_account.name LIKE REPLACE(?, '\\', '\\\\')"
    );
}

/// The function catalog's renderings, in any case the user wrote the name.
#[test]
fn catalog_renderings_with_separator_and_distinct() {
    let [sqlite, postgres, mysql] = render_tutorial(
        r#"SELECT GROUP_CONCAT(name, ";"), Total(DISTINCT id), count(*) FROM user_account"#,
    );
    assert_eq!(
        sqlite,
        "SELECT group_concat(user_account.name, ';'), total(DISTINCT user_account.id), count(*) FROM user_account"
    );
    assert_eq!(
        postgres,
        "SELECT string_agg(CAST(user_account.name AS TEXT), ';'), CAST(coalesce(sum(DISTINCT user_account.id), 0) AS DOUBLE PRECISION), count(*) FROM user_account"
    );
    assert_eq!(
        mysql,
        "SELECT GROUP_CONCAT(user_account.name SEPARATOR ';'), CAST(coalesce(sum(DISTINCT user_account.id), 0) AS DOUBLE), count(*) FROM user_account"
    );
}

#[test]
fn upserts_per_dialect() {
    let schema: Schema = syn::parse_str(
        "mod db { table counter { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL UNIQUE, hits: INTEGER NOT NULL } \
         table tag { label: TEXT PRIMARY KEY, uses: INTEGER NOT NULL } }",
    )
    .unwrap();
    assert_eq!(
        render_each(
            &schema,
            "INSERT INTO tag (label, uses) VALUES (:l, 1) ON CONFLICT (label) DO UPDATE SET uses = tag.uses + excluded.uses"
        ),
        [
            "INSERT INTO tag (label, uses) VALUES (?1, 1) ON CONFLICT (label) DO UPDATE SET uses = tag.uses + excluded.uses",
            "INSERT INTO tag (label, uses) VALUES ($1, 1) ON CONFLICT (label) DO UPDATE SET uses = tag.uses + excluded.uses",
            "INSERT INTO tag (label, uses) VALUES (?, 1) ON DUPLICATE KEY UPDATE uses = tag.uses + VALUES(uses)",
        ]
    );
    // PostgreSQL's constraint name reads as the key's columns everywhere.
    assert_eq!(
        render_each(
            &schema,
            "INSERT INTO counter (name, hits) VALUES (:n, 0) ON CONFLICT ON CONSTRAINT counter_name_key DO NOTHING"
        )[0],
        "INSERT INTO counter (name, hits) VALUES (?1, 0) ON CONFLICT (name) DO NOTHING"
    );
    assert_eq!(
        render_each(
            &schema,
            "INSERT INTO tag (label, uses) VALUES (:l, 1) ON CONFLICT DO NOTHING"
        )[2],
        "INSERT INTO tag (label, uses) VALUES (?, 1) ON DUPLICATE KEY UPDATE label = label"
    );
}

#[test]
fn window_functions_per_dialect() {
    let schema: Schema = syn::parse_str(
        "mod db { table post { id: INTEGER PRIMARY KEY, author_id: INTEGER NOT NULL, score: INTEGER NOT NULL } }",
    )
    .unwrap();
    let [sqlite, postgres, mysql] = render_each(
        &schema,
        "SELECT id, row_number() OVER (PARTITION BY author_id ORDER BY score DESC, id) AS place, \
         sum(score) OVER w AS running, count(*) FILTER (WHERE score > 1) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS recent \
         FROM post WINDOW w AS (PARTITION BY author_id ORDER BY id)",
    );
    assert_eq!(
        sqlite,
        "SELECT post.id, row_number() OVER (PARTITION BY post.author_id ORDER BY post.score DESC, post.id) AS place, \
         sum(post.score) OVER w AS running, count(*) FILTER (WHERE post.score > 1) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS recent \
         FROM post WINDOW w AS (PARTITION BY post.author_id ORDER BY post.id)"
    );
    assert_eq!(postgres, sqlite);
    assert_eq!(
        mysql,
        "SELECT post.id, row_number() OVER (PARTITION BY post.author_id ORDER BY post.score DESC, post.id) AS place, \
         sum(post.score) OVER w AS running, count(CASE WHEN post.score > 1 THEN 1 END) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS recent \
         FROM post WINDOW w AS (PARTITION BY post.author_id ORDER BY post.id)"
    );
}

/// Optional predicates: one SQL string per combination, each without the conditions (and the
/// LIMIT) whose value is `None`, its placeholders numbered over the parameters it keeps.
#[test]
fn optional_predicates_render_one_sql_per_combination() {
    let schema: Schema = syn::parse_str(
        "mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, n: INTEGER } }",
    )
    .unwrap();
    let statement = checked(
        &schema,
        "SELECT id FROM t WHERE name LIKE {title?} AND id > :floor AND (n = :n? OR n IS NULL) ORDER BY id LIMIT {max?}",
    );
    let variants = render_variants(&statement);
    let sql = |i: usize, d: Dialect| variants[i].rendered[d.index()].sql.clone();
    assert_eq!(variants.len(), 8);
    assert_eq!(
        sql(0, Dialect::Sqlite),
        "SELECT t.id FROM t WHERE t.id > ?1 ORDER BY t.id"
    );
    assert_eq!(variants[0].bound_at, [None, Some(0), None, None]);
    assert_eq!(
        sql(0b010, Dialect::Postgres),
        "SELECT t.id FROM t WHERE t.id > $1::INTEGER AND (t.n = $2::INTEGER OR t.n IS NULL) ORDER BY t.id"
    );
    assert_eq!(
        sql(0b101, Dialect::Sqlite),
        "SELECT t.id FROM t WHERE t.name LIKE ?1 AND t.id > ?2 ORDER BY t.id LIMIT ?3"
    );
    assert_eq!(variants[0b101].bound_at, [Some(0), Some(1), None, Some(2)]);
    let mysql = &variants[0b110].rendered[Dialect::MySql.index()];
    assert_eq!(
        mysql.sql,
        "SELECT t.id FROM t WHERE t.id > ? AND (t.n = ? OR t.n IS NULL) ORDER BY t.id LIMIT ?"
    );
    assert_eq!(mysql.positional_slots, [0, 1, 2]);
    // Every string differs, so each is a prepared statement of its own.
    let mut all: Vec<String> = (0..8).map(|i| sql(i, Dialect::Sqlite)).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 8);
    // All given is what `render` writes.
    assert_eq!(
        sql(7, Dialect::Sqlite),
        render(&statement, Dialect::Sqlite).sql
    );
}

/// A condition of a subquery leaves out with its own optional parameter; HAVING and an
/// OFFSET without its LIMIT too.
#[test]
fn optional_predicates_in_subqueries_having_and_offset() {
    let schema: Schema = syn::parse_str(
        "mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, n: INTEGER } }",
    )
    .unwrap();
    let statement = checked(
        &schema,
        "SELECT name, count(*) AS c FROM t WHERE EXISTS (SELECT 1 FROM t AS u WHERE u.n = t.n AND u.name = {other?}) GROUP BY name HAVING count(*) > {least?} LIMIT {max?} OFFSET {skip?}",
    );
    let variants = render_variants(&statement);
    assert_eq!(variants.len(), 16);
    let none = &variants[0].rendered;
    assert_eq!(
        none[Dialect::Sqlite.index()].sql,
        "SELECT t.name, count(*) AS c FROM t WHERE EXISTS (SELECT 1 FROM t AS u WHERE u.n = t.n) GROUP BY t.name"
    );
    let skip_only = &variants[0b1000].rendered;
    assert!(skip_only[Dialect::Sqlite.index()]
        .sql
        .ends_with(" LIMIT -1 OFFSET ?1"));
    assert!(skip_only[Dialect::Postgres.index()]
        .sql
        .ends_with("GROUP BY t.name OFFSET $1::BIGINT"));
    assert!(skip_only[Dialect::MySql.index()]
        .sql
        .ends_with(" LIMIT 18446744073709551615 OFFSET ?"));
}

/// Date and number functions, each in the form its dialect has.
#[test]
fn date_and_number_functions_per_dialect() {
    let schema: Schema = syn::parse_str(
        "mod db { table e { id: INTEGER PRIMARY KEY, d: DATE NOT NULL, t: TIMESTAMPTZ NOT NULL, p: DOUBLE NOT NULL, s: TEXT NOT NULL } }",
    )
    .unwrap();
    let [sqlite, postgres, mysql] = render_each(
        &schema,
        "SELECT extract(YEAR FROM d) AS y, extract(HOUR FROM t) AS h, extract(EPOCH FROM t) AS s, position(\"x\" IN s) AS i, ceil(p) AS c FROM e WHERE t < now() AND d <= current_date",
    );
    assert_eq!(
        sqlite,
        "SELECT CAST(strftime('%Y', e.d) AS INTEGER) AS y, CAST(strftime('%H', e.t) AS INTEGER) AS h, CAST(strftime('%s', e.t) AS INTEGER) AS s, instr(e.s, 'x') AS i, (CAST(e.p AS INTEGER) + (e.p > CAST(e.p AS INTEGER))) AS c FROM e WHERE e.t < strftime('%Y-%m-%d %H:%M:%f+00:00', 'now') AND e.d <= date('now')"
    );
    assert_eq!(
        postgres,
        "SELECT CAST(EXTRACT(YEAR FROM e.d) AS INTEGER) AS y, CAST(EXTRACT(HOUR FROM (e.t) AT TIME ZONE 'UTC') AS INTEGER) AS h, CAST(floor(EXTRACT(EPOCH FROM e.t)) AS BIGINT) AS s, strpos(e.s, 'x') AS i, ceil(e.p) AS c FROM e WHERE e.t < now() AND e.d <= CAST(now() AT TIME ZONE 'UTC' AS DATE)"
    );
    assert_eq!(
        mysql,
        "SELECT EXTRACT(YEAR FROM e.d) AS y, EXTRACT(HOUR FROM e.t) AS h, UNIX_TIMESTAMP(e.t) AS s, LOCATE('x', e.s) AS i, ceil(e.p) AS c FROM e WHERE e.t < UTC_TIMESTAMP(6) AND e.d <= UTC_DATE()"
    );
}

#[test]
fn an_insert_of_one_row_is_cut_around_its_row_for_batches() {
    let schema: Schema = syn::parse_str(
        "mod db { table tag { id: INTEGER PRIMARY KEY, label: TEXT NOT NULL UNIQUE, uses: INTEGER NOT NULL } }",
    )
    .unwrap();
    let statement = checked(
        &schema,
        "INSERT INTO tag (label, uses) VALUES (:l, :n + 1) ON CONFLICT DO NOTHING RETURNING id",
    );
    let postgres = render_typed(&statement, Dialect::Postgres)
        .batch
        .expect("batchable");
    assert_eq!(postgres.head, "INSERT INTO tag (label, uses) VALUES ");
    assert_eq!(postgres.row, ["(", "::TEXT, ", "::INTEGER + 1)"]);
    assert_eq!(postgres.slots, [0, 1]);
    assert_eq!(postgres.tail, " ON CONFLICT DO NOTHING RETURNING tag.id");
    assert_eq!(
        postgres.write(Dialect::Postgres, 2),
        "INSERT INTO tag (label, uses) VALUES ($1::TEXT, $2::INTEGER + 1), ($3::TEXT, $4::INTEGER + 1) ON CONFLICT DO NOTHING RETURNING tag.id"
    );
    // One row is the statement's own SQL, in every dialect.
    for dialect in Dialect::ALL {
        let template = render_typed(&statement, dialect).batch.expect("batchable");
        assert_eq!(
            template.write(dialect, 1),
            render_typed(&statement, dialect).sql
        );
    }
    let mysql = render_typed(&statement, Dialect::MySql)
        .batch
        .expect("batchable");
    assert_eq!(
        mysql.write(Dialect::MySql, 2),
        "INSERT INTO tag (label, uses) VALUES (?, ? + 1), (?, ? + 1) ON DUPLICATE KEY UPDATE label = label RETURNING tag.id"
    );
}

#[test]
fn statements_many_rows_of_would_change_are_not_batched() {
    let schema: Schema = syn::parse_str(
        "mod db { table tag { id: INTEGER PRIMARY KEY, label: TEXT NOT NULL UNIQUE, uses: INTEGER NOT NULL } }",
    )
    .unwrap();
    for sql in [
        // PostgreSQL refuses to update one row twice in a statement.
        "INSERT INTO tag (label, uses) VALUES (:l, 1) ON CONFLICT (label) DO UPDATE SET uses = tag.uses + 1",
        // A parameter outside the row.
        "INSERT INTO tag (label, uses) SELECT label, {n} FROM tag",
        "INSERT INTO tag (label, uses) VALUES (:l, 1), (:m, 2)",
        "UPDATE tag SET uses = {n}",
        "SELECT id FROM tag WHERE label = {l}",
    ] {
        let statement = checked(&schema, sql);
        assert_eq!(render_typed(&statement, Dialect::Sqlite).batch, None, "{sql}");
    }
}

#[test]
fn unsigned_integers_per_dialect() {
    let schema: Schema = syn::parse_str(
        "mod db { table counter { id: INT UNSIGNED PRIMARY KEY, hits: BIGINT UNSIGNED NOT NULL, width: INT(11) } }",
    )
    .unwrap();
    let [sqlite, postgres, mysql] = Dialect::ALL.map(|d| create_all(&schema, d));
    // SQLite makes only `INTEGER` a rowid alias; its affinity for the others is INTEGER's.
    assert!(
        sqlite.contains("id INTEGER NOT NULL PRIMARY KEY")
            && sqlite.contains("hits BIGINT UNSIGNED NOT NULL")
            && sqlite.contains("width INTEGER"),
        "{sqlite}"
    );
    // PostgreSQL has no unsigned types: the signed type that holds every value.
    assert!(
        postgres.contains("id BIGSERIAL NOT NULL") && postgres.contains("hits NUMERIC(20, 0)"),
        "{postgres}"
    );
    assert!(
        mysql.contains("id INTEGER UNSIGNED NOT NULL PRIMARY KEY AUTO_INCREMENT")
            && mysql.contains("hits BIGINT UNSIGNED NOT NULL"),
        "{mysql}"
    );

    let checked = checked(
        &schema,
        "SELECT id, hits, hits - 1 AS less, id + 1 AS next, -id AS negated, sum(hits) AS total, max(id) AS top FROM counter GROUP BY id, hits",
    );
    let types: Vec<(String, SqlType)> = checked
        .analysis()
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.ty))
        .collect();
    assert_eq!(
        types,
        [
            ("id".to_owned(), SqlType::IntegerUnsigned),
            ("hits".to_owned(), SqlType::BigIntUnsigned),
            // Arithmetic may go below zero: signed, wide enough for every value.
            ("less".to_owned(), SqlType::Numeric(None)),
            ("next".to_owned(), SqlType::BigInt),
            ("negated".to_owned(), SqlType::BigInt),
            ("total".to_owned(), SqlType::Numeric(None)),
            ("top".to_owned(), SqlType::IntegerUnsigned),
        ]
    );
    let [_, postgres, mysql] = render_each(
        &schema,
        "SELECT id FROM counter WHERE hits > {floor} AND CAST(width AS INTEGER UNSIGNED) = 3",
    );
    assert!(postgres.contains("AS BIGINT)"), "{postgres}");
    assert!(mysql.contains("AS UNSIGNED)"), "{mysql}");

    let error = syn::parse_str::<Schema>("mod db { table t { n: SMALLINT UNSIGNED } }")
        .map(|_| ())
        .unwrap_err();
    assert!(error.to_string().contains("no UNSIGNED form"), "{error}");
}
