//! The table-level `PRIMARY KEY ()` lists no columns; a primary key must be made of at least one.
//! Fix: name the key's columns, e.g. `PRIMARY KEY (a, b)`, or drop the clause.
sqlmint::schema! {
    pub mod db {
        table pair { a: INTEGER NOT NULL, b: INTEGER NOT NULL, PRIMARY KEY () }
    }
}

fn main() {}
