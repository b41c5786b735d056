//! The query uses FULL OUTER JOIN and is passed to code that runs it on MySQL, which has no full
//! outer join.
//! Fix: use a LEFT or RIGHT JOIN if one side's unmatched rows are enough, or run the statement on
//! SQLite or PostgreSQL.
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

/// Stands for any MySQL executor: it runs what has SQL for MySQL.
fn run_on_mysql<Q: sqlmint::SqlFor<sqlmint::MySql>>(_: &Q) {}

fn main() {
    let query = db::query!(SELECT user_account.name, address.email_address FROM user_account FULL OUTER JOIN address);
    run_on_mysql(&query);
}
