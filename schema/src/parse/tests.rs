use super::*;

fn parse(sql: &str) -> Statement {
    match syn::parse_str::<Statement>(sql) {
        Ok(statement) => statement,
        Err(error) => panic!("{sql}: {error}"),
    }
}

fn parse_query(sql: &str) -> Query {
    match parse(sql) {
        Statement::Query(query) => *query,
        other => panic!("not a query: {other:?}"),
    }
}

fn parse_select(sql: &str) -> Select {
    match parse_query(sql).body {
        SetExpr::Select(select) => *select,
        other => panic!("not a select: {other:?}"),
    }
}

fn parse_error(sql: &str) -> String {
    match syn::parse_str::<Statement>(sql) {
        Ok(statement) => panic!("{sql} parsed: {statement:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn parses_a_select_with_every_clause() {
    let query = parse_query(
        r#"SELECT DISTINCT u.id, name AS n, count(*) FROM user_account AS u
           WHERE u.name = "sandy" AND NOT id > 2 GROUP BY u.id HAVING count(*) > 1
           ORDER BY n DESC, 1 LIMIT 10 OFFSET 2"#,
    );
    let SetExpr::Select(select) = &query.body else {
        panic!("not a select")
    };
    assert!(select.distinct);
    assert_eq!(select.items.len(), 3);
    assert_eq!(select.from[0].table.binding().name, "u");
    assert!(matches!(
        select.where_clause.as_ref().map(|w| &w.kind),
        Some(ExprKind::Binary {
            op: BinaryOp::And,
            ..
        })
    ));
    assert_eq!(select.group_by.len(), 1);
    assert!(select.having.is_some());
    assert_eq!(query.order_by[0].descending, Some(true));
    assert!(query.limit.is_some() && query.offset.is_some());
}

#[test]
fn sqlite_postfix_null_tests() {
    let select = parse_select("SELECT a NOT NULL, b NOTNULL, c ISNULL FROM t");
    let negations: Vec<bool> = select
        .items
        .iter()
        .map(|item| match item {
            SelectItem::Expr {
                expr:
                    Expr {
                        kind: ExprKind::IsNull { negated, .. },
                        ..
                    },
                ..
            } => *negated,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(negations, [true, true, false]);
}

#[test]
fn keywords_are_case_insensitive() {
    parse("select id from t where a is not null order by id asc");
}

#[test]
fn multiplication_binds_tighter_than_addition() {
    let select = parse_select("SELECT a + b * 2 FROM t");
    let SelectItem::Expr { expr, .. } = &select.items[0] else {
        panic!()
    };
    let ExprKind::Binary { op, right, .. } = &expr.kind else {
        panic!()
    };
    assert_eq!(*op, BinaryOp::Add);
    assert!(matches!(
        right.kind,
        ExprKind::Binary {
            op: BinaryOp::Mul,
            ..
        }
    ));
}

#[test]
fn parses_predicates() {
    let select = parse_select(
        r#"SELECT * FROM t WHERE a NOT IN (1, 2) AND b BETWEEN 1 AND 3 AND c NOT LIKE "%x" AND d <> 1 AND e != 2"#,
    );
    let mut text = format!("{:?}", select.where_clause);
    text.retain(|c| !c.is_whitespace());
    assert!(text.contains("InList"));
    assert!(text.contains("Between"));
    assert!(text.contains("Like"));
    assert_eq!(text.matches("NotEq").count(), 2);
}

#[test]
fn parses_parameters() {
    let Statement::Insert(insert) =
        parse("INSERT INTO t (a, b) VALUES (:name, {user.id + 1}), (1, 2)")
    else {
        panic!()
    };
    let InsertSource::Values(rows) = &insert.source else {
        panic!()
    };
    assert_eq!(rows.len(), 2);
    assert!(matches!(
        &rows[0].values[0].kind,
        ExprKind::Param(Param { kind: ParamKind::Named(n), .. }) if n == "name"
    ));
    assert!(matches!(
        &rows[0].values[1].kind,
        ExprKind::Param(Param {
            kind: ParamKind::Inline(_),
            ..
        })
    ));
}

#[test]
fn parses_update_and_delete() {
    let Statement::Update(update) = parse(r#"UPDATE t SET a = a + 1, b = "x" WHERE id = 1"#) else {
        panic!()
    };
    assert_eq!(update.assignments.len(), 2);
    assert!(matches!(
        parse("DELETE FROM t WHERE id = 1"),
        Statement::Delete(_)
    ));
    assert!(matches!(
        parse("DELETE FROM t"),
        Statement::Delete(Delete {
            where_clause: None,
            ..
        })
    ));
}

#[test]
fn parses_joins() {
    let select =
        parse_select("SELECT * FROM a JOIN b ON a.id = b.a_id LEFT OUTER JOIN c FULL JOIN d, e");
    assert_eq!(select.from.len(), 2);
    let kinds: Vec<_> = select.from[0].joins.iter().map(|j| j.kind).collect();
    assert_eq!(kinds, [JoinKind::Inner, JoinKind::Left, JoinKind::Full]);
}

#[test]
fn parses_subqueries_ctes_and_set_operations() {
    let query = parse_query(
        r#"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5)
           SELECT n FROM c WHERE EXISTS (SELECT 1 FROM t WHERE t.a = c.n)
           AND n IN (SELECT a FROM t) UNION SELECT (SELECT max(a) FROM t) ORDER BY 1"#,
    );
    let with = query.with.as_ref().unwrap();
    assert!(with.recursive);
    assert_eq!(with.ctes[0].columns.len(), 1);
    assert!(matches!(
        query.body,
        SetExpr::SetOperation {
            op: SetOperator::Union,
            all: false,
            ..
        }
    ));
    let text = format!("{query:?}");
    assert!(text.contains("Exists") && text.contains("InSubquery") && text.contains("Subquery("));
}

#[test]
fn parses_case_and_cast() {
    let select = parse_select(
        r#"SELECT CASE WHEN a > 1 THEN "x" ELSE "y" END, CASE a WHEN 1 THEN 2 END, CAST(a AS VARCHAR(10)) FROM t"#,
    );
    assert!(matches!(
        &select.items[0],
        SelectItem::Expr {
            expr: Expr {
                kind: ExprKind::Case { operand: None, .. },
                ..
            },
            ..
        }
    ));
    assert!(matches!(
        &select.items[1],
        SelectItem::Expr {
            expr: Expr {
                kind: ExprKind::Case {
                    operand: Some(_),
                    ..
                },
                ..
            },
            ..
        }
    ));
    assert!(matches!(
        &select.items[2],
        SelectItem::Expr {
            expr: Expr {
                kind: ExprKind::Cast {
                    ty: crate::types::SqlType::Varchar(Some(10)),
                    ..
                },
                ..
            },
            ..
        }
    ));
}

#[test]
fn parses_derived_tables_and_dml_extensions() {
    let select = parse_select("SELECT s.n FROM (SELECT count(*) AS n FROM t) AS s");
    assert!(matches!(select.from[0].table, TableFactor::Derived { .. }));
    let Statement::Insert(insert) = parse("INSERT INTO t (a) SELECT b FROM u RETURNING id, a")
    else {
        panic!()
    };
    assert!(matches!(insert.source, InsertSource::Query(_)));
    assert_eq!(insert.returning.len(), 2);
    let Statement::Update(update) =
        parse(r#"UPDATE t SET a = 1 FROM u WHERE t.id = u.id RETURNING *"#)
    else {
        panic!()
    };
    assert_eq!((update.from.len(), update.returning.len()), (1, 1));
    // MySQL's multi-table form: the tables after UPDATE, the assigned columns with theirs.
    let Statement::Update(update) = parse("UPDATE t, u SET u.b = 1, a = 2 WHERE t.id = u.id")
    else {
        panic!()
    };
    assert!(update.listed.is_some());
    assert_eq!(update.from.len(), 1);
    let tables: Vec<Option<&str>> = update
        .assignments
        .iter()
        .map(|a| a.table.as_ref().map(|t| t.name.as_str()))
        .collect();
    assert_eq!(tables, [Some("u"), None]);
    assert_eq!(
        parse_error("UPDATE t SET t.a = 1"),
        "expected `=`: assign to a bare column name, without its table"
    );
    assert_eq!(
        parse_error("UPDATE t, u SET a = 1 FROM v"),
        "an UPDATE that lists its tables after UPDATE takes no FROM: list them all there"
    );
    let Statement::Delete(delete) = parse("DELETE FROM t USING u WHERE t.id = u.id") else {
        panic!()
    };
    assert_eq!(delete.using.len(), 1);
    assert_eq!(
        parse_error("SELECT * FROM (SELECT 1)"),
        "a subquery in FROM needs a name: add `AS name` after it"
    );
}

#[test]
fn syntax_errors_say_what_was_expected() {
    assert_eq!(
        parse_error("SELEC id FROM t"),
        "expected one of `SELECT`, `WITH`, `INSERT`, `UPDATE`, `DELETE`, found `SELEC`; did you mean `SELECT`?"
    );
    assert_eq!(
        parse_error("SELECT FROM t"),
        "expected an expression, found `FROM`"
    );
    assert_eq!(
        parse_error("SELECT id FROM t WHERE"),
        "expected an expression, found the end of the statement"
    );
    assert_eq!(
        parse_error("SELECT id FROM t LIMIT 1 2"),
        "expected one of `OFFSET`, an operator, found `2`"
    );
    assert_eq!(
        parse_error("INSERT INTO t (a) (1)"),
        "expected one of `VALUES`, `SELECT`, found `(1)`"
    );
    assert_eq!(
        parse_error("SELECT 1i32"),
        "a SQL number takes no Rust type suffix"
    );
}

/// Issue 13: a misspelt keyword gets the keyword, whether it stops the parse where a keyword
/// was expected or was first read as an alias.
#[test]
fn keyword_typos_say_which_keyword() {
    for (sql, hint) in [
        ("SELCT id FROM t", "found `SELCT`; did you mean `SELECT`?"),
        ("SELECT id FORM posts", "did you mean `FROM`?"),
        ("SELECT id FROM posts WHER id = 1", "did you mean `WHERE`?"),
        (
            "SELECT id FROM posts p ORDR BY id",
            "did you mean `ORDER BY`?",
        ),
        (
            "SELECT a FROM t JION u ON t.id = u.id",
            "did you mean `JOIN`?",
        ),
        ("DELETE FROM t WHRE id = 1", "did you mean `WHERE`?"),
    ] {
        let error = parse_error(sql);
        assert!(error.ends_with(hint), "{sql}: {error}");
    }
    // Aliases near a keyword stay aliases where nothing is wrong.
    parse("SELECT id form FROM posts");
    parse("SELECT p.id FROM posts wher WHERE wher.id = 1");
    parse("SELECT id FROM posts ordr");
}

/// Issue 13: a construct that is recognised but not supported says so by name, at its keyword,
/// with what to write instead, rather than reading like a syntax error.
#[test]
fn unsupported_constructs_say_so_by_name() {
    for (sql, message) in [
        (
            "REPLACE INTO t (a) VALUES (1)",
            "`REPLACE` is not supported; write `INSERT ... ON CONFLICT",
        ),
        (
            "INSERT OR IGNORE INTO t (a) VALUES (1)",
            "`INSERT OR ...` is not supported; write `INSERT ... ON CONFLICT DO NOTHING`",
        ),
        (
            "MERGE INTO t USING u ON t.a = u.a",
            "`MERGE` is not supported",
        ),
        (
            "CREATE TABLE t (a INTEGER)",
            "`CREATE` is not supported; `query!` runs SELECT, INSERT, UPDATE and DELETE",
        ),
        (
            "SELECT a FROM t NATURAL JOIN u",
            "`NATURAL JOIN` is not supported",
        ),
        (
            "SELECT a FROM t JOIN u USING (a)",
            "`JOIN ... USING` is not supported; write `ON a.column = b.column`",
        ),
        (
            "SELECT a FROM t, LATERAL (SELECT b FROM u) AS x",
            "`LATERAL` is not supported",
        ),
        (
            "SELECT a FROM t FOR UPDATE",
            "`FOR UPDATE` is not supported",
        ),
        (
            "SELECT sum(a) OVER (ORDER BY a ROWS UNBOUNDED PRECEDING EXCLUDE CURRENT ROW) FROM t",
            "`EXCLUDE` is not supported",
        ),
    ] {
        let error = parse_error(sql);
        assert!(error.starts_with(message), "{sql}: {error}");
    }
}
