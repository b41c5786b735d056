//! `#[derive(FromRow)]`: builds an application struct from its fields' values
//! (`RowParts`), and defines the struct's *shape macro*, named like the struct, which hands its
//! fields to `query_as!` so the query can match them with its columns by name.
//!
//! A proc macro sees only its own input, so the shape travels as tokens. A flattened field's
//! struct has a shape macro of its own; the derive asks it for its fields from the struct's
//! module, where the field's type resolves (`Stats! { @sqlmint_shape [row_shape] ... }`), and
//! `row_shape!` puts them in place, asking the next one, until every field is known and the
//! shape macro can be defined.

use super::tree::{FieldNode, FieldTree};
use crate::errors::Errors;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::LitStr;

/// Expands `#[derive(FromRow)]` on `input`.
pub fn expand_derive_from_row(input: TokenStream) -> TokenStream {
    match derive(input) {
        Ok(tokens) => tokens,
        Err(error) => error.into_compile_error(),
    }
}

/// One field as the derive reads it.
struct Field {
    ident: Ident,
    ty: syn::Type,
    /// `#[sqlmint(rename = "column")]`.
    rename: Option<LitStr>,
    /// `#[sqlmint(flatten)]`.
    flatten: bool,
}

fn derive(input: TokenStream) -> syn::Result<TokenStream> {
    let input: syn::DeriveInput = syn::parse2(input)?;
    let mut errors = Errors::new();
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        // Nothing generated for it could name its type: the one error is this.
        return Err(syn::Error::new_spanned(
            &input.generics,
            "a row struct cannot be generic: each field's type must be known to check it against its column",
        ));
    }
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(named),
        ..
    }) = &input.data
    else {
        errors.push(syn::Error::new_spanned(
            name,
            "`#[derive(FromRow)]` needs a struct with named fields: columns are matched with fields by name",
        ));
        errors.finish()?;
        return Ok(TokenStream::new());
    };
    let mut fields = Vec::new();
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let (rename, flatten) = field_attributes(&field.attrs, &mut errors);
        fields.push(Field {
            ident,
            ty: field.ty.clone(),
            rename,
            flatten,
        });
    }
    let mut nodes = Vec::new();
    for field in &mut fields {
        match node(field) {
            Ok(node) => nodes.push(node),
            Err(error) => {
                // Read as a plain field, so the rest stays consistent.
                errors.push(error);
                field.flatten = false;
                nodes.push(leaf(field));
            }
        }
    }
    let tree = FieldTree { fields: nodes };
    check_columns_unique(&tree, &mut errors);
    // With mistakes in its attributes the struct still gets its constructor and shape, so
    // the statements that read into it add no errors of their own.
    let errors = errors.finish().err().map(syn::Error::into_compile_error);

    let parts = fields.iter().map(|field| {
        let ty = &field.ty;
        if field.flatten {
            quote!(<#ty as ::sqlmint::__private::RowParts>::Parts)
        } else {
            quote!(#ty)
        }
    });
    let values: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("__field{}", i))
        .collect();
    let inits = fields.iter().zip(&values).map(|(field, value)| {
        let (ident, ty) = (&field.ident, &field.ty);
        if field.flatten {
            quote!(#ident: <#ty as ::sqlmint::__private::RowParts>::from_parts(#value))
        } else {
            quote!(#ident: #value)
        }
    });
    let shape = continue_shape(&ShapeState {
        vis: input.vis.clone(),
        name: name.clone(),
        tree,
    });
    Ok(quote! {
        #errors

        impl ::sqlmint::__private::RowParts for #name {
            type Parts = (#(#parts,)*);

            #[inline]
            fn from_parts((#(#values,)*): Self::Parts) -> Self {
                #name { #(#inits),* }
            }
        }

        #shape
    })
}

/// Reads `#[sqlmint(rename = "column")]` and `#[sqlmint(flatten)]`, reporting anything else.
fn field_attributes(attrs: &[syn::Attribute], errors: &mut Errors) -> (Option<LitStr>, bool) {
    let mut rename = None;
    let mut flatten = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("sqlmint")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<LitStr>()?);
                Ok(())
            } else if meta.path.is_ident("flatten") {
                flatten = Some(meta.path.span());
                Ok(())
            } else {
                Err(meta.error(
                    "unknown sqlmint field attribute; expected `rename = \"column\"` or `flatten`",
                ))
            }
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    if let (Some(rename), Some(_)) = (&rename, flatten) {
        errors.push(syn::Error::new_spanned(
            rename,
            "a flattened field takes its struct's columns, so it has no column to rename",
        ));
    }
    (rename, flatten.is_some())
}

/// The field as a node of the shape: a leaf named by its column, or a flattened struct whose
/// fields are still to come.
fn node(field: &Field) -> syn::Result<FieldNode> {
    if field.flatten {
        let syn::Type::Path(syn::TypePath { qself: None, path }) = &field.ty else {
            return Err(syn::Error::new_spanned(
                &field.ty,
                "a flattened field's type must be a struct with `#[derive(FromRow)]`, named by its path",
            ));
        };
        return Ok(FieldNode::Pending {
            field: field.ident.clone(),
            ty: path.clone(),
        });
    }
    Ok(leaf(field))
}

/// The field as a leaf, read from the column of its name or its rename.
fn leaf(field: &Field) -> FieldNode {
    let column = field.rename.clone().unwrap_or_else(|| {
        let name = field.ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        LitStr::new(&name, field.ident.span())
    });
    FieldNode::Leaf {
        field: field.ident.clone(),
        column,
    }
}

/// Two fields that take one column are an error at the second.
fn check_columns_unique(tree: &FieldTree, errors: &mut Errors) {
    let leaves = tree.leaves();
    for (position, (field, column)) in leaves.iter().enumerate() {
        let value = column.value();
        if let Some((first, _)) = leaves[..position]
            .iter()
            .find(|(_, earlier)| earlier.value().eq_ignore_ascii_case(&value))
        {
            errors.push(syn::Error::new_spanned(
                field,
                format!("field `{field}` reads column `{value}`, which field `{first}` already reads; rename one with `#[sqlmint(rename = \"...\")]`"),
            ));
        }
    }
}

/// `{shape} [vis] [name] {tree}`: what `row_shape!` receives, the shape a flattened field's
/// struct sent first.
struct ShapeReply {
    shape: FieldTree,
    state: ShapeState,
}

/// A derive on its way to defining the shape macro: the struct's visibility and name, and its
/// fields so far.
struct ShapeState {
    vis: syn::Visibility,
    name: Ident,
    tree: FieldTree,
}

impl Parse for ShapeReply {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let shape = input.parse()?;
        let vis;
        syn::bracketed!(vis in input);
        let vis = vis.parse()?;
        let name;
        syn::bracketed!(name in input);
        let name = name.parse()?;
        let tree = input.parse()?;
        Ok(ShapeReply {
            shape,
            state: ShapeState { vis, name, tree },
        })
    }
}

/// Expands `row_shape!`: a flattened field's struct has sent its fields; put them in place and
/// go on.
pub fn expand_row_shape(input: TokenStream) -> TokenStream {
    let reply: ShapeReply = match syn::parse2(input) {
        Ok(reply) => reply,
        Err(error) => return error.into_compile_error(),
    };
    let mut state = reply.state;
    state.tree.fill_first_pending(&reply.shape);
    let mut errors = Errors::new();
    if state.tree.first_pending().is_none() {
        check_columns_unique(&state.tree, &mut errors);
    }
    match errors.finish() {
        Ok(()) => continue_shape(&state),
        Err(error) => error.into_compile_error(),
    }
}

/// Asks the next flattened field's struct for its fields, or, with every field known, defines
/// the shape macro.
fn continue_shape(state: &ShapeState) -> TokenStream {
    let ShapeState { vis, name, tree } = state;
    if let Some(next) = tree.first_pending() {
        return quote! {
            #next! { @sqlmint_shape [::sqlmint::__private::row_shape] [#vis] [#name] #tree }
        };
    }
    // Unique per struct in the crate, as `macro_export` puts every shape macro at its root:
    // two structs of one name and fields in two modules differ by where they are.
    let location = format!("{:?}", name.span());
    let unique = crate::emit::fnv1a(&format!("{location} {name} {}", tree.to_token_stream()));
    define_shape_macro(vis, name, tree, unique)
}

/// The shape macro: `Name! { @sqlmint_shape [callback] rest... }` expands to
/// `callback! { {fields} rest... }`. Named `Name` in the macro namespace beside the struct,
/// so whatever path names the struct names its shape too. `unique` tells apart the macros of
/// structs with one name in one crate.
pub(crate) fn define_shape_macro(
    vis: &syn::Visibility,
    name: &Ident,
    tree: &FieldTree,
    unique: u64,
) -> TokenStream {
    let tree_tokens = tree.to_token_stream();
    let macro_name = format_ident!("__sqlmint_row_{}_{:016x}", name, unique);
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #macro_name {
            (@sqlmint_shape [$($callback:tt)*] $($rest:tt)*) => {
                $($callback)*! { #tree_tokens $($rest)* }
            };
        }
        #[doc(hidden)]
        // Used only by the `query_as!` and flattening structs that name it, if any.
        #[allow(unused_imports)]
        #vis use #macro_name as #name;
    }
}
