//! The schema's DDL: CREATE TABLE and DROP TABLE for every table, in an order that creates
//! referenced tables first, with each column's type, key and default (an expression rendered
//! per dialect), and the table's CHECKs and foreign keys with their actions.

use super::first_item_sql;
use super::quote::{quote_ident, quote_string_in};
use super::type_names::ddl_name;
use crate::analyze::{analyze, is_constant_default, table_expression, TableExpressionKind};
use crate::ast::Statement;
use crate::ast::{Expr, ExprKind, Literal};
use crate::dialect::Dialect;
use crate::model::{Column, Schema, Table};
use crate::types::SqlType;
use std::fmt::Write;

/// The DDL creating every table of `schema` in `dialect`, referenced tables first.
pub fn create_all(schema: &Schema, dialect: Dialect) -> String {
    let mut sql = String::new();
    // PostgreSQL's enum types first (it has no `CREATE TYPE IF NOT EXISTS`); elsewhere an
    // enum is a column's TEXT with a CHECK, or MySQL's `ENUM(...)`.
    if dialect == Dialect::Postgres {
        for decl in &schema.enums {
            let labels: Vec<String> = decl
                .ty
                .labels
                .iter()
                .map(|l| quote_string_in(l, dialect))
                .collect();
            let _ = writeln!(
                sql,
                "DO $$ BEGIN CREATE TYPE {} AS ENUM ({}); EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
                quote_ident(&decl.ty.name, dialect),
                labels.join(", ")
            );
        }
    }
    for index in creation_order(schema) {
        sql.push_str(&create_table(schema, &schema.tables[index], dialect));
        sql.push_str(";\n");
    }
    // Views after the tables, in declared order: each reads only what comes before it.
    for view in schema.tables.iter().filter(|t| t.is_view()) {
        if let Some(query) = view_sql(schema, view, dialect) {
            let create = match dialect {
                Dialect::Sqlite => "CREATE VIEW IF NOT EXISTS",
                Dialect::Postgres | Dialect::MySql => "CREATE OR REPLACE VIEW",
            };
            let name = quote_ident(&view.name.name, dialect);
            let _ = writeln!(sql, "{create} {name} AS {query};");
        }
    }
    sql
}

/// A view's query in `dialect`, analyzed as `Schema::resolve_views` analyzed it.
fn view_sql(schema: &Schema, view: &Table, dialect: Dialect) -> Option<String> {
    let query = view.view.clone()?;
    let checked = analyze(schema, Statement::Query(Box::new(query))).ok()?;
    Some(super::render(&checked, dialect).sql)
}

/// The DDL dropping every table of `schema`, referencing tables first.
pub fn drop_all(schema: &Schema, dialect: Dialect) -> String {
    let mut sql = String::new();
    for view in schema.tables.iter().rev().filter(|t| t.is_view()) {
        let _ = writeln!(
            sql,
            "DROP VIEW IF EXISTS {};",
            quote_ident(&view.name.name, dialect)
        );
    }
    for index in creation_order(schema).into_iter().rev() {
        let _ = writeln!(
            sql,
            "DROP TABLE IF EXISTS {};",
            quote_ident(&schema.tables[index].name.name, dialect)
        );
    }
    if dialect == Dialect::Postgres {
        for decl in schema.enums.iter().rev() {
            let _ = writeln!(
                sql,
                "DROP TYPE IF EXISTS {};",
                quote_ident(&decl.ty.name, dialect)
            );
        }
    }
    sql
}

/// Tables ordered so each comes after the tables it references (declared order otherwise,
/// and for cycles, which every dialect here accepts when created in one batch on SQLite).
fn creation_order(schema: &Schema) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    let mut visiting = Vec::new();
    fn visit(schema: &Schema, index: usize, order: &mut Vec<usize>, visiting: &mut Vec<usize>) {
        if order.contains(&index) || visiting.contains(&index) {
            return;
        }
        visiting.push(index);
        for fk in &schema.tables[index].foreign_keys {
            if let Some(target) = schema
                .tables
                .iter()
                .position(|t| t.name.is(&fk.foreign_table.name))
            {
                visit(schema, target, order, visiting);
            }
        }
        order.push(index);
    }
    for index in (0..schema.tables.len()).filter(|&i| !schema.tables[i].is_view()) {
        visit(schema, index, &mut order, &mut visiting);
    }
    order
}

fn create_table(schema: &Schema, table: &Table, dialect: Dialect) -> String {
    let mut lines = Vec::new();
    for (index, column) in table.columns.iter().enumerate() {
        let mut line = format!("{} ", quote_ident(&column.name.name, dialect));
        let generated_key = generated_key(table, index, dialect);
        let always = column.generated.is_some_and(|g| g.always);
        match (generated_key, dialect) {
            (true, Dialect::Postgres) if always => {
                // An identity column is an integer: an unsigned key's is a BIGINT.
                let key_type = match column.ty {
                    SqlType::BigIntUnsigned => SqlType::BigInt,
                    ty => ty,
                };
                line.push_str(&ddl_name(key_type, dialect));
                line.push_str(" GENERATED ALWAYS AS IDENTITY");
            }
            (true, Dialect::Postgres) => line.push_str(match column.ty {
                SqlType::SmallInt => "SMALLSERIAL",
                SqlType::BigInt | SqlType::IntegerUnsigned | SqlType::BigIntUnsigned => "BIGSERIAL",
                _ => "SERIAL",
            }),
            // SQLite makes `INTEGER PRIMARY KEY` (that exact type name) an alias of the rowid.
            (true, Dialect::Sqlite) => line.push_str("INTEGER"),
            // An integer key SQLite is not to fill: any other name of the type keeps it a
            // plain column.
            (false, Dialect::Sqlite)
                if table.is_auto_key(index) && column.ty == SqlType::Integer =>
            {
                line.push_str("INT")
            }
            _ => line.push_str(&ddl_name(column.ty, dialect)),
        }
        if !column.nullable {
            line.push_str(" NOT NULL");
        }
        if let Some(default) = &column.default {
            line.push_str(" DEFAULT ");
            line.push_str(&default_sql(schema, table, column, default, dialect));
        }
        if generated_key {
            line.push_str(" PRIMARY KEY");
            match dialect {
                Dialect::Sqlite if column.autoincrement => line.push_str(" AUTOINCREMENT"),
                Dialect::MySql => line.push_str(" AUTO_INCREMENT"),
                _ => {}
            }
        }
        lines.push(line);
    }
    let names = |indexes: &[usize]| -> String {
        indexes
            .iter()
            .map(|&i| quote_ident(&table.columns[i].name.name, dialect))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let inline_key =
        table.primary_key.len() == 1 && generated_key(table, table.primary_key[0], dialect);
    if !table.primary_key.is_empty() && !inline_key {
        lines.push(format!("PRIMARY KEY ({})", names(&table.primary_key)));
    }
    for unique in &table.unique {
        lines.push(format!("UNIQUE ({})", names(unique)));
    }
    for fk in &table.foreign_keys {
        let foreign: Vec<String> = fk
            .foreign_columns
            .iter()
            .map(|c| quote_ident(&c.name, dialect))
            .collect();
        let mut line = format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            names(&fk.columns),
            quote_ident(&fk.foreign_table.name, dialect),
            foreign.join(", ")
        );
        for (clause, action) in [("ON DELETE", fk.on_delete), ("ON UPDATE", fk.on_update)] {
            if let Some(action) = action {
                let _ = write!(line, " {clause} {}", action.sql());
            }
        }
        lines.push(line);
    }
    if dialect == Dialect::Sqlite {
        for column in &table.columns {
            if let SqlType::Enum(enumeration) = column.ty {
                let labels: Vec<String> = enumeration
                    .labels
                    .iter()
                    .map(|l| quote_string_in(l, dialect))
                    .collect();
                lines.push(format!(
                    "CHECK ({} IN ({}))",
                    quote_ident(&column.name.name, dialect),
                    labels.join(", ")
                ));
            }
        }
    }
    for check in &table.checks {
        let checked = table_expression(schema, table, check, TableExpressionKind::Check);
        if let Some(condition) = checked.ok().and_then(|c| first_item_sql(&c, dialect)) {
            lines.push(format!("CHECK ({condition})"));
        }
    }
    format!(
        "CREATE TABLE IF NOT EXISTS {} (\n    {}\n)",
        quote_ident(&table.name.name, dialect),
        lines.join(",\n    ")
    )
}

/// Whether column `index` is rendered as the key `dialect` fills by itself: an integer
/// primary key of one column that the schema has that dialect generate.
fn generated_key(table: &Table, index: usize, dialect: Dialect) -> bool {
    table.is_auto_key(index) && table.is_generated_on(index, dialect)
}

fn default_sql(
    schema: &Schema,
    table: &Table,
    column: &Column,
    default: &Expr,
    dialect: Dialect,
) -> String {
    if !is_constant_default(default) {
        // In parentheses, as SQLite and MySQL require of an expression.
        let kind = TableExpressionKind::Default(column.ty);
        let checked = table_expression(schema, table, default, kind);
        return match checked.ok().and_then(|c| first_item_sql(&c, dialect)) {
            Some(sql) => format!("({sql})"),
            None => "NULL".to_owned(),
        };
    }
    match &default.kind {
        ExprKind::Literal(Literal::String(text)) => quote_string_in(text, dialect),
        ExprKind::Literal(Literal::Integer(n) | Literal::Float(n)) => n.clone(),
        ExprKind::Literal(Literal::Boolean(b)) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        ExprKind::Literal(Literal::Null) => "NULL".to_owned(),
        ExprKind::Column(column) => column.column.name.to_ascii_uppercase(),
        _ => "NULL".to_owned(),
    }
}
