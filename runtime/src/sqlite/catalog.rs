//! What `verify` reads from SQLite: the main database's tables, their columns and foreign
//! keys, from `sqlite_schema` and the `pragma_table_info` / `pragma_foreign_key_list`
//! table-valued functions.

use super::Connection;
use crate::query::Sqlite;
use crate::Result;

impl crate::verify::Inspect for Connection {
    type Dialect = Sqlite;

    fn live_tables(&self) -> Result<Vec<crate::verify::LiveTable>> {
        let mut tables = Vec::new();
        let mut names = self.conn.prepare(
            // The migration runner's bookkeeping is not the application's schema.
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlmint_migrations' ORDER BY name",
        )?;
        let names: Vec<String> = names
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut columns = self.conn.prepare(
            r#"SELECT name, type, "notnull", pk FROM pragma_table_info(?1) ORDER BY cid"#,
        )?;
        let mut foreign_keys = self.conn.prepare(
            r#"SELECT id, "from", "table", "to" FROM pragma_foreign_key_list(?1) ORDER BY id, seq"#,
        )?;
        for name in names {
            let columns = columns
                .query_map([&name], |row| {
                    // An INTEGER PRIMARY KEY is the rowid: never NULL, though not marked so.
                    let not_null: bool = row.get(2)?;
                    let primary_key: i64 = row.get(3)?;
                    Ok(crate::verify::LiveColumn {
                        name: row.get(0)?,
                        catalog_type: row.get(1)?,
                        nullable: !not_null && primary_key == 0,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut keys: Vec<(i64, crate::verify::LiveForeignKey)> = Vec::new();
            let rows = foreign_keys.query_map([&name], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (id, from, table, to) = row?;
                match keys.iter_mut().find(|(key, _)| *key == id) {
                    Some((_, key)) => {
                        key.columns.push(from);
                        key.references.extend(to);
                    }
                    None => keys.push((
                        id,
                        crate::verify::LiveForeignKey {
                            columns: vec![from],
                            table,
                            references: to.into_iter().collect(),
                        },
                    )),
                }
            }
            tables.push(crate::verify::LiveTable {
                name,
                columns,
                foreign_keys: keys.into_iter().map(|(_, key)| key).collect(),
            });
        }
        Ok(tables)
    }
}
