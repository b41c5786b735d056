//! Text from a user, made safe to put inside a LIKE pattern: a search box that contains `%`
//! or `_` must match those characters, not everything.

/// Escapes `%`, `_` and `escape` itself in `text`, so that a LIKE pattern built from it
/// matches `text` literally. Pair it with the same character in the statement's `ESCAPE`:
/// every dialect then reads the pattern alike (without `ESCAPE`, no character escapes).
///
/// ```
/// # use sqlmint_runtime::like::escape_like;
/// let search = "50%_off";
/// // In the statement: `WHERE title LIKE {pattern} ESCAPE "\\"`
/// let pattern = format!("%{}%", escape_like(search, '\\'));
/// assert_eq!(pattern, r"%50\%\_off%");
/// ```
pub fn escape_like(text: &str, escape: char) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '%' || c == '_' || c == escape {
            escaped.push(escape);
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn escapes_wildcards_and_the_escape_character() {
        assert_eq!(escape_like("plain", '\\'), "plain");
        assert_eq!(escape_like(r"a\b%c_d", '\\'), r"a\\b\%c\_d");
        assert_eq!(escape_like("10%!", '!'), "10!%!!");
    }
}
