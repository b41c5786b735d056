//! The checks on a schema that its grammar cannot make: duplicate names, names the generated
//! module reserves, and foreign keys to unknown tables or columns or of another type; and
//! the schema with duplicates dropped, which code is generated from once they are reported.

use crate::errors::{did_you_mean, Errors};
use crate::model::{ForeignKey, Schema, Table};

impl Schema {
    /// The schema with a second table or column of the same name dropped: what code is
    /// generated from once `validate` has reported the duplicate, so the duplicate yields
    /// one error instead of a cascade of conflicting items.
    pub fn without_duplicates(&self) -> Schema {
        let mut schema = self.clone();
        let mut seen: Vec<String> = Vec::new();
        schema.tables.retain(|t| {
            let first = !seen.contains(&t.name.name.to_ascii_lowercase());
            seen.push(t.name.name.to_ascii_lowercase());
            first
        });
        for table in &mut schema.tables {
            let mut names: Vec<String> = Vec::new();
            let mut keep = Vec::new();
            for column in &table.columns {
                let lower = column.name.name.to_ascii_lowercase();
                keep.push(!names.contains(&lower));
                names.push(lower);
            }
            if keep.iter().all(|k| *k) {
                continue;
            }
            // Re-index keys after dropping columns.
            let new_index: Vec<Option<usize>> = keep
                .iter()
                .scan(0, |next, &k| {
                    let index = k.then_some(*next);
                    *next += usize::from(k);
                    Some(index)
                })
                .collect();
            let remap = |indexes: &[usize]| -> Vec<usize> {
                indexes.iter().filter_map(|&i| new_index[i]).collect()
            };
            table.primary_key = remap(&table.primary_key);
            table.unique = table.unique.iter().map(|u| remap(u)).collect();
            for fk in &mut table.foreign_keys {
                fk.columns = remap(&fk.columns);
            }
            let mut flags = keep.into_iter();
            table.columns.retain(|_| flags.next().unwrap_or(false));
        }
        schema
    }

    /// Checks what parsing cannot: duplicate names, keys naming unknown columns, references
    /// to unknown tables. All problems are reported together.
    pub fn validate(&self) -> syn::Result<()> {
        let mut errors = Errors::new();
        for (i, table) in self.tables.iter().enumerate() {
            if self.tables[..i].iter().any(|t| t.name.is(&table.name.name)) {
                errors.at(
                    table.name.span,
                    format!("table `{}` is declared twice", table.name.name),
                );
            }
            for (j, column) in table.columns.iter().enumerate() {
                if table.columns[..j]
                    .iter()
                    .any(|c| c.name.is(&column.name.name))
                {
                    errors.at(
                        column.name.span,
                        format!(
                            "column `{}` is declared twice in table `{}`",
                            column.name.name, table.name.name
                        ),
                    );
                }
                if ["table", "Row"].contains(&column.name.name.as_str()) {
                    errors.at(
                        column.name.span,
                        format!(
                            "a column may not be called `{}`: the generated module uses that name",
                            column.name.name
                        ),
                    );
                }
            }
            for fk in &table.foreign_keys {
                self.validate_foreign_key(table, fk, &mut errors);
            }
        }
        errors.finish()
    }

    fn validate_foreign_key(&self, table: &Table, fk: &ForeignKey, errors: &mut Errors) {
        let Some(foreign) = self.table(&fk.foreign_table.name) else {
            let names = self.tables.iter().map(|t| t.name.name.as_str());
            let all: Vec<String> = self.tables.iter().map(|t| t.name.name.clone()).collect();
            let help = did_you_mean(&fk.foreign_table.name, names)
                .unwrap_or_else(|| format!("; it has {}", crate::errors::one_of(&all)));
            errors.at(
                fk.foreign_table.span,
                format!("no table `{}` in this schema{help}", fk.foreign_table.name),
            );
            return;
        };
        if fk.foreign_columns.len() != fk.columns.len() {
            errors.at(
                fk.foreign_table.span,
                format!(
                    "the foreign key has {} column(s) but references {}",
                    fk.columns.len(),
                    fk.foreign_columns.len()
                ),
            );
            return;
        }
        for (&local, foreign_column) in fk.columns.iter().zip(&fk.foreign_columns) {
            match foreign.column(&foreign_column.name) {
                None => {
                    let names = foreign.columns.iter().map(|c| c.name.name.as_str());
                    let help = did_you_mean(&foreign_column.name, names).unwrap_or_default();
                    errors.at(
                        foreign_column.span,
                        format!(
                            "no column `{}` in table `{}`{help}",
                            foreign_column.name, foreign.name.name
                        ),
                    );
                }
                Some(target) if target.ty.family() != table.columns[local].ty.family() => errors
                    .at(
                        foreign_column.span,
                        format!(
                            "`{}.{}` is {} but references `{}.{}`, which is {}",
                            table.name.name,
                            table.columns[local].name.name,
                            table.columns[local].ty.display(),
                            foreign.name.name,
                            target.name.name,
                            target.ty.display()
                        ),
                    ),
                Some(_) => {}
            }
        }
    }
}
