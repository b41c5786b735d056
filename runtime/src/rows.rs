//! One-to-many loads: parents with their children, out of the rows of one join or of two
//! queries, so an application gets `Vec<(Post, Vec<Comment>)>` without writing the grouping.
//!
//! Two ways to load a one-to-many, each the cheaper one somewhere:
//!
//! - **One query**, a LEFT JOIN ordered by the parent, `SELECT post.*, comment.* FROM post
//!   LEFT JOIN comment ... ORDER BY post.id`, whose rows are `(Post, Option<Comment>)`, then
//!   [`group_consecutive`]. One round trip, but each parent's columns travel once per child.
//!   Best when children per parent are few or the parent row is narrow.
//! - **Two queries**, the parents, then their children with
//!   `SELECT * FROM comment WHERE post_id IN {ids}`, then [`group_children`] (diesel's
//!   `belonging_to` + `grouped_by`). Two round trips, no repeated parent columns. Best when
//!   parents are wide or have many children each.

use std::collections::HashMap;
use std::hash::Hash;

/// Groups the rows of a LEFT JOIN, `(parent, Option<child>)`, into each parent with its
/// children, in row order: consecutive rows whose parents have equal keys are one parent.
///
/// The rows must come ordered by the parent (`ORDER BY post.id`): a parent whose rows are not
/// consecutive appears once per run. A parent whose only row has no child (`None`, the LEFT
/// JOIN found nothing) gets an empty `Vec`.
///
/// ```
/// # use sqlmint_runtime::rows::group_consecutive;
/// let rows = vec![(1, Some("a")), (1, Some("b")), (2, None), (3, Some("c"))];
/// let grouped = group_consecutive(rows, |post| *post);
/// assert_eq!(grouped, [(1, vec!["a", "b"]), (2, vec![]), (3, vec!["c"])]);
/// ```
pub fn group_consecutive<P, C, K: PartialEq>(
    rows: impl IntoIterator<Item = (P, Option<C>)>,
    key: impl Fn(&P) -> K,
) -> Vec<(P, Vec<C>)> {
    let mut grouped: Vec<(P, Vec<C>)> = Vec::new();
    let mut last_key: Option<K> = None;
    for (parent, child) in rows {
        let parent_key = key(&parent);
        let same = last_key.as_ref() == Some(&parent_key);
        match grouped.last_mut() {
            Some((_, children)) if same => children.extend(child),
            _ => {
                grouped.push((parent, child.into_iter().collect()));
                last_key = Some(parent_key);
            }
        }
    }
    grouped
}

/// Puts each child under its parent, the parents in their own order, each parent's children in
/// theirs: the second half of a two-query load (the parents, then
/// `SELECT * FROM comment WHERE post_id IN {ids}`). A child whose key matches no parent is
/// dropped; a parent without children gets an empty `Vec`.
///
/// ```
/// # use sqlmint_runtime::rows::group_children;
/// let posts = vec![(1, "first"), (2, "second")];
/// let comments = vec![(10, 2), (11, 1), (12, 2)];
/// let grouped = group_children(posts, comments, |post| post.0, |comment| comment.1);
/// assert_eq!(grouped, [((1, "first"), vec![(11, 1)]), ((2, "second"), vec![(10, 2), (12, 2)])]);
/// ```
pub fn group_children<P, C, K: Eq + Hash>(
    parents: impl IntoIterator<Item = P>,
    children: impl IntoIterator<Item = C>,
    parent_key: impl Fn(&P) -> K,
    child_key: impl Fn(&C) -> K,
) -> Vec<(P, Vec<C>)> {
    let mut grouped: Vec<(P, Vec<C>)> = Vec::new();
    let mut position: HashMap<K, usize> = HashMap::new();
    for parent in parents {
        position.entry(parent_key(&parent)).or_insert(grouped.len());
        grouped.push((parent, Vec::new()));
    }
    for child in children {
        if let Some(&at) = position.get(&child_key(&child)) {
            grouped[at].1.push(child);
        }
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_split_across_runs_is_one_group_per_run() {
        let rows = vec![(1, Some('a')), (2, Some('b')), (1, Some('c'))];
        assert_eq!(
            group_consecutive(rows, |p| *p),
            [(1, vec!['a']), (2, vec!['b']), (1, vec!['c'])]
        );
    }

    #[test]
    fn no_rows_no_groups() {
        let rows: Vec<(i32, Option<char>)> = Vec::new();
        assert!(group_consecutive(rows, |p| *p).is_empty());
        assert!(group_children(Vec::<i32>::new(), vec!['x'], |p| *p, |_| 1).is_empty());
    }

    #[test]
    fn children_of_no_parent_are_dropped() {
        let grouped = group_children(vec![1, 2], vec![(1, 'a'), (9, 'z')], |p| *p, |c| c.0);
        assert_eq!(grouped, [(1, vec![(1, 'a')]), (2, vec![])]);
    }
}
