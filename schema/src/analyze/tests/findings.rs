//! Mistakes found by the conformance harness and reviews, each kept as the test that caught it.

use super::*;

/// Finding 9: `- -77` written as `--77` turns the rest of the statement into a comment.
#[test]
fn rendering_never_opens_a_comment_by_juxtaposition() {
    let (analysis, sql) = ok("SELECT - - 77, - -id, 1 - -1, - + - 2 FROM user_account");
    assert_eq!(
        sql,
        "SELECT - -77, - -user_account.id, 1 - -1, -+-2 FROM user_account"
    );
    assert_eq!(analysis.columns.len(), 4);
    for dialect in Dialect::ALL {
        let schema: Schema = syn::parse_str(SCHEMA).expect("schema parses");
        let statement: Statement =
            syn::parse_str("SELECT - - - 1, - - (- -2) FROM user_account").expect("parses");
        let checked = analyze(&schema, statement).expect("checks");
        let sql = render(&checked, dialect).sql;
        assert!(
            !sql.contains("--") && !sql.contains("/*"),
            "{dialect:?}: {sql}"
        );
    }
}

/// Finding 10: SQLite and MySQL divide by zero into NULL.
#[test]
fn division_and_remainder_may_be_null() {
    let (analysis, _) =
        ok("SELECT id / 0, id % 0, 1.0 / 0, id / id, id / 2, id % -3, id * 2 FROM user_account");
    let nullable: Vec<bool> = analysis.columns.iter().map(|c| c.nullable).collect();
    assert_eq!(nullable, [true, true, true, true, false, false, false]);
}

/// Finding 8: statements the databases reject must not compile.
#[test]
fn accepted_queries_are_ones_the_databases_run() {
    assert_eq!(
        errors("SELECT * FROM (SELECT 1 + 1) AS s"),
        ["`*` selects 1 column(s) of `s` that have no name; name them with `AS` where `s` is defined"]
    );
    assert_eq!(
        errors("SELECT s.* FROM (SELECT id, count(*) FROM address GROUP BY id) AS s"),
        ["`s.*` selects 1 column(s) of `s` that have no name; name them with `AS` where `s` is defined"]
    );
    let (_, sql) = ok("SELECT * FROM (SELECT 1 + 1 AS two) AS s");
    assert_eq!(sql, "SELECT s.two FROM (SELECT 1 + 1 AS two) AS s");

    assert_eq!(
        errors("SELECT DISTINCT name FROM user_account ORDER BY fullname"),
        ["with SELECT DISTINCT, ORDER BY takes only columns of the result; select this expression too, or drop DISTINCT"]
    );
    ok("SELECT DISTINCT name FROM user_account ORDER BY name DESC");
    ok("SELECT DISTINCT name AS n FROM user_account ORDER BY n");
    ok("SELECT DISTINCT name, id + 1 FROM user_account ORDER BY 2, user_account.name");
    ok("SELECT DISTINCT upper(name) FROM user_account ORDER BY upper(name)");

    assert_eq!(
        errors("SELECT id FROM user_account LIMIT -1"),
        ["LIMIT cannot be negative (SQLite reads it as no limit, PostgreSQL rejects it); leave LIMIT out to read every row"]
    );
    assert_eq!(
        errors("SELECT id FROM user_account LIMIT 5 OFFSET -2"),
        ["OFFSET cannot be negative (SQLite reads it as 0, PostgreSQL rejects it)"]
    );
}

/// Finding 7: a name that is a keyword is written as a Rust raw identifier where the bare
/// word would be read as the keyword, and the error says so.
#[test]
fn keyword_names_are_raw_identifiers_where_a_keyword_could_stand() {
    let schema: Schema = syn::parse_str(
        "mod db { table order { id: INTEGER PRIMARY KEY, group: TEXT NOT NULL, select: INTEGER } }",
    )
    .expect("schema parses");
    let render_sqlite = |sql: &str| -> Result<String, String> {
        let statement: Statement = syn::parse_str(sql).map_err(|e| e.to_string())?;
        let checked = analyze(&schema, statement).map_err(|e| e.to_string())?;
        Ok(render(&checked, Dialect::Sqlite).sql)
    };
    assert_eq!(
        render_sqlite("SELECT order.group FROM order GROUP BY r#group ORDER BY r#group").as_deref(),
        Ok(
            r#"SELECT "order"."group" FROM "order" GROUP BY "order"."group" ORDER BY "order"."group""#
        )
    );
    assert_eq!(
        render_sqlite("SELECT id FROM order GROUP BY group").unwrap_err(),
        "expected an expression, found `group`; a column or table named `group` is written `r#group`"
    );
    assert_eq!(
        render_sqlite("SELECT FROM order").unwrap_err(),
        "expected an expression, found `FROM`"
    );
}

/// Harness finding N3: an expression that is only ever NULL is cast to the type its context
/// gives it, since PostgreSQL would type it TEXT (or not at all); a bare NULL literal in a
/// typed context is left as written.
#[test]
fn null_only_expressions_are_cast_to_their_context_type() {
    let (_, sql) =
        ok("SELECT 1 - CASE WHEN TRUE THEN NULL END, - NULL, id = NULL FROM user_account");
    assert_eq!(
        sql,
        "SELECT 1 - CAST(CASE WHEN TRUE THEN NULL END AS INTEGER), -CAST(NULL AS INTEGER), user_account.id = NULL FROM user_account"
    );
    let (_, sql) = ok("SELECT sum(NULL) FROM user_account");
    assert_eq!(sql, "SELECT sum(CAST(NULL AS INTEGER)) FROM user_account");
    let (_, sql) = ok("SELECT d.x + 1 AS y FROM (SELECT NULL AS x FROM user_account) AS d");
    assert_eq!(
        sql,
        "SELECT CAST(d.x AS INTEGER) + 1 AS y FROM (SELECT NULL AS x FROM user_account) AS d"
    );
}

/// Harness finding N1: a text literal for a DATE, TIMESTAMP, TIMESTAMPTZ or UUID column
/// must spell one, or PostgreSQL refuses the statement when it runs.
#[test]
fn temporal_and_uuid_literals_are_checked() {
    let schema: Schema = syn::parse_str(
        "mod db { table event { id: INTEGER PRIMARY KEY, day: DATE, at: TIMESTAMP, token: UUID } }",
    )
    .expect("schema parses");
    let check = |sql: &str| -> Vec<String> {
        let statement: Statement = syn::parse_str(sql).expect("parses");
        analyze(&schema, statement)
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        check(
            r#"INSERT INTO event (day, at, token) VALUES ("not a date", "2024-01-01 10:00", "x")"#
        ),
        [
            r#""not a date" is not a DATE; write it as YYYY-MM-DD"#,
            r#""x" is not a UUID; write it as 8-4-4-4-12 hexadecimal digits"#
        ]
    );
    assert_eq!(
        check(
            r#"SELECT id FROM event WHERE day >= "2024-1-1" OR at BETWEEN "2024-01-01 00:00" AND "tomorrow""#
        ),
        [
            r#""2024-1-1" is not a DATE; write it as YYYY-MM-DD"#,
            r#""tomorrow" is not a TIMESTAMP; write it as YYYY-MM-DD HH:MM:SS[.ffffff]"#
        ]
    );
    assert!(check(r#"UPDATE event SET day = "2024-02-29" WHERE token IN ("67e55044-10b1-426f-9247-bb680e5fe0c8")"#).is_empty());
}
