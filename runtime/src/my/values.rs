//! How sqlmint's values cross into MariaDB and MySQL: parameters collected by slot and sent in
//! placeholder order (the `?` placeholders are positional, and one slot may stand at several),
//! and row values read back as [`ValueRef`]s, dates and times formatted as the text the
//! temporal decoders read.

use super::wire::consts::ColumnType;
use super::wire::{Params, Row, Value as MyValue};

use crate::error::Error;
use crate::query::{BindDyn, Binder, RowSource};
use crate::text_cells::TextCells;
use crate::value::{Value, ValueRef};
use crate::Result;

/// The character set number of binary strings (`BINARY`, `VARBINARY`, `BLOB`): their bytes
/// are bytes, not text.
const BINARY_CHARSET: u16 = 63;

/// `query`'s parameters in the order of the SQL's placeholders: placeholder `i` binds slot
/// `slots[i]`. Without slots (a hand-written statement that names none), each slot binds the
/// placeholder of its number, in order.
pub(crate) fn params(query: &dyn BindDyn, slots: &[usize]) -> Result<Params> {
    struct BySlot(Vec<Option<MyValue>>);
    impl<'q> Binder<'q> for BySlot {
        fn bind(&mut self, slot: usize, value: Value<'q>) -> Result<(), Error> {
            let value = to_mysql(slot, value)?;
            if slot >= self.0.len() {
                self.0.resize(slot + 1, None);
            }
            self.0[slot] = Some(value);
            Ok(())
        }
    }
    let mut by_slot = BySlot(Vec::with_capacity(slots.len()));
    query.bind_dyn(&mut by_slot)?;
    let mut values = by_slot.0;
    if values.is_empty() {
        return Ok(Params::Empty);
    }
    // Each slot once, in order (the common case): the values move as they are.
    let in_order = slots.is_empty()
        || (slots.iter().enumerate().all(|(i, &slot)| i == slot) && values.len() == slots.len());
    if in_order {
        return values
            .into_iter()
            .enumerate()
            .map(|(slot, value)| value.ok_or_else(|| unbound(slot)))
            .collect::<Result<Vec<_>>>()
            .map(Params::Positional);
    }
    slots
        .iter()
        .map(|&slot| match values.get_mut(slot) {
            Some(Some(value)) => Ok(value.clone()),
            _ => Err(unbound(slot)),
        })
        .collect::<Result<Vec<_>>>()
        .map(Params::Positional)
}

fn unbound(slot: usize) -> Error {
    Error::Bind {
        slot,
        message: "the statement bound no value for this parameter".to_owned(),
    }
}

fn to_mysql(slot: usize, value: Value<'_>) -> Result<MyValue> {
    Ok(match value {
        Value::Null => MyValue::NULL,
        Value::Int(i) => MyValue::Int(i),
        Value::UInt(u) => MyValue::UInt(u),
        Value::Float(f) => MyValue::Double(f),
        // As text, which a DECIMAL column takes exactly.
        Value::Decimal(d) => MyValue::Bytes(d.to_string().into_bytes()),
        Value::Bool(b) => MyValue::Int(i64::from(b)),
        Value::Text(t) => MyValue::Bytes(t.into_owned().into_bytes()),
        Value::Blob(b) => MyValue::Bytes(b.to_vec()),
        // An array column's value: MySQL has no arrays; JSON text, as SQLite stores it.
        Value::Array(values) => MyValue::Bytes(crate::json::array_text(&values).into_bytes()),
        Value::List(_) => {
            return Err(Error::Bind {
                slot,
                message: "MySQL has no list parameters (`x IN {list}` does not compile for it)"
                    .to_owned(),
            })
        }
    })
}

/// A driver row read through [`RowSource`]; dates and times are formatted as text on first
/// access and kept for the row's lifetime.
pub(crate) struct MyRow<'r> {
    row: &'r Row,
    texts: TextCells,
}

impl<'r> MyRow<'r> {
    pub(crate) fn new(row: &'r Row) -> Self {
        MyRow {
            row,
            texts: TextCells::default(),
        }
    }

    fn text(&self, index: usize, format: impl FnOnce() -> String) -> &str {
        self.texts.get(self.row.len(), index, format)
    }
}

impl RowSource for MyRow<'_> {
    fn value(&self, index: usize) -> Result<ValueRef<'_>, Error> {
        let Some(value) = self.row.as_ref(index) else {
            return Err(Error::MissingColumn {
                index,
                found: self.row.len(),
            });
        };
        let column = &self.row.columns_ref()[index];
        Ok(match value {
            MyValue::NULL => ValueRef::Null,
            &MyValue::Int(i) => ValueRef::Int(i),
            &MyValue::UInt(u) => match i64::try_from(u) {
                Ok(i) => ValueRef::Int(i),
                // A BIGINT UNSIGNED above i64: exact as a decimal.
                Err(_) => ValueRef::Decimal(rust_decimal::Decimal::from(u)),
            },
            &MyValue::Float(f) => ValueRef::Float(f64::from(f)),
            &MyValue::Double(f) => ValueRef::Float(f),
            MyValue::Bytes(bytes) => match column.column_type() {
                ColumnType::MYSQL_TYPE_NEWDECIMAL | ColumnType::MYSQL_TYPE_DECIMAL => {
                    match std::str::from_utf8(bytes)
                        .ok()
                        .and_then(|text| text.parse().ok())
                    {
                        Some(decimal) => ValueRef::Decimal(decimal),
                        None => ValueRef::Blob(bytes),
                    }
                }
                _ if column.character_set() == BINARY_CHARSET => ValueRef::Blob(bytes),
                _ => match std::str::from_utf8(bytes) {
                    Ok(text) => ValueRef::Text(text),
                    Err(_) => ValueRef::Blob(bytes),
                },
            },
            &MyValue::Date(y, m, d, h, mi, s, micros) => {
                let date_only = column.column_type() == ColumnType::MYSQL_TYPE_DATE;
                ValueRef::Text(self.text(index, || {
                    let mut text = format!("{y:04}-{m:02}-{d:02}");
                    if !date_only {
                        text.push_str(&format!(" {h:02}:{mi:02}:{s:02}"));
                        push_fraction(&mut text, micros);
                    }
                    text
                }))
            }
            &MyValue::Time(negative, days, h, mi, s, micros) => {
                ValueRef::Text(self.text(index, || {
                    let hours = u64::from(days) * 24 + u64::from(h);
                    let sign = if negative { "-" } else { "" };
                    let mut text = format!("{sign}{hours:02}:{mi:02}:{s:02}");
                    push_fraction(&mut text, micros);
                    text
                }))
            }
        })
    }
}

/// `.ffffff` without its trailing zeros, or nothing for a whole second.
fn push_fraction(text: &mut String, micros: u32) {
    if micros != 0 {
        text.push_str(format!(".{micros:06}").trim_end_matches('0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;

    /// Binds slots 0 and 1, as a statement `query!` generates or one written by hand.
    struct TwoSlots;

    impl Query for TwoSlots {
        type Row = ();
        const COLUMNS: usize = 0;

        fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
            binder.bind(0, Value::Int(7))?;
            binder.bind(1, Value::Text("x".into()))
        }

        fn decode_row<R: RowSource + ?Sized>(_: &R) -> Result<(), Error> {
            Ok(())
        }
    }

    fn positional(params: Params) -> Vec<MyValue> {
        match params {
            Params::Positional(values) => values,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn placeholders_take_their_slots_in_order_repeated_or_not() {
        let text = || MyValue::Bytes(b"x".to_vec());
        assert_eq!(
            positional(params(&TwoSlots, &[0, 1]).unwrap()),
            [MyValue::Int(7), text()]
        );
        assert_eq!(
            positional(params(&TwoSlots, &[1, 0, 1]).unwrap()),
            [text(), MyValue::Int(7), text()]
        );
        // A hand-written statement that names no slots binds them in order.
        assert_eq!(
            positional(params(&TwoSlots, &[]).unwrap()),
            [MyValue::Int(7), text()]
        );
        // A placeholder whose slot nothing bound is an error, not a NULL.
        assert!(matches!(
            params(&TwoSlots, &[0, 2]),
            Err(Error::Bind { slot: 2, .. })
        ));
    }
}
