//! Text literals standing for dates, timestamps and UUIDs, checked at compile time: SQLite
//! would store any text, and PostgreSQL would refuse a malformed one only when the statement
//! runs.

use crate::types::SqlType;

/// What a text literal for `ty` must look like, when it does not; `None` when it fits or `ty`
/// takes any text.
pub(super) fn malformed(text: &str, ty: SqlType) -> Option<String> {
    if let SqlType::Enum(enumeration) = ty {
        let labels: Vec<String> = enumeration
            .labels
            .iter()
            .map(|l| format!("{l:?}"))
            .collect();
        return (!enumeration.has(text)).then(|| format!("one of {}", labels.join(", ")));
    }
    let (fits, form) = match ty {
        SqlType::Date => (date(text).is_some_and(str::is_empty), "YYYY-MM-DD"),
        SqlType::Timestamp => (
            timestamp(text).is_some_and(str::is_empty),
            "YYYY-MM-DD HH:MM:SS[.ffffff]",
        ),
        SqlType::TimestampTz => (
            timestamp(text).is_some_and(zone),
            "YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM|Z]",
        ),
        SqlType::Uuid => (uuid(text), "8-4-4-4-12 hexadecimal digits"),
        _ => return None,
    };
    (!fits).then(|| form.to_owned())
}

/// `n` ASCII digits at the start of `text`, as a number, and the rest.
fn digits(text: &str, n: usize) -> Option<(u32, &str)> {
    let head = text.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &text[n..]))
}

/// `YYYY-MM-DD` at the start of `text`; the rest.
fn date(text: &str) -> Option<&str> {
    let (_, rest) = digits(text, 4)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2)?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(rest)
}

/// A date, `T` or a space, and `HH:MM[:SS[.fraction]]`, at the start of `text`; the rest.
fn timestamp(text: &str) -> Option<&str> {
    let rest = date(text)?;
    let rest = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('T'))?;
    let (hour, rest) = digits(rest, 2)?;
    let (minute, mut rest) = digits(rest.strip_prefix(':')?, 2)?;
    if let Some(seconds) = rest.strip_prefix(':') {
        let (second, after) = digits(seconds, 2)?;
        if second > 60 {
            return None;
        }
        rest = after;
        if let Some(fraction) = rest.strip_prefix('.') {
            let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if length == 0 {
                return None;
            }
            rest = &fraction[length..];
        }
    }
    (hour < 24 && minute < 60).then_some(rest)
}

/// Nothing, `Z`, or `±HH[:MM]` / `±HHMM`.
fn zone(rest: &str) -> bool {
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(offset) = rest.strip_prefix('+').or_else(|| rest.strip_prefix('-')) else {
        return false;
    };
    match digits(offset, 2) {
        Some((hours, "")) => hours < 24,
        Some((hours, minutes)) => {
            let minutes = minutes.strip_prefix(':').unwrap_or(minutes);
            hours < 24 && matches!(digits(minutes, 2), Some((m, "")) if m < 60)
        }
        None => false,
    }
}

/// Hyphenated (`8-4-4-4-12`) or 32 plain hexadecimal digits.
fn uuid(text: &str) -> bool {
    let hex = |part: &str| part.bytes().all(|b| b.is_ascii_hexdigit());
    let groups: Vec<&str> = text.split('-').collect();
    match groups.as_slice() {
        [plain] => plain.len() == 32 && hex(plain),
        [a, b, c, d, e] => {
            [a.len(), b.len(), c.len(), d.len(), e.len()] == [8, 4, 4, 4, 12]
                && groups.iter().all(|g| hex(g))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::malformed;
    use crate::types::SqlType;

    #[test]
    fn dates_timestamps_and_uuids() {
        for (text, ty) in [
            ("2024-02-29", SqlType::Date),
            ("2024-01-01 10:30", SqlType::Timestamp),
            ("2024-01-01T10:30:59.123456", SqlType::Timestamp),
            ("2024-01-01 10:30:00+02:00", SqlType::TimestampTz),
            ("2024-01-01 10:30:00Z", SqlType::TimestampTz),
            ("2024-01-01 10:30:00-0530", SqlType::TimestampTz),
            ("67e55044-10b1-426f-9247-bb680e5fe0c8", SqlType::Uuid),
            ("67e5504410b1426f9247bb680e5fe0c8", SqlType::Uuid),
            ("anything", SqlType::Text),
        ] {
            assert_eq!(malformed(text, ty), None, "{text} as {ty:?}");
        }
        for (text, ty) in [
            ("not a date", SqlType::Date),
            ("2024-13-01", SqlType::Date),
            ("2024-01-01 10:30", SqlType::Date),
            ("2024-01-01", SqlType::Timestamp),
            ("2024-01-01 25:00", SqlType::Timestamp),
            ("2024-01-01 10:30:00+02:00", SqlType::Timestamp),
            ("2024-01-01 10:30:00 UTC", SqlType::TimestampTz),
            ("67e55044-10b1-426f-9247", SqlType::Uuid),
            ("zze55044-10b1-426f-9247-bb680e5fe0c8", SqlType::Uuid),
        ] {
            assert!(malformed(text, ty).is_some(), "{text} as {ty:?}");
        }
    }
}
