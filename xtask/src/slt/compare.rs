//! Compares what a query returned with what the `.test` file expects, as the format says:
//! sort rows or values first, then compare value by value, or by md5 when the file gives
//! `N values hashing to <md5>`.

use super::parse::{Expected, Sort};
use md5::{Digest, Md5};

/// The values of `rows` in the order the sort mode compares them.
pub fn sorted_values(rows: &[Vec<String>], sort: Sort) -> Vec<String> {
    match sort {
        Sort::Unsorted => rows.concat(),
        Sort::Rows => {
            let mut rows = rows.to_vec();
            rows.sort();
            rows.concat()
        }
        Sort::Values => {
            let mut values = rows.concat();
            values.sort();
            values
        }
    }
}

/// The md5 of every value followed by `\n`, in lowercase hex.
pub fn hash_values(values: &[String]) -> String {
    let mut hasher = Md5::new();
    for value in values {
        hasher.update(value.as_bytes());
        hasher.update(b"\n");
    }
    format!("{:x}", hasher.finalize())
}

/// Checks `rows` (each of `columns` values) against `expected`; on a mismatch, says how the
/// result differs.
pub fn check(
    rows: &[Vec<String>],
    columns: usize,
    sort: Sort,
    expected: &Expected,
) -> Result<(), String> {
    let actual = sorted_values(rows, sort);
    match expected {
        Expected::Nothing => Ok(()),
        Expected::Values(values) => {
            // The file lists values already sorted; sort them again in case it was written by
            // hand, row by row for rowsort.
            let expected_rows: Vec<Vec<String>> = values
                .chunks(columns.max(1))
                .map(<[String]>::to_vec)
                .collect();
            let expected = sorted_values(&expected_rows, sort);
            if actual == expected {
                return Ok(());
            }
            if actual.len() != expected.len() {
                return Err(format!(
                    "expected {} values, got {}",
                    expected.len(),
                    actual.len()
                ));
            }
            let (index, (want, got)) = expected
                .iter()
                .zip(&actual)
                .enumerate()
                .find(|(_, (want, got))| want != got)
                .expect("equal lengths, unequal contents");
            let place = match sort {
                Sort::Values => format!("value {}", index + 1),
                _ => format!(
                    "row {}, column {}",
                    index / columns.max(1) + 1,
                    index % columns.max(1) + 1
                ),
            };
            Err(format!(
                "wrong result at {place} (in compared order): expected `{want}`, got `{got}`"
            ))
        }
        Expected::Hash { count, md5 } => {
            let hash = hash_values(&actual);
            if actual.len() == *count && hash == *md5 {
                Ok(())
            } else {
                Err(format!(
                    "expected {count} values hashing to {md5}, got {} values hashing to {hash}",
                    actual.len()
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|v| (*v).to_owned()).collect())
            .collect()
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn sort_modes_order_rows_or_values() {
        let result = rows(&[&["2", "a"], &["10", "b"], &["1", "c"]]);
        assert_eq!(
            sorted_values(&result, Sort::Unsorted),
            strings(&["2", "a", "10", "b", "1", "c"])
        );
        // Values compare as strings, as the reference's strcmp does: "10" < "2".
        assert_eq!(
            sorted_values(&result, Sort::Rows),
            strings(&["1", "c", "10", "b", "2", "a"])
        );
        assert_eq!(
            sorted_values(&result, Sort::Values),
            strings(&["1", "10", "2", "a", "b", "c"])
        );
    }

    #[test]
    fn md5_of_values_each_followed_by_a_newline() {
        // printf '1\n2\n3\n' | md5sum
        assert_eq!(
            hash_values(&strings(&["1", "2", "3"])),
            "c0710d6b4f15dfa88f600b0e6b624077"
        );
        assert_eq!(hash_values(&[]), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn checks_values_and_hashes() {
        let result = rows(&[&["3"], &["1"], &["2"]]);
        let listed = Expected::Values(strings(&["1", "2", "3"]));
        assert!(check(&result, 1, Sort::Rows, &listed).is_ok());
        assert_eq!(
            check(&result, 1, Sort::Unsorted, &listed),
            Err(
                "wrong result at row 1, column 1 (in compared order): expected `1`, got `3`"
                    .to_owned()
            )
        );
        let hashed = Expected::Hash {
            count: 3,
            md5: "c0710d6b4f15dfa88f600b0e6b624077".into(),
        };
        assert!(check(&result, 1, Sort::Values, &hashed).is_ok());
        assert!(check(&result[..2], 1, Sort::Values, &hashed).is_err());
        assert_eq!(
            check(&result[..2], 1, Sort::Values, &listed),
            Err("expected 3 values, got 2".to_owned())
        );
        assert!(check(&[], 1, Sort::Unsorted, &Expected::Nothing).is_ok());
    }

    #[test]
    fn hand_written_rowsort_results_are_sorted_by_row() {
        let result = rows(&[&["1", "z"], &["2", "a"]]);
        let expected = Expected::Values(strings(&["2", "a", "1", "z"]));
        assert!(check(&result, 2, Sort::Rows, &expected).is_ok());
    }
}
