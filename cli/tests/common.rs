//! What the command-line tests share: running the binary and comparing two schemas.

use sqlmint_schema::dialect::Dialect;
use sqlmint_schema::model::{Schema, Table};
use sqlmint_schema::render::type_names::catalog_name;
use std::process::{Command, Output};

/// Runs `sqlmint` with `args`.
pub fn sqlmint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sqlmint"))
        .args(args)
        .output()
        .expect("the sqlmint binary runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The schema inside a module block.
pub fn schema(module_block: &str) -> Schema {
    let schema: Schema = syn::parse_str(module_block).expect("the sample schema parses");
    schema.validate().expect("the sample schema is valid");
    schema
}

/// Asserts `printed` declares what `original` declares: the same tables and columns, with the
/// same types, nullability, primary keys and foreign keys (table order aside).
pub fn assert_same_schema(original: &Schema, printed: &Schema, dialect: Dialect) {
    let names = |s: &Schema| {
        let mut names: Vec<String> = s.tables.iter().map(|t| t.name.name.clone()).collect();
        names.sort();
        names
    };
    assert_eq!(names(original), names(printed), "tables");
    for table in &original.tables {
        let other = printed.table(&table.name.name).unwrap();
        assert_eq!(
            describe(table, dialect),
            describe(other, dialect),
            "table `{}`",
            table.name.name
        );
    }
}

/// A table as comparable text: per column its name, declared type, catalog type and
/// nullability; the primary key; the foreign keys, sorted.
fn describe(table: &Table, dialect: Dialect) -> Vec<String> {
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "column {} {} ({}) nullable={}",
                c.name.name,
                c.ty.display(),
                catalog_name(c.ty, table.is_auto_key(i), dialect),
                c.nullable
            )
        })
        .collect();
    let column = |i: &usize| table.columns[*i].name.name.clone();
    lines.push(format!(
        "primary key {:?}",
        table.primary_key.iter().map(column).collect::<Vec<_>>()
    ));
    let mut keys: Vec<String> = table
        .foreign_keys
        .iter()
        .map(|fk| {
            format!(
                "foreign key {:?} -> {}{:?}",
                fk.columns.iter().map(column).collect::<Vec<_>>(),
                fk.foreign_table.name,
                fk.foreign_columns
                    .iter()
                    .map(|c| c.name.clone())
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    keys.sort();
    lines.extend(keys);
    lines
}

/// What `introspect` and `check` promise on a database server: the database made from
/// `sample` (run through `execute`) is printed back as the same schema, without a note or a
/// warning; `check` passes against `sample`; after `narrow` (which makes
/// `user_account.fullname` a 10-character VARCHAR) `check` reports that one column, which the
/// database names `live_type`.
#[allow(dead_code)] // each test binary compiles this module; the SQLite one does not call it
pub fn introspect_round_trips_and_check_passes(
    url: &str,
    sample: &str,
    dialect: Dialect,
    execute: impl Fn(&str),
    narrow: &str,
    live_type: &str,
) {
    let original = schema(sample);
    execute(&sqlmint_schema::render::create_all(&original, dialect));

    let output = sqlmint(&["introspect", url, "--module", "live"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    assert!(!text.contains("// note"), "{text}");
    let printed =
        sqlmint_cli::check::parse_schema(&text, None).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    printed.validate().unwrap();
    assert_eq!(printed.module, "live");
    assert_same_schema(&original, &printed, dialect);

    let dir = tempfile::tempdir().unwrap();
    let schema_file = dir.path().join("db.rs");
    std::fs::write(&schema_file, format!("sqlmint::schema! {{ {sample} }}")).unwrap();
    let check = sqlmint(&["check", url, "--schema", schema_file.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );

    execute(narrow);
    let drifted = sqlmint(&["check", url, "--schema", schema_file.to_str().unwrap()]);
    assert_eq!(drifted.status.code(), Some(1));
    assert_eq!(
        stdout(&drifted),
        format!(
            "the database differs from the schema in 1 place(s):\n  \
             ~ column `user_account.fullname`: declared TEXT, the database has {live_type}\n"
        )
    );
}
