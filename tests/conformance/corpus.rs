//! The conformance corpus: loads `cases.json`, seeds a database of each dialect with its
//! dataset and compares what a statement did there with what the corpus recorded for that
//! dialect.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::str::FromStr;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};
use sqlmint::{Decimal, Postgres, SqlFor, Sqlite};

use crate::conn::{Conn, Dialect, Statement};
use crate::db;
use crate::to_json::row;

/// Where the corpus lives: `shared/` sits beside the project root.
const CASES_JSON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/conformance/cases.json"
);

/// Rows as the corpus writes them: one JSON list per row, columns in order.
pub type Rows = Vec<Vec<Value>>;

/// `cases.json`.
#[derive(Debug, Deserialize)]
pub struct Corpus {
    /// The rows every case starts from, table by table.
    pub dataset: BTreeMap<String, Vec<Record>>,
    /// The statements and their results.
    pub cases: Vec<Case>,
}

/// One statement of the corpus and what it did on each dialect.
#[derive(Debug, Deserialize)]
pub struct Case {
    /// The stable name that the case's test is named after.
    pub id: String,
    /// SQLAlchemy's SQL per dialect (`{"error": ...}` where the dialect cannot express it),
    /// and `literal`.
    pub sql: BTreeMap<String, Value>,
    /// The parameter sets of an executemany case.
    pub params: Option<Vec<Record>>,
    /// The dialects the case applies to.
    pub dialects: Vec<String>,
    /// What the statement did, per dialect.
    pub results: BTreeMap<String, Expected>,
}

/// What a statement did on one dialect, starting from the dataset.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The rows of a SELECT or RETURNING.
    pub rows: Option<Rows>,
    /// How many rows a write changed.
    pub rowcount: Option<u64>,
    /// The primary key of the row a single-row INSERT VALUES inserted.
    pub inserted_primary_key: Option<Vec<Value>>,
    /// Every table's rows ordered by primary key, after a write.
    pub tables_after: Option<BTreeMap<String, Rows>>,
}

/// A JSON object of column (or parameter) values: a dataset row or an executemany parameter set.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Record(Map<String, Value>);

impl Record {
    /// The value of `key`; panics when the record has none.
    pub fn value(&self, key: &str) -> &Value {
        self.0
            .get(key)
            .unwrap_or_else(|| panic!("the corpus record {:?} has no `{key}`", self.0))
    }

    /// Panics unless the record's keys are exactly `keys`, so no value of the corpus is ignored.
    pub fn assert_keys(&self, what: &str, keys: &[&str]) {
        let mut found: Vec<&str> = self.0.keys().map(String::as_str).collect();
        let mut wanted = keys.to_vec();
        found.sort_unstable();
        wanted.sort_unstable();
        assert_eq!(found, wanted, "keys of {what} {:?}", self.0);
    }

    /// An integer value.
    pub fn int(&self, key: &str) -> i32 {
        let value = self.value(key);
        value
            .as_i64()
            .and_then(|i| i32::try_from(i).ok())
            .unwrap_or_else(|| panic!("`{key}` is {value}, not a 32-bit integer"))
    }

    /// An integer value or `null`.
    pub fn opt_int(&self, key: &str) -> Option<i32> {
        (!self.value(key).is_null()).then(|| self.int(key))
    }

    /// A string value.
    pub fn text(&self, key: &str) -> &str {
        let value = self.value(key);
        value
            .as_str()
            .unwrap_or_else(|| panic!("`{key}` is {value}, not a string"))
    }

    /// A string value or `null`.
    pub fn opt_text(&self, key: &str) -> Option<&str> {
        (!self.value(key).is_null()).then(|| self.text(key))
    }

    /// A NUMERIC value, written as a decimal string, or `null`.
    pub fn opt_decimal(&self, key: &str) -> Option<Decimal> {
        self.opt_text(key).map(|text| {
            Decimal::from_str(text)
                .unwrap_or_else(|e| panic!("`{key}` is {text:?}, not a decimal: {e}"))
        })
    }
}

/// The corpus, read once per test binary.
pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let text = std::fs::read_to_string(CASES_JSON).unwrap_or_else(|e| {
            panic!(
                "cannot read the conformance corpus {CASES_JSON}: {e}; \
                 these tests need `shared/conformance/cases.json` beside the project root"
            )
        });
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{CASES_JSON} is not a conformance corpus: {e}"))
    })
}

/// The case named `id`.
pub fn case(id: &str) -> &'static Case {
    corpus()
        .cases
        .iter()
        .find(|case| case.id == id)
        .unwrap_or_else(|| panic!("the corpus has no case `{id}`"))
}

/// The case a test is named after, given the path of an item declared inside the test
/// function (`conformance::select_where::here`); see `this_case!`.
pub fn case_of_test(item_path: &str) -> &'static Case {
    let test = item_path
        .rsplit("::")
        .nth(1)
        .unwrap_or_else(|| panic!("`{item_path}` is not an item inside a test function"));
    case(test)
}

/// The tables of the schema, each with its columns in declared order (the order of the rows
/// in the corpus's `tables_after`).
pub const TABLES: [(&str, &[&str]); 4] = [
    ("user_account", &["id", "name", "fullname"]),
    ("address", &["id", "user_id", "email_address"]),
    ("some_table", &["id", "x", "y"]),
    ("books", &["book_id", "book_price", "genre", "book_name"]),
];

/// The rows of the dataset's table `table`, each checked to hold exactly the table's columns.
pub fn dataset(table: &str) -> &'static [Record] {
    let dataset = &corpus().dataset;
    let mut names: Vec<&str> = dataset.keys().map(String::as_str).collect();
    let mut known: Vec<&str> = TABLES.iter().map(|(name, _)| *name).collect();
    names.sort_unstable();
    known.sort_unstable();
    assert_eq!(names, known, "the dataset's tables are the schema's");
    let columns = TABLES
        .iter()
        .find(|(name, _)| *name == table)
        .map(|(_, columns)| *columns)
        .unwrap_or_else(|| panic!("no table `{table}` in the schema"));
    let records = &dataset[table];
    for record in records {
        record.assert_keys(&format!("a dataset row of `{table}`"), columns);
    }
    records
}

/// A fresh database of `dialect` holding the schema and the corpus's dataset.
pub fn seeded(dialect: Dialect) -> Conn {
    let conn = Conn::with_schema(dialect);

    let user =
        db::query!(INSERT INTO user_account (id, name, fullname) VALUES (:id, :name, :fullname));
    conn.execute_many(
        dataset("user_account")
            .iter()
            .map(|r| user.params(r.int("id"), r.opt_text("name"), r.opt_text("fullname"))),
    )
    .expect("insert the dataset's user_account rows");

    let address = db::query!(
        INSERT INTO address (id, user_id, email_address) VALUES (:id, :user_id, :email_address)
    );
    conn.execute_many(
        dataset("address")
            .iter()
            .map(|r| address.params(r.int("id"), r.int("user_id"), r.text("email_address"))),
    )
    .expect("insert the dataset's address rows");

    let some = db::query!(INSERT INTO some_table (id, x, y) VALUES (:id, :x, :y));
    conn.execute_many(
        dataset("some_table")
            .iter()
            .map(|r| some.params(r.int("id"), r.opt_int("x"), r.opt_int("y"))),
    )
    .expect("insert the dataset's some_table rows");

    let book = db::query!(
        INSERT INTO books (book_id, book_price, genre, book_name)
        VALUES (:book_id, :book_price, :genre, :book_name)
    );
    conn.execute_many(dataset("books").iter().map(|r| {
        book.params(
            r.int("book_id"),
            r.opt_decimal("book_price"),
            r.opt_text("genre"),
            r.opt_text("book_name"),
        )
    }))
    .expect("insert the dataset's books rows");

    if let Conn::Postgres(pg) = &conn {
        // A SERIAL column's sequence does not advance when rows are inserted with explicit
        // ids, as the dataset is: without this, the next INSERT would take id 1 and collide.
        // Set each sequence to its table's largest key, so later inserts get the next id, as
        // on the corpus's server. `setval` is no function `query!` knows: raw SQL, no values.
        let reset: Vec<String> = TABLES
            .iter()
            .map(|(table, columns)| {
                let key = columns[0];
                format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{key}'), \
                     (SELECT max({key}) FROM {table}))"
                )
            })
            .collect();
        pg.execute_batch(&reset.join(";\n"))
            .expect("set the tables' sequences past the dataset's keys");
    }
    conn
}

/// Every table's rows ordered by primary key, as the corpus's `tables_after` holds them.
pub fn read_tables(conn: &Conn) -> BTreeMap<String, Rows> {
    let read = "read a table back";
    let users = conn
        .fetch_all(&db::query!(SELECT * FROM user_account ORDER BY id))
        .expect(read);
    let addresses = conn
        .fetch_all(&db::query!(SELECT * FROM address ORDER BY id))
        .expect(read);
    let some = conn
        .fetch_all(&db::query!(SELECT * FROM some_table ORDER BY id))
        .expect(read);
    let books = conn
        .fetch_all(&db::query!(SELECT * FROM books ORDER BY book_id))
        .expect(read);
    BTreeMap::from([
        (
            "user_account".to_owned(),
            users
                .iter()
                .map(|r| row![r.id, r.name, r.fullname])
                .collect(),
        ),
        (
            "address".to_owned(),
            addresses
                .iter()
                .map(|r| row![r.id, r.user_id, r.email_address])
                .collect(),
        ),
        (
            "some_table".to_owned(),
            some.iter().map(|r| row![r.id, r.x, r.y]).collect(),
        ),
        (
            "books".to_owned(),
            books
                .iter()
                .map(|r| row![r.book_id, r.book_price, r.genre, r.book_name])
                .collect(),
        ),
    ])
}

impl Case {
    /// The statement's SQL that SQLAlchemy compiled for `dialect`, or its error message.
    fn sql_for(&self, dialect: Dialect) -> Result<&str, String> {
        let name = dialect.name();
        match self.sql.get(name) {
            Some(Value::String(sql)) => Ok(sql),
            Some(Value::Object(error)) => Err(error
                .get("error")
                .map_or_else(|| format!("{error:?}"), Value::to_string)),
            other => panic!("{}: `sql.{name}` is {other:?}", self.id),
        }
    }

    /// The parameter sets of an executemany case.
    pub fn params(&self) -> &[Record] {
        self.params
            .as_deref()
            .unwrap_or_else(|| panic!("{}: the corpus has no parameter sets", self.id))
    }

    /// Whether the corpus runs the case on `dialect`.
    fn applies_to(&self, dialect: Dialect) -> bool {
        self.dialects.iter().any(|d| d == dialect.name())
    }

    /// Panics unless the case applies to each of `dialects` (corpus names, `mysql` included).
    pub fn assert_applies_to(&self, dialects: &[&str]) {
        for dialect in dialects {
            assert!(
                self.dialects.iter().any(|d| d == dialect),
                "{}: the corpus does not run the case on {dialect} (only on {:?})",
                self.id,
                self.dialects
            );
        }
    }

    /// Panics unless the corpus says the case cannot run on `dialect`: it is not among the
    /// case's dialects and there are no results for it. SQLAlchemy may still have compiled
    /// SQL for it that the server refuses (its MySQL SQL for `FULL OUTER JOIN` and for
    /// `UPDATE ... RETURNING`, which MariaDB has not); `query!` renders none.
    pub fn assert_not_on(&self, dialect: Dialect) {
        let id = &self.id;
        assert!(
            !self.applies_to(dialect),
            "{id}: the corpus runs the case on {dialect}"
        );
        assert!(
            !self.results.contains_key(dialect.name()),
            "{id}: the corpus has {dialect} results"
        );
    }

    /// Runs the case on each dialect of [`Dialect::ALL`] that it applies to, each time from a
    /// fresh database seeded with the dataset: `test` runs the case's statement on `conn` and
    /// reports what it saw through `outcome`, which is then compared with the corpus's results
    /// for that dialect. A dialect the case does not apply to is checked to be one the corpus
    /// could not run it on. Every dialect runs even when one fails; the test then fails with
    /// what went wrong on each.
    pub fn run(&self, test: impl for<'a> Fn(&'a Conn, Outcome<'a>) -> Outcome<'a>) {
        let mut ran = Vec::new();
        let mut failures = Vec::new();
        for dialect in Dialect::ALL {
            if !self.applies_to(dialect) {
                self.assert_not_on(dialect);
                continue;
            }
            ran.push(dialect);
            let run = panic::catch_unwind(AssertUnwindSafe(|| {
                let conn = seeded(dialect);
                test(&conn, self.on(&conn)).check();
            }));
            if let Err(payload) = run {
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("(a panic without a message)");
                failures.push(format!("on {dialect}: {message}"));
            }
        }
        assert!(
            !ran.is_empty(),
            "{}: the case applies to none of the dialects {:?} (only to {:?})",
            self.id,
            Dialect::ALL.map(Dialect::name),
            self.dialects
        );
        assert!(
            failures.is_empty(),
            "{}: failed on {} of {} dialects\n{}",
            self.id,
            failures.len(),
            ran.len(),
            failures.join("\n")
        );
    }

    /// Starts comparing what the case's statement did on `conn` with the corpus's results for
    /// `conn`'s dialect; finished by [`Outcome::check`].
    fn on<'a>(&'a self, conn: &'a Conn) -> Outcome<'a> {
        let dialect = conn.dialect();
        let expected = self
            .results
            .get(dialect.name())
            .unwrap_or_else(|| panic!("{}: the corpus has no {dialect} results", self.id));
        Outcome {
            case: self,
            expected,
            conn,
            rows: None,
            rowcount: None,
            inserted_primary_key: None,
        }
    }
}

/// What a test saw its statement do on one dialect, to compare with the corpus.
#[must_use = "return the outcome from the test's closure, which compares it with the corpus"]
pub struct Outcome<'a> {
    case: &'a Case,
    expected: &'a Expected,
    conn: &'a Conn,
    rows: Option<Rows>,
    rowcount: Option<u64>,
    inserted_primary_key: Option<Vec<Value>>,
}

impl Outcome<'_> {
    /// The rows `query` returned. Without an ORDER BY their order means nothing, so both sides
    /// are sorted before comparing; `query` must have an ORDER BY exactly where the corpus's
    /// SQL for the dialect does.
    pub fn rows<Q: Statement>(
        self,
        _query: &Q,
        rows: impl IntoIterator<Item = Vec<Value>>,
    ) -> Self {
        let ours = self.conn.sql::<Q>();
        self.rows_of(ours, rows)
    }

    /// [`Outcome::rows`] for a statement MySQL cannot run, in a case that does not apply to
    /// MySQL.
    pub fn rows_without_mysql<Q: SqlFor<Sqlite> + SqlFor<Postgres>>(
        self,
        _query: &Q,
        rows: impl IntoIterator<Item = Vec<Value>>,
    ) -> Self {
        let ours = self.conn.sql_without_mysql::<Q>();
        self.rows_of(ours, rows)
    }

    /// The rows of a statement whose SQL on the connection's dialect is `ours`.
    fn rows_of(mut self, ours: &str, rows: impl IntoIterator<Item = Vec<Value>>) -> Self {
        let id = &self.case.id;
        let dialect = self.conn.dialect();
        let corpus_sql = self
            .case
            .sql_for(dialect)
            .unwrap_or_else(|e| panic!("{id}: no {dialect} SQL: {e}"));
        let ordered = is_ordered(self.case, dialect);
        if has_top_level_order_by(ours) != ordered {
            let (with, without) = if ordered {
                ("the corpus's SQL", "ours")
            } else {
                ("ours", "the corpus's SQL")
            };
            panic!(
                "{id}: on {dialect}, {with} orders its rows with ORDER BY but {without} does not\n  \
                 corpus: {corpus_sql}\n    ours: {ours}"
            );
        }
        let mut rows: Rows = rows.into_iter().collect();
        if !ordered {
            sort(&mut rows);
        }
        self.rows = Some(rows);
        self
    }

    /// How many rows the statement changed.
    pub fn rowcount(mut self, rowcount: u64) -> Self {
        self.rowcount = Some(rowcount);
        self
    }

    /// The primary key of the row inserted.
    pub fn inserted_primary_key(mut self, id: i64) -> Self {
        self.inserted_primary_key = Some(vec![Value::from(id)]);
        self
    }

    /// Compares everything the corpus recorded for the case on the connection's dialect with
    /// what the test saw, reading the tables back when the corpus has `tables_after`. Panics
    /// when they differ, and when the test saw something the corpus does not record or the
    /// other way round.
    fn check(self) {
        let Outcome {
            case,
            expected,
            conn,
            rows,
            rowcount,
            inserted_primary_key,
        } = self;
        let id = &case.id;
        let dialect = conn.dialect();
        let ordered = is_ordered(case, dialect);
        let expected_rows = expected.rows.clone().map(|mut rows| {
            if !ordered {
                sort(&mut rows);
            }
            rows
        });
        let rows_as_lines = |rows: &Rows| rows.iter().map(|row| Value::from(row.clone())).collect();
        compare(
            id,
            dialect,
            "rows",
            expected_rows.as_ref(),
            rows.as_ref(),
            rows_as_lines,
        );
        compare(
            id,
            dialect,
            "rowcount",
            expected.rowcount.as_ref(),
            rowcount.as_ref(),
            |n| vec![Value::from(*n)],
        );
        compare(
            id,
            dialect,
            "inserted_primary_key",
            expected.inserted_primary_key.as_ref(),
            inserted_primary_key.as_ref(),
            Clone::clone,
        );
        if let Some(tables) = &expected.tables_after {
            let got = read_tables(conn);
            let mut names: Vec<&String> = tables.keys().collect();
            names.sort_unstable();
            assert_eq!(
                names,
                got.keys().collect::<Vec<_>>(),
                "{id}: tables_after covers every table"
            );
            for (table, expected_rows) in tables {
                compare(
                    id,
                    dialect,
                    &format!("tables_after.{table}"),
                    Some(expected_rows),
                    got.get(table),
                    rows_as_lines,
                );
            }
        }
    }
}

/// Whether the case's SQL for `dialect` orders its rows.
fn is_ordered(case: &Case, dialect: Dialect) -> bool {
    case.sql_for(dialect)
        .map(has_top_level_order_by)
        .unwrap_or(false)
}

/// Sorts rows by their JSON text, for comparing rows whose order means nothing.
fn sort(rows: &mut Rows) {
    rows.sort_by_cached_key(|row| Value::from(row.clone()).to_string());
}

/// Panics, showing both sides as compact JSON one item a line, unless `got` equals `expected`;
/// also when only one of them is there.
fn compare<T: PartialEq>(
    id: &str,
    dialect: Dialect,
    what: &str,
    expected: Option<&T>,
    got: Option<&T>,
    lines: impl Fn(&T) -> Vec<Value>,
) {
    match (expected, got) {
        (None, None) => {}
        (Some(_), None) => {
            panic!("{id}: the corpus records `{what}` on {dialect} but the test did not report it")
        }
        (None, Some(_)) => {
            panic!("{id}: the test reported `{what}` but the corpus records none for {dialect}")
        }
        (Some(expected), Some(got)) if expected == got => {}
        (Some(expected), Some(got)) => {
            let mut message =
                format!("{id}: `{what}` on {dialect} differs from the corpus\nexpected:\n");
            for line in lines(expected) {
                let _ = writeln!(message, "  {line}");
            }
            message.push_str("got:\n");
            for line in lines(got) {
                let _ = writeln!(message, "  {line}");
            }
            panic!("{message}");
        }
    }
}

/// Whether `sql` has an ORDER BY of its own, outside parentheses (subqueries) and strings.
pub fn has_top_level_order_by(sql: &str) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    for (at, c) in sql.char_indices() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => depth = depth.saturating_sub(1),
            _ if !in_string && depth == 0 => {
                let rest = &sql[at..];
                let starts_word = at == 0 || !is_word(sql[..at].chars().next_back());
                if starts_word
                    && rest.len() >= 8
                    && rest.is_char_boundary(8)
                    && rest[..8].eq_ignore_ascii_case("ORDER BY")
                    && !is_word(rest[8..].chars().next())
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::has_top_level_order_by;

    #[test]
    fn order_by_inside_a_subquery_or_a_string_does_not_order_the_rows() {
        assert!(has_top_level_order_by("SELECT a FROM t ORDER BY a"));
        assert!(has_top_level_order_by(
            "WITH c AS (SELECT a FROM t) SELECT a FROM c order by a"
        ));
        assert!(!has_top_level_order_by(
            "UPDATE t SET a = (SELECT b FROM u ORDER BY b LIMIT 1)"
        ));
        assert!(!has_top_level_order_by("SELECT 'ORDER BY' AS x FROM t"));
        assert!(!has_top_level_order_by("SELECT reorder_by FROM t"));
    }
}
