//! Inserting a struct: a table's row struct, and its `New...` struct (every column but the
//! generated key and those with a DEFAULT), each run as the `INSERT` of its columns, checked
//! and rendered at compile time like any `query!`. So `conn.execute(&new_post)` and
//! `conn.execute_many(&new_posts)` insert without the fields written twice, and
//! `new_post.returning()` reads back the row as the database stored it.

use super::row::{generate_row_struct, row_struct_name};
use super::rust_ident;
use super::sql_for::{sql_for_impl, ImplTarget};
use super::statement::param_marker;
use crate::analyze::{analyze, CheckedStatement, OutputColumn};
use crate::dialect::Dialect;
use crate::model::{Schema, Table};
use crate::render::{quote_ident, render_typed};
use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream};
use quote::{format_ident, quote};

/// The items that insert rows of `schema.tables[index]`: `New<Row>` beside the row struct,
/// `Query` for both, and the `InsertReturning` statement for the table's module (returned
/// apart, as it goes inside the module).
pub(super) struct Insertables {
    /// Beside the row struct: `New<Row>` and the `Query` impls.
    pub(super) items: TokenStream,
    /// In the table's module: `InsertReturning`.
    pub(super) in_table_module: TokenStream,
}

pub(super) fn insertables(schema: &Schema, index: usize) -> syn::Result<Insertables> {
    let table = &schema.tables[index];
    if table.is_view() {
        return Ok(Insertables {
            items: TokenStream::new(),
            in_table_module: TokenStream::new(),
        });
    }
    let row = row_struct_name(table);
    let all: Vec<usize> = (0..table.columns.len()).collect();
    // A row holding a column the database generates always cannot be inserted as it is.
    let always_generated = table
        .columns
        .iter()
        .any(|c| c.generated.is_some_and(|g| g.always));
    let mut items = if always_generated {
        TokenStream::new()
    } else {
        insert_impl(schema, table, &row, &all)?
    };

    // Left out where any database fills it; where another does not, the analysis of the
    // INSERT gates it off that dialect.
    let given: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&column| {
            table.columns[column].default.is_none() && !table.generated_by(column).contains(&true)
        })
        .collect();
    // A table of generated and defaulted columns only has nothing to give an INSERT.
    if given.is_empty() {
        return Ok(Insertables {
            items,
            in_table_module: TokenStream::new(),
        });
    }
    let new = format_ident!("New{}", row);
    let fields: Vec<OutputColumn> = given
        .iter()
        .map(|&column| {
            let column = &table.columns[column];
            OutputColumn {
                name: column.name.name.clone(),
                ty: column.ty,
                nullable: column.nullable,
                span: column.name.span,
                field_span: column.name.span,
            }
        })
        .collect();
    let left_out: Vec<String> = all
        .iter()
        .filter(|column| !given.contains(column))
        .map(|&column| format!("`{}`", table.columns[column].name.name))
        .collect();
    let doc = if left_out.is_empty() {
        format!(
            "A new `{}` row: `conn.execute(&new)` inserts it, `conn.execute_many(&news)` several, `new.returning()` reads back the stored row.",
            table.name.name
        )
    } else {
        format!(
            "A new `{}` row, without {} (the database fills {}): `conn.execute(&new)` inserts it, `conn.execute_many(&news)` several, `new.returning()` reads back the stored row.",
            table.name.name,
            left_out.join(", "),
            if left_out.len() == 1 { "it" } else { "them" }
        )
    };
    let (_, row_attrs) = super::split_row_attributes(&table.attrs);
    items.extend(generate_row_struct(&new, &fields, &doc, &row_attrs));
    items.extend(insert_impl(schema, table, &new, &given)?);

    let returning = checked_insert(schema, table, &given, true)?;
    let binds = binds(&returning, table, &given, quote!(self.0));
    let sql_for = sql_for_impl(
        &Dialect::ALL.map(|dialect| render_typed(&returning, dialect)),
        returning.analysis(),
        &ImplTarget {
            lifetimes: vec![quote!('__a)],
            generics: Vec::new(),
            self_type: quote!(InsertReturning<'__a>),
        },
        &TokenStream::new(),
        table.name.span,
        &TokenStream::new(),
    );
    let returning_doc = format!(
        "`INSERT INTO {} ... RETURNING *` of a [`super::{new}`]: the row as the database stored it, its generated key and defaults filled in.",
        table.name.name
    );
    let in_table_module = quote! {
        #[doc = #returning_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct InsertReturning<'__a>(pub &'__a super::#new);

        impl<'__a> ::sqlmint::Query for InsertReturning<'__a> {
            type Row = super::#row;
            const COLUMNS: usize = <super::#row as ::sqlmint::FromRow>::COLUMNS;
            const NAME: &'static str = <super::#new as ::sqlmint::Query>::NAME;

            fn bind<'__q>(&'__q self, binder: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                #binds
                ::core::result::Result::Ok(())
            }

            #[inline]
            fn decode_row<__R: ::sqlmint::__private::RowSource + ?::core::marker::Sized>(row: &__R) -> ::core::result::Result<super::#row, ::sqlmint::Error> {
                <super::#row as ::sqlmint::FromRow>::from_row(row)
            }
        }

        #sql_for
    };
    let module = rust_ident(&table.name.name, table.name.span);
    items.extend(quote! {
        impl #new {
            /// The statement that inserts this row and reads it back as stored, its
            /// generated key and defaults filled in: `conn.fetch_one(&new.returning())`.
            pub fn returning(&self) -> #module::InsertReturning<'_> {
                #module::InsertReturning(self)
            }
        }
    });
    Ok(Insertables {
        items,
        in_table_module,
    })
}

/// `Query` and `SqlFor` for `target`, a struct holding `columns` of `table` as fields: the
/// `INSERT` of those columns, bound from the fields.
fn insert_impl(
    schema: &Schema,
    table: &Table,
    target: &Ident,
    columns: &[usize],
) -> syn::Result<TokenStream> {
    let checked = checked_insert(schema, table, columns, false)?;
    let binds = binds(&checked, table, columns, quote!(self));
    let target_name = target.to_string();
    let sql_for = sql_for_impl(
        &Dialect::ALL.map(|dialect| render_typed(&checked, dialect)),
        checked.analysis(),
        &ImplTarget {
            lifetimes: Vec::new(),
            generics: Vec::new(),
            self_type: quote!(#target),
        },
        &TokenStream::new(),
        table.name.span,
        &TokenStream::new(),
    );
    let copy = format!(
        "COPY {} ({}) FROM STDIN",
        quote_ident(&table.name.name, Dialect::Postgres),
        columns
            .iter()
            .map(|&column| quote_ident(&table.columns[column].name.name, Dialect::Postgres))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(quote! {
        /// Loads rows on PostgreSQL with `COPY`: `conn.copy_in(&rows)`.
        impl ::sqlmint::CopyIn for #target {
            const COPY: &'static str = #copy;
        }

        /// Inserts the row: `conn.execute(&row)`, or `conn.execute_many(&rows)` for several.
        impl ::sqlmint::Query for #target {
            type Row = ();
            const COLUMNS: usize = 0;
            const NAME: &'static str = ::core::concat!(::core::module_path!(), "::", #target_name);

            fn bind<'__q>(&'__q self, binder: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                #binds
                ::core::result::Result::Ok(())
            }

            #[inline]
            fn decode_row<__R: ::sqlmint::__private::RowSource + ?::core::marker::Sized>(_: &__R) -> ::core::result::Result<(), ::sqlmint::Error> {
                ::core::result::Result::Ok(())
            }
        }

        #sql_for
    })
}

/// `binder.bind(slot, ...)` for each column's field of `holder`, in the order the INSERT
/// numbers its parameters (its columns').
fn binds(
    checked: &CheckedStatement,
    table: &Table,
    columns: &[usize],
    holder: TokenStream,
) -> TokenStream {
    let binds = checked
        .analysis()
        .params
        .iter()
        .zip(columns)
        .enumerate()
        .map(|(slot, (param, &column))| {
            let marker = param_marker(param);
            let field = rust_ident(&table.columns[column].name.name, Span::call_site());
            quote!(::sqlmint::__private::bind::<#marker, _>(binder, #slot, &#holder.#field)?;)
        });
    quote!(#(#binds)*)
}

/// `INSERT INTO table (columns) VALUES (:columns) [RETURNING *]`, checked against the schema
/// as a `query!` would be.
fn checked_insert(
    schema: &Schema,
    table: &Table,
    columns: &[usize],
    returning: bool,
) -> syn::Result<CheckedStatement> {
    let span = table.name.span;
    let name = Ident::new(&table.name.name, span);
    let names: Vec<Ident> = columns
        .iter()
        .map(|&column| Ident::new(&table.columns[column].name.name, span))
        .collect();
    let colon = Punct::new(':', Spacing::Alone);
    let returning = returning.then(|| quote!(RETURNING *));
    let sql = quote! {
        INSERT INTO #name (#(#names),*) VALUES (#(#colon #names),*) #returning
    };
    analyze(schema, crate::expand::parse_sql(sql, span)?)
}
