sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL PRIMARY KEY }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
