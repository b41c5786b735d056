//! How a placeholder is spelled in each dialect, and how an `INSERT` of many rows is written
//! from the template of its one row: the compiler cuts the template out of the SQL it renders,
//! the runtime repeats its row, and both must number the placeholders alike.

use std::fmt::Write;

use crate::Dialect;

/// Appends the placeholder of parameter `number` (0-based) in `dialect`: `?1`, `$1`, or
/// MySQL's positional `?`.
pub fn write_placeholder(sql: &mut String, dialect: Dialect, number: usize) {
    match dialect {
        Dialect::Sqlite => {
            let _ = write!(sql, "?{}", number + 1);
        }
        Dialect::Postgres => {
            let _ = write!(sql, "${}", number + 1);
        }
        Dialect::MySql => sql.push('?'),
    }
}

/// An `INSERT ... VALUES (row)` in one dialect, cut around its row, as the code `query!`
/// generates holds it: the SQL for many rows repeats the row, each with its own parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchTemplate {
    /// The SQL before the row: `INSERT INTO t (a, b) VALUES `.
    pub head: &'static str,
    /// The row's text around its placeholders: one more piece than there are placeholders
    /// (PostgreSQL's casts stay in the text, after each placeholder).
    pub row: &'static [&'static str],
    /// The parameter slot each placeholder of the row binds, in order.
    pub slots: &'static [usize],
    /// The SQL after the row: ` ON CONFLICT DO NOTHING`, ` RETURNING ...`, or nothing.
    pub tail: &'static str,
    /// How many parameters one row binds (slots `0..params`).
    pub params: usize,
}

impl BatchTemplate {
    /// The SQL inserting `rows` rows, see [`write_batch`].
    pub fn write(&self, dialect: Dialect, rows: usize) -> (String, Vec<usize>) {
        write_batch(
            dialect,
            self.head,
            self.row,
            self.slots,
            self.tail,
            self.params,
            rows,
        )
    }
}

/// The SQL inserting `rows` rows from a template: row `r` binds slots `r * params ..`, and
/// for a dialect with positional placeholders (MySQL), the slot bound at each placeholder in
/// order; empty for the others. One row writes the template's own SQL.
pub fn write_batch<S: AsRef<str>>(
    dialect: Dialect,
    head: &str,
    row: &[S],
    slots: &[usize],
    tail: &str,
    params: usize,
    rows: usize,
) -> (String, Vec<usize>) {
    let row_len: usize = row.iter().map(|piece| piece.as_ref().len()).sum();
    let mut sql =
        String::with_capacity(head.len() + tail.len() + rows * (row_len + 8 * slots.len() + 2));
    let mut positional = Vec::new();
    sql.push_str(head);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        for (piece, &slot) in row.iter().zip(slots) {
            sql.push_str(piece.as_ref());
            let number = r * params + slot;
            write_placeholder(&mut sql, dialect, number);
            if dialect == Dialect::MySql {
                positional.push(number);
            }
        }
        if let Some(last) = row.last() {
            sql.push_str(last.as_ref());
        }
    }
    sql.push_str(tail);
    (sql, positional)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: BatchTemplate = BatchTemplate {
        head: "INSERT INTO t (a, b) VALUES ",
        row: &["(", ", ", ")"],
        slots: &[0, 1],
        tail: " RETURNING id",
        params: 2,
    };

    #[test]
    fn rows_number_their_placeholders_after_the_rows_before() {
        let (sql, positional) = TEMPLATE.write(Dialect::Sqlite, 3);
        assert_eq!(
            sql,
            "INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4), (?5, ?6) RETURNING id"
        );
        assert!(positional.is_empty());
        let (sql, _) = TEMPLATE.write(Dialect::Postgres, 2);
        assert_eq!(
            sql,
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING id"
        );
        let (sql, positional) = TEMPLATE.write(Dialect::MySql, 2);
        assert_eq!(
            sql,
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) RETURNING id"
        );
        assert_eq!(positional, [0, 1, 2, 3]);
    }

    #[test]
    fn a_parameter_used_twice_in_a_row_is_bound_once_per_row() {
        let template = BatchTemplate {
            row: &["(", ", ", " || 'x')"],
            slots: &[0, 0],
            params: 1,
            ..TEMPLATE
        };
        let (sql, positional) = template.write(Dialect::MySql, 2);
        assert_eq!(
            sql,
            "INSERT INTO t (a, b) VALUES (?, ? || 'x'), (?, ? || 'x') RETURNING id"
        );
        assert_eq!(positional, [0, 0, 1, 1]);
        let (sql, _) = template.write(Dialect::Sqlite, 2);
        assert_eq!(
            sql,
            "INSERT INTO t (a, b) VALUES (?1, ?1 || 'x'), (?2, ?2 || 'x') RETURNING id"
        );
    }
}
