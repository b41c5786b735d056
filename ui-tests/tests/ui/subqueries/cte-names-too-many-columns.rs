//! The CTE `c(a, b)` names two columns, but its query selects only one (`id`); the list must name
//! each column the query returns, no more and no fewer.
//! Fix: name as many columns as the query returns, `WITH c(a) AS (SELECT id ...)`, or select a
//! second column: `(SELECT id, name FROM user_account)`.
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
    let _ = db::query!(WITH c(a, b) AS (SELECT id FROM user_account) SELECT a FROM c);
}
