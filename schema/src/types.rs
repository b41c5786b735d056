//! SQL column types: how `schema!` spells them, which Rust type each becomes and which marker
//! type checks a bound value (how each dialect names them is `render::type_names`).

use proc_macro2::TokenStream;
use quote::quote;

/// A declared SQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    /// `SMALLINT`
    SmallInt,
    /// `INTEGER` / `INT`
    Integer,
    /// `BIGINT`
    BigInt,
    /// `INTEGER UNSIGNED` / `INT UNSIGNED` (MySQL's): a `BIGINT` on PostgreSQL.
    IntegerUnsigned,
    /// `BIGINT UNSIGNED` (MySQL's): a `NUMERIC(20, 0)` on PostgreSQL; on SQLite, whose
    /// integers are 64-bit signed, it holds values up to `i64::MAX`.
    BigIntUnsigned,
    /// `REAL` / `FLOAT4`
    Real,
    /// `DOUBLE [PRECISION]` / `FLOAT`
    Double,
    /// `NUMERIC(p, s)` / `DECIMAL(p, s)`
    Numeric(Option<(u32, u32)>),
    /// `TEXT`
    Text,
    /// `VARCHAR(n)`
    Varchar(Option<u32>),
    /// `BOOLEAN`
    Boolean,
    /// `BLOB` / `BYTEA`
    Blob,
    /// `DATE`
    Date,
    /// `TIMESTAMP`
    Timestamp,
    /// `TIMESTAMPTZ`: a point in time, kept in UTC.
    TimestampTz,
    /// `UUID`
    Uuid,
    /// `JSON` / `JSONB`
    Json,
    /// `ELEMENT[]`: an array (PostgreSQL's own; JSON text on SQLite and MySQL).
    Array(ArrayElement),
    /// A PostgreSQL enum (`CREATE TYPE mood AS ENUM (...)`, or `enum mood { ... }` in
    /// `schema!`): its own type there, TEXT on SQLite, `ENUM(...)` on MySQL; read and bound as
    /// the Rust enum `schema!` generates.
    Enum(&'static EnumType),
}

/// An enum type: its name, its labels, and the Rust enum that holds its values.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct EnumType {
    /// Its SQL name.
    pub name: String,
    /// Its labels, in declared order.
    pub labels: Vec<String>,
    /// The path of the Rust enum `schema!` generates for it, from the crate root
    /// (`crate::db::Mood`).
    pub rust_path: String,
}

impl EnumType {
    /// The one shared copy of `self`, so [`SqlType`] stays `Copy`: a macro run meets each
    /// enum of a schema once per expansion, and the same definition is kept once.
    pub fn intern(self) -> &'static EnumType {
        static INTERNED: std::sync::Mutex<Vec<&'static EnumType>> =
            std::sync::Mutex::new(Vec::new());
        let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = interned.iter().find(|known| ***known == self) {
            return known;
        }
        let leaked: &'static EnumType = Box::leak(Box::new(self));
        interned.push(leaked);
        leaked
    }

    /// Whether `label` is one of its values.
    pub fn has(&self, label: &str) -> bool {
        self.labels.iter().any(|l| l == label)
    }

    /// The Rust enum's path as tokens.
    pub fn rust_type(&self) -> TokenStream {
        self.rust_path
            .parse()
            .unwrap_or_else(|_| quote!(::std::string::String))
    }
}

/// The types an array column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayElement {
    /// `SMALLINT[]`
    SmallInt,
    /// `INTEGER[]`
    Integer,
    /// `BIGINT[]`
    BigInt,
    /// `REAL[]`
    Real,
    /// `DOUBLE[]`
    Double,
    /// `NUMERIC[]`
    Numeric,
    /// `TEXT[]` / `VARCHAR[]`
    Text,
    /// `BOOLEAN[]`
    Boolean,
    /// `UUID[]`
    Uuid,
    /// `DATE[]`
    Date,
    /// `TIMESTAMP[]`
    Timestamp,
}

impl ArrayElement {
    /// The element type of an array of `ty`, if arrays of it are supported.
    pub fn of(ty: SqlType) -> Option<ArrayElement> {
        Some(match ty {
            SqlType::SmallInt => ArrayElement::SmallInt,
            SqlType::Integer => ArrayElement::Integer,
            SqlType::BigInt => ArrayElement::BigInt,
            SqlType::Real => ArrayElement::Real,
            SqlType::Double => ArrayElement::Double,
            SqlType::Numeric(_) => ArrayElement::Numeric,
            SqlType::Text | SqlType::Varchar(_) => ArrayElement::Text,
            SqlType::Boolean => ArrayElement::Boolean,
            SqlType::Uuid => ArrayElement::Uuid,
            SqlType::Date => ArrayElement::Date,
            SqlType::Timestamp => ArrayElement::Timestamp,
            _ => return None,
        })
    }

    /// The element's own type.
    pub fn sql_type(self) -> SqlType {
        match self {
            ArrayElement::SmallInt => SqlType::SmallInt,
            ArrayElement::Integer => SqlType::Integer,
            ArrayElement::BigInt => SqlType::BigInt,
            ArrayElement::Real => SqlType::Real,
            ArrayElement::Double => SqlType::Double,
            ArrayElement::Numeric => SqlType::Numeric(None),
            ArrayElement::Text => SqlType::Text,
            ArrayElement::Boolean => SqlType::Boolean,
            ArrayElement::Uuid => SqlType::Uuid,
            ArrayElement::Date => SqlType::Date,
            ArrayElement::Timestamp => SqlType::Timestamp,
        }
    }
}

/// Groups of types whose values compare with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Integers, floats and decimals.
    Number,
    /// Text.
    Text,
    /// Booleans.
    Boolean,
    /// Bytes.
    Blob,
    /// Dates and timestamps.
    Temporal,
    /// UUIDs (which also meet text: `id = "..."`).
    Uuid,
    /// JSON documents: compared with nothing.
    Json,
    /// Arrays: compared with arrays of a comparable element.
    Array,
    /// An enum's values: compared with the same enum, and with text literals of its labels.
    Enum,
}

/// The names `schema!` accepts, for suggestions.
pub const TYPE_NAMES: &[&str] = &[
    "TIMESTAMPTZ",
    "UUID",
    "JSON",
    "JSONB",
    "SMALLINT",
    "INTEGER",
    "INT",
    "BIGINT",
    "REAL",
    "DOUBLE",
    "FLOAT",
    "NUMERIC",
    "DECIMAL",
    "TEXT",
    "VARCHAR",
    "BOOLEAN",
    "BOOL",
    "BLOB",
    "BYTEA",
    "DATE",
    "TIMESTAMP",
];

impl SqlType {
    /// The type for a name without arguments (`VARCHAR` and `NUMERIC` take optional ones).
    pub fn from_name(name: &str) -> Option<SqlType> {
        Some(match name.to_ascii_uppercase().as_str() {
            "SMALLINT" | "INT2" => SqlType::SmallInt,
            "INTEGER" | "INT" | "INT4" => SqlType::Integer,
            "BIGINT" | "INT8" => SqlType::BigInt,
            "REAL" | "FLOAT4" => SqlType::Real,
            "DOUBLE" | "FLOAT" | "FLOAT8" => SqlType::Double,
            "NUMERIC" | "DECIMAL" => SqlType::Numeric(None),
            "TEXT" => SqlType::Text,
            "VARCHAR" => SqlType::Varchar(None),
            "BOOLEAN" | "BOOL" => SqlType::Boolean,
            "BLOB" | "BYTEA" => SqlType::Blob,
            "DATE" => SqlType::Date,
            "TIMESTAMP" | "DATETIME" => SqlType::Timestamp,
            "TIMESTAMPTZ" => SqlType::TimestampTz,
            "UUID" => SqlType::Uuid,
            "JSON" | "JSONB" => SqlType::Json,
            _ => return None,
        })
    }

    /// Which values it compares with.
    pub fn family(self) -> Family {
        match self {
            SqlType::SmallInt
            | SqlType::Integer
            | SqlType::BigInt
            | SqlType::IntegerUnsigned
            | SqlType::BigIntUnsigned
            | SqlType::Real
            | SqlType::Double
            | SqlType::Numeric(_) => Family::Number,
            SqlType::Text | SqlType::Varchar(_) => Family::Text,
            SqlType::Boolean => Family::Boolean,
            SqlType::Blob => Family::Blob,
            SqlType::Date | SqlType::Timestamp | SqlType::TimestampTz => Family::Temporal,
            SqlType::Uuid => Family::Uuid,
            SqlType::Json => Family::Json,
            SqlType::Array(_) => Family::Array,
            SqlType::Enum(_) => Family::Enum,
        }
    }

    /// Whether it is a whole-number type.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            SqlType::SmallInt
                | SqlType::Integer
                | SqlType::BigInt
                | SqlType::IntegerUnsigned
                | SqlType::BigIntUnsigned
        )
    }

    /// Whether it is an unsigned integer type (MySQL's `UNSIGNED`).
    pub fn is_unsigned(self) -> bool {
        matches!(self, SqlType::IntegerUnsigned | SqlType::BigIntUnsigned)
    }

    /// The type arithmetic on a value of this type gives: an unsigned value minus another
    /// may go below zero, so it is the signed type that holds every value of it (`BIGINT` for
    /// `INTEGER UNSIGNED`, `NUMERIC` for `BIGINT UNSIGNED`), as PostgreSQL's columns for them
    /// compute. Other types are their own.
    pub fn signed(self) -> SqlType {
        match self {
            SqlType::IntegerUnsigned => SqlType::BigInt,
            SqlType::BigIntUnsigned => SqlType::Numeric(None),
            other => other,
        }
    }

    /// The unsigned type of a signed integer type, which `UNSIGNED` after its name makes it
    /// (`INTEGER` and `BIGINT` only).
    pub fn unsigned(self) -> Option<SqlType> {
        match self {
            SqlType::Integer => Some(SqlType::IntegerUnsigned),
            SqlType::BigInt => Some(SqlType::BigIntUnsigned),
            _ => None,
        }
    }

    /// The type as a user reads it in a message: `VARCHAR(30)`, `INTEGER`.
    pub fn display(self) -> String {
        match self {
            SqlType::Varchar(Some(n)) => format!("VARCHAR({n})"),
            SqlType::Numeric(Some((p, s))) => format!("NUMERIC({p}, {s})"),
            SqlType::Array(element) => format!("{}[]", element.sql_type().display()),
            SqlType::Enum(enumeration) => enumeration.name.clone(),
            SqlType::IntegerUnsigned => "INTEGER UNSIGNED".to_owned(),
            SqlType::BigIntUnsigned => "BIGINT UNSIGNED".to_owned(),
            other => other.marker_name().to_owned(),
        }
    }

    /// The name of the marker type in `sqlmint::sql_types`.
    pub fn marker_name(self) -> &'static str {
        match self {
            SqlType::SmallInt => "SMALLINT",
            SqlType::Integer => "INTEGER",
            SqlType::BigInt => "BIGINT",
            SqlType::IntegerUnsigned => "INTEGER_UNSIGNED",
            SqlType::BigIntUnsigned => "BIGINT_UNSIGNED",
            SqlType::Real => "REAL",
            SqlType::Double => "DOUBLE",
            SqlType::Numeric(_) => "NUMERIC",
            SqlType::Text | SqlType::Varchar(_) => "TEXT",
            SqlType::Boolean => "BOOLEAN",
            SqlType::Blob => "BLOB",
            SqlType::Date => "DATE",
            SqlType::Timestamp => "TIMESTAMP",
            SqlType::TimestampTz => "TIMESTAMPTZ",
            SqlType::Uuid => "UUID",
            SqlType::Json => "JSON",
            SqlType::Array(_) => "Array",
            SqlType::Enum(_) => "Enum",
        }
    }

    /// The marker type's path, for generated code.
    pub fn marker(self) -> TokenStream {
        if let SqlType::Array(element) = self {
            let element = element.sql_type().marker();
            return quote!(::sqlmint::sql_types::Array<#element>);
        }
        // The generated Rust enum is its own marker.
        if let SqlType::Enum(enumeration) = self {
            return enumeration.rust_type();
        }
        let name = proc_macro2::Ident::new(self.marker_name(), proc_macro2::Span::call_site());
        quote!(::sqlmint::sql_types::#name)
    }

    /// The marker of a value of this type that may be NULL: `Nullable<T>`, or for an enum
    /// the `<Enum>OrNull` generated beside it (Rust's orphan rule forbids the generated code
    /// an `Encode<Nullable<Enum>>` for `Option<Enum>`).
    pub fn nullable_marker(self) -> TokenStream {
        if let SqlType::Enum(enumeration) = self {
            return format!("{}OrNull", enumeration.rust_path)
                .parse()
                .unwrap_or_else(|_| {
                    quote!(::sqlmint::sql_types::Nullable<::sqlmint::sql_types::TEXT>)
                });
        }
        let marker = self.marker();
        quote!(::sqlmint::sql_types::Nullable<#marker>)
    }

    /// The Rust type a value of this SQL type is read into.
    pub fn rust_type(self) -> TokenStream {
        match self {
            SqlType::SmallInt => quote!(i16),
            SqlType::Integer => quote!(i32),
            SqlType::BigInt => quote!(i64),
            SqlType::IntegerUnsigned => quote!(u32),
            SqlType::BigIntUnsigned => quote!(u64),
            SqlType::Real => quote!(f32),
            SqlType::Double => quote!(f64),
            SqlType::Numeric(_) => quote!(::sqlmint::Decimal),
            SqlType::Text | SqlType::Varchar(_) => quote!(::std::string::String),
            // The richer types come with the features that bring their crates; without them
            // the values are ISO-8601 and JSON text.
            SqlType::Date if cfg!(feature = "chrono") => quote!(::sqlmint::chrono::NaiveDate),
            SqlType::Timestamp if cfg!(feature = "chrono") => {
                quote!(::sqlmint::chrono::NaiveDateTime)
            }
            SqlType::TimestampTz if cfg!(feature = "chrono") => {
                quote!(::sqlmint::chrono::DateTime<::sqlmint::chrono::Utc>)
            }
            SqlType::Date if cfg!(feature = "time") => quote!(::sqlmint::time::Date),
            SqlType::Timestamp if cfg!(feature = "time") => {
                quote!(::sqlmint::time::PrimitiveDateTime)
            }
            SqlType::TimestampTz if cfg!(feature = "time") => {
                quote!(::sqlmint::time::OffsetDateTime)
            }
            SqlType::Uuid if cfg!(feature = "uuid") => quote!(::sqlmint::uuid::Uuid),
            SqlType::Json if cfg!(feature = "json") => quote!(::sqlmint::serde_json::Value),
            SqlType::Date
            | SqlType::Timestamp
            | SqlType::TimestampTz
            | SqlType::Uuid
            | SqlType::Json => {
                quote!(::std::string::String)
            }
            SqlType::Array(element) => {
                let element = element.sql_type().rust_type();
                quote!(::std::vec::Vec<#element>)
            }
            SqlType::Boolean => quote!(bool),
            SqlType::Blob => quote!(::std::vec::Vec<u8>),
            SqlType::Enum(enumeration) => enumeration.rust_type(),
        }
    }

    /// The result type of arithmetic between two numbers: the wider one, floats over exact
    /// decimals, as SQL promotes.
    ///
    /// An unsigned type meeting another type than itself widens to the signed type that
    /// holds it (`greatest(u, -1)` may be negative).
    pub fn promote(self, other: SqlType) -> SqlType {
        if self != other && (self.is_unsigned() || other.is_unsigned()) {
            return self.signed().promote(other.signed());
        }
        fn rank(t: SqlType) -> u8 {
            match t {
                SqlType::SmallInt => 1,
                SqlType::Integer => 2,
                SqlType::BigInt => 3,
                SqlType::Numeric(_) => 4,
                SqlType::Real => 5,
                _ => 6,
            }
        }
        let wider = if rank(self) >= rank(other) {
            self
        } else {
            other
        };
        match wider {
            SqlType::Numeric(_) => SqlType::Numeric(None),
            SqlType::Real if other != self => SqlType::Double,
            wider => wider,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_promotes_to_the_wider_type() {
        assert_eq!(
            SqlType::Integer.promote(SqlType::SmallInt),
            SqlType::Integer
        );
        assert_eq!(SqlType::Integer.promote(SqlType::BigInt), SqlType::BigInt);
        assert_eq!(
            SqlType::Integer.promote(SqlType::Numeric(Some((10, 2)))),
            SqlType::Numeric(None)
        );
        assert_eq!(
            SqlType::Numeric(None).promote(SqlType::Double),
            SqlType::Double
        );
        assert_eq!(SqlType::Real.promote(SqlType::Real), SqlType::Real);
        assert_eq!(SqlType::Real.promote(SqlType::Integer), SqlType::Double);
    }

    #[test]
    fn names_map_to_types() {
        assert_eq!(SqlType::from_name("int"), Some(SqlType::Integer));
        assert_eq!(SqlType::from_name("bytea"), Some(SqlType::Blob));
        assert_eq!(SqlType::from_name("varchar2"), None);
    }
}
