//! The `schema!` grammar: the module, its tables, their columns and constraints, and column
//! types, read into the model of [`crate::model`].

use super::keyword::{eat, expect, expected, peek, peek_parens};
use super::parse_ident;
use crate::ast::{self, Ident};
use crate::dialect::Dialect;
use crate::errors::{did_you_mean, Errors};
use crate::model::{
    upper_camel, Column, EnumDecl, ForeignKey, Generated, ReferentialAction, Schema, Table,
};
use crate::types::{EnumType, SqlType, TYPE_NAMES};
use proc_macro2::Span;
use syn::parse::{Parse, ParseStream, Result};
use syn::{braced, parenthesized, Token};

impl Parse for Schema {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut attrs = Vec::new();
        let mut path = None;
        let mut migrations = None;
        for attr in input.call(syn::Attribute::parse_outer)? {
            if attr.path().is_ident("sqlmint") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("path") {
                        path = Some(meta.value()?.parse::<syn::Path>()?);
                        Ok(())
                    } else if meta.path.is_ident("migrations") {
                        migrations = Some(meta.value()?.parse::<syn::LitStr>()?);
                        Ok(())
                    } else {
                        Err(meta.error(
                            "expected `path = crate::path::to::module` or `migrations = \"dir or file.sql\"`",
                        ))
                    }
                })?;
            } else {
                attrs.push(attr);
            }
        }
        let vis: syn::Visibility = input.parse()?;
        input.parse::<Token![mod]>()?;
        let module: syn::Ident = input.parse()?;
        let content;
        braced!(content in input);
        // Only syntax stops the parse; every other mistake is collected, each at its token.
        let mut problems = Errors::new();
        // Where the generated Rust enums live, for columns of their types to name them.
        let module_path = match &path {
            Some(path) => quote::quote!(#path).to_string(),
            None => format!("crate::{module}"),
        };
        let mut enums = Vec::new();
        let mut tables = Vec::new();
        while !content.is_empty() {
            let item = content.fork();
            item.call(syn::Attribute::parse_outer)?;
            if item.peek(Token![enum]) {
                enums.push(parse_enum(&content, &module_path, &mut problems)?);
            } else {
                tables.push(parse_table(&content, &enums, &mut problems)?);
            }
        }
        let mut schema = Schema {
            attrs,
            path,
            migrations,
            vis,
            module,
            enums,
            tables,
        };
        if let Err(error) = schema.resolve_views() {
            problems.push(error);
        }
        if !problems.is_empty() {
            // The schema is refused; say everything else that is wrong with it too.
            if let Err(error) = schema.validate() {
                problems.push(error);
            }
            problems.finish()?;
        }
        Ok(schema)
    }
}

impl Parse for Table {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut problems = Errors::new();
        let table = parse_table(input, &[], &mut problems)?;
        problems.finish()?;
        Ok(table)
    }
}

/// One `table name { ... }` or `view name { SELECT ... }` (its columns left for
/// `Schema::resolve_views`); mistakes that are not syntax go to `problems`.
fn parse_table(input: ParseStream, enums: &[EnumDecl], problems: &mut Errors) -> Result<Table> {
    let attrs = input.call(syn::Attribute::parse_outer)?;
    let is_view = eat(input, "view").is_some();
    if !is_view && eat(input, "table").is_none() {
        return Err(expected(input, &["table", "view"]));
    }
    let name = parse_ident(input)?;
    let content;
    braced!(content in input);
    let mut table = Table {
        attrs,
        name,
        columns: Vec::new(),
        primary_key: Vec::new(),
        unique: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
        view: None,
    };
    if is_view {
        table.view = Some(content.parse()?);
        return Ok(table);
    }
    let mut deferred = Vec::new();
    while !content.is_empty() {
        let is_constraint = ["primary", "unique", "foreign", "check"]
            .iter()
            .any(|k| peek(&content, k))
            && !content.peek2(Token![:]);
        if is_constraint {
            deferred.push(parse_table_constraint(&content, problems)?);
        } else {
            parse_column(&content, &mut table, enums, problems)?;
        }
        if !content.is_empty() {
            content
                .parse::<Token![,]>()
                .map_err(|_| expected(&content, &["`,`"]))?;
        }
    }
    for constraint in deferred {
        table.apply(constraint, problems);
    }
    Ok(table)
}

/// `enum name { "label", ... }`, its Rust enum in `module_path`.
fn parse_enum(input: ParseStream, module_path: &str, problems: &mut Errors) -> Result<EnumDecl> {
    let attrs = input.call(syn::Attribute::parse_outer)?;
    input.parse::<Token![enum]>()?;
    let name = parse_ident(input)?;
    let content;
    let braces = braced!(content in input);
    let labels = content.parse_terminated(|i| i.parse::<syn::LitStr>(), Token![,])?;
    let mut seen: Vec<String> = Vec::new();
    for label in &labels {
        let variant = upper_camel(&label.value());
        if variant.is_empty() || variant.starts_with(|c: char| c.is_ascii_digit()) {
            problems.at(
                label.span(),
                format!(
                    "{:?} has no name a Rust enum variant can take",
                    label.value()
                ),
            );
        } else if seen.contains(&variant) {
            problems.at(
                label.span(),
                format!(
                    "{:?} is the same Rust variant `{variant}` as another label",
                    label.value()
                ),
            );
        }
        seen.push(variant);
    }
    if labels.is_empty() {
        problems.at(braces.span.join(), "an enum needs at least one label");
    }
    let ty = EnumType {
        name: name.name.clone(),
        labels: labels.iter().map(syn::LitStr::value).collect(),
        rust_path: format!("{module_path}::{}", upper_camel(&name.name)),
    }
    .intern();
    Ok(EnumDecl { attrs, name, ty })
}

/// A table-level constraint, applied once all columns are known.
enum TableConstraint {
    PrimaryKey(Vec<Ident>),
    Unique(Vec<Ident>),
    ForeignKey(Vec<Ident>, Ident, Vec<Ident>, ForeignKeyActions),
    Check(ast::Expr),
}

/// `ON DELETE action` and `ON UPDATE action` after a `REFERENCES`.
#[derive(Default)]
struct ForeignKeyActions {
    on_delete: Option<ReferentialAction>,
    on_update: Option<ReferentialAction>,
}

fn parse_actions(input: ParseStream) -> Result<ForeignKeyActions> {
    let mut actions = ForeignKeyActions::default();
    while eat(input, "on").is_some() {
        let slot = if eat(input, "delete").is_some() {
            &mut actions.on_delete
        } else {
            expect(input, "update")?;
            &mut actions.on_update
        };
        *slot = Some(if eat(input, "cascade").is_some() {
            ReferentialAction::Cascade
        } else if eat(input, "restrict").is_some() {
            ReferentialAction::Restrict
        } else if eat(input, "no").is_some() {
            expect(input, "action")?;
            ReferentialAction::NoAction
        } else if eat(input, "set").is_some() {
            if eat(input, "null").is_some() {
                ReferentialAction::SetNull
            } else {
                expect(input, "default")?;
                ReferentialAction::SetDefault
            }
        } else {
            return Err(expected(
                input,
                &[
                    "CASCADE",
                    "RESTRICT",
                    "NO ACTION",
                    "SET NULL",
                    "SET DEFAULT",
                ],
            ));
        });
    }
    Ok(actions)
}

/// `(condition)` of a CHECK.
fn parse_check(input: ParseStream) -> Result<ast::Expr> {
    if !peek_parens(input) {
        return Err(expected(input, &["`(` and the condition"]));
    }
    let content;
    parenthesized!(content in input);
    content.parse()
}

/// `(a, b, ...)`: at least one name, since `PRIMARY KEY ()` and its kin are invalid DDL.
fn parse_name_list(input: ParseStream, clause: &str, problems: &mut Errors) -> Result<Vec<Ident>> {
    if !peek_parens(input) {
        return Err(expected(input, &["`(`"]));
    }
    let content;
    let parens = parenthesized!(content in input);
    let names = content.parse_terminated(parse_ident, Token![,])?;
    if names.is_empty() {
        problems.at(
            parens.span.join(),
            format!("{clause} needs at least one column"),
        );
    }
    Ok(names.into_iter().collect())
}

fn parse_table_constraint(input: ParseStream, problems: &mut Errors) -> Result<TableConstraint> {
    if eat(input, "primary").is_some() {
        expect(input, "key")?;
        Ok(TableConstraint::PrimaryKey(parse_name_list(
            input,
            "PRIMARY KEY",
            problems,
        )?))
    } else if eat(input, "unique").is_some() {
        Ok(TableConstraint::Unique(parse_name_list(
            input, "UNIQUE", problems,
        )?))
    } else if eat(input, "check").is_some() {
        Ok(TableConstraint::Check(parse_check(input)?))
    } else {
        expect(input, "foreign")?;
        expect(input, "key")?;
        let columns = parse_name_list(input, "FOREIGN KEY", problems)?;
        expect(input, "references")?;
        let table = parse_ident(input)?;
        let foreign_columns = parse_name_list(input, "REFERENCES", problems)?;
        Ok(TableConstraint::ForeignKey(
            columns,
            table,
            foreign_columns,
            parse_actions(input)?,
        ))
    }
}

impl Table {
    /// The positions of the columns `names`; each unknown one is a problem, and left out.
    fn indexes(&self, names: &[Ident], problems: &mut Errors) -> Vec<usize> {
        let mut indexes = Vec::new();
        for name in names {
            match self.column_index(&name.name) {
                Some(index) => indexes.push(index),
                None => {
                    let help = did_you_mean(
                        &name.name,
                        self.columns.iter().map(|c| c.name.name.as_str()),
                    )
                    .unwrap_or_default();
                    problems.at(
                        name.span,
                        format!(
                            "no column `{}` in table `{}`{help}",
                            name.name, self.name.name
                        ),
                    );
                }
            }
        }
        indexes
    }

    fn apply(&mut self, constraint: TableConstraint, problems: &mut Errors) {
        match constraint {
            TableConstraint::PrimaryKey(names) => {
                if !self.primary_key.is_empty() {
                    let span = names.first().map_or_else(Span::call_site, |n| n.span);
                    problems.at(
                        span,
                        format!("table `{}` has two primary keys", self.name.name),
                    );
                    return;
                }
                self.primary_key = self.indexes(&names, problems);
                for &i in &self.primary_key {
                    self.columns[i].nullable = false;
                }
            }
            TableConstraint::Unique(names) => {
                let unique = self.indexes(&names, problems);
                self.unique.push(unique);
            }
            TableConstraint::ForeignKey(names, foreign_table, foreign_columns, actions) => {
                let columns = self.indexes(&names, problems);
                self.foreign_keys.push(ForeignKey {
                    columns,
                    foreign_table,
                    foreign_columns,
                    on_delete: actions.on_delete,
                    on_update: actions.on_update,
                });
            }
            TableConstraint::Check(condition) => self.checks.push(condition),
        }
    }
}

fn parse_column(
    input: ParseStream,
    table: &mut Table,
    enums: &[EnumDecl],
    problems: &mut Errors,
) -> Result<()> {
    let mut docs = Vec::new();
    let mut renamed_from = Vec::new();
    let mut generated = None;
    for attr in input.call(syn::Attribute::parse_outer)? {
        if attr.path().is_ident("sqlmint") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("renamed_from") {
                    renamed_from.push(meta.value()?.parse::<syn::LitStr>()?.value());
                    Ok(())
                } else if meta.path.is_ident("generated") || meta.path.is_ident("generated_always") {
                    let mut by = [false; Dialect::COUNT];
                    // `generated()` is allowed: a key no database fills.
                    let content;
                    parenthesized!(content in meta.input);
                    let names = content.parse_terminated(syn::Ident::parse, Token![,])?;
                    for name in names {
                        let known = Dialect::ALL
                            .into_iter()
                            .find(|d| name == d.marker_name().to_ascii_lowercase());
                        match known {
                            Some(d) => by[d.index()] = true,
                            None => {
                                return Err(syn::Error::new(
                                    name.span(),
                                    "expected `sqlite`, `postgres` or `mysql`",
                                ))
                            }
                        }
                    }
                    let always = meta.path.is_ident("generated_always");
                    generated = Some(Generated { by, always });
                    Ok(())
                } else {
                    Err(meta.error(
                        "expected `renamed_from = \"old_name\"`, `generated(dialects)` or `generated_always(dialects)`",
                    ))
                }
            })?;
        } else {
            docs.push(attr);
        }
    }
    let name = parse_ident(input)?;
    input
        .parse::<Token![:]>()
        .map_err(|_| expected(input, &["`:` and the column's type"]))?;
    let enumeration = input.fork().call(parse_ident).ok().and_then(|name| {
        enums
            .iter()
            .find(|e| e.name.is(&name.name))
            .map(|e| (e.ty, name.span))
    });
    let (ty, ty_span) = match enumeration {
        Some((enumeration, span)) => {
            parse_ident(input)?;
            (SqlType::Enum(enumeration), span)
        }
        None => parse_type(input)?,
    };
    let index = table.columns.len();
    let mut column = Column {
        docs,
        name,
        ty,
        ty_span,
        nullable: true,
        autoincrement: false,
        default: None,
        generated,
        renamed_from,
    };
    loop {
        if eat(input, "not").is_some() {
            expect(input, "null")?;
            column.nullable = false;
        } else if eat(input, "null").is_some() {
            column.nullable = true;
        } else if let Some(span) = eat(input, "primary") {
            expect(input, "key")?;
            if table.primary_key.is_empty() {
                table.primary_key = vec![index];
            } else {
                problems.at(
                    span,
                    format!("table `{}` has two primary keys", table.name.name),
                );
            }
            column.nullable = false;
        } else if let Some(span) = eat(input, "autoincrement") {
            if table.primary_key == [index] && column.ty.is_integer() {
                column.autoincrement = true;
            } else {
                problems.at(
                    span,
                    "AUTOINCREMENT goes after PRIMARY KEY on an integer column",
                );
            }
        } else if eat(input, "unique").is_some() {
            table.unique.push(vec![index]);
        } else if eat(input, "default").is_some() {
            column.default = Some(parse_default(input)?);
        } else if eat(input, "check").is_some() {
            table.checks.push(parse_check(input)?);
        } else if eat(input, "references").is_some() {
            let foreign_table = parse_ident(input)?;
            let foreign_columns = parse_name_list(input, "REFERENCES", problems)?;
            let actions = parse_actions(input)?;
            table.foreign_keys.push(ForeignKey {
                columns: vec![index],
                foreign_table,
                foreign_columns,
                on_delete: actions.on_delete,
                on_update: actions.on_update,
            });
        } else if input.is_empty() || input.peek(Token![,]) {
            break;
        } else {
            return Err(expected(
                input,
                &[
                    "NOT NULL",
                    "NULL",
                    "PRIMARY KEY",
                    "UNIQUE",
                    "DEFAULT",
                    "CHECK",
                    "REFERENCES",
                    "`,`",
                ],
            ));
        }
    }
    table.columns.push(column);
    Ok(())
}

/// A column type: `INTEGER`, `VARCHAR(30)`, `NUMERIC(10, 2)`, ...
pub(crate) fn parse_type(input: ParseStream) -> Result<(SqlType, Span)> {
    let name = parse_ident(input)?;
    let Some(mut ty) = SqlType::from_name(&name.name) else {
        let help = did_you_mean(&name.name, TYPE_NAMES.iter().copied())
            .unwrap_or_else(|| format!("; expected one of {}", TYPE_NAMES.join(", ")));
        return Err(syn::Error::new(
            name.span,
            format!("unknown SQL type `{}`{help}", name.name),
        ));
    };
    if matches!(ty, SqlType::Double) && name.is("double") {
        eat(input, "precision");
    }
    if peek_parens(input) {
        let content;
        let parens = parenthesized!(content in input);
        let numbers = content.parse_terminated(
            |i| i.parse::<syn::LitInt>()?.base10_parse::<u32>(),
            Token![,],
        )?;
        let numbers: Vec<u32> = numbers.into_iter().collect();
        ty = match (ty, numbers.as_slice()) {
            (SqlType::Varchar(_), [n]) => SqlType::Varchar(Some(*n)),
            (SqlType::Numeric(_), [p]) => SqlType::Numeric(Some((*p, 0))),
            (SqlType::Numeric(_), [p, s]) => SqlType::Numeric(Some((*p, *s))),
            // MySQL's display width (`INT(11)`): how a client pads it, not what it holds.
            (ty, [_]) if ty.is_integer() => ty,
            _ => {
                return Err(syn::Error::new(
                    parens.span.join(),
                    format!("`{}` takes no such arguments; VARCHAR takes (length), NUMERIC takes (precision, scale)", name.name),
                ))
            }
        };
    }
    if let Some(unsigned) = eat(input, "unsigned") {
        ty = ty.unsigned().ok_or_else(|| {
            syn::Error::new(
                unsigned,
                format!(
                    "`{}` has no UNSIGNED form; INTEGER UNSIGNED (a `u32`) and BIGINT UNSIGNED \
                     (a `u64`) do",
                    name.name
                ),
            )
        })?;
    }
    if input.peek(syn::token::Bracket) {
        let content;
        let brackets = syn::bracketed!(content in input);
        if !content.is_empty() {
            return Err(content.error("an array type is written `TYPE[]`, with no length"));
        }
        ty = match crate::types::ArrayElement::of(ty) {
            Some(element) => SqlType::Array(element),
            None => {
                return Err(syn::Error::new(
                    brackets.span.join(),
                    format!("arrays of {} are not supported", ty.display()),
                ))
            }
        };
    }
    Ok((ty, name.span))
}

/// A DEFAULT: a literal, a negative number, CURRENT_DATE / CURRENT_TIMESTAMP, a function
/// call (`now()`), or any expression in parentheses; what is more than a constant is checked
/// and rendered per dialect as a query's expression would be (`Schema::validate`).
fn parse_default(input: ParseStream) -> Result<ast::Expr> {
    let negative = input.peek(Token![-]);
    if negative {
        input.parse::<Token![-]>()?;
    }
    let span = input.span();
    let kind = if input.peek(syn::Lit) {
        match input.parse::<syn::Lit>()? {
            syn::Lit::Str(s) => ast::Literal::String(s.value()),
            syn::Lit::Int(i) => ast::Literal::Integer(format!(
                "{}{}",
                if negative { "-" } else { "" },
                i.base10_digits()
            )),
            syn::Lit::Float(f) => ast::Literal::Float(format!(
                "{}{}",
                if negative { "-" } else { "" },
                f.base10_digits()
            )),
            syn::Lit::Bool(b) => ast::Literal::Boolean(b.value),
            _ => {
                return Err(syn::Error::new(
                    span,
                    "expected a number, a string, TRUE, FALSE or NULL",
                ))
            }
        }
    } else if eat(input, "null").is_some() {
        ast::Literal::Null
    } else if eat(input, "true").is_some() {
        ast::Literal::Boolean(true)
    } else if eat(input, "false").is_some() {
        ast::Literal::Boolean(false)
    } else if input.peek(syn::Ident) && input.peek2(syn::token::Paren) {
        // A function call: `now()`, `gen_random_uuid()`, `lower("X")`.
        let name: proc_macro2::TokenTree = input.parse()?;
        let arguments: proc_macro2::TokenTree = input.parse()?;
        return syn::parse2(quote::quote!(#name #arguments));
    } else if peek_parens(input) {
        // Any expression, in parentheses as SQLite requires of one: `(1 + 2)`.
        let content;
        parenthesized!(content in input);
        return content.parse();
    } else if peek(input, "current_timestamp") || peek(input, "current_date") {
        let ident = parse_ident(input)?;
        return Ok(ast::Expr {
            kind: ast::ExprKind::Column(ast::ColumnRef {
                table: None,
                column: Ident::new(ident.name.to_ascii_uppercase(), ident.span),
            }),
            range: crate::errors::SpanRange::single(span),
        });
    } else {
        return Err(expected(
            input,
            &[
                "a number",
                "a string",
                "TRUE",
                "FALSE",
                "NULL",
                "CURRENT_TIMESTAMP",
                "a function call",
                "`(` and an expression",
            ],
        ));
    };
    Ok(ast::Expr {
        kind: ast::ExprKind::Literal(kind),
        range: crate::errors::SpanRange::single(span),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const TUTORIAL: &str = r#"
        pub mod db {
            /// Users.
            table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30), fullname: VARCHAR(200) }
            table address {
                id: INTEGER PRIMARY KEY,
                user_id: INTEGER NOT NULL REFERENCES user_account(id),
                email_address: VARCHAR(200) NOT NULL,
            }
        }
    "#;

    #[test]
    fn parses_the_tutorial_schema() {
        let schema: Schema = syn::parse_str(TUTORIAL).unwrap();
        schema.validate().unwrap();
        let address = schema.table("address").unwrap();
        assert_eq!(address.primary_key, [0]);
        assert!(!address.columns[1].nullable);
        assert_eq!(address.foreign_keys[0].foreign_table.name, "user_account");
        assert_eq!(
            schema.table("user_account").unwrap().columns[1].ty,
            SqlType::Varchar(Some(30))
        );
        assert!(address.may_omit(0) && !address.may_omit(1));
    }

    #[test]
    fn reports_every_table_mistake_at_once() {
        let error = syn::parse_str::<Schema>(
            "mod m {
                table a { id: INTEGER PRIMARY KEY, b: INTEGER PRIMARY KEY }
                table c { id: TEXT AUTOINCREMENT, PRIMARY KEY (nope), UNIQUE (idd) }
                table d { x: INTEGER REFERENCES a (idd), PRIMARY KEY (x), PRIMARY KEY (x) }
            }",
        )
        .unwrap_err();
        let messages: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(
            messages,
            [
                "table `a` has two primary keys",
                "AUTOINCREMENT goes after PRIMARY KEY on an integer column",
                "no column `nope` in table `c`",
                "no column `idd` in table `c`; did you mean `id`?",
                "table `d` has two primary keys",
                "no column `idd` in table `a`; did you mean `id`?",
            ]
        );
    }

    #[test]
    fn parses_composite_keys_and_defaults() {
        let schema: Schema = syn::parse_str(
            r#"mod m {
                table a { x: INTEGER, y: TEXT, n: NUMERIC(10, 2) DEFAULT 0 NOT NULL, PRIMARY KEY (x, y) }
                table b { x: INTEGER, y: TEXT, FOREIGN KEY (x, y) REFERENCES a (x, y), UNIQUE (x) }
            }"#,
        )
        .unwrap();
        schema.validate().unwrap();
        let a = schema.table("a").unwrap();
        assert_eq!(a.primary_key, [0, 1]);
        assert!(!a.columns[0].nullable && a.columns[2].default.is_some());
        assert_eq!(schema.table("b").unwrap().foreign_keys[0].columns, [0, 1]);
    }

    #[test]
    fn reports_every_schema_mistake() {
        let schema: Schema = syn::parse_str(
            r#"mod m {
                table a { id: INTEGER, id: TEXT, b_id: INTEGER REFERENCES bb(id) }
                table b { id: INTEGER }
            }"#,
        )
        .unwrap();
        let messages: Vec<String> = schema
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            messages,
            [
                "column `id` is declared twice in table `a`",
                "no table `bb` in this schema; did you mean `b`?"
            ]
        );
    }

    /// Finding 14: `PRIMARY KEY ()` panicked the macro; empty UNIQUE and FOREIGN KEY lists
    /// rendered invalid DDL.
    #[test]
    fn empty_key_lists_are_errors() {
        for (table, message) in [
            (
                "table t { id: INTEGER PRIMARY KEY, x: INTEGER, PRIMARY KEY () }",
                "PRIMARY KEY needs at least one column",
            ),
            (
                "table t { x: INTEGER, UNIQUE () }",
                "UNIQUE needs at least one column",
            ),
            (
                "table t { x: INTEGER, FOREIGN KEY () REFERENCES t () }",
                "FOREIGN KEY needs at least one column",
            ),
            (
                "table t { x: INTEGER, FOREIGN KEY (x) REFERENCES t () }",
                "REFERENCES needs at least one column",
            ),
            (
                "table t { x: INTEGER REFERENCES t () }",
                "REFERENCES needs at least one column",
            ),
        ] {
            let error = syn::parse_str::<Schema>(&format!("mod m {{ {table} }}"))
                .err()
                .unwrap_or_else(|| panic!("accepted: {table}"));
            assert_eq!(error.to_string(), message, "{table}");
        }
    }

    #[test]
    fn unknown_types_suggest_a_name() {
        let error = syn::parse_str::<Schema>("mod m { table a { id: INTEGR } }").unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown SQL type `INTEGR`; did you mean `INTEGER`?"
        );
    }
}
