//! Row structs: one per table (`user_account` → `UserAccount`) and one per statement whose
//! result is not exactly a table's row, each implementing `FromRow` by column position.

use super::rust_ident;
use crate::analyze::{Analysis, NestedTable, OutputColumn, RowShape};
use crate::model::{upper_camel, Schema, Table};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// `user_account` → `UserAccount`; a table already in CamelCase gets `Row` appended so the
/// struct does not clash with the table's module.
pub(super) fn row_struct_name(table: &Table) -> Ident {
    let camel = upper_camel(&table.name.name);
    let name = if camel == table.name.name || camel.is_empty() {
        format!("{camel}Row")
    } else {
        camel
    };
    Ident::new(&name, table.name.span)
}

pub(super) fn generate_row_struct(
    name: &Ident,
    columns: &[OutputColumn],
    doc: &str,
    attrs: &[syn::Attribute],
) -> TokenStream {
    let field_names: Vec<Ident> = columns
        .iter()
        .map(|c| rust_ident(&c.name, c.field_span))
        .collect();
    let field_types = columns.iter().map(field_type);
    let reads = columns.iter().enumerate().map(|(index, column)| {
        let marker = column.ty.marker();
        let label = &column.name;
        quote!(::sqlmint::__private::decode_column::<#marker, _, R>(row, offset + #index, #label)?)
    });
    let count = columns.len();
    let serde = serde_derives(attrs);
    let serde_renames = columns.iter().zip(&field_names).map(|(column, field)| {
        // A field renamed for Rust (`self` → `self_`) keeps the column's name as its key.
        let unraw = field.to_string();
        let unraw = unraw.strip_prefix("r#").unwrap_or(&unraw);
        (serde.is_some() && unraw != column.name).then(|| {
            let key = &column.name;
            quote!(#[serde(rename = #key)])
        })
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #serde
        #(#attrs)*
        #[allow(non_snake_case)]
        pub struct #name {
            #(#serde_renames pub #field_names: #field_types,)*
        }

        impl #name {
            /// Reads the row from the columns starting at `offset`: a nested row of a join
            /// (`(User, Option<Post>)`) reads each table's row at its own offset.
            #[doc(hidden)]
            #[inline]
            pub fn __sqlmint_read_at<R: ::sqlmint::__private::RowSource + ?::core::marker::Sized>(
                row: &R,
                offset: usize,
            ) -> ::core::result::Result<Self, ::sqlmint::Error> {
                ::core::result::Result::Ok(Self {
                    #(#field_names: #reads,)*
                })
            }
        }

        impl ::sqlmint::FromRow for #name {
            const COLUMNS: usize = #count;

            #[inline]
            fn from_row<R: ::sqlmint::__private::RowSource + ?::core::marker::Sized>(
                row: &R,
            ) -> ::core::result::Result<Self, ::sqlmint::Error> {
                Self::__sqlmint_read_at(row, 0)
            }
        }
    }
}

/// `RowParts` for a generated row struct: built from its fields' values in column order, so
/// it can be the target of `query_as!` or a flattened field of an application's struct.
pub(super) fn row_parts_impl(name: &Ident, columns: &[OutputColumn]) -> TokenStream {
    let field_names: Vec<Ident> = columns
        .iter()
        .map(|c| rust_ident(&c.name, Span::call_site()))
        .collect();
    let field_types = columns.iter().map(field_type);
    quote! {
        impl ::sqlmint::__private::RowParts for #name {
            type Parts = (#(#field_types,)*);

            #[inline]
            fn from_parts((#(#field_names,)*): Self::Parts) -> Self {
                Self { #(#field_names),* }
            }
        }
    }
}

/// The Rust type of a row struct's field for `column`.
fn field_type(column: &OutputColumn) -> TokenStream {
    let ty = column.ty.rust_type();
    if column.nullable {
        quote!(::core::option::Option<#ty>)
    } else {
        ty
    }
}

/// With the `serde` feature, serde's derives for a row struct, keyed by column name; none that
/// the struct's own attributes already derive.
pub(super) fn serde_derives(attrs: &[syn::Attribute]) -> Option<TokenStream> {
    if !cfg!(feature = "serde") {
        return None;
    }
    let derived = |trait_name: &str| {
        attrs.iter().any(|attr| {
            attr.path().is_ident("derive")
                && attr
                    .parse_args_with(
                        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                    )
                    .is_ok_and(|paths| {
                        paths.iter().any(|path| {
                            path.segments
                                .last()
                                .is_some_and(|segment| segment.ident == trait_name)
                        })
                    })
        })
    };
    let derives: Vec<TokenStream> = ["Serialize", "Deserialize"]
        .into_iter()
        .filter(|name| !derived(name))
        .map(|name| {
            let name = Ident::new(name, Span::call_site());
            quote!(::sqlmint::__private::serde::#name)
        })
        .collect();
    if derives.is_empty() {
        return None;
    }
    Some(quote! {
        #[derive(#(#derives),*)]
        #[serde(crate = "::sqlmint::__private::serde")]
    })
}

/// A statement's rows: their type, the row struct to generate when it is the statement's own,
/// and how `Query` reads one.
pub(crate) struct RowReader {
    /// A table's row struct, `Row`, a tuple of tables' rows, the user's struct, or `()`.
    pub(crate) row_type: TokenStream,
    /// Where the user named the row type, if they did (`query_as!(Post, ...)`).
    pub(crate) row_span: Option<Span>,
    /// The row struct, when the statement has one of its own.
    pub(crate) items: TokenStream,
    /// How many columns a row reads, as a `usize` expression.
    pub(crate) columns: TokenStream,
    /// An expression of type `Result<Row, Error>` reading the row from `row`.
    pub(crate) decode: TokenStream,
}

impl RowReader {
    /// A row type that reads itself through `FromRow`.
    fn from_row(row_type: TokenStream, items: TokenStream) -> RowReader {
        RowReader {
            row_span: None,
            columns: quote!(<#row_type as ::sqlmint::FromRow>::COLUMNS),
            decode: quote!(<#row_type as ::sqlmint::FromRow>::from_row(row)),
            row_type,
            items,
        }
    }
}

/// The statement's rows, with the row struct to generate when they are not a table's.
pub(super) fn row_reader(
    schema: &Schema,
    module_path: &TokenStream,
    analysis: &Analysis,
    row_attrs: &[syn::Attribute],
) -> RowReader {
    match &analysis.shape {
        RowShape::Table(table) => {
            let row = row_struct_name(&schema.tables[*table]);
            RowReader::from_row(quote!(#module_path :: #row), TokenStream::new())
        }
        RowShape::Tables(nested) => nested_reader(schema, module_path, analysis, nested),
        RowShape::Columns if analysis.columns.is_empty() => {
            RowReader::from_row(quote!(()), TokenStream::new())
        }
        RowShape::Columns => {
            let row = Ident::new("Row", Span::call_site());
            let doc = "A result row of the statement.";
            let items = generate_row_struct(&row, &analysis.columns, doc, row_attrs);
            RowReader::from_row(quote!(#row), items)
        }
    }
}

/// A tuple of tables' rows, each read at its own offset; an outer-joined side is `None` when
/// the column that cannot be NULL in a real row of it (its primary key, else its first NOT
/// NULL column; with neither, every column) is NULL.
fn nested_reader(
    schema: &Schema,
    module_path: &TokenStream,
    analysis: &Analysis,
    nested: &[NestedTable],
) -> RowReader {
    let mut types = Vec::new();
    let mut reads = Vec::new();
    for part in nested {
        let table = &schema.tables[part.table];
        let row = row_struct_name(table);
        let path = quote!(#module_path :: #row);
        let offset = part.first_column;
        let read = quote!(#path::__sqlmint_read_at(row, #offset)?);
        if !part.optional {
            types.push(path);
            reads.push(read);
            continue;
        }
        let present: Vec<usize> = match table
            .primary_key
            .first()
            .copied()
            .or_else(|| table.columns.iter().position(|c| !c.nullable))
        {
            Some(column) => vec![column],
            None => (0..table.columns.len()).collect(),
        };
        let checks = present.iter().map(|column| {
            let index = offset + column;
            quote!(::sqlmint::__private::column_is_null(row, #index)?)
        });
        types.push(quote!(::core::option::Option<#path>));
        reads.push(quote! {
            if #(#checks)&&* {
                ::core::option::Option::None
            } else {
                ::core::option::Option::Some(#read)
            }
        });
    }
    let count = analysis.columns.len();
    RowReader {
        row_type: quote!((#(#types,)*)),
        row_span: None,
        items: TokenStream::new(),
        columns: quote!(#count),
        decode: quote!(::core::result::Result::Ok((#(#reads,)*))),
    }
}
