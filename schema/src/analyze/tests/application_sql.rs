//! The SQL an application writes beyond the tutorial: upserts, window functions, optional
//! parameters, parameters typed from their context, and the functions with dialect rules.

use super::*;

#[test]
fn upserts_name_a_key_and_assign_through_excluded() {
    ok("INSERT INTO user_account (id, name) VALUES (1, \"a\") ON CONFLICT (id) DO UPDATE SET name = excluded.name, fullname = user_account.fullname");
    ok("INSERT INTO user_account (id, name) VALUES (1, \"a\") ON CONFLICT ON CONSTRAINT user_account_pkey DO NOTHING");
    ok("INSERT INTO user_account (id, name) VALUES (1, \"a\") ON CONFLICT DO NOTHING");
    assert_eq!(
        errors("INSERT INTO user_account (id, name) VALUES (1, \"a\") ON CONFLICT (name) DO NOTHING"),
        ["ON CONFLICT must name a key of `user_account`, the primary key or a UNIQUE constraint, with exactly its columns: `user_account_pkey` (id)"]
    );
    assert_eq!(
        errors("INSERT INTO user_account (id, name) VALUES (1, \"a\") ON CONFLICT DO UPDATE SET name = excluded.name"),
        ["ON CONFLICT DO UPDATE needs its conflict target, `ON CONFLICT (columns)` naming a key of `user_account`: `user_account_pkey` (id)"]
    );
    assert_eq!(
        errors("INSERT INTO user_account (id, name) VALUES (1, \"a\") ON CONFLICT (id) DO UPDATE SET name = excluded.id"),
        ["mismatched types: `user_account.name` is VARCHAR(30), found INTEGER"]
    );
    // Both the existing row and `excluded` have every column: a bare one is ambiguous.
    assert_eq!(
        errors("INSERT INTO user_account (id, name) VALUES (1, \"a\") ON CONFLICT (id) DO UPDATE SET name = name"),
        ["column `name` is ambiguous: it is in `user_account` or `excluded`; qualify it, e.g. `user_account.name`"]
    );
}

#[test]
fn window_functions_are_typed_and_placed() {
    let (analysis, _) = ok(
        "SELECT row_number() OVER (ORDER BY id) AS n, lag(name) OVER (ORDER BY id) AS before, \
         lead(name, 1, \"none\") OVER (ORDER BY id) AS after, percent_rank() OVER () AS p, \
         count(*) OVER () AS total, max(id) OVER (PARTITION BY name) AS top FROM user_account",
    );
    assert_eq!(
        columns(&analysis),
        [
            ("n".to_owned(), SqlType::BigInt, false),
            ("before".to_owned(), SqlType::Varchar(Some(30)), true),
            ("after".to_owned(), SqlType::Varchar(Some(30)), false),
            ("p".to_owned(), SqlType::Double, false),
            ("total".to_owned(), SqlType::BigInt, false),
            ("top".to_owned(), SqlType::Integer, false),
        ]
    );
    // An aggregate over a window does not make the query grouped.
    ok("SELECT name, sum(id) OVER (PARTITION BY name) AS s FROM user_account");
    // In a grouped query, a window function's arguments are grouped values or aggregates.
    ok("SELECT name, rank() OVER (ORDER BY count(*) DESC) AS r FROM user_account GROUP BY name");
    assert_eq!(
        errors("SELECT id FROM user_account WHERE row_number() OVER (ORDER BY id) = 1"),
        ["window function `row_number` is only allowed in the SELECT list and ORDER BY; to filter or group on it, compute it in a subquery or CTE and use that"]
    );
    assert_eq!(
        errors("SELECT row_number() AS n FROM user_account"),
        ["`row_number` is a window function: add `OVER (...)`, e.g. `row_number() OVER (ORDER BY ...)`"]
    );
    assert_eq!(
        errors("SELECT sum(id) OVER v AS s FROM user_account WINDOW w AS (ORDER BY id)"),
        ["no window `v` in this SELECT's WINDOW clause; did you mean `w`?"]
    );
    assert_eq!(
        errors("SELECT lower(name) OVER () AS l FROM user_account"),
        ["`lower` is not an aggregate or window function, so it takes no OVER"]
    );
    assert_eq!(
        errors("SELECT sum(row_number() OVER ()) OVER () AS s FROM user_account"),
        ["window function `row_number` is only allowed in the SELECT list and ORDER BY; to filter or group on it, compute it in a subquery or CTE and use that"]
    );
}

#[test]
fn optional_parameters_in_plain_sql() {
    // Tested with IS NULL: optional, typed by its other use.
    let (analysis, _) = ok("SELECT id FROM user_account WHERE (:t IS NULL OR name LIKE :t)");
    assert_eq!(analysis.params.len(), 1);
    assert!(analysis.params[0].nullable);
    assert_eq!(analysis.params[0].ty, SqlType::Text);
    // One variable bound twice is one parameter.
    let (analysis, sql) = ok("SELECT id FROM user_account WHERE ({t} IS NULL OR name LIKE {t})");
    assert_eq!(analysis.params.len(), 1);
    assert!(analysis.params[0].nullable);
    assert!(
        sql.contains("?1 IS NULL OR user_account.name LIKE ?1"),
        "{sql}"
    );
    // Two different expressions stay two parameters.
    let (analysis, _) = ok("SELECT id FROM user_account WHERE id = {a + 1} OR id = {a + 1}");
    assert_eq!(analysis.params.len(), 2);
    // A coalesce fallback makes the parameter optional.
    let (analysis, _) = ok("SELECT id FROM user_account WHERE name LIKE coalesce(:t, \"%\")");
    assert!(analysis.params[0].nullable);
    assert_eq!(
        errors("SELECT id FROM user_account WHERE :t IS NULL"),
        ["cannot infer the type of `:t`: IS NULL takes any type; use it elsewhere too (`:t IS NULL OR column = :t`), or write `CAST(:t AS INTEGER) IS NULL` with its SQL type"]
    );
}

/// `{x?}` and `:x?`: typed from their context as a value that is never NULL, allowed only
/// where leaving them out leaves a whole condition (or LIMIT/OFFSET) out.
#[test]
fn optional_predicates_are_typed_and_placed() {
    let (analysis, _) = ok(
        "SELECT id FROM user_account WHERE name LIKE {title?} AND id = :id? AND fullname IS NOT NULL LIMIT {max?}",
    );
    let params: Vec<(SqlType, bool, bool)> = analysis
        .params
        .iter()
        .map(|p| (p.ty, p.nullable, p.optional))
        .collect();
    assert_eq!(
        params,
        [
            (SqlType::Text, false, true),
            (SqlType::Integer, false, true),
            (SqlType::BigInt, false, true)
        ]
    );
    // `{t}` and `{t?}` are two values; Rust's own `?` stays Rust's on anything but a variable.
    let (analysis, _) =
        ok("SELECT id FROM user_account WHERE name = {t?} OR fullname = {t} OR id = {(n?)}");
    let optional: Vec<bool> = analysis.params.iter().map(|p| p.optional).collect();
    assert_eq!(optional, [true, false, false]);
    let misplaced = "an optional parameter (`?`) goes in a WHERE or HAVING condition, which is left out when it is `None`, or is a whole LIMIT or OFFSET; write it without `?` to bind NULL here";
    for sql in [
        "SELECT {x?} + id AS y FROM user_account",
        "SELECT id FROM user_account ORDER BY {x?}",
        "SELECT id FROM user_account LIMIT {x?} + 1",
        "UPDATE user_account SET name = {x?}",
        "INSERT INTO user_account (name) VALUES ({x?})",
        "SELECT id FROM user_account AS u JOIN address AS a ON a.user_id = u.id AND a.email_address = {x?}",
        "SELECT id FROM user_account WHERE id IN (SELECT {x?} AS y)",
    ] {
        assert!(errors(sql).contains(&misplaced.to_owned()), "{sql}");
    }
    assert_eq!(
        errors("SELECT id FROM user_account WHERE name = :t? OR fullname = :t"),
        ["`:t` is written both with `?` (optional) and without; `.params(...)` takes one value for it, so write it the same way everywhere"]
    );
    let seven = "SELECT id FROM user_account WHERE id = {a?} AND id = {b?} AND id = {c?} AND id = {d?} AND id = {e?} AND id = {f?} AND id = {g?}";
    assert_eq!(
        errors(seven),
        ["a statement takes at most 6 optional parameters: it is compiled to one SQL string for each combination of them given or `None` (64 for 6), and this is the 7th; split the statement, or bind this one without `?`"]
    );
}

#[test]
fn parameters_take_their_type_from_context() {
    // CASE results are one type: a parameter result takes the others', or the assignment's.
    let (analysis, _) =
        ok("UPDATE user_account SET fullname = CASE WHEN id > 1 THEN {a} ELSE {b} END");
    let types: Vec<SqlType> = analysis.params.iter().map(|p| p.ty).collect();
    assert_eq!(
        types,
        [SqlType::Varchar(Some(200)), SqlType::Varchar(Some(200))]
    );
    let (analysis, _) = ok("SELECT CASE WHEN id > 1 THEN {a} ELSE name END AS x FROM user_account");
    assert_eq!(analysis.params[0].ty, SqlType::Varchar(Some(30)));
    // The seed of a recursive CTE takes the type its recursive part gives the column.
    let (analysis, sql) = ok(
        "WITH RECURSIVE n(x) AS (SELECT {start} UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n",
    );
    assert_eq!(analysis.params[0].ty, SqlType::Integer, "{sql}");
    assert_eq!(
        columns(&analysis),
        [("x".to_owned(), SqlType::Integer, false)]
    );
    // A parameter beside a column in a UNION takes the column's type.
    let (analysis, _) = ok("SELECT name FROM user_account UNION SELECT {extra}");
    assert_eq!(analysis.params[0].ty, SqlType::Varchar(Some(30)));
    // INSERT ... SELECT: the select list fills the target columns.
    ok("INSERT INTO user_account (name) SELECT {name} WHERE NOT EXISTS (SELECT 1 FROM user_account WHERE name = {name})");
}

#[test]
fn all_quantifiers_and_parenthesized_joins_read_as_without() {
    let (_, sql) = ok("SELECT count(ALL id) AS n, sum(ALL id) AS s FROM user_account");
    assert_eq!(
        sql,
        "SELECT count(user_account.id) AS n, sum(user_account.id) AS s FROM user_account"
    );
    let (_, sql) = ok("SELECT a.id FROM (user_account AS a CROSS JOIN address AS b) JOIN books AS c ON c.book_id = b.id");
    assert_eq!(sql, "SELECT a.id FROM user_account AS a CROSS JOIN address AS b JOIN books AS c ON c.book_id = b.id");
}

#[test]
fn greatest_and_least_need_values_that_cannot_be_null() {
    let (analysis, sql) =
        ok("SELECT greatest(id, 2) AS g, least(name, \"m\") AS l FROM user_account");
    assert_eq!(
        sql,
        "SELECT max(user_account.id, 2) AS g, min(user_account.name, 'm') AS l FROM user_account"
    );
    assert_eq!(
        columns(&analysis),
        [
            ("g".to_owned(), SqlType::Integer, false),
            ("l".to_owned(), SqlType::Varchar(Some(30)), false),
        ]
    );
    assert_eq!(
        errors("SELECT greatest(fullname, name) AS g FROM user_account"),
        ["`greatest` of a value that may be NULL differs by dialect (PostgreSQL skips the NULL, SQLite and MySQL return it); wrap it in `coalesce(x, fallback)`"]
    );
}

/// Numbers mixed in `coalesce` and CASE take the widest type, as PostgreSQL's common type
/// does: `coalesce(id, 2.5)` can be 2.5.
#[test]
fn coalesce_and_case_widen_numbers() {
    for sql in [
        "SELECT coalesce(id, 2.5) AS x FROM user_account",
        "SELECT CASE WHEN id > 1 THEN id ELSE 2.5 END AS x FROM user_account",
    ] {
        assert_eq!(
            columns(&ok(sql).0),
            [("x".to_owned(), SqlType::Double, false)],
            "{sql}"
        );
    }
    let (analysis, _) = ok("SELECT coalesce(book_price, 1) AS x FROM books");
    assert_eq!(columns(&analysis)[0].1, SqlType::Numeric(None));
}

/// Date functions check their field or unit and what they read.
#[test]
fn date_functions_check_fields_and_arguments() {
    let (analysis, _) = ok("SELECT extract(EPOCH FROM now()) AS e, current_date AS d, date_part(\"year\", current_timestamp) AS y");
    assert_eq!(
        columns(&analysis),
        [
            ("e".to_owned(), SqlType::BigInt, false),
            ("d".to_owned(), SqlType::Date, false),
            ("y".to_owned(), SqlType::Integer, false),
        ]
    );
    assert_eq!(
        errors("SELECT extract(WEEKDAY FROM now()) AS x"),
        ["`extract` takes one of year, month, day, hour, minute, second, dow, doy, epoch, found `weekday`"]
    );
    assert_eq!(
        errors("SELECT extract(YEAR FROM name) AS x FROM user_account"),
        ["`extract` needs a DATE, TIMESTAMP or TIMESTAMPTZ, found VARCHAR(30)"]
    );
    assert_eq!(
        errors("SELECT date_trunc(\"fortnight\", now()) AS x"),
        ["`date_trunc` takes one of year, quarter, month, week, day, hour, minute, second, found `fortnight`"]
    );
}
