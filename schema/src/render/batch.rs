//! The template an `INSERT ... VALUES (row)` is batched with: its SQL cut around the one row,
//! so the executors can write the same INSERT for many rows by repeating the row with its
//! placeholders renumbered, and nothing else of the SQL is made at run time.

use super::Writer;
use crate::analyze::ParamInfo;
use crate::ast::{ConflictAction, InsertSource, Statement};
use crate::dialect::Dialect;

/// An `INSERT` of one row of values, cut around that row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchTemplate {
    /// The SQL before the row: `INSERT INTO t (a, b) VALUES `.
    pub head: String,
    /// The row's text between its placeholders: one more piece than placeholders.
    pub row: Vec<String>,
    /// The parameter slot each placeholder of the row binds, in order.
    pub slots: Vec<usize>,
    /// The SQL after the row: ` ON CONFLICT DO NOTHING`, ` RETURNING ...`, or nothing.
    pub tail: String,
    /// How many parameters one row binds.
    pub params: usize,
}

impl BatchTemplate {
    /// The SQL inserting `rows` rows, as the runtime writes it from the same template.
    pub fn write(&self, dialect: Dialect, rows: usize) -> String {
        sqlmint_core::write_batch(
            dialect,
            &self.head,
            &self.row,
            &self.slots,
            &self.tail,
            self.params,
            rows,
        )
        .0
    }
}

/// The batch template of `statement` from the `writer` that wrote it, or `None` when many of
/// its rows cannot run as one statement with the same effect:
/// - it is not an `INSERT ... VALUES` of exactly one row;
/// - a parameter is bound outside the row (in `ON CONFLICT ... DO UPDATE SET c = {v}`), or is
///   an optional predicate's or a list;
/// - it updates on conflict: PostgreSQL refuses one statement that updates a row twice, where
///   one statement per row would update it twice.
pub(super) fn cut_batch(
    writer: &Writer,
    statement: &Statement,
    params: &[ParamInfo],
) -> Option<BatchTemplate> {
    let Statement::Insert(insert) = statement else {
        return None;
    };
    let InsertSource::Values(rows) = &insert.source else {
        return None;
    };
    let updates_on_conflict = insert
        .on_conflict
        .as_ref()
        .is_some_and(|c| matches!(c.action, ConflictAction::Update { .. }));
    if rows.len() != 1 || updates_on_conflict || params.iter().any(|p| p.optional || p.list) {
        return None;
    }
    let row = writer.values_row.clone()?;
    let mut pieces = Vec::new();
    let mut slots = Vec::new();
    let mut at = row.start;
    for (placeholder, slot) in &writer.placeholders {
        // Untyped SQL (rendered without its parameters' facts) has no template either.
        let outside_row = placeholder.start < row.start || placeholder.end > row.end;
        if outside_row || *slot >= params.len() {
            return None;
        }
        pieces.push(writer.sql[at..placeholder.start].to_owned());
        slots.push(*slot);
        at = placeholder.end;
    }
    pieces.push(writer.sql[at..row.end].to_owned());
    Some(BatchTemplate {
        head: writer.sql[..row.start].to_owned(),
        row: pieces,
        slots,
        tail: writer.sql[row.end..].to_owned(),
        params: params.len(),
    })
}
