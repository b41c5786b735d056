//! Name resolution and type inference: checks a parsed statement against the schema, rewrites
//! every name to the schema's spelling (qualifying bare columns), and works out the type and
//! nullability of every result column and parameter. Every mistake is collected, each at the
//! token to blame.

use crate::ast::*;
use crate::errors::{closest, one_of, Errors, SpanRange};
use crate::model::{Schema, Table};
use crate::types::{Family, SqlType};
use proc_macro2::Span;

/// What the rest of the pipeline needs to know about a checked statement.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The result columns (empty for statements that return no rows).
    pub columns: Vec<OutputColumn>,
    /// The parameters by slot.
    pub params: Vec<ParamInfo>,
    /// When the result is exactly one table's row (`SELECT *` / `t.*` of one table), that
    /// table's index in the schema, so its generated row struct can be reused.
    pub table_row: Option<usize>,
    /// Every schema table and column the statement names, for go-to-definition.
    pub references: Vec<Reference>,
}

/// One result column.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputColumn {
    /// The field name in the row struct: the label, else the column's or function's name.
    pub name: String,
    /// Its SQL type.
    pub ty: SqlType,
    /// Whether it can be NULL.
    pub nullable: bool,
}

/// One parameter slot.
#[derive(Debug, Clone)]
pub struct ParamInfo {
    /// `:name` or `{expr}`.
    pub kind: ParamKind,
    /// Where it first appears.
    pub span: Span,
    /// The SQL type it is bound as.
    pub ty: SqlType,
    /// Whether NULL (`None`) may be bound.
    pub nullable: bool,
}

/// A name in the statement that refers to something declared in the schema.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The table's index in the schema.
    pub table: usize,
    /// The column's index in the table, or `None` for the table itself.
    pub column: Option<usize>,
    /// Where the user wrote it.
    pub span: Span,
}

/// Checks `statement` against `schema`, rewriting its names in place.
pub fn analyze(schema: &Schema, statement: &mut Statement) -> syn::Result<Analysis> {
    let slots = statement.number_params();
    let mut analyzer = Analyzer {
        schema,
        errors: Errors::new(),
        params: vec![None; slots],
        references: Vec::new(),
        grouped: false,
    };
    let (columns, table_row) = match statement {
        Statement::Select(select) => analyzer.select(select),
        Statement::Insert(insert) => {
            analyzer.insert(insert);
            (Vec::new(), None)
        }
        Statement::Update(update) => {
            analyzer.update(update);
            (Vec::new(), None)
        }
        Statement::Delete(delete) => {
            analyzer.delete(delete);
            (Vec::new(), None)
        }
    };
    let mut params = Vec::with_capacity(slots);
    for (slot, param) in analyzer.params.into_iter().enumerate() {
        match param {
            Some(ParamState {
                info,
                ty: Some(ty),
                nullable,
            }) => params.push(ParamInfo {
                ty,
                nullable,
                ..info
            }),
            Some(ParamState { info, ty: None, .. }) => {
                analyzer.errors.at(
                    info.span,
                    "cannot infer the type of this parameter; compare it with a column or use it as a column's value",
                );
                params.push(info);
            }
            None => unreachable_slot(&mut analyzer.errors, slot),
        }
    }
    analyzer.errors.finish()?;
    Ok(Analysis {
        columns,
        params,
        table_row,
        references: analyzer.references,
    })
}

// Every slot numbered by `number_params` is visited by the analyzer; a gap is a bug here, and
// is reported as an error rather than a panic inside the user's build.
fn unreachable_slot(errors: &mut Errors, slot: usize) {
    errors.at(
        Span::call_site(),
        format!("internal error: parameter slot {slot} was not analyzed; please report this"),
    );
}

#[derive(Debug, Clone)]
struct ParamState {
    info: ParamInfo,
    ty: Option<SqlType>,
    nullable: bool,
}

/// The type of an expression as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ty {
    kind: Kind,
    nullable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Known(SqlType),
    /// The `NULL` literal: fits anywhere a NULL may go.
    Null,
    /// A parameter whose type the context has not fixed yet.
    Param(usize),
    /// Already reported as an error; checks against it are skipped to avoid cascades.
    Unknown,
}

impl Ty {
    fn known(ty: SqlType, nullable: bool) -> Ty {
        Ty {
            kind: Kind::Known(ty),
            nullable,
        }
    }

    const UNKNOWN: Ty = Ty {
        kind: Kind::Unknown,
        nullable: true,
    };

    const BOOLEAN: Ty = Ty {
        kind: Kind::Known(SqlType::Boolean),
        nullable: false,
    };
}

/// One table visible to column references, under the name the statement gives it.
struct Binding<'s> {
    name: String,
    table_index: usize,
    table: &'s Table,
    /// An outer join can leave its columns NULL.
    nullable: bool,
}

/// The tables a clause can see.
#[derive(Default)]
struct Scope<'s> {
    bindings: Vec<Binding<'s>>,
    /// Result labels, visible to ORDER BY and GROUP BY.
    labels: Vec<(String, Ty)>,
    /// A table in FROM was unknown (already reported): names that might have come from it
    /// are not reported again.
    incomplete: bool,
}

/// Where an expression appears, which decides what it may contain.
#[derive(Clone, Copy, PartialEq)]
enum Clause {
    /// SELECT list, HAVING, ORDER BY: aggregates allowed.
    Aggregating,
    /// WHERE, ON, GROUP BY, SET, VALUES, LIMIT: no aggregates.
    Plain,
    /// Inside an aggregate's arguments.
    InAggregate,
}

struct Analyzer<'s> {
    schema: &'s Schema,
    errors: Errors,
    params: Vec<Option<ParamState>>,
    references: Vec<Reference>,
    /// The SELECT being checked has GROUP BY: its groups are never empty.
    grouped: bool,
}

const AGGREGATES: &[&str] = &["avg", "count", "max", "min", "sum"];
const SCALAR_FUNCTIONS: &[&str] = &[
    "abs", "coalesce", "length", "lower", "nullif", "round", "upper",
];

impl<'s> Analyzer<'s> {
    // ---- tables ------------------------------------------------------------------------

    /// Resolves a table name to the schema, reporting an unknown one with a suggestion.
    fn table(&mut self, name: &mut Ident) -> Option<(usize, &'s Table)> {
        let schema = self.schema;
        match schema.tables.iter().position(|t| t.name.is(&name.name)) {
            Some(index) => {
                let table = &schema.tables[index];
                name.name.clone_from(&table.name.name);
                self.references.push(Reference {
                    table: index,
                    column: None,
                    span: name.span,
                });
                Some((index, table))
            }
            None => {
                let names = schema.tables.iter().map(|t| t.name.name.as_str());
                let message = match closest(&name.name, names) {
                    Some(similar) => format!(
                        "no table `{}` in the schema; did you mean `{similar}`?",
                        name.name
                    ),
                    None => format!(
                        "no table `{}` in the schema; it has {}",
                        name.name,
                        one_of(
                            &schema
                                .tables
                                .iter()
                                .map(|t| t.name.name.clone())
                                .collect::<Vec<_>>()
                        )
                    ),
                };
                self.errors.at(name.span, message);
                None
            }
        }
    }

    fn bind_table(&mut self, scope: &mut Scope<'s>, table_ref: &mut TableRef, nullable: bool) {
        let binding_name = table_ref.binding().name.clone();
        let binding_span = table_ref.binding().span;
        if let Some(existing) = scope
            .bindings
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(&binding_name))
        {
            let message = format!(
                "table `{}` appears twice in FROM; give one of them an alias with `AS`",
                existing.name
            );
            self.errors.at(binding_span, message);
            return;
        }
        let resolved = self.table(&mut table_ref.name);
        scope.incomplete |= resolved.is_none();
        if let Some((table_index, table)) = resolved {
            scope.bindings.push(Binding {
                name: table_ref
                    .alias
                    .as_ref()
                    .map_or_else(|| table.name.name.clone(), |a| a.name.clone()),
                table_index,
                table,
                nullable,
            });
        }
    }

    // ---- SELECT -------------------------------------------------------------------------

    fn select(&mut self, select: &mut Select) -> (Vec<OutputColumn>, Option<usize>) {
        let errors_before = self.errors.count();
        self.grouped = !select.group_by.is_empty();
        let mut scope = Scope::default();
        for from in &mut select.from {
            self.bind_table(&mut scope, &mut from.table, false);
            for join in &mut from.joins {
                self.join(&mut scope, join);
            }
        }
        // Labels are known before WHERE only so that using one there gets a pointed message.
        scope.labels = select
            .items
            .iter()
            .filter_map(|item| match item {
                SelectItem::Expr {
                    alias: Some(alias), ..
                } => Some((alias.name.clone(), Ty::UNKNOWN)),
                _ => None,
            })
            .collect();
        if let Some(condition) = &mut select.where_clause {
            self.condition(&scope, condition, Clause::Plain, "WHERE");
        }
        scope.labels.clear();

        let mut columns = Vec::new();
        let mut labels = Vec::new();
        let mut table_row = None;
        // `*` and `t.*` are written out column by column, so the row reads the columns it was
        // compiled for even if the live table has gained or reordered columns.
        let mut expanded: Vec<(usize, Vec<&Binding>)> = Vec::new();
        let single_wildcard =
            select.items.len() == 1 && select.from.len() == 1 && select.from[0].joins.is_empty();
        for (position, item) in select.items.iter_mut().enumerate() {
            match item {
                SelectItem::Wildcard(span) => {
                    if scope.bindings.is_empty() && !select.from.is_empty() {
                        continue;
                    }
                    if select.from.is_empty() {
                        self.errors
                            .at(*span, "`*` needs a FROM clause to select from");
                    }
                    for binding in &scope.bindings {
                        push_table_columns(&mut columns, binding);
                    }
                    if single_wildcard {
                        table_row = scope.bindings.first().map(|b| b.table_index);
                    }
                    expanded.push((position, scope.bindings.iter().collect()));
                }
                SelectItem::TableWildcard(name) => match scope
                    .bindings
                    .iter()
                    .find(|b| b.name.eq_ignore_ascii_case(&name.name))
                {
                    Some(binding) => {
                        name.name.clone_from(&binding.name);
                        push_table_columns(&mut columns, binding);
                        if single_wildcard {
                            table_row = Some(binding.table_index);
                        }
                        expanded.push((position, vec![binding]));
                    }
                    None => self.unknown_binding(&scope, name),
                },
                SelectItem::Expr { expr, alias } => {
                    let ty = self.expr(&scope, expr, Clause::Aggregating);
                    let ty = self.settle(ty, expr);
                    let name = match (alias.as_ref(), &expr.kind) {
                        (Some(alias), _) => alias.name.clone(),
                        (None, ExprKind::Column(column)) => column.column.name.clone(),
                        (None, ExprKind::Function(call)) => call.name.name.to_ascii_lowercase(),
                        (None, _) => format!("column_{}", position + 1),
                    };
                    if let Some(alias) = alias {
                        labels.push((alias.name.clone(), ty));
                    }
                    columns.push(output_column(name, ty));
                }
            }
        }
        let mut wildcards: Vec<Wildcard> = Vec::new();
        for (position, bindings) in expanded.into_iter().rev() {
            let (span, text) = match &select.items[position] {
                SelectItem::Wildcard(span) => (*span, "*".to_owned()),
                SelectItem::TableWildcard(name) => (name.span, format!("{}.*", name.name)),
                SelectItem::Expr { expr, .. } => (expr.range.start, String::new()),
            };
            let width: usize = bindings.iter().map(|b| b.table.columns.len()).sum();
            for wildcard in &mut wildcards {
                wildcard.items = wildcard.items.start + width - 1..wildcard.items.end + width - 1;
            }
            wildcards.push(Wildcard {
                items: position..position + width,
                span,
                text,
            });
            let items: Vec<SelectItem> = bindings
                .iter()
                .flat_map(|binding| {
                    binding
                        .table
                        .columns
                        .iter()
                        .map(move |column| SelectItem::Expr {
                            expr: Expr {
                                kind: ExprKind::Column(ColumnRef {
                                    table: Some(Ident::new(binding.name.clone(), span)),
                                    column: Ident::new(column.name.name.clone(), span),
                                }),
                                range: SpanRange::single(span),
                            },
                            alias: None,
                        })
                })
                .collect();
            select.items.splice(position..=position, items);
        }
        scope.labels = labels;

        self.group_by(&scope, select);
        if let Some(having) = &mut select.having {
            self.condition(&scope, having, Clause::Aggregating, "HAVING");
        }
        for order in &mut select.order_by {
            self.order_key(
                &scope,
                &mut order.expr,
                columns.len(),
                "ORDER BY",
                Clause::Aggregating,
            );
        }
        for (clause, limit) in [("LIMIT", &mut select.limit), ("OFFSET", &mut select.offset)] {
            if let Some(limit) = limit {
                let ty = self.expr(&scope, limit, Clause::Plain);
                self.expect_type(ty, limit, SqlType::BigInt, false, clause);
            }
        }
        // Grouping is judged on a cleanly resolved SELECT; otherwise it would repeat, as
        // "must appear in GROUP BY", names already reported as unknown.
        if self.errors.count() == errors_before {
            self.check_grouping(&scope, select, &wildcards);
        }
        dedupe_names(&mut columns);
        (columns, table_row)
    }

    fn join(&mut self, scope: &mut Scope<'s>, join: &mut Join) {
        let left_count = scope.bindings.len();
        if matches!(join.kind, JoinKind::Right | JoinKind::Full) {
            for binding in &mut scope.bindings {
                binding.nullable = true;
            }
        }
        let right_nullable = matches!(join.kind, JoinKind::Left | JoinKind::Full);
        self.bind_table(scope, &mut join.table, right_nullable);
        if scope.bindings.len() == left_count {
            return; // unknown table, already reported
        }
        match (&mut join.on, join.kind) {
            (Some(on), JoinKind::Cross) => {
                self.errors.spanned(
                    on.range,
                    "CROSS JOIN takes no ON condition; use JOIN ... ON",
                );
            }
            (Some(on), _) => self.condition(scope, on, Clause::Plain, "ON"),
            (None, JoinKind::Cross) => {}
            (None, _) => {
                let table_span = join.table.binding().span;
                join.on = self.infer_join_condition(scope, left_count, join.join_token, table_span);
            }
        }
    }

    /// Builds `left.pk = right.fk` from the one foreign key between the joined table and the
    /// tables before it.
    fn infer_join_condition(
        &mut self,
        scope: &Scope<'s>,
        left_count: usize,
        join_token: Span,
        table_span: Span,
    ) -> Option<Expr> {
        let join_range = SpanRange {
            start: join_token,
            end: table_span,
        };
        let right = &scope.bindings[left_count];
        let mut candidates = Vec::new();
        for left in &scope.bindings[..left_count] {
            for (from, to) in [(right, left), (left, right)] {
                for fk in &from.table.foreign_keys {
                    if fk.foreign_table.is(&to.table.name.name) {
                        candidates.push((from, to, fk));
                    }
                }
            }
        }
        let describe = |(from, to, fk): &(&Binding, &Binding, &crate::model::ForeignKey)| {
            let columns: Vec<String> = fk
                .columns
                .iter()
                .map(|&c| format!("{}.{}", from.name, from.table.columns[c].name.name))
                .collect();
            let targets: Vec<String> = fk
                .foreign_columns
                .iter()
                .map(|c| format!("{}.{}", to.name, c.name))
                .collect();
            format!("{} -> {}", columns.join(", "), targets.join(", "))
        };
        match candidates.as_slice() {
            [(from, to, fk)] => {
                let mut condition: Option<Expr> = None;
                for (&local, foreign) in fk.columns.iter().zip(&fk.foreign_columns) {
                    let column = |binding: &str, name: &str| Expr {
                        kind: ExprKind::Column(ColumnRef {
                            table: Some(Ident::new(binding, join_token)),
                            column: Ident::new(name, join_token),
                        }),
                        range: SpanRange::single(join_token),
                    };
                    let foreign_name = to
                        .table
                        .column(&foreign.name)
                        .map_or(foreign.name.as_str(), |c| c.name.name.as_str());
                    let equality = binary(
                        BinaryOp::Eq,
                        column(&to.name, foreign_name),
                        column(&from.name, &from.table.columns[local].name.name),
                        join_token,
                    );
                    condition = Some(match condition {
                        Some(previous) => binary(BinaryOp::And, previous, equality, join_token),
                        None => equality,
                    });
                }
                condition
            }
            [] => {
                let left_names: Vec<String> = scope.bindings[..left_count]
                    .iter()
                    .map(|b| b.name.clone())
                    .collect();
                self.errors.spanned(
                    join_range,
                    format!(
                        "no foreign key links `{}` with {}; write the condition with `ON`",
                        right.name,
                        one_of(&left_names)
                    ),
                );
                None
            }
            many => {
                let listed: Vec<String> = many.iter().map(describe).collect();
                self.errors.spanned(
                    join_range,
                    format!(
                        "more than one foreign key links `{}` with the tables before it ({}); write the condition with `ON`",
                        right.name,
                        listed.join("; ")
                    ),
                );
                None
            }
        }
    }

    fn group_by(&mut self, scope: &Scope<'s>, select: &mut Select) {
        let count = select.items.len();
        for key in &mut select.group_by {
            self.order_key(scope, key, count, "GROUP BY", Clause::Plain);
        }
    }

    /// An ORDER BY or GROUP BY key: a result label, a 1-based result position, or an
    /// expression over the FROM tables.
    fn order_key(
        &mut self,
        scope: &Scope<'s>,
        key: &mut Expr,
        columns: usize,
        clause: &str,
        context: Clause,
    ) {
        if let ExprKind::Column(ColumnRef {
            table: None,
            column,
        }) = &key.kind
        {
            let is_column = scope
                .bindings
                .iter()
                .any(|b| b.table.column(&column.name).is_some());
            let prefer_label = clause == "ORDER BY" || !is_column;
            if prefer_label
                && scope
                    .labels
                    .iter()
                    .any(|(label, _)| label.eq_ignore_ascii_case(&column.name))
            {
                return;
            }
        }
        if let ExprKind::Literal(Literal::Integer(digits)) = &key.kind {
            let position: usize = digits.parse().unwrap_or(0);
            if position == 0 || position > columns {
                self.errors.spanned(
                    key.range,
                    format!("{clause} position {digits} is out of range: the result has {columns} column(s)"),
                );
            }
            return;
        }
        let ty = self.expr(scope, key, context);
        self.settle(ty, key);
    }

    // ---- INSERT, UPDATE, DELETE ----------------------------------------------------------

    fn insert(&mut self, insert: &mut Insert) {
        let Some((_, table)) = self.table(&mut insert.table) else {
            for row in &mut insert.rows {
                for value in &mut row.values {
                    self.expr(&Scope::default(), value, Clause::Plain);
                }
            }
            return;
        };
        // One entry per value position: the column it fills, or `None` if unknown.
        let mut targets: Vec<Option<usize>> = Vec::new();
        if insert.columns.is_empty() {
            targets.extend((0..table.columns.len()).map(Some));
        }
        for column in &mut insert.columns {
            let index = self.column_of(table, column);
            if index.is_some() && targets.contains(&index) {
                self.errors.at(
                    column.span,
                    format!("column `{}` is listed twice", column.name),
                );
            }
            targets.push(index);
        }
        if targets.iter().all(Option::is_some) {
            let missing: Vec<String> = (0..table.columns.len())
                .filter(|i| !targets.contains(&Some(*i)) && !table.may_omit(*i))
                .map(|i| table.columns[i].name.name.clone())
                .collect();
            if !missing.is_empty() {
                let span = insert.columns_span.unwrap_or(insert.table.span);
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
        let scope = Scope::default();
        for row in &mut insert.rows {
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
                // With the wrong number of values, pairing them with columns would only
                // produce follow-on mismatches.
                if let (true, Some(Some(target))) = (count_matches, targets.get(position)) {
                    self.assign(ty, value, table, &table.columns[*target]);
                }
            }
        }
    }

    fn update(&mut self, update: &mut Update) {
        let mut scope = Scope::default();
        let mut table_ref = TableRef {
            name: update.table.clone(),
            alias: None,
        };
        self.bind_table(&mut scope, &mut table_ref, false);
        update.table = table_ref.name;
        let table = scope.bindings.first().map(|b| b.table);
        let mut assigned = Vec::new();
        for assignment in &mut update.assignments {
            let ty = self.expr(&scope, &mut assignment.value, Clause::Plain);
            let Some(table) = table else { continue };
            if let Some(index) = self.column_of(table, &mut assignment.column) {
                if assigned.contains(&index) {
                    self.errors.at(
                        assignment.column.span,
                        format!("column `{}` is assigned twice", assignment.column.name),
                    );
                }
                assigned.push(index);
                self.assign(ty, &assignment.value, table, &table.columns[index]);
            }
        }
        if let Some(condition) = &mut update.where_clause {
            self.condition(&scope, condition, Clause::Plain, "WHERE");
        }
    }

    fn delete(&mut self, delete: &mut Delete) {
        let mut scope = Scope::default();
        let mut table_ref = TableRef {
            name: delete.table.clone(),
            alias: None,
        };
        self.bind_table(&mut scope, &mut table_ref, false);
        delete.table = table_ref.name;
        if let Some(condition) = &mut delete.where_clause {
            self.condition(&scope, condition, Clause::Plain, "WHERE");
        }
    }

    /// The index of `column` in `table`, reporting an unknown one with a suggestion.
    fn column_of(&mut self, table: &'s Table, column: &mut Ident) -> Option<usize> {
        match table.column_index(&column.name) {
            Some(index) => {
                column.name.clone_from(&table.columns[index].name.name);
                if let Some(table_index) = self
                    .schema
                    .tables
                    .iter()
                    .position(|t| std::ptr::eq(t, table))
                {
                    self.references.push(Reference {
                        table: table_index,
                        column: Some(index),
                        span: column.span,
                    });
                }
                Some(index)
            }
            None => {
                let names = table.columns.iter().map(|c| c.name.name.as_str());
                let help = closest(&column.name, names)
                    .map(|n| format!("; did you mean `{n}`?"))
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
    fn assign(&mut self, ty: Ty, value: &Expr, table: &Table, column: &crate::model::Column) {
        match ty.kind {
            Kind::Param(slot) => self.fix_param(slot, column.ty, column.nullable, value),
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

    // ---- expressions ---------------------------------------------------------------------

    /// A WHERE, HAVING or ON condition: must be boolean.
    fn condition(&mut self, scope: &Scope<'s>, expr: &mut Expr, clause: Clause, name: &str) {
        let ty = self.expr(scope, expr, clause);
        self.expect_type(ty, expr, SqlType::Boolean, false, name);
    }

    /// Requires `ty` to be of `expected`'s family; a parameter becomes `expected`.
    fn expect_type(
        &mut self,
        ty: Ty,
        expr: &Expr,
        expected: SqlType,
        nullable: bool,
        context: &str,
    ) {
        match ty.kind {
            Kind::Param(slot) => self.fix_param(slot, expected, nullable, expr),
            Kind::Known(found) if found.family() != expected.family() => {
                let what = if expected.is_integer() {
                    "an integer".to_owned()
                } else if expected.family() == Family::Number {
                    "a number".to_owned()
                } else if expected == SqlType::Boolean {
                    "a condition (true or false)".to_owned()
                } else {
                    expected.display()
                };
                self.errors.spanned(
                    expr.range,
                    format!("{context} expects {what}, found {}", found.display()),
                );
            }
            _ => {}
        }
    }

    /// A parameter with no type yet takes the type of what it meets.
    fn settle(&mut self, ty: Ty, expr: &Expr) -> Ty {
        if let Kind::Param(slot) = ty.kind {
            let _ = expr;
            return self.params[slot]
                .as_ref()
                .and_then(|p| p.ty)
                .map_or(Ty::UNKNOWN, |t| Ty::known(t, false));
        }
        ty
    }

    /// The type a parameter has been given so far.
    fn param_type(&self, slot: usize) -> Option<SqlType> {
        self.params
            .get(slot)
            .and_then(|p| p.as_ref())
            .and_then(|p| p.ty)
    }

    fn fix_param(&mut self, slot: usize, ty: SqlType, nullable: bool, at: &Expr) {
        let Some(Some(state)) = self.params.get_mut(slot) else {
            return;
        };
        match state.ty {
            None => {
                state.ty = Some(ty);
                state.nullable = nullable;
            }
            Some(previous) if previous.family() != ty.family() => {
                let name = match &state.info.kind {
                    ParamKind::Named(name) => format!("`:{name}`"),
                    ParamKind::Inline(_) => "this parameter".to_owned(),
                };
                self.errors.spanned(
                    at.range,
                    format!(
                        "parameter {name} is used as {} here but as {} before",
                        ty.display(),
                        previous.display()
                    ),
                );
            }
            Some(_) => state.nullable &= nullable,
        }
    }

    fn expr(&mut self, scope: &Scope<'s>, expr: &mut Expr, clause: Clause) -> Ty {
        let range = expr.range;
        match &mut expr.kind {
            ExprKind::Literal(literal) => literal_type(literal),
            ExprKind::Column(column) => self.column(scope, column),
            ExprKind::Param(param) => {
                let slot = param.slot;
                if let Some(entry) = self.params.get_mut(slot) {
                    if entry.is_none() {
                        *entry = Some(ParamState {
                            info: ParamInfo {
                                kind: param.kind.clone(),
                                span: param.span,
                                ty: SqlType::Text,
                                nullable: false,
                            },
                            ty: None,
                            nullable: false,
                        });
                    }
                }
                Ty {
                    kind: Kind::Param(slot),
                    nullable: false,
                }
            }
            ExprKind::Nested(inner) => self.expr(scope, inner, clause),
            ExprKind::Unary { op, operand } => {
                let op = *op;
                let ty = self.expr(scope, operand, clause);
                match op {
                    UnaryOp::Not => {
                        self.expect_type(ty, operand, SqlType::Boolean, false, "NOT");
                        Ty {
                            nullable: ty.nullable,
                            ..Ty::BOOLEAN
                        }
                    }
                    UnaryOp::Neg | UnaryOp::Plus => {
                        self.expect_type(ty, operand, SqlType::Double, false, "`-`");
                        self.settle(ty, operand)
                    }
                }
            }
            ExprKind::Binary {
                op,
                op_span,
                left,
                right,
            } => {
                let (op, op_span) = (*op, *op_span);
                let left_ty = self.expr(scope, left, clause);
                let right_ty = self.expr(scope, right, clause);
                self.binary(op, op_span, left, left_ty, right, right_ty)
            }
            ExprKind::IsNull { operand, .. } => {
                let ty = self.expr(scope, operand, clause);
                if let Kind::Param(_) = ty.kind {
                    self.errors.spanned(
                        operand.range,
                        "a parameter tested with IS NULL has no type; compare a column instead",
                    );
                }
                Ty::BOOLEAN
            }
            ExprKind::InList { operand, list, .. } => {
                let ty = self.expr(scope, operand, clause);
                let mut nullable = ty.nullable;
                let mut settled = ty;
                for item in list.iter_mut() {
                    let item_ty = self.expr(scope, item, clause);
                    nullable |= item_ty.nullable;
                    settled = self.compare(settled, operand, item_ty, item);
                }
                if let Kind::Param(_) = settled.kind {
                    self.errors.spanned(
                        range,
                        "cannot infer the type of the parameters in this IN list",
                    );
                }
                Ty {
                    nullable,
                    ..Ty::BOOLEAN
                }
            }
            ExprKind::Between {
                operand, low, high, ..
            } => {
                let ty = self.expr(scope, operand, clause);
                let low_ty = self.expr(scope, low, clause);
                let high_ty = self.expr(scope, high, clause);
                let settled = self.compare(ty, operand, low_ty, low);
                self.compare(settled, operand, high_ty, high);
                Ty {
                    nullable: ty.nullable || low_ty.nullable || high_ty.nullable,
                    ..Ty::BOOLEAN
                }
            }
            ExprKind::Like {
                operand, pattern, ..
            } => {
                let ty = self.expr(scope, operand, clause);
                let pattern_ty = self.expr(scope, pattern, clause);
                self.expect_type(ty, operand, SqlType::Text, false, "LIKE");
                self.expect_type(
                    pattern_ty,
                    pattern,
                    SqlType::Text,
                    false,
                    "the LIKE pattern",
                );
                Ty {
                    nullable: ty.nullable || pattern_ty.nullable,
                    ..Ty::BOOLEAN
                }
            }
            ExprKind::Function(call) => self.function(scope, call, clause, range),
        }
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        op_span: Span,
        left: &Expr,
        left_ty: Ty,
        right: &Expr,
        right_ty: Ty,
    ) -> Ty {
        let nullable = left_ty.nullable || right_ty.nullable;
        match op {
            BinaryOp::And | BinaryOp::Or => {
                self.expect_type(left_ty, left, SqlType::Boolean, false, op.sql());
                self.expect_type(right_ty, right, SqlType::Boolean, false, op.sql());
                Ty {
                    nullable,
                    ..Ty::BOOLEAN
                }
            }
            _ if op.is_comparison() => {
                let settled = self.compare(left_ty, left, right_ty, right);
                if let Kind::Param(_) = settled.kind {
                    self.errors.at(
                        op_span,
                        "cannot infer the types of two parameters compared with each other",
                    );
                }
                Ty {
                    nullable,
                    ..Ty::BOOLEAN
                }
            }
            BinaryOp::Concat => {
                for (ty, expr) in [(left_ty, left), (right_ty, right)] {
                    match ty.kind {
                        // `||` takes any type; an untyped parameter is bound as text.
                        Kind::Param(slot) if self.param_type(slot).is_none() => {
                            self.fix_param(slot, SqlType::Text, false, expr)
                        }
                        Kind::Known(t) if t.family() == Family::Blob => self
                            .errors
                            .spanned(expr.range, "`||` joins text; found BLOB"),
                        _ => {}
                    }
                }
                Ty::known(SqlType::Text, nullable)
            }
            _ => self.arithmetic(op, left, left_ty, right, right_ty, nullable),
        }
    }

    fn arithmetic(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        left_ty: Ty,
        right: &Expr,
        right_ty: Ty,
        nullable: bool,
    ) -> Ty {
        let mut result = None;
        for (ty, expr, other) in [(left_ty, left, right_ty), (right_ty, right, left_ty)] {
            match ty.kind {
                Kind::Known(t) if t.family() == Family::Number => {
                    result = Some(result.map_or(t, |r: SqlType| r.promote(t)));
                }
                Kind::Known(t) => {
                    let help = if op == BinaryOp::Add && t.family() == Family::Text {
                        "; use `||` to join text"
                    } else {
                        ""
                    };
                    self.errors.spanned(
                        expr.range,
                        format!("`{}` needs numbers, found {}{help}", op.sql(), t.display()),
                    );
                    return Ty::UNKNOWN;
                }
                Kind::Param(slot) => {
                    if let Kind::Known(t) = other.kind {
                        if t.family() == Family::Number {
                            self.fix_param(slot, t, false, expr);
                        }
                    }
                }
                Kind::Null | Kind::Unknown => {
                    return Ty {
                        kind: ty.kind,
                        nullable: true,
                    }
                }
            }
        }
        match result {
            Some(t) => Ty::known(t, nullable),
            None => {
                self.errors.spanned(
                    left.range.to(right.range),
                    "cannot infer the types of two parameters in arithmetic",
                );
                Ty::UNKNOWN
            }
        }
    }

    /// Checks that two values can be compared; a parameter takes the other side's type.
    /// Returns the settled type of the pair.
    fn compare(&mut self, left_ty: Ty, left: &Expr, right_ty: Ty, right: &Expr) -> Ty {
        match (left_ty.kind, right_ty.kind) {
            (Kind::Param(a), Kind::Param(b)) => match (self.param_type(a), self.param_type(b)) {
                (Some(t), _) => {
                    self.fix_param(b, t, false, right);
                    Ty::known(t, false)
                }
                (None, Some(t)) => {
                    self.fix_param(a, t, false, left);
                    Ty::known(t, false)
                }
                (None, None) => left_ty,
            },
            (Kind::Param(slot), Kind::Known(t)) => {
                self.fix_param(slot, t, false, left);
                right_ty
            }
            (Kind::Known(t), Kind::Param(slot)) => {
                self.fix_param(slot, t, false, right);
                left_ty
            }
            (Kind::Known(l), Kind::Known(r)) if !compatible(l, r) => {
                let subject = match &left.kind {
                    ExprKind::Column(c) => format!("`{}` ({})", column_text(c), l.display()),
                    _ => l.display(),
                };
                self.errors.spanned(
                    right.range,
                    format!(
                        "mismatched types: cannot compare {subject} with {}",
                        r.display()
                    ),
                );
                left_ty
            }
            (Kind::Known(_), _) => left_ty,
            _ => right_ty,
        }
    }

    fn column(&mut self, scope: &Scope<'s>, column: &mut ColumnRef) -> Ty {
        let found: Vec<(usize, usize)> = match &column.table {
            Some(qualifier) => match scope
                .bindings
                .iter()
                .position(|b| b.name.eq_ignore_ascii_case(&qualifier.name))
            {
                Some(b) => {
                    let binding = &scope.bindings[b];
                    match binding.table.column_index(&column.column.name) {
                        Some(c) => vec![(b, c)],
                        None => {
                            let names = binding.table.columns.iter().map(|c| c.name.name.as_str());
                            let help = closest(&column.column.name, names)
                                .map(|n| format!("; did you mean `{n}`?"))
                                .unwrap_or_default();
                            let table = if binding.name == binding.table.name.name {
                                format!("table `{}`", binding.name)
                            } else {
                                format!("`{}` (table `{}`)", binding.name, binding.table.name.name)
                            };
                            self.errors.at(
                                column.column.span,
                                format!("no column `{}` in {table}{help}", column.column.name),
                            );
                            return Ty::UNKNOWN;
                        }
                    }
                }
                None => {
                    let qualifier = qualifier.clone();
                    self.unknown_binding(scope, &qualifier);
                    return Ty::UNKNOWN;
                }
            },
            None => scope
                .bindings
                .iter()
                .enumerate()
                .filter_map(|(b, binding)| {
                    binding
                        .table
                        .column_index(&column.column.name)
                        .map(|c| (b, c))
                })
                .collect(),
        };
        match found.as_slice() {
            [(b, c)] => {
                let binding = &scope.bindings[*b];
                let declared = &binding.table.columns[*c];
                column.column.name.clone_from(&declared.name.name);
                let qualifier_span = column.table.as_ref().map_or(column.column.span, |t| t.span);
                column.table = Some(Ident::new(binding.name.clone(), qualifier_span));
                self.references.push(Reference {
                    table: binding.table_index,
                    column: Some(*c),
                    span: column.column.span,
                });
                Ty::known(declared.ty, declared.nullable || binding.nullable)
            }
            [] => {
                self.unknown_column(scope, &column.column);
                Ty::UNKNOWN
            }
            many => {
                let owners: Vec<String> = many
                    .iter()
                    .map(|(b, _)| scope.bindings[*b].name.clone())
                    .collect();
                self.errors.at(
                    column.column.span,
                    format!(
                        "column `{}` is ambiguous: it is in {}; qualify it, e.g. `{}.{}`",
                        column.column.name,
                        one_of(&owners),
                        owners[0],
                        column.column.name
                    ),
                );
                Ty::UNKNOWN
            }
        }
    }

    fn unknown_column(&mut self, scope: &Scope<'s>, name: &Ident) {
        if scope.incomplete {
            return;
        }
        if let Some((label, _)) = scope
            .labels
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(&name.name))
        {
            self.errors.at(
                name.span,
                format!("`{label}` is a result label; only ORDER BY and GROUP BY can use it"),
            );
            return;
        }
        let in_scope: Vec<&str> = scope
            .bindings
            .iter()
            .flat_map(|b| b.table.columns.iter().map(|c| c.name.name.as_str()))
            .collect();
        if let Some(similar) = closest(&name.name, in_scope.iter().copied()) {
            self.errors.at(
                name.span,
                format!(
                    "no column `{}` in the tables of this query; did you mean `{similar}`?",
                    name.name
                ),
            );
            return;
        }
        let elsewhere: Vec<String> = self
            .schema
            .tables
            .iter()
            .filter(|t| t.column(&name.name).is_some())
            .map(|t| t.name.name.clone())
            .collect();
        let message = if scope.bindings.is_empty() {
            format!(
                "no column `{}`: the statement has no FROM clause",
                name.name
            )
        } else if !elsewhere.is_empty() {
            format!(
                "no column `{}` in the tables of this query; {} has it but is not in FROM",
                name.name,
                one_of(&elsewhere)
            )
        } else {
            let tables: Vec<String> = scope.bindings.iter().map(|b| b.name.clone()).collect();
            let tables = if tables.len() == 1 { "table" } else { "tables" };
            let names: Vec<String> = scope.bindings.iter().map(|b| b.name.clone()).collect();
            format!("no column `{}` in {tables} {}", name.name, one_of(&names))
        };
        self.errors.at(name.span, message);
    }

    fn unknown_binding(&mut self, scope: &Scope<'s>, name: &Ident) {
        if scope.incomplete && !scope.bindings.iter().any(|b| b.table.name.is(&name.name)) {
            return;
        }
        let bound: Vec<String> = scope.bindings.iter().map(|b| b.name.clone()).collect();
        let message =
            if let Some(binding) = scope.bindings.iter().find(|b| b.table.name.is(&name.name)) {
                format!(
                    "table `{}` is called `{}` in this query",
                    name.name, binding.name
                )
            } else if self.schema.table(&name.name).is_some() {
                format!(
                    "table `{}` is not in FROM; add it to FROM or JOIN it",
                    name.name
                )
            } else if let Some(similar) = closest(&name.name, bound.iter().map(String::as_str)) {
                format!(
                    "no table `{}` in this query; did you mean `{similar}`?",
                    name.name
                )
            } else if bound.is_empty() {
                format!("no table `{}`: the statement has no FROM clause", name.name)
            } else {
                format!(
                    "no table `{}` in this query; it has {}",
                    name.name,
                    one_of(&bound)
                )
            };
        self.errors.at(name.span, message);
    }

    fn function(
        &mut self,
        scope: &Scope<'s>,
        call: &mut FunctionCall,
        clause: Clause,
        range: SpanRange,
    ) -> Ty {
        let name = call.name.name.to_ascii_lowercase();
        let is_aggregate = AGGREGATES.contains(&name.as_str());
        if !is_aggregate && !SCALAR_FUNCTIONS.contains(&name.as_str()) {
            let known = AGGREGATES.iter().chain(SCALAR_FUNCTIONS).copied();
            let help = closest(&name, known)
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            self.errors.at(
                call.name.span,
                format!("unknown function `{}`{help}", call.name.name),
            );
            return Ty::UNKNOWN;
        }
        call.name.name = name.clone();
        let inner_clause = if is_aggregate {
            match clause {
                Clause::Aggregating => Clause::InAggregate,
                Clause::Plain => {
                    self.errors.spanned(
                        range,
                        format!(
                            "aggregate `{name}` is not allowed here; filter groups with HAVING"
                        ),
                    );
                    Clause::InAggregate
                }
                Clause::InAggregate => {
                    self.errors.spanned(
                        range,
                        format!("aggregate `{name}` cannot be nested inside another aggregate"),
                    );
                    Clause::InAggregate
                }
            }
        } else {
            clause
        };
        if call.distinct && !is_aggregate {
            self.errors.at(
                call.name.span,
                format!("DISTINCT is only allowed in aggregates, not in `{name}`"),
            );
        }
        let star = matches!(call.args, FunctionArgs::Star(_));
        let args: Vec<(Ty, &Expr)> = match &mut call.args {
            FunctionArgs::Star(span) => {
                if name != "count" {
                    self.errors.at(
                        *span,
                        format!("`*` is only allowed in `count(*)`, not in `{name}`"),
                    );
                }
                Vec::new()
            }
            FunctionArgs::List(args) => {
                let mut typed = Vec::new();
                for arg in args.iter_mut() {
                    let ty = self.expr(scope, arg, inner_clause);
                    typed.push(ty);
                }
                typed.into_iter().zip(args.iter()).collect()
            }
        };
        let arity = |min: usize, max: usize| args.len() >= min && args.len() <= max;
        let expected_arity = match name.as_str() {
            "count" => star || arity(1, 1),
            "round" => arity(1, 2),
            "coalesce" => arity(2, usize::MAX),
            "nullif" => arity(2, 2),
            _ => arity(1, 1),
        };
        if !expected_arity {
            let takes = match name.as_str() {
                "count" => "one argument or `*`",
                "round" => "1 or 2 arguments",
                "coalesce" => "at least 2 arguments",
                "nullif" => "2 arguments",
                _ => "1 argument",
            };
            self.errors.spanned(
                range,
                format!("`{name}` takes {takes}, found {}", args.len()),
            );
            return Ty::UNKNOWN;
        }
        let first = args.first().map(|(ty, _)| *ty).unwrap_or(Ty::UNKNOWN);
        let number = |this: &mut Self, (ty, expr): (Ty, &Expr)| -> Option<SqlType> {
            match ty.kind {
                Kind::Known(t) if t.family() == Family::Number => Some(t),
                Kind::Known(t) => {
                    this.errors.spanned(
                        expr.range,
                        format!("`{name}` needs a number, found {}", t.display()),
                    );
                    None
                }
                _ => None,
            }
        };
        // Without GROUP BY an aggregate may see no rows at all, and then yields NULL; within
        // a group it sees at least one row, so it is NULL only if its argument can be.
        let aggregate_nullable = first.nullable || !self.grouped;
        match name.as_str() {
            "count" => Ty::known(SqlType::BigInt, false),
            "sum" => match number(self, args[0]) {
                Some(t) if t.is_integer() => Ty::known(SqlType::BigInt, aggregate_nullable),
                Some(SqlType::Numeric(_)) => Ty::known(SqlType::Numeric(None), aggregate_nullable),
                Some(_) => Ty::known(SqlType::Double, aggregate_nullable),
                None => Ty::UNKNOWN,
            },
            "avg" => match number(self, args[0]) {
                Some(_) => Ty::known(SqlType::Double, aggregate_nullable),
                None => Ty::UNKNOWN,
            },
            "min" | "max" => Ty {
                nullable: aggregate_nullable,
                ..first
            },
            "abs" | "round" => match number(self, args[0]) {
                Some(t) => Ty::known(t, first.nullable),
                None => Ty::UNKNOWN,
            },
            "lower" | "upper" => {
                self.expect_type(first, args[0].1, SqlType::Text, false, &format!("`{name}`"));
                Ty::known(SqlType::Text, first.nullable)
            }
            "length" => Ty::known(SqlType::Integer, first.nullable),
            "nullif" => Ty {
                nullable: true,
                ..first
            },
            _ => {
                // coalesce: the first known type; NULL only if every argument can be.
                let mut result = Ty::UNKNOWN;
                let mut nullable = true;
                for (ty, expr) in &args {
                    nullable &= ty.nullable;
                    result = self.compare(result, expr, *ty, expr);
                }
                Ty { nullable, ..result }
            }
        }
    }

    // ---- grouping ----------------------------------------------------------------------

    /// With GROUP BY or an aggregate, every result column, HAVING and ORDER BY may use only
    /// grouped expressions, aggregates, and columns of a table whose primary key is grouped.
    fn check_grouping(&mut self, scope: &Scope<'s>, select: &mut Select, wildcards: &[Wildcard]) {
        let aggregates = select.items.iter().any(|item| match item {
            SelectItem::Expr { expr, .. } => contains_aggregate(expr),
            _ => false,
        }) || select.having.as_ref().is_some_and(contains_aggregate)
            || select.order_by.iter().any(|o| contains_aggregate(&o.expr));
        if select.group_by.is_empty() && !aggregates {
            return;
        }
        let grouped_labels: Vec<String> = select
            .group_by
            .iter()
            .filter_map(|key| match &key.kind {
                ExprKind::Column(ColumnRef {
                    table: None,
                    column,
                }) => Some(column.name.to_ascii_lowercase()),
                _ => None,
            })
            .collect();
        let grouped_positions: Vec<usize> = select
            .group_by
            .iter()
            .filter_map(|key| match &key.kind {
                ExprKind::Literal(Literal::Integer(digits)) => digits.parse().ok(),
                _ => None,
            })
            .collect();
        // A grouped label or position stands for the item's expression.
        let mut group_keys: Vec<&Expr> = select.group_by.iter().collect();
        for (position, item) in select.items.iter().enumerate() {
            if let SelectItem::Expr { expr, alias } = item {
                let by_label = alias
                    .as_ref()
                    .is_some_and(|a| grouped_labels.contains(&a.name.to_ascii_lowercase()));
                if by_label || grouped_positions.contains(&(position + 1)) {
                    group_keys.push(expr);
                }
            }
        }
        let grouped_tables: Vec<&str> = scope
            .bindings
            .iter()
            .filter(|b| {
                !b.table.primary_key.is_empty()
                    && b.table.primary_key.iter().all(|&pk| {
                        group_keys
                            .iter()
                            .any(|key| is_column(key, &b.name, &b.table.columns[pk].name.name))
                    })
            })
            .map(|b| b.name.as_str())
            .collect();
        let check = GroupingCheck {
            keys: &group_keys,
            grouped_tables: &grouped_tables,
            labels: &scope.labels,
        };
        let mut problems = Vec::new();
        for (position, item) in select.items.iter().enumerate() {
            let SelectItem::Expr { expr, .. } = item else {
                continue;
            };
            if !wildcards.iter().any(|w| w.items.contains(&position)) {
                check.visit(expr, &mut problems);
            }
        }
        // A `*` is one mistake however many of its columns are ungrouped.
        for wildcard in wildcards {
            let mut ungrouped = Vec::new();
            for item in &select.items[wildcard.items.clone()] {
                if let SelectItem::Expr { expr, .. } = item {
                    check.visit(expr, &mut ungrouped);
                }
            }
            if !ungrouped.is_empty() {
                let names: Vec<String> = ungrouped.into_iter().map(|(_, name)| name).collect();
                self.errors.at(
                    wildcard.span,
                    format!(
                        "`{}` selects {}, which must appear in GROUP BY or be used in an aggregate function; list the columns instead",
                        wildcard.text,
                        one_of(&names)
                    ),
                );
            }
        }
        if let Some(having) = &select.having {
            check.visit(having, &mut problems);
        }
        for order in &select.order_by {
            check.visit(&order.expr, &mut problems);
        }
        for (range, text) in problems {
            self.errors.spanned(
                range,
                format!("`{text}` must appear in GROUP BY or be used in an aggregate function such as `max({text})`"),
            );
        }
    }
}

/// Where a `*` or `t.*` was written out, for reporting it as one item.
struct Wildcard {
    /// The select items it became.
    items: std::ops::Range<usize>,
    span: Span,
    text: String,
}

struct GroupingCheck<'a> {
    keys: &'a [&'a Expr],
    grouped_tables: &'a [&'a str],
    labels: &'a [(String, Ty)],
}

impl GroupingCheck<'_> {
    fn visit(&self, expr: &Expr, problems: &mut Vec<(SpanRange, String)>) {
        if self.keys.iter().any(|key| same_expr(key, expr)) {
            return;
        }
        match &expr.kind {
            ExprKind::Function(call) if AGGREGATES.contains(&call.name.name.as_str()) => {}
            ExprKind::Column(column) => {
                let grouped_table = column
                    .table
                    .as_ref()
                    .is_some_and(|t| self.grouped_tables.contains(&t.name.as_str()));
                let is_label = column.table.is_none()
                    && self
                        .labels
                        .iter()
                        .any(|(l, _)| l.eq_ignore_ascii_case(&column.column.name));
                if !grouped_table && !is_label {
                    problems.push((expr.range, column_text(column)));
                }
            }
            ExprKind::Literal(_) | ExprKind::Param(_) => {}
            ExprKind::Nested(inner)
            | ExprKind::Unary { operand: inner, .. }
            | ExprKind::IsNull { operand: inner, .. } => self.visit(inner, problems),
            ExprKind::Binary { left, right, .. } => {
                self.visit(left, problems);
                self.visit(right, problems);
            }
            ExprKind::Like {
                operand, pattern, ..
            } => {
                self.visit(operand, problems);
                self.visit(pattern, problems);
            }
            ExprKind::InList { operand, list, .. } => {
                self.visit(operand, problems);
                list.iter().for_each(|e| self.visit(e, problems));
            }
            ExprKind::Between {
                operand, low, high, ..
            } => {
                self.visit(operand, problems);
                self.visit(low, problems);
                self.visit(high, problems);
            }
            ExprKind::Function(call) => {
                if let FunctionArgs::List(args) = &call.args {
                    args.iter().for_each(|e| self.visit(e, problems));
                }
            }
        }
    }
}

fn contains_aggregate(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Function(call) => {
            AGGREGATES.contains(&call.name.name.to_ascii_lowercase().as_str())
                || matches!(&call.args, FunctionArgs::List(args) if args.iter().any(contains_aggregate))
        }
        ExprKind::Column(_) | ExprKind::Literal(_) | ExprKind::Param(_) => false,
        ExprKind::Nested(inner)
        | ExprKind::Unary { operand: inner, .. }
        | ExprKind::IsNull { operand: inner, .. } => contains_aggregate(inner),
        ExprKind::Binary { left, right, .. } => {
            contains_aggregate(left) || contains_aggregate(right)
        }
        ExprKind::Like {
            operand, pattern, ..
        } => contains_aggregate(operand) || contains_aggregate(pattern),
        ExprKind::InList { operand, list, .. } => {
            contains_aggregate(operand) || list.iter().any(contains_aggregate)
        }
        ExprKind::Between {
            operand, low, high, ..
        } => [operand, low, high].iter().any(|e| contains_aggregate(e)),
    }
}

/// Structural equality of two resolved expressions (columns compare by qualified name).
fn same_expr(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Nested(a), _) => same_expr(a, b),
        (_, ExprKind::Nested(b)) => same_expr(a, b),
        (ExprKind::Column(x), ExprKind::Column(y)) => {
            x.column.is(&y.column.name)
                && match (&x.table, &y.table) {
                    (Some(s), Some(t)) => s.is(&t.name),
                    _ => true,
                }
        }
        (ExprKind::Literal(x), ExprKind::Literal(y)) => x == y,
        (ExprKind::Unary { op: o1, operand: x }, ExprKind::Unary { op: o2, operand: y }) => {
            o1 == o2 && same_expr(x, y)
        }
        (
            ExprKind::Binary {
                op: o1,
                left: l1,
                right: r1,
                ..
            },
            ExprKind::Binary {
                op: o2,
                left: l2,
                right: r2,
                ..
            },
        ) => o1 == o2 && same_expr(l1, l2) && same_expr(r1, r2),
        (ExprKind::Function(f), ExprKind::Function(g)) => {
            f.name.is(&g.name.name)
                && f.distinct == g.distinct
                && match (&f.args, &g.args) {
                    (FunctionArgs::Star(_), FunctionArgs::Star(_)) => true,
                    (FunctionArgs::List(x), FunctionArgs::List(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_expr(p, q))
                    }
                    _ => false,
                }
        }
        _ => false,
    }
}

fn is_column(expr: &Expr, binding: &str, column: &str) -> bool {
    match &expr.kind {
        ExprKind::Column(c) => {
            c.column.is(column) && c.table.as_ref().is_some_and(|t| t.is(binding))
        }
        ExprKind::Nested(inner) => is_column(inner, binding, column),
        _ => false,
    }
}

fn column_text(column: &ColumnRef) -> String {
    match &column.table {
        Some(table) => format!("{}.{}", table.name, column.column.name),
        None => column.column.name.clone(),
    }
}

fn binary(op: BinaryOp, left: Expr, right: Expr, span: Span) -> Expr {
    let range = left.range.to(right.range);
    Expr {
        kind: ExprKind::Binary {
            op,
            op_span: span,
            left: Box::new(left),
            right: Box::new(right),
        },
        range,
    }
}

/// Whether values of the two types can be compared or assigned. Dates and timestamps travel
/// as ISO text, so they meet text.
fn compatible(a: SqlType, b: SqlType) -> bool {
    let (fa, fb) = (a.family(), b.family());
    fa == fb
        || matches!(
            (fa, fb),
            (Family::Temporal, Family::Text) | (Family::Text, Family::Temporal)
        )
}

fn literal_type(literal: &Literal) -> Ty {
    match literal {
        Literal::Integer(digits) => {
            let ty = if digits.parse::<i32>().is_ok() {
                SqlType::Integer
            } else {
                SqlType::BigInt
            };
            Ty::known(ty, false)
        }
        Literal::Float(_) => Ty::known(SqlType::Double, false),
        Literal::String(_) => Ty::known(SqlType::Text, false),
        Literal::Boolean(_) => Ty::BOOLEAN,
        Literal::Null => Ty {
            kind: Kind::Null,
            nullable: true,
        },
    }
}

fn output_column(name: String, ty: Ty) -> OutputColumn {
    match ty.kind {
        Kind::Known(t) => OutputColumn {
            name,
            ty: t,
            nullable: ty.nullable,
        },
        // NULL or an unresolved expression: a nullable text column reads anything.
        _ => OutputColumn {
            name,
            ty: SqlType::Text,
            nullable: true,
        },
    }
}

fn push_table_columns(columns: &mut Vec<OutputColumn>, binding: &Binding) {
    for column in &binding.table.columns {
        columns.push(OutputColumn {
            name: column.name.name.clone(),
            ty: column.ty,
            nullable: column.nullable || binding.nullable,
        });
    }
}

/// Repeated names get `_1`, `_2`, ... as SQLAlchemy labels them, so every field is distinct.
fn dedupe_names(columns: &mut [OutputColumn]) {
    for i in 1..columns.len() {
        let base = columns[i].name.clone();
        let mut suffix = 0;
        while columns[..i]
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(&columns[i].name))
        {
            suffix += 1;
            columns[i].name = format!("{base}_{suffix}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{render, Dialect};

    const SCHEMA: &str = r#"
        pub mod db {
            table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: VARCHAR(200) }
            table address {
                id: INTEGER PRIMARY KEY,
                user_id: INTEGER NOT NULL REFERENCES user_account(id),
                email_address: VARCHAR(200) NOT NULL,
            }
            table books { book_id: INTEGER PRIMARY KEY, book_price: NUMERIC(10, 2), genre: TEXT }
            table pair { a_id: INTEGER REFERENCES user_account(id), b_id: INTEGER REFERENCES user_account(id) }
        }
    "#;

    fn check(sql: &str) -> Result<(Analysis, String), Vec<String>> {
        let schema: Schema = syn::parse_str(SCHEMA).expect("schema parses");
        let mut statement: Statement = syn::parse_str(sql).map_err(|e| vec![e.to_string()])?;
        let analysis = analyze(&schema, &mut statement)
            .map_err(|e| e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
        Ok((analysis, render(&statement, Dialect::Sqlite).sql))
    }

    fn ok(sql: &str) -> (Analysis, String) {
        check(sql).unwrap_or_else(|errors| panic!("{sql}: {errors:?}"))
    }

    fn errors(sql: &str) -> Vec<String> {
        match check(sql) {
            Ok((_, rendered)) => panic!("{sql} checked: {rendered}"),
            Err(errors) => errors,
        }
    }

    fn columns(analysis: &Analysis) -> Vec<(String, SqlType, bool)> {
        analysis
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.ty, c.nullable))
            .collect()
    }

    #[test]
    fn qualifies_columns_and_types_them() {
        let (analysis, sql) =
            ok("SELECT id, fullname AS full_name FROM user_account WHERE name = \"x\"");
        assert_eq!(sql, "SELECT user_account.id, user_account.fullname AS full_name FROM user_account WHERE user_account.name = 'x'");
        assert_eq!(
            columns(&analysis),
            [
                ("id".into(), SqlType::Integer, false),
                ("full_name".into(), SqlType::Varchar(Some(200)), true)
            ]
        );
    }

    #[test]
    fn names_resolve_case_insensitively_to_the_schema_spelling() {
        let (_, sql) = ok("SELECT NAME FROM User_Account AS u WHERE U.ID = 1");
        assert_eq!(sql, "SELECT u.name FROM user_account AS u WHERE u.id = 1");
    }

    #[test]
    fn wildcards_expand_and_reuse_the_table_row() {
        let (analysis, sql) = ok("SELECT * FROM user_account");
        assert_eq!(
            sql,
            "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account"
        );
        assert_eq!(analysis.table_row, Some(0));
        let (analysis, _) = ok("SELECT a.*, user_account.name FROM address AS a JOIN user_account");
        assert_eq!(analysis.table_row, None);
        assert_eq!(analysis.columns.len(), 4);
    }

    #[test]
    fn join_condition_comes_from_the_foreign_key() {
        let (_, sql) = ok("SELECT address.id FROM user_account JOIN address");
        assert_eq!(
            sql,
            "SELECT address.id FROM user_account JOIN address ON user_account.id = address.user_id"
        );
        let (_, sql) = ok("SELECT a.id FROM address AS a JOIN user_account AS u");
        assert_eq!(
            sql,
            "SELECT a.id FROM address AS a JOIN user_account AS u ON u.id = a.user_id"
        );
    }

    #[test]
    fn outer_joins_make_columns_nullable() {
        let (analysis, _) =
            ok("SELECT user_account.id, address.id FROM user_account LEFT JOIN address");
        assert_eq!(
            columns(&analysis),
            [
                ("id".into(), SqlType::Integer, false),
                ("id_1".into(), SqlType::Integer, true)
            ]
        );
        let (analysis, _) =
            ok("SELECT user_account.id, address.id FROM user_account FULL JOIN address");
        assert!(analysis.columns.iter().all(|c| c.nullable));
    }

    #[test]
    fn joins_without_one_foreign_key_are_errors() {
        assert_eq!(
            errors("SELECT * FROM address JOIN books"),
            ["no foreign key links `books` with `address`; write the condition with `ON`"]
        );
        assert_eq!(
            errors("SELECT * FROM user_account JOIN pair"),
            ["more than one foreign key links `pair` with the tables before it (pair.a_id -> user_account.id; pair.b_id -> user_account.id); write the condition with `ON`"]
        );
    }

    #[test]
    fn aggregates_have_sql_types() {
        let (analysis, _) = ok("SELECT count(*), sum(id), avg(id), max(name), sum(book_price) FROM user_account, books");
        assert_eq!(
            columns(&analysis),
            [
                ("count".into(), SqlType::BigInt, false),
                ("sum".into(), SqlType::BigInt, true),
                ("avg".into(), SqlType::Double, true),
                ("max".into(), SqlType::Varchar(Some(30)), true),
                ("sum_1".into(), SqlType::Numeric(None), true),
            ]
        );
        let (analysis, _) = ok("SELECT user_id, max(id) AS newest FROM address GROUP BY user_id");
        assert!(!analysis.columns[1].nullable, "a group is never empty");
    }

    #[test]
    fn arithmetic_promotes() {
        let (analysis, _) =
            ok("SELECT id + 1, id * 1.5, book_price * 2, \"a\" || id FROM books, user_account");
        let types: Vec<SqlType> = analysis.columns.iter().map(|c| c.ty).collect();
        assert_eq!(
            types,
            [
                SqlType::Integer,
                SqlType::Double,
                SqlType::Numeric(None),
                SqlType::Text
            ]
        );
    }

    #[test]
    fn parameters_take_the_type_of_what_they_meet() {
        let (analysis, sql) =
            ok("UPDATE user_account SET fullname = :full WHERE name = :name AND id > {min}");
        assert_eq!(sql, "UPDATE user_account SET fullname = ?1 WHERE user_account.name = ?2 AND user_account.id > ?3");
        let params: Vec<(SqlType, bool)> =
            analysis.params.iter().map(|p| (p.ty, p.nullable)).collect();
        assert_eq!(
            params,
            [
                (SqlType::Varchar(Some(200)), true),
                (SqlType::Varchar(Some(30)), false),
                (SqlType::Integer, false)
            ]
        );
        let (analysis, _) =
            ok("SELECT id FROM user_account WHERE name = :n OR fullname = :n LIMIT {limit}");
        assert_eq!(analysis.params.len(), 2);
        assert_eq!(analysis.params[1].ty, SqlType::BigInt);
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        assert_eq!(
            errors("SELECT nmae FROM user_account"),
            ["no column `nmae` in the tables of this query; did you mean `name`?"]
        );
        assert_eq!(
            errors("SELECT id FROM user_acount"),
            ["no table `user_acount` in the schema; did you mean `user_account`?"]
        );
        assert_eq!(
            errors("SELECT user_account.nmae FROM user_account"),
            ["no column `nmae` in table `user_account`; did you mean `name`?"]
        );
        assert_eq!(
            errors("SELECT email_address FROM user_account"),
            ["no column `email_address` in the tables of this query; `address` has it but is not in FROM"]
        );
        assert_eq!(
            errors("SELECT address.id FROM user_account"),
            ["table `address` is not in FROM; add it to FROM or JOIN it"]
        );
    }

    #[test]
    fn ambiguous_columns_must_be_qualified() {
        assert_eq!(
            errors("SELECT id FROM user_account, address"),
            ["column `id` is ambiguous: it is in `user_account` or `address`; qualify it, e.g. `user_account.id`"]
        );
    }

    #[test]
    fn type_mismatches_are_errors() {
        assert_eq!(
            errors("SELECT id FROM user_account WHERE name = 5"),
            ["mismatched types: cannot compare `user_account.name` (VARCHAR(30)) with INTEGER"]
        );
        assert_eq!(
            errors("UPDATE user_account SET id = \"x\""),
            ["mismatched types: `user_account.id` is INTEGER, found TEXT"]
        );
        assert_eq!(
            errors("SELECT name + 1 FROM user_account"),
            ["`+` needs numbers, found VARCHAR(30); use `||` to join text"]
        );
        assert_eq!(
            errors("SELECT id FROM user_account WHERE id"),
            ["WHERE expects a condition (true or false), found INTEGER"]
        );
        assert_eq!(
            errors("INSERT INTO address (user_id, email_address) VALUES (1, NULL)"),
            ["`address.email_address` is NOT NULL; it cannot be set to NULL"]
        );
    }

    #[test]
    fn insert_checks_columns_and_values() {
        assert_eq!(
            errors("INSERT INTO address (user_id) VALUES (1)"),
            ["missing a value for `email_address` of `address`: NOT NULL without a default"]
        );
        assert_eq!(
            errors("INSERT INTO user_account (name, name) VALUES (\"a\", \"b\")"),
            ["column `name` is listed twice"]
        );
        assert_eq!(
            errors("INSERT INTO user_account (name) VALUES (\"a\", \"b\")"),
            ["expected 1 value(s), one for each column, found 2"]
        );
        assert_eq!(
            errors("INSERT INTO user_account (nmae) VALUES (\"a\")"),
            ["no column `nmae` in table `user_account`; did you mean `name`?"]
        );
        let (_, sql) = ok("INSERT INTO user_account VALUES (1, \"a\", NULL)");
        assert_eq!(sql, "INSERT INTO user_account VALUES (1, 'a', NULL)");
    }

    #[test]
    fn grouping_is_checked() {
        assert_eq!(
            errors("SELECT name, count(*) FROM user_account"),
            ["`user_account.name` must appear in GROUP BY or be used in an aggregate function such as `max(user_account.name)`"]
        );
        assert_eq!(
            errors("SELECT id FROM user_account WHERE count(*) > 1"),
            ["aggregate `count` is not allowed here; filter groups with HAVING"]
        );
        // Grouping by the primary key makes every column of the table grouped.
        ok("SELECT user_account.id, user_account.name, count(address.id) FROM user_account JOIN address GROUP BY user_account.id");
        // GROUP BY and ORDER BY a label or a position.
        let (_, sql) = ok(
            "SELECT user_id AS owner, count(*) AS n FROM address GROUP BY owner ORDER BY n DESC, 1",
        );
        assert_eq!(sql, "SELECT address.user_id AS owner, count(*) AS n FROM address GROUP BY owner ORDER BY n DESC, 1");
        assert_eq!(
            errors("SELECT id FROM address ORDER BY 2"),
            ["ORDER BY position 2 is out of range: the result has 1 column(s)"]
        );
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let all = errors("SELECT nmae, idd FROM user_account WHERE fullname = 1");
        assert_eq!(all.len(), 3, "{all:?}");
    }

    #[test]
    fn parameters_without_context_are_errors() {
        assert_eq!(
            errors("SELECT :x FROM user_account"),
            ["cannot infer the type of this parameter; compare it with a column or use it as a column's value"]
        );
        assert_eq!(
            errors("SELECT id FROM user_account WHERE name = :x AND id = :x"),
            ["parameter `:x` is used as INTEGER here but as VARCHAR(30) before"]
        );
    }
}
