//! The schema as the migrations build it, statement by statement, and its `schema!` text.
//! Kept as `schema!` text fragments, so one parser and one validator serve both sources.

use crate::model::Schema;

/// A table as the migrations leave it, kept as `schema!` text fragments.
pub(super) struct MigratedTable {
    pub(super) name: String,
    /// Its columns, in order.
    pub(super) columns: Vec<MigratedColumn>,
    /// Its constraints but a one-column PRIMARY KEY, each by the name the database gives it.
    pub(super) constraints: Vec<MigratedConstraint>,
    /// (old name, current name) of every column renamed on the way.
    pub(super) renames: Vec<(String, String)>,
    /// For a view, its query in `schema!` syntax (its columns are the query's).
    pub(super) view: Option<String>,
}

/// An enum type as the migrations leave it: `CREATE TYPE name AS ENUM (...)`.
pub(super) struct MigratedEnum {
    pub(super) name: String,
    pub(super) labels: Vec<String>,
}

/// Everything the migrations have declared so far.
#[derive(Default)]
pub(super) struct Migrated {
    pub(super) enums: Vec<MigratedEnum>,
    pub(super) tables: Vec<MigratedTable>,
}

/// A column as the migrations leave it.
pub(super) struct MigratedColumn {
    pub(super) name: String,
    /// Its type, as `schema!` names it.
    pub(super) ty: String,
    /// `NOT NULL`, `PRIMARY KEY`, `DEFAULT ...`, `AUTOINCREMENT`, in `schema!` syntax.
    pub(super) options: Vec<String>,
    /// Which databases fill it, as this file makes them: `#[sqlmint(generated(..))]`.
    pub(super) generated: Option<String>,
}

/// `PRIMARY KEY (..)`, `UNIQUE (..)`, `FOREIGN KEY (..) REFERENCES ..` or `CHECK (..)`, in
/// `schema!` syntax, with the name `DROP CONSTRAINT` finds it by: as written, or as
/// PostgreSQL names an unnamed one (`post_pkey`, `post_slug_key`, `post_author_id_fkey`,
/// `post_check`).
pub(super) struct MigratedConstraint {
    pub(super) name: String,
    pub(super) text: String,
    /// The columns it is on, by current name: it goes when one of them is dropped.
    pub(super) columns: Vec<String>,
}

impl MigratedColumn {
    pub(super) fn definition(&self) -> String {
        let mut text = self.ty.clone();
        for option in &self.options {
            text.push(' ');
            text.push_str(option);
        }
        text
    }
}

/// The enums, tables and views as `schema!` items.
pub(super) fn tables_text(migrated: &Migrated) -> String {
    let mut out = String::new();
    for enumeration in &migrated.enums {
        let labels: Vec<String> = enumeration
            .labels
            .iter()
            .map(|l| format!("{l:?}"))
            .collect();
        out.push_str(&format!(
            "enum {} {{ {} }}\n",
            enumeration.name,
            labels.join(", ")
        ));
    }
    for table in &migrated.tables {
        if let Some(query) = &table.view {
            out.push_str(&format!("view {} {{ {query} }}\n", table.name));
            continue;
        }
        out.push_str(&format!("table {} {{\n", table.name));
        for column in &table.columns {
            for (old, _) in table
                .renames
                .iter()
                .filter(|(_, new)| new.eq_ignore_ascii_case(&column.name))
            {
                out.push_str(&format!("    #[sqlmint(renamed_from = \"{old}\")]\n"));
            }
            if let Some(generated) = &column.generated {
                out.push_str(&format!("    #[sqlmint({generated})]\n"));
            }
            out.push_str(&format!("    {}: {},\n", column.name, column.definition()));
        }
        for constraint in &table.constraints {
            out.push_str(&format!("    {},\n", constraint.text));
        }
        out.push_str("}\n");
    }
    out
}

/// The tables parsed and validated as `schema!` would: every mistake, in one message.
pub(super) fn check_tables(migrated: &Migrated) -> Result<(), String> {
    let text = format!("mod migrated {{ {} }}", tables_text(migrated));
    let messages = |error: syn::Error| {
        let all: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
        all.join("; ")
    };
    let schema: Schema = syn::parse_str(&text).map_err(messages)?;
    schema.validate().map_err(messages)
}
