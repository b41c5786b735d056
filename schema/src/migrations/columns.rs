//! Column and constraint definitions written as `schema!` text: types, defaults, keys,
//! references and checks, and which databases generate a column's value.

use super::model::{MigratedColumn, MigratedConstraint};
use super::rust_strings;
use crate::dialect::Dialect;
use sqlparser::ast::{
    ColumnDef, ColumnOption, Expr, ForeignKeyConstraint, GeneratedAs, TableConstraint,
};

/// A declared type as `schema!` names it.
pub(super) fn schema_type_name(declared: &str) -> String {
    let mut ty = declared.to_owned();
    for (from, to) in [
        ("CHARACTER VARYING", "VARCHAR"),
        ("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"),
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"),
        ("BIGSERIAL", "BIGINT"),
        ("SMALLSERIAL", "SMALLINT"),
        ("SERIAL", "INTEGER"),
        ("DOUBLE PRECISION", "DOUBLE"),
    ] {
        ty = ty.replace(from, to);
    }
    ty
}

/// `DEFAULT value` in `schema!` syntax: a constant or CURRENT_TIMESTAMP/CURRENT_DATE as
/// written, anything else in parentheses, for `schema!` to check and render per dialect.
pub(super) fn default_text(value: &Expr) -> Result<String, String> {
    let text = value.to_string();
    let upper = text.to_ascii_uppercase();
    let constant = matches!(value, Expr::Value(_))
        || matches!(value, Expr::UnaryOp { expr, .. } if matches!(**expr, Expr::Value(_)))
        || ["CURRENT_TIMESTAMP", "CURRENT_DATE"].contains(&upper.as_str());
    let text = if constant { text } else { format!("({text})") };
    Ok(format!("DEFAULT {}", rust_strings(&text)?))
}

/// `REFERENCES table (columns) [ON DELETE ..] [ON UPDATE ..]` in `schema!` syntax.
fn references_text(key: &ForeignKeyConstraint) -> String {
    let columns: Vec<String> = key
        .referred_columns
        .iter()
        .map(|c| c.value.clone())
        .collect();
    let mut text = format!(
        "REFERENCES {} ({})",
        last_name(&key.foreign_table.to_string()),
        columns.join(", ")
    );
    for (clause, action) in [("ON DELETE", &key.on_delete), ("ON UPDATE", &key.on_update)] {
        if let Some(action) = action {
            text.push_str(&format!(" {clause} {action}"));
        }
    }
    text
}

/// The column as `schema!` reads it, and the constraints written on it (UNIQUE, REFERENCES,
/// CHECK), kept as the table's so `DROP CONSTRAINT` finds them. `single_key` says it is the
/// one column of its table's primary key, which SQLite makes the rowid when its type is
/// exactly `INTEGER` and the table has one (`rowid_table`).
pub(super) fn column_text(
    table: &str,
    column: &ColumnDef,
    single_key: bool,
    rowid_table: bool,
) -> Result<(MigratedColumn, Vec<MigratedConstraint>), String> {
    let name = column.name.value.clone();
    let declared = column.data_type.to_string().to_ascii_uppercase();
    let ty = schema_type_name(&declared);
    // Which database fills the column when an INSERT leaves it out, as each would apply
    // this very file.
    let mut by = [false; Dialect::COUNT];
    let mut always = false;
    by[Dialect::Sqlite.index()] = single_key && rowid_table && declared == "INTEGER";
    by[Dialect::Postgres.index()] =
        ["SERIAL", "BIGSERIAL", "SMALLSERIAL"].contains(&declared.as_str());
    let mut options = Vec::new();
    let mut constraints = Vec::new();
    for option in &column.options {
        let constraint_name = option.name.as_ref().map(|n| n.value.clone());
        let on = vec![name.clone()];
        match &option.option {
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                ..
            } => {
                if generation_expr.is_some() {
                    // A computed column: every database computes it, none takes a value.
                    by = [true; Dialect::COUNT];
                    always = true;
                } else {
                    by[Dialect::Postgres.index()] = true;
                    always |= matches!(generated_as, GeneratedAs::Always);
                }
            }
            ColumnOption::DialectSpecific(tokens) => {
                let text: Vec<String> = tokens.iter().map(ToString::to_string).collect();
                match text.join(" ").to_ascii_uppercase().as_str() {
                    "AUTO_INCREMENT" => by[Dialect::MySql.index()] = true,
                    "AUTOINCREMENT" => {
                        by[Dialect::Sqlite.index()] = true;
                        options.push("AUTOINCREMENT".to_owned());
                    }
                    other => return Err(format!("column {name}: `{other}` is not supported")),
                }
            }
            ColumnOption::Null => options.push("NULL".to_owned()),
            ColumnOption::NotNull => options.push("NOT NULL".to_owned()),
            ColumnOption::PrimaryKey(_) => options.push("PRIMARY KEY".to_owned()),
            ColumnOption::Default(value) => options.push(default_text(value)?),
            ColumnOption::Unique(_) => constraints.push(MigratedConstraint {
                name: constraint_name.unwrap_or_else(|| format!("{table}_{name}_key")),
                text: format!("UNIQUE ({name})"),
                columns: on,
            }),
            ColumnOption::ForeignKey(key) => constraints.push(MigratedConstraint {
                name: constraint_name.unwrap_or_else(|| format!("{table}_{name}_fkey")),
                text: format!("FOREIGN KEY ({name}) {}", references_text(key)),
                columns: on,
            }),
            ColumnOption::Check(check) => constraints.push(MigratedConstraint {
                name: constraint_name.unwrap_or_else(|| format!("{table}_{name}_check")),
                text: format!("CHECK ({})", rust_strings(&check.expr.to_string())?),
                columns: on,
            }),
            // Collations and comments change no type; the rest is refused by name.
            ColumnOption::Collation(_) | ColumnOption::Comment(_) => {}
            other => return Err(format!("column {name}: `{other}` is not supported")),
        }
    }
    // Said always for a one-column integer key, which `schema!` otherwise takes as filled by
    // every database.
    let integer = ["SMALLINT", "INTEGER", "INT", "BIGINT"].contains(&ty.as_str());
    let generated = (by.contains(&true) || (single_key && integer)).then(|| {
        let names: Vec<String> = Dialect::ALL
            .into_iter()
            .filter(|d| by[d.index()])
            .map(|d| d.marker_name().to_ascii_lowercase())
            .collect();
        let attribute = if always {
            "generated_always"
        } else {
            "generated"
        };
        format!("{attribute}({})", names.join(", "))
    });
    let column = MigratedColumn {
        name,
        ty,
        options,
        generated,
    };
    Ok((column, constraints))
}

/// A table constraint in `schema!` syntax, or `None` for one that changes nothing a query can
/// say (a MySQL `INDEX` among the columns).
pub(super) fn table_constraint(
    table: &str,
    constraint: &TableConstraint,
) -> Result<Option<MigratedConstraint>, String> {
    let named = |name: &Option<sqlparser::ast::Ident>, default: String| {
        name.as_ref().map_or(default, |n| n.value.clone())
    };
    Ok(Some(match constraint {
        TableConstraint::PrimaryKey(key) => {
            let columns = index_columns(&key.columns);
            MigratedConstraint {
                name: named(&key.name, format!("{table}_pkey")),
                text: format!("PRIMARY KEY ({})", columns.join(", ")),
                columns,
            }
        }
        TableConstraint::Unique(key) => {
            let columns = index_columns(&key.columns);
            MigratedConstraint {
                name: named(&key.name, format!("{table}_{}_key", columns.join("_"))),
                text: format!("UNIQUE ({})", columns.join(", ")),
                columns,
            }
        }
        TableConstraint::ForeignKey(key) => {
            let columns: Vec<String> = key.columns.iter().map(|c| c.value.clone()).collect();
            MigratedConstraint {
                name: named(&key.name, format!("{table}_{}_fkey", columns.join("_"))),
                text: format!(
                    "FOREIGN KEY ({}) {}",
                    columns.join(", "),
                    references_text(key)
                ),
                columns,
            }
        }
        TableConstraint::Check(check) => {
            let condition = rust_strings(&check.expr.to_string())?;
            MigratedConstraint {
                name: named(&check.name, format!("{table}_check")),
                columns: words(&condition),
                text: format!("CHECK ({condition})"),
            }
        }
        _ => return Ok(None),
    }))
}

/// `schema.table` or `"table"` → `table`.
pub(super) fn last_name(name: &str) -> String {
    name.rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches('"')
        .trim_matches('`')
        .to_owned()
}

/// The column names of an index or key: `(a, b DESC)` → `a`, `b`.
pub(super) fn index_columns(columns: &[sqlparser::ast::IndexColumn]) -> Vec<String> {
    columns
        .iter()
        .map(|c| last_name(&c.column.expr.to_string()))
        .collect()
}

/// The identifiers of a condition's text, to drop a CHECK with a column it reads.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}
