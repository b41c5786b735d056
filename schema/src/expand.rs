//! Code generation for `schema!` and `query!`: token streams in, token streams out, so the
//! proc-macro crate only forwards and tests can snapshot the expansion.

use crate::analyze::{analyze, Analysis, OutputColumn};
use crate::ast::{ParamKind, Statement};
use crate::description::describe;
use crate::dialect::Dialect;
use crate::model::{Schema, Table};
use crate::render::{self, render_typed};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;

/// How deeply brackets may nest in a schema: the SQL's own limit, plus the few levels the
/// module and tables add. A deeper schema is refused before any of it reaches syn.
const INPUT_NESTING: usize = crate::parse::MAX_NESTING + 8;

/// Expands `schema! { ... }`, reading migrations relative to the crate's manifest directory.
pub fn expand_schema(input: TokenStream) -> TokenStream {
    let base = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    expand_schema_in(input, &base)
}

/// Expands `schema! { ... }`; `#[sqlmint(migrations = "...")]` is read relative to `base`
/// (the macros crate passes the directory of the file holding the invocation, as
/// `include_str!` does).
pub fn expand_schema_in(input: TokenStream, base: &std::path::Path) -> TokenStream {
    crate::stack::expansion(|| expand_schema_here(input, base))
}

fn expand_schema_here(input: TokenStream, base: &std::path::Path) -> TokenStream {
    if let Some(span) = crate::stack::group_deeper_than(input.clone(), INPUT_NESTING) {
        return crate::stack::too_deep(span, INPUT_NESTING);
    }
    let (input, tracked) = match from_migrations(input, base) {
        Ok(found) => found,
        Err(error) => return error.into_compile_error(),
    };
    let schema: Schema = match syn::parse2(input.clone()) {
        Ok(schema) => schema,
        Err(error) => {
            let errors = error.into_compile_error();
            let stub = syn::parse2::<ModuleHeader>(input)
                .map_or_else(|_| TokenStream::new(), |header| stub_module(&header));
            return quote!(#errors #stub);
        }
    };
    // A schema with a bad reference still generates its module, so each query against it is
    // checked and the user sees the schema's own errors rather than a cascade of unknown names.
    let errors = schema.validate().err().map(syn::Error::into_compile_error);
    let module = generate_module(&schema.without_duplicates(), &input, &tracked);
    quote!(#errors #module)
}

/// The schema a `schema!` input declares, its tables read from migrations (relative to
/// `base`) when it names them: what the `sqlmint` command compares a database with.
pub fn resolve_schema(input: TokenStream, base: &std::path::Path) -> syn::Result<Schema> {
    let (tokens, _) = from_migrations(input, base)?;
    syn::parse2(tokens)
}

/// For a schema declared by migrations, the same schema as tokens (so `query!` never reads
/// files) and the files read; other input passes through.
fn from_migrations(
    input: TokenStream,
    base: &std::path::Path,
) -> syn::Result<(TokenStream, Vec<String>)> {
    let Ok(header) = syn::parse2::<Schema>(input.clone()) else {
        return Ok((input, Vec::new()));
    };
    let Some(location) = &header.migrations else {
        return Ok((input, Vec::new()));
    };
    if !header.tables.is_empty() {
        return Err(syn::Error::new(
            location.span(),
            "declare the tables either in the module or in migrations, not both",
        ));
    }
    let path = base.join(location.value());
    let (tables, files) = crate::migrations::read(&path).map_err(|message| {
        // Paths as the user wrote them, relative to the invoking file.
        let message = message.replace(&format!("{}/", base.display()), "");
        syn::Error::new(location.span(), message)
    })?;
    let tables: TokenStream = tables.parse().map_err(|e| {
        syn::Error::new(
            location.span(),
            format!("the migrations produced unreadable tables: {e}"),
        )
    })?;
    let Schema {
        attrs,
        vis,
        module,
        path: module_path,
        ..
    } = header;
    let module_path = module_path.map(|p| quote!(#[sqlmint(path = #p)]));
    let rebuilt = quote! {
        #(#attrs)*
        #module_path
        #vis mod #module { #tables }
    };
    let tracked = files.iter().map(|f| f.display().to_string()).collect();
    Ok((rebuilt, tracked))
}

fn generate_module(schema: &Schema, input: &TokenStream, tracked: &[String]) -> TokenStream {
    let Schema {
        attrs, vis, module, ..
    } = schema;
    let tables = schema.tables.iter().map(generate_table);
    let ddl = |f: fn(&Schema, Dialect) -> String| {
        let texts = Dialect::ALL.map(|d| f(schema, d));
        quote!([#(#texts),*])
    };
    let create_all = ddl(render::create_all);
    let drop_all = ddl(render::drop_all);
    let schema_info = schema_info(schema);
    let forwarder = format_ident!(
        "__sqlmint_query_{}_{:016x}",
        module,
        fnv1a(&input.to_string())
    );
    let module_path = module_path(schema);

    quote! {
        #(#attrs)*
        #[allow(non_camel_case_types, non_snake_case, dead_code)]
        #vis mod #module {
            #(#tables)*

            // Reading each migration here makes cargo rebuild when one changes.
            #(const _: &str = ::core::include_str!(#tracked);)*

            /// `CREATE TABLE IF NOT EXISTS` for every table, per dialect (SQLite, PostgreSQL,
            /// MySQL), referenced tables first.
            pub const CREATE_ALL: ::sqlmint::__private::PerDialect<&'static str> = #create_all;

            /// `DROP TABLE IF EXISTS` for every table, per dialect, referencing tables first.
            pub const DROP_ALL: ::sqlmint::__private::PerDialect<&'static str> = #drop_all;

            /// Creates every table of the schema that does not exist yet.
            pub fn create_all<E: ::sqlmint::Executor + ?::core::marker::Sized>(
                executor: &E,
            ) -> ::core::result::Result<(), ::sqlmint::Error> {
                executor.execute_batch(::sqlmint::__private::for_dialect::<E::Dialect, _>(&CREATE_ALL))
            }

            /// The schema as declared, for [`verify`].
            pub const SCHEMA: ::sqlmint::verify::SchemaInfo = #schema_info;

            /// Compares the declared schema with the live database's tables: every missing or
            /// extra table and column, type and nullability difference, and missing foreign key.
            pub fn verify<E: ::sqlmint::verify::Inspect + ?::core::marker::Sized>(
                executor: &E,
            ) -> ::core::result::Result<::sqlmint::verify::Report, ::sqlmint::Error> {
                ::sqlmint::verify::verify(executor, &SCHEMA)
            }

            /// Drops every table of the schema.
            pub fn drop_all<E: ::sqlmint::Executor + ?::core::marker::Sized>(
                executor: &E,
            ) -> ::core::result::Result<(), ::sqlmint::Error> {
                executor.execute_batch(::sqlmint::__private::for_dialect::<E::Dialect, _>(&DROP_ALL))
            }

            #[doc(hidden)]
            #[macro_export]
            macro_rules! #forwarder {
                ($($sql:tt)*) => {
                    ::sqlmint::__private::query! { [#input] [#module_path] $($sql)* }
                };
            }

            /// Checks a SQL statement against this schema at compile time and evaluates to a
            /// statement with its SQL fixed per dialect, typed parameters and a typed row.
            /// See [`sqlmint::schema!`](::sqlmint::schema) for the syntax.
            #[doc(inline)]
            pub use #forwarder as query;
        }
    }
}

/// The `pub mod name` of a schema whose tables did not parse.
struct ModuleHeader {
    attrs: Vec<syn::Attribute>,
    vis: syn::Visibility,
    module: Ident,
}

impl Parse for ModuleHeader {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis = input.parse()?;
        input.parse::<syn::Token![mod]>()?;
        let module = input.parse()?;
        input.parse::<TokenStream>()?;
        Ok(ModuleHeader { attrs, vis, module })
    }
}

/// A module with the schema's API but no tables, so that a syntax error in `schema!` is the
/// only error, not one more for every use of the module.
fn stub_module(header: &ModuleHeader) -> TokenStream {
    let ModuleHeader { attrs, vis, module } = header;
    let attrs = attrs.iter().filter(|a| !a.path().is_ident("sqlmint"));
    let forwarder = format_ident!("__sqlmint_invalid_query_{}", module);
    quote! {
        #(#attrs)*
        #vis mod #module {
            #[doc(hidden)]
            #[macro_export]
            macro_rules! #forwarder {
                ($($sql:tt)*) => { ::sqlmint::__private::Invalid };
            }
            #[doc(hidden)]
            pub use #forwarder as query;
            #[doc(hidden)]
            pub fn create_all<E: ?::core::marker::Sized>(_: &E) -> ::core::result::Result<(), ::sqlmint::Error> {
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// `db::SCHEMA`: [`describe`]'s description as a `const`, every text borrowed.
fn schema_info(schema: &Schema) -> TokenStream {
    let borrowed = |text: &str| quote!(::std::borrow::Cow::Borrowed(#text));
    let borrowed_list = |texts: &[std::borrow::Cow<'static, str>]| {
        let texts = texts.iter().map(|text| borrowed(text));
        quote!(::std::borrow::Cow::Borrowed(&[#(#texts),*]))
    };
    let description = describe(schema);
    let tables = description.tables.iter().map(|table| {
        let name = borrowed(&table.name);
        let columns = table.columns.iter().map(|column| {
            let column_name = borrowed(&column.name);
            let types = column.catalog_types.iter().map(|ty| borrowed(ty));
            let declared = borrowed(&column.declared_type);
            let nullable = column.nullable;
            quote! {
                ::sqlmint::verify::ColumnInfo {
                    name: #column_name,
                    catalog_types: [#(#types),*],
                    declared_type: #declared,
                    nullable: #nullable,
                }
            }
        });
        let foreign_keys = table.foreign_keys.iter().map(|fk| {
            let columns = borrowed_list(&fk.columns);
            let target = borrowed(&fk.table);
            let references = borrowed_list(&fk.references);
            quote! {
                ::sqlmint::verify::ForeignKeyInfo {
                    columns: #columns,
                    table: #target,
                    references: #references,
                }
            }
        });
        quote! {
            ::sqlmint::verify::TableInfo {
                name: #name,
                columns: ::std::borrow::Cow::Borrowed(&[#(#columns),*]),
                foreign_keys: ::std::borrow::Cow::Borrowed(&[#(#foreign_keys),*]),
            }
        }
    });
    quote!(::sqlmint::verify::SchemaInfo { tables: ::std::borrow::Cow::Borrowed(&[#(#tables),*]) })
}

/// `$crate::module`, or `$crate::` + the path given with `#[sqlmint(path = crate::...)]`.
fn module_path(schema: &Schema) -> TokenStream {
    let dollar_crate = quote!($crate);
    match &schema.path {
        Some(path) => {
            let mut segments = path.segments.iter();
            let first = segments.next();
            let rest: Vec<_> = segments.collect();
            match first {
                Some(first) if first.ident == "crate" => quote!(#dollar_crate #(:: #rest)*),
                _ => quote!(#dollar_crate :: #path),
            }
        }
        None => {
            let module = &schema.module;
            quote!(#dollar_crate :: #module)
        }
    }
}

fn generate_table(table: &Table) -> TokenStream {
    let docs = &table.docs;
    let module = rust_ident(&table.name.name, table.name.span);
    let sql_name = &table.name.name;
    let column_names: Vec<&str> = table.columns.iter().map(|c| c.name.name.as_str()).collect();
    let key_names: Vec<&str> = table.primary_key.iter().map(|&i| column_names[i]).collect();
    let table_struct = Ident::new("table", table.name.span);
    let columns = table.columns.iter().enumerate().map(|(index, column)| {
        let docs = &column.docs;
        let name = rust_ident(&column.name.name, column.name.span);
        let sql_name = &column.name.name;
        let marker = column.ty.marker();
        let nullable = column.nullable;
        let primary_key = table.in_primary_key(index);
        let declared = format!(
            "`{}.{}`: {}{}",
            table.name.name,
            sql_name,
            column.ty.display(),
            if nullable { "" } else { " NOT NULL" }
        );
        quote! {
            #(#docs)*
            #[doc = #declared]
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
            pub struct #name;

            impl ::sqlmint::Column for #name {
                type Table = #table_struct;
                type SqlType = #marker;
                const NAME: &'static str = #sql_name;
                const NULLABLE: bool = #nullable;
                const PRIMARY_KEY: bool = #primary_key;
            }
        }
    });
    let row = row_struct_name(table);
    let fields: Vec<OutputColumn> = table
        .columns
        .iter()
        .map(|c| OutputColumn {
            name: c.name.name.clone(),
            ty: c.ty,
            nullable: c.nullable,
        })
        .collect();
    let row_doc = format!("A row of `{}`, in declared column order.", table.name.name);
    let row_struct = generate_row_struct(&row, &fields, &row_doc);
    let table_doc = format!("The `{}` table and its columns.", table.name.name);
    quote! {
        #(#docs)*
        #[doc = #table_doc]
        pub mod #module {
            #[doc = #table_doc]
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
            pub struct #table_struct;

            impl ::sqlmint::Table for #table_struct {
                const NAME: &'static str = #sql_name;
                const COLUMNS: &'static [&'static str] = &[#(#column_names),*];
                const PRIMARY_KEY: &'static [&'static str] = &[#(#key_names),*];
            }

            #(#columns)*
        }

        #row_struct
    }
}

/// `user_account` → `UserAccount`; a table already in CamelCase gets `Row` appended so the
/// struct does not clash with the table's module.
fn row_struct_name(table: &Table) -> Ident {
    let camel: String = table
        .name
        .name
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    let name = if camel == table.name.name || camel.is_empty() {
        format!("{camel}Row")
    } else {
        camel
    };
    Ident::new(&name, table.name.span)
}

fn generate_row_struct(name: &Ident, columns: &[OutputColumn], doc: &str) -> TokenStream {
    let field_names: Vec<Ident> = columns
        .iter()
        .map(|c| rust_ident(&c.name, Span::call_site()))
        .collect();
    let field_types = columns.iter().map(|c| {
        let ty = c.ty.rust_type();
        if c.nullable {
            quote!(::core::option::Option<#ty>)
        } else {
            ty
        }
    });
    let reads = columns.iter().enumerate().map(|(index, column)| {
        let marker = column.ty.marker();
        let label = &column.name;
        quote!(::sqlmint::__private::decode_column::<#marker, _, R>(row, #index, #label)?)
    });
    let count = columns.len();
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(non_snake_case)]
        pub struct #name {
            #(pub #field_names: #field_types,)*
        }

        impl ::sqlmint::FromRow for #name {
            const COLUMNS: usize = #count;

            fn from_row<R: ::sqlmint::__private::RowSource + ?::core::marker::Sized>(
                row: &R,
            ) -> ::core::result::Result<Self, ::sqlmint::Error> {
                ::core::result::Result::Ok(Self {
                    #(#field_names: #reads,)*
                })
            }
        }
    }
}

/// A Rust identifier for a SQL name: raw where the name is a Rust keyword.
fn rust_ident(name: &str, span: Span) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, span)
    } else if matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        Ident::new(&format!("{name}_"), span)
    } else {
        Ident::new_raw(name, span)
    }
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the schema's forwarding macro hands to `query!`: `[schema tokens] [module path] sql`.
struct QueryInput {
    schema: Schema,
    module_path: TokenStream,
    sql: TokenStream,
}

impl Parse for QueryInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let schema_group;
        syn::bracketed!(schema_group in input);
        let schema = schema_group.parse()?;
        let path_group;
        syn::bracketed!(path_group in input);
        let module_path = path_group.parse()?;
        let sql = input.parse()?;
        Ok(QueryInput {
            schema,
            module_path,
            sql,
        })
    }
}

/// Expands `query!(...)` as forwarded by a schema's `query!` macro.
pub fn expand_query(input: TokenStream) -> TokenStream {
    crate::stack::expansion(|| expand_query_here(input))
}

fn expand_query_here(input: TokenStream) -> TokenStream {
    // The forwarded schema, as `schema!` checks its own; the SQL after it has the parser's
    // nesting limit, with its own message.
    if let Some(proc_macro2::TokenTree::Group(schema)) = input.clone().into_iter().next() {
        if let Some(span) = crate::stack::group_deeper_than(schema.stream(), INPUT_NESTING) {
            return crate::stack::too_deep(span, INPUT_NESTING);
        }
    }
    let input: QueryInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.into_compile_error(),
    };
    let sql_span = input
        .sql
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span());
    let last_span = input
        .sql
        .clone()
        .into_iter()
        .last()
        .map_or(sql_span, |t| t.span());
    let mut sql = input.sql;
    sql.extend([proc_macro2::TokenTree::Ident(Ident::new(
        crate::parse::keyword::END,
        last_span,
    ))]);
    let result = syn::parse2::<Statement>(sql).and_then(|mut statement| {
        let analysis = analyze(&input.schema, &mut statement)?;
        Ok(generate_statement(
            &input.schema,
            &input.module_path,
            &statement,
            &analysis,
            sql_span,
        ))
    });
    match result {
        Ok(tokens) => tokens,
        Err(error) => {
            // A stand-in statement keeps the user's code after the macro type-checking, so
            // the only errors are the SQL's own.
            let errors = error.into_compile_error();
            quote_spanned!(sql_span=> { #errors ::sqlmint::__private::Invalid })
        }
    }
}

fn generate_statement(
    schema: &Schema,
    module_path: &TokenStream,
    statement: &Statement,
    analysis: &Analysis,
    sql_span: Span,
) -> TokenStream {
    let rendered = Dialect::ALL.map(|dialect| render_typed(statement, dialect, &analysis.params));
    let names = references(schema, module_path, analysis);

    let (row_type, row_items) = if let Some(table) = analysis.table_row {
        let row = row_struct_name(&schema.tables[table]);
        (quote!(#module_path :: #row), TokenStream::new())
    } else if analysis.columns.is_empty() {
        (quote!(()), TokenStream::new())
    } else {
        let row = Ident::new("Row", Span::call_site());
        let doc = "A result row of the statement.";
        (
            quote!(#row),
            generate_row_struct(&row, &analysis.columns, doc),
        )
    };

    let slots = analysis.params.len();
    let generics: Vec<Ident> = (0..slots).map(|i| format_ident!("P{}", i)).collect();
    let markers: Vec<TokenStream> = analysis
        .params
        .iter()
        .map(|param| {
            let marker = param.ty.marker();
            if param.list {
                quote!(::sqlmint::sql_types::List<#marker>)
            } else if param.nullable {
                quote!(::sqlmint::sql_types::Nullable<#marker>)
            } else {
                marker
            }
        })
        .collect();
    let bounds = quote!(#(#generics: ::sqlmint::Encode<#markers>,)*);
    let indexes = (0..slots).map(syn::Index::from);
    let slot_numbers = 0..slots;
    let statement_struct = if slots == 0 {
        quote!(
            pub struct Statement;
        )
    } else {
        quote!(pub struct Statement<#(#generics),*>(#(#generics),*);)
    };
    let sqlite_doc = format!("```sql\n{}\n```", rendered[0].sql);
    // One impl for every dialect: the SQL is picked by the dialect's index at compile time.
    // A construct some dialect lacks becomes a bound (`D: Supports<FULL_OUTER_JOIN>`), so
    // running the statement there is a compile error naming the construct.
    let sqls = rendered.iter().map(|r| &r.sql);
    let mysql_slots = &rendered[2].positional_slots;
    let mut constructs: Vec<crate::analyze::Construct> = Vec::new();
    for (construct, _) in &analysis.constructs {
        if !constructs.contains(construct) {
            constructs.push(*construct);
        }
    }
    let supports = constructs.iter().map(|construct| {
        let marker = Ident::new(construct.marker_name(), Span::call_site());
        let span = analysis
            .constructs
            .iter()
            .find(|(c, _)| c == construct)
            .map_or_else(Span::call_site, |(_, s)| *s);
        quote_spanned!(span=> __D: ::sqlmint::constructs::Supports<::sqlmint::constructs::#marker>,)
    });
    let sql_impls = quote_spanned! {sql_span=>
        impl<__D: ::sqlmint::Dialect, #(#generics),*> ::sqlmint::SqlFor<__D> for Statement<#(#generics),*>
        where
            #bounds
            #(#supports)*
        {
            const SQL: &'static str = [#(#sqls),*][<__D as ::sqlmint::Dialect>::INDEX];
            const PLACEHOLDER_SLOTS: &'static [usize] = {
                const SLOTS: [&[usize]; 3] = [&[], &[], &[#(#mysql_slots),*]];
                SLOTS[<__D as ::sqlmint::Dialect>::INDEX]
            };
        }
    };

    let items = quote! {
        #row_items

        #[doc = #sqlite_doc]
        #[derive(Clone, Copy)]
        #statement_struct

        impl<#(#generics),*> ::sqlmint::Query for Statement<#(#generics),*> where #bounds {
            type Row = #row_type;

            fn bind<'__q>(&'__q self, binder: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                #(binder.bind(#slot_numbers, ::sqlmint::Encode::<#markers>::to_value(&self.#indexes))?;)*
                ::core::result::Result::Ok(())
            }
        }

        #sql_impls
    };

    // `{expr}` values are checked where they are written, against the SQL type they meet.
    let inline: Vec<(usize, TokenStream)> = analysis
        .params
        .iter()
        .enumerate()
        .filter_map(|(slot, param)| match &param.kind {
            ParamKind::Inline(expr) => {
                let marker = &markers[slot];
                let span = expr.span();
                Some((slot, quote_spanned!(span=> ::sqlmint::__private::assert_encode::<#marker, _>(&(#expr)))))
            }
            ParamKind::Named(_) => None,
        })
        .collect();
    let named: Vec<(usize, Ident)> = analysis
        .params
        .iter()
        .enumerate()
        .filter_map(|(slot, param)| match &param.kind {
            ParamKind::Named(name) => Some((slot, rust_ident(name, param.span))),
            ParamKind::Inline(_) => None,
        })
        .collect();

    if named.is_empty() {
        let values = inline.iter().map(|(_, value)| value);
        let construct = if slots == 0 {
            quote!({ #names #items Statement })
        } else {
            quote!(({ #names #items Statement })(#(#values),*))
        };
        return construct;
    }

    // Named parameters: a `Pending` value holds the inline ones until `params(...)` supplies
    // the rest, in the order they first appear in the SQL.
    let inline_generics: Vec<&Ident> = inline.iter().map(|(slot, _)| &generics[*slot]).collect();
    let inline_fields = (0..inline.len()).map(syn::Index::from);
    let named_generics: Vec<&Ident> = named.iter().map(|(slot, _)| &generics[*slot]).collect();
    let named_markers: Vec<&TokenStream> = named.iter().map(|(slot, _)| &markers[*slot]).collect();
    let mut next_inline = inline_fields.clone();
    let arguments = (0..slots).map(|slot| match named.iter().find(|(s, _)| *s == slot) {
        Some((_, ident)) => ident.to_token_stream(),
        None => {
            let field = next_inline.next();
            quote!(self.#field)
        }
    });
    let params_doc = format!(
        "Binds the named parameters, in the order they first appear in the SQL: {}.",
        named
            .iter()
            .map(|(slot, ident)| {
                let param = &analysis.params[*slot];
                format!(
                    "`{}` ({}{})",
                    ident,
                    param.ty.display(),
                    if param.nullable { ", nullable" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    let pending_struct = if inline.is_empty() {
        quote!(
            pub struct Pending;
        )
    } else {
        quote!(pub struct Pending<#(#inline_generics),*>(#(#inline_generics),*);)
    };
    let values = inline.iter().map(|(_, value)| value);
    // Spanned at each `:name`, so rustc's notes about a wrong value point into the SQL.
    let named_bounds = named.iter().zip(&named_generics).zip(&named_markers).map(
        |(((slot, _), generic), marker)| {
            let span = analysis.params[*slot].span;
            quote_spanned!(span=> #generic: ::sqlmint::Encode<#marker>)
        },
    );
    let named_args = named
        .iter()
        .zip(&named_generics)
        .map(|((slot, ident), generic)| {
            let span = analysis.params[*slot].span;
            quote_spanned!(span=> #ident: #generic)
        });
    let first_named = analysis.params[named[0].0].span;
    let unbound_impl = quote_spanned! {first_named=>
        impl<__D: ::sqlmint::Dialect, #(#inline_generics),*> ::sqlmint::SqlFor<__D> for Pending<#(#inline_generics),*>
        where
            __D: ::sqlmint::__private::ParamsBound<Pending<#(#inline_generics),*>>,
        {
            const SQL: &'static str = "";
        }
    };
    // The name spanned in the SQL, so rustc's "method defined here" points at the parameters
    // rather than at the whole `schema!` block the forwarding macro comes from.
    let params_fn = Ident::new("params", first_named);
    let params_impl = quote! {
        impl<#(#inline_generics: ::core::marker::Copy),*> Pending<#(#inline_generics),*> {
            #[doc = #params_doc]
            #[allow(clippy::too_many_arguments)]
            pub fn #params_fn<#(#named_bounds),*>(&self, #(#named_args),*) -> Statement<#(#generics),*> {
                Statement(#(#arguments),*)
            }
        }
    };
    let pending = quote! {
        /// A statement waiting for its named parameters.
        #[derive(Clone, Copy)]
        #pending_struct

        #params_impl

        // Running the statement before `.params(...)` names the mistake instead of failing
        // with "not a statement".
        impl<#(#inline_generics),*> ::sqlmint::Query for Pending<#(#inline_generics),*> {
            type Row = #row_type;

            fn bind<'__q>(&'__q self, _: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                ::core::result::Result::Ok(())
            }
        }

        #unbound_impl
    };
    if inline.is_empty() {
        quote!({ #names #items #pending Pending })
    } else {
        quote!(({ #names #items #pending Pending })(#(#values),*))
    }
}

/// A type alias naming every table and column the statement used, each path ending in a
/// token with the user's span: rust-analyzer then jumps from the SQL to the declaration.
fn references(schema: &Schema, module_path: &TokenStream, analysis: &Analysis) -> TokenStream {
    let paths = analysis.references.iter().filter_map(|reference| {
        let table = schema.tables.get(reference.table)?;
        let module = rust_ident(&table.name.name, Span::call_site());
        let item = match reference.column {
            Some(column) => rust_ident(&table.columns.get(column)?.name.name, reference.span),
            None => Ident::new("table", reference.span),
        };
        Some(quote!(#module_path :: #module :: #item))
    });
    let paths: Vec<TokenStream> = paths.collect();
    if paths.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[allow(dead_code)]
        type __SqlmintNames = (#(#paths,)*);
    }
}
