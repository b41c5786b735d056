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
