//! sqlmint measured beside its peers in one process, on the workloads of diesel's own
//! `diesel_bench`, so that a claim about its cost is a number anyone can reproduce.
//!
//! Every peer (sqlmint, hand-written rusqlite, `postgres` and `tokio-postgres`, diesel, sqlx)
//! runs each [`Workload`] the way its documentation would have it, against a database of its
//! own filled with the same rows ([`data::Fixture`]). Before a workload is timed or counted,
//! each peer's answer is compared with the one the fixture implies ([`data::expected`]), so a
//! benchmark never measures a wrong answer. The criterion benches (`benches/`) time the
//! calls; the `count` binary repeats one call for callgrind to count its instructions; the
//! `report` binary writes `BENCHMARKS.md` from both; `run.sh` does all three.

pub mod data;
pub mod workload;

mod peers;

pub use workload::{Backend, Runner, Workload};

sqlmint::schema! {
    /// diesel_bench's tables, as sqlmint reads them (the databases are created by
    /// [`data::Fixture::script`], the same DDL for every peer).
    pub mod db {
        table users {
            id: INTEGER PRIMARY KEY,
            name: TEXT NOT NULL,
            hair_color: TEXT,
        }
        table posts {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES users(id),
            title: TEXT NOT NULL,
            body: TEXT,
        }
        table comments {
            id: INTEGER PRIMARY KEY,
            post_id: INTEGER NOT NULL REFERENCES posts(id),
            text: TEXT NOT NULL,
        }
    }
}
