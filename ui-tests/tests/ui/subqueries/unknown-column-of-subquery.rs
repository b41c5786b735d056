//! `s.nmae` names a column (a typo) that the subquery `s` does not return; it returns only `id` and
//! `name`.
//! Fix: use a column the subquery returns: `SELECT s.name FROM (...) AS s`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
    }
}

fn main() {
    let _ = db::query!(SELECT s.nmae FROM (SELECT id, name FROM user_account) AS s);
}
