//! Rows of a table's insertable structs as the data of PostgreSQL's `COPY ... FROM STDIN`,
//! which both PostgreSQL executors' `copy_in` stream to the server: one statement for any
//! number of rows, without a parameter limit or a plan.
//!
//! COPY's text format, not its binary one: sqlmint sends dates, timestamps, UUIDs and JSON to
//! PostgreSQL as text for the server to parse (see `render`'s casts), and the text format lets
//! the server parse them here too, exactly as it parses those parameters.

use crate::error::Error;
use crate::query::{Binder, Query};
use crate::value::Value;

/// How much COPY data is gathered before it is sent: big enough that a send carries many
/// rows, small enough that a load of any size streams in constant memory.
pub(crate) const SEND_AT: usize = 64 * 1024;

/// Appends `row` to `out` in COPY's text format: one line, its columns' values in the order
/// the statement binds them, separated by tabs.
pub(crate) fn write_row<Q: Query>(row: &Q, out: &mut Vec<u8>) -> Result<(), Error> {
    /// Writes each value as it is bound; slots arrive in order, one per column.
    struct Line<'o> {
        out: &'o mut Vec<u8>,
        first: bool,
    }

    impl<'q> Binder<'q> for Line<'_> {
        fn bind(&mut self, _slot: usize, value: Value<'q>) -> Result<(), Error> {
            if !self.first {
                self.out.push(b'\t');
            }
            self.first = false;
            write_value(&value, self.out);
            Ok(())
        }
    }

    row.bind(&mut Line {
        out: &mut *out,
        first: true,
    })?;
    out.push(b'\n');
    Ok(())
}

/// One value as COPY's text format reads it: `\N` for NULL, the type's text form otherwise,
/// with backslash, tab, newline and carriage return escaped.
fn write_value(value: &Value<'_>, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"\\N"),
        Value::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Value::UInt(u) => out.extend_from_slice(u.to_string().as_bytes()),
        Value::Float(f) => write_float(*f, out),
        Value::Decimal(d) => out.extend_from_slice(d.to_string().as_bytes()),
        Value::Bool(b) => out.push(if *b { b't' } else { b'f' }),
        Value::Text(t) => escape(t.as_bytes(), out),
        // bytea's hex form, its backslash escaped for COPY.
        Value::Blob(bytes) => {
            out.extend_from_slice(b"\\\\x");
            for byte in bytes.iter() {
                out.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
        }
        Value::List(values) | Value::Array(values) => {
            let mut literal = String::new();
            array_literal(values, &mut literal);
            escape(literal.as_bytes(), out);
        }
    }
}

/// A float as PostgreSQL's input reads it: Rust writes infinities `inf`, PostgreSQL wants
/// `Infinity`.
fn write_float(f: f64, out: &mut Vec<u8>) {
    let text = if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if f.is_nan() {
        "NaN".to_owned()
    } else {
        f.to_string()
    };
    out.extend_from_slice(text.as_bytes());
}

/// COPY's escapes for the characters that would end a value, a row, or start an escape.
fn escape(text: &[u8], out: &mut Vec<u8>) {
    for &byte in text {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
}

/// An array column's value as PostgreSQL's array literal: `{1,NULL,"a \"b\""}`.
fn array_literal(values: &[Value<'_>], out: &mut String) {
    out.push('{');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        match value {
            Value::Null => out.push_str("NULL"),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::UInt(u) => out.push_str(&u.to_string()),
            Value::Float(f) => {
                let mut text = Vec::new();
                write_float(*f, &mut text);
                out.push_str(&String::from_utf8_lossy(&text));
            }
            Value::Decimal(d) => out.push_str(&d.to_string()),
            Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
            Value::Text(t) => quoted_element(t, out),
            Value::Blob(bytes) => {
                let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
                quoted_element(&format!("\\x{hex}"), out);
            }
            Value::List(inner) | Value::Array(inner) => array_literal(inner, out),
        }
    }
    out.push('}');
}

/// An array element in double quotes, its quotes and backslashes escaped.
fn quoted_element(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn line(values: &[Value<'_>]) -> String {
        let mut out = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                out.push(b'\t');
            }
            write_value(value, &mut out);
        }
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn values_escape_what_would_end_a_column_or_a_row() {
        assert_eq!(
            line(&[
                Value::Int(-7),
                Value::Null,
                Value::Text(Cow::Borrowed("a\tb\nc\\d\re")),
                Value::Bool(true),
                Value::Float(f64::NEG_INFINITY),
                Value::Blob(&[0, 255]),
            ]),
            "-7\t\\N\ta\\tb\\nc\\\\d\\re\tt\t-Infinity\t\\\\x00ff"
        );
    }

    #[test]
    fn arrays_are_literals_with_quoted_text() {
        let array = Value::Array(vec![
            Value::Text(Cow::Borrowed("say \"hi\"")),
            Value::Null,
            Value::Text(Cow::Borrowed("back\\slash")),
        ]);
        // The literal `{"say \"hi\"",NULL,"back\\slash"}`, its backslashes doubled for COPY.
        assert_eq!(line(&[array]), r#"{"say \\"hi\\"",NULL,"back\\\\slash"}"#);
    }
}
