sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
