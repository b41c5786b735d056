sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name NOT NULL, fullname: TEXT }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
