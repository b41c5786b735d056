//! The branches of a CASE give values of different types (`name`, text, in THEN and `0`, a number,
//! in ELSE), so the CASE has no single type for its result column.
//! Fix: give every branch the same type, e.g. `ELSE "none"`, or `CAST` one branch to the other's
//! type.
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
    let _ = db::query!(SELECT CASE WHEN id > 1 THEN name ELSE 0 END AS label FROM user_account);
}
