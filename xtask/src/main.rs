//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! `cargo xtask slt [--keep] [--dialect sqlite|postgres|mysql] <file.test>...` runs sqllogictest
//! files through `query!`; see `docs/sqllogictest.md`. `cargo xtask build-cost` measures what a
//! `query!` costs the build.

mod build_cost;
mod slt;

use slt::report::Counts;
use slt::{Dialect, Options};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask slt [--keep] [--dialect sqlite|postgres|mysql] <file.test>...
       cargo xtask build-cost [--sizes 0,100,500] [--runs 3] [--sqlmint DIR] [--optimized-macros]

  build-cost   generates crates of each size of statements over a 20-table schema, times
               `cargo build` and `cargo check` of each once its dependencies are built (the
               median of --runs), and prints the time per statement and rustc's peak memory;
               --sqlmint builds them against another checkout (a worktree of another commit);
               --optimized-macros builds their proc macros with opt-level 3, as an
               application's `[profile.dev.build-override]` does

  Runs each sqllogictest file through sqlmint's query! on SQLite (or PostgreSQL, or MariaDB)
  and prints, per file, `N passed, N failed, N skipped`, the reasons for skips and the first
  failures.

  --keep       keep the generated crate in target/slt/<file>/ (target/slt/<file>-postgres/
               for PostgreSQL, <file>-mysql/ for MariaDB; later runs then rebuild only what
               changed)
  --dialect D  the database to run on: sqlite (the default, in memory), postgres (a fresh
               database per file on the server SQLMINT_PG_URL names, or on a throwaway
               server started with the machine's initdb and pg_ctl for the run) or mysql
               (the same with SQLMINT_MYSQL_URL, mariadb-install-db and mariadbd)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("slt") => slt_command(&args[1..]),
        Some("build-cost") => build_cost_command(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn build_cost_command(args: &[String]) -> ExitCode {
    let mut sizes = vec![0, 100, 500];
    let mut runs = 3;
    let mut sqlmint = None;
    let mut optimized_macros = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--optimized-macros" {
            optimized_macros = true;
            continue;
        }
        let value = args.next();
        let parsed = match (arg.as_str(), value) {
            ("--sizes", Some(list)) => list
                .split(',')
                .map(|n| n.trim().parse::<usize>())
                .collect::<Result<Vec<_>, _>>()
                .map(|list| sizes = list)
                .is_ok(),
            ("--runs", Some(n)) => n.parse().map(|n| runs = n).is_ok(),
            ("--sqlmint", Some(dir)) => {
                sqlmint = Some(PathBuf::from(dir));
                true
            }
            _ => false,
        };
        if !parsed {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    match build_cost::run(&sizes, runs, sqlmint.as_deref(), optimized_macros) {
        Ok(table) => {
            println!("{table}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn slt_command(args: &[String]) -> ExitCode {
    let mut options = Options {
        keep: false,
        dialect: Dialect::Sqlite,
    };
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--keep" => options.keep = true,
            "--dialect" => match args.next().and_then(|d| Dialect::from_name(d)) {
                Some(dialect) => options.dialect = dialect,
                None => {
                    eprintln!("--dialect takes sqlite, postgres or mysql\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with("--") => {
                eprintln!("unknown option `{flag}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }

    let root = slt::workspace_root();
    match slt::server::server(options.dialect) {
        Ok(Some(server)) => println!("{} server: {server}\n", options.dialect.display_name()),
        Ok(None) => {}
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    let mut total = Counts::default();
    let mut broken = false;
    for file in &files {
        match slt::run_file(&root, file, &options) {
            Ok(report) => {
                print!("{}", report.render());
                total.merge(report.counts());
            }
            Err(error) => {
                eprintln!("error: {error}");
                broken = true;
            }
        }
        println!();
    }
    if files.len() > 1 {
        println!("== total ({} files)", files.len());
        println!("{}", total.line());
    }
    if broken || total.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
