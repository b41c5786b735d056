//! The Rust types a wrong bind's error promises (`sqlmint_core::rust_types_for`) are the ones
//! that bind: each listed type is checked here against the `Encode` impls, and each SQL type's
//! list here is compared with the promised one, so neither can change alone. An integer that
//! may not fit is listed as checked, and one out of range fails with `Error::Encode`.

use sqlmint_core::{rust_types_for, SQL_TYPES_WITH_RUST_TYPES};
use sqlmint_runtime::encode::EncodeError;
use sqlmint_runtime::sql_types::*;
use sqlmint_runtime::{Decimal, Encode, Value};
use std::borrow::Cow;

/// Asserts at compile time that `T` binds to `S` (as itself and behind a reference).
fn binds<S, T: Encode<S> + ?Sized>()
where
    for<'a> &'a T: Encode<S>,
{
}

/// For each SQL type, its Rust types as the message names them and as Rust spells them:
/// compiling this is the check that each binds; the test compares the names with the list.
macro_rules! table {
    ($($sql:ident => [$($name:literal => $rust:ty),* $(,)?]),* $(,)?) => {{
        $($(binds::<$sql, $rust>();)*)*
        vec![$((stringify!($sql), vec![$($name),*])),*]
    }};
}

#[test]
fn every_rust_type_an_error_names_binds() {
    let table: Vec<(&str, Vec<&str>)> = table! {
        SMALLINT => ["i16" => i16, "i8" => i8, "u8" => u8, "i32" => i32, "i64" => i64,
            "isize" => isize, "u16" => u16, "u32" => u32, "u64" => u64, "usize" => usize],
        INTEGER => ["i32" => i32, "i16" => i16, "i8" => i8, "u16" => u16, "u8" => u8,
            "i64" => i64, "isize" => isize, "u32" => u32, "u64" => u64, "usize" => usize],
        BIGINT => ["i64" => i64, "i32" => i32, "i16" => i16, "i8" => i8, "u32" => u32,
            "u16" => u16, "u8" => u8, "isize" => isize, "u64" => u64, "usize" => usize],
        INTEGER_UNSIGNED => ["u32" => u32, "u16" => u16, "u8" => u8, "i8" => i8,
            "i16" => i16, "i32" => i32, "i64" => i64, "isize" => isize, "u64" => u64,
            "usize" => usize],
        BIGINT_UNSIGNED => ["u64" => u64, "u32" => u32, "u16" => u16, "u8" => u8,
            "usize" => usize, "i8" => i8, "i16" => i16, "i32" => i32, "i64" => i64, "isize" => isize],
        REAL => ["f32" => f32],
        DOUBLE => ["f64" => f64, "f32" => f32],
        NUMERIC => ["Decimal" => Decimal, "i64" => i64, "i32" => i32, "i16" => i16,
            "i8" => i8, "u64" => u64, "u32" => u32, "u16" => u16, "u8" => u8,
            "isize" => isize, "usize" => usize],
        TEXT => ["&str" => &str, "String" => String, "Cow<str>" => Cow<'static, str>],
        BOOLEAN => ["bool" => bool],
        BLOB => ["&[u8]" => &[u8], "Vec<u8>" => Vec<u8>, "[u8; N]" => [u8; 4]],
        DATE => ["&str" => &str, "String" => String],
        TIMESTAMP => ["&str" => &str, "String" => String],
        TIMESTAMPTZ => ["&str" => &str, "String" => String],
        UUID => ["&str" => &str, "String" => String],
        JSON => ["&str" => &str, "String" => String],
    };
    let listed: Vec<&str> = table.iter().map(|(sql, _)| *sql).collect();
    assert_eq!(listed, SQL_TYPES_WITH_RUST_TYPES);
    for (sql, names) in table {
        let promised: Vec<&str> = rust_types_for(sql)
            .unwrap_or_else(|| panic!("no list for {sql}"))
            .iter()
            // The feature-gated types are checked below, with their features.
            .filter(|t| t.feature.is_none())
            .map(|t| t.name)
            .collect();
        assert_eq!(names, promised, "the Rust types of {sql}");
    }
}

#[cfg(feature = "time")]
#[test]
fn time_types_bind() {
    binds::<DATE, time::Date>();
    binds::<TIMESTAMP, time::PrimitiveDateTime>();
    binds::<TIMESTAMPTZ, time::OffsetDateTime>();
}

#[cfg(feature = "chrono")]
#[test]
fn feature_types_bind() {
    binds::<DATE, chrono::NaiveDate>();
    binds::<TIMESTAMP, chrono::NaiveDateTime>();
    binds::<TIMESTAMPTZ, chrono::DateTime<chrono::Utc>>();
}

#[test]
fn checked_integers_are_the_ones_that_may_not_fit() {
    for sql in ["SMALLINT", "INTEGER", "BIGINT"] {
        let bits = match sql {
            "SMALLINT" => 16,
            "INTEGER" => 32,
            _ => 64,
        };
        for rust in rust_types_for(sql).expect("an integer type") {
            // As the standard library's `From`: `isize` and `usize` have no fixed width, so
            // they are checked even where they would fit on this machine.
            let (signed, rust_bits) = match rust.name {
                "isize" => (true, 128),
                "usize" => (false, 128),
                name => (
                    name.starts_with('i'),
                    name[1..].parse::<u32>().expect("bits"),
                ),
            };
            // Fits when every value does: a signed type no wider, an unsigned one narrower.
            let fits = if signed {
                rust_bits <= bits
            } else {
                rust_bits < bits
            };
            assert_eq!(rust.checked, !fits, "{} for {sql}", rust.name);
        }
    }
    // An unsigned column holds no negative value: every signed type is checked.
    for (sql, bits) in [("INTEGER_UNSIGNED", 32), ("BIGINT_UNSIGNED", 64)] {
        for rust in rust_types_for(sql).expect("an integer type") {
            let fits = match rust.name {
                "usize" | "isize" => false,
                name => name.starts_with('u') && name[1..].parse::<u32>().expect("bits") <= bits,
            };
            assert_eq!(rust.checked, !fits, "{} for {sql}", rust.name);
        }
    }
}

#[test]
fn an_integer_out_of_range_is_an_error_not_a_wrapped_value() {
    assert_eq!(
        Encode::<INTEGER>::to_value(&2_147_483_647_i64),
        Ok(Value::Int(2_147_483_647))
    );
    assert_eq!(
        Encode::<INTEGER>::to_value(&-2_147_483_648_i64),
        Ok(Value::Int(-2_147_483_648))
    );
    assert_eq!(
        Encode::<INTEGER>::to_value(&2_147_483_648_i64),
        Err(EncodeError::OutOfRange {
            value: 2_147_483_648,
            sql_type: "INTEGER",
            min: -2_147_483_648,
            max: 2_147_483_647,
        })
    );
    assert_eq!(
        Encode::<BIGINT>::to_value(&u64::MAX),
        Err(EncodeError::OutOfRange {
            value: i128::from(u64::MAX),
            sql_type: "BIGINT",
            min: i64::MIN,
            max: i64::MAX,
        })
    );
    assert_eq!(
        Encode::<SMALLINT>::to_value(&40_000_usize).map_err(|e| e.to_string()),
        Err("40000 is out of range for SQL SMALLINT (-32768 to 32767)".to_owned())
    );
    // NULL is not a value to check; a nullable INTEGER takes an `Option<i64>`.
    assert_eq!(
        Encode::<Nullable<INTEGER>>::to_value(&None::<i64>),
        Ok(Value::Null)
    );
    assert!(Encode::<Nullable<INTEGER>>::to_value(&Some(i64::MAX)).is_err());
    // A list fails as a whole when one value does.
    assert!(Encode::<List<INTEGER>>::to_value(&vec![1_i64, i64::MAX]).is_err());
}
