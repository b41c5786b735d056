//! Starts the throwaway PostgreSQL server of the tests and prints its URL, then waits: while
//! it runs, `run.sh` hands the URL to every benchmark process as `SQLMINT_PG_URL`, so the
//! server starts once, not once per process. The server stops when this process ends.

use std::io::Write;

fn main() {
    let url = sqlmint_test_support::server_url();
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{url}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(1);
    }
    loop {
        std::thread::park();
    }
}
