//! What each DDL statement does to the schema the migrations build: CREATE and DROP of
//! tables, views, indexes and enum types, and every ALTER.

use super::columns::{
    column_text, default_text, index_columns, last_name, schema_type_name, table_constraint,
};
use super::model::{Migrated, MigratedConstraint, MigratedEnum, MigratedTable};
use super::rust_strings;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterType, AlterTypeAddValuePosition,
    AlterTypeOperation, ColumnOption, ObjectType, RenameTableNameKind, Statement, TableConstraint,
    UserDefinedTypeRepresentation,
};

/// Applies one statement of a migration to what the migrations have declared so far; a
/// statement that does not change the schema (an INSERT, a plain index) leaves it as it is.
pub(super) fn apply(migrated: &mut Migrated, statement: Statement) -> Result<(), String> {
    let find = |tables: &[MigratedTable], name: &str| {
        tables
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(name))
    };
    let enums = &mut migrated.enums;
    let tables = &mut migrated.tables;
    match statement {
        Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
        } => {
            let name = last_name(&name.to_string());
            if enums.iter().any(|e| e.name.eq_ignore_ascii_case(&name)) {
                return Err(format!("CREATE TYPE {name}: the type exists"));
            }
            enums.push(MigratedEnum {
                name,
                labels: labels.into_iter().map(|l| l.value).collect(),
            });
        }
        Statement::AlterType(AlterType { name, operation }) => {
            let name = last_name(&name.to_string());
            let enumeration = enums
                .iter_mut()
                .find(|e| e.name.eq_ignore_ascii_case(&name))
                .ok_or_else(|| format!("ALTER TYPE {name}: no enum type of that name"))?;
            alter_enum(enumeration, operation)?;
        }
        Statement::Drop {
            object_type: ObjectType::Type,
            names,
            ..
        } => {
            for name in names {
                let name = last_name(&name.to_string());
                enums.retain(|e| !e.name.eq_ignore_ascii_case(&name));
            }
        }
        Statement::CreateTable(create) => {
            let name = last_name(&create.name.to_string());
            if create.if_not_exists && find(tables, &name).is_some() {
                return Ok(());
            }
            let mut table = MigratedTable {
                name: name.clone(),
                columns: Vec::new(),
                constraints: Vec::new(),
                renames: Vec::new(),
                view: None,
            };
            let key = single_primary_key(&create);
            for column in &create.columns {
                let is_key = key
                    .as_ref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(&column.name.value));
                let (migrated, constraints) =
                    column_text(&name, column, is_key, !create.without_rowid)?;
                table.columns.push(migrated);
                table.constraints.extend(constraints);
            }
            for constraint in &create.constraints {
                table
                    .constraints
                    .extend(table_constraint(&name, constraint)?);
            }
            tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            tables.push(table);
        }
        Statement::AlterTable(alter) => {
            let name = last_name(&alter.name.to_string());
            let index = find(tables, &name).ok_or_else(|| {
                format!("ALTER TABLE {name}: no such table in the earlier migrations")
            })?;
            for operation in alter.operations {
                alter_table(tables, index, operation)?;
            }
        }
        Statement::CreateView(create) => {
            let name = last_name(&create.name.to_string());
            if !create.columns.is_empty() {
                return Err(format!(
                    "CREATE VIEW {name} (columns): name the columns with AS in its query instead"
                ));
            }
            if find(tables, &name).is_some() && !create.or_replace {
                if create.if_not_exists {
                    return Ok(());
                }
                return Err(format!(
                    "CREATE VIEW {name}: a table or view of that name exists"
                ));
            }
            tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            tables.push(MigratedTable {
                name,
                columns: Vec::new(),
                constraints: Vec::new(),
                renames: Vec::new(),
                view: Some(rust_strings(&create.query.to_string())?),
            });
        }
        Statement::Drop {
            object_type: ObjectType::Table | ObjectType::View,
            names,
            ..
        } => {
            for name in names {
                let name = last_name(&name.to_string());
                tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            }
        }
        // A unique index is a key an upsert's ON CONFLICT may name; other indexes change
        // nothing a query can say.
        Statement::CreateIndex(create) if create.unique => {
            let table_name = last_name(&create.table_name.to_string());
            let index = find(tables, &table_name).ok_or_else(|| {
                format!("CREATE INDEX: no table {table_name} in the earlier migrations")
            })?;
            let columns = index_columns(&create.columns);
            let name = create.name.as_ref().map_or_else(
                || format!("{table_name}_{}_idx", columns.join("_")),
                |n| last_name(&n.to_string()),
            );
            let table = &mut tables[index];
            if create.if_not_exists && table.constraints.iter().any(|c| c.name == name) {
                return Ok(());
            }
            table.constraints.push(MigratedConstraint {
                name,
                text: format!("UNIQUE ({})", columns.join(", ")),
                columns,
            });
        }
        Statement::Drop {
            object_type: ObjectType::Index,
            names,
            ..
        } => {
            for name in names {
                let name = last_name(&name.to_string());
                for table in tables.iter_mut() {
                    table
                        .constraints
                        .retain(|c| !c.name.eq_ignore_ascii_case(&name));
                }
            }
        }
        // Data, grants and the like do not change what queries can name.
        _ => {}
    }
    Ok(())
}

/// `ALTER TYPE name ADD VALUE | RENAME VALUE | RENAME TO` of an enum.
fn alter_enum(enumeration: &mut MigratedEnum, operation: AlterTypeOperation) -> Result<(), String> {
    let name = enumeration.name.clone();
    let position = |labels: &[String], label: &str| {
        labels
            .iter()
            .position(|l| l == label)
            .ok_or_else(|| format!("ALTER TYPE {name}: no label {label:?}"))
    };
    match operation {
        AlterTypeOperation::AddValue(added) => {
            let label = added.value.value;
            if enumeration.labels.contains(&label) {
                if added.if_not_exists {
                    return Ok(());
                }
                return Err(format!("ALTER TYPE {name}: {label:?} is already a label"));
            }
            let at = match &added.position {
                Some(AlterTypeAddValuePosition::Before(next)) => {
                    position(&enumeration.labels, &next.value)?
                }
                Some(AlterTypeAddValuePosition::After(previous)) => {
                    position(&enumeration.labels, &previous.value)? + 1
                }
                None => enumeration.labels.len(),
            };
            enumeration.labels.insert(at, label);
        }
        AlterTypeOperation::RenameValue(renamed) => {
            let at = position(&enumeration.labels, &renamed.from.value)?;
            enumeration.labels[at] = renamed.to.value;
        }
        AlterTypeOperation::Rename(renamed) => {
            enumeration.name = last_name(&renamed.new_name.to_string());
        }
    }
    Ok(())
}

/// One operation of an `ALTER TABLE` on `tables[index]`.
fn alter_table(
    tables: &mut [MigratedTable],
    index: usize,
    operation: AlterTableOperation,
) -> Result<(), String> {
    let table = &mut tables[index];
    let name = table.name.clone();
    let column_index = |table: &MigratedTable, column: &str| {
        table
            .columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(column))
            .ok_or_else(|| format!("no column {column} in {}", table.name))
    };
    match operation {
        AlterTableOperation::AddColumn { column_def, .. } => {
            let (column, constraints) = column_text(&name, &column_def, false, true)?;
            table.columns.push(column);
            table.constraints.extend(constraints);
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            for dropped in column_names {
                let at = column_index(table, &dropped.value)?;
                table.columns.remove(at);
                // A constraint on a dropped column goes with it, as in the database.
                table.constraints.retain(|c| {
                    !c.columns
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(&dropped.value))
                });
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            let (old, new) = (&old_column_name.value, &new_column_name.value);
            let at = column_index(table, old)?;
            table.columns[at].name.clone_from(new);
            for constraint in &mut table.constraints {
                constraint.text = rename_word(&constraint.text, old, new);
                for column in &mut constraint.columns {
                    if column.eq_ignore_ascii_case(old) {
                        column.clone_from(new);
                    }
                }
            }
            for (_, current) in table
                .renames
                .iter_mut()
                .filter(|(_, c)| c.eq_ignore_ascii_case(old))
            {
                current.clone_from(new);
            }
            table.renames.push((old.clone(), new.clone()));
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let at = column_index(table, &column_name.value)?;
            let column = &mut table.columns[at];
            let is_default = |o: &String| o.starts_with("DEFAULT ");
            match op {
                AlterColumnOperation::SetNotNull => {
                    if !column.options.iter().any(|o| o == "NOT NULL") {
                        column.options.push("NOT NULL".to_owned());
                    }
                }
                AlterColumnOperation::DropNotNull => column.options.retain(|o| o != "NOT NULL"),
                AlterColumnOperation::SetDefault { value } => {
                    column.options.retain(|o| !is_default(o));
                    column.options.push(default_text(&value)?);
                }
                AlterColumnOperation::DropDefault => column.options.retain(|o| !is_default(o)),
                AlterColumnOperation::SetDataType { data_type, .. } => {
                    column.ty = schema_type_name(&data_type.to_string().to_ascii_uppercase());
                }
                other => return Err(format!("ALTER COLUMN {other} is not supported")),
            }
        }
        AlterTableOperation::AddConstraint { constraint, .. } => {
            let added = table_constraint(&name, &constraint)?;
            table.constraints.extend(added);
        }
        AlterTableOperation::DropConstraint {
            name: dropped,
            if_exists,
            ..
        } => {
            let before = table.constraints.len();
            table
                .constraints
                .retain(|c| !c.name.eq_ignore_ascii_case(&dropped.value));
            if before == table.constraints.len() && !if_exists {
                let names: Vec<String> = table.constraints.iter().map(|c| c.name.clone()).collect();
                return Err(format!(
                    "DROP CONSTRAINT {}: {name} has no constraint of that name; it has {}",
                    dropped.value,
                    if names.is_empty() { "none".to_owned() } else { names.join(", ") }
                ));
            }
        }
        AlterTableOperation::RenameTable { table_name } => {
            let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
            let new = last_name(&new.to_string());
            table.name.clone_from(&new);
            // Foreign keys follow the table, in the database as here.
            for other in tables.iter_mut() {
                for constraint in &mut other.constraints {
                    constraint.text = rename_referenced(&constraint.text, &name, &new);
                }
            }
        }
        other => {
            return Err(format!(
                "ALTER TABLE ... {other} is not supported; write the table's new shape with the operations sqlmint reads (ADD/DROP/RENAME COLUMN, ALTER COLUMN, ADD/DROP CONSTRAINT, RENAME TO)"
            ))
        }
    }
    Ok(())
}

/// The one column of a table's primary key, declared on the column or for the table.
fn single_primary_key(create: &sqlparser::ast::CreateTable) -> Option<String> {
    let mut keys: Vec<String> = create
        .columns
        .iter()
        .filter(|c| {
            c.options
                .iter()
                .any(|o| matches!(o.option, ColumnOption::PrimaryKey(_)))
        })
        .map(|c| c.name.value.clone())
        .collect();
    for constraint in &create.constraints {
        if let TableConstraint::PrimaryKey(key) = constraint {
            keys.extend(index_columns(&key.columns));
        }
    }
    match keys.as_slice() {
        [key] => Some(key.clone()),
        _ => None,
    }
}

/// `text` with the identifier `old` (a whole word, outside strings) written `new`.
fn rename_word(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut in_string = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        if !in_string && (c.is_alphanumeric() || c == '_') {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push_str(if word.eq_ignore_ascii_case(old) {
                new
            } else {
                &word
            });
            word.clear();
        }
        if c == '"' {
            in_string = !in_string;
        }
        out.push(c);
    }
    out.pop();
    out
}

/// A constraint's `REFERENCES old (..)` written `REFERENCES new (..)`.
fn rename_referenced(text: &str, old: &str, new: &str) -> String {
    match text.find("REFERENCES ") {
        Some(at) => {
            let (head, tail) = text.split_at(at + "REFERENCES ".len());
            let end = tail.find([' ', '(']).unwrap_or(tail.len());
            if tail[..end].eq_ignore_ascii_case(old) {
                format!("{head}{new}{}", &tail[end..])
            } else {
                text.to_owned()
            }
        }
        None => text.to_owned(),
    }
}
