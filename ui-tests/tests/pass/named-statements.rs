sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

mod queries {
    use crate::db;

    db::query! {
        /// Named statements are items: their types are named from anywhere.
        #[derive(Eq, Hash)]
        pub(crate) mod by_name {
            SELECT id, fullname FROM user_account WHERE name = :name
        }
    }

    db::query! {
        pub mod everyone {
            SELECT * FROM user_account ORDER BY id
        }
    }

    db::query! {
        pub mod rename {
            UPDATE user_account SET name = :new WHERE name = :old
        }
    }
}

fn lookup(conn: &sqlmint::sqlite::Connection, name: &str) -> sqlmint::Result<Vec<queries::by_name::Row>> {
    conn.fetch_all(&queries::by_name::new(name))
}

fn main() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    db::create_all(&conn).unwrap();
    let _: Vec<db::UserAccount> = conn.fetch_all(&queries::everyone::new()).unwrap();
    let _: queries::everyone::Row = db::UserAccount { id: 1, name: "a".into(), fullname: None };
    let changed: u64 = conn.execute(&queries::rename::new("b", "a")).unwrap();
    assert_eq!(changed, 0);
    let rows = lookup(&conn, "a").unwrap();
    let _: std::collections::HashSet<queries::by_name::Row> = rows.into_iter().collect();
}
