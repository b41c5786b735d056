//! The select list names a column that none of the query's tables has (`nmae`, a typo); the error
//! suggests the closest column.
//! Fix: use the column's name as the schema spells it: `SELECT id, name FROM user_account`.
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
    let _ = db::query!(SELECT id, nmae FROM user_account);
}
