//! Which Rust values may be bound where: `Encode<S>` is implemented for a Rust type exactly
//! when a value of it can stand in for SQL type `S`, so a wrong bind is a compile error at
//! the value.
//!
//! Integers follow the standard library's `From` and `TryFrom`: every Rust integer binds to
//! every SQL integer type. One that always fits (`i32` into INTEGER) converts as `From` does;
//! one that may not (`i64` into INTEGER, which is 32 bits on PostgreSQL and MySQL) is checked
//! as `TryFrom` does, and a value out of range is [`EncodeError::OutOfRange`] when the
//! statement runs, before anything is sent. So an `i64` id read back from SQLite, or a
//! `usize` page size, binds as it is.

use crate::sql_types::*;
use crate::value::Value;
use rust_decimal::Decimal;
use std::marker::PhantomData;

/// Why a value could not be converted to its parameter's SQL type; the statement is not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// An integer outside the range of the SQL integer type it is bound to (an `i64` of
    /// 3 000 000 000 for an INTEGER, which holds 32 bits).
    #[error("{value} is out of range for SQL {sql_type} ({min} to {max})")]
    OutOfRange {
        /// The value.
        value: i128,
        /// The SQL type, as written in the schema's vocabulary (`INTEGER`).
        sql_type: &'static str,
        /// The smallest value the type holds.
        min: i64,
        /// The largest value the type holds.
        max: i64,
    },
}

/// A Rust value that can be bound to a parameter of SQL type `S`.
///
/// The `query!` macro asks for this bound at each bound value's span, so a mismatch reads:
/// ``the value `&str` cannot be bound to a SQL `INTEGER` parameter``.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be bound to a SQL `{S}` parameter",
    label = "expected a value for SQL `{S}`, found `{Self}`",
    note = "`sqlmint::sql_types::{S}` lists the Rust types it accepts; `Option<T>` and `sqlmint::Null` bind only where NULL is allowed"
)]
pub trait Encode<S> {
    /// The value as the driver takes it, or why it cannot be one of SQL type `S` (an integer
    /// out of the type's range).
    fn to_value(&self) -> Result<Value<'_>, EncodeError>;
}

// Hidden from rustc's suggestions so a wrong `&str` is reported as `&str`, not `str`.
#[diagnostic::do_not_recommend]
impl<S, T: Encode<S> + ?Sized> Encode<S> for &T {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        (**self).to_value()
    }
}

// Hidden from rustc's suggestions so a wrong `&str` is reported as `&str`, not `str`.
#[diagnostic::do_not_recommend]
impl<S, T: Encode<S> + ?Sized> Encode<S> for &mut T {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        (**self).to_value()
    }
}

// Hidden from rustc's suggestions so a wrong `&str` is reported as `&str`, not `str`.
#[diagnostic::do_not_recommend]
impl<S, T: Encode<S> + ?Sized> Encode<S> for Box<T> {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        (**self).to_value()
    }
}

/// Implements `Encode<S>` and `Encode<Nullable<S>>` for each Rust type, and
/// `Encode<Nullable<S>>` for its `Option` (sized types only; `Option<&T>` is covered below).
/// `|v| value` converts infallibly; `try |v| result` may fail.
macro_rules! encode {
    ($sql:ty => $($rust:ty),+ ; |$v:ident| $to:expr) => {
        encode!($sql => $($rust),+ ; try |$v| Ok($to));
    };
    ($sql:ty => $($rust:ty),+ ; try |$v:ident| $to:expr) => {
        encode!(@unsized $sql => $($rust),+ ; try |$v| $to);
        $(
        impl Encode<Nullable<$sql>> for Option<$rust> {
            #[inline]
            fn to_value(&self) -> Result<Value<'_>, EncodeError> {
                match self {
                    Some(v) => <$rust as Encode<$sql>>::to_value(v),
                    None => Ok(Value::Null),
                }
            }
        }
        )+
    };
    (@unsized $sql:ty => $($rust:ty),+ ; |$v:ident| $to:expr) => {
        encode!(@unsized $sql => $($rust),+ ; try |$v| Ok($to));
    };
    (@unsized $sql:ty => $($rust:ty),+ ; try |$v:ident| $to:expr) => {$(
        impl Encode<$sql> for $rust {
            #[inline]
            fn to_value(&self) -> Result<Value<'_>, EncodeError> {
                let $v = self;
                $to
            }
        }
        impl Encode<Nullable<$sql>> for $rust {
            #[inline]
            fn to_value(&self) -> Result<Value<'_>, EncodeError> {
                <Self as Encode<$sql>>::to_value(self)
            }
        }
    )+};
}

/// An integer that may not fit SQL integer type `S`, whose range is `$narrow`'s: converted
/// as `TryFrom` does.
macro_rules! encode_checked {
    ($sql:ty as $narrow:ty => $($rust:ty),+) => {
        encode!($sql => $($rust),+ ; try |v| match <$narrow>::try_from(*v) {
            Ok(n) => Ok(Value::Int(i64::from(n))),
            Err(_) => Err(EncodeError::OutOfRange {
                value: *v as i128,
                sql_type: <$sql as SqlType>::NAME,
                min: i64::from(<$narrow>::MIN),
                max: i64::from(<$narrow>::MAX),
            }),
        });
    };
}

impl<S, T: Encode<S> + ?Sized> Encode<Nullable<S>> for Option<&T> {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        match self {
            Some(v) => v.to_value(),
            None => Ok(Value::Null),
        }
    }
}

encode!(SMALLINT => i8, i16, u8; |v| Value::Int(i64::from(*v)));
encode_checked!(SMALLINT as i16 => i32, i64, isize, u16, u32, u64, usize);
encode!(INTEGER => i8, i16, i32, u8, u16; |v| Value::Int(i64::from(*v)));
encode_checked!(INTEGER as i32 => i64, isize, u32, u64, usize);
encode!(BIGINT => i8, i16, i32, u8, u16, u32; |v| Value::Int(i64::from(*v)));
encode!(BIGINT => i64; |v| Value::Int(*v));
encode_checked!(BIGINT as i64 => isize, u64, usize);
encode!(INTEGER_UNSIGNED => u8, u16, u32; |v| Value::Int(i64::from(*v)));
encode_checked!(INTEGER_UNSIGNED as u32 => i8, i16, i32, i64, isize, u64, usize);
encode!(BIGINT_UNSIGNED => u8, u16, u32; |v| Value::Int(i64::from(*v)));
encode!(BIGINT_UNSIGNED => u64; |v| i64::try_from(*v).map_or(Value::UInt(*v), Value::Int));
encode!(BIGINT_UNSIGNED => usize; try |v| match u64::try_from(*v) {
    Ok(v) => Ok(i64::try_from(v).map_or(Value::UInt(v), Value::Int)),
    Err(_) => Err(EncodeError::OutOfRange {
        value: *v as i128,
        sql_type: <BIGINT_UNSIGNED as SqlType>::NAME,
        min: 0,
        max: i64::MAX,
    }),
});
encode!(BIGINT_UNSIGNED => i8, i16, i32, i64, isize; try |v| {
    let wide = *v as i128;
    if wide >= 0 {
        Ok(Value::Int(wide as i64))
    } else {
        Err(EncodeError::OutOfRange {
            value: wide,
            sql_type: <BIGINT_UNSIGNED as SqlType>::NAME,
            min: 0,
            max: i64::MAX,
        })
    }
});
encode!(REAL => f32; |v| Value::Float(f64::from(*v)));
encode!(DOUBLE => f32; |v| Value::Float(f64::from(*v)));
encode!(DOUBLE => f64; |v| Value::Float(*v));
encode!(NUMERIC => Decimal; |v| Value::Decimal(*v));
encode!(NUMERIC => i8, i16, i32, i64, isize, u8, u16, u32, u64, usize; |v| Value::Decimal(Decimal::from(*v)));
encode!(@unsized TEXT => str; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(TEXT => String; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(TEXT => std::borrow::Cow<'_, str>; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(BOOLEAN => bool; |v| Value::Bool(*v));
encode!(@unsized BLOB => [u8]; |v| Value::Blob(v));
encode!(BLOB => Vec<u8>; |v| Value::Blob(v));
encode!(@unsized DATE => str; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(DATE => String; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(@unsized TIMESTAMP => str; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(TIMESTAMP => String; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(@unsized TIMESTAMPTZ => str; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(TIMESTAMPTZ => String; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(@unsized UUID => str; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(UUID => String; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(@unsized JSON => str; |v| Value::Text(std::borrow::Cow::Borrowed(v)));
encode!(JSON => String; |v| Value::Text(std::borrow::Cow::Borrowed(v)));

#[cfg(feature = "time")]
encode!(DATE => time::Date; |v| Value::Text(std::borrow::Cow::Owned(time_text::date(*v))));
#[cfg(feature = "time")]
encode!(TIMESTAMP => time::PrimitiveDateTime; |v| Value::Text(std::borrow::Cow::Owned(time_text::date_time(*v))));
#[cfg(feature = "time")]
encode!(TIMESTAMPTZ => time::OffsetDateTime; |v| {
    let utc = v.to_offset(time::UtcOffset::UTC);
    let text = time_text::date_time(time::PrimitiveDateTime::new(utc.date(), utc.time()));
    Value::Text(std::borrow::Cow::Owned(format!("{text}+00:00")))
});

/// The `time` crate's values as the text every backend reads, as chrono's are written:
/// `YYYY-MM-DD`, and `HH:MM:SS` with the fraction of a second when it has one.
#[cfg(feature = "time")]
mod time_text {
    pub(super) fn date(date: time::Date) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }

    pub(super) fn date_time(value: time::PrimitiveDateTime) -> String {
        let mut text = format!(
            "{} {:02}:{:02}:{:02}",
            date(value.date()),
            value.hour(),
            value.minute(),
            value.second()
        );
        let nanos = value.nanosecond();
        if nanos != 0 {
            text.push_str(format!(".{nanos:09}").trim_end_matches('0'));
        }
        text
    }
}

#[cfg(feature = "chrono")]
encode!(DATE => chrono::NaiveDate; |v| Value::Text(std::borrow::Cow::Owned(v.format("%Y-%m-%d").to_string())));
#[cfg(feature = "chrono")]
encode!(TIMESTAMP => chrono::NaiveDateTime; |v| Value::Text(std::borrow::Cow::Owned(v.format("%Y-%m-%d %H:%M:%S%.f").to_string())));
#[cfg(feature = "chrono")]
encode!(TIMESTAMPTZ => chrono::DateTime<chrono::Utc>; |v| Value::Text(std::borrow::Cow::Owned(v.format("%Y-%m-%d %H:%M:%S%.f+00:00").to_string())));
#[cfg(feature = "uuid")]
encode!(UUID => uuid::Uuid; |v| Value::Text(std::borrow::Cow::Owned(v.hyphenated().to_string())));
#[cfg(feature = "json")]
encode!(JSON => serde_json::Value; |v| Value::Text(std::borrow::Cow::Owned(v.to_string())));

impl<const N: usize> Encode<BLOB> for [u8; N] {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        Ok(Value::Blob(self))
    }
}

/// A value checked, where the user wrote it, against its parameter's SQL type `S`: it carries
/// the conversion chosen there, so the statement holding it needs no bound of its own, and a
/// wrong value is one error at the value rather than a second one where the statement runs.
/// Made by the code `query!` generates (an inline `{value}` is held as a reference).
#[doc(hidden)]
pub struct Checked<T, S> {
    value: T,
    encode: fn(&T) -> Result<Value<'_>, EncodeError>,
    sql_type: PhantomData<fn() -> S>,
}

impl<T: Encode<S>, S> Checked<T, S> {
    /// `value`, with its conversion to `S`.
    #[inline]
    pub fn new(value: T) -> Self {
        Checked {
            value,
            encode: <T as Encode<S>>::to_value,
            sql_type: PhantomData,
        }
    }
}

impl<T: Clone, S> Clone for Checked<T, S> {
    fn clone(&self) -> Self {
        Checked {
            value: self.value.clone(),
            encode: self.encode,
            sql_type: PhantomData,
        }
    }
}

impl<T: Copy, S> Copy for Checked<T, S> {}

impl<T, S> Encode<S> for Checked<T, S> {
    #[inline]
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        (self.encode)(&self.value)
    }
}

/// [`Checked`] for an optional predicate's value (`{title?}`).
#[doc(hidden)]
pub struct CheckedOptional<T, S> {
    value: T,
    given: fn(&T) -> Option<Result<Value<'_>, EncodeError>>,
    sql_type: PhantomData<fn() -> S>,
}

impl<T: EncodeOptional<S>, S> CheckedOptional<T, S> {
    /// `value`, with its conversion to `S`.
    #[inline]
    pub fn new(value: T) -> Self {
        CheckedOptional {
            value,
            given: <T as EncodeOptional<S>>::given,
            sql_type: PhantomData,
        }
    }
}

impl<T: Clone, S> Clone for CheckedOptional<T, S> {
    fn clone(&self) -> Self {
        CheckedOptional {
            value: self.value.clone(),
            given: self.given,
            sql_type: PhantomData,
        }
    }
}

impl<T: Copy, S> Copy for CheckedOptional<T, S> {}

impl<T, S> EncodeOptional<S> for CheckedOptional<T, S> {
    #[inline]
    fn given(&self) -> Option<Result<Value<'_>, EncodeError>> {
        (self.given)(&self.value)
    }
}

/// A slice, `Vec` or array binds to `x IN {list}` as one parameter, whatever its length, so
/// the statement's SQL (and its prepared statement) stays the same.
impl<S, T: Encode<S>> Encode<List<S>> for [T] {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        self.iter()
            .map(Encode::to_value)
            .collect::<Result<_, _>>()
            .map(Value::List)
    }
}

impl<S, T: Encode<S>> Encode<List<S>> for Vec<T> {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        <[T] as Encode<List<S>>>::to_value(self)
    }
}

impl<S, T: Encode<S>, const N: usize> Encode<List<S>> for [T; N] {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        <[T] as Encode<List<S>>>::to_value(self)
    }
}

/// An array column takes a slice, `Vec` or array of its element's Rust type.
macro_rules! encode_array {
    ($($rust:ty),*) => {$(
        impl<S, T: Encode<S>> Encode<Array<S>> for $rust {
            fn to_value(&self) -> Result<Value<'_>, EncodeError> {
                self.iter().map(Encode::to_value).collect::<Result<_, _>>().map(Value::Array)
            }
        }
        impl<S, T: Encode<S>> Encode<Nullable<Array<S>>> for $rust {
            fn to_value(&self) -> Result<Value<'_>, EncodeError> {
                <Self as Encode<Array<S>>>::to_value(self)
            }
        }
    )*};
}

encode_array!([T], Vec<T>);

impl<S, T: Encode<S>> Encode<Nullable<Array<S>>> for Option<Vec<T>> {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        match self {
            Some(values) => <Vec<T> as Encode<Array<S>>>::to_value(values),
            None => Ok(Value::Null),
        }
    }
}

/// SQL NULL, bindable wherever NULL is allowed; spares writing `None::<&str>` where a bare
/// `None` leaves its type open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Null;

impl<S> Encode<Nullable<S>> for Null {
    fn to_value(&self) -> Result<Value<'_>, EncodeError> {
        Ok(Value::Null)
    }
}

/// A value for an optional predicate's parameter (`{title?}`, `:title?`) of SQL type `S`:
/// given, it is bound as an `Encode<S>` value; `None` leaves the predicate out of the SQL
/// that runs.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an `Option` of a value for SQL `{S}`",
    label = "`?` makes this parameter optional: pass an `Option` whose `None` leaves its condition out",
    note = "write the parameter without `?` to bind this value every time"
)]
pub trait EncodeOptional<S> {
    /// The value to bind (or why it cannot be bound), or `None` to leave the predicate out.
    fn given(&self) -> Option<Result<Value<'_>, EncodeError>>;
}

impl<S, T: Encode<S>> EncodeOptional<S> for Option<T> {
    #[inline]
    fn given(&self) -> Option<Result<Value<'_>, EncodeError>> {
        self.as_ref().map(Encode::to_value)
    }
}

#[diagnostic::do_not_recommend]
impl<S, T: EncodeOptional<S> + ?Sized> EncodeOptional<S> for &T {
    #[inline]
    fn given(&self) -> Option<Result<Value<'_>, EncodeError>> {
        (**self).given()
    }
}

/// `Null` is `None` without naming a type: the predicate is left out.
impl<S> EncodeOptional<S> for Null {
    #[inline]
    fn given(&self) -> Option<Result<Value<'_>, EncodeError>> {
        None
    }
}
