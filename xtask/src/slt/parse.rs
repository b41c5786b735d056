//! Reads a sqllogictest `.test` file into records: blank-line separated blocks, each an optional
//! run of `skipif` / `onlyif` conditions and then one `statement`, `query`, `hash-threshold` or
//! `halt` record.

use std::fmt;

/// One record of a `.test` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The 1-based line of the record's first line (its first condition, if any).
    pub line: usize,
    /// `skipif` / `onlyif` lines before it.
    pub conditions: Vec<Condition>,
    /// What it is.
    pub kind: RecordKind,
}

/// `skipif <engine>` or `onlyif <engine>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Not run on this engine.
    SkipIf(String),
    /// Run on this engine only.
    OnlyIf(String),
}

impl Condition {
    /// Whether the record may run on `engine` (`sqlite`, `postgresql`, ...).
    pub fn allows(&self, engine: &str) -> bool {
        match self {
            Condition::SkipIf(name) => name != engine,
            Condition::OnlyIf(name) => name == engine,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::SkipIf(name) => write!(f, "skipif {name}"),
            Condition::OnlyIf(name) => write!(f, "onlyif {name}"),
        }
    }
}

/// The kinds of record.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordKind {
    /// `statement ok` / `statement error`, then the SQL.
    Statement {
        /// `statement error`: the statement must fail.
        expect_error: bool,
        /// The SQL, lines joined with `\n`.
        sql: String,
    },
    /// `query <types> <sort> [label]`, the SQL, `----`, the expected values.
    Query(Query),
    /// `hash-threshold N`: results of more than N values are compared by hash.
    HashThreshold(usize),
    /// `halt`: stop reading the file.
    Halt,
    /// A record this runner does not know, by its first line.
    Unsupported(String),
}

/// A `query` record.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// One letter per result column: `I` integer, `T` text, `R` real.
    pub types: String,
    /// How rows are ordered before comparing.
    pub sort: Sort,
    /// Queries sharing a label must return the same result.
    pub label: Option<String>,
    /// The SQL, lines joined with `\n`.
    pub sql: String,
    /// The expected result.
    pub expected: Expected,
}

/// The `<sort>` of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// `nosort`: compare rows in the order returned.
    Unsorted,
    /// `rowsort`: sort rows (as lists of values) first.
    Rows,
    /// `valuesort`: sort all values first, ignoring rows.
    Values,
}

impl Sort {
    /// The mode as the file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Unsorted => "nosort",
            Sort::Rows => "rowsort",
            Sort::Values => "valuesort",
        }
    }
}

/// What follows `----`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// No `----` line: the query only has to run.
    Nothing,
    /// The values, one per line.
    Values(Vec<String>),
    /// `N values hashing to <md5>`.
    Hash {
        /// How many values.
        count: usize,
        /// The md5 of every value followed by `\n`, after sorting, in lowercase hex.
        md5: String,
    },
}

/// A line the parser cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Its 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Splits `text` into records, in file order. `halt` is kept as a record: whether it stops
/// the file depends on its conditions, which the caller judges.
pub fn parse(text: &str) -> Result<Vec<Record>, ParseError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut records = Vec::new();
    let mut i = 0;
    loop {
        while i < lines.len() && (is_blank(lines[i]) || lines[i].starts_with('#')) {
            i += 1;
        }
        if i >= lines.len() {
            return Ok(records);
        }
        let start = i;
        let mut conditions = Vec::new();
        while i < lines.len() {
            let words = header_words(lines[i]);
            let condition = match words.as_slice() {
                ["skipif", engine, ..] => Condition::SkipIf((*engine).to_owned()),
                ["onlyif", engine, ..] => Condition::OnlyIf((*engine).to_owned()),
                _ => break,
            };
            conditions.push(condition);
            i += 1;
        }
        let Some(&header) = lines.get(i).filter(|l| !is_blank(l)) else {
            return Err(ParseError {
                line: i + 1,
                message: "a condition must be followed by a record".to_owned(),
            });
        };
        let header_line = i + 1;
        i += 1;
        let words = header_words(header);
        let kind = match words.as_slice() {
            ["statement", outcome @ ("ok" | "error")] => {
                let sql = take_until(&lines, &mut i, is_blank);
                RecordKind::Statement {
                    expect_error: *outcome == "error",
                    sql,
                }
            }
            ["query", types, rest @ ..] if types.chars().all(|c| "ITR".contains(c)) => {
                let sort = match rest.first().copied() {
                    None | Some("nosort") => Sort::Unsorted,
                    Some("rowsort") => Sort::Rows,
                    Some("valuesort") => Sort::Values,
                    Some(other) => {
                        return Err(ParseError {
                            line: header_line,
                            message: format!("unknown sort mode `{other}`"),
                        })
                    }
                };
                let label = rest.get(1).map(|l| (*l).to_owned());
                let sql = take_until(&lines, &mut i, |l| is_blank(l) || l == "----");
                let expected = if lines.get(i) == Some(&"----") {
                    i += 1;
                    let values: Vec<String> = take_lines(&lines, &mut i);
                    parse_hash(&values).unwrap_or(Expected::Values(values))
                } else {
                    Expected::Nothing
                };
                RecordKind::Query(Query {
                    types: (*types).to_owned(),
                    sort,
                    label,
                    sql,
                    expected,
                })
            }
            ["hash-threshold", n] => {
                RecordKind::HashThreshold(n.parse().map_err(|_| ParseError {
                    line: header_line,
                    message: format!("`{n}` is not a number"),
                })?)
            }
            ["halt"] => RecordKind::Halt,
            _ => {
                take_lines(&lines, &mut i);
                RecordKind::Unsupported(header.trim().to_owned())
            }
        };
        records.push(Record {
            line: start + 1,
            conditions,
            kind,
        });
    }
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The words of a header or condition line, without a trailing `# comment`.
fn header_words(line: &str) -> Vec<&str> {
    let code = line.split_once('#').map_or(line, |(code, _)| code);
    code.split_whitespace().collect()
}

/// Lines up to (not including) the first one matching `end`, joined with `\n`.
fn take_until(lines: &[&str], i: &mut usize, end: impl Fn(&str) -> bool) -> String {
    let start = *i;
    while *i < lines.len() && !end(lines[*i]) {
        *i += 1;
    }
    lines[start..*i].join("\n")
}

/// Lines up to the next blank line.
fn take_lines(lines: &[&str], i: &mut usize) -> Vec<String> {
    let start = *i;
    while *i < lines.len() && !is_blank(lines[*i]) {
        *i += 1;
    }
    lines[start..*i].iter().map(|l| (*l).to_owned()).collect()
}

/// `N values hashing to <md5>`.
fn parse_hash(values: &[String]) -> Option<Expected> {
    let [line] = values else { return None };
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [count, "values", "hashing", "to", md5] => Some(Expected::Hash {
            count: count.parse().ok()?,
            md5: (*md5).to_owned(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# a comment
hash-threshold 8

statement ok
CREATE TABLE t1(a INTEGER, b TEXT)

skipif mysql # no reason
onlyif sqlite
statement error
INSERT INTO t1
  VALUES(1, 'x')

query IT rowsort label-1
SELECT a, b
  FROM t1
----
1
x

query I nosort
SELECT a FROM t1
----
30 values hashing to 3c13dee48d9356ae19af2515e05e6b54

query I valuesort
SELECT 1
----

query R
SELECT 1.5

onlyif mssql
halt
";

    #[test]
    fn reads_every_record_kind() {
        let records = parse(SAMPLE).unwrap();
        let kinds: Vec<&RecordKind> = records.iter().map(|r| &r.kind).collect();
        assert_eq!(kinds[0], &RecordKind::HashThreshold(8));
        assert_eq!(
            kinds[1],
            &RecordKind::Statement {
                expect_error: false,
                sql: "CREATE TABLE t1(a INTEGER, b TEXT)".into()
            }
        );
        assert_eq!(
            records[2].conditions,
            [
                Condition::SkipIf("mysql".into()),
                Condition::OnlyIf("sqlite".into())
            ]
        );
        assert_eq!(records[2].line, 7);
        assert_eq!(
            kinds[2],
            &RecordKind::Statement {
                expect_error: true,
                sql: "INSERT INTO t1\n  VALUES(1, 'x')".into()
            }
        );
        let RecordKind::Query(query) = kinds[3] else {
            panic!("expected a query, got {:?}", kinds[3])
        };
        assert_eq!(query.types, "IT");
        assert_eq!(query.sort, Sort::Rows);
        assert_eq!(query.label.as_deref(), Some("label-1"));
        assert_eq!(query.sql, "SELECT a, b\n  FROM t1");
        assert_eq!(
            query.expected,
            Expected::Values(vec!["1".into(), "x".into()])
        );
        let RecordKind::Query(hashed) = kinds[4] else {
            panic!("expected a query")
        };
        assert_eq!(
            hashed.expected,
            Expected::Hash {
                count: 30,
                md5: "3c13dee48d9356ae19af2515e05e6b54".into()
            }
        );
        let RecordKind::Query(empty) = kinds[5] else {
            panic!("expected a query")
        };
        assert_eq!(empty.expected, Expected::Values(vec![]));
        assert_eq!(empty.sort, Sort::Values);
        let RecordKind::Query(unchecked) = kinds[6] else {
            panic!("expected a query")
        };
        assert_eq!(unchecked.expected, Expected::Nothing);
        assert_eq!(kinds[7], &RecordKind::Halt);
        assert_eq!(records[7].conditions, [Condition::OnlyIf("mssql".into())]);
        assert_eq!(records.len(), 8);
    }

    #[test]
    fn conditions_decide_by_engine_name() {
        assert!(Condition::SkipIf("mysql".into()).allows("sqlite"));
        assert!(!Condition::SkipIf("sqlite".into()).allows("sqlite"));
        assert!(Condition::OnlyIf("sqlite".into()).allows("sqlite"));
        assert!(!Condition::OnlyIf("mssql".into()).allows("sqlite"));
    }

    #[test]
    fn unknown_records_are_kept_and_bad_headers_reported() {
        let records = parse("statement count 3\nSELECT 1\n\nquery I\nSELECT 1\n").unwrap();
        assert_eq!(
            records[0].kind,
            RecordKind::Unsupported("statement count 3".into())
        );
        assert!(matches!(records[1].kind, RecordKind::Query(_)));
        let error = parse("query I sideways\nSELECT 1\n").unwrap_err();
        assert_eq!(error.to_string(), "line 1: unknown sort mode `sideways`");
        assert!(parse("skipif sqlite\n\nstatement ok\nSELECT 1\n").is_err());
    }
}
