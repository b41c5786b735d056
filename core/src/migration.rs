//! What a migration file is called: the one naming rule that the compiler (which reads the
//! files for the schema and embeds them), the runner (which records their versions) and the
//! `sqlmint migrate` command (which creates and lists them) all follow.
//!
//! A directory of migrations holds `<version>_<description>.sql` files, applied in version
//! order: `0001_create_users.sql`, or `20261205143000_add_email.sql` as `sqlmint migrate new`
//! writes them. `<version>_<description>.down.sql` reverts the migration of its version;
//! `.up.sql` is accepted for the forward file too, as sqlx names them.

/// Which way a migration file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `.sql` or `.up.sql`: applies the change.
    Up,
    /// `.down.sql`: reverts it.
    Down,
}

/// A migration file's name, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigrationFileName<'a> {
    /// The leading number: migrations apply in its order, and it is what the runner records.
    pub version: i64,
    /// The rest of the name, without the extension (`create_users`).
    pub description: &'a str,
    /// Whether it applies or reverts.
    pub direction: Direction,
}

/// Why a file in a migrations directory cannot be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadMigrationFileName {
    /// What is wrong, for the message.
    pub reason: &'static str,
}

impl std::fmt::Display for BadMigrationFileName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}; migration files are named `<version>_<description>.sql` (and \
             `<version>_<description>.down.sql` for a reversal), e.g. `0001_create_users.sql`",
            self.reason
        )
    }
}

impl<'a> MigrationFileName<'a> {
    /// Reads `file_name` (no directory), or `Ok(None)` for a file that is not SQL and so not a
    /// migration at all.
    pub fn parse(file_name: &'a str) -> Result<Option<Self>, BadMigrationFileName> {
        let lower = file_name.to_ascii_lowercase();
        let (stem_len, direction) = if lower.ends_with(".down.sql") {
            (file_name.len() - ".down.sql".len(), Direction::Down)
        } else if lower.ends_with(".up.sql") {
            (file_name.len() - ".up.sql".len(), Direction::Up)
        } else if lower.ends_with(".sql") {
            (file_name.len() - ".sql".len(), Direction::Up)
        } else {
            return Ok(None);
        };
        let stem = &file_name[..stem_len];
        let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(BadMigrationFileName {
                reason: "the name does not start with a version number",
            });
        }
        let version = stem[..digits]
            .parse::<i64>()
            .map_err(|_| BadMigrationFileName {
                reason: "the version number is larger than a BIGINT",
            })?;
        let description = match &stem[digits..] {
            "" => "",
            rest => rest.strip_prefix('_').ok_or(BadMigrationFileName {
                reason: "the version number is not followed by `_`",
            })?,
        };
        Ok(Some(MigrationFileName {
            version,
            description,
            direction,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_descriptions_and_directions() {
        let read = |name| MigrationFileName::parse(name).unwrap().unwrap();
        assert_eq!(
            read("0001_create_users.sql"),
            MigrationFileName {
                version: 1,
                description: "create_users",
                direction: Direction::Up
            }
        );
        assert_eq!(read("20261205143000_add.up.sql").version, 20261205143000);
        assert_eq!(read("0002_x.down.sql").direction, Direction::Down);
        assert_eq!(read("0003_Y.DOWN.SQL").description, "Y");
        assert_eq!(read("7.sql").description, "");
    }

    #[test]
    fn other_files_are_not_migrations_and_bad_names_say_why() {
        assert_eq!(MigrationFileName::parse("README.md"), Ok(None));
        for name in ["init.sql", "1-init.sql", "99999999999999999999_x.sql"] {
            let error = MigrationFileName::parse(name).unwrap_err();
            assert!(
                error.to_string().contains("0001_create_users.sql"),
                "{name}"
            );
        }
    }
}
