//! What a clause can see: the relations of its FROM (schema tables, CTEs, subqueries) under
//! the names the statement gives them, the enclosing query's for correlated subqueries, and
//! how names resolve against them.

use super::{Analyzer, Kind, OutputColumn, Reference, Ty};
use crate::ast::*;
use crate::errors::{did_you_mean, one_of, SpanRange};
use crate::model::ForeignKey;
use crate::types::SqlType;
use proc_macro2::Span;

/// A column of a relation.
#[derive(Debug, Clone)]
pub(super) struct RelColumn {
    /// The name SQL knows it by, if any (`SELECT a + 1` has none).
    pub name: Option<String>,
    /// Its type.
    pub ty: Ty,
    /// The schema table and column it was read from unchanged, which lets a join through a
    /// subquery still find the foreign key.
    pub origin: Option<(usize, usize)>,
    /// A name for the row struct field when SQL has none.
    pub fallback_name: Option<String>,
}

impl RelColumn {
    /// The row struct's view of the column at `position`.
    pub fn output(&self, position: usize) -> OutputColumn {
        let name = self
            .name
            .clone()
            .or_else(|| self.fallback_name.clone())
            .unwrap_or_else(|| format!("column_{}", position + 1));
        match self.ty.kind {
            Kind::Known(ty) => OutputColumn {
                name,
                ty,
                nullable: self.ty.nullable,
                span: Span::call_site(),
                field_span: Span::call_site(),
            },
            // NULL or an unresolved expression: a nullable text column reads anything.
            _ => OutputColumn {
                name,
                ty: SqlType::Text,
                nullable: true,
                span: Span::call_site(),
                field_span: Span::call_site(),
            },
        }
    }
}

/// Something rows come from, under the name the statement gives it.
#[derive(Debug, Clone)]
pub(super) struct Relation {
    pub name: String,
    /// The schema table, when it is one.
    pub table: Option<usize>,
    pub columns: Vec<RelColumn>,
    /// An outer join can leave its columns NULL.
    pub nullable: bool,
}

impl Relation {
    fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| {
            c.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter_map(|c| c.name.as_deref())
    }

    /// `table `t`` or ``a` (table `t`)`, for messages.
    fn describe(&self, schema: &crate::model::Schema) -> String {
        match self.table.and_then(|t| schema.tables.get(t)) {
            Some(table) if table.name.name != self.name => {
                format!("`{}` (table `{}`)", self.name, table.name.name)
            }
            Some(_) => format!("table `{}`", self.name),
            None => format!("`{}`", self.name),
        }
    }
}

/// The relations a clause can see.
#[derive(Default)]
pub(super) struct Scope<'p> {
    pub relations: Vec<Relation>,
    /// Result labels, visible to ORDER BY and GROUP BY.
    pub labels: Vec<(String, Ty)>,
    /// A relation in FROM was unknown (already reported): names that might have come from
    /// it are not reported again.
    pub incomplete: bool,
    /// The enclosing query's scope, for correlated subqueries.
    pub parent: Option<&'p Scope<'p>>,
}

impl<'p> Scope<'p> {
    /// Whether a relation of this query has a column called `name`, ignoring case.
    pub fn has_column(&self, name: &str) -> bool {
        self.relations.iter().any(|r| {
            r.columns.iter().any(|c| {
                c.name
                    .as_ref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        })
    }

    pub fn child(parent: Option<&'p Scope<'p>>) -> Scope<'p> {
        Scope {
            parent,
            ..Scope::default()
        }
    }

    fn is_incomplete(&self) -> bool {
        self.incomplete || self.parent.is_some_and(Scope::is_incomplete)
    }
}

impl Analyzer<'_> {
    /// Resolves a schema table name, reporting an unknown one with a suggestion.
    pub(super) fn schema_table(&mut self, name: &mut Ident) -> Option<usize> {
        let schema = self.schema;
        match schema.tables.iter().position(|t| t.name.is(&name.name)) {
            Some(index) => {
                name.name.clone_from(&schema.tables[index].name.name);
                self.references.push(Reference {
                    table: index,
                    column: None,
                    span: name.span,
                });
                Some(index)
            }
            None => {
                let mut known: Vec<String> =
                    schema.tables.iter().map(|t| t.name.name.clone()).collect();
                known.extend(self.ctes.iter().map(|c| c.name.clone()));
                let help = did_you_mean(&name.name, known.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("; it has {}", one_of(&known)));
                let message = format!("no table `{}` in the schema{help}", name.name);
                self.errors.at(name.span, message);
                None
            }
        }
    }

    /// The relation a schema table offers.
    pub(super) fn table_relation(&self, table_index: usize, name: String) -> Relation {
        let table = &self.schema.tables[table_index];
        Relation {
            name,
            table: Some(table_index),
            columns: table
                .columns
                .iter()
                .enumerate()
                .map(|(c, column)| RelColumn {
                    name: Some(column.name.name.clone()),
                    ty: Ty::known(column.ty, column.nullable),
                    origin: Some((table_index, c)),
                    fallback_name: None,
                })
                .collect(),
            nullable: false,
        }
    }

    /// Adds `factor` to `scope`: a CTE, a schema table, or a subquery.
    pub(super) fn bind_factor(
        &mut self,
        scope: &mut Scope<'_>,
        factor: &mut TableFactor,
        nullable: bool,
    ) {
        let binding = factor.binding().clone();
        if let Some(existing) = scope
            .relations
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&binding.name))
        {
            let message = format!(
                "`{}` appears twice in FROM; give one of them an alias with `AS`",
                existing.name
            );
            self.errors.at(binding.span, message);
            return;
        }
        let relation = match factor {
            TableFactor::Table(table_ref) => {
                let cte = self
                    .ctes
                    .iter()
                    .rev()
                    .find(|c| c.name.eq_ignore_ascii_case(&table_ref.name.name));
                match cte {
                    Some(cte) => {
                        table_ref.name.name.clone_from(&cte.name);
                        Some(Relation {
                            name: table_ref
                                .alias
                                .as_ref()
                                .map_or_else(|| cte.name.clone(), |a| a.name.clone()),
                            table: None,
                            columns: cte.columns.clone(),
                            nullable: false,
                        })
                    }
                    None => self.schema_table(&mut table_ref.name).map(|index| {
                        let name = table_ref.alias.as_ref().map_or_else(
                            || self.schema.tables[index].name.name.clone(),
                            |a| a.name.clone(),
                        );
                        self.table_relation(index, name)
                    }),
                }
            }
            TableFactor::Derived { subquery, alias } => {
                // A subquery in FROM cannot see its siblings, only the enclosing query.
                let output = self.query(subquery, scope.parent);
                Some(Relation {
                    name: alias.name.clone(),
                    table: None,
                    columns: output.columns,
                    nullable: false,
                })
            }
        };
        match relation {
            Some(mut relation) => {
                relation.nullable = nullable;
                scope.relations.push(relation);
            }
            None => scope.incomplete = true,
        }
    }

    /// Resolves a column reference through `scope` and the scopes enclosing it: the innermost
    /// scope that has the name wins, and within one scope the name must be unique.
    pub(super) fn column(&mut self, scope: &Scope<'_>, column: &mut ColumnRef) -> Ty {
        let mut level = Some(scope);
        while let Some(current) = level {
            let found: Vec<(usize, usize)> = match &column.table {
                Some(qualifier) => match current
                    .relations
                    .iter()
                    .position(|r| r.name.eq_ignore_ascii_case(&qualifier.name))
                {
                    Some(r) => match current.relations[r].column_index(&column.column.name) {
                        Some(c) => vec![(r, c)],
                        None => {
                            let relation = &current.relations[r];
                            let help = renamed_to(self.schema, relation.table, &column.column.name)
                                .map(|n| format!("; a migration renamed it to `{n}`"))
                                .or_else(|| {
                                    did_you_mean(&column.column.name, relation.column_names())
                                })
                                .unwrap_or_default();
                            let message = format!(
                                "no column `{}` in {}{help}",
                                column.column.name,
                                relation.describe(self.schema)
                            );
                            self.errors.at(column.column.span, message);
                            return Ty::UNKNOWN;
                        }
                    },
                    None => Vec::new(),
                },
                None => current
                    .relations
                    .iter()
                    .enumerate()
                    .filter_map(|(r, relation)| {
                        relation.column_index(&column.column.name).map(|c| (r, c))
                    })
                    .collect(),
            };
            match found.as_slice() {
                [] => level = current.parent,
                [(r, c)] => return self.resolved(&current.relations[*r], *c, column),
                many => {
                    let owners: Vec<String> = many
                        .iter()
                        .map(|(r, _)| current.relations[*r].name.clone())
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
                    return Ty::UNKNOWN;
                }
            }
        }
        match &column.table {
            Some(qualifier) => {
                let qualifier = qualifier.clone();
                self.unknown_relation(scope, &qualifier);
            }
            None => self.unknown_column(scope, &column.column),
        }
        Ty::UNKNOWN
    }

    fn resolved(&mut self, relation: &Relation, index: usize, column: &mut ColumnRef) -> Ty {
        let declared = &relation.columns[index];
        if let Some(name) = &declared.name {
            column.column.name.clone_from(name);
        }
        if let (Some(table), Some(qualifier)) = (relation.table, &column.table) {
            // The qualifier written (`user_account.name`, or an alias's `u.name`) names the
            // table: the editor leads from it to the table's declaration.
            self.references.push(Reference {
                table,
                column: None,
                span: qualifier.span,
            });
        }
        let qualifier_span = column.table.as_ref().map_or(column.column.span, |t| t.span);
        column.table = Some(Ident::new(relation.name.clone(), qualifier_span));
        if let (Some(_), Some((table, c))) = (relation.table, declared.origin) {
            self.references.push(Reference {
                table,
                column: Some(c),
                span: column.column.span,
            });
        }
        declared
            .ty
            .nullable(declared.ty.nullable || relation.nullable)
    }

    fn unknown_column(&mut self, scope: &Scope<'_>, name: &Ident) {
        if scope.is_incomplete() {
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
        let renamed = scope
            .relations
            .iter()
            .find_map(|r| renamed_to(self.schema, r.table, &name.name));
        if let Some(current) = renamed {
            self.errors.at(
                name.span,
                format!("no column `{}` in the tables of this query; a migration renamed it to `{current}`", name.name),
            );
            return;
        }
        let mut in_scope: Vec<&str> = Vec::new();
        let mut relations: Vec<String> = Vec::new();
        let mut level = Some(scope);
        while let Some(current) = level {
            for relation in &current.relations {
                in_scope.extend(relation.column_names());
                relations.push(relation.name.clone());
            }
            level = current.parent;
        }
        if let Some(help) = did_you_mean(&name.name, in_scope.iter().copied()) {
            self.errors.at(
                name.span,
                format!(
                    "no column `{}` in the tables of this query{help}",
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
        let message = if relations.is_empty() {
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
            let tables = if relations.len() == 1 {
                "table"
            } else {
                "tables"
            };
            format!(
                "no column `{}` in {tables} {}",
                name.name,
                one_of(&relations)
            )
        };
        self.errors.at(name.span, message);
    }

    pub(super) fn unknown_relation(&mut self, scope: &Scope<'_>, name: &Ident) {
        let mut bound: Vec<String> = Vec::new();
        let mut level = Some(scope);
        while let Some(current) = level {
            bound.extend(current.relations.iter().map(|r| r.name.clone()));
            level = current.parent;
        }
        let aliased = scope.relations.iter().find(|r| {
            r.table
                .and_then(|t| self.schema.tables.get(t))
                .is_some_and(|t| t.name.is(&name.name))
        });
        if scope.is_incomplete() && aliased.is_none() {
            return;
        }
        let message = if let Some(relation) = aliased {
            format!(
                "table `{}` is called `{}` in this query",
                name.name, relation.name
            )
        } else if self.schema.table(&name.name).is_some() {
            format!(
                "table `{}` is not in FROM; add it to FROM or JOIN it",
                name.name
            )
        } else if let Some(help) = did_you_mean(&name.name, bound.iter().map(String::as_str)) {
            format!("no table `{}` in this query{help}", name.name)
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

    /// Builds `left.key = right.fk` (or the reverse) from the one foreign key between the
    /// joined relation and those before it, following columns through subqueries and CTEs.
    pub(super) fn infer_join_condition(
        &mut self,
        scope: &Scope<'_>,
        left_count: usize,
        join_range: SpanRange,
    ) -> Option<Expr> {
        let right = &scope.relations[left_count];
        let mut candidates: Vec<Candidate> = Vec::new();
        for left in &scope.relations[..left_count] {
            for (from, to) in [(right, left), (left, right)] {
                self.foreign_keys_between(from, to, &mut candidates);
            }
        }
        match candidates.as_slice() {
            [candidate] => {
                let span = join_range.start;
                let column = |relation: &str, name: &str| Expr {
                    kind: ExprKind::Column(ColumnRef {
                        table: Some(Ident::new(relation, span)),
                        column: Ident::new(name, span),
                    }),
                    range: SpanRange::single(span),
                };
                let mut condition: Option<Expr> = None;
                for (referencing, referenced) in &candidate.pairs {
                    let equality = binary(
                        BinaryOp::Eq,
                        column(&candidate.to, referenced),
                        column(&candidate.from, referencing),
                        span,
                    );
                    condition = Some(match condition {
                        Some(previous) => binary(BinaryOp::And, previous, equality, span),
                        None => equality,
                    });
                }
                condition
            }
            [] => {
                let left_names: Vec<String> = scope.relations[..left_count]
                    .iter()
                    .map(|r| r.name.clone())
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
                let listed: Vec<String> = many.iter().map(Candidate::describe).collect();
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

    /// Foreign keys from a table behind `from`'s columns to one behind `to`'s.
    fn foreign_keys_between(
        &self,
        from: &Relation,
        to: &Relation,
        candidates: &mut Vec<Candidate>,
    ) {
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for column in &from.columns {
            let Some((table, _)) = column.origin else {
                continue;
            };
            for (k, fk) in self.schema.tables[table].foreign_keys.iter().enumerate() {
                if seen.contains(&(table, k)) {
                    continue;
                }
                seen.push((table, k));
                if let Some(pairs) = self.match_foreign_key(table, fk, from, to) {
                    candidates.push(Candidate {
                        from: from.name.clone(),
                        to: to.name.clone(),
                        pairs,
                    });
                }
            }
        }
    }

    /// The (referencing, referenced) column names of `fk` as `from` and `to` carry them.
    fn match_foreign_key(
        &self,
        table: usize,
        fk: &ForeignKey,
        from: &Relation,
        to: &Relation,
    ) -> Option<Vec<(String, String)>> {
        let target = self
            .schema
            .tables
            .iter()
            .position(|t| t.name.is(&fk.foreign_table.name))?;
        let mut pairs = Vec::new();
        for (&local, foreign) in fk.columns.iter().zip(&fk.foreign_columns) {
            let foreign = self.schema.tables[target].column_index(&foreign.name)?;
            let carried = |relation: &Relation, origin: (usize, usize)| {
                relation
                    .columns
                    .iter()
                    .find(|c| c.origin == Some(origin))
                    .and_then(|c| c.name.clone())
            };
            pairs.push((
                carried(from, (table, local))?,
                carried(to, (target, foreign))?,
            ));
        }
        Some(pairs)
    }
}

/// A foreign key that could give a join its ON.
struct Candidate {
    from: String,
    to: String,
    /// (column in `from`, column in `to`).
    pairs: Vec<(String, String)>,
}

impl Candidate {
    fn describe(&self) -> String {
        let from: Vec<String> = self
            .pairs
            .iter()
            .map(|(f, _)| format!("{}.{f}", self.from))
            .collect();
        let to: Vec<String> = self
            .pairs
            .iter()
            .map(|(_, t)| format!("{}.{t}", self.to))
            .collect();
        format!("{} -> {}", from.join(", "), to.join(", "))
    }
}

/// The current name of a column that a migration renamed from `old`, in schema table `table`.
pub(super) fn renamed_to<'s>(
    schema: &'s crate::model::Schema,
    table: Option<usize>,
    old: &str,
) -> Option<&'s str> {
    let table = schema.tables.get(table?)?;
    table
        .columns
        .iter()
        .find(|c| c.renamed_from.iter().any(|r| r.eq_ignore_ascii_case(old)))
        .map(|c| c.name.name.as_str())
}

pub(super) fn binary(op: BinaryOp, left: Expr, right: Expr, span: Span) -> Expr {
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
