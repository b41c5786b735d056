//! This case has two statements, each with a misspelt keyword (`FORM`, `WHER`); a word in that
//! place is read as an alias, and what follows then does not fit, so the error names the keyword
//! that was probably meant.
//! Fix: correct the spelling: `SELECT id FROM user_account` and `... WHERE id = 1`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

fn main() {
    // `FORM` and `WHER` read as aliases; the error names the keyword, at the misspelling.
    let _ = db::query!(SELECT id FORM user_account);
    let _ = db::query!(SELECT id FROM user_account WHER id = 1);
}
