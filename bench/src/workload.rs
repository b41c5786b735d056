//! The names the benches, the `count` binary and the report share: which workloads there are,
//! which peers run them on which backend, and the [`Runner`] each (workload, peer) becomes.

use std::fmt;
use std::str::FromStr;

use crate::data::{Answer, Fixture, Hair};

/// What a peer's call fails with: whichever library's error, boxed.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The database a workload runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// An in-memory database, in the process (bundled SQLite).
    Sqlite,
    /// A database of its own on the throwaway PostgreSQL server, over loopback TCP.
    Postgres,
}

impl Backend {
    pub const ALL: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The peers that run on this backend, sqlmint's executors first.
    pub fn peers(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &["sqlmint", "rusqlite", "diesel", "sqlx"],
            Backend::Postgres => &[
                "sqlmint",
                "sqlmint_async",
                "postgres",
                "tokio_postgres",
                "diesel",
                "sqlx",
            ],
        }
    }

    /// A peer's [`Runner`] for `workload`, with its database made and filled.
    pub fn runner(self, peer: &str, workload: Workload) -> Result<Box<dyn Runner>, Error> {
        crate::peers::runner(self, peer, workload)
    }
}

impl FromStr for Backend {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Backend::ALL
            .into_iter()
            .find(|backend| backend.name() == name)
            .ok_or_else(|| format!("no backend `{name}`; say `sqlite` or `postgres`"))
    }
}

/// One of diesel_bench's workloads, or one of sqlmint's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Workload {
    /// `SELECT` every user of a table of this many (diesel_bench's `bench_trivial_query`).
    TrivialQuery(usize),
    /// Users `LEFT JOIN` posts, filtered on a bound hair colour, as `(User, Option<Post>)`,
    /// over 1 000 users of which 500 match (diesel_bench's `bench_medium_complex_query`).
    MediumComplexQuery,
    /// One user by primary key, among 1 000.
    LookupById,
    /// This many users inserted by one multi-row `INSERT` (diesel_bench's `bench_insert`).
    Insert(usize),
    /// Users, then their posts, then the posts' comments, grouped in memory
    /// (diesel_bench's `loading_associations_sequentially`).
    Associations,
    /// This many users inserted one `INSERT` each, inside one transaction.
    InsertRowAtATime(usize),
    /// 1 000 users by id, with one `IN` list, among 10 000.
    LookupIdList,
    /// This many users inserted as one bulk operation, in each peer's own idiom for it.
    BatchInsert(usize),
    /// [`Workload::BatchInsert`] with `RETURNING`: the users read back as stored, their
    /// generated ids included, in the order given.
    BatchInsertReturning(usize),
}

impl Workload {
    /// Every workload, in the order the report lists them.
    pub const ALL: [Workload; 15] = [
        Workload::TrivialQuery(1),
        Workload::TrivialQuery(10),
        Workload::TrivialQuery(100),
        Workload::TrivialQuery(1_000),
        Workload::TrivialQuery(10_000),
        Workload::MediumComplexQuery,
        Workload::LookupById,
        Workload::Insert(1),
        Workload::Insert(10),
        Workload::Insert(100),
        Workload::Associations,
        Workload::InsertRowAtATime(10_000),
        Workload::LookupIdList,
        Workload::BatchInsert(10_000),
        Workload::BatchInsertReturning(10_000),
    ];

    /// The name of the criterion group (and of the report's row) this workload is timed in.
    pub fn group(self) -> &'static str {
        match self {
            Workload::TrivialQuery(_) => "trivial_query",
            Workload::MediumComplexQuery => "medium_complex_query",
            Workload::LookupById => "lookup_by_id",
            Workload::Insert(_) => "insert",
            Workload::Associations => "associations",
            Workload::InsertRowAtATime(_) => "insert_row_at_a_time",
            Workload::LookupIdList => "lookup_id_list",
            Workload::BatchInsert(_) => "batch_insert",
            Workload::BatchInsertReturning(_) => "batch_insert_returning",
        }
    }

    /// The size criterion reports the workload under (its parameter).
    pub fn size(self) -> usize {
        match self {
            Workload::TrivialQuery(size)
            | Workload::Insert(size)
            | Workload::InsertRowAtATime(size)
            | Workload::BatchInsert(size)
            | Workload::BatchInsertReturning(size) => size,
            Workload::MediumComplexQuery => 1_000,
            Workload::LookupById => 1,
            Workload::Associations => 1,
            Workload::LookupIdList => 1_000,
        }
    }

    /// The parameter criterion reports the workload under: its size, the users of the
    /// associations' fixture, 1 for the single lookup.
    pub fn parameter(self, backend: Backend) -> usize {
        match self {
            Workload::Associations => self.fixture(backend).users,
            _ => self.size(),
        }
    }

    /// The criterion group the workload is timed in on `backend` (`sqlite.trivial_query`).
    pub fn criterion_group(self, backend: Backend) -> String {
        format!("{}.{}", backend.name(), self.group())
    }

    /// Where criterion writes the estimates of `peer`'s run of the workload, under its
    /// output directory (`CRITERION_HOME`, or `target/criterion`).
    pub fn criterion_estimates(self, backend: Backend, peer: &str) -> std::path::PathBuf {
        [
            self.criterion_group(backend),
            peer.to_owned(),
            self.parameter(backend).to_string(),
            "new".to_owned(),
            "estimates.json".to_owned(),
        ]
        .iter()
        .collect()
    }

    /// The rows the workload's database holds before its first call.
    pub fn fixture(self, backend: Backend) -> Fixture {
        let users = |users, hair| Fixture {
            users,
            hair,
            posts_per_user: 0,
            comments_per_post: 0,
        };
        match self {
            Workload::TrivialQuery(size) => users(size, Hair::None),
            Workload::MediumComplexQuery | Workload::LookupById => users(1_000, Hair::BlackBrown),
            Workload::Insert(_)
            | Workload::InsertRowAtATime(_)
            | Workload::BatchInsert(_)
            | Workload::BatchInsertReturning(_) => users(0, Hair::None),
            Workload::LookupIdList => users(10_000, Hair::BlackBrown),
            // diesel_bench loads 9 users on SQLite and 100 on PostgreSQL: 900 and 10 000
            // comments.
            Workload::Associations => Fixture {
                users: match backend {
                    Backend::Sqlite => 9,
                    Backend::Postgres => 100,
                },
                hair: Hair::BlackBrown,
                posts_per_user: 10,
                comments_per_post: 10,
            },
        }
    }

    /// How many calls the `count` binary makes under callgrind: enough for a steady average,
    /// few enough that a run takes seconds.
    pub fn counted_calls(self) -> u32 {
        match self {
            Workload::TrivialQuery(size) | Workload::Insert(size) if size <= 10 => 200,
            Workload::TrivialQuery(100) | Workload::Insert(100) => 50,
            Workload::TrivialQuery(1_000) => 20,
            Workload::TrivialQuery(_) => 5,
            Workload::LookupById => 500,
            Workload::MediumComplexQuery | Workload::LookupIdList | Workload::Associations => 10,
            Workload::Insert(_) => 50,
            Workload::InsertRowAtATime(_) => 2,
            Workload::BatchInsert(_) | Workload::BatchInsertReturning(_) => 5,
        }
    }
}

impl fmt::Display for Workload {
    /// `group/size`, or the group alone where the size is fixed by the workload.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Workload::LookupById | Workload::Associations => f.write_str(self.group()),
            _ => write!(f, "{}/{}", self.group(), self.size()),
        }
    }
}

impl FromStr for Workload {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Workload::ALL
            .into_iter()
            .find(|workload| workload.to_string() == name)
            .ok_or_else(|| {
                let names: Vec<String> = Workload::ALL.iter().map(Workload::to_string).collect();
                format!("no workload `{name}`; one of {}", names.join(", "))
            })
    }
}

/// One peer, ready to run one workload on its own filled database.
pub trait Runner {
    /// Runs the workload once, as the measurements do, and drops what it returned.
    fn call(&mut self) -> Result<(), Error>;

    /// Runs the workload once and returns its answer, normalized, to compare with
    /// [`crate::data::expected`].
    fn answer(&mut self) -> Result<Answer, Error>;
}

/// A peer's runner for `workload`, whose first answer has been checked against the one the
/// fixture implies: the call every measurement starts with.
pub fn checked_runner(
    backend: Backend,
    peer: &str,
    workload: Workload,
) -> Result<Box<dyn Runner>, Error> {
    let mut runner = backend.runner(peer, workload)?;
    let answer = runner.answer()?;
    let expected = crate::data::expected(workload, backend);
    if answer != expected {
        return Err(format!(
            "{peer} gives a wrong answer to {workload} on {}: {} where {} were expected\n\
             got: {answer:?}\nexpected: {expected:?}",
            backend.name(),
            answer.summary(),
            expected.summary(),
        )
        .into());
    }
    Ok(runner)
}

/// A runner made of a peer's state and two functions: the call, and how to read its result
/// as an [`Answer`] (which may ask the peer, as the inserts do for the table's rows).
pub(crate) struct Bound<P, T> {
    pub peer: P,
    pub call: fn(&mut P) -> Result<T, Error>,
    pub answer: fn(&mut P, T) -> Result<Answer, Error>,
}

impl<P: 'static, T: 'static> Bound<P, T> {
    pub fn boxed(
        peer: P,
        call: fn(&mut P) -> Result<T, Error>,
        answer: fn(&mut P, T) -> Result<Answer, Error>,
    ) -> Box<dyn Runner> {
        Box::new(Bound { peer, call, answer })
    }
}

impl<P, T> Runner for Bound<P, T> {
    fn call(&mut self) -> Result<(), Error> {
        let out = (self.call)(&mut self.peer)?;
        drop(std::hint::black_box(out));
        Ok(())
    }

    fn answer(&mut self) -> Result<Answer, Error> {
        let out = (self.call)(&mut self.peer)?;
        Ok((self.answer)(&mut self.peer, out)?.normalized())
    }
}
