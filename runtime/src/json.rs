//! The little JSON sqlmint needs without a JSON library: arrays of scalars, which is how
//! SQLite stores list parameters and array columns (and MySQL array columns).

use crate::value::Value;

/// One element of a flat JSON array.
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Number(String),
    String(String),
}

/// Reads `[1, "a", null, true]`; nested arrays and objects are not array elements here.
pub(crate) fn parse_array(text: &str) -> Option<Vec<Scalar>> {
    let mut chars = text.trim().chars().peekable();
    let mut elements = Vec::new();
    if chars.next()? != '[' {
        return None;
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.peek()? {
            ']' if elements.is_empty() => {
                chars.next();
                break;
            }
            '"' => {
                chars.next();
                let mut string = String::new();
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            'n' => string.push('\n'),
                            't' => string.push('\t'),
                            'r' => string.push('\r'),
                            'b' => string.push('\u{8}'),
                            'f' => string.push('\u{c}'),
                            'u' => {
                                let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                                string.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                            }
                            other => string.push(other),
                        },
                        c => string.push(c),
                    }
                }
                elements.push(Scalar::String(string));
            }
            _ => {
                let mut word = String::new();
                while chars
                    .peek()
                    .is_some_and(|c| !matches!(c, ',' | ']') && !c.is_whitespace())
                {
                    word.extend(chars.next());
                }
                elements.push(match word.as_str() {
                    "null" => Scalar::Null,
                    "true" => Scalar::Bool(true),
                    "false" => Scalar::Bool(false),
                    _ if word.parse::<f64>().is_ok() => Scalar::Number(word),
                    _ => return None,
                });
            }
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next()? {
            ',' => continue,
            ']' => break,
            _ => return None,
        }
    }
    chars.all(char::is_whitespace).then_some(elements)
}

/// Appends `text` as a JSON string.
pub(crate) fn push_string(json: &mut String, text: &str) {
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            c if (c as u32) < 0x20 => json.push_str(&format!("\\u{:04x}", c as u32)),
            c => json.push(c),
        }
    }
    json.push('"');
}

/// An array column's value as the JSON text SQLite and MySQL store it in: numbers stay numbers,
/// decimals and text become strings; blobs (not in JSON) as their bytes read as UTF-8.
#[cfg(any(feature = "sqlite", feature = "mysql", feature = "mysql-async"))]
pub(crate) fn array_text(values: &[Value<'_>]) -> String {
    let mut json = String::from("[");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        match value {
            Value::Null => json.push_str("null"),
            Value::Int(i) => json.push_str(&i.to_string()),
            Value::UInt(u) => json.push_str(&u.to_string()),
            Value::Float(f) if f.is_finite() => json.push_str(&f.to_string()),
            Value::Float(_) => json.push_str("null"),
            Value::Bool(b) => json.push_str(if *b { "1" } else { "0" }),
            Value::Decimal(d) => push_string(&mut json, &d.to_string()),
            Value::Text(t) => push_string(&mut json, t),
            Value::Blob(b) => push_string(&mut json, &String::from_utf8_lossy(b)),
            Value::List(inner) | Value::Array(inner) => json.push_str(&array_text(inner)),
        }
    }
    json.push(']');
    json
}
