// A schema, a derived struct and a named statement from another crate, used here as a
// dependency's would be.
use sqlmint_ui_tests::{blog, headlines, Headline};

fn main() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    blog::create_all(&conn).unwrap();
    let new = [blog::NewPost { title: "first".into() }, blog::NewPost { title: "second".into() }];
    conn.execute_many(&new).unwrap();
    let listed: Vec<Headline> = conn.fetch_all(&headlines::new()).unwrap();
    assert_eq!(listed[1], Headline { id: 2, text: "second".into() });
    // The other crate's struct as this crate's `query_as!` target, its columns in another order.
    let wanted = 1;
    let first: Headline = conn
        .fetch_one(&blog::query_as!(Headline, SELECT title, id FROM post WHERE id = {wanted}))
        .unwrap();
    assert_eq!(first.text, "first");
    let stored: blog::Post = conn.fetch_one(&blog::NewPost { title: "third".into() }.returning()).unwrap();
    assert_eq!((stored.id, stored.views), (3, 0));
}
