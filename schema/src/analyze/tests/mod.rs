//! Resolution and typing, checked on the SQL text each statement renders to.

use super::*;
use crate::dialect::Dialect;
use crate::render::render;

mod application_sql;
mod findings;

const SCHEMA: &str = r#"
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: VARCHAR(200) }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
        table books { book_id: INTEGER PRIMARY KEY, book_price: NUMERIC(10, 2), genre: TEXT }
        table pair { a_id: INTEGER REFERENCES user_account(id), b_id: INTEGER REFERENCES user_account(id) }
    }
"#;

fn check(sql: &str) -> Result<(Analysis, String), Vec<String>> {
    let schema: Schema = syn::parse_str(SCHEMA).expect("schema parses");
    let statement: Statement = syn::parse_str(sql).map_err(|e| vec![e.to_string()])?;
    let checked = analyze(&schema, statement)
        .map_err(|e| e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
    let sql = render(&checked, Dialect::Sqlite).sql;
    Ok((checked.analysis().clone(), sql))
}

fn ok(sql: &str) -> (Analysis, String) {
    check(sql).unwrap_or_else(|errors| panic!("{sql}: {errors:?}"))
}

fn errors(sql: &str) -> Vec<String> {
    match check(sql) {
        Ok((_, rendered)) => panic!("{sql} checked: {rendered}"),
        Err(errors) => errors,
    }
}

fn columns(analysis: &Analysis) -> Vec<(String, SqlType, bool)> {
    analysis
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.ty, c.nullable))
        .collect()
}

#[test]
fn qualifies_columns_and_types_them() {
    let (analysis, sql) =
        ok("SELECT id, fullname AS full_name FROM user_account WHERE name = \"x\"");
    assert_eq!(sql, "SELECT user_account.id, user_account.fullname AS full_name FROM user_account WHERE user_account.name = 'x'");
    assert_eq!(
        columns(&analysis),
        [
            ("id".into(), SqlType::Integer, false),
            ("full_name".into(), SqlType::Varchar(Some(200)), true)
        ]
    );
}

#[test]
fn names_resolve_case_insensitively_to_the_schema_spelling() {
    let (_, sql) = ok("SELECT NAME FROM User_Account AS u WHERE U.ID = 1");
    assert_eq!(sql, "SELECT u.name FROM user_account AS u WHERE u.id = 1");
}

#[test]
fn wildcards_expand_and_reuse_the_table_row() {
    let (analysis, sql) = ok("SELECT * FROM user_account");
    assert_eq!(
        sql,
        "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account"
    );
    assert_eq!(analysis.shape, RowShape::Table(0));
    let (analysis, _) = ok("SELECT a.*, user_account.name FROM address AS a JOIN user_account");
    assert_eq!(analysis.shape, RowShape::Columns);
    assert_eq!(analysis.columns.len(), 4);
}

#[test]
fn wildcards_of_several_tables_nest_their_rows() {
    let nested = |table, first_column, optional| NestedTable {
        table,
        first_column,
        optional,
    };
    let (analysis, _) = ok("SELECT user_account.*, address.* FROM user_account LEFT JOIN address");
    assert_eq!(
        analysis.shape,
        RowShape::Tables(vec![nested(0, 0, false), nested(1, 3, true)])
    );
    let (analysis, _) = ok("SELECT * FROM address JOIN user_account");
    assert_eq!(
        analysis.shape,
        RowShape::Tables(vec![nested(1, 0, false), nested(0, 3, false)])
    );
    // A column beside the wildcards, or a relation that is not a whole table, stays flat.
    let (analysis, _) =
        ok("SELECT user_account.*, address.*, 1 AS one FROM user_account JOIN address");
    assert_eq!(analysis.shape, RowShape::Columns);
    let (analysis, _) = ok(
        "SELECT u.*, a.* FROM (SELECT id, name FROM user_account) AS u JOIN address AS a ON a.user_id = u.id",
    );
    assert_eq!(analysis.shape, RowShape::Columns);
    // A lone outer-joined table is its own nullable columns, not an `Option` row.
    let (analysis, _) = ok("SELECT address.* FROM user_account LEFT JOIN address");
    assert_eq!(analysis.shape, RowShape::Columns);
}

#[test]
fn join_condition_comes_from_the_foreign_key() {
    let (_, sql) = ok("SELECT address.id FROM user_account JOIN address");
    assert_eq!(
        sql,
        "SELECT address.id FROM user_account JOIN address ON user_account.id = address.user_id"
    );
    let (_, sql) = ok("SELECT a.id FROM address AS a JOIN user_account AS u");
    assert_eq!(
        sql,
        "SELECT a.id FROM address AS a JOIN user_account AS u ON u.id = a.user_id"
    );
}

#[test]
fn outer_joins_make_columns_nullable() {
    let (analysis, _) =
        ok("SELECT user_account.id, address.id FROM user_account LEFT JOIN address");
    assert_eq!(
        columns(&analysis),
        [
            ("id".into(), SqlType::Integer, false),
            ("id_1".into(), SqlType::Integer, true)
        ]
    );
    let (analysis, _) =
        ok("SELECT user_account.id, address.id FROM user_account FULL JOIN address");
    assert!(analysis.columns.iter().all(|c| c.nullable));
}

#[test]
fn joins_without_one_foreign_key_are_errors() {
    assert_eq!(
        errors("SELECT * FROM address JOIN books"),
        ["no foreign key links `books` with `address`; write the condition with `ON`"]
    );
    assert_eq!(
        errors("SELECT * FROM user_account JOIN pair"),
        ["more than one foreign key links `pair` with the tables before it (pair.a_id -> user_account.id; pair.b_id -> user_account.id); write the condition with `ON`"]
    );
}

#[test]
fn aggregates_have_sql_types() {
    let (analysis, _) = ok(
        "SELECT count(*), sum(id), avg(id), max(name), sum(book_price) FROM user_account, books",
    );
    assert_eq!(
        columns(&analysis),
        [
            ("count".into(), SqlType::BigInt, false),
            ("sum".into(), SqlType::BigInt, true),
            ("avg".into(), SqlType::Double, true),
            ("max".into(), SqlType::Varchar(Some(30)), true),
            ("sum_1".into(), SqlType::Numeric(None), true),
        ]
    );
    let (analysis, _) = ok("SELECT user_id, max(id) AS newest FROM address GROUP BY user_id");
    assert!(!analysis.columns[1].nullable, "a group is never empty");
}

#[test]
fn concatenation_is_null_only_where_its_rows_or_values_can_be() {
    // `email_address` is NOT NULL: each group has a row, so its concatenation is not NULL.
    let (analysis, _) = ok(
        "SELECT user_id, string_agg(email_address, \",\") AS emails FROM address GROUP BY user_id",
    );
    assert!(!analysis.columns[1].nullable, "a group of NOT NULL values");
    // Over no rows (no GROUP BY), or of values that may be NULL, it may be NULL.
    let (analysis, _) = ok("SELECT string_agg(email_address, \",\") AS emails FROM address");
    assert!(analysis.columns[0].nullable, "maybe no rows");
    let (analysis, _) =
        ok("SELECT id, group_concat(fullname) AS names FROM user_account GROUP BY id");
    assert!(analysis.columns[1].nullable, "values that may be NULL");
}

#[test]
fn arithmetic_promotes() {
    let (analysis, _) =
        ok("SELECT id + 1, id * 1.5, book_price * 2, \"a\" || id FROM books, user_account");
    let types: Vec<SqlType> = analysis.columns.iter().map(|c| c.ty).collect();
    assert_eq!(
        types,
        [
            SqlType::Integer,
            SqlType::Double,
            SqlType::Numeric(None),
            SqlType::Text
        ]
    );
}

#[test]
fn parameters_take_the_type_of_what_they_meet() {
    let (analysis, sql) =
        ok("UPDATE user_account SET fullname = :full WHERE name = :name AND id > {min}");
    assert_eq!(sql, "UPDATE user_account SET fullname = ?1 WHERE user_account.name = ?2 AND user_account.id > ?3");
    let params: Vec<(SqlType, bool)> = analysis.params.iter().map(|p| (p.ty, p.nullable)).collect();
    assert_eq!(
        params,
        [
            (SqlType::Varchar(Some(200)), true),
            (SqlType::Varchar(Some(30)), false),
            (SqlType::Integer, false)
        ]
    );
    let (analysis, _) =
        ok("SELECT id FROM user_account WHERE name = :n OR fullname = :n LIMIT {limit}");
    assert_eq!(analysis.params.len(), 2);
    assert_eq!(analysis.params[1].ty, SqlType::BigInt);
}

#[test]
fn unknown_names_suggest_the_closest() {
    assert_eq!(
        errors("SELECT nmae FROM user_account"),
        ["no column `nmae` in the tables of this query; did you mean `name`?"]
    );
    assert_eq!(
        errors("SELECT id FROM user_acount"),
        ["no table `user_acount` in the schema; did you mean `user_account`?"]
    );
    assert_eq!(
        errors("SELECT user_account.nmae FROM user_account"),
        ["no column `nmae` in table `user_account`; did you mean `name`?"]
    );
    assert_eq!(
        errors("SELECT email_address FROM user_account"),
        ["no column `email_address` in the tables of this query; `address` has it but is not in FROM"]
    );
    assert_eq!(
        errors("SELECT address.id FROM user_account"),
        ["table `address` is not in FROM; add it to FROM or JOIN it"]
    );
}

#[test]
fn ambiguous_columns_must_be_qualified() {
    assert_eq!(
        errors("SELECT id FROM user_account, address"),
        ["column `id` is ambiguous: it is in `user_account` or `address`; qualify it, e.g. `user_account.id`"]
    );
}

#[test]
fn type_mismatches_are_errors() {
    assert_eq!(
        errors("SELECT id FROM user_account WHERE name = 5"),
        ["mismatched types: cannot compare `user_account.name` (VARCHAR(30)) with INTEGER"]
    );
    assert_eq!(
        errors("UPDATE user_account SET id = \"x\""),
        ["mismatched types: `user_account.id` is INTEGER, found TEXT"]
    );
    assert_eq!(
        errors("SELECT name + 1 FROM user_account"),
        ["`+` needs numbers, found VARCHAR(30); use `||` to join text"]
    );
    assert_eq!(
        errors("SELECT id FROM user_account WHERE id"),
        ["WHERE expects a condition (true or false), found INTEGER"]
    );
    assert_eq!(
        errors("INSERT INTO address (user_id, email_address) VALUES (1, NULL)"),
        ["`address.email_address` is NOT NULL; it cannot be set to NULL"]
    );
}

#[test]
fn insert_checks_columns_and_values() {
    assert_eq!(
        errors("INSERT INTO address (user_id) VALUES (1)"),
        ["missing a value for `email_address` of `address`: NOT NULL without a default"]
    );
    assert_eq!(
        errors("INSERT INTO user_account (name, name) VALUES (\"a\", \"b\")"),
        ["column `name` is listed twice"]
    );
    assert_eq!(
        errors("INSERT INTO user_account (name) VALUES (\"a\", \"b\")"),
        ["expected 1 value(s), one for each column, found 2"]
    );
    assert_eq!(
        errors("INSERT INTO user_account (nmae) VALUES (\"a\")"),
        ["no column `nmae` in table `user_account`; did you mean `name`?"]
    );
    // Finding 6: without its column list, the values fill the live table's columns in the
    // database's order, whatever the schema says.
    let (_, sql) = ok("INSERT INTO user_account VALUES (1, \"a\", NULL)");
    assert_eq!(
        sql,
        "INSERT INTO user_account (id, name, fullname) VALUES (1, 'a', NULL)"
    );
    let (_, sql) = ok("INSERT INTO user_account SELECT id, name, fullname FROM user_account");
    assert!(
        sql.starts_with("INSERT INTO user_account (id, name, fullname) SELECT "),
        "{sql}"
    );
}

#[test]
fn grouping_is_checked() {
    assert_eq!(
        errors("SELECT name, count(*) FROM user_account"),
        ["`user_account.name` must appear in GROUP BY or be used in an aggregate function such as `max(user_account.name)`"]
    );
    assert_eq!(
        errors("SELECT id FROM user_account WHERE count(*) > 1"),
        ["aggregate `count` is not allowed here; filter groups with HAVING"]
    );
    // Grouping by the primary key makes every column of the table grouped.
    ok("SELECT user_account.id, user_account.name, count(address.id) FROM user_account JOIN address GROUP BY user_account.id");
    // GROUP BY and ORDER BY a label or a position.
    let (_, sql) =
        ok("SELECT user_id AS owner, count(*) AS n FROM address GROUP BY owner ORDER BY n DESC, 1");
    assert_eq!(sql, "SELECT address.user_id AS owner, count(*) AS n FROM address GROUP BY owner ORDER BY n DESC, 1");
    assert_eq!(
        errors("SELECT id FROM address ORDER BY 2"),
        ["ORDER BY position 2 is out of range: the result has 1 column(s)"]
    );
}

#[test]
fn every_mistake_is_reported_at_once() {
    let all = errors("SELECT nmae, idd FROM user_account WHERE fullname = 1");
    assert_eq!(all.len(), 3, "{all:?}");
}

#[test]
fn parameters_without_context_are_errors() {
    assert_eq!(
        errors("SELECT :x FROM user_account"),
        ["cannot infer the type of `:x`: nothing here says what it is; compare it with a column, use it as a column's value, or write `CAST(:x AS INTEGER)` with its SQL type (TEXT, BIGINT, ...)"]
    );
    // An inline value is named by its variable.
    assert_eq!(
        errors("SELECT {start} AS n"),
        ["cannot infer the type of `{start}`: nothing here says what it is; compare it with a column, use it as a column's value, or write `CAST({start} AS INTEGER)` with its SQL type (TEXT, BIGINT, ...)"]
    );
    assert_eq!(
        errors("SELECT id FROM user_account WHERE name = :x AND id = :x"),
        ["parameter `:x` is used as INTEGER here but as VARCHAR(30) before"]
    );
}

#[test]
fn a_parameter_left_untyped_by_another_mistake_is_not_a_second_error() {
    // The misspelt table leaves `id` unknown, so `{id}` meets nothing that types it.
    assert_eq!(
        errors("SELECT name FROM user_acount WHERE id = {id}"),
        ["no table `user_acount` in the schema; did you mean `user_account`?"]
    );
    // The value has no column to take its type from.
    assert_eq!(
        errors("INSERT INTO user_account (name, fullname) VALUES ({name})"),
        ["expected 2 value(s), one for each column, found 1"]
    );
}

#[test]
fn scalar_and_correlated_subqueries() {
    let (analysis, sql) = ok("SELECT name, (SELECT count(address.id) FROM address WHERE user_account.id = address.user_id) AS n FROM user_account");
    assert_eq!(
        sql,
        "SELECT user_account.name, (SELECT count(address.id) FROM address WHERE user_account.id = address.user_id) AS n FROM user_account"
    );
    // An aggregate without GROUP BY always gives one row: count is never NULL here.
    assert_eq!(columns(&analysis)[1], ("n".into(), SqlType::BigInt, false));
    let (analysis, _) = ok("SELECT (SELECT id FROM address WHERE address.user_id = user_account.id LIMIT 1) AS a FROM user_account");
    assert!(columns(&analysis)[0].2, "a subquery may find no row");
    assert_eq!(
        errors("SELECT (SELECT id, name FROM user_account) FROM address"),
        ["a subquery used as a value must return one column, found 2"]
    );
    // The inner query's own table wins for an unqualified name.
    let (_, sql) = ok("SELECT id FROM user_account WHERE EXISTS (SELECT id FROM address WHERE user_id = user_account.id)");
    assert_eq!(
        sql,
        "SELECT user_account.id FROM user_account WHERE EXISTS (SELECT address.id FROM address WHERE address.user_id = user_account.id)"
    );
}

#[test]
fn in_subquery_checks_one_comparable_column() {
    ok("SELECT name FROM user_account WHERE id IN (SELECT user_id FROM address)");
    assert_eq!(
        errors("SELECT name FROM user_account WHERE id IN (SELECT user_id, id FROM address)"),
        ["the subquery of IN must return one column, found 2"]
    );
    assert_eq!(
        errors("SELECT name FROM user_account WHERE id IN (SELECT email_address FROM address)"),
        ["mismatched types: cannot compare `user_account.id` (INTEGER) with VARCHAR(200)"]
    );
}

#[test]
fn subqueries_in_from_join_through_the_foreign_key_they_carry() {
    let (analysis, sql) = ok(
        "SELECT user_account.name, anon_1.count FROM user_account JOIN (SELECT count(address.id) AS count, address.user_id AS user_id FROM address GROUP BY address.user_id) AS anon_1",
    );
    assert!(
        sql.ends_with(") AS anon_1 ON user_account.id = anon_1.user_id"),
        "{sql}"
    );
    assert_eq!(
        columns(&analysis)[1],
        ("count".into(), SqlType::BigInt, false)
    );
    assert_eq!(
        errors("SELECT s.nope FROM (SELECT id FROM user_account) AS s"),
        ["no column `nope` in `s`"]
    );
}

#[test]
fn ctes_are_tables_for_the_query() {
    let (_, sql) = ok(
        "WITH anon_1 AS (SELECT count(address.id) AS count, address.user_id AS user_id FROM address GROUP BY address.user_id) SELECT user_account.name, anon_1.count FROM user_account JOIN anon_1",
    );
    assert!(
        sql.ends_with("JOIN anon_1 ON user_account.id = anon_1.user_id"),
        "{sql}"
    );
    let (analysis, _) = ok("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT x FROM n");
    assert_eq!(columns(&analysis), [("x".into(), SqlType::Integer, false)]);
    assert_eq!(
        errors("WITH c(a, b) AS (SELECT id FROM user_account) SELECT a FROM c"),
        ["`c` names 2 column(s) but its query returns 1"]
    );
}

#[test]
fn set_operations_check_columns() {
    let (analysis, _) = ok("SELECT id, name FROM user_account UNION ALL SELECT user_id, email_address FROM address ORDER BY 1");
    assert!(!columns(&analysis)[1].2);
    assert_eq!(
        errors("SELECT id FROM user_account UNION SELECT id, user_id FROM address"),
        ["each side of UNION must have the same number of columns: the left has 1, the right 2"]
    );
    assert_eq!(
        errors("SELECT id FROM user_account EXCEPT SELECT email_address FROM address"),
        ["column 1 of EXCEPT is INTEGER on the left but VARCHAR(200) on the right"]
    );
}

#[test]
fn case_cast_and_coalesce() {
    let (analysis, _) = ok(
        "SELECT CASE WHEN id > 1 THEN name ELSE \"none\" END AS a, CASE id WHEN 1 THEN 1.5 END AS b, CAST(id AS TEXT) AS c, coalesce(fullname, name) AS d FROM user_account",
    );
    assert_eq!(
        columns(&analysis),
        [
            ("a".into(), SqlType::Varchar(Some(30)), false),
            ("b".into(), SqlType::Double, true),
            ("c".into(), SqlType::Text, false),
            ("d".into(), SqlType::Varchar(Some(200)), false),
        ]
    );
    assert_eq!(
        errors("SELECT CASE WHEN id > 1 THEN name ELSE 0 END FROM user_account"),
        ["mismatched types: CASE results are VARCHAR(30) but this one is INTEGER"]
    );
}

#[test]
fn insert_select_and_returning() {
    let (analysis, sql) = ok(
        "INSERT INTO address (user_id, email_address) SELECT id, name || \"@aol.com\" FROM user_account RETURNING id, email_address",
    );
    assert_eq!(
        sql,
        "INSERT INTO address (user_id, email_address) SELECT user_account.id, user_account.name || '@aol.com' FROM user_account RETURNING address.id, address.email_address"
    );
    assert_eq!(analysis.columns.len(), 2);
    assert_eq!(
        errors("INSERT INTO address (user_id, email_address) SELECT id FROM user_account"),
        ["expected 2 column(s), one for each target column, found 1"]
    );
    let (analysis, _) = ok("DELETE FROM user_account WHERE id = 1 RETURNING *");
    assert_eq!(analysis.shape, RowShape::Table(0));
}

#[test]
fn update_from_and_delete_using() {
    let (analysis, sql) = ok(
        "UPDATE user_account SET fullname = \"Sandy\" FROM address WHERE user_account.id = address.user_id AND address.email_address = \"x\"",
    );
    assert!(sql.contains(" FROM address WHERE "), "{sql}");
    assert!(analysis.constructs.is_empty());
    let (analysis, sql) = ok("DELETE FROM address USING user_account WHERE user_account.id = address.user_id AND user_account.name = \"sandy\"");
    assert!(
        sql.starts_with("DELETE FROM address USING user_account WHERE"),
        "{sql}"
    );
    assert_eq!(
        analysis
            .constructs
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>(),
        [Construct::DeleteUsing]
    );
    let (analysis, _) = ok("UPDATE user_account SET name = \"x\" RETURNING id");
    assert_eq!(analysis.constructs[0].0, Construct::UpdateReturning);
    let (analysis, _) = ok("SELECT user_account.id FROM user_account FULL JOIN address");
    assert_eq!(analysis.constructs[0].0, Construct::FullOuterJoin);
}

#[test]
fn mysqls_multi_table_update_sets_columns_of_several_tables() {
    // The conformance corpus's `update_multi_table_mysql`.
    let (analysis, _) = ok(
        "UPDATE user_account, address SET address.email_address = \"bob@sqlalchemy.org\", user_account.fullname = \"Bob\" \
         WHERE user_account.id = address.user_id AND address.email_address = \"spongebob@sqlalchemy.org\"",
    );
    let constructs: Vec<Construct> = analysis.constructs.iter().map(|(c, _)| *c).collect();
    assert_eq!(constructs, [Construct::UpdateMultiTable]);
    // Listing the tables but assigning only the target's columns is UPDATE ... FROM anywhere.
    let (analysis, sql) = ok(
        "UPDATE user_account, address SET user_account.fullname = \"Sandy\" WHERE user_account.id = address.user_id",
    );
    assert!(analysis.constructs.is_empty(), "{:?}", analysis.constructs);
    assert!(sql.contains(" FROM address WHERE "), "{sql}");
    assert_eq!(
        errors("UPDATE user_account, address SET adress.email_address = \"x\" WHERE user_account.id = address.user_id"),
        ["no table `adress` in this UPDATE; did you mean `address`?"]
    );
    assert_eq!(
        errors("UPDATE user_account, address SET address.fullname = \"x\" WHERE user_account.id = address.user_id"),
        ["no column `fullname` in table `address`"]
    );
    assert_eq!(
        errors("UPDATE user_account, address SET address.user_id = 1, address.user_id = 2 WHERE user_account.id = address.user_id"),
        ["column `user_id` is assigned twice"]
    );
}

#[test]
fn in_a_table_reads_its_one_column() {
    let schema: Schema =
        syn::parse_str("mod db { table t { x: INTEGER } table u { a: INTEGER, b: INTEGER } }")
            .unwrap();
    let statement: Statement = syn::parse_str("SELECT 1 IN t, 2 NOT IN t").unwrap();
    let checked = analyze(&schema, statement).unwrap();
    assert_eq!(
        render(&checked, Dialect::Postgres).sql,
        "SELECT 1 IN (SELECT t.x FROM t), 2 NOT IN (SELECT t.x FROM t)"
    );
    let statement: Statement = syn::parse_str("SELECT 1 IN u").unwrap();
    let error = analyze(&schema, statement).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the subquery of IN must return one column, found 2"
    );
}
