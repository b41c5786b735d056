//! The query puts one aggregate inside another (`max(count(*))`); SQL computes aggregates over the
//! rows of one level of grouping, so they cannot be nested.
//! Fix: compute the inner aggregate in a subquery and aggregate its result, e.g. `SELECT max(n)
//! FROM (SELECT count(*) AS n FROM user_account GROUP BY name) AS counts`.
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
    let _ = db::query!(SELECT max(count(*)) FROM user_account GROUP BY name);
}
