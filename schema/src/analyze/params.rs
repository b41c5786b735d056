//! Parameters: each takes the type of what it first meets, and must keep it.

use super::{Analyzer, ParamInfo, ParamState, MAX_OPTIONAL_PARAMS};
use crate::ast::*;
use crate::types::SqlType;

impl Analyzer<'_> {
    /// Starts tracking a parameter at its first appearance.
    pub(super) fn register_param(&mut self, param: &Param) {
        if param.optional && !self.optional_allowed {
            self.errors.at(
                param.span,
                "an optional parameter (`?`) goes in a WHERE or HAVING condition, which is left out when it is `None`, or is a whole LIMIT or OFFSET; write it without `?` to bind NULL here",
            );
        }
        if let Some(entry @ None) = self.params.get_mut(param.slot) {
            *entry = Some(ParamState {
                info: ParamInfo {
                    kind: param.kind.clone(),
                    span: param.span,
                    ty: SqlType::Text,
                    nullable: false,
                    list: false,
                    optional: param.optional,
                    column: None,
                },
                ty: None,
                nullable: false,
                may_be_null: false,
            });
        }
    }

    /// Marks a parameter as one that may be bound as NULL whatever its other uses allow: it
    /// is tested with `IS NULL`, or has a fallback in `coalesce`.
    pub(super) fn param_may_be_null(&mut self, slot: usize) {
        if let Some(Some(state)) = self.params.get_mut(slot) {
            state.may_be_null = true;
        }
    }

    /// The type a parameter has been given so far.
    pub(super) fn param_type(&self, slot: usize) -> Option<SqlType> {
        self.params
            .get(slot)
            .and_then(|p| p.as_ref())
            .and_then(|p| p.ty)
    }

    /// Makes `other` take whatever type `slot` is given: two parameters SQL says are one type
    /// (the results of one CASE).
    pub(super) fn link_params(&mut self, slot: usize, other: usize) {
        self.param_links.push((slot, other));
    }

    /// Gives a parameter with no type yet the type `ty`, where no expression is at hand to
    /// blame for a conflict (there is none: it had no type).
    pub(super) fn fix_param_quietly(&mut self, slot: usize, ty: SqlType, nullable: bool) {
        if let Some(Some(state)) = self.params.get_mut(slot) {
            if state.ty.is_none() {
                state.ty = Some(ty);
                state.nullable = nullable;
            }
        }
    }

    /// Records that the parameter is a value of, or is compared with, `column` (`posts.id`),
    /// unless an earlier use already named one.
    pub(super) fn param_meets_column(&mut self, slot: usize, column: String) {
        if let Some(Some(state)) = self.params.get_mut(slot) {
            state.info.column.get_or_insert(column);
        }
    }

    pub(super) fn fix_param(&mut self, slot: usize, ty: SqlType, nullable: bool, at: &Expr) {
        let linked: Vec<usize> = self
            .param_links
            .iter()
            .filter(|(from, _)| *from == slot)
            .map(|(_, to)| *to)
            .collect();
        for other in linked {
            if other != slot && self.param_type(other).is_none() {
                self.fix_param(other, ty, nullable, at);
            }
        }
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

    /// Optional parameters (`{title?}`) make one SQL string per combination of given and
    /// `None`: a bounded number of them, and a named one is optional everywhere or nowhere
    /// (`.params(...)` takes one value for it).
    pub(super) fn check_optional_params(&mut self, params: &[ParamInfo]) {
        let optional: Vec<&ParamInfo> = params.iter().filter(|p| p.optional).collect();
        if let Some(first_over) = optional.get(MAX_OPTIONAL_PARAMS) {
            self.errors.at(
                first_over.span,
                format!(
                    "a statement takes at most {MAX_OPTIONAL_PARAMS} optional parameters: it is compiled to one SQL string for each combination of them given or `None` ({} for {MAX_OPTIONAL_PARAMS}), and this is the {}th; split the statement, or bind this one without `?`",
                    1 << MAX_OPTIONAL_PARAMS,
                    MAX_OPTIONAL_PARAMS + 1
                ),
            );
        }
        for (slot, param) in params.iter().enumerate() {
            let ParamKind::Named(name) = &param.kind else {
                continue;
            };
            let other = params[..slot].iter().find(|p| {
                matches!(&p.kind, ParamKind::Named(n) if n == name) && p.optional != param.optional
            });
            if other.is_some() {
                self.errors.at(
                    param.span,
                    format!("`:{name}` is written both with `?` (optional) and without; `.params(...)` takes one value for it, so write it the same way everywhere"),
                );
            }
        }
    }
}
