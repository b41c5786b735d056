//! The prepared statements a PostgreSQL connection keeps, keyed by their SQL text: one type
//! for the synchronous and the asynchronous executor.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Prepared statements by SQL text. The lock is only ever held inside these methods, never
/// across an `.await` or a round trip; two tasks preparing the same statement at once both
/// prepare it, and one of the two is kept.
#[derive(Debug)]
pub(crate) struct StatementCache<S>(Mutex<HashMap<&'static str, S>>);

impl<S> Default for StatementCache<S> {
    fn default() -> Self {
        StatementCache(Mutex::new(HashMap::new()))
    }
}

impl<S: Clone> StatementCache<S> {
    /// The statement prepared for `sql`, if any.
    pub(crate) fn get(&self, sql: &str) -> Option<S> {
        self.lock().get(sql).cloned()
    }

    /// Keeps `statement` as the one prepared for `sql`.
    pub(crate) fn insert(&self, sql: &'static str, statement: S) {
        self.lock().insert(sql, statement);
    }

    /// Forgets the statement prepared for `sql` (the server no longer has it).
    pub(crate) fn remove(&self, sql: &str) {
        self.lock().remove(sql);
    }

    /// How many statements are kept.
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    /// A panic while the lock was held cannot leave the map half-updated, so a poisoned lock
    /// is used as it is.
    fn lock(&self) -> MutexGuard<'_, HashMap<&'static str, S>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
