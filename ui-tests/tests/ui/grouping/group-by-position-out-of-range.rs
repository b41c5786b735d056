//! `GROUP BY 3` refers to the third column of the result by position, but the select list has only
//! two columns.
//! Fix: use a position that exists (`GROUP BY 1` for `name`), or name the column: `GROUP BY name`.
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
    let _ = db::query!(SELECT name, count(*) FROM user_account GROUP BY 3);
}
