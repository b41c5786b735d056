//! This case has three statements, each using a construct sqlmint recognises but does not support:
//! `INSERT OR IGNORE`, `NATURAL JOIN` and `JOIN ... USING`.
//! Fix: write `INSERT ... ON CONFLICT DO NOTHING` instead of `INSERT OR IGNORE`, and join with an
//! explicit `ON a.column = b.column` (or a bare `JOIN` where one foreign key links the tables).
// Recognised constructs sqlmint does not support say so by name, at the construct, with what
// to write instead: one statement each.
sqlmint::schema! {
    pub mod db {
        table author { id: BIGINT PRIMARY KEY, name: TEXT NOT NULL }
        table post { id: BIGINT PRIMARY KEY, author_id: BIGINT NOT NULL REFERENCES author (id) }
    }
}

fn main() {
    let _ = db::query!(INSERT OR IGNORE INTO author (id, name) VALUES (1, "Ada"));
    let _ = db::query!(SELECT name FROM author NATURAL JOIN post);
    let _ = db::query!(SELECT name FROM author JOIN post USING (id));
}
