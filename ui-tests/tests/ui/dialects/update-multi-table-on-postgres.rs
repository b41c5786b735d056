//! MySQL's multi-table UPDATE, which sets a column of `address` as well as the target's, is run
//! on PostgreSQL, which updates one table per statement.
//! Fix: split it into one UPDATE per table (each may read the other with `FROM`), in a
//! transaction, or run it on MySQL.
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

/// Stands for any PostgreSQL executor: it runs what has SQL for PostgreSQL.
fn run_on_postgres<Q: sqlmint::SqlFor<sqlmint::Postgres>>(_: &Q) {}

fn main() {
    let update = db::query!(
        UPDATE user_account, address
        SET address.email_address = "bob@sqlalchemy.org", user_account.fullname = "Bob"
        WHERE user_account.id = address.user_id AND address.email_address = "spongebob@sqlalchemy.org"
    );
    run_on_postgres(&update);
}
