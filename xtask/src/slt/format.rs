//! How a result value is written for comparison with a `.test` file, as the reference
//! sqllogictest driver for SQLite writes it: the query's type letter picks the conversion
//! (`I` integer, `R` `%.3f`, `T` text), NULL is `NULL`, the empty string `(empty)`, and every
//! byte of text outside `' '..='~'` becomes `@`.
//!
//! Compiled into xtask (and unit-tested there) and copied verbatim into each generated crate,
//! so it uses nothing but `std`.

/// One column value, as read from a typed row field.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (booleans are 0 and 1).
    Int(i64),
    /// A float.
    Float(f64),
    /// An exact decimal, as its text.
    Decimal(String),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

/// `value` as the reference driver prints it for a column of type `letter`.
pub fn format_value(value: &Value, letter: char) -> String {
    if *value == Value::Null {
        return "NULL".to_owned();
    }
    match letter {
        'I' => as_integer(value).to_string(),
        'R' => format_real(as_real(value)),
        _ => {
            let text = as_text(value);
            if text.is_empty() {
                "(empty)".to_owned()
            } else {
                text.iter()
                    .map(|&b| {
                        if (b' '..=b'~').contains(&b) {
                            b as char
                        } else {
                            '@'
                        }
                    })
                    .collect()
            }
        }
    }
}

/// `%.3f` as SQLite's own printf writes it: at most 16 significant digits, zeros after them
/// (`-9223372036854775808.0` prints as `-9223372036854776000.000`).
fn format_real(f: f64) -> String {
    let exact = format!("{f:.3}");
    if !f.is_finite() || f.abs() < 1e12 {
        return exact;
    }
    let scientific = format!("{:.15e}", f.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let Ok(exponent) = exponent.parse::<usize>() else {
        return exact;
    };
    let digits: Vec<char> = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digit = |i: usize| digits.get(i).copied().unwrap_or('0');
    let integer: String = (0..=exponent).map(digit).collect();
    let fraction: String = (exponent + 1..exponent + 4).map(digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    format!("{sign}{integer}.{fraction}")
}

/// SQLite's `sqlite3_column_int64`: floats truncate toward zero, text reads its numeric prefix.
fn as_integer(value: &Value) -> i64 {
    match value {
        Value::Null => 0,
        Value::Int(i) => *i,
        // `as` saturates, as SQLite does for out-of-range floats.
        Value::Float(f) => *f as i64,
        Value::Decimal(text) | Value::Text(text) => integer_prefix(text.as_bytes()),
        Value::Blob(bytes) => integer_prefix(bytes),
    }
}

/// SQLite's `sqlite3_column_double`.
fn as_real(value: &Value) -> f64 {
    match value {
        Value::Null => 0.0,
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Decimal(text) | Value::Text(text) => real_prefix(text.as_bytes()),
        Value::Blob(bytes) => real_prefix(bytes),
    }
}

/// SQLite's `sqlite3_column_text`: numbers as SQLite prints them.
fn as_text(value: &Value) -> Vec<u8> {
    match value {
        Value::Null => Vec::new(),
        Value::Int(i) => i.to_string().into_bytes(),
        Value::Float(f) => sqlite_real_text(*f).into_bytes(),
        Value::Decimal(text) | Value::Text(text) => text.as_bytes().to_vec(),
        Value::Blob(bytes) => bytes.clone(),
    }
}

/// The longest prefix of `text` (after leading spaces) that reads as a number, as an integer;
/// 0 when there is none.
fn integer_prefix(text: &[u8]) -> i64 {
    let prefix = numeric_prefix(text);
    if let Ok(i) = prefix.parse::<i64>() {
        return i;
    }
    prefix.parse::<f64>().map_or(0, |f| f as i64)
}

/// The longest prefix of `text` that reads as a number, as a float; 0.0 when there is none.
fn real_prefix(text: &[u8]) -> f64 {
    numeric_prefix(text).parse().unwrap_or(0.0)
}

fn numeric_prefix(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let text = text.trim_start();
    let bytes = text.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        end = 1;
    }
    let digits = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    end = digits(end);
    if bytes.get(end) == Some(&b'.') {
        end = digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut exponent = end + 1;
        if matches!(bytes.get(exponent), Some(b'+' | b'-')) {
            exponent += 1;
        }
        let after = digits(exponent);
        if after > exponent {
            end = after;
        }
    }
    text[..end].to_owned()
}

/// A float as SQLite writes it (`%!.15g`): 15 significant digits, and always a `.` or an
/// exponent so it reads back as a float (`1.0`, `0.5`, `1.0e+20`).
fn sqlite_real_text(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Inf" } else { "-Inf" }.to_owned();
    }
    if f == 0.0 {
        return "0.0".to_owned();
    }
    let exponent = f.abs().log10().floor() as i32;
    // `{:.14e}` rounds to 15 significant digits; the exponent it prints is the true one.
    let scientific = format!("{f:.14e}");
    let (mantissa, exp) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exp: i32 = exp.parse().unwrap_or(exponent);
    let mantissa = trim_zeros(mantissa);
    if !(-4..15).contains(&exp) {
        let mantissa = if mantissa.contains('.') {
            mantissa
        } else {
            format!("{mantissa}.0")
        };
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let decimals = usize::try_from(14 - exp).unwrap_or(0);
    let fixed = trim_zeros(&format!("{f:.decimals$}"));
    if fixed.contains('.') {
        fixed
    } else {
        format!("{fixed}.0")
    }
}

fn trim_zeros(number: &str) -> String {
    if number.contains('.') {
        number
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned()
    } else {
        number.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_truncate_what_is_not_one() {
        assert_eq!(format_value(&Value::Int(-42), 'I'), "-42");
        assert_eq!(format_value(&Value::Float(2.9), 'I'), "2");
        assert_eq!(format_value(&Value::Float(-2.9), 'I'), "-2");
        assert_eq!(format_value(&Value::Decimal("12.75".into()), 'I'), "12");
        assert_eq!(format_value(&Value::Text("17abc".into()), 'I'), "17");
        assert_eq!(format_value(&Value::Text("1.5e2x".into()), 'I'), "150");
        assert_eq!(format_value(&Value::Text("abc".into()), 'I'), "0");
        assert_eq!(format_value(&Value::Null, 'I'), "NULL");
    }

    #[test]
    fn reals_have_three_decimals() {
        assert_eq!(format_value(&Value::Float(1.0 / 3.0), 'R'), "0.333");
        assert_eq!(format_value(&Value::Int(7), 'R'), "7.000");
        assert_eq!(format_value(&Value::Float(-0.5), 'R'), "-0.500");
        assert_eq!(format_value(&Value::Decimal("2.5".into()), 'R'), "2.500");
        assert_eq!(format_value(&Value::Null, 'R'), "NULL");
        assert_eq!(
            format_value(&Value::Float(-9_223_372_036_854_775_808.0), 'R'),
            "-9223372036854776000.000"
        );
        assert_eq!(
            format_value(&Value::Float(-18_446_744_073_709_551_616.0), 'R'),
            "-18446744073709550000.000"
        );
        assert_eq!(
            format_value(&Value::Float(1_234_567_890_123.456), 'R'),
            "1234567890123.456"
        );
    }

    #[test]
    fn text_marks_empty_and_unprintable_values() {
        assert_eq!(format_value(&Value::Text("a b".into()), 'T'), "a b");
        assert_eq!(format_value(&Value::Text(String::new()), 'T'), "(empty)");
        assert_eq!(format_value(&Value::Text("a\tb\n".into()), 'T'), "a@b@");
        // Each byte of a multi-byte character is replaced, as the C driver does.
        assert_eq!(format_value(&Value::Text("é".into()), 'T'), "@@");
        assert_eq!(format_value(&Value::Int(5), 'T'), "5");
        assert_eq!(format_value(&Value::Blob(b"x\0".to_vec()), 'T'), "x@");
        assert_eq!(format_value(&Value::Null, 'T'), "NULL");
    }

    #[test]
    fn floats_as_text_follow_sqlite() {
        assert_eq!(sqlite_real_text(1.0), "1.0");
        assert_eq!(sqlite_real_text(0.5), "0.5");
        assert_eq!(sqlite_real_text(-12.25), "-12.25");
        assert_eq!(sqlite_real_text(0.1 + 0.2), "0.3");
        assert_eq!(sqlite_real_text(1e20), "1.0e+20");
        assert_eq!(sqlite_real_text(123456789012345.0), "123456789012345.0");
        assert_eq!(sqlite_real_text(0.0001), "0.0001");
        assert_eq!(sqlite_real_text(0.00001), "1.0e-05");
    }
}
