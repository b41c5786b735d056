//! Text a driver row does not hold as text (a date, a UUID, JSON in binary form), made on first
//! access and kept for the row's lifetime, so [`crate::RowSource::value`] can lend it as a
//! `&str` like the columns the driver does hold as text; the PostgreSQL and MySQL rows share it.

use std::cell::OnceCell;

/// One cell per column, allocated only for a row that reads such a column.
#[derive(Debug, Default)]
pub(crate) struct TextCells(OnceCell<Box<[OnceCell<String>]>>);

impl TextCells {
    /// Column `index`'s text in a row of `columns` columns, made by `format` on first access.
    pub(crate) fn get(
        &self,
        columns: usize,
        index: usize,
        format: impl FnOnce() -> String,
    ) -> &str {
        let cells = self
            .0
            .get_or_init(|| (0..columns).map(|_| OnceCell::new()).collect());
        match cells.get(index) {
            Some(cell) => cell.get_or_init(format),
            None => "",
        }
    }
}
