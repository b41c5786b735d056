//! Deep SQL must end in a compile error or an expansion, never in a stack overflow that
//! takes rustc down: the recursive stages run their recursion through [`deep`], which moves
//! onto a fresh stack segment when little is left.
//!
//! The segment is switched on the same thread, so proc_macro spans (tied to the thread the
//! compiler runs the macro on) keep working, which a helper thread would lose.

/// Below this much remaining stack, [`deep`] switches to a new segment; enough for the
/// deepest single step of any stage between two calls of [`deep`] in a debug build.
const RED_ZONE: usize = 256 * 1024;

/// The size of each new segment.
const SEGMENT: usize = 8 * 1024 * 1024;

/// Runs `f`, first moving to a new stack segment if the current one is nearly used up.
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}

/// The stack each macro expansion starts on: enough that walkers without a [`deep`] of
/// their own (derived `Clone` and `Drop` of a long operator chain) have room.
pub(crate) fn expansion<R>(f: impl FnOnce() -> R) -> R {
    stacker::grow(64 * 1024 * 1024, f)
}

/// The first group nested deeper than `limit` groups in `tokens`, found without recursion:
/// syn parses Rust expressions and attributes with recursion and no limit of its own, so
/// input that deep is refused before it reaches syn.
pub(crate) fn group_deeper_than(
    tokens: proc_macro2::TokenStream,
    limit: usize,
) -> Option<proc_macro2::Span> {
    let mut open = vec![tokens.into_iter()];
    while let Some(level) = open.last_mut() {
        match level.next() {
            Some(proc_macro2::TokenTree::Group(group)) => {
                if open.len() > limit {
                    return Some(group.span_open());
                }
                open.push(group.stream().into_iter());
            }
            Some(_) => {}
            None => {
                open.pop();
            }
        }
    }
    None
}

/// The compile error for input refused by [`group_deeper_than`] at `limit`.
pub(crate) fn too_deep(span: proc_macro2::Span, limit: usize) -> proc_macro2::TokenStream {
    syn::Error::new(
        span,
        format!("this input nests deeper than {limit} levels of brackets; split it up"),
    )
    .into_compile_error()
}
