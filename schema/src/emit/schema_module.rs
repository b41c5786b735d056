//! The module `schema!` generates: a module per table with its zero-sized table and column
//! types, the row structs, the DDL, `SCHEMA` for drift checks, and the `query!` macro that
//! carries the schema to every query.

use super::insertable::{insertables, Insertables};
use super::row::{generate_row_struct, row_parts_impl, row_struct_name};
use super::{fnv1a, rust_ident};
use crate::analyze::OutputColumn;
use crate::description::describe;
use crate::dialect::Dialect;
use crate::mapping::{define_shape_macro, FieldNode, FieldTree};
use crate::migrations::MigrationFile;
use crate::model::{Schema, Table};
use crate::render;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};

pub(crate) fn schema_module(
    schema: &Schema,
    input: &TokenStream,
    migrations: &[MigrationFile],
) -> TokenStream {
    let Schema {
        attrs, vis, module, ..
    } = schema;
    let schema_hash = fnv1a(&input.to_string());
    let enums = schema.enums.iter().map(super::enums::enum_items);
    let tables = schema
        .tables
        .iter()
        .enumerate()
        .map(|(index, table)| generate_table(schema, index, table, schema_hash));
    let ddl = |f: fn(&Schema, Dialect) -> String| {
        let texts = Dialect::ALL.map(|d| f(schema, d));
        quote!([#(#texts),*])
    };
    let api = schema_api(
        &ddl(render::create_all),
        &ddl(render::drop_all),
        &schema_info(schema),
        &embedded_migrations(migrations),
    );
    let forwarder = format_ident!("__sqlmint_query_{}_{:016x}", module, schema_hash);
    let forwarder_as = format_ident!("{}_as", forwarder);
    let module_path = module_path(schema);

    quote! {
        #(#attrs)*
        #[allow(non_camel_case_types, non_snake_case, dead_code)]
        #vis mod #module {
            #(#enums)*

            #(#tables)*

            #api

            #[doc(hidden)]
            #[macro_export]
            // The schema's tokens ride along as data, a `path = crate::...` among them;
            // clippy would read that `crate` as the caller's.
            #[allow(clippy::crate_in_macro_def)]
            macro_rules! #forwarder {
                ($($sql:tt)*) => {
                    ::sqlmint::__private::query! { [#input] [#module_path] $($sql)* }
                };
            }

            /// Checks a SQL statement against this schema at compile time and evaluates to a
            /// statement with its SQL fixed per dialect, typed parameters and a typed row.
            /// Written where an item goes as `pub mod name { SQL }`, it declares a named
            /// statement instead: a module holding `Row`, `Statement` and `new(...)`.
            /// See [`sqlmint::schema!`](::sqlmint::schema) for the syntax.
            #[doc(inline)]
            pub use #forwarder as query;

            #[doc(hidden)]
            #[macro_export]
            #[allow(clippy::crate_in_macro_def)]
            macro_rules! #forwarder_as {
                ($($sql:tt)*) => {
                    ::sqlmint::__private::query! { [#input] [#module_path] @as $($sql)* }
                };
            }

            /// `query_as!(Struct, SQL)`: [`query!`], reading each row into `Struct`, an
            /// application struct with `#[derive(sqlmint::FromRow)]` (or a table's row
            /// struct). Every column must have a field of its name, every field a column, and
            /// each field's type must read its column's SQL type, an `Option` where the column
            /// may be NULL; each mistake is a compile error at the column or the field.
            #[doc(inline)]
            pub use #forwarder_as as query_as;
        }
    }
}

/// The items of `db::MIGRATIONS`: each migration with its files' text embedded by
/// `include_str!` (which also makes cargo rebuild when one changes) and the checksum of the
/// file as read now.
fn embedded_migrations(migrations: &[MigrationFile]) -> TokenStream {
    let items = migrations.iter().map(|migration| {
        let version = migration.version;
        let description = &migration.description;
        let up = migration.up.display().to_string();
        // A file that cannot be read here cannot be read by `include_str!` either, which
        // reports it with the path; the checksum is then never used.
        let checksum = std::fs::read(&migration.up)
            .map(|bytes| sqlmint_core::checksum(&bytes))
            .unwrap_or_default();
        let down = match &migration.down {
            Some(path) => {
                let path = path.display().to_string();
                quote!(::core::option::Option::Some(::std::borrow::Cow::Borrowed(
                    ::core::include_str!(#path)
                )))
            }
            None => quote!(::core::option::Option::None),
        };
        quote! {
            ::sqlmint::migrate::Migration {
                version: #version,
                description: ::std::borrow::Cow::Borrowed(#description),
                sql: ::std::borrow::Cow::Borrowed(::core::include_str!(#up)),
                checksum: ::std::borrow::Cow::Borrowed(#checksum),
                down: #down,
            }
        }
    });
    quote!(#(#items),*)
}

/// The schema's API beside its tables, the same in a real module and in a stub: the DDL per
/// dialect, `create_all`, `drop_all`, `SCHEMA`, `verify`, and the migrations with their
/// runner (`MIGRATIONS`, `MIGRATOR`, `migrate`), whose list is empty for a schema declared
/// in tokens (or one that failed to compile).
fn schema_api(
    create_all: &TokenStream,
    drop_all: &TokenStream,
    schema_info: &TokenStream,
    migrations: &TokenStream,
) -> TokenStream {
    quote! {
        /// The migrations this schema was read from (`#[sqlmint(migrations = "...")]`), in
        /// version order, their files embedded at compile time; empty for a schema declared
        /// in `table` items.
        pub const MIGRATIONS: &[::sqlmint::migrate::Migration] = &[#migrations];

        /// The runner of [`MIGRATIONS`]: `MIGRATOR.status(&conn)`, `MIGRATOR.dry_run(&conn)`,
        /// `MIGRATOR.revert(&conn)` (and `_async` twins on the `tokio-postgres` connection);
        /// see [`sqlmint::migrate`](::sqlmint::migrate).
        pub const MIGRATOR: ::sqlmint::migrate::Migrator<'static> =
            ::sqlmint::migrate::Migrator::new(MIGRATIONS);

        /// Applies every migration of [`MIGRATIONS`] not yet applied, in version order, each
        /// in its own transaction, recorded in `_sqlmint_migrations`; returns those it
        /// applied. Runners starting together apply each migration once. Refuses when an
        /// applied migration's file changed or is gone. For a schema declared in `table`
        /// items there is nothing to apply: use [`create_all`].
        pub fn migrate<C: ::sqlmint::migrate::Migrate + ?::core::marker::Sized>(
            conn: &C,
        ) -> ::core::result::Result<
            ::std::vec::Vec<::sqlmint::migrate::AppliedMigration>,
            ::sqlmint::Error,
        > {
            MIGRATOR.run(conn)
        }

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
    }
}

/// The `pub mod name` of a schema whose tables did not parse.
pub(crate) struct ModuleHeader {
    attrs: Vec<syn::Attribute>,
    vis: syn::Visibility,
    module: Ident,
}

impl ModuleHeader {
    /// The header of a schema that parsed but whose tables could not be read.
    pub(crate) fn of(schema: &Schema) -> ModuleHeader {
        ModuleHeader {
            attrs: schema.attrs.clone(),
            vis: schema.vis.clone(),
            module: schema.module.clone(),
        }
    }
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

/// A module with the schema's whole API but no tables, so that a mistake in `schema!` (its
/// syntax, or migrations that cannot be read) is the only error, not one more for every use
/// of the module; every `query!` against it is a stand-in.
pub(crate) fn stub_module(header: &ModuleHeader) -> TokenStream {
    let ModuleHeader { attrs, vis, module } = header;
    let attrs = attrs.iter().filter(|a| !a.path().is_ident("sqlmint"));
    let forwarder = format_ident!("__sqlmint_invalid_query_{}", module);
    let forwarder_as = format_ident!("__sqlmint_invalid_query_as_{}", module);
    let no_ddl = quote!(["", "", ""]);
    let api = schema_api(
        &no_ddl,
        &no_ddl,
        &quote!(::sqlmint::verify::SchemaInfo {
            tables: ::std::borrow::Cow::Borrowed(&[])
        }),
        &TokenStream::new(),
    );
    quote! {
        #(#attrs)*
        #[allow(dead_code)]
        #vis mod #module {
            #[doc(hidden)]
            #[macro_export]
            macro_rules! #forwarder {
                ($($sql:tt)*) => { ::sqlmint::__private::Invalid };
            }
            #[doc(hidden)]
            pub use #forwarder as query;
            #[doc(hidden)]
            #[macro_export]
            macro_rules! #forwarder_as {
                ($target:path, $($sql:tt)*) => { ::sqlmint::__private::InvalidAs::<$target>::NEW };
            }
            #[doc(hidden)]
            pub use #forwarder_as as query_as;
            #api
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
pub(crate) fn module_path(schema: &Schema) -> TokenStream {
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

/// One table's module, row struct and shape macro; `schema_hash` tells this schema's apart.
fn generate_table(schema: &Schema, index: usize, table: &Table, schema_hash: u64) -> TokenStream {
    let (docs, row_attrs) = super::split_row_attributes(&table.attrs);
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
            span: c.name.span,
            field_span: c.name.span,
        })
        .collect();
    let row_doc = format!("A row of `{}`, in declared column order.", table.name.name);
    let row_struct = generate_row_struct(&row, &fields, &row_doc, &row_attrs);
    let row_parts = row_parts_impl(&row, &fields);
    // The row's shape, so `query_as!(db::Row, ...)` and a `#[sqlmint(flatten)]` field of it
    // match its fields with a statement's columns.
    let shape = FieldTree {
        fields: fields
            .iter()
            .map(|column| FieldNode::Leaf {
                field: rust_ident(&column.name, column.span),
                column: syn::LitStr::new(&column.name, column.span),
            })
            .collect(),
    };
    let pub_vis: syn::Visibility = syn::parse_quote!(pub);
    let unique = fnv1a(&format!("{schema_hash} {}", table.name.name));
    let shape_macro = define_shape_macro(&pub_vis, &row, &shape, unique);
    let table_doc = format!("The `{}` table and its columns.", table.name.name);
    let (insert_items, insert_in_module) = match insertables(schema, index) {
        Ok(Insertables {
            items,
            in_table_module,
        }) => (items, in_table_module),
        Err(error) => (error.into_compile_error(), TokenStream::new()),
    };
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
            #insert_in_module
        }

        #row_struct
        #row_parts
        #shape_macro
        #insert_items
    }
}
