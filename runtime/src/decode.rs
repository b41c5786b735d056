//! How a column value becomes a Rust value: `Decode<S>` is implemented for the Rust type that
//! `query!` chose for SQL type `S`, and checks the value the driver handed back.

use crate::sql_types::*;
use crate::value::ValueRef;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Why one column value could not be read as the Rust type the query declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The column held NULL where the query's types say it cannot.
    UnexpectedNull,
    /// The value is of another kind, or out of the Rust type's range.
    Mismatch {
        /// What the query expected, e.g. `INTEGER as i32`.
        expected: String,
        /// What the database returned, e.g. `text "abc"`.
        found: String,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::UnexpectedNull => {
                f.write_str("unexpected NULL in a column declared NOT NULL")
            }
            DecodeError::Mismatch { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// A Rust type that a column of SQL type `S` can be read into.
///
/// Integers and floats also read into a wider Rust type of their kind (`INTEGER` into `i64`,
/// `REAL` into `f64`), as `From` widens them: an application's own row struct can hold every
/// id as `i64`.
#[diagnostic::on_unimplemented(
    message = "a SQL `{S}` column cannot be read as `{Self}`",
    label = "this column is SQL `{S}`, read into `{Self}`",
    note = "`sqlmint::sql_types::{S}` lists the Rust types it reads into"
)]
pub trait Decode<S>: Sized {
    /// Reads one column value.
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError>;
}

/// A Rust type that can hold the NULL of a nullable column: `Option<T>`. A field of an
/// application's row struct for a column that may be NULL must be one.
#[diagnostic::on_unimplemented(
    message = "this column may be NULL, and `{Self}` cannot hold NULL",
    label = "the column is nullable; read it as `Option<{Self}>`",
    note = "a column is nullable when it is declared without NOT NULL, or an outer join or an aggregate over no rows can leave it NULL"
)]
pub trait AcceptsNull {}

impl<T> AcceptsNull for Option<T> {}

impl<S, T: Decode<S>> Decode<S> for Option<T> {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        match value {
            ValueRef::Null => Ok(None),
            other => T::decode(other).map(Some),
        }
    }
}

fn mismatch<S: SqlType>(rust: &str, value: ValueRef<'_>) -> DecodeError {
    if value == ValueRef::Null {
        return DecodeError::UnexpectedNull;
    }
    let found = match value {
        ValueRef::Int(i) => format!("integer {i}"),
        ValueRef::Float(f) => format!("float {f}"),
        ValueRef::Decimal(d) => format!("decimal {d}"),
        ValueRef::Bool(b) => format!("boolean {b}"),
        ValueRef::Text(t) => format!("text {t:?}"),
        ValueRef::Blob(b) => format!("blob of {} bytes", b.len()),
        ValueRef::Null => "NULL".to_owned(),
    };
    DecodeError::Mismatch {
        expected: format!("{} as {rust}", S::NAME),
        found,
    }
}

macro_rules! decode_int {
    ($($sql:ty => $rust:ty),*) => {$(
        impl Decode<$sql> for $rust {
            fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
                match value {
                    ValueRef::Int(i) => <$rust>::try_from(i).map_err(|_| mismatch::<$sql>(stringify!($rust), value)),
                    ValueRef::Bool(b) => Ok(<$rust>::from(b)),
                    // SQLite keeps whole numbers computed in floating point as floats. The upper
                    // bound is -MIN (2^(bits-1)), exclusive: `MAX as f64` rounds up to it for
                    // i64, and `as` would clamp it to MAX.
                    ValueRef::Float(f) if f.fract() == 0.0 && f >= <$rust>::MIN as f64 && f < -(<$rust>::MIN as f64) => Ok(f as $rust),
                    // PostgreSQL sums BIGINTs to NUMERIC, and `nullif`/`coalesce` of an integer
                    // against a NUMERIC are NUMERIC: a whole number in range is the integer.
                    ValueRef::Decimal(d) if d.fract().is_zero() => i64::try_from(d)
                        .ok()
                        .and_then(|i| <$rust>::try_from(i).ok())
                        .ok_or_else(|| mismatch::<$sql>(stringify!($rust), value)),
                    other => Err(mismatch::<$sql>(stringify!($rust), other)),
                }
            }
        }
    )*};
}

decode_int!(SMALLINT => i16, INTEGER => i32, BIGINT => i64);
// Widening, as `From` does: lossless, so a struct may hold every integer column as `i64`.
decode_int!(SMALLINT => i32, SMALLINT => i64, INTEGER => i64);

/// Reads an unsigned integer column: an integer in range, a whole float (SQLite's arithmetic),
/// or a whole decimal (PostgreSQL's NUMERIC, which holds a `BIGINT UNSIGNED`; MySQL's values
/// above `i64::MAX`).
macro_rules! decode_unsigned {
    ($($sql:ty => $rust:ty),*) => {$(
        impl Decode<$sql> for $rust {
            fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
                let out_of_range = || mismatch::<$sql>(stringify!($rust), value);
                match value {
                    ValueRef::Int(i) => <$rust>::try_from(i).map_err(|_| out_of_range()),
                    ValueRef::Bool(b) => Ok(<$rust>::from(b)),
                    // `MAX as f64` may round up past MAX: the bound is MAX + 1, exclusive.
                    ValueRef::Float(f) if f.fract() == 0.0 && f >= 0.0 && f < (<$rust>::MAX as f64 + 1.0) => Ok(f as $rust),
                    ValueRef::Decimal(d) if d.fract().is_zero() => u64::try_from(d)
                        .ok()
                        .and_then(|u| <$rust>::try_from(u).ok())
                        .ok_or_else(out_of_range),
                    other => Err(mismatch::<$sql>(stringify!($rust), other)),
                }
            }
        }
    )*};
}

decode_unsigned!(INTEGER_UNSIGNED => u32, INTEGER_UNSIGNED => u64, BIGINT_UNSIGNED => u64);
// An INTEGER UNSIGNED always fits an i64.
decode_int!(INTEGER_UNSIGNED => i64);

macro_rules! decode_float {
    ($($sql:ty => $rust:ty),*) => {$(
        impl Decode<$sql> for $rust {
            fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
                let out_of_range = || mismatch::<$sql>(stringify!($rust), value);
                match value {
                    // Rounding to the float's precision is what REAL means; leaving its range
                    // (1e300 as f32 is inf) is not.
                    ValueRef::Float(f) => {
                        let narrowed = f as $rust;
                        if narrowed.is_infinite() && f.is_finite() { Err(out_of_range()) } else { Ok(narrowed) }
                    }
                    // An integer the float cannot hold exactly would come back another number.
                    ValueRef::Int(i) => {
                        let float = i as $rust;
                        if float as i128 == i128::from(i) { Ok(float) } else { Err(out_of_range()) }
                    }
                    ValueRef::Decimal(d) => f64::try_from(d)
                        .ok()
                        .map(|f| f as $rust)
                        .filter(|f| f.is_finite())
                        .ok_or_else(out_of_range),
                    other => Err(mismatch::<$sql>(stringify!($rust), other)),
                }
            }
        }
    )*};
}

decode_float!(REAL => f32, DOUBLE => f64);
decode_float!(REAL => f64);

/// The significant digits of a REAL that SQLite keeps when it turns text into one, and prints:
/// what a NUMERIC holds there when it is not a 64-bit integer.
pub(crate) const REAL_DECIMAL_DIGITS: u32 = 15;

impl Decode<NUMERIC> for Decimal {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        let parsed = match value {
            ValueRef::Decimal(d) => Some(d),
            ValueRef::Int(i) => Some(Decimal::from(i)),
            // SQLite stores a NUMERIC that is not a whole number as a REAL, of which it keeps
            // (and prints) 15 significant digits: rounded to those, the float is the decimal
            // the user wrote (12.2, not 12.199999999999999), and a sum of decimals carries no
            // float noise (0.3, not 0.30000000000000004).
            // A float too small for a decimal's 28 places would round to another number.
            ValueRef::Float(f) if f.is_finite() => {
                let precision = REAL_DECIMAL_DIGITS as usize - 1;
                let rounded = format!("{f:.precision$e}");
                // Without the mantissa's trailing zeros, which would count against the scale.
                let (mantissa, exponent) = rounded.split_once('e').unwrap_or((&rounded, "0"));
                let mantissa = if mantissa.contains('.') {
                    mantissa.trim_end_matches('0').trim_end_matches('.')
                } else {
                    mantissa
                };
                Decimal::from_scientific(&format!("{mantissa}e{exponent}"))
                    .ok()
                    .map(|d| d.normalize())
                    .filter(|d| {
                        f64::try_from(*d).is_ok_and(|back| (back - f).abs() <= f.abs() * 1e-14)
                    })
            }
            ValueRef::Text(t) => Decimal::from_str(t).ok(),
            _ => None,
        };
        // Not normalized: NUMERIC(10, 2)'s 2.50 stays 2.50, its scale is part of the value.
        parsed.ok_or_else(|| mismatch::<NUMERIC>("Decimal", value))
    }
}

impl Decode<BOOLEAN> for bool {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        match value {
            ValueRef::Bool(b) => Ok(b),
            ValueRef::Int(i) => Ok(i != 0),
            other => Err(mismatch::<BOOLEAN>("bool", other)),
        }
    }
}

fn decode_text<S: SqlType>(value: ValueRef<'_>) -> Result<String, DecodeError> {
    match value {
        ValueRef::Text(t) => Ok(t.to_owned()),
        // SQLite's dynamic typing can hand back a number where a text column was declared.
        ValueRef::Int(i) => Ok(i.to_string()),
        ValueRef::Float(f) => Ok(f.to_string()),
        ValueRef::Decimal(d) => Ok(d.to_string()),
        ValueRef::Blob(b) => {
            String::from_utf8(b.to_vec()).map_err(|_| mismatch::<S>("String", value))
        }
        other => Err(mismatch::<S>("String", other)),
    }
}

impl Decode<TEXT> for String {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        decode_text::<TEXT>(value)
    }
}

impl Decode<DATE> for String {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        decode_text::<DATE>(value)
    }
}

impl Decode<TIMESTAMP> for String {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        decode_text::<TIMESTAMP>(value)
    }
}

macro_rules! decode_as_text {
    ($($sql:ty),*) => {$(
        impl Decode<$sql> for String {
            fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
                decode_text::<$sql>(value)
            }
        }
    )*};
}

decode_as_text!(TIMESTAMPTZ, UUID, JSON);

/// Text parsed into a richer Rust type, naming the type when it does not parse.
#[cfg(any(
    feature = "chrono",
    feature = "time",
    feature = "uuid",
    feature = "json"
))]
fn parse_text<S: SqlType, T>(
    value: ValueRef<'_>,
    rust: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, DecodeError> {
    match value {
        ValueRef::Text(text) => parse(text).ok_or_else(|| mismatch::<S>(rust, value)),
        other => Err(mismatch::<S>(rust, other)),
    }
}

#[cfg(feature = "chrono")]
impl Decode<DATE> for chrono::NaiveDate {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        parse_text::<DATE, _>(value, "chrono::NaiveDate", |t| t.get(..10)?.parse().ok())
    }
}

#[cfg(feature = "chrono")]
fn parse_naive_datetime(text: &str) -> Option<chrono::NaiveDateTime> {
    let text = text.replacen('T', " ", 1);
    chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
        .ok()
}

#[cfg(feature = "chrono")]
impl Decode<TIMESTAMP> for chrono::NaiveDateTime {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        parse_text::<TIMESTAMP, _>(value, "chrono::NaiveDateTime", parse_naive_datetime)
    }
}

#[cfg(feature = "chrono")]
impl Decode<TIMESTAMPTZ> for chrono::DateTime<chrono::Utc> {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        parse_text::<TIMESTAMPTZ, _>(value, "chrono::DateTime<Utc>", |text| {
            let text = text.replacen('T', " ", 1);
            // `+00` (PostgreSQL), `+00:00`, `Z`, or no offset at all (read as UTC).
            let with_offset = if text.ends_with('Z') {
                format!("{}+00:00", &text[..text.len() - 1])
            } else if text.len() > 3 && matches!(text.as_bytes()[text.len() - 3], b'+' | b'-') {
                format!("{text}:00")
            } else {
                text.clone()
            };
            chrono::DateTime::parse_from_str(&with_offset, "%Y-%m-%d %H:%M:%S%.f%:z")
                .map(|t| t.with_timezone(&chrono::Utc))
                .ok()
                .or_else(|| parse_naive_datetime(&text).map(|t| t.and_utc()))
        })
    }
}

/// The text of a date or a time read as the `time` crate's types, in the shapes the chrono
/// decoders take: `T` or a space between date and time, seconds and their fraction optional,
/// an offset of `Z`, `+HH` or `+HH:MM` (none is UTC).
#[cfg(feature = "time")]
mod time_parse {
    use time::macros::format_description;
    use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

    pub(super) fn date(text: &str) -> Option<Date> {
        Date::parse(text.get(..10)?, format_description!("[year]-[month]-[day]")).ok()
    }

    pub(super) fn date_time(text: &str) -> Option<PrimitiveDateTime> {
        let text = text.replacen('T', " ", 1);
        PrimitiveDateTime::parse(
            &text,
            format_description!(
                "[year]-[month]-[day] [hour]:[minute][optional [:[second][optional [.[subsecond]]]]]"
            ),
        )
        .ok()
    }

    pub(super) fn offset_date_time(text: &str) -> Option<OffsetDateTime> {
        let text = text.replacen('T', " ", 1);
        let (local, offset) = match text.strip_suffix('Z') {
            Some(local) => (local.to_owned(), UtcOffset::UTC),
            None => match text.rfind(['+', '-']).filter(|&at| at > 10) {
                Some(at) => {
                    let (local, offset) = text.split_at(at);
                    let offset = if offset.len() == 3 {
                        format!("{offset}:00")
                    } else {
                        offset.to_owned()
                    };
                    let offset = UtcOffset::parse(
                        &offset,
                        format_description!("[offset_hour sign:mandatory]:[offset_minute]"),
                    )
                    .ok()?;
                    (local.to_owned(), offset)
                }
                None => (text.clone(), UtcOffset::UTC),
            },
        };
        Some(
            date_time(&local)?
                .assume_offset(offset)
                .to_offset(UtcOffset::UTC),
        )
    }
}

#[cfg(feature = "time")]
impl Decode<DATE> for time::Date {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        parse_text::<DATE, _>(value, "time::Date", time_parse::date)
    }
}

#[cfg(feature = "time")]
impl Decode<TIMESTAMP> for time::PrimitiveDateTime {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        parse_text::<TIMESTAMP, _>(value, "time::PrimitiveDateTime", time_parse::date_time)
    }
}

#[cfg(feature = "time")]
impl Decode<TIMESTAMPTZ> for time::OffsetDateTime {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        parse_text::<TIMESTAMPTZ, _>(value, "time::OffsetDateTime", time_parse::offset_date_time)
    }
}

#[cfg(feature = "uuid")]
impl Decode<UUID> for uuid::Uuid {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        match value {
            ValueRef::Blob(bytes) => {
                uuid::Uuid::from_slice(bytes).map_err(|_| mismatch::<UUID>("uuid::Uuid", value))
            }
            other => parse_text::<UUID, _>(other, "uuid::Uuid", |t| t.parse().ok()),
        }
    }
}

#[cfg(feature = "json")]
impl Decode<JSON> for serde_json::Value {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        parse_text::<JSON, _>(value, "serde_json::Value", |t| serde_json::from_str(t).ok())
    }
}

/// An array arrives as JSON text (SQLite stores it so; the PostgreSQL reader writes its binary
/// arrays so), and each element is read as `T`.
impl<S, T: Decode<S>> Decode<Array<S>> for Vec<T> {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        let ValueRef::Text(text) = value else {
            return Err(DecodeError::Mismatch {
                expected: "an array as JSON text".to_owned(),
                found: value.kind().to_owned(),
            });
        };
        let elements = crate::json::parse_array(text).ok_or_else(|| DecodeError::Mismatch {
            expected: "an array as JSON text".to_owned(),
            found: format!("text {text:?}"),
        })?;
        elements
            .iter()
            .map(|element| {
                let value = match element {
                    crate::json::Scalar::Null => ValueRef::Null,
                    crate::json::Scalar::Bool(b) => ValueRef::Bool(*b),
                    crate::json::Scalar::Number(n) => match n.parse::<i64>() {
                        Ok(i) => ValueRef::Int(i),
                        Err(_) => Decimal::from_str(n)
                            .map(ValueRef::Decimal)
                            .unwrap_or(ValueRef::Text(n)),
                    },
                    crate::json::Scalar::String(s) => ValueRef::Text(s),
                };
                T::decode(value)
            })
            .collect()
    }
}

impl Decode<BLOB> for Vec<u8> {
    fn decode(value: ValueRef<'_>) -> Result<Self, DecodeError> {
        match value {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(t) => Ok(t.as_bytes().to_vec()),
            other => Err(mismatch::<BLOB>("Vec<u8>", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_never_clamps_or_rounds() {
        // 2^63, which SQLite holds as REAL: not i64::MAX.
        let two_pow_63 = ValueRef::Float(9_223_372_036_854_775_808.0);
        assert!(<i64 as Decode<BIGINT>>::decode(two_pow_63).is_err());
        assert_eq!(
            <i64 as Decode<BIGINT>>::decode(ValueRef::Float(-9_223_372_036_854_775_808.0)),
            Ok(i64::MIN)
        );
        assert!(<i32 as Decode<INTEGER>>::decode(ValueRef::Float(2_147_483_648.0)).is_err());
        assert!(<f32 as Decode<REAL>>::decode(ValueRef::Float(1e300)).is_err());
        assert_eq!(<f32 as Decode<REAL>>::decode(ValueRef::Float(0.5)), Ok(0.5));
        assert!(<f64 as Decode<DOUBLE>>::decode(ValueRef::Int(i64::MAX)).is_err());
        assert_eq!(
            <f64 as Decode<DOUBLE>>::decode(ValueRef::Int(1 << 53)),
            Ok(9.007_199_254_740_992e15)
        );
        // NUMERIC keeps its scale: 2.50 is not 2.5.
        let d = <Decimal as Decode<NUMERIC>>::decode(ValueRef::Decimal(Decimal::new(250, 2)));
        assert_eq!(d.map(|d| d.to_string()), Ok("2.50".to_owned()));
        let d = <Decimal as Decode<NUMERIC>>::decode(ValueRef::Text("0.00"));
        assert_eq!(d.map(|d| d.to_string()), Ok("0.00".to_owned()));
        // SQLite's REALs, to the 15 significant digits it keeps of them.
        let real = |f: f64| <Decimal as Decode<NUMERIC>>::decode(ValueRef::Float(f));
        assert_eq!(real(0.1 + 0.2).map(|d| d.to_string()), Ok("0.3".to_owned()));
        assert_eq!(real(12.2).map(|d| d.to_string()), Ok("12.2".to_owned()));
        assert_eq!(
            real(-1234.5e20).map(|d| d.to_string()),
            Ok("-123450000000000000000000".to_owned())
        );
        assert!(real(1e-30).is_err(), "past a decimal's 28 places");
        assert!(real(1.5e-28).is_err(), "1.5e-28 would lose its 5");
        assert_eq!(
            real(1.5e-26).map(|d| d.to_string()),
            Ok("0.000000000000000000000000015".to_owned())
        );
        // PostgreSQL's NUMERIC sum of BIGINTs: a whole number in range is the integer, scale
        // or not; a fraction or a number out of range is an error.
        let sum = ValueRef::Decimal(Decimal::new(500_000_000_100, 2));
        assert_eq!(<i64 as Decode<BIGINT>>::decode(sum), Ok(5_000_000_001));
        assert!(<i32 as Decode<INTEGER>>::decode(sum).is_err());
        assert!(<i64 as Decode<BIGINT>>::decode(ValueRef::Decimal(Decimal::new(25, 1))).is_err());
        let huge = ValueRef::Decimal(Decimal::from_i128_with_scale(1 << 70, 0));
        assert!(<i64 as Decode<BIGINT>>::decode(huge).is_err());
    }

    #[test]
    fn arrays_read_from_json_text() {
        let ints: Vec<i32> = Decode::<Array<INTEGER>>::decode(ValueRef::Text("[1, 2,3]")).unwrap();
        assert_eq!(ints, [1, 2, 3]);
        let texts: Vec<Option<String>> =
            Decode::<Array<TEXT>>::decode(ValueRef::Text(r#"["a\"b", null, "\u00e9"]"#)).unwrap();
        assert_eq!(texts, [Some("a\"b".to_owned()), None, Some("é".to_owned())]);
        let empty: Vec<bool> = Decode::<Array<BOOLEAN>>::decode(ValueRef::Text("[]")).unwrap();
        assert!(empty.is_empty());
        let decimals: Vec<Decimal> =
            Decode::<Array<NUMERIC>>::decode(ValueRef::Text("[1.5, 2]")).unwrap();
        assert_eq!(decimals, [Decimal::new(15, 1), Decimal::new(2, 0)]);
        assert!(Decode::<Array<INTEGER>>::decode(ValueRef::Text("[1,"))
            .map(|v: Vec<i32>| v)
            .is_err());
        assert!(Decode::<Array<INTEGER>>::decode(ValueRef::Text("[null]"))
            .map(|v: Vec<i32>| v)
            .is_err());
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_values_read_every_shape_the_backends_send_and_round_trip() {
        use crate::encode::Encode;
        use time::macros::{date, datetime};
        let text = |s| ValueRef::Text(s);
        assert_eq!(
            <time::Date as Decode<DATE>>::decode(text("2024-02-29")),
            Ok(date!(2024 - 02 - 29))
        );
        for (shape, expected) in [
            ("2024-02-29 13:14:15", datetime!(2024-02-29 13:14:15)),
            ("2024-02-29T13:14:15.25", datetime!(2024-02-29 13:14:15.25)),
            ("2024-02-29 13:14", datetime!(2024-02-29 13:14)),
        ] {
            assert_eq!(
                <time::PrimitiveDateTime as Decode<TIMESTAMP>>::decode(text(shape)),
                Ok(expected),
                "{shape}"
            );
        }
        // PostgreSQL's `+00`, `+00:00`, `Z`, another offset, or none (UTC).
        let instant = datetime!(2024-03-01 08:30:00.5 UTC);
        for shape in [
            "2024-03-01 08:30:00.5+00",
            "2024-03-01 08:30:00.5+00:00",
            "2024-03-01T08:30:00.5Z",
            "2024-03-01 10:30:00.5+02:00",
            "2024-03-01 03:30:00.5-05",
            "2024-03-01 08:30:00.5",
        ] {
            assert_eq!(
                <time::OffsetDateTime as Decode<TIMESTAMPTZ>>::decode(text(shape)),
                Ok(instant),
                "{shape}"
            );
        }
        assert!(<time::Date as Decode<DATE>>::decode(text("2024-02-30")).is_err());
        // Written as the decoders read it back.
        let elsewhere = instant.to_offset(time::macros::offset!(+2));
        let written = Encode::<TIMESTAMPTZ>::to_value(&elsewhere).expect("an instant");
        assert_eq!(
            written,
            crate::Value::Text("2024-03-01 08:30:00.5+00:00".into())
        );
        let local = datetime!(2024-02-29 13:14:15.000250);
        let Ok(crate::Value::Text(local_text)) = Encode::<TIMESTAMP>::to_value(&local) else {
            panic!("text");
        };
        assert_eq!(local_text, "2024-02-29 13:14:15.00025");
        assert_eq!(
            <time::PrimitiveDateTime as Decode<TIMESTAMP>>::decode(text(&local_text)),
            Ok(local)
        );
    }
}
