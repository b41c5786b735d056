//! WHERE uses the aggregate `count(*)`; WHERE filters single rows before they are grouped, so an
//! aggregate over a group cannot be computed there.
//! Fix: filter groups with HAVING after GROUP BY: `... GROUP BY name HAVING count(*) > 1`.
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
    let _ = db::query!(SELECT name FROM user_account WHERE count(*) > 1 GROUP BY name);
}
