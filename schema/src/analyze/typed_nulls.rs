//! NULLs made typed for PostgreSQL, which cannot type a bare NULL where no context does.

use super::functions::NullArguments;
use super::{Kind, Ty};
use crate::ast::*;
use crate::types::SqlType;

/// `expr`, of type `ty`, as a `CAST(... AS target)` when it is only ever NULL: PostgreSQL
/// types a bare NULL from its context, but makes a CASE of NULLs or a subquery's NULL
/// column TEXT, and cannot type `- NULL` or `sum(NULL)` at all. Returns its type afterwards.
///
/// A bare `NULL` literal is left as it is: PostgreSQL types it from a typed context, and
/// the SQL stays as written. [`forced_typed_null`] casts it too, where no context types it.
pub(super) fn typed_null(expr: &mut Expr, ty: Ty, target: SqlType) -> Ty {
    if matches!(expr.kind, ExprKind::Literal(Literal::Null)) {
        return ty;
    }
    forced_typed_null(expr, ty, target)
}

/// [`typed_null`], bare `NULL` literals included: for `- NULL`, `NULL + NULL`, `sum(NULL)`,
/// which PostgreSQL cannot type.
pub(super) fn forced_typed_null(expr: &mut Expr, ty: Ty, target: SqlType) -> Ty {
    if ty.kind != Kind::Null {
        return ty;
    }
    let range = expr.range;
    let null = std::mem::replace(
        expr,
        Expr {
            kind: ExprKind::Literal(Literal::Null),
            range,
        },
    );
    *expr = Expr {
        kind: ExprKind::Cast {
            expr: Box::new(null),
            ty: target,
        },
        range,
    };
    Ty::known(target, true)
}

/// NULL arguments typed for the functions whose result type follows from them: a number for
/// the numeric functions, the first typed argument's type for `coalesce`, `nullif`, `min`
/// and `max`.
pub(super) fn typed_null_arguments(rule: NullArguments, args: &mut [Expr], types: &mut [Ty]) {
    let first_typed = types.iter().find_map(|ty| match ty.kind {
        Kind::Known(t) => Some(t),
        _ => None,
    });
    let (target, count, forced) = match rule {
        NullArguments::Untyped => return,
        NullArguments::FirstAsNumber => (Some(SqlType::Integer), 1, true),
        NullArguments::FirstLikeTyped => (first_typed, 1, false),
        NullArguments::AllLikeTyped => (first_typed, args.len(), false),
    };
    let Some(target) = target else {
        return;
    };
    for (arg, ty) in args.iter_mut().zip(types.iter_mut()).take(count) {
        *ty = if forced {
            forced_typed_null(arg, *ty, target)
        } else {
            typed_null(arg, *ty, target)
        };
    }
}

/// The select item at `position` in every SELECT of `body`, each only ever NULL there, as a
/// `CAST(... AS target)` (see [`typed_null`]).
pub(super) fn type_null_column(body: &mut SetExpr, position: usize, target: SqlType) {
    match body {
        SetExpr::Select(select) => {
            if let Some(SelectItem::Expr { expr, alias, .. }) = select.items.get_mut(position) {
                // The column keeps its name: SQLite would name it after the CAST's text, and
                // a query reading it from a subquery by name would miss it.
                if let (None, ExprKind::Column(column)) = (&alias, &expr.kind) {
                    *alias = Some(column.column.clone());
                }
                let null = Ty {
                    kind: Kind::Null,
                    nullable: true,
                };
                typed_null(expr, null, target);
            }
        }
        SetExpr::SetOperation { left, right, .. } => {
            type_null_column(left, position, target);
            type_null_column(right, position, target);
        }
    }
}
