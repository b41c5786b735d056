//! The statement has seven optional parameters (`{x?}`); each doubles the number of SQL strings
//! compiled for it, so sqlmint allows at most six and refuses the seventh.
//! Fix: split the statement into several, or bind some of the values every time by writing them
//! without `?`.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, author_id: INTEGER NOT NULL, title: TEXT NOT NULL, score: INTEGER NOT NULL }
    }
}

fn main() {
    let (a, b, c, d, e, f, g): (Option<i32>, Option<i32>, Option<i32>, Option<&str>, Option<&str>, Option<i32>, Option<i32>) =
        (None, None, None, None, None, None, None);
    // Seven optional predicates would be 128 SQL strings; the seventh is refused.
    let _ = db::query!(
        SELECT id FROM post
        WHERE id = {a?} AND author_id = {b?} AND score = {c?} AND title = {d?}
          AND title LIKE {e?} AND score > {f?} AND score < {g?}
    );
}
