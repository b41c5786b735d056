//! The window function's frame uses `GROUPS BETWEEN ...`, and the statement is run on MySQL, which
//! has no GROUPS frames.
//! Fix: use a `ROWS` or `RANGE` frame instead, or run the statement on a dialect that has GROUPS.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, score: INTEGER NOT NULL }
    }
}

/// Stands for any MySQL executor: it runs what has SQL for MySQL.
fn run_on_mysql<Q: sqlmint::SqlFor<sqlmint::MySql>>(_: &Q) {}

fn main() {
    let ranked = db::query!(
        SELECT id, sum(score) OVER (ORDER BY score GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) AS near
        FROM post
    );
    run_on_mysql(&ranked);
}
