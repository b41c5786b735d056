sqlmint::schema! {
    pub mod db {
        table pair { a: INTEGER NOT NULL, b: INTEGER NOT NULL, PRIMARY KEY () }
    }
}

fn main() {}
