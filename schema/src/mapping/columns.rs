//! A statement's columns matched with an application struct's fields by name: every column
//! read by one field, every field by one column, each field's type checked against its
//! column's SQL type and nullability by rustc at the column's token.

use super::tree::{FieldNode, FieldTree};
use crate::analyze::OutputColumn;
use crate::emit::RowReader;
use crate::errors::{closest, Errors};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

/// How a statement reads its rows into `target`, whose fields are `tree`; every column without
/// a field and every field without a column is an error, at the column or at the field.
pub(crate) fn target_reader(
    target: &syn::Path,
    tree: &FieldTree,
    columns: &[OutputColumn],
) -> syn::Result<RowReader> {
    let leaves = tree.leaves();
    let mut errors = Errors::new();
    let struct_name = target
        .segments
        .last()
        .map_or_else(String::new, |segment| segment.ident.to_string());
    if columns.is_empty() {
        errors.push(syn::Error::new_spanned(
            target,
            format!("the statement returns no rows to read into `{struct_name}`; add RETURNING, or use `query!`"),
        ));
    }
    let mut column_of_leaf: Vec<Option<usize>> = vec![None; leaves.len()];
    let mut unread: Vec<usize> = Vec::new();
    for (index, column) in columns.iter().enumerate() {
        match leaves
            .iter()
            .position(|(_, name)| name.value().eq_ignore_ascii_case(&column.name))
        {
            Some(leaf) => column_of_leaf[leaf] = Some(index),
            None => unread.push(index),
        }
    }
    // A field and a column that missed each other by a typo are one mistake: reported once,
    // at the field, naming the column it probably meant.
    let unread_names: Vec<&str> = unread.iter().map(|&i| columns[i].name.as_str()).collect();
    let mut explained: Vec<&str> = Vec::new();
    for ((field, name), column) in leaves.iter().zip(&column_of_leaf) {
        if column.is_some() || columns.is_empty() {
            continue;
        }
        let name = name.value();
        let message = match closest(&name, unread_names.iter().copied()) {
            Some(meant) => {
                explained.push(meant);
                format!("field `{field}` of `{struct_name}` reads column `{name}`, which the statement does not have; did you mean `{meant}`?")
            }
            None => format!("field `{field}` of `{struct_name}` reads column `{name}`, which the statement does not have; select it, or label a column `AS {name}`"),
        };
        errors.push(syn::Error::new_spanned(field, message));
    }
    for &index in &unread {
        let column = &columns[index];
        if explained.contains(&column.name.as_str()) {
            continue;
        }
        errors.at(
            column.span,
            format!(
                "no field of `{struct_name}` reads column `{0}`; add a field `{0}`, or name one for it with `#[sqlmint(rename = \"{0}\")]`",
                column.name
            ),
        );
    }
    errors.finish()?;

    let mut next_leaf = column_of_leaf.into_iter();
    let parts = parts(tree, columns, &mut next_leaf);
    let count = columns.len();
    Ok(RowReader {
        row_type: quote!(#target),
        row_span: target.segments.first().map(|segment| segment.ident.span()),
        items: TokenStream::new(),
        columns: quote!(#count),
        decode: quote! {
            ::core::result::Result::Ok(
                <#target as ::sqlmint::__private::RowParts>::from_parts(#parts)
            )
        },
    })
}

/// The nested tuple of field values `RowParts::from_parts` takes, each read from its column;
/// spanned at the column, so rustc's error for a field of the wrong type or one that cannot
/// hold NULL underlines the column.
fn parts(
    tree: &FieldTree,
    columns: &[OutputColumn],
    next_leaf: &mut impl Iterator<Item = Option<usize>>,
) -> TokenStream {
    let values = tree.fields.iter().map(|node| match node {
        FieldNode::Leaf { .. } => {
            let Some(Some(index)) = next_leaf.next() else {
                // Every leaf has its column once the errors above are clear.
                return quote!(::core::unreachable!());
            };
            let column = &columns[index];
            let marker = column.ty.marker();
            let label = &column.name;
            let read = if column.nullable {
                quote!(decode_nullable)
            } else {
                quote!(decode_column)
            };
            // `row` is the parameter of `decode_row`: named as it is, not at the column.
            let row = proc_macro2::Ident::new("row", proc_macro2::Span::call_site());
            quote_spanned! {column.span=>
                ::sqlmint::__private::#read::<#marker, _, __R>(#row, #index, #label)?
            }
        }
        FieldNode::Flatten { tree, .. } => parts(tree, columns, next_leaf),
        FieldNode::Pending { .. } => quote!(::core::unreachable!()),
    });
    let values: Vec<TokenStream> = values.collect();
    quote!((#(#values,)*))
}
