//! A view's query in `schema!` reads a column (`nmae`, a typo) its table does not have; a view's
//! query is checked like any other query.
//! Fix: use the column's name as the table declares it: `view named { SELECT id, name FROM
//! author }`.
// A view's query is checked as any query is, at its own tokens.
sqlmint::schema! {
    pub mod db {
        table author { id: BIGINT PRIMARY KEY, name: TEXT NOT NULL }
        view named { SELECT id, nmae FROM author }
    }
}

fn main() {}
