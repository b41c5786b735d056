//! The `sqlmint` command: prints a `schema!` block from a live database, checks a live
//! database against the `schema!` block of a source file or a migrations directory (exit 1
//! on drift, for CI), and creates, applies, lists and reverts migrations.

use clap::{Args, Parser, Subcommand};
use sqlmint::migrate::Migrator;
use sqlmint_cli::target::Target;
use sqlmint_cli::{check, introspect, migrate};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

#[derive(Debug, Parser)]
#[command(
    name = "sqlmint",
    version,
    about = "Compile-time checked SQL: read a live database as a schema! block, check a database against one, run migrations",
    after_help = "Database URLs: sqlite://path/to/file.db (or a path ending in .db, .sqlite, .sqlite3), \
                  postgres://user:password@host:port/database, mysql://user:password@host:port/database\n\n\
                  Exit codes: 0 success (and, for check, no drift); 1 check found drift, or \
                  migrate status found migrations not applied; 2 bad arguments, unreadable \
                  schema file or migrations, unreachable database, a migration refused or failed"
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
        /// The database: sqlite://file.db, file.db, postgres://... or mysql://...
        url: String,
        /// The name of the module the block declares.
        #[arg(long, default_value = "db")]
        module: String,
    },
    /// Compare the database with a `schema!` block (or a migrations directory); print each
    /// difference.
    ///
    /// Exit code 0 when the database matches, 1 when it differs, 2 when the schema file, the
    /// migrations or the database cannot be read.
    Check {
        /// The database: sqlite://file.db, file.db, postgres://... or mysql://...
        url: String,
        /// The Rust file holding the `schema!` invocation (or just its `pub mod db { ... }`).
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "migrations",
            conflicts_with = "migrations"
        )]
        schema: Option<PathBuf>,
        /// A migrations directory (or a DDL file): compare with the schema it leaves.
        #[arg(long, value_name = "DIR")]
        migrations: Option<PathBuf>,
        /// Which `schema!` module to check, when the file declares several.
        #[arg(long, requires = "schema")]
        module: Option<String>,
    },
    /// Create, apply, list or revert the migrations of a directory.
    ///
    /// The same runner as `db::migrate(&conn)`, on the directory's files as they are now;
    /// their checksums are the ones `schema!` embeds, so the two can share a database.
    Migrate {
        #[command(subcommand)]
        command: MigrateCommand,
    },
}

#[derive(Debug, Subcommand)]
enum MigrateCommand {
    /// Create `<UTC timestamp>_<name>.sql` (YYYYMMDDHHMMSS) in the directory.
    New {
        /// What the migration does: `add_email` (spaces become `_`).
        name: String,
        /// Also create `<UTC timestamp>_<name>.down.sql`, which reverts it.
        #[arg(long)]
        reversible: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Apply every migration not yet applied, each in its own transaction.
    ///
    /// Refused, applying nothing, when an applied migration's file changed or is missing.
    /// A SQLite file that does not exist is created.
    Run {
        /// Print the SQL that would run, in order, and change nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        database: DatabaseUrl,
    },
    /// List every migration with its state: applied, pending, changed or missing.
    ///
    /// Exit code 0 when every migration is applied, 1 when some are not (or changed, or
    /// are missing).
    Status {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        database: DatabaseUrl,
    },
    /// Revert the latest applied migration with its `.down.sql`.
    Revert {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        database: DatabaseUrl,
    },
}

#[derive(Debug, Args)]
struct Source {
    /// The migrations directory.
    #[arg(long, value_name = "DIR", default_value = "migrations")]
    source: PathBuf,
}

#[derive(Debug, Args)]
struct DatabaseUrl {
    /// The database: sqlite://file.db, file.db, postgres://... or mysql://...
    #[arg(long = "database-url", value_name = "URL", env = "DATABASE_URL")]
    url: String,
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
            migrations,
            module,
        } => {
            let target = Target::parse(&url)?;
            let schema = match (schema, migrations) {
                (Some(file), _) => check::load_schema(&file, module.as_deref())?,
                (None, Some(directory)) => check::load_migrations_schema(&directory)?,
                // clap requires one of the two.
                (None, None) => {
                    return Err(sqlmint_cli::Error::new(
                        "check needs --schema <FILE> or --migrations <DIR>",
                    ))
                }
            };
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
        Command::Migrate { command } => run_migrate(command),
    }
}

fn run_migrate(command: MigrateCommand) -> sqlmint_cli::Result<ExitCode> {
    match command {
        MigrateCommand::New {
            name,
            reversible,
            source,
        } => {
            for file in
                migrate::new_migration(&source.source, &name, reversible, SystemTime::now())?
            {
                println!("created {}", file.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        MigrateCommand::Run {
            dry_run,
            source,
            database,
        } => {
            let migrations = migrate::read(&source.source)?;
            let migrator = Migrator::new(&migrations);
            let target = Target::parse(&database.url)?;
            if dry_run {
                let plan = migrate::dry_run(&target.connect_or_empty()?, &migrator)?;
                print!("{}", migrate::print_plan(&plan));
            } else {
                let applied = migrate::run(&target.connect_writable(true)?, &migrator)?;
                print!("{}", migrate::print_applied(&applied));
            }
            Ok(ExitCode::SUCCESS)
        }
        MigrateCommand::Status { source, database } => {
            let migrations = migrate::read(&source.source)?;
            let target = Target::parse(&database.url)?;
            let statuses =
                migrate::status(&target.connect_or_empty()?, &Migrator::new(&migrations))?;
            print!("{}", migrate::print_status(&statuses));
            Ok(if migrate::up_to_date(&statuses) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(DRIFT)
            })
        }
        MigrateCommand::Revert { source, database } => {
            let migrations = migrate::read(&source.source)?;
            let target = Target::parse(&database.url)?;
            let database = target.connect_writable(false)?;
            match migrate::revert(&database, &Migrator::new(&migrations))? {
                Some(row) => println!("reverted {} {}", row.version, row.description),
                None => println!("no migration is applied; nothing to revert"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
