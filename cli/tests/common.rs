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
