mod models {
    sqlmint::schema! {
        #[sqlmint(path = crate::models::db)]
        pub mod db {
            table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        }
    }
}

use models::db;

fn main() -> Result<(), sqlmint::Error> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("sandy")))?;
    let names = conn.fetch_all(&models::db::query!(SELECT name FROM user_account))?;
    assert_eq!(names[0].name, "sandy");
    Ok(())
}
