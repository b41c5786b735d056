//! The UPDATE has a RETURNING clause and is run on MySQL, whose UPDATE cannot return rows.
//! Fix: drop `RETURNING id, name` and read the rows with a separate SELECT, or run the statement on
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
    let update = db::query!(UPDATE user_account SET fullname = "Patrick the Star" WHERE name = "patrick" RETURNING id, name);
    run_on_mysql(&update);
}
