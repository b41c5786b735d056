//! Decides, before any code is generated, what becomes of each record: the library itself
//! (`sqlmint_schema`) parses and analyzes every statement against the tables created so far,
//! so only SQL it accepts is emitted as `query!` and the generated crate always compiles.
//! Everything else is skipped with the library's first error as the reason.

use super::parse::{Condition, Query, Record, RecordKind};
use super::translate::{self, StatementKind, TableDecl};
use super::Dialect;
use sqlmint_schema::analyze::{analyze, CheckedStatement};
use sqlmint_schema::ast::Statement;
use sqlmint_schema::model::Schema;
use sqlmint_schema::render;
use std::panic::AssertUnwindSafe;

/// What the generated program does, in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A `query` record run through `query!` and `fetch_all`.
    Query {
        /// Index into the file's records.
        record: usize,
        /// The `schema!` module (`s<N>`) whose `query!` checks it.
        module: usize,
        /// The SQL as `query!` takes it.
        sql: String,
        /// The row struct's field for each result column, as Rust source.
        fields: Vec<String>,
        /// The query's type letters.
        types: String,
    },
    /// A `statement` record run through `query!`.
    Statement {
        /// Index into the file's records.
        record: usize,
        /// The `schema!` module.
        module: usize,
        /// The SQL as `query!` takes it.
        sql: String,
        /// A SELECT (run with `fetch_all`) rather than INSERT/UPDATE/DELETE (`execute`).
        returns_rows: bool,
        /// The original SQL, run as plain SQL if the checked statement fails, so the records
        /// after it see the data the file intends.
        fallback: String,
    },
    /// SQL run as it is, outside the library: set-up the library cannot express.
    Raw {
        /// Index into the file's records.
        record: usize,
        /// The SQL.
        sql: String,
    },
}

impl Step {
    /// The record this step runs.
    pub fn record(&self) -> usize {
        match self {
            Step::Query { record, .. }
            | Step::Statement { record, .. }
            | Step::Raw { record, .. } => *record,
        }
    }
}

/// What is known about a record before the program runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Settled by running it.
    Pending,
    /// Passed without running (a `statement error` the library rejects).
    Passed,
    /// Failed without running (e.g. the library returns the wrong number of columns).
    Failed(String),
    /// Not tested, and why.
    Skipped(String),
    /// A `skipif` / `onlyif` keeps it off this engine.
    NotForEngine(String),
    /// After a `halt`.
    NotRun,
    /// `hash-threshold` and `halt`: not a test.
    Directive,
}

/// The result of planning a file.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Each `schema!` module's tables, as `table name { ... }` text; module N is `s<N>`.
    pub modules: Vec<Vec<String>>,
    /// What the program runs, in order.
    pub steps: Vec<Step>,
    /// One per record.
    pub verdicts: Vec<Verdict>,
}

/// Why a query that the library rejects mentions a view.
pub const VIEW_REASON: &str = "uses a view: views are not declared in schema!";

/// Plans `records` for `dialect`.
pub fn plan(records: &[Record], dialect: Dialect) -> Plan {
    let mut planner = Planner {
        dialect,
        tables: Tables::default(),
        steps: Vec::new(),
        verdicts: Vec::new(),
        halted: false,
    };
    for (index, record) in records.iter().enumerate() {
        let verdict = planner.record(index, record);
        planner.verdicts.push(verdict);
    }
    let mut modules = planner.tables.finished;
    modules.push(planner.tables.module);
    Plan {
        modules: modules
            .into_iter()
            .map(|m| m.into_iter().map(|t| t.text).collect())
            .collect(),
        steps: planner.steps,
        verdicts: planner.verdicts,
    }
}

struct Planner {
    dialect: Dialect,
    tables: Tables,
    steps: Vec<Step>,
    verdicts: Vec<Verdict>,
    halted: bool,
}

/// The tables the file has created, and the `schema!` modules that declare them.
#[derive(Default)]
struct Tables {
    /// Tables that exist at this point of the file.
    live: Vec<TableDecl>,
    /// `live`, parsed.
    schema: Option<Schema>,
    /// The tables of the module being built: every table created since it started. A table
    /// re-created with another definition starts a new module.
    module: Vec<TableDecl>,
    /// Modules already closed.
    finished: Vec<Vec<TableDecl>>,
    /// Views created so far (lowercase names).
    views: Vec<String>,
}

impl Tables {
    fn module_index(&self) -> usize {
        self.finished.len()
    }

    /// Adds a table, or says why `schema!` would not accept it.
    fn create(&mut self, table: TableDecl) -> Result<(), String> {
        let conflict = self
            .module
            .iter()
            .any(|t| t.key == table.key && t.text != table.text);
        let mut module = if conflict {
            self.live.clone()
        } else {
            self.module.clone()
        };
        module.retain(|t| t.key != table.key);
        module.push(table.clone());
        parse_schema(&module)?;
        if conflict {
            self.finished.push(std::mem::take(&mut self.module));
        }
        self.module = module;
        self.live.retain(|t| t.key != table.key);
        self.live.push(table);
        self.schema = None;
        Ok(())
    }

    fn drop(&mut self, key: &str) {
        self.live.retain(|t| t.key != key);
        self.schema = None;
    }

    /// The live tables as a `Schema`.
    fn schema(&mut self) -> Result<&Schema, String> {
        if self.schema.is_none() {
            self.schema = Some(parse_schema(&self.live)?);
        }
        Ok(self.schema.as_ref().expect("set above"))
    }
}

/// The text of a `schema!` block holding `tables`.
pub fn schema_text(module: &str, tables: &[String]) -> String {
    format!("pub mod {module} {{\n    {}\n}}", tables.join("\n    "))
}

fn parse_schema(tables: &[TableDecl]) -> Result<Schema, String> {
    let texts: Vec<String> = tables.iter().map(|t| t.text.clone()).collect();
    let schema: Schema = syn::parse_str(&schema_text("s", &texts)).map_err(|e| e.to_string())?;
    schema.validate().map_err(|e| e.to_string())?;
    Ok(schema)
}

/// A checked statement.
struct Checked {
    sql: String,
    checked: CheckedStatement,
}

/// How the library judged a statement.
enum Check {
    Accepted(Box<Checked>),
    Rejected(String),
    /// The library panicked: a bug, reported as a failure.
    Panicked(String),
}

impl Planner {
    fn record(&mut self, index: usize, record: &Record) -> Verdict {
        if self.halted {
            return Verdict::NotRun;
        }
        if let Some(condition) = self.excluding_condition(&record.conditions) {
            return Verdict::NotForEngine(condition.to_string());
        }
        match &record.kind {
            RecordKind::HashThreshold(_) => Verdict::Directive,
            RecordKind::Halt => {
                self.halted = true;
                Verdict::Directive
            }
            RecordKind::Unsupported(header) => Verdict::Skipped(format!(
                "record type not supported by the runner: `{header}`"
            )),
            RecordKind::Statement { expect_error, sql } => {
                self.statement(index, sql, *expect_error)
            }
            RecordKind::Query(query) => self.query(index, query),
        }
    }

    fn excluding_condition<'c>(&self, conditions: &'c [Condition]) -> Option<&'c Condition> {
        let engine = self.dialect.engine_name();
        conditions.iter().find(|c| !c.allows(engine))
    }

    fn raw(&mut self, record: usize, sql: &str) {
        self.steps.push(Step::Raw {
            record,
            sql: sql.to_owned(),
        });
    }

    fn statement(&mut self, index: usize, sql: &str, expect_error: bool) -> Verdict {
        match translate::statement_kind(sql) {
            // The rendered DDL says IF NOT EXISTS, so only the original shows the failure.
            StatementKind::CreateTable(_) if expect_error => {
                self.raw(index, sql);
                Verdict::Skipped(
                    "CREATE TABLE that must fail: runs as plain SQL, not declared in schema!"
                        .into(),
                )
            }
            StatementKind::CreateTable(name) => {
                let created = translate::create_table(sql).and_then(|table| {
                    self.tables.create(table.clone())?;
                    Ok(table)
                });
                match created {
                    Ok(table) => {
                        // The table is created by the DDL the library renders for it.
                        let schema = parse_schema(std::slice::from_ref(&table))
                            .expect("accepted by Tables::create");
                        let ddl = render::create_all(&schema, self.dialect.render());
                        self.raw(index, &ddl);
                        Verdict::Pending
                    }
                    Err(reason) => {
                        self.raw(index, sql);
                        Verdict::Skipped(format!(
                            "CREATE TABLE `{name}` not accepted by schema!: {reason}"
                        ))
                    }
                }
            }
            StatementKind::DropTable(name) => {
                self.tables.drop(&name);
                self.raw(index, sql);
                Verdict::Skipped("DROP TABLE: DDL other than CREATE TABLE runs as plain SQL".into())
            }
            StatementKind::CreateView(name) => {
                self.tables.views.push(name);
                self.raw(index, sql);
                Verdict::Skipped(
                    "CREATE VIEW: DDL other than CREATE TABLE runs as plain SQL".into(),
                )
            }
            StatementKind::DropView(name) => {
                self.tables.views.retain(|v| *v != name);
                self.raw(index, sql);
                Verdict::Skipped("DROP VIEW: DDL other than CREATE TABLE runs as plain SQL".into())
            }
            StatementKind::OtherDdl(words) => {
                self.raw(index, sql);
                Verdict::Skipped(format!(
                    "{words}: DDL other than CREATE TABLE runs as plain SQL"
                ))
            }
            StatementKind::Dml => match self.check(sql) {
                Check::Accepted(checked) => {
                    let returns_rows = !checked.checked.analysis().columns.is_empty();
                    self.steps.push(Step::Statement {
                        record: index,
                        module: self.tables.module_index(),
                        sql: checked.sql,
                        returns_rows,
                        fallback: sql.to_owned(),
                    });
                    Verdict::Pending
                }
                // The library refused what must fail: that is the test passing.
                Check::Rejected(_) if expect_error => Verdict::Passed,
                Check::Rejected(reason) => {
                    self.raw(index, sql);
                    Verdict::Skipped(reason)
                }
                Check::Panicked(message) => {
                    if !expect_error {
                        self.raw(index, sql);
                    }
                    Verdict::Failed(message)
                }
            },
        }
    }

    fn query(&mut self, index: usize, query: &Query) -> Verdict {
        let checked = match self.check(&query.sql) {
            Check::Accepted(checked) => checked,
            Check::Rejected(reason) => return Verdict::Skipped(reason),
            Check::Panicked(message) => return Verdict::Failed(message),
        };
        if !matches!(checked.checked.statement(), Statement::Query(_)) {
            return Verdict::Skipped("a query record that is not a SELECT".into());
        }
        let columns = &checked.checked.analysis().columns;
        if columns.len() != query.types.len() {
            return Verdict::Failed(format!(
                "the library gives {} result column(s) ({}), the test expects {} ({})",
                columns.len(),
                columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                query.types.len(),
                query.types
            ));
        }
        self.steps.push(Step::Query {
            record: index,
            module: self.tables.module_index(),
            sql: checked.sql,
            fields: columns.iter().map(|c| rust_field(&c.name)).collect(),
            types: query.types.clone(),
        });
        Verdict::Pending
    }

    /// Parses and analyzes `sql` (after string translation) as `query!` would.
    fn check(&mut self, sql: &str) -> Check {
        let translated = match translate::rust_strings(sql) {
            Ok(translated) => translated,
            Err(reason) => return Check::Rejected(reason),
        };
        let views = self.tables.views.clone();
        let schema = match self.tables.schema() {
            Ok(schema) => schema.clone(),
            Err(reason) => return Check::Rejected(format!("schema: {reason}")),
        };
        // A bug in the library may panic; that is a failed record, not a crashed runner.
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let statement: Statement = syn::parse_str(&translated).map_err(|e| e.to_string())?;
            analyze(&schema, statement).map_err(|e| e.to_string())
        }));
        match outcome {
            Ok(Ok(checked)) => Check::Accepted(Box::new(Checked {
                sql: translated,
                checked,
            })),
            Ok(Err(reason)) if mentions_any(sql, &views) => {
                let _ = reason;
                Check::Rejected(VIEW_REASON.to_owned())
            }
            Ok(Err(reason)) => Check::Rejected(reason),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                Check::Panicked(format!("the library panicked: {message}"))
            }
        }
    }
}

/// Whether `sql` names any of `names` as a whole word.
fn mentions_any(sql: &str, names: &[String]) -> bool {
    sql.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| names.iter().any(|n| word.eq_ignore_ascii_case(n)))
}

/// The row struct's field for a result column named `name`, as `query!` names it.
pub fn rust_field(name: &str) -> String {
    if syn::parse_str::<syn::Ident>(name).is_ok() {
        name.to_owned()
    } else if matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        format!("{name}_")
    } else {
        format!("r#{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slt::parse::parse;

    fn plan_text(text: &str) -> Plan {
        plan(&parse(text).unwrap(), Dialect::Sqlite)
    }

    #[test]
    fn accepted_sql_becomes_steps_and_the_rest_is_skipped() {
        let plan = plan_text(
            "statement ok\nCREATE TABLE t1(a INTEGER, b VARCHAR(30))\n\n\
             statement ok\nINSERT INTO t1(a, b) VALUES(1, 'x')\n\n\
             statement ok\nCREATE INDEX i1 ON t1(a)\n\n\
             query IT rowsort\nSELECT a, b FROM t1 WHERE b = 'x'\n----\n1\nx\n\n\
             query I nosort\nSELECT nope FROM t1\n----\n1\n\n\
             statement error\nUPDATE t1 SET z = 1\n\n\
             skipif sqlite\nquery I nosort\nSELECT 1\n----\n1\n\n\
             statement error\nCREATE TABLE t1(a INTEGER)\n",
        );
        assert_eq!(
            plan.modules,
            [vec!["table t1 { a: INTEGER, b: VARCHAR(30), }"]]
        );
        assert_eq!(plan.verdicts[0], Verdict::Pending);
        assert_eq!(plan.verdicts[1], Verdict::Pending);
        assert!(matches!(&plan.verdicts[2], Verdict::Skipped(r) if r.starts_with("CREATE INDEX")));
        assert_eq!(plan.verdicts[3], Verdict::Pending);
        assert!(matches!(&plan.verdicts[4], Verdict::Skipped(r) if r.contains("nope")));
        assert_eq!(plan.verdicts[5], Verdict::Passed);
        assert_eq!(
            plan.verdicts[6],
            Verdict::NotForEngine("skipif sqlite".into())
        );
        let Step::Raw { sql: ddl, .. } = &plan.steps[0] else {
            panic!("CREATE TABLE runs the rendered DDL")
        };
        assert!(ddl.contains("CREATE TABLE"), "{ddl}");
        assert_eq!(
            plan.steps[3],
            Step::Query {
                record: 3,
                module: 0,
                sql: r#"SELECT a, b FROM t1 WHERE b = "x""#.into(),
                fields: vec!["a".into(), "b".into()],
                types: "IT".into(),
            }
        );
    }

    #[test]
    fn tables_are_visible_only_once_created() {
        let plan = plan_text(
            "query I nosort\nSELECT a FROM t1\n\n\
             statement ok\nCREATE TABLE t1(a INTEGER)\n\n\
             query I nosort\nSELECT a FROM t1\n\n\
             statement ok\nDROP TABLE t1\n\n\
             statement ok\nCREATE TABLE t1(b TEXT)\n\n\
             query T nosort\nSELECT b FROM t1\n",
        );
        assert!(matches!(&plan.verdicts[0], Verdict::Skipped(_)));
        assert_eq!(plan.verdicts[2], Verdict::Pending);
        assert_eq!(plan.verdicts[5], Verdict::Pending);
        // A table re-created with other columns gets a second schema! module.
        assert_eq!(
            plan.modules,
            [
                vec!["table t1 { a: INTEGER, }"],
                vec!["table t1 { b: TEXT, }"]
            ]
        );
        assert!(matches!(
            plan.steps.last(),
            Some(Step::Query { module: 1, .. })
        ));
    }

    #[test]
    fn halt_and_wrong_column_counts() {
        let plan = plan_text(
            "query II nosort\nSELECT 1\n\n\
             onlyif mssql\nhalt\n\n\
             halt\n\n\
             query I nosort\nSELECT 1\n",
        );
        assert!(matches!(&plan.verdicts[0], Verdict::Failed(m) if m.contains("expects 2")));
        assert_eq!(
            plan.verdicts[1],
            Verdict::NotForEngine("onlyif mssql".into())
        );
        assert_eq!(plan.verdicts[2], Verdict::Directive);
        assert_eq!(plan.verdicts[3], Verdict::NotRun);
    }

    #[test]
    fn conditions_name_postgresql_on_postgres() {
        let records = parse(
            "skipif postgresql\nquery I nosort\nSELECT 1\n\n\
             onlyif postgresql\nquery I nosort\nSELECT 2\n\n\
             onlyif sqlite\nquery I nosort\nSELECT 3\n\n\
             skipif sqlite\nquery I nosort\nSELECT 4\n",
        )
        .unwrap();
        let postgres = plan(&records, Dialect::Postgres);
        assert_eq!(
            postgres.verdicts,
            [
                Verdict::NotForEngine("skipif postgresql".into()),
                Verdict::Pending,
                Verdict::NotForEngine("onlyif sqlite".into()),
                Verdict::Pending,
            ]
        );
        let sqlite = plan(&records, Dialect::Sqlite);
        assert_eq!(sqlite.verdicts[0], Verdict::Pending);
        assert_eq!(
            sqlite.verdicts[1],
            Verdict::NotForEngine("onlyif postgresql".into())
        );
    }

    #[test]
    fn postgres_tables_are_created_by_the_postgres_ddl() {
        let records =
            parse("statement ok\nCREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT)\n").unwrap();
        let plan = plan(&records, Dialect::Postgres);
        let Step::Raw { sql, .. } = &plan.steps[0] else {
            panic!("CREATE TABLE runs the rendered DDL")
        };
        let schema = parse_schema(&[translate::create_table(
            "CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT)",
        )
        .unwrap()])
        .unwrap();
        assert_eq!(
            *sql,
            render::create_all(&schema, sqlmint_schema::dialect::Dialect::Postgres)
        );
    }

    #[test]
    fn fields_are_rust_identifiers() {
        assert_eq!(rust_field("count_1"), "count_1");
        assert_eq!(rust_field("type"), "r#type");
        assert_eq!(rust_field("self"), "self_");
    }
}
