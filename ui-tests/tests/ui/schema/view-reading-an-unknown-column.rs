// A view's query is checked as any query is, at its own tokens.
sqlmint::schema! {
    pub mod db {
        table author { id: BIGINT PRIMARY KEY, name: TEXT NOT NULL }
        view named { SELECT id, nmae FROM author }
    }
}

fn main() {}
