//! INSERT, UPDATE and DELETE: target columns, the values written to them, the extra tables
//! of UPDATE ... FROM and DELETE ... USING, and RETURNING.

use super::expr::compatible;
use super::scope::{RelColumn, Scope};
use super::{Analyzer, Clause, Construct, Kind, QueryOutput, Ty};
use crate::ast::*;
use crate::dialect::Dialect;
use crate::errors::{did_you_mean, one_of};
use crate::model::{Column, Table};
use proc_macro2::Span;

impl Analyzer<'_> {
    pub(super) fn insert(&mut self, insert: &mut Insert) -> QueryOutput {
        let Some(table_index) = self.schema_table(&mut insert.table) else {
            // Still check the values, so their own mistakes are reported too.
            let scope = Scope {
                incomplete: true,
                ..Scope::default()
            };
            match &mut insert.source {
                InsertSource::Values(rows) => {
                    for value in rows.iter_mut().flat_map(|row| row.values.iter_mut()) {
                        self.expr(&scope, value, Clause::Plain);
                    }
                }
                InsertSource::Query(query) => {
                    self.query(query, None);
                }
            }
            return QueryOutput::default();
        };
        self.refuse_view(Some(table_index), insert.table.span);
        let table = &self.schema.tables[table_index];
        // One entry per value position: the column it fills, or `None` if unknown.
        let mut targets: Vec<Option<usize>> = Vec::new();
        if insert.columns.is_empty() {
            targets.extend((0..table.columns.len()).map(Some));
        }
        for column in &mut insert.columns {
            let index = self.column_of(table_index, column);
            if index.is_some() && targets.contains(&index) {
                self.errors.at(
                    column.span,
                    format!("column `{}` is listed twice", column.name),
                );
            }
            targets.push(index);
        }
        let span = insert.columns_span.unwrap_or(insert.table.span);
        for (position, &target) in targets.iter().enumerate() {
            let at = insert.columns.get(position).map_or(span, |c| c.span);
            if let Some(target) = target {
                self.check_written(table, target, at);
            }
        }
        if targets.iter().all(Option::is_some) {
            let omitted = (0..table.columns.len()).filter(|i| !targets.contains(&Some(*i)));
            let mut missing: Vec<String> = Vec::new();
            for index in omitted {
                let omittable = table.omittable_on(index);
                if !omittable.contains(&true) {
                    missing.push(table.columns[index].name.name.clone());
                }
                // Left out where some databases fill it and others do not: the statement
                // runs only where it is filled.
                for dialect in Dialect::ALL.into_iter().filter(|d| !omittable[d.index()]) {
                    let construct = Construct::leaves_out_a_column_unfilled_by(dialect);
                    if !self.constructs.iter().any(|(c, _)| *c == construct) {
                        self.constructs.push((construct, span));
                    }
                }
            }
            if !missing.is_empty() {
                self.errors.at(
                    span,
                    format!(
                        "missing a value for {} of `{}`: NOT NULL without a default",
                        one_of(&missing),
                        table.name.name
                    ),
                );
            }
        }
        match &mut insert.source {
            InsertSource::Values(rows) => {
                let scope = Scope::default();
                for row in rows {
                    let count_matches = row.values.len() == targets.len();
                    if !count_matches {
                        self.errors.at(
                            row.span,
                            format!(
                                "expected {} value(s), one for each column, found {}",
                                targets.len(),
                                row.values.len()
                            ),
                        );
                    }
                    for (position, value) in row.values.iter_mut().enumerate() {
                        let ty = self.expr(&scope, value, Clause::Plain);
                        // With the wrong number of values, pairing them with columns would
                        // only produce follow-on mismatches.
                        if let (true, Some(Some(target))) = (count_matches, targets.get(position)) {
                            self.assign(ty, value, table, &table.columns[*target]);
                        }
                    }
                }
            }
            InsertSource::Query(query) => {
                let output = self.query(query, None);
                if output.columns.len() != targets.len() {
                    let span = query_span(query);
                    self.errors.at(
                        span,
                        format!(
                            "expected {} column(s), one for each target column, found {}",
                            targets.len(),
                            output.columns.len()
                        ),
                    );
                } else {
                    let span = query_span(query);
                    for (column, target) in output.columns.iter().zip(&targets) {
                        if let Some(target) = target {
                            self.assign_column(column, span, table, &table.columns[*target]);
                        }
                    }
                }
            }
        }
        if let Some(on_conflict) = &mut insert.on_conflict {
            self.on_conflict(table_index, on_conflict, !insert.returning.is_empty());
        }
        // Rendered with its column list always: without one, the values would fill the live
        // table's columns in whatever order the database has them.
        if insert.columns.is_empty() {
            let span = insert.table.span;
            insert.columns = table
                .columns
                .iter()
                .map(|column| Ident::new(column.name.name.clone(), span))
                .collect();
        }
        self.returning(table_index, &mut insert.returning)
    }

    /// An UPDATE or DELETE without WHERE: legal, and usually a WHERE forgotten.
    fn warn_every_row(&mut self, statement: &str, does: &str, table: &Ident) {
        let lint = if statement == "UPDATE" {
            "update_without_where"
        } else {
            "delete_without_where"
        };
        self.warn(
            table.span,
            lint,
            format!(
                "this {statement} has no WHERE: it {does} every row of `{}`; write `WHERE TRUE` if that is meant",
                table.name
            ),
        );
    }

    /// An INSERT, UPDATE or DELETE of a view: refused, as the databases refuse most (and
    /// sqlmint cannot tell which they would take).
    fn refuse_view(&mut self, table_index: Option<usize>, span: Span) {
        let schema = self.schema;
        if let Some(view) = table_index
            .map(|i| &schema.tables[i])
            .filter(|t| t.is_view())
        {
            self.errors.at(
                span,
                format!(
                    "`{}` is a view: queries read it, nothing writes to it; write to the tables it reads",
                    view.name.name
                ),
            );
        }
    }

    /// A value written to column `index` of `table`: refused where the database generates
    /// the column always (`GENERATED ALWAYS AS IDENTITY`), as that database would refuse it.
    fn check_written(&mut self, table: &Table, index: usize, span: Span) {
        let column = &table.columns[index];
        let Some(generated) = column.generated.filter(|g| g.always) else {
            return;
        };
        let on: Vec<&str> = Dialect::ALL
            .into_iter()
            .filter(|d| generated.by[d.index()])
            .map(Dialect::name)
            .collect();
        self.errors.at(
            span,
            format!(
                "`{}.{}` is GENERATED ALWAYS on {}: the database fills it and refuses a value; leave it out",
                table.name.name,
                column.name.name,
                on.join(" and ")
            ),
        );
    }

    /// `SET column = value, ...` of an UPDATE or an upsert's DO UPDATE: each value typed in
    /// `scope` and checked against its column of `table_index` (unknown when the table is not),
    /// each column assigned once. In MySQL's multi-table UPDATE an assignment may name its
    /// table: the target, or another table the UPDATE lists, which makes the statement
    /// MySQL's alone.
    fn assignments(
        &mut self,
        scope: &Scope<'_>,
        table_index: Option<usize>,
        assignments: &mut [Assignment],
    ) {
        let mut assigned = Vec::new();
        let mut other_table = None;
        for assignment in assignments {
            let ty = self.expr(scope, &mut assignment.value, Clause::Plain);
            let target = match &assignment.table {
                None => table_index,
                Some(qualifier) => {
                    let (target, is_other) = self.assigned_table(scope, qualifier);
                    if is_other && other_table.is_none() {
                        other_table = Some(qualifier.span);
                    }
                    target
                }
            };
            let Some(table_index) = target else {
                continue;
            };
            if let Some(index) = self.column_of(table_index, &mut assignment.column) {
                if assigned.contains(&(table_index, index)) {
                    self.errors.at(
                        assignment.column.span,
                        format!("column `{}` is assigned twice", assignment.column.name),
                    );
                }
                assigned.push((table_index, index));
                let table = &self.schema.tables[table_index];
                self.check_written(table, index, assignment.column.span);
                self.assign(ty, &assignment.value, table, &table.columns[index]);
            }
        }
        if let Some(span) = other_table {
            self.constructs.push((Construct::UpdateMultiTable, span));
        }
    }

    /// The schema table a multi-table UPDATE's `qualifier.column = ...` assigns to, and
    /// whether it is another table than the target (the first relation of `scope`).
    fn assigned_table(&mut self, scope: &Scope<'_>, qualifier: &Ident) -> (Option<usize>, bool) {
        let position = scope
            .relations
            .iter()
            .position(|r| r.name.eq_ignore_ascii_case(&qualifier.name));
        let Some(position) = position else {
            let names = scope.relations.iter().map(|r| r.name.as_str());
            let hint = crate::errors::did_you_mean(&qualifier.name, names).unwrap_or_default();
            self.errors.at(
                qualifier.span,
                format!("no table `{}` in this UPDATE{hint}", qualifier.name),
            );
            return (None, false);
        };
        let relation = &scope.relations[position];
        if relation.table.is_none() {
            self.errors.at(
                qualifier.span,
                format!(
                    "`{}` is not a table: an UPDATE assigns only to tables' columns",
                    qualifier.name
                ),
            );
            return (None, false);
        }
        if position > 0 {
            self.refuse_view(relation.table, qualifier.span);
        }
        (relation.table, position > 0)
    }

    pub(super) fn update(&mut self, update: &mut Update) -> QueryOutput {
        let mut scope = Scope::default();
        let mut target = TableFactor::Table(TableRef {
            name: update.table.clone(),
            alias: None,
            not_indexed: false,
        });
        self.bind_factor(&mut scope, &mut target, false);
        update.table = target.binding().clone();
        let table_index = scope.relations.first().and_then(|r| r.table);
        self.refuse_view(table_index, update.table.span);
        if update.where_clause.is_none() {
            self.warn_every_row("UPDATE", "changes", &update.table);
        }
        self.from(&mut scope, &mut update.from);
        self.assignments(&scope, table_index, &mut update.assignments);
        if let Some(condition) = &mut update.where_clause {
            self.condition(&scope, condition, Clause::Plain, "WHERE");
        }
        if let (Some(first), Some(_)) = (update.returning.first(), table_index) {
            self.constructs
                .push((Construct::UpdateReturning, item_span(first)));
        }
        match table_index {
            Some(table_index) => self.returning(table_index, &mut update.returning),
            None => QueryOutput::default(),
        }
    }

    pub(super) fn delete(&mut self, delete: &mut Delete) -> QueryOutput {
        let mut scope = Scope::default();
        let mut target = TableFactor::Table(TableRef {
            name: delete.table.clone(),
            alias: None,
            not_indexed: false,
        });
        self.bind_factor(&mut scope, &mut target, false);
        delete.table = target.binding().clone();
        let table_index = scope.relations.first().and_then(|r| r.table);
        self.refuse_view(table_index, delete.table.span);
        if delete.where_clause.is_none() {
            self.warn_every_row("DELETE", "deletes", &delete.table);
        }
        if let Some(using) = delete.using_token {
            self.constructs.push((Construct::DeleteUsing, using));
        }
        self.from(&mut scope, &mut delete.using);
        if let Some(condition) = &mut delete.where_clause {
            self.condition(&scope, condition, Clause::Plain, "WHERE");
        }
        match table_index {
            Some(table_index) => self.returning(table_index, &mut delete.returning),
            None => QueryOutput::default(),
        }
    }

    /// `ON CONFLICT`: its target must be a key of the table (and is rewritten to that key's
    /// columns, which every dialect reads); `DO UPDATE` assigns as UPDATE does, over the
    /// existing row (by the table's name) and `excluded`, the row that was to be inserted.
    fn on_conflict(&mut self, table_index: usize, on_conflict: &mut OnConflict, returning: bool) {
        let table = &self.schema.tables[table_index];
        let keys = table_keys(table);
        let keys_text = keys
            .iter()
            .map(|key| format!("`{}` ({})", key.name, key.columns_text(table)))
            .collect::<Vec<_>>()
            .join(", ");
        let updates = matches!(on_conflict.action, ConflictAction::Update { .. });
        let target_key: Option<usize> = match &mut on_conflict.target {
            ConflictTarget::Any => {
                if updates {
                    self.errors.at(
                        on_conflict.span,
                        format!("ON CONFLICT DO UPDATE needs its conflict target, `ON CONFLICT (columns)` naming a key of `{}`: {}", table.name.name, or_none(&keys_text)),
                    );
                }
                None
            }
            ConflictTarget::Columns { columns, span } => {
                let span = *span;
                let mut indexes = Vec::new();
                for column in columns.iter_mut() {
                    if let Some(index) = self.column_of(table_index, column) {
                        indexes.push(index);
                    }
                }
                if indexes.len() < columns.len() {
                    None
                } else {
                    indexes.sort_unstable();
                    let found = keys.iter().position(|key| key.sorted_columns() == indexes);
                    if found.is_none() {
                        self.errors.at(
                            span,
                            format!("ON CONFLICT must name a key of `{}`, the primary key or a UNIQUE constraint, with exactly its columns: {}", table.name.name, or_none(&keys_text)),
                        );
                    }
                    found
                }
            }
            ConflictTarget::Constraint(name) => {
                let found = keys
                    .iter()
                    .position(|key| key.name.eq_ignore_ascii_case(&name.name));
                match found {
                    Some(key) => {
                        // Every dialect reads the key's columns; SQLite has no ON CONSTRAINT.
                        on_conflict.target = ConflictTarget::Columns {
                            columns: keys[key]
                                .columns
                                .iter()
                                .map(|&c| Ident::new(table.columns[c].name.name.clone(), name.span))
                                .collect(),
                            span: name.span,
                        };
                    }
                    None => self.errors.at(
                        name.span,
                        format!(
                            "no constraint `{}` on `{}`; its keys are {}",
                            name.name,
                            table.name.name,
                            or_none(&keys_text)
                        ),
                    ),
                }
                found
            }
        };
        let mut has_where = false;
        if let ConflictAction::Update {
            assignments,
            where_clause,
        } = &mut on_conflict.action
        {
            let mut scope = Scope::default();
            scope
                .relations
                .push(self.table_relation(table_index, table.name.name.clone()));
            scope
                .relations
                .push(self.table_relation(table_index, "excluded".to_owned()));
            self.assignments(&scope, Some(table_index), assignments);
            if let Some(condition) = where_clause {
                has_where = true;
                self.condition(&scope, condition, Clause::Plain, "WHERE");
            }
        }
        // MySQL's ON DUPLICATE KEY UPDATE catches a duplicate of any unique key, has no WHERE,
        // and MariaDB returns no row from it: the same only without those.
        let only_key = keys.len() <= 1 || target_key.is_none();
        if has_where || returning || !only_key {
            self.constructs
                .push((Construct::UpsertBeyondDuplicateKey, on_conflict.span));
        }
    }

    /// `RETURNING` items, over the target table.
    fn returning(&mut self, table_index: usize, items: &mut Vec<SelectItem>) -> QueryOutput {
        if items.is_empty() {
            return QueryOutput::default();
        }
        let mut scope = Scope::default();
        let name = self.schema.tables[table_index].name.name.clone();
        scope.relations.push(self.table_relation(table_index, name));
        let (columns, shape, _) = self.select_items(&scope, items, true);
        for item in items.iter() {
            if let SelectItem::Expr { expr, .. } = item {
                if super::grouping::contains_aggregate(expr) {
                    self.errors
                        .spanned(expr.range, "RETURNING cannot use aggregate functions");
                }
            }
        }
        QueryOutput { columns, shape }
    }

    /// The index of `column` in the schema table, reporting an unknown one with a suggestion.
    fn column_of(&mut self, table_index: usize, column: &mut Ident) -> Option<usize> {
        let table = &self.schema.tables[table_index];
        match table.column_index(&column.name) {
            Some(index) => {
                column.name.clone_from(&table.columns[index].name.name);
                self.references.push(super::Reference {
                    table: table_index,
                    column: Some(index),
                    span: column.span,
                });
                Some(index)
            }
            None => {
                let names = table.columns.iter().map(|c| c.name.name.as_str());
                let help = super::scope::renamed_to(self.schema, Some(table_index), &column.name)
                    .map(|n| format!("; a migration renamed it to `{n}`"))
                    .or_else(|| did_you_mean(&column.name, names))
                    .unwrap_or_default();
                self.errors.at(
                    column.span,
                    format!(
                        "no column `{}` in table `{}`{help}",
                        column.name, table.name.name
                    ),
                );
                None
            }
        }
    }

    /// Checks that a value of type `ty` may be stored in `column`, and types a parameter there.
    fn assign(&mut self, ty: Ty, value: &Expr, table: &Table, column: &Column) {
        self.check_text_literal(value, Ty::known(column.ty, column.nullable));
        match ty.kind {
            Kind::Param(slot) => {
                self.param_meets_column(slot, format!("{}.{}", table.name.name, column.name.name));
                self.fix_param(slot, column.ty, column.nullable, value)
            }
            Kind::Null if !column.nullable => self.errors.spanned(
                value.range,
                format!(
                    "`{}.{}` is NOT NULL; it cannot be set to NULL",
                    table.name.name, column.name.name
                ),
            ),
            Kind::Known(found) if !compatible(found, column.ty) => self.errors.spanned(
                value.range,
                format!(
                    "mismatched types: `{}.{}` is {}, found {}",
                    table.name.name,
                    column.name.name,
                    column.ty.display(),
                    found.display()
                ),
            ),
            _ => {}
        }
    }

    /// `assign` for a column of INSERT ... SELECT.
    fn assign_column(&mut self, value: &RelColumn, span: Span, table: &Table, column: &Column) {
        // `INSERT INTO t (name) SELECT {name} ...`: the parameter fills the column.
        if let Kind::Param(slot) = value.ty.kind {
            self.fix_param_quietly(slot, column.ty, column.nullable);
        }
        if let Kind::Known(found) = value.ty.kind {
            if !compatible(found, column.ty) {
                self.errors.at(
                    span,
                    format!(
                        "mismatched types: `{}.{}` is {}, but the SELECT gives {} for it",
                        table.name.name,
                        column.name.name,
                        column.ty.display(),
                        found.display()
                    ),
                );
            }
        }
    }
}

fn query_span(query: &Query) -> Span {
    let mut body = &query.body;
    loop {
        match body {
            SetExpr::Select(select) => return select.select_token,
            SetExpr::SetOperation { left, .. } => body = left,
        }
    }
}

fn item_span(item: &SelectItem) -> Span {
    match item {
        SelectItem::Wildcard(span) => *span,
        SelectItem::TableWildcard(name) => name.span,
        SelectItem::Expr { expr, .. } => expr.range.start,
    }
}

/// A key of a table: its primary key or one of its UNIQUE constraints, under the name
/// PostgreSQL gives it (`t_pkey`, `t_a_b_key`), which `ON CONFLICT ON CONSTRAINT` names.
struct Key {
    name: String,
    columns: Vec<usize>,
}

impl Key {
    fn sorted_columns(&self) -> Vec<usize> {
        let mut columns = self.columns.clone();
        columns.sort_unstable();
        columns
    }

    /// `a, b`: the key's columns, for messages.
    fn columns_text(&self, table: &Table) -> String {
        self.columns
            .iter()
            .map(|&c| table.columns[c].name.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The table's primary key, then its UNIQUE constraints, in declared order.
fn table_keys(table: &Table) -> Vec<Key> {
    let mut keys = Vec::new();
    if !table.primary_key.is_empty() {
        keys.push(Key {
            name: format!("{}_pkey", table.name.name),
            columns: table.primary_key.clone(),
        });
    }
    for unique in &table.unique {
        let names: Vec<&str> = unique
            .iter()
            .map(|&c| table.columns[c].name.name.as_str())
            .collect();
        keys.push(Key {
            name: format!("{}_{}_key", table.name.name, names.join("_")),
            columns: unique.clone(),
        });
    }
    keys
}

/// `text`, or a note that the table has no key at all.
fn or_none(text: &str) -> String {
    if text.is_empty() {
        "it has none".to_owned()
    } else {
        text.to_owned()
    }
}
