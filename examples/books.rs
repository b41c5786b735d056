//! The seed's books example: create a table, insert five books, update every fiction book to
//! sci-fi in one statement, and select them all. On embedded SQLite by default, on
//! PostgreSQL or MariaDB when given a URL; the statements are the same values everywhere.
//! Then a discount that reads back the rows it changed, with `UPDATE ... RETURNING`, which
//! SQLite and PostgreSQL have and MySQL has not: its function says so in one bound.
//!
//! ```text
//! cargo run --example books
//! cargo run --example books -- postgres://user:password@localhost:5432/db
//! cargo run --example books -- mysql://user:password@localhost:3306/db
//! ```

use sqlmint::constructs::SqliteAndPostgres;
use sqlmint::{Decimal, Executor, SqlFor};

sqlmint::schema! {
    pub mod db {
        /// A shop's books.
        table books {
            book_id: INTEGER PRIMARY KEY,
            book_price: NUMERIC(10, 2),
            genre: VARCHAR(200),
            book_name: VARCHAR(200),
        }
    }
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), sqlmint::Error> {
    match std::env::args().nth(1) {
        Some(url) if url.starts_with("mysql://") => {
            println!("-- on MariaDB at {}", redact(&url));
            let conn = sqlmint::mysql::Connection::connect(&url)?;
            // A fresh table each run, so the example starts from the same five books.
            conn.execute_batch(db::DROP_ALL[2])?;
            books(&conn)
            // `discount(&conn)` would not compile: MySQL has no UPDATE ... RETURNING.
        }
        Some(url) => {
            println!("-- on PostgreSQL at {}", redact(&url));
            let conn = sqlmint::postgres::Connection::connect(&url)?;
            conn.execute_batch(db::DROP_ALL[1])?;
            books(&conn)?;
            discount(&conn)
        }
        None => {
            println!("-- on in-memory SQLite (pass a postgres:// or mysql:// URL to run there)");
            let conn = sqlmint::sqlite::Connection::open_in_memory()?;
            books(&conn)?;
            discount(&conn)
        }
    }
}

/// The example itself, for any backend.
fn books<E: Executor>(conn: &E) -> Result<(), sqlmint::Error> {
    db::create_all(conn)?;

    let insert =
        db::query!(INSERT INTO books (book_price, genre, book_name) VALUES (:price, :genre, :name));
    echo::<E, _>(&insert.params(Decimal::ZERO, "", ""));
    let books = [
        (Decimal::new(122, 1), "fiction", "Old age"),
        (Decimal::new(132, 1), "non-fiction", "Saturn rings"),
        (Decimal::new(1216, 1), "fiction", "Supernova"),
        (Decimal::new(100, 0), "non-fiction", "History of the world"),
        (Decimal::new(11122, 1), "fiction", "Sun city"),
    ];
    let inserted =
        conn.execute_many(books.map(|(price, genre, name)| insert.params(price, genre, name)))?;
    println!("  inserted: {inserted}");

    let update = db::query!(UPDATE books SET genre = "sci-fi" WHERE genre = "fiction");
    echo::<E, _>(&update);
    println!("  updated: {}", conn.execute(&update)?);

    let all = db::query!(SELECT * FROM books ORDER BY book_id);
    echo::<E, _>(&all);
    for book in conn.fetch_all(&all)? {
        println!(
            "  {} | {:>7} | {:<11} | {}",
            book.book_id,
            book.book_price.map(|p| p.to_string()).unwrap_or_default(),
            book.genre.unwrap_or_default(),
            book.book_name.unwrap_or_default()
        );
    }
    Ok(())
}

/// Takes 10% off the sci-fi books and reads back what they cost now, in one statement: for
/// any backend that has what SQLite and PostgreSQL share, `UPDATE ... RETURNING` among it.
fn discount<E: Executor<Dialect: SqliteAndPostgres>>(conn: &E) -> Result<(), sqlmint::Error> {
    let discount = db::query!(
        UPDATE books SET book_price = book_price * 0.9 WHERE genre = "sci-fi"
        RETURNING book_name, book_price
    );
    echo::<E, _>(&discount);
    for book in conn.fetch_all(&discount)? {
        println!(
            "  {} now {}",
            book.book_name.unwrap_or_default(),
            book.book_price
                .map(|p| p.round_dp(2).to_string())
                .unwrap_or_default()
        );
    }
    Ok(())
}

/// Prints the statement's SQL for the executor's dialect.
fn echo<E: Executor, Q: SqlFor<E::Dialect>>(_: &Q) {
    println!("{}", Q::SQL);
}

/// The URL without its password, for printing.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
