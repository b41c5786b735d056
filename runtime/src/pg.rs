//! What the synchronous and asynchronous PostgreSQL executors share: turning sqlmint's
//! parameter values into PostgreSQL's binary format for the type the server expects, and
//! reading a row's columns back as [`ValueRef`]s.

use crate::error::Error;
use crate::query::{BindDyn, Binder, Query, RowSource};
use crate::text_cells::TextCells;
use crate::value::{Value, ValueRef};
use bytes::BytesMut;
use postgres_types::{to_sql_checked, IsNull, Kind, ToSql, Type};
use rust_decimal::Decimal;

#[cfg(feature = "postgres")]
pub(crate) use ::postgres::Row;
#[cfg(all(feature = "tokio-postgres", not(feature = "postgres")))]
pub(crate) use ::tokio_postgres::Row;

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// The PostgreSQL types whose values sqlmint converts itself, told apart once by comparing
/// with postgres-types' constants, so that each conversion matches on a `Copy` value.
///
/// Not `match *ty { Type::INT2 => ... }`: rustc accepts a constant pattern of the non-`Copy`
/// `Type` behind a reference, but rust-analyzer takes it for a move out of the reference and,
/// with its experimental diagnostics on, reports E0507 at every arm (59 of them here once),
/// in the editor of any crate that has sqlmint as a path dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PgType {
    Int2,
    Int4,
    Int8,
    Oid,
    Float4,
    Float8,
    Numeric,
    Bool,
    Bytea,
    /// TEXT, VARCHAR, BPCHAR, NAME and UNKNOWN: UTF-8 as it is.
    Text,
    Date,
    Timestamp,
    Timestamptz,
    Uuid,
    Json,
    Jsonb,
    /// An enum the application created: its values travel as their labels.
    Enum,
    Array,
    Other,
}

impl PgType {
    fn of(ty: &Type) -> PgType {
        // The commonest first: every value of every row is looked up here.
        static BUILT_IN: [(Type, PgType); 20] = [
            (Type::INT4, PgType::Int4),
            (Type::INT8, PgType::Int8),
            (Type::TEXT, PgType::Text),
            (Type::VARCHAR, PgType::Text),
            (Type::BOOL, PgType::Bool),
            (Type::FLOAT8, PgType::Float8),
            (Type::NUMERIC, PgType::Numeric),
            (Type::TIMESTAMP, PgType::Timestamp),
            (Type::TIMESTAMPTZ, PgType::Timestamptz),
            (Type::DATE, PgType::Date),
            (Type::INT2, PgType::Int2),
            (Type::FLOAT4, PgType::Float4),
            (Type::BYTEA, PgType::Bytea),
            (Type::UUID, PgType::Uuid),
            (Type::JSONB, PgType::Jsonb),
            (Type::JSON, PgType::Json),
            (Type::BPCHAR, PgType::Text),
            (Type::NAME, PgType::Text),
            (Type::UNKNOWN, PgType::Text),
            (Type::OID, PgType::Oid),
        ];
        if let Some(&(_, known)) = BUILT_IN.iter().find(|(built_in, _)| built_in == ty) {
            return known;
        }
        match ty.kind() {
            Kind::Enum(_) => PgType::Enum,
            Kind::Array(_) => PgType::Array,
            _ => PgType::Other,
        }
    }
}

/// One parameter, encoded for whichever type the server gave its placeholder.
#[derive(Debug)]
pub(crate) struct Param<'a>(pub Value<'a>);

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let mismatch = || -> BoxError {
            format!(
                "cannot bind {} to a PostgreSQL {ty} parameter",
                kind(&self.0)
            )
            .into()
        };
        let pg = PgType::of(ty);
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            &Value::Int(i) => match pg {
                PgType::Int2 => i16::try_from(i)?.to_sql(ty, out),
                PgType::Int4 => i32::try_from(i)?.to_sql(ty, out),
                PgType::Int8 => i.to_sql(ty, out),
                PgType::Numeric => Decimal::from(i).to_sql(ty, out),
                PgType::Float4 => (i as f32).to_sql(ty, out),
                PgType::Float8 => (i as f64).to_sql(ty, out),
                PgType::Bool => (i != 0).to_sql(ty, out),
                _ => Err(mismatch()),
            },
            // A BIGINT UNSIGNED above i64::MAX: its PostgreSQL column is a NUMERIC.
            &Value::UInt(u) => match pg {
                PgType::Numeric => Decimal::from(u).to_sql(ty, out),
                PgType::Int8 => i64::try_from(u)?.to_sql(ty, out),
                PgType::Float8 => (u as f64).to_sql(ty, out),
                _ => Err(mismatch()),
            },
            &Value::Float(f) => match pg {
                PgType::Float4 => (f as f32).to_sql(ty, out),
                PgType::Float8 => f.to_sql(ty, out),
                PgType::Numeric => Decimal::try_from(f)?.to_sql(ty, out),
                _ => Err(mismatch()),
            },
            &Value::Decimal(d) => match pg {
                PgType::Numeric => d.to_sql(ty, out),
                PgType::Float8 => f64::try_from(d)?.to_sql(ty, out),
                PgType::Float4 => f32::try_from(d)?.to_sql(ty, out),
                _ => Err(mismatch()),
            },
            &Value::Bool(b) => match pg {
                PgType::Bool => b.to_sql(ty, out),
                _ => Err(mismatch()),
            },
            Value::Text(text) => {
                let text: &str = text;
                match pg {
                    PgType::Text => text.to_sql(ty, out),
                    // An enum's value goes over the wire as its label.
                    PgType::Enum => {
                        out.extend_from_slice(text.as_bytes());
                        Ok(IsNull::No)
                    }
                    _ => Err(mismatch()),
                }
            }
            &Value::Blob(b) => match pg {
                PgType::Bytea => b.to_sql(ty, out),
                _ => Err(mismatch()),
            },
            // An array parameter (`= ANY($1::INTEGER[])`): each element as the member type.
            Value::List(values) | Value::Array(values) => match pg {
                PgType::Array => {
                    let elements: Vec<Param<'_>> = values.iter().cloned().map(Param).collect();
                    elements.to_sql(ty, out)
                }
                _ => Err(mismatch()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn kind(value: &Value<'_>) -> &'static str {
    match value {
        Value::Null => "NULL",
        Value::Int(_) | Value::UInt(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Decimal(_) => "a decimal",
        Value::Bool(_) => "a boolean",
        Value::Text(_) => "text",
        Value::Blob(_) => "bytes",
        Value::List(_) => "a list",
        Value::Array(_) => "an array",
    }
}

/// Whether the server refused to run a prepared statement it no longer has as prepared:
/// its plan's result type changed under it (0A000 from `RevalidateCachedQuery`, after another
/// connection's `ALTER TABLE`), or it does not exist (26000, after `DISCARD ALL`).
pub(crate) fn is_stale_statement(error: &crate::error::PostgresError) -> bool {
    let Some(db) = error.as_db_error() else {
        return false;
    };
    match db.code().code() {
        "26000" => true,
        "0A000" => matches!(db.routine(), Some("RevalidateCachedQuery") | None),
        _ => false,
    }
}

/// The most parameters one statement binds: the protocol counts them in 16 bits.
pub(crate) const BIND_LIMIT: usize = u16::MAX as usize;

/// Collects a statement's parameters, by slot, as the driver takes them.
pub(crate) fn params(query: &dyn BindDyn) -> Result<Vec<Param<'_>>, Error> {
    struct Collect<'q>(Vec<Param<'q>>);
    impl<'q> Binder<'q> for Collect<'q> {
        fn bind(&mut self, slot: usize, value: Value<'q>) -> Result<(), Error> {
            if slot != self.0.len() {
                return Err(Error::Bind {
                    slot,
                    message: "parameters arrived out of order".to_owned(),
                });
            }
            self.0.push(Param(value));
            Ok(())
        }
    }
    let mut collect = Collect(Vec::new());
    query.bind_dyn(&mut collect)?;
    Ok(collect.0)
}

/// `&[&(dyn ToSql + Sync)]`, as the synchronous driver's `execute` and `query` take
/// parameters (the asynchronous executor hands its driver an iterator instead).
#[cfg(feature = "postgres")]
pub(crate) fn as_refs<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

/// Every column of the current schema's tables, in order: table, column, catalog type,
/// nullable. Read by `verify` on both executors.
pub(crate) const CATALOG_COLUMNS: &str = "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull \
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
    WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() \
    ORDER BY c.relname, a.attnum";

/// Every foreign key of the current schema's tables: table, its columns, the referenced
/// table, the referenced columns.
pub(crate) const CATALOG_FOREIGN_KEYS: &str = "SELECT c.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(num, ord) \
                          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.ord), \
                    f.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(num, ord) \
                          JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.ord) \
             FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid \
             JOIN pg_namespace n ON n.oid = k.connamespace \
             WHERE k.contype = 'f' AND n.nspname = current_schema() ORDER BY k.conname";

/// The live tables out of the rows of [`CATALOG_COLUMNS`] and [`CATALOG_FOREIGN_KEYS`].
pub(crate) fn live_tables(
    columns: &[Row],
    keys: &[Row],
) -> Result<Vec<crate::verify::LiveTable>, Error> {
    let mut tables: Vec<crate::verify::LiveTable> = Vec::new();
    for row in columns {
        let table: String = row.try_get(0)?;
        let column = crate::verify::LiveColumn {
            name: row.try_get(1)?,
            catalog_type: row.try_get(2)?,
            nullable: row.try_get(3)?,
        };
        match tables.last_mut() {
            Some(last) if last.name == table => last.columns.push(column),
            _ => tables.push(crate::verify::LiveTable {
                name: table,
                columns: vec![column],
                foreign_keys: Vec::new(),
            }),
        }
    }
    for row in keys {
        let table: String = row.try_get(0)?;
        let key = crate::verify::LiveForeignKey {
            columns: row.try_get(1)?,
            table: row.try_get(2)?,
            references: row.try_get(3)?,
        };
        if let Some(owner) = tables.iter_mut().find(|t| t.name == table) {
            owner.foreign_keys.push(key);
        }
    }
    // The migration runner's bookkeeping is not the application's schema.
    tables.retain(|t| t.name != crate::migrate::TABLE);
    Ok(tables)
}

/// A driver row read through [`RowSource`]; dates, timestamps, UUIDs, JSON, enums and arrays
/// are formatted as text on first access and kept for the row's lifetime, in cells made only
/// for a row that has such a column.
pub(crate) struct PgRow<'r> {
    row: &'r Row,
    texts: TextCells,
}

impl<'r> PgRow<'r> {
    pub fn new(row: &'r Row) -> Self {
        PgRow {
            row,
            texts: TextCells::default(),
        }
    }

    /// Column `index`'s text, made by `format` on first access.
    fn text(&self, index: usize, format: impl FnOnce() -> String) -> &str {
        self.texts.get(self.row.len(), index, format)
    }
}

/// Reads query `Q`'s typed row from a driver row.
pub(crate) fn read_row<Q: Query>(row: &Row) -> Result<Q::Row, Error> {
    Q::decode_row(&PgRow::new(row))
}

/// Every row of `rows` read as `Q`'s: what `fetch_all` returns on both executors, the only
/// part of it that is generic over the statement.
pub(crate) fn read_rows<Q: Query>(rows: &[Row]) -> Result<Vec<Q::Row>, Error> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(read_row::<Q>(row)?);
    }
    Ok(out)
}

/// Column `index`'s bytes as a fixed-size big-endian number, or the driver's own error for
/// bytes that are not a `T` (which a server does not send).
fn be_bytes<'a, T: postgres_types::FromSql<'a>, const N: usize>(
    row: &'a Row,
    index: usize,
    raw: &[u8],
) -> Result<[u8; N], Error> {
    <[u8; N]>::try_from(raw).map_err(|_| driver_error::<T>(row, index))
}

/// The driver's error for reading column `index` as a `T`, once sqlmint's own reading of its
/// bytes has failed.
fn driver_error<'a, T: postgres_types::FromSql<'a>>(row: &'a Row, index: usize) -> Error {
    match row.try_get::<_, Option<T>>(index) {
        Err(error) => error.into(),
        Ok(_) => Error::Usage(format!(
            "column {index} arrived in a form sqlmint does not read"
        )),
    }
}

impl RowSource for PgRow<'_> {
    fn value(&self, index: usize) -> Result<ValueRef<'_>, Error> {
        let Some(column) = self.row.columns().get(index) else {
            return Err(Error::MissingColumn {
                index,
                found: self.row.len(),
            });
        };
        // The bytes as the server sent them, decoded here by the column's type: the driver's
        // typed `try_get` would look the type up and check it a second time.
        let row = self.row;
        let Some(RawValue(raw)) = row.try_get::<_, Option<RawValue<'_>>>(index)? else {
            return Ok(ValueRef::Null);
        };
        let ty = column.type_();
        let pg = PgType::of(ty);
        Ok(match pg {
            PgType::Int2 => {
                ValueRef::Int(i16::from_be_bytes(be_bytes::<i16, 2>(row, index, raw)?).into())
            }
            PgType::Int4 => {
                ValueRef::Int(i32::from_be_bytes(be_bytes::<i32, 4>(row, index, raw)?).into())
            }
            PgType::Int8 => ValueRef::Int(i64::from_be_bytes(be_bytes::<i64, 8>(row, index, raw)?)),
            PgType::Oid => {
                ValueRef::Int(u32::from_be_bytes(be_bytes::<u32, 4>(row, index, raw)?).into())
            }
            PgType::Float4 => {
                ValueRef::Float(f32::from_be_bytes(be_bytes::<f32, 4>(row, index, raw)?).into())
            }
            PgType::Float8 => {
                ValueRef::Float(f64::from_be_bytes(be_bytes::<f64, 8>(row, index, raw)?))
            }
            PgType::Numeric => ValueRef::Decimal(
                <Decimal as postgres_types::FromSql>::from_sql(ty, raw)
                    .map_err(|_| driver_error::<Decimal>(row, index))?,
            ),
            PgType::Bool => ValueRef::Bool(raw.first().is_some_and(|&b| b != 0)),
            PgType::Bytea => ValueRef::Blob(raw),
            PgType::Date
            | PgType::Timestamp
            | PgType::Timestamptz
            | PgType::Uuid
            | PgType::Json
            | PgType::Jsonb => ValueRef::Text(self.text(index, || format_temporal(pg, raw))),
            // An enum's value comes as its label.
            PgType::Enum => {
                ValueRef::Text(self.text(index, || String::from_utf8_lossy(raw).into_owned()))
            }
            PgType::Array => {
                let elements = row.try_get::<_, Vec<Option<RawValue<'_>>>>(index)?;
                ValueRef::Text(self.text(index, || json_array(ty, &elements)))
            }
            PgType::Text => ValueRef::Text(
                std::str::from_utf8(raw).map_err(|_| driver_error::<&str>(row, index))?,
            ),
            // Whatever else the driver reads as text (citext, ltree) it reads its own way; any
            // other type is its error, never its binary form taken for text.
            PgType::Other => row
                .try_get::<_, Option<&str>>(index)?
                .map_or(ValueRef::Null, ValueRef::Text),
        })
    }
}

/// A PostgreSQL array as the JSON text `Decode<Array<T>>` reads (the form SQLite stores).
fn json_array(ty: &Type, elements: &[Option<RawValue<'_>>]) -> String {
    let member_type = match ty.kind() {
        Kind::Array(member) => member,
        _ => ty,
    };
    let member = PgType::of(member_type);
    let mut json = String::from("[");
    for (i, element) in elements.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        let Some(RawValue(raw)) = element else {
            json.push_str("null");
            continue;
        };
        let number = |bytes: &[u8]| -> Option<String> {
            Some(match member {
                PgType::Int2 => i16::from_be_bytes(bytes.try_into().ok()?).to_string(),
                PgType::Int4 => i32::from_be_bytes(bytes.try_into().ok()?).to_string(),
                PgType::Int8 => i64::from_be_bytes(bytes.try_into().ok()?).to_string(),
                PgType::Float4 => f32::from_be_bytes(bytes.try_into().ok()?).to_string(),
                PgType::Float8 => f64::from_be_bytes(bytes.try_into().ok()?).to_string(),
                PgType::Numeric => {
                    <Decimal as postgres_types::FromSql>::from_sql(member_type, bytes)
                        .ok()?
                        .to_string()
                }
                PgType::Bool => (bytes.first() == Some(&1)).to_string(),
                _ => return None,
            })
        };
        match number(raw) {
            Some(text) => json.push_str(&text),
            None => {
                let text = match member {
                    PgType::Date
                    | PgType::Timestamp
                    | PgType::Timestamptz
                    | PgType::Uuid
                    | PgType::Json
                    | PgType::Jsonb => format_temporal(member, raw),
                    _ => String::from_utf8_lossy(raw).into_owned(),
                };
                crate::json::push_string(&mut json, &text);
            }
        }
    }
    json.push(']');
    json
}

/// A column's bytes as the server sent them.
struct RawValue<'a>(&'a [u8]);

impl<'a> postgres_types::FromSql<'a> for RawValue<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(RawValue(raw))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary UUID as hyphenated text and JSON/JSONB as their text; DATE (days) and
/// TIMESTAMP (microseconds), both from 2000-01-01, as
/// `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS[.ffffff]`, the text SQLite stores.
fn format_temporal(ty: PgType, raw: &[u8]) -> String {
    const EPOCH_DAYS: i64 = 10_957; // 1970-01-01 to 2000-01-01
    match ty {
        PgType::Uuid => {
            let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
            return match (
                hex.get(..8),
                hex.get(8..12),
                hex.get(12..16),
                hex.get(16..20),
                hex.get(20..32),
            ) {
                (Some(a), Some(b), Some(c), Some(d), Some(e)) => format!("{a}-{b}-{c}-{d}-{e}"),
                _ => hex,
            };
        }
        // JSONB's binary form is a version byte (1) and the text.
        PgType::Jsonb => {
            return String::from_utf8_lossy(raw.get(1..).unwrap_or_default()).into_owned()
        }
        PgType::Json => return String::from_utf8_lossy(raw).into_owned(),
        _ => {}
    }
    if ty == PgType::Date {
        let Ok(bytes) = <[u8; 4]>::try_from(raw) else {
            return String::new();
        };
        let (y, m, d) = civil_from_days(i64::from(i32::from_be_bytes(bytes)) + EPOCH_DAYS);
        return format!("{y:04}-{m:02}-{d:02}");
    }
    let Ok(bytes) = <[u8; 8]>::try_from(raw) else {
        return String::new();
    };
    let micros = i64::from_be_bytes(bytes);
    let days = micros.div_euclid(86_400_000_000);
    let rest = micros.rem_euclid(86_400_000_000);
    let (y, m, d) = civil_from_days(days + EPOCH_DAYS);
    let (secs, frac) = (rest / 1_000_000, rest % 1_000_000);
    let mut text = format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    if frac != 0 {
        text.push_str(format!(".{frac:06}").trim_end_matches('0'));
    }
    if ty == PgType::Timestamptz {
        text.push_str("+00");
    }
    text
}

/// Howard Hinnant's days-to-civil: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_format_as_iso_text() {
        assert_eq!(
            format_temporal(PgType::Date, &0i32.to_be_bytes()),
            "2000-01-01"
        );
        assert_eq!(
            format_temporal(PgType::Date, &(-1i32).to_be_bytes()),
            "1999-12-31"
        );
        assert_eq!(
            format_temporal(PgType::Date, &9190i32.to_be_bytes()),
            "2025-02-28"
        );
        let micros: i64 = (86_400 + 3_661) * 1_000_000 + 500_000;
        assert_eq!(
            format_temporal(PgType::Timestamp, &micros.to_be_bytes()),
            "2000-01-02 01:01:01.5"
        );
    }
}
