//! The schema, read from `migrations/` at the crate root (not relative to this file).

sqlmint::schema! {
    #[sqlmint(migrations = "migrations", path = crate::db::db)]
    pub mod db {}
}
