//! A library of rows and statements that the compile-pass cases use as another crate's would
//! be used (`tests/pass/rows-from-another-crate.rs`): a schema, an application struct with
//! `#[derive(FromRow)]` and a named statement, all declared here. The cases themselves live
//! in `tests/`.

sqlmint::schema! {
    pub mod blog {
        table post {
            id: INTEGER PRIMARY KEY,
            title: TEXT NOT NULL,
            views: INTEGER NOT NULL DEFAULT 0,
        }
    }
}

/// A post as a list shows it.
#[derive(Debug, PartialEq, sqlmint::FromRow)]
pub struct Headline {
    /// The post's id.
    pub id: i64,
    /// Its title.
    #[sqlmint(rename = "title")]
    pub text: String,
}

blog::query! {
    /// Every post's headline, oldest first.
    pub mod headlines -> Headline {
        SELECT id, title FROM post ORDER BY id
    }
}
