//! Everyday functions, with the same results on SQLite and PostgreSQL (sync): `trim`,
//! `ltrim`, `rtrim`, `replace`, `substr`, `string_agg` (SQLite's `group_concat`), and
//! `greatest`/`least` (SQLite's multi-argument `max`/`min`).

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table tag {
            id: INTEGER PRIMARY KEY,
            post_id: INTEGER NOT NULL,
            label: TEXT NOT NULL,
            note: TEXT,
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add { INSERT INTO tag (id, post_id, label, note) VALUES (:id, :post, :label, :note) }
    }

    db::query! {
        pub mod cleaned {
            SELECT id, trim(label) AS trimmed, ltrim(label) AS left_trimmed, rtrim(label) AS right_trimmed,
                   replace(trim(label), "-", " ") AS spaced, substr(trim(label), 1, 3) AS prefix,
                   substr(note, 2) AS rest
            FROM tag ORDER BY id
        }
    }

    db::query! {
        pub mod clamped {
            SELECT id, greatest(id, 2) AS at_least_two, least(id * 10, 25) AS at_most_25,
                   greatest(label, "m") AS later_label
            FROM tag ORDER BY id
        }
    }

    db::query! {
        pub mod labels_per_post {
            SELECT post_id, string_agg(trim(label), ",") AS labels
            FROM (SELECT post_id, label FROM tag ORDER BY id) AS ordered
            GROUP BY post_id ORDER BY post_id
        }
    }
}

type Cleaned = Vec<(String, String, String, String, String, Option<String>)>;

// `label` is NOT NULL and each group has a row: the concatenation is never NULL.
type Labels = Vec<(i32, String)>;
type Clamped = Vec<(i32, i32, i32, String)>;

fn run<E: sqlmint::Executor>(conn: &E) -> (Cleaned, Labels, Clamped) {
    use queries::*;
    db::create_all(conn).expect("tables");
    for (id, post, label, note) in [
        (1, 1, "  rust-lang ", Some("xnotes")),
        (2, 1, "sql", None),
        (3, 2, " web-dev", Some("ab")),
    ] {
        conn.execute(&add::new(id, post, label, note)).expect("tag");
    }
    let cleaned = conn
        .fetch_all(&cleaned::new())
        .expect("cleaned")
        .into_iter()
        .map(|r| {
            (
                r.trimmed,
                r.left_trimmed,
                r.right_trimmed,
                r.spaced,
                r.prefix,
                r.rest,
            )
        })
        .collect();
    let labels = conn
        .fetch_all(&labels_per_post::new())
        .expect("labels")
        .into_iter()
        .map(|r| (r.post_id, r.labels))
        .collect();
    let clamped = conn
        .fetch_all(&clamped::new())
        .expect("clamped")
        .into_iter()
        .map(|r| (r.id, r.at_least_two, r.at_most_25, r.later_label))
        .collect();
    (cleaned, labels, clamped)
}

#[test]
fn text_functions_agree_on_sqlite_and_postgres() {
    let sqlite = run(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    let first = &sqlite.0[0];
    assert_eq!(
        (
            first.0.as_str(),
            first.1.as_str(),
            first.2.as_str(),
            first.3.as_str(),
            first.4.as_str(),
            first.5.as_deref()
        ),
        (
            "rust-lang",
            "rust-lang ",
            "  rust-lang",
            "rust lang",
            "rus",
            Some("notes")
        )
    );
    assert_eq!(sqlite.0[1].5, None);
    let postgres = run(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
    assert_eq!(sqlite.0, postgres.0);
    assert_eq!(sqlite.2, postgres.2);
    assert_eq!(
        sqlite.2,
        [
            (1, 2, 10, "m".to_owned()),
            (2, 2, 20, "sql".to_owned()),
            (3, 3, 25, "m".to_owned()),
        ]
    );
    // Each group's labels; the order inside a group is the database's to choose.
    let sorted = |labels: &[(i32, String)]| -> Vec<(i32, Vec<String>)> {
        labels
            .iter()
            .map(|(post, labels)| {
                let mut labels: Vec<String> = labels.split(',').map(str::to_owned).collect();
                labels.sort();
                (*post, labels)
            })
            .collect()
    };
    assert_eq!(sorted(&sqlite.1), sorted(&postgres.1));
    assert_eq!(
        sorted(&sqlite.1),
        [
            (1, vec!["rust-lang".to_owned(), "sql".to_owned()]),
            (2, vec!["web-dev".to_owned()])
        ]
    );
    let mysql = run(
        &sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
            .expect("connect"),
    );
    assert_eq!(sqlite.0, mysql.0);
    assert_eq!(sqlite.2, mysql.2);
    assert_eq!(sorted(&sqlite.1), sorted(&mysql.1));
}
