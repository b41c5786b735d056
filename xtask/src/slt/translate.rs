//! Turns a record's SQL into what `query!` and `schema!` take: single-quoted strings become
//! Rust string literals and nothing else is rewritten; `CREATE TABLE t(a INTEGER, ...)`
//! becomes `table t { a: INTEGER, ... }`.

pub use sqlmint_schema::migrations::rust_strings;

/// What a statement record does, by its first words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementKind {
    /// `CREATE TABLE name ...`
    CreateTable(String),
    /// `DROP TABLE [IF EXISTS] name`
    DropTable(String),
    /// `CREATE VIEW name ...`
    CreateView(String),
    /// `DROP VIEW [IF EXISTS] name`
    DropView(String),
    /// Any other DDL (`CREATE INDEX`, `CREATE TRIGGER`, ...), named by its first words.
    OtherDdl(String),
    /// Anything else: a candidate for `query!`.
    Dml,
}

/// Classifies a statement by its leading keywords.
pub fn statement_kind(sql: &str) -> StatementKind {
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_uppercase)
        .collect();
    let name_after = |skip: usize| {
        let rest = &words[skip.min(words.len())..];
        let rest = if rest.len() >= 2 && rest[0] == "IF" && rest[1] == "EXISTS" {
            &rest[2..]
        } else {
            rest
        };
        rest.first()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default()
    };
    let first = |n: usize| words.iter().take(n).cloned().collect::<Vec<_>>().join(" ");
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["CREATE", "TABLE", ..] => StatementKind::CreateTable(name_after(2)),
        ["DROP", "TABLE", ..] => StatementKind::DropTable(name_after(2)),
        ["CREATE", "VIEW", ..] => StatementKind::CreateView(name_after(2)),
        ["CREATE", "TEMP" | "TEMPORARY", "VIEW", ..] => StatementKind::CreateView(name_after(3)),
        ["DROP", "VIEW", ..] => StatementKind::DropView(name_after(2)),
        ["CREATE" | "DROP" | "ALTER" | "REINDEX" | "ANALYZE" | "VACUUM" | "PRAGMA", ..] => {
            let n = if words.len() > 1 && words[1] == "UNIQUE" {
                3
            } else {
                2
            };
            StatementKind::OtherDdl(first(n))
        }
        _ => StatementKind::Dml,
    }
}

/// A `CREATE TABLE` translated into a `schema!` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDecl {
    /// The table's name, lowercased for comparisons.
    pub key: String,
    /// `table name { ... }`.
    pub text: String,
}

/// `CREATE TABLE t(a INTEGER NOT NULL, b VARCHAR(30), PRIMARY KEY (a))` →
/// `table t { a: INTEGER NOT NULL, b: VARCHAR(30), PRIMARY KEY (a), }`. Constraints and types
/// are copied as written; `schema!` decides whether it accepts them.
pub fn create_table(sql: &str) -> Result<TableDecl, String> {
    let sql = sql.trim().trim_end_matches(';').trim_end();
    let rest = strip_keywords(sql, &["CREATE", "TABLE"])
        .ok_or_else(|| "not a plain CREATE TABLE".to_owned())?;
    let open = rest
        .find('(')
        .ok_or_else(|| "CREATE TABLE without a column list".to_owned())?;
    let name = rest[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!(
            "CREATE TABLE form not translated to schema!: `{}`",
            name
        ));
    }
    let body = rest[open..].trim();
    if !body.ends_with(')') {
        return Err("CREATE TABLE ... AS or options after the column list".to_owned());
    }
    let body = &body[1..body.len() - 1];
    let mut items = Vec::new();
    for item in split_top_level(body) {
        let item = item.trim();
        let first = item
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let item = rust_strings(item)?;
        if ["PRIMARY", "UNIQUE", "FOREIGN", "CONSTRAINT", "CHECK"].contains(&first.as_str()) {
            items.push(item);
        } else {
            let (column, definition) = item
                .split_once(char::is_whitespace)
                .ok_or_else(|| format!("column `{item}` has no type"))?;
            items.push(format!("{column}: {}", definition.trim()));
        }
    }
    Ok(TableDecl {
        key: name.to_ascii_lowercase(),
        text: format!("table {name} {{ {}, }}", items.join(", ")),
    })
}

/// `text` after the given keywords (any case, any whitespace between them).
fn strip_keywords<'a>(text: &'a str, keywords: &[&str]) -> Option<&'a str> {
    let mut rest = text;
    for keyword in keywords {
        rest = rest.trim_start();
        let head = rest.get(..keyword.len())?;
        if !head.eq_ignore_ascii_case(keyword) {
            return None;
        }
        rest = &rest[keyword.len()..];
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
    }
    Some(rest.trim_start())
}

/// Splits at commas outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quoted_strings_become_rust_strings() {
        assert_eq!(
            rust_strings("SELECT 'a', b FROM t WHERE c = 'it''s'").unwrap(),
            r#"SELECT "a", b FROM t WHERE c = "it's""#
        );
        assert_eq!(
            rust_strings(r#"SELECT 'say "hi"', 'C:\dir', ''"#).unwrap(),
            r#"SELECT "say \"hi\"", "C:\\dir", """#
        );
        // Double quotes outside strings are not SQL strings; they are left as written.
        assert_eq!(
            rust_strings(r#"SELECT "x" FROM t"#).unwrap(),
            r#"SELECT "x" FROM t"#
        );
        assert_eq!(
            rust_strings("SELECT 'oops").unwrap_err(),
            "unterminated string literal"
        );
    }

    #[test]
    fn create_table_becomes_a_schema_table() {
        assert_eq!(
            create_table("CREATE TABLE t1(a INTEGER, b INTEGER, c VARCHAR(30))").unwrap(),
            TableDecl {
                key: "t1".into(),
                text: "table t1 { a: INTEGER, b: INTEGER, c: VARCHAR(30), }".into()
            }
        );
        assert_eq!(
            create_table(
                "CREATE TABLE T2( x INTEGER PRIMARY KEY, y TEXT NOT NULL DEFAULT 'n', UNIQUE (y) );"
            )
            .unwrap()
            .text,
            r#"table T2 { x: INTEGER PRIMARY KEY, y: TEXT NOT NULL DEFAULT "n", UNIQUE (y), }"#
        );
        assert!(create_table("CREATE TABLE t AS SELECT 1").is_err());
        assert!(create_table("CREATE TEMP TABLE t(a INTEGER)").is_err());
    }

    #[test]
    fn statements_are_classified_by_their_first_words() {
        assert_eq!(
            statement_kind("CREATE TABLE t1(x INTEGER)"),
            StatementKind::CreateTable("t1".into())
        );
        assert_eq!(
            statement_kind("drop table if exists T1"),
            StatementKind::DropTable("t1".into())
        );
        assert_eq!(
            statement_kind("CREATE VIEW v1 AS SELECT 1"),
            StatementKind::CreateView("v1".into())
        );
        assert_eq!(
            statement_kind("CREATE UNIQUE INDEX i ON t(x)"),
            StatementKind::OtherDdl("CREATE UNIQUE INDEX".into())
        );
        assert_eq!(
            statement_kind("CREATE INDEX t1i1 ON t1(x)"),
            StatementKind::OtherDdl("CREATE INDEX".into())
        );
        assert_eq!(
            statement_kind("INSERT INTO t1 VALUES(1)"),
            StatementKind::Dml
        );
    }
}
