sqlmint::schema! {
    pub mod db {
        table order { id: INTEGER PRIMARY KEY, group: TEXT NOT NULL }
    }
}

fn main() {
    let _ = db::query!(SELECT count(*) AS n FROM order GROUP BY group);
}
