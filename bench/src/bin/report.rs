//! Writes `BENCHMARKS.md` from one run of `run.sh`: criterion's medians, callgrind's counts,
//! the machine and the versions, so that every figure in the file comes from that run.
//!
//! ```text
//! report --criterion DIR --counts FILE --lock Cargo.lock --rustc TEXT --sqlmint TEXT \
//!        --date TEXT --out BENCHMARKS.md
//! ```
//!
//! `--counts` is `run.sh`'s table, one line per run: backend, workload, peer, calls, then the
//! instructions callgrind counted with those calls and with none.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sqlmint_bench::workload::Error;
use sqlmint_bench::{Backend, Workload};

struct Options {
    criterion: PathBuf,
    counts: PathBuf,
    lock: PathBuf,
    rustc: String,
    sqlmint: String,
    date: String,
    out: PathBuf,
}

fn main() -> ExitCode {
    match options().and_then(|options| write_report(&options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("report: {error}");
            ExitCode::FAILURE
        }
    }
}

fn options() -> Result<Options, Error> {
    let mut given: HashMap<String, String> = HashMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(name) = flag.strip_prefix("--") else {
            return Err(format!("unexpected argument `{flag}`").into());
        };
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        given.insert(name.to_owned(), value);
    }
    let mut take = |name: &str| {
        given
            .remove(name)
            .ok_or_else(|| format!("missing `--{name}`"))
    };
    Ok(Options {
        criterion: take("criterion")?.into(),
        counts: take("counts")?.into(),
        lock: take("lock")?.into(),
        rustc: take("rustc")?,
        sqlmint: take("sqlmint")?,
        date: take("date")?,
        out: take("out")?.into(),
    })
}

/// Instructions per call, by (backend, workload, peer).
type Counts = HashMap<(String, String, String), f64>;

fn read_counts(path: &Path) -> Result<Counts, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut counts = Counts::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [backend, workload, peer, calls, with, without] = fields[..] else {
            return Err(
                format!("a line of {} has not six fields: `{line}`", path.display()).into(),
            );
        };
        let number = |text: &str| {
            text.parse::<f64>()
                .map_err(|_| format!("`{text}` is not a number, in `{line}`"))
        };
        let (calls, with, without) = (number(calls)?, number(with)?, number(without)?);
        if calls > 0.0 {
            counts.insert(
                (backend.to_owned(), workload.to_owned(), peer.to_owned()),
                (with - without) / calls,
            );
        }
    }
    Ok(counts)
}

/// Criterion's median time of one call, in nanoseconds, if that benchmark ran.
fn median_ns(options: &Options, backend: Backend, workload: Workload, peer: &str) -> Option<f64> {
    let path = options
        .criterion
        .join(workload.criterion_estimates(backend, peer));
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

/// Every version of `name` in the lockfile, joined.
fn locked_version(lock: &str, name: &str) -> String {
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            if let Some(version) = lines
                .next()
                .and_then(|line| line.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
            {
                versions.push(version.to_owned());
            }
        }
    }
    if versions.is_empty() {
        "not in Cargo.lock".to_owned()
    } else {
        versions.join(", ")
    }
}

fn postgres_server_version() -> String {
    let Ok(url) = std::env::var(sqlmint_test_support::URL_VARIABLE) else {
        return "unknown (no SQLMINT_PG_URL)".to_owned();
    };
    let version = postgres::Client::connect(&url, postgres::NoTls)
        .and_then(|mut client| client.query_one("SELECT version()", &[]))
        .and_then(|row| row.try_get::<_, String>(0));
    version.unwrap_or_else(|error| format!("unknown ({error})"))
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU", |(_, model)| model.trim())
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or("unknown memory".to_owned(), |kb| {
            format!("{:.1} GiB", kb / 1024.0 / 1024.0)
        });
    format!("{cores} cores (nproc), {model}, {memory} of memory")
}

fn write_report(options: &Options) -> Result<(), Error> {
    let counts = read_counts(&options.counts)?;
    let lock = std::fs::read_to_string(&options.lock)
        .map_err(|e| format!("cannot read {}: {e}", options.lock.display()))?;
    let mut out = String::new();
    let version = |name| locked_version(&lock, name);
    let _ = write!(
        out,
        "# Benchmarks\n\n\
         sqlmint beside its peers, in one process, on the workloads of diesel's own \
         `diesel_bench` plus four of sqlmint's. Written by `bench/run.sh` (which runs \
         `cargo bench -p sqlmint-bench`, then callgrind on `bench/src/bin/count.rs`, then \
         `bench/src/bin/report.rs`); every figure below comes from that run. Rerun it to \
         check them.\n\n\
         | | |\n| --- | --- |\n\
         | date | {date} |\n\
         | machine | {machine} |\n\
         | rustc | {rustc} |\n\
         | sqlmint | {sqlmint} |\n\
         | diesel | {diesel} |\n\
         | sqlx | {sqlx} |\n\
         | rusqlite | {rusqlite}, libsqlite3-sys {libsqlite3}, SQLite {sqlite} (bundled) |\n\
         | postgres crate | {postgres}, tokio-postgres {tokio_postgres} |\n\
         | PostgreSQL server | {server} |\n\
         | criterion | {criterion} |\n\n",
        date = options.date,
        machine = machine(),
        rustc = options.rustc,
        sqlmint = options.sqlmint,
        diesel = version("diesel"),
        sqlx = version("sqlx"),
        rusqlite = version("rusqlite"),
        libsqlite3 = version("libsqlite3-sys"),
        sqlite = rusqlite::version(),
        postgres = version("postgres"),
        tokio_postgres = version("tokio-postgres"),
        server = postgres_server_version(),
        criterion = version("criterion"),
    );
    out.push_str(HOW_TO_READ);
    for backend in Backend::ALL {
        table(&mut out, options, &counts, backend);
        batching_gain(&mut out, options, backend);
    }
    out.push_str(NOTES);
    std::fs::write(&options.out, out)
        .map_err(|e| format!("cannot write {}: {e}", options.out.display()))?;
    Ok(())
}

const HOW_TO_READ: &str = "\
**How to read the tables.** *time* is criterion's median wall-clock time of one call. \
*instructions* is what callgrind counts for one call: the whole process, every thread, \
averaged over a number of calls after the first answer is checked and one warm-up call \
(`count` runs with N calls and with 0, and the difference is divided by N). The ratio columns \
are sqlmint ÷ peer: below 1, sqlmint did less (or was faster). Wall-clock times on this VM \
swing by ±15% from run to run; the instruction counts repeat to within a fraction of a percent, \
so **the instruction ratios are the figures to trust**. On PostgreSQL, callgrind counts the \
client process only: the server's work is in the times, not in the instructions.\n\n";

fn peer_name(peer: &str) -> &str {
    match peer {
        "sqlmint_async" => "sqlmint (tokio-postgres)",
        "postgres" => "postgres (sync)",
        "tokio_postgres" => "tokio-postgres",
        other => other,
    }
}

/// The sqlmint executor a peer is compared with: its async one for tokio-postgres, the
/// synchronous one for everything else.
fn reference(peer: &str) -> Option<&'static str> {
    match peer {
        "sqlmint" | "sqlmint_async" => None,
        "tokio_postgres" => Some("sqlmint_async"),
        _ => Some("sqlmint"),
    }
}

fn describe(workload: Workload, backend: Backend) -> String {
    let fixture = workload.fixture(backend);
    match workload {
        Workload::TrivialQuery(size) => format!("trivial query, {}", users(size)),
        Workload::MediumComplexQuery => "medium complex query: 1 000 users LEFT JOIN posts, \
             `hair_color = ?` (500 rows)"
            .to_owned(),
        Workload::LookupById => "lookup by primary key (1 of 1 000)".to_owned(),
        Workload::Insert(size) => format!("insert {} in one statement", users(size)),
        Workload::Associations => format!(
            "associations: {} users → {} posts → {} comments",
            group(fixture.users),
            group(fixture.users * fixture.posts_per_user),
            group(fixture.users * fixture.posts_per_user * fixture.comments_per_post),
        ),
        Workload::InsertRowAtATime(size) => {
            format!(
                "insert {} users row at a time, one transaction",
                group(size)
            )
        }
        Workload::LookupIdList => "1 000 ids in an IN list (of 10 000 users)".to_owned(),
        Workload::BatchInsert(size) => format!("insert {}, batched (one call)", users(size)),
        Workload::BatchInsertReturning(size) => {
            format!("insert {}, batched (one call), with RETURNING", users(size))
        }
    }
}

/// `1 user`, `10 000 users`.
fn users(count: usize) -> String {
    match count {
        1 => "1 user".to_owned(),
        _ => format!("{} users", group(count)),
    }
}

/// An integer with its thousands apart: `10 000`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

fn time(ns: Option<f64>) -> String {
    match ns {
        None => "not run".to_owned(),
        Some(ns) if ns < 1e3 => format!("{ns:.0} ns"),
        Some(ns) if ns < 1e6 => format!("{:.2} µs", ns / 1e3),
        Some(ns) if ns < 1e9 => format!("{:.2} ms", ns / 1e6),
        Some(ns) => format!("{:.2} s", ns / 1e9),
    }
}

fn instructions(count: Option<f64>) -> String {
    match count {
        None => "not counted".to_owned(),
        Some(count) if count < 1e6 => group(count.round() as usize),
        Some(count) => format!("{:.2} M", count / 1e6),
    }
}

fn ratio(ours: Option<f64>, theirs: Option<f64>) -> String {
    match (ours, theirs) {
        (Some(ours), Some(theirs)) if theirs > 0.0 => format!("{:.2}", ours / theirs),
        _ => "n/a".to_owned(),
    }
}

fn table(out: &mut String, options: &Options, counts: &Counts, backend: Backend) {
    let title = match backend {
        Backend::Sqlite => "SQLite (in memory, in the process)",
        Backend::Postgres => "PostgreSQL (the throwaway server, loopback TCP)",
    };
    let _ = write!(
        out,
        "## {title}\n\n\
         | workload | peer | time | instructions | sqlmint ÷ peer, instructions | sqlmint ÷ peer, time |\n\
         | --- | --- | ---: | ---: | ---: | ---: |\n"
    );
    for workload in Workload::ALL {
        let count = |peer: &str| {
            let key = (
                backend.name().to_owned(),
                workload.to_string(),
                peer.to_owned(),
            );
            counts.get(&key).copied()
        };
        let median = |peer: &str| median_ns(options, backend, workload, peer);
        for (index, peer) in backend.peers().iter().enumerate() {
            let label = if index == 0 {
                describe(workload, backend)
            } else {
                String::new()
            };
            let (by_instructions, by_time) = match reference(peer) {
                None => ("—".to_owned(), "—".to_owned()),
                Some(ours) => {
                    let mark = if ours == "sqlmint" { "" } else { " †" };
                    (
                        format!("{}{mark}", ratio(count(ours), count(peer))),
                        format!("{}{mark}", ratio(median(ours), median(peer))),
                    )
                }
            };
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {by_instructions} | {by_time} |",
                peer_name(peer),
                time(median(peer)),
                instructions(count(peer)),
            );
        }
    }
    if backend == Backend::Postgres {
        out.push_str(
            "\n† sqlmint (tokio-postgres) ÷ tokio-postgres: sqlmint's async executor beside \
             the driver it runs on. Every other ratio is sqlmint's synchronous executor ÷ the \
             peer.\n",
        );
    }
    out.push('\n');
}

/// What batching gains sqlmint on `backend`: each of its executors' wall-clock time of the
/// row-at-a-time insert ÷ that of the batched one, in this run, beside the issue's target.
fn batching_gain(out: &mut String, options: &Options, backend: Backend) {
    let find = |wanted: fn(&Workload) -> bool| Workload::ALL.into_iter().find(wanted);
    let (Some(row_at_a_time), Some(batched)) = (
        find(|workload| matches!(workload, Workload::InsertRowAtATime(_))),
        find(|workload| matches!(workload, Workload::BatchInsert(_))),
    ) else {
        return;
    };
    let (target, name) = match backend {
        Backend::Sqlite => (2.0, "SQLite"),
        Backend::Postgres => (10.0, "PostgreSQL"),
    };
    let _ = writeln!(
        out,
        "**What batching gains.** sqlmint's time to insert {} row at a time ÷ its time to \
         insert them batched, wall clock, in this run (the target: at least {target}× on \
         {name}):\n",
        users(batched.size()),
    );
    let sqlmint_executors = backend
        .peers()
        .iter()
        .filter(|peer| reference(peer).is_none());
    for peer in sqlmint_executors {
        let slow = median_ns(options, backend, row_at_a_time, peer);
        let fast = median_ns(options, backend, batched, peer);
        let gain = match (slow, fast) {
            (Some(slow), Some(fast)) if fast > 0.0 => {
                let gain = slow / fast;
                let verdict = if gain >= target { "met" } else { "missed" };
                format!("**{gain:.1}×** ({verdict})")
            }
            _ => "n/a".to_owned(),
        };
        let _ = writeln!(
            out,
            "- {}: {} ÷ {} = {gain}",
            peer_name(peer),
            time(slow),
            time(fast),
        );
    }
    out.push('\n');
}

const NOTES: &str = "\
## What each peer runs

The workloads and their data follow diesel_bench (`diesel_bench/benches/*.rs` in diesel's \
repository): tables `users(id, name, hair_color)`, `posts(id, user_id, title, body)`, \
`comments(id, post_id, text)` with diesel_bench's DDL, user *i* named `User i`, hair `black` \
or `brown` by parity, 10 posts per user and 10 comments per post for the associations (9 users \
on SQLite and 100 on PostgreSQL, as diesel_bench has it). Every peer has a database of its own \
filled with the same rows, and its first answer to each workload is compared with the answer \
the data implies before it is timed or counted.

- **sqlmint**: named `query!` statements, `fetch_all`/`fetch_one`; the LEFT JOIN read as \
  `(Users, Option<Posts>)`; the associations as `WHERE user_id IN :ids` grouped with \
  `sqlmint::rows::group_children`; inserts as one `query!` INSERT with the rows written out \
  (1, 10, 100), row at a time as one `execute` per `NewUsers` in a `transaction` (`begin` and \
  `commit` on tokio-postgres), batched as `execute_many(&new_users)` (INSERTs of up to 1 024 \
  rows each, under the backend's limit on bound parameters) and, with RETURNING, as \
  `fetch_many(new_users.iter().map(NewUsers::returning))`; the IN list as `WHERE id IN :ids` \
  (SQLite's `rarray`, PostgreSQL's `= ANY($1)`).
- **rusqlite**: `prepare_cached`, columns by index into plain structs, IN lists with one `?` \
  per id (the SQL built per call, as diesel_bench's rusqlite code does), the multi-row INSERT's \
  SQL built once; batched, multi-row INSERTs of 1 000 rows in one transaction (`RETURNING id, \
  name, hair_color` for the second).
- **postgres / tokio-postgres**: every statement prepared once when the peer starts, columns by \
  index, IN lists as `= ANY($1)`; batched, one `INSERT ... SELECT * FROM unnest($1::text[], \
  $2::text[])` of every row, the columns as two arrays (with `RETURNING` for the second); \
  tokio-postgres on a current-thread runtime, one `block_on` per call.
- **diesel**: diesel_bench's code: the query DSL, `insert_into(..).values(&vec)` (batched too: \
  10 000 rows in one statement, `.get_results` for RETURNING, on SQLite through diesel's \
  `returning_clauses_for_sqlite_3_35`), `belonging_to` + `grouped_by`, `eq_any`.
- **sqlx**: `query_as` into `#[derive(FromRow)]` structs (its `query_as!` needs a database at \
  compile time), the LEFT JOIN read flat and split by hand (sqlx has no nested rows), \
  `QueryBuilder` for multi-row INSERTs (batched, `push_values` of 1 000 rows at a time in one \
  transaction) and SQLite's IN lists, `= ANY($1)` on PostgreSQL; a \
  current-thread runtime, one `block_on` per call. sqlx runs each SQLite connection on a \
  worker thread of its own.

The inserts grow their table call after call, as in diesel_bench.
";
