//! HAVING tests `fullname`, which is neither in GROUP BY nor inside an aggregate; a group of rows
//! with the same `name` can have many values of `fullname`, so it has no single value to test.
//! Fix: test it with an aggregate (e.g. `HAVING count(fullname) = 0`), add it to GROUP BY, or move
//! a per-row test into WHERE: `WHERE fullname IS NULL GROUP BY name`.
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
    let _ = db::query!(
        SELECT name, count(*) FROM user_account GROUP BY name HAVING fullname IS NULL
    );
}
