//! `SELECT *` reads from a subquery whose `count(*)` column has no name, so it could not become a
//! column of the result.
//! Fix: name the column with `AS` inside the subquery: `SELECT name, count(*) AS n FROM
//! user_account GROUP BY name`.
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
    let _ = db::query!(SELECT * FROM (SELECT name, count(*) FROM user_account GROUP BY name) AS counts);
}
