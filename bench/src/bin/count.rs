//! Runs one workload of one peer a given number of times, for callgrind to count the
//! instructions of a call.
//!
//! ```text
//! count list                                  # backend workload peer calls, one per line
//! count <backend> <workload> <peer> <calls>   # e.g. count sqlite trivial_query/100 sqlmint 50
//! ```
//!
//! A run makes the peer's database, checks its first answer, makes one more call to warm its
//! statement caches, then makes `calls` calls. `run.sh` runs it under callgrind twice, with
//! `calls` and with 0, and divides the difference by `calls`: what is left is the calls alone,
//! on every thread of the process (sqlx runs SQLite on a thread of its own, so a count of the
//! calling thread's stack would miss its work).

use std::process::ExitCode;

use sqlmint_bench::workload::{checked_runner, Error};
use sqlmint_bench::{Backend, Workload};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["list"] => {
            list();
            Ok(())
        }
        [backend, workload, peer, calls] => run(backend, workload, peer, calls),
        _ => Err("usage: count list | count <backend> <workload> <peer> <calls>".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("count: {error}");
            ExitCode::FAILURE
        }
    }
}

fn list() {
    for backend in Backend::ALL {
        for workload in Workload::ALL {
            for peer in backend.peers() {
                println!(
                    "{} {workload} {peer} {}",
                    backend.name(),
                    workload.counted_calls()
                );
            }
        }
    }
}

fn run(backend: &str, workload: &str, peer: &str, calls: &str) -> Result<(), Error> {
    let backend: Backend = backend.parse()?;
    let workload: Workload = workload.parse()?;
    let calls: u32 = calls
        .parse()
        .map_err(|_| format!("`{calls}` is not a number of calls"))?;
    let mut runner = checked_runner(backend, peer, workload)?;
    runner.call()?;
    measured(runner.as_mut(), calls)
}

/// The calls callgrind's difference counts.
#[inline(never)]
fn measured(runner: &mut dyn sqlmint_bench::Runner, calls: u32) -> Result<(), Error> {
    for _ in 0..calls {
        runner.call()?;
    }
    Ok(())
}
