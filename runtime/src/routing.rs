//! Where a connection set with read replicas sends each statement, decided without I/O, so
//! the policy has one definition and its unit tests need no server.
//!
//! A statement `query!` checked as a read ([`SqlFor::READ_ONLY`](crate::SqlFor::READ_ONLY)),
//! run outside a transaction and outside the read-your-writes window, goes to the replicas in
//! turn, skipping those marked down; everything else goes to the primary, and so does a read
//! when no replica can take it.

use std::time::{Duration, Instant};

/// How a connection set with read replicas routes reads and treats a failing replica:
/// `postgres::Replicated` and `tokio_postgres::Replicated` take it, and the first's
/// documentation has an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplicaOptions {
    pub(crate) read_your_writes: Option<Duration>,
    pub(crate) retry_after: Duration,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) check_recovery: bool,
}

impl Default for ReplicaOptions {
    fn default() -> Self {
        ReplicaOptions::new()
    }
}

impl ReplicaOptions {
    /// No read-your-writes window, a failed replica left out for 5 seconds, connections given
    /// 5 seconds, and a replica that is not in recovery refused.
    pub const fn new() -> Self {
        ReplicaOptions {
            read_your_writes: None,
            retry_after: Duration::from_secs(5),
            connect_timeout: Some(Duration::from_secs(5)),
            check_recovery: true,
        }
    }

    /// After a write through the set (a statement that is not a checked read, a batch, a
    /// transaction), reads go to the primary for `window`, so they see the write even before
    /// the replicas have replayed it. Off by default: reads then go to a replica at once,
    /// which may not have the write yet.
    pub const fn read_your_writes(mut self, window: Duration) -> Self {
        self.read_your_writes = Some(window);
        self
    }

    /// How long a replica whose connection failed is left out before it is connected again
    /// (on the first read that would go to it after that); 5 seconds by default.
    pub const fn retry_after(mut self, back_off: Duration) -> Self {
        self.retry_after = back_off;
        self
    }

    /// How long connecting to a server may take before it counts as failed, unless its URL
    /// sets `connect_timeout` itself; 5 seconds by default. A replica that cannot be reached
    /// delays the read that tries it by at most this long.
    pub const fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Whether a replica is asked `pg_is_in_recovery()` when connected, and left out when it
    /// is not in recovery (a promoted replica, or a primary's URL among the replicas'): on by
    /// default, since writes that slip through to such a server would then succeed there.
    pub const fn check_recovery(mut self, check: bool) -> Self {
        self.check_recovery = check;
        self
    }
}

/// The server of a connection set that ran a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Server {
    /// The primary.
    Primary,
    /// The replica at this index of the URLs the set was built from.
    Replica(usize),
}

/// The routing state of one connection set: which replica reads next, which are down until
/// when, and until when reads are pinned to the primary.
#[derive(Debug)]
pub(crate) struct Router {
    options: ReplicaOptions,
    /// Per replica, until when it is left out; `None` when it is up.
    down_until: Vec<Option<Instant>>,
    /// The replica the next read starts at.
    next: usize,
    /// Reads go to the primary until then (read-your-writes).
    pinned_until: Option<Instant>,
}

impl Router {
    pub(crate) fn new(replicas: usize, options: ReplicaOptions) -> Self {
        Router {
            options,
            down_until: vec![None; replicas],
            next: 0,
            pinned_until: None,
        }
    }

    pub(crate) fn options(&self) -> &ReplicaOptions {
        &self.options
    }

    /// The replicas to try a statement on, in order, before the primary: none when it writes
    /// (`read_only` false), runs inside a transaction, or falls in the read-your-writes
    /// window; else every replica not left out, starting at the next in turn. Each read moves
    /// the turn on by one, whichever replica ends up serving it.
    pub(crate) fn replicas_for(
        &mut self,
        read_only: bool,
        in_transaction: bool,
        now: Instant,
    ) -> Vec<usize> {
        let count = self.down_until.len();
        if !read_only || in_transaction || count == 0 || self.pinned(now) {
            return Vec::new();
        }
        let start = self.next % count;
        self.next = (start + 1) % count;
        (0..count)
            .map(|offset| (start + offset) % count)
            .filter(|&replica| self.usable(replica, now))
            .collect()
    }

    /// Whether `replica` may be tried: up, or down for longer than the back-off.
    pub(crate) fn usable(&self, replica: usize, now: Instant) -> bool {
        match self.down_until.get(replica) {
            Some(Some(until)) => now >= *until,
            Some(None) => true,
            None => false,
        }
    }

    /// Whether `replica` is marked down, back-off passed or not.
    pub(crate) fn is_down(&self, replica: usize) -> bool {
        matches!(self.down_until.get(replica), Some(Some(_)))
    }

    /// A statement that may have written ran on the primary: with read-your-writes on, reads
    /// stay on the primary for the window from `now`.
    pub(crate) fn wrote(&mut self, now: Instant) {
        if let Some(window) = self.options.read_your_writes {
            self.pinned_until = Some(now + window);
        }
    }

    /// `replica`'s connection failed, or it could not be connected: it is left out for the
    /// back-off from `now`.
    pub(crate) fn failed(&mut self, replica: usize, now: Instant) {
        if let Some(slot) = self.down_until.get_mut(replica) {
            *slot = Some(now + self.options.retry_after);
        }
    }

    /// `replica` is connected again.
    pub(crate) fn recovered(&mut self, replica: usize) {
        if let Some(slot) = self.down_until.get_mut(replica) {
            *slot = None;
        }
    }

    fn pinned(&self, now: Instant) -> bool {
        self.pinned_until.is_some_and(|until| now < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(replicas: usize, options: ReplicaOptions) -> Router {
        Router::new(replicas, options)
    }

    #[test]
    fn reads_take_turns_over_the_replicas() {
        let mut router = router(3, ReplicaOptions::new());
        let now = Instant::now();
        let firsts: Vec<usize> = (0..5)
            .map(|_| router.replicas_for(true, false, now)[0])
            .collect();
        assert_eq!(firsts, [0, 1, 2, 0, 1]);
        // After the first choice come the others, in order, as fall-backs.
        assert_eq!(router.replicas_for(true, false, now), [2, 0, 1]);
    }

    #[test]
    fn writes_transactions_and_a_set_without_replicas_use_the_primary() {
        let mut router = router(2, ReplicaOptions::new());
        let now = Instant::now();
        assert!(router.replicas_for(false, false, now).is_empty());
        assert!(router.replicas_for(true, true, now).is_empty());
        // Neither moved the turn on.
        assert_eq!(router.replicas_for(true, false, now), [0, 1]);
        assert!(Router::new(0, ReplicaOptions::new())
            .replicas_for(true, false, now)
            .is_empty());
    }

    #[test]
    fn a_failed_replica_is_left_out_until_its_back_off_passes() {
        let back_off = Duration::from_secs(5);
        let mut router = router(2, ReplicaOptions::new().retry_after(back_off));
        let now = Instant::now();
        router.failed(0, now);
        assert!(router.is_down(0));
        assert_eq!(router.replicas_for(true, false, now), [1]);
        assert_eq!(router.replicas_for(true, false, now), [1]);
        // Both down: reads go to the primary.
        router.failed(1, now);
        assert!(router.replicas_for(true, false, now).is_empty());
        // Once the back-off has passed, a read may try them again (reconnecting them).
        let later = now + back_off;
        // (Three reads so far, so this one starts at replica 1.)
        assert_eq!(router.replicas_for(true, false, later), [1, 0]);
        router.recovered(0);
        assert!(!router.is_down(0));
        assert!(router.is_down(1));
    }

    #[test]
    fn read_your_writes_pins_reads_to_the_primary_for_its_window() {
        let window = Duration::from_millis(500);
        let mut router = router(2, ReplicaOptions::new().read_your_writes(window));
        let now = Instant::now();
        router.wrote(now);
        assert!(router.replicas_for(true, false, now).is_empty());
        assert!(router
            .replicas_for(true, false, now + window - Duration::from_millis(1))
            .is_empty());
        assert_eq!(router.replicas_for(true, false, now + window), [0, 1]);
    }

    #[test]
    fn without_read_your_writes_a_write_does_not_pin() {
        let mut router = router(1, ReplicaOptions::new());
        let now = Instant::now();
        router.wrote(now);
        assert_eq!(router.replicas_for(true, false, now), [0]);
    }

    #[test]
    fn an_index_past_the_replicas_is_ignored() {
        let mut router = router(1, ReplicaOptions::new());
        let now = Instant::now();
        router.failed(7, now);
        router.recovered(7);
        assert!(!router.usable(7, now));
        assert!(!router.is_down(7));
        assert_eq!(router.replicas_for(true, false, now), [0]);
    }
}
