//! The `sqlmint` command: prints a `schema!` block from a live database, and checks a live
//! database against the `schema!` block of a source file (exit 1 on drift, for CI).

use clap::{Parser, Subcommand};
use sqlmint_cli::target::Target;
use sqlmint_cli::{check, introspect};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "sqlmint",
    version,
    about = "Compile-time checked SQL: read a live database as a schema! block, or check a database against one",
    after_help = "Database URLs: sqlite://path/to/file.db (or a path ending in .db, .sqlite, .sqlite3), \
                  postgres://user:password@host:port/database\n\n\
                  Exit codes: 0 success (and, for check, no drift); 1 check found drift; \
                  2 bad arguments, unreadable schema file or unreachable database"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a `sqlmint::schema!` block declaring the database's tables.
    ///
    /// Reads table and column names, types, NOT NULL, primary keys and foreign keys. Types
    /// with no schema! name are printed as TEXT under a `// note:` line (and a warning on
    /// stderr). Defaults and UNIQUE constraints are not read.
    Introspect {
        /// The database: sqlite://file.db, file.db or postgres://...
        url: String,
        /// The name of the module the block declares.
        #[arg(long, default_value = "db")]
        module: String,
    },
    /// Compare the database with a `schema!` block; print each difference.
    ///
    /// Exit code 0 when the database matches, 1 when it differs, 2 when the schema file or
    /// the database cannot be read.
    Check {
        /// The database: sqlite://file.db, file.db or postgres://...
        url: String,
        /// The Rust file holding the `schema!` invocation (or just its `pub mod db { ... }`).
        #[arg(long, value_name = "FILE")]
        schema: PathBuf,
        /// Which `schema!` module to check, when the file declares several.
        #[arg(long)]
        module: Option<String>,
    },
}

/// Exit code for bad arguments, unreadable files and unreachable databases (as clap's own).
const FAILURE: u8 = 2;
/// Exit code for a database that differs from its schema.
const DRIFT: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(FAILURE)
        }
    }
}

fn run(command: Command) -> sqlmint_cli::Result<ExitCode> {
    match command {
        Command::Introspect { url, module } => {
            let target = Target::parse(&url)?;
            let live = introspect::read(target.connect()?)?;
            let printed = introspect::print(&live, &module)?;
            for warning in &printed.warnings {
                eprintln!("warning: {warning}");
            }
            print!("{}", printed.text);
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            url,
            schema,
            module,
        } => {
            let target = Target::parse(&url)?;
            let schema = check::load_schema(&schema, module.as_deref())?;
            let database = target.connect()?;
            let live = database.live_tables()?;
            let report = database.check(&schema, &live);
            if report.is_clean() {
                println!("{report}");
                Ok(ExitCode::SUCCESS)
            } else {
                print!("{report}");
                Ok(ExitCode::from(DRIFT))
            }
        }
    }
}
