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
