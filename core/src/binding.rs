//! Which Rust types a parameter of each SQL type takes, as text: the compiler names them in a
//! wrong bind's error, and the runtime's tests check each against its `Encode` impls, so the
//! message cannot promise a type that does not bind.

/// One Rust type a parameter of some SQL type takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RustType {
    /// As a user writes it (`&str`, `Vec<u8>`, `chrono::NaiveDate`).
    pub name: &'static str,
    /// Whether it may not fit, and is checked, as `TryFrom` does, when the statement runs (an
    /// `i64` for an INTEGER).
    pub checked: bool,
    /// The sqlmint feature that provides it, if one does.
    pub feature: Option<&'static str>,
}

const fn plain(name: &'static str) -> RustType {
    RustType {
        name,
        checked: false,
        feature: None,
    }
}

const fn checked(name: &'static str) -> RustType {
    RustType {
        name,
        checked: true,
        feature: None,
    }
}

const fn with_feature(name: &'static str, feature: &'static str) -> RustType {
    RustType {
        name,
        checked: false,
        feature: Some(feature),
    }
}

const SMALLINT: &[RustType] = &[
    plain("i16"),
    plain("i8"),
    plain("u8"),
    checked("i32"),
    checked("i64"),
    checked("isize"),
    checked("u16"),
    checked("u32"),
    checked("u64"),
    checked("usize"),
];
const INTEGER: &[RustType] = &[
    plain("i32"),
    plain("i16"),
    plain("i8"),
    plain("u16"),
    plain("u8"),
    checked("i64"),
    checked("isize"),
    checked("u32"),
    checked("u64"),
    checked("usize"),
];
const BIGINT: &[RustType] = &[
    plain("i64"),
    plain("i32"),
    plain("i16"),
    plain("i8"),
    plain("u32"),
    plain("u16"),
    plain("u8"),
    checked("isize"),
    checked("u64"),
    checked("usize"),
];
const INTEGER_UNSIGNED: &[RustType] = &[
    plain("u32"),
    plain("u16"),
    plain("u8"),
    checked("i8"),
    checked("i16"),
    checked("i32"),
    checked("i64"),
    checked("isize"),
    checked("u64"),
    checked("usize"),
];
const BIGINT_UNSIGNED: &[RustType] = &[
    plain("u64"),
    plain("u32"),
    plain("u16"),
    plain("u8"),
    checked("usize"),
    checked("i8"),
    checked("i16"),
    checked("i32"),
    checked("i64"),
    checked("isize"),
];
const NUMERIC: &[RustType] = &[
    plain("Decimal"),
    plain("i64"),
    plain("i32"),
    plain("i16"),
    plain("i8"),
    plain("u64"),
    plain("u32"),
    plain("u16"),
    plain("u8"),
    plain("isize"),
    plain("usize"),
];
const REAL: &[RustType] = &[plain("f32")];
const DOUBLE: &[RustType] = &[plain("f64"), plain("f32")];
const BOOLEAN: &[RustType] = &[plain("bool")];
const TEXT: &[RustType] = &[plain("&str"), plain("String"), plain("Cow<str>")];
const BLOB: &[RustType] = &[plain("&[u8]"), plain("Vec<u8>"), plain("[u8; N]")];
const DATE: &[RustType] = &[
    with_feature("chrono::NaiveDate", "chrono"),
    with_feature("time::Date", "time"),
    plain("&str"),
    plain("String"),
];
const TIMESTAMP: &[RustType] = &[
    with_feature("chrono::NaiveDateTime", "chrono"),
    with_feature("time::PrimitiveDateTime", "time"),
    plain("&str"),
    plain("String"),
];
const TIMESTAMPTZ: &[RustType] = &[
    with_feature("chrono::DateTime<Utc>", "chrono"),
    with_feature("time::OffsetDateTime", "time"),
    plain("&str"),
    plain("String"),
];
const UUID: &[RustType] = &[
    with_feature("uuid::Uuid", "uuid"),
    plain("&str"),
    plain("String"),
];
const JSON: &[RustType] = &[
    with_feature("serde_json::Value", "json"),
    plain("&str"),
    plain("String"),
];

/// The Rust types a parameter of the SQL type named `sql_type` takes, by the name of its marker
/// in `sqlmint::sql_types` (`"INTEGER"`); a reference to any of them binds too. `None` for a
/// type with no fixed list (an enum's parameter takes its generated Rust enum).
pub fn rust_types_for(sql_type: &str) -> Option<&'static [RustType]> {
    Some(match sql_type {
        "SMALLINT" => SMALLINT,
        "INTEGER" => INTEGER,
        "BIGINT" => BIGINT,
        "INTEGER_UNSIGNED" => INTEGER_UNSIGNED,
        "BIGINT_UNSIGNED" => BIGINT_UNSIGNED,
        "REAL" => REAL,
        "DOUBLE" => DOUBLE,
        "NUMERIC" => NUMERIC,
        "TEXT" => TEXT,
        "BOOLEAN" => BOOLEAN,
        "BLOB" => BLOB,
        "DATE" => DATE,
        "TIMESTAMP" => TIMESTAMP,
        "TIMESTAMPTZ" => TIMESTAMPTZ,
        "UUID" => UUID,
        "JSON" => JSON,
        _ => return None,
    })
}

/// The SQL types [`rust_types_for`] knows, for the tests that check it.
pub const SQL_TYPES_WITH_RUST_TYPES: &[&str] = &[
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "INTEGER_UNSIGNED",
    "BIGINT_UNSIGNED",
    "REAL",
    "DOUBLE",
    "NUMERIC",
    "TEXT",
    "BOOLEAN",
    "BLOB",
    "DATE",
    "TIMESTAMP",
    "TIMESTAMPTZ",
    "UUID",
    "JSON",
];
