//! The prepared statements a PostgreSQL connection keeps, keyed by their SQL text: one type
//! for the synchronous and the asynchronous executor.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Prepared statements by SQL text. The lock is only ever held inside these methods, never
/// across an `.await` or a round trip; two tasks preparing the same statement at once both
/// prepare it, and one of the two is kept.
///
/// Every statement's SQL is a `&'static str` compiled into the program, so it is looked up
/// first by its address and length: hashing and comparing the text (hundreds of bytes for a
/// multi-row INSERT) on every run would cost more than the rest of the lookup. Only an
/// address seen for the first time is looked up by its text, so the same SQL written at two
/// places in the program is still prepared once.
#[derive(Debug)]
// Boxed: a connection that holds it stays small enough to move and return by value.
pub(crate) struct StatementCache<S>(Mutex<Box<Maps<S>>>);

#[derive(Debug)]
struct Maps<S> {
    by_address: HashMap<SqlKey, (&'static str, S), BuildHasherDefault<AddressHasher>>,
    by_text: HashMap<&'static str, S>,
}

/// A `&'static str` by where it is: its address and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct SqlKey(usize, usize);

impl SqlKey {
    fn of(sql: &'static str) -> SqlKey {
        SqlKey(sql.as_ptr() as usize, sql.len())
    }
}

/// Hashes the two words of a [`SqlKey`] with one multiply each (addresses are already
/// distinct; the multiply spreads their low bits over the ones `HashMap` uses).
#[derive(Debug, Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl<S> Default for StatementCache<S> {
    fn default() -> Self {
        StatementCache(Mutex::new(Box::new(Maps {
            by_address: HashMap::default(),
            by_text: HashMap::new(),
        })))
    }
}

impl<S: Clone> StatementCache<S> {
    /// The statement prepared for `sql`, if any.
    pub(crate) fn get(&self, sql: &'static str) -> Option<S> {
        let mut maps = self.lock();
        if let Some((_, statement)) = maps.by_address.get(&SqlKey::of(sql)) {
            return Some(statement.clone());
        }
        let statement = maps.by_text.get(sql)?.clone();
        maps.by_address
            .insert(SqlKey::of(sql), (sql, statement.clone()));
        Some(statement)
    }

    /// Keeps `statement` as the one prepared for `sql`.
    pub(crate) fn insert(&self, sql: &'static str, statement: S) {
        let mut maps = self.lock();
        maps.by_address
            .insert(SqlKey::of(sql), (sql, statement.clone()));
        maps.by_text.insert(sql, statement);
    }

    /// Forgets the statement prepared for `sql` (the server no longer has it), wherever the
    /// program spells that SQL.
    pub(crate) fn remove(&self, sql: &'static str) {
        let mut maps = self.lock();
        maps.by_text.remove(sql);
        maps.by_address.retain(|_, (text, _)| *text != sql);
    }

    /// How many statements are kept.
    pub(crate) fn len(&self) -> usize {
        self.lock().by_text.len()
    }

    /// A panic while the lock was held cannot leave the maps half-updated, so a poisoned lock
    /// is used as it is.
    fn lock(&self) -> MutexGuard<'_, Box<Maps<S>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_at_two_addresses_is_one_statement() {
        let cache = StatementCache::default();
        let here: &'static str = "SELECT 1";
        let there: &'static str = Box::leak(String::from("SELECT 1").into_boxed_str());
        assert_ne!(here.as_ptr(), there.as_ptr());
        assert_eq!(cache.get(here), None);
        cache.insert(here, 7);
        assert_eq!(cache.get(here), Some(7));
        assert_eq!(cache.get(there), Some(7));
        assert_eq!(cache.len(), 1);
        // Evicted wherever it is spelt, so neither address keeps a statement the server lost.
        cache.remove(there);
        assert_eq!(cache.get(here), None);
        assert_eq!(cache.get(there), None);
        assert_eq!(cache.len(), 0);
    }
}
