//! The tutorial's tables, with the typed columns the executor tests read: one schema for
//! every test binary that includes it (`mod tutorial_schema;`), so they cannot drift apart.

sqlmint::schema! {
    #[sqlmint(path = crate::tutorial_schema::db)]
    pub mod db {
        table user_account {
            id: INTEGER PRIMARY KEY,
            name: VARCHAR(30) NOT NULL UNIQUE,
            fullname: VARCHAR(200),
        }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
        table event {
            id: BIGINT PRIMARY KEY,
            happened_on: DATE NOT NULL,
            happened_at: TIMESTAMP,
            price: NUMERIC(10, 2),
            ratio: DOUBLE,
            payload: BLOB,
            done: BOOLEAN NOT NULL DEFAULT FALSE,
            token: UUID,
            document: JSONB,
            logged_at: TIMESTAMPTZ,
        }
        table tagged {
            id: INTEGER PRIMARY KEY,
            tags: TEXT[] NOT NULL,
            scores: INTEGER[],
            prices: NUMERIC[],
            days: DATE[],
        }
    }
}
