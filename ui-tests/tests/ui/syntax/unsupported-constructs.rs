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
