//! ORDER BY after a UNION uses an expression (`id + 1`); it sorts the combined result, whose
//! columns can only be referred to by name or position.
//! Fix: order by a result column (`ORDER BY id` or `ORDER BY 1`), or select the expression on both
//! sides with a name (`SELECT id + 1 AS k ...`) and order by `k`.
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
    let _ = db::query!(SELECT id FROM user_account UNION SELECT id FROM address ORDER BY id + 1);
}
