//! Typed row fields as JSON values, the form in which the corpus records rows.

use serde_json::{Number, Value};
use sqlmint::Decimal;

/// A row field as the corpus writes it: integers and strings as JSON, NUMERIC as a decimal
/// string without trailing zeros, NULL as `null`.
pub trait ToJson {
    /// The value as JSON.
    fn to_json(&self) -> Value;
}

impl ToJson for i32 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Value {
        let number = Number::from_f64(*self).expect("the corpus holds only finite numbers");
        Value::Number(number)
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for Decimal {
    fn to_json(&self) -> Value {
        Value::String(self.normalize().to_string())
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

/// One result row as the corpus writes it: `row![r.id, r.name]` is `[1, "spongebob"]`.
macro_rules! row {
    ($($field:expr),* $(,)?) => {
        ::std::vec![$($crate::to_json::ToJson::to_json(&$field)),*]
    };
}

pub(crate) use row;

#[cfg(test)]
mod tests {
    use super::ToJson;
    use serde_json::json;
    use sqlmint::Decimal;

    #[test]
    fn decimals_lose_trailing_zeros_as_in_the_corpus() {
        assert_eq!(Decimal::new(1220, 2).to_json(), json!("12.2"));
        assert_eq!(Decimal::new(10000, 2).to_json(), json!("100"));
        assert_eq!(Some(Decimal::new(11122, 1)).to_json(), json!("1112.2"));
    }

    #[test]
    fn rows_are_lists_with_null_for_none() {
        let name: Option<String> = None;
        assert_eq!(
            row![3_i32, 2_i64, name, 0.5_f64],
            vec![json!(3), json!(2), json!(null), json!(0.5)]
        );
    }
}
