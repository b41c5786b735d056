//! The fields of an application's row struct as tokens a macro can carry: what
//! `#[derive(FromRow)]` writes into the struct's shape macro and `query_as!` reads back.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// ```text
/// { field = "column", flattened { field = "column", ... }, pending => (path::To::Struct), ... }
/// ```
/// A struct's fields in declared order. Each field ident keeps the span it has in the struct,
/// so an error about a field underlines it there.
#[derive(Debug, Clone)]
pub(crate) struct FieldTree {
    pub(crate) fields: Vec<FieldNode>,
}

/// One field of a [`FieldTree`].
#[derive(Debug, Clone)]
pub(crate) enum FieldNode {
    /// `field = "column"`: read from the column of that name.
    Leaf { field: Ident, column: LitStr },
    /// `field { ... }`: a `#[sqlmint(flatten)]` struct, read from its own fields' columns.
    Flatten { field: Ident, tree: FieldTree },
    /// `field => (path)`: a flattened struct whose fields its own shape macro has yet to supply.
    Pending { field: Ident, ty: syn::Path },
}

impl FieldTree {
    /// The leaves in declared order, flattened structs' fields in place: `(field, column)`.
    pub(crate) fn leaves(&self) -> Vec<(&Ident, &LitStr)> {
        let mut leaves = Vec::new();
        self.collect_leaves(&mut leaves);
        leaves
    }

    fn collect_leaves<'t>(&'t self, leaves: &mut Vec<(&'t Ident, &'t LitStr)>) {
        for node in &self.fields {
            match node {
                FieldNode::Leaf { field, column } => leaves.push((field, column)),
                FieldNode::Flatten { tree, .. } => tree.collect_leaves(leaves),
                FieldNode::Pending { .. } => {}
            }
        }
    }

    /// The first field still waiting for its struct's shape.
    pub(crate) fn first_pending(&self) -> Option<&syn::Path> {
        self.fields.iter().find_map(|node| match node {
            FieldNode::Pending { ty, .. } => Some(ty),
            FieldNode::Flatten { tree, .. } => tree.first_pending(),
            FieldNode::Leaf { .. } => None,
        })
    }

    /// Puts `shape` where the first pending field is; false when there is none.
    pub(crate) fn fill_first_pending(&mut self, shape: &FieldTree) -> bool {
        for node in &mut self.fields {
            match node {
                FieldNode::Pending { field, .. } => {
                    *node = FieldNode::Flatten {
                        field: field.clone(),
                        tree: shape.clone(),
                    };
                    return true;
                }
                FieldNode::Flatten { tree, .. } => {
                    if tree.fill_first_pending(shape) {
                        return true;
                    }
                }
                FieldNode::Leaf { .. } => {}
            }
        }
        false
    }
}

impl Parse for FieldTree {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let content;
        syn::braced!(content in input);
        let mut fields = Vec::new();
        while !content.is_empty() {
            let field: Ident = content.parse()?;
            let lookahead = content.lookahead1();
            let node = if lookahead.peek(Token![=>]) {
                content.parse::<Token![=>]>()?;
                let ty;
                syn::parenthesized!(ty in content);
                FieldNode::Pending {
                    field,
                    ty: ty.parse()?,
                }
            } else if lookahead.peek(Token![=]) {
                content.parse::<Token![=]>()?;
                FieldNode::Leaf {
                    field,
                    column: content.parse()?,
                }
            } else if lookahead.peek(syn::token::Brace) {
                FieldNode::Flatten {
                    field,
                    tree: content.parse()?,
                }
            } else {
                return Err(lookahead.error());
            };
            fields.push(node);
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        Ok(FieldTree { fields })
    }
}

impl ToTokens for FieldTree {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let fields = self.fields.iter().map(|node| match node {
            FieldNode::Leaf { field, column } => quote!(#field = #column),
            FieldNode::Flatten { field, tree } => quote!(#field #tree),
            FieldNode::Pending { field, ty } => quote!(#field => (#ty)),
        });
        tokens.extend(quote!({ #(#fields),* }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_round_trips_through_tokens() {
        let tree: FieldTree =
            syn::parse_quote!({ id = "id", stats { views = "views" }, author => (super::Author) });
        let again: FieldTree = syn::parse2(tree.to_token_stream()).expect("parses");
        assert_eq!(
            again.to_token_stream().to_string(),
            tree.to_token_stream().to_string()
        );
        let columns: Vec<String> = tree.leaves().iter().map(|(_, c)| c.value()).collect();
        assert_eq!(columns, ["id", "views"]);
        assert!(tree.first_pending().is_some());
    }

    #[test]
    fn filling_the_pending_field_makes_it_flattened() {
        let mut tree: FieldTree = syn::parse_quote!({ id = "id", author => (Author) });
        let author: FieldTree = syn::parse_quote!({ name = "author_name" });
        assert!(tree.fill_first_pending(&author));
        assert!(tree.first_pending().is_none());
        let columns: Vec<String> = tree.leaves().iter().map(|(_, c)| c.value()).collect();
        assert_eq!(columns, ["id", "author_name"]);
        assert!(!tree.fill_first_pending(&author));
    }
}
