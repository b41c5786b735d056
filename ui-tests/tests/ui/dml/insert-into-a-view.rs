//! This case has three statements that each write to `named`, which the schema declares as a view:
//! an INSERT, an UPDATE and a DELETE. A view is only read, so each write is an error.
//! Fix: write to the table the view reads instead, e.g. `INSERT INTO author (id, name) VALUES (1,
//! "Ada")`; the view shows the change.
// A view is read, never written: each write names it.
sqlmint::schema! {
    pub mod db {
        table author { id: BIGINT PRIMARY KEY, name: TEXT NOT NULL }
        view named { SELECT id, name FROM author WHERE name <> "" }
    }
}

fn main() {
    let _ = db::query!(INSERT INTO named (id, name) VALUES (1, "Ada"));
    let _ = db::query!(UPDATE named SET name = "Grace");
    let _ = db::query!(DELETE FROM named);
}
