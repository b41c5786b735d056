//! Which Rust values may be bound where: `Encode<S>` is implemented for a Rust type exactly
//! when a value of it can stand in for SQL type `S`, so a wrong bind is a compile error at
//! the value.

use crate::sql_types::*;
use crate::value::Value;
use rust_decimal::Decimal;

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
    /// The value as the driver takes it.
    fn to_value(&self) -> Value<'_>;
}

// Hidden from rustc's suggestions so a wrong `&str` is reported as `&str`, not `str`.
#[diagnostic::do_not_recommend]
impl<S, T: Encode<S> + ?Sized> Encode<S> for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

// Hidden from rustc's suggestions so a wrong `&str` is reported as `&str`, not `str`.
#[diagnostic::do_not_recommend]
impl<S, T: Encode<S> + ?Sized> Encode<S> for &mut T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

// Hidden from rustc's suggestions so a wrong `&str` is reported as `&str`, not `str`.
#[diagnostic::do_not_recommend]
impl<S, T: Encode<S> + ?Sized> Encode<S> for Box<T> {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

/// Implements `Encode<S>` and `Encode<Nullable<S>>` for each Rust type, and
/// `Encode<Nullable<S>>` for its `Option` (sized types only; `Option<&T>` is covered below).
macro_rules! encode {
    ($sql:ty => $($rust:ty),+ ; |$v:ident| $to:expr) => {
        encode!(@unsized $sql => $($rust),+ ; |$v| $to);
        $(
        impl Encode<Nullable<$sql>> for Option<$rust> {
            fn to_value(&self) -> Value<'_> {
                match self {
                    Some(v) => <$rust as Encode<$sql>>::to_value(v),
                    None => Value::Null,
                }
            }
        }
        )+
    };
    (@unsized $sql:ty => $($rust:ty),+ ; |$v:ident| $to:expr) => {$(
        impl Encode<$sql> for $rust {
            fn to_value(&self) -> Value<'_> {
                let $v = self;
                $to
            }
        }
        impl Encode<Nullable<$sql>> for $rust {
            fn to_value(&self) -> Value<'_> {
                <Self as Encode<$sql>>::to_value(self)
            }
        }
    )+};
}

impl<S, T: Encode<S> + ?Sized> Encode<Nullable<S>> for Option<&T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

encode!(SMALLINT => i8, i16, u8; |v| Value::Int(i64::from(*v)));
encode!(INTEGER => i8, i16, i32, u8, u16; |v| Value::Int(i64::from(*v)));
encode!(BIGINT => i8, i16, i32, u8, u16, u32; |v| Value::Int(i64::from(*v)));
encode!(BIGINT => i64; |v| Value::Int(*v));
encode!(REAL => f32; |v| Value::Float(f64::from(*v)));
encode!(DOUBLE => f32; |v| Value::Float(f64::from(*v)));
encode!(DOUBLE => f64; |v| Value::Float(*v));
encode!(NUMERIC => Decimal; |v| Value::Decimal(*v));
encode!(NUMERIC => i8, i16, i32, i64, u8, u16, u32; |v| Value::Decimal(Decimal::from(*v)));
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
    fn to_value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

/// Checks, at the bound value's span, that `value` can stand in for SQL type `S`; called by
/// the code `query!` generates.
#[doc(hidden)]
pub fn assert_encode<S, T: Encode<S> + ?Sized>(value: &T) -> &T {
    value
}

/// A slice, `Vec` or array binds to `x IN {list}` as one parameter, whatever its length, so
/// the statement's SQL (and its prepared statement) stays the same.
impl<S, T: Encode<S>> Encode<List<S>> for [T] {
    fn to_value(&self) -> Value<'_> {
        Value::List(self.iter().map(Encode::to_value).collect())
    }
}

impl<S, T: Encode<S>> Encode<List<S>> for Vec<T> {
    fn to_value(&self) -> Value<'_> {
        <[T] as Encode<List<S>>>::to_value(self)
    }
}

impl<S, T: Encode<S>, const N: usize> Encode<List<S>> for [T; N] {
    fn to_value(&self) -> Value<'_> {
        <[T] as Encode<List<S>>>::to_value(self)
    }
}

/// An array column takes a slice, `Vec` or array of its element's Rust type.
macro_rules! encode_array {
    ($($rust:ty),*) => {$(
        impl<S, T: Encode<S>> Encode<Array<S>> for $rust {
            fn to_value(&self) -> Value<'_> {
                Value::Array(self.iter().map(Encode::to_value).collect())
            }
        }
        impl<S, T: Encode<S>> Encode<Nullable<Array<S>>> for $rust {
            fn to_value(&self) -> Value<'_> {
                <Self as Encode<Array<S>>>::to_value(self)
            }
        }
    )*};
}

encode_array!([T], Vec<T>);

impl<S, T: Encode<S>> Encode<Nullable<Array<S>>> for Option<Vec<T>> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(values) => <Vec<T> as Encode<Array<S>>>::to_value(values),
            None => Value::Null,
        }
    }
}

/// SQL NULL, bindable wherever NULL is allowed; spares writing `None::<&str>` where a bare
/// `None` leaves its type open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Null;

impl<S> Encode<Nullable<S>> for Null {
    fn to_value(&self) -> Value<'_> {
        Value::Null
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
    /// The value to bind, or `None` to leave the predicate out.
    fn given(&self) -> Option<Value<'_>>;
}

impl<S, T: Encode<S>> EncodeOptional<S> for Option<T> {
    #[inline]
    fn given(&self) -> Option<Value<'_>> {
        self.as_ref().map(Encode::to_value)
    }
}

#[diagnostic::do_not_recommend]
impl<S, T: EncodeOptional<S> + ?Sized> EncodeOptional<S> for &T {
    #[inline]
    fn given(&self) -> Option<Value<'_>> {
        (**self).given()
    }
}

/// `Null` is `None` without naming a type: the predicate is left out.
impl<S> EncodeOptional<S> for Null {
    #[inline]
    fn given(&self) -> Option<Value<'_>> {
        None
    }
}

/// Checks, at the optional parameter's span, that `value` is an `Option` for SQL type `S`;
/// called by the code `query!` generates.
#[doc(hidden)]
pub fn assert_optional<S, T: EncodeOptional<S> + ?Sized>(value: &T) -> &T {
    value
}
