//! WHERE uses `len`, a label given to a result column with `AS`; labels only exist once the rows
//! are produced, so WHERE (which filters the rows first) cannot see them.
//! Fix: repeat the expression in WHERE, e.g. `WHERE length(name) > 3`; a label can be used in
//! `ORDER BY` or `GROUP BY`.
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
    let _ = db::query!(SELECT length(name) AS len FROM user_account WHERE len > 3);
}
