//! `sqlmint migrate`: a migrations directory read at run time into the runner's
//! [`Migration`]s (the files `schema!` would embed, with the checksums it would compute), the
//! runner of the library run on them, and new migration files named as the runner reads them.

use crate::target::Database;
use crate::{Error, Result};
use sqlmint::migrate::{AppliedMigration, Migration, MigrationState, MigrationStatus, Migrator};
use sqlmint_core::{Direction, MigrationFileName};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The migrations at `source` (a directory, or a single `.sql` file as version 0), in
/// version order, each with its `.down.sql`, read as `schema!` reads them.
pub fn read(source: &Path) -> Result<Vec<Migration>> {
    let files = sqlmint_schema::migrations::migration_files(source).map_err(Error::new)?;
    files
        .into_iter()
        .map(|file| {
            let sql = read_text(&file.up)?;
            let migration = Migration::new(file.version, file.description, sql);
            Ok(match &file.down {
                Some(down) => migration.with_down(read_text(down)?),
                None => migration,
            })
        })
        .collect()
}

/// A file's text; its checksum is that of these bytes, as `include_str!` embeds them.
fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes)
        .map_err(|_| Error::new(format!("{} is not UTF-8 text", path.display())))
}

/// Creates `<UTC timestamp>_<name>.sql` in `source` (made if missing) and, when
/// `reversible`, its `.down.sql`; returns their paths. Spaces in `name` become `_`.
pub fn new_migration(
    source: &Path,
    name: &str,
    reversible: bool,
    now: SystemTime,
) -> Result<Vec<PathBuf>> {
    let description = name.split_whitespace().collect::<Vec<_>>().join("_");
    if description.is_empty() || description.contains(['/', '\\']) {
        return Err(Error::new(format!(
            "`{name}` cannot name a migration; use letters, digits and `_`, e.g. `add_email`"
        )));
    }
    let version = timestamp(now);
    let up = format!("{version}_{description}.sql");
    // The name must read back as what it was meant to be (`x.down` would name a reversal).
    match MigrationFileName::parse(&up) {
        Ok(Some(read)) if read.description == description && read.direction == Direction::Up => {}
        _ => {
            return Err(Error::new(format!(
                "`{name}` cannot name a migration; use letters, digits and `_`, e.g. `add_email`"
            )))
        }
    }
    std::fs::create_dir_all(source)
        .map_err(|e| Error::new(format!("cannot create {}: {e}", source.display())))?;
    if let Some(existing) = same_version(source, &version)? {
        return Err(Error::new(format!(
            "{} already has version {version}; wait a second and run `migrate new` again",
            existing.display()
        )));
    }
    let mut files = vec![(
        source.join(&up),
        format!("-- {description}: applied in one transaction, recorded as version {version}.\n"),
    )];
    if reversible {
        files.push((
            source.join(format!("{version}_{description}.down.sql")),
            format!("-- Reverts {up}, in one transaction.\n"),
        ));
    }
    for (path, text) in &files {
        // `create_new`: never overwrite a migration.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
            .map_err(|e| Error::new(format!("cannot create {}: {e}", path.display())))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// A file of `source` whose version is `version`.
fn same_version(source: &Path, version: &str) -> Result<Option<PathBuf>> {
    let entries = std::fs::read_dir(source)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", source.display())))?;
    let wanted = version.parse::<i64>().ok();
    Ok(entries.filter_map(|entry| entry.ok()).find_map(|entry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        let read = MigrationFileName::parse(&name).ok().flatten()?;
        (Some(read.version) == wanted).then(|| entry.path())
    }))
}

/// `now` in UTC as `YYYYMMDDHHMMSS`, the version `migrate new` gives a migration.
pub fn timestamp(now: SystemTime) -> String {
    let seconds = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, of_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Runs `$body` with `$conn` bound to the database's connection, whichever backend.
macro_rules! on_connection {
    ($database:expr, $conn:ident => $body:expr) => {
        match $database {
            Database::Sqlite($conn) => $body,
            Database::Postgres($conn) => $body,
            Database::MySql($conn) => $body,
        }
    };
}

/// Applies what is not applied; the migrations applied.
pub fn run(database: &Database, migrator: &Migrator<'_>) -> Result<Vec<AppliedMigration>> {
    on_connection!(database, conn => migrator.run(conn)).map_err(runner_error)
}

/// What `run` would apply.
pub fn dry_run<'m>(database: &Database, migrator: &Migrator<'m>) -> Result<Vec<&'m Migration>> {
    on_connection!(database, conn => migrator.dry_run(conn)).map_err(runner_error)
}

/// Every migration's status.
pub fn status(database: &Database, migrator: &Migrator<'_>) -> Result<Vec<MigrationStatus>> {
    on_connection!(database, conn => migrator.status(conn)).map_err(runner_error)
}

/// Reverts the latest applied migration.
pub fn revert(database: &Database, migrator: &Migrator<'_>) -> Result<Option<AppliedMigration>> {
    on_connection!(database, conn => migrator.revert(conn)).map_err(runner_error)
}

fn runner_error(error: sqlmint::Error) -> Error {
    Error::new(error.to_string())
}

/// `run`'s report: a line per migration applied, or that there was nothing to do.
pub fn print_applied(applied: &[AppliedMigration]) -> String {
    if applied.is_empty() {
        return "the database is up to date\n".to_owned();
    }
    let mut out = String::new();
    for row in applied {
        out.push_str(&format!(
            "applied {} {} ({} ms)\n",
            row.version,
            row.description,
            row.duration.as_millis()
        ));
    }
    out.push_str(&format!("{} migration(s) applied\n", applied.len()));
    out
}

/// `run --dry-run`'s report: the SQL of each migration that would run, in order.
pub fn print_plan(plan: &[&Migration]) -> String {
    if plan.is_empty() {
        return "the database is up to date; nothing would run\n".to_owned();
    }
    let mut out = String::new();
    for migration in plan {
        out.push_str(&format!(
            "-- migration {} {}\n",
            migration.version, migration.description
        ));
        out.push_str(&migration.sql);
        if !migration.sql.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// `status`'s report: a line per migration, and whether the database is up to date.
pub fn print_status(statuses: &[MigrationStatus]) -> String {
    let width = statuses
        .iter()
        .map(|s| s.version.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for status in statuses {
        let applied_at = status
            .applied
            .as_ref()
            .map_or(String::new(), |row| format!("  {}", row.applied_at));
        out.push_str(&format!(
            "{:<8} {:>width$} {}{applied_at}\n",
            status.state.to_string(),
            status.version,
            status.description,
        ));
    }
    out
}

/// Whether every migration is applied as its file says.
pub fn up_to_date(statuses: &[MigrationStatus]) -> bool {
    statuses.iter().all(|s| s.state == MigrationState::Applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_civil_time() {
        let at = |seconds| timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(at(0), "19700101000000");
        // 2000-02-29T23:59:59Z, a leap day of a century divisible by 400.
        assert_eq!(at(951_868_799), "20000229235959");
        // 2026-12-05T14:30:00Z.
        assert_eq!(at(1_796_481_000), "20261205143000");
    }

    #[test]
    fn new_files_are_named_as_the_runner_reads_them() {
        let dir = std::env::temp_dir().join(format!("sqlmint-cli-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_481_000);
        let files = new_migration(&dir, "add email", true, now).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "20261205143000_add_email.sql",
                "20261205143000_add_email.down.sql"
            ]
        );
        let read = read(&dir).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(
            (read[0].version, &*read[0].description),
            (20261205143000, "add_email")
        );
        assert!(read[0].down.is_some());
        let again = new_migration(&dir, "other", false, now).unwrap_err();
        assert!(again.to_string().contains("already has version"), "{again}");
        for bad in ["", "a/b", "x.down"] {
            assert!(new_migration(&dir, bad, false, now).is_err(), "{bad}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
