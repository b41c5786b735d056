//! The table `order` has a column named `group`, and in `GROUP BY group` the bare word is read as
//! the keyword GROUP rather than the column's name.
//! Fix: write the column as a Rust raw identifier where the keyword would be read:
//! `GROUP BY r#group`.
sqlmint::schema! {
    pub mod db {
        table order { id: INTEGER PRIMARY KEY, group: TEXT NOT NULL }
    }
}

fn main() {
    let _ = db::query!(SELECT count(*) AS n FROM order GROUP BY group);
}
