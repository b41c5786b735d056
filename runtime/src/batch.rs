//! Many rows of an `INSERT ... VALUES (row)` run as a few statements of many rows each: the
//! row template `query!` cut out of its SQL at compile time, repeated once per row of a chunk.
//! Chunks stay under the backend's limit on bound parameters, and their sizes are powers of
//! four, so each statement has at most six SQL strings, each written once per process and
//! then prepared and cached like any other.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

pub use sqlmint_core::BatchTemplate;

use crate::error::Error;
use crate::executor::Executor;
use crate::query::{Binder, Dialect, Query, RowSource, SqlFor};
use crate::value::Value;

/// The most rows one statement inserts. Chunks of this size insert 10 000 rows in as many
/// instructions as hand-written rusqlite's 1 000-row statements (`batch_insert` in
/// `BENCHMARKS.md`); a bigger statement only grows its SQL, its bind list and the server's
/// plan.
pub const MAX_BATCH_ROWS: usize = 1024;

/// The rows a full chunk holds: the largest power of four that is at most
/// [`MAX_BATCH_ROWS`] and binds at most `bind_limit` parameters.
pub(crate) fn chunk_rows(params_per_row: usize, bind_limit: usize) -> usize {
    let fits = bind_limit
        .checked_div(params_per_row)
        .unwrap_or(MAX_BATCH_ROWS);
    let cap = fits.clamp(1, MAX_BATCH_ROWS);
    let mut rows = 1;
    while rows * 4 <= cap {
        rows *= 4;
    }
    rows
}

/// Rows gathered into chunks: full ones as they fill, then what is left as chunks of powers
/// of four, largest first.
pub(crate) struct Chunks<Q> {
    rows: Vec<Q>,
    full: usize,
}

impl<Q> Chunks<Q> {
    pub(crate) fn new(full: usize) -> Self {
        Chunks {
            rows: Vec::with_capacity(full),
            full,
        }
    }

    /// Adds a row; the chunk is full when this returns `true`: run [`Chunks::rows`], then
    /// [`Chunks::clear`].
    pub(crate) fn push(&mut self, row: Q) -> bool {
        self.rows.push(row);
        self.rows.len() == self.full
    }

    pub(crate) fn rows(&self) -> &[Q] {
        &self.rows
    }

    pub(crate) fn clear(&mut self) {
        self.rows.clear();
    }

    /// The rows left once the items ran out, as chunks of powers of four, largest first: 700
    /// rows run as 2 × 256 + 2 × 64 + 3 × 16 + 3 × 4.
    pub(crate) fn leftovers(&self) -> impl Iterator<Item = &[Q]> {
        let mut start = 0;
        let mut size = self.full;
        std::iter::from_fn(move || {
            let left = self.rows.len() - start;
            if left == 0 {
                return None;
            }
            while size > left {
                size /= 4;
            }
            let chunk = &self.rows[start..start + size];
            start += size;
            Some(chunk)
        })
    }
}

/// The SQL inserting `rows` rows with `template` in dialect `D`, and for a dialect with
/// positional placeholders, the slot bound at each. Written on first use and kept for the
/// life of the process: at most six per template and dialect, as chunks come in six sizes.
pub(crate) fn batch_sql<D: Dialect>(
    template: &'static BatchTemplate,
    rows: usize,
) -> (&'static str, &'static [usize]) {
    type Written = HashMap<(usize, usize, usize), (&'static str, &'static [usize])>;
    static WRITTEN: OnceLock<Mutex<Written>> = OnceLock::new();
    let key = (std::ptr::from_ref(template) as usize, D::INDEX, rows);
    // A panic elsewhere while the map was held leaves it whole: entries are inserted whole.
    let mut written = WRITTEN
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *written.entry(key).or_insert_with(|| {
        let (sql, slots) = template.write(D::DIALECT, rows);
        (
            Box::leak(sql.into_boxed_str()),
            Box::leak(slots.into_boxed_slice()),
        )
    })
}

/// A chunk of rows of an INSERT statement `Q` run as one statement: a statement itself, so
/// every executor prepares, caches, binds and runs it as it does `Q`.
pub(crate) struct Chunk<'r, Q> {
    rows: &'r [Q],
    template: &'static BatchTemplate,
}

impl<'r, Q> Chunk<'r, Q> {
    pub(crate) fn new(rows: &'r [Q], template: &'static BatchTemplate) -> Self {
        Chunk { rows, template }
    }
}

impl<Q: Query> Query for Chunk<'_, Q> {
    type Row = Q::Row;
    const COLUMNS: usize = Q::COLUMNS;
    const NAME: &'static str = Q::NAME;

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        bind_rows(self.rows, self.template.params, binder)
    }

    #[inline]
    fn decode_row<R: RowSource + ?Sized>(row: &R) -> Result<Self::Row, Error> {
        Q::decode_row(row)
    }
}

impl<D: Dialect, Q: SqlFor<D>> SqlFor<D> for Chunk<'_, Q> {
    /// The SQL of one row; [`SqlFor::sql`] is the chunk's.
    const SQL: &'static str = Q::SQL;
    const PLACEHOLDER_SLOTS: &'static [usize] = Q::PLACEHOLDER_SLOTS;

    fn sql(&self) -> &'static str {
        match self.rows.len() {
            1 => Q::SQL,
            rows => batch_sql::<D>(self.template, rows).0,
        }
    }

    fn placeholder_slots(&self) -> &'static [usize] {
        match self.rows.len() {
            1 => Q::PLACEHOLDER_SLOTS,
            rows => batch_sql::<D>(self.template, rows).1,
        }
    }
}

/// Runs `items` of INSERT statement `Q` as chunks of at most `full` rows through `run`: each
/// full chunk as it fills, then the rest as [`Chunks::leftovers`].
pub(crate) fn run_chunks<Q: Query>(
    items: impl Iterator<Item = Q>,
    template: &'static BatchTemplate,
    full: usize,
    mut run: impl FnMut(&Chunk<'_, Q>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut chunks = Chunks::new(full);
    for item in items {
        if chunks.push(item) {
            run(&Chunk::new(chunks.rows(), template))?;
            chunks.clear();
        }
    }
    for rows in chunks.leftovers() {
        run(&Chunk::new(rows, template))?;
    }
    Ok(())
}

/// What a synchronous executor's `execute_many` runs, inside its transaction `tx`, for the
/// items of an INSERT with a batch template: the chunks' summed rowcount.
pub(crate) fn execute_chunks<E: Executor, Q: SqlFor<E::Dialect>>(
    tx: &E,
    items: impl Iterator<Item = Q>,
    template: &'static BatchTemplate,
    bind_limit: usize,
) -> Result<u64, Error> {
    let mut total = 0;
    run_chunks(
        items,
        template,
        chunk_rows(template.params, bind_limit),
        |chunk| {
            total += tx.execute(chunk)?;
            Ok(())
        },
    )?;
    Ok(total)
}

/// What a synchronous executor's `fetch_many` runs inside its transaction `tx`: the rows of
/// every item in item order, the items of an INSERT in chunks.
pub(crate) fn fetch_items<E: Executor, Q: SqlFor<E::Dialect>>(
    tx: &E,
    items: impl Iterator<Item = Q>,
    bind_limit: usize,
) -> Result<Vec<Q::Row>, Error> {
    let mut rows = Vec::new();
    match Q::BATCH {
        Some(template) => {
            let full = chunk_rows(template.params, bind_limit);
            run_chunks(items, template, full, |chunk| {
                rows.extend(tx.fetch_all(chunk)?);
                Ok(())
            })?;
        }
        None => {
            for item in items {
                rows.extend(tx.fetch_all(&item)?);
            }
        }
    }
    Ok(rows)
}

/// Binds every row of a chunk: row `r`'s parameters at slots `r * params ..`, in order.
pub(crate) fn bind_rows<'q, Q: Query>(
    rows: &'q [Q],
    params: usize,
    binder: &mut dyn Binder<'q>,
) -> Result<(), Error> {
    /// Moves a row's slots past the rows before it.
    struct Offset<'b, 'q> {
        binder: &'b mut dyn Binder<'q>,
        offset: usize,
    }

    impl<'q> Binder<'q> for Offset<'_, 'q> {
        #[inline]
        fn bind(&mut self, slot: usize, value: Value<'q>) -> Result<(), Error> {
            self.binder.bind(self.offset + slot, value)
        }
    }

    for (index, row) in rows.iter().enumerate() {
        row.bind(&mut Offset {
            binder: &mut *binder,
            offset: index * params,
        })?;
    }
    Ok(())
}

/// What an asynchronous executor's `execute_many` and `fetch_many` add up: the summed
/// rowcount, and the rows when asked for.
#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
pub(crate) struct Many<R> {
    pub(crate) count: u64,
    pub(crate) rows: Vec<R>,
}

#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
impl<R> Default for Many<R> {
    fn default() -> Self {
        Many {
            count: 0,
            rows: Vec::new(),
        }
    }
}

#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
impl<R> Many<R> {
    /// Adds one statement's rowcount and rows.
    pub(crate) fn add(&mut self, (count, rows): (u64, Vec<R>)) {
        self.count += count;
        self.rows.extend(rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_chunks_are_powers_of_four_under_the_bind_limit() {
        assert_eq!(chunk_rows(3, 32_766), 1024);
        assert_eq!(chunk_rows(100, 65_535), 256);
        assert_eq!(chunk_rows(0, 65_535), 1024);
        assert_eq!(chunk_rows(40, 100), 1);
        assert_eq!(chunk_rows(50, 10), 1);
    }

    #[test]
    fn leftovers_run_largest_first_and_cover_every_row() {
        let mut chunks = Chunks::new(256);
        for row in 0..700 {
            if chunks.push(row) {
                chunks.clear();
            }
        }
        let sizes: Vec<usize> = chunks.leftovers().map(<[i32]>::len).collect();
        assert_eq!(sizes, [64, 64, 16, 16, 16, 4, 4, 4]);
        let rows: Vec<i32> = chunks.leftovers().flatten().copied().collect();
        assert_eq!(rows, (512..700).collect::<Vec<_>>());
    }

    #[test]
    fn each_chunk_size_is_written_once() {
        static TEMPLATE: BatchTemplate = BatchTemplate {
            head: "INSERT INTO t (a) VALUES ",
            row: &["(", ")"],
            slots: &[0],
            tail: "",
            params: 1,
        };
        let (first, _) = batch_sql::<crate::Sqlite>(&TEMPLATE, 4);
        let (again, _) = batch_sql::<crate::Sqlite>(&TEMPLATE, 4);
        assert_eq!(first, "INSERT INTO t (a) VALUES (?1), (?2), (?3), (?4)");
        assert!(std::ptr::eq(first, again));
        let (postgres, _) = batch_sql::<crate::Postgres>(&TEMPLATE, 4);
        assert_eq!(postgres, "INSERT INTO t (a) VALUES ($1), ($2), ($3), ($4)");
    }
}
