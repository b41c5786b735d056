//! WHERE uses a window function (`row_number() OVER (...)`); window functions are computed after
//! WHERE has filtered the rows, so they can appear only in the select list and ORDER BY.
//! Fix: compute it in a subquery or CTE and filter on that, e.g. `SELECT id FROM (SELECT id,
//! row_number() OVER (...) AS n FROM post) AS ranked WHERE n <= 3`.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, author_id: INTEGER NOT NULL, score: INTEGER NOT NULL }
    }
}

fn main() {
    let _ = db::query!(
        SELECT id FROM post
        WHERE row_number() OVER (PARTITION BY author_id ORDER BY score DESC) <= 3
    );
}
