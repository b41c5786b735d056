//! Reads that scale out, as an application uses them: a `Replicated` set of a primary and two
//! streaming replicas on loopback, each statement's server asked `pg_is_in_recovery()` and
//! `inet_server_port()`, and a replica stopped mid-run.
//!
//! Run with `--nocapture` to see which server served each statement.

use sqlmint::postgres::{ReplicaOptions, Replicated, Server};
use sqlmint::{Binder, Executor, Postgres, Query, RowSource, SqlFor};
use sqlmint_test_support::ReplicatedCluster;
use std::time::{Duration, Instant};

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table note {
            id: INTEGER PRIMARY KEY,
            body: TEXT NOT NULL,
        }
    }
}

/// Which server ran it: `pg_is_in_recovery()` and `inet_server_port()`, which `query!` does
/// not know; a hand-written statement that declares itself a read, as an application may.
struct WhereAmI;

impl Query for WhereAmI {
    type Row = (bool, u16);
    const COLUMNS: usize = 2;

    fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> sqlmint::Result<()> {
        Ok(())
    }

    fn decode_row<R: RowSource + ?Sized>(row: &R) -> sqlmint::Result<(bool, u16)> {
        use sqlmint::value::ValueRef;
        match (row.value(0)?, row.value(1)?) {
            (ValueRef::Bool(in_recovery), ValueRef::Int(port)) => {
                Ok((in_recovery, u16::try_from(port).unwrap_or(0)))
            }
            other => panic!("unexpected row {other:?}"),
        }
    }
}

impl SqlFor<Postgres> for WhereAmI {
    const SQL: &'static str = "SELECT pg_is_in_recovery(), inet_server_port()";
    const READ_ONLY: bool = true;
}

fn read_only<Q: SqlFor<Postgres>>(_: &Q) -> bool {
    Q::READ_ONLY
}

/// Asks the server that the set picks which it is, and says so.
fn where_am_i(set: &Replicated, what: &str) -> (bool, u16) {
    let (in_recovery, port) = set.fetch_one(&WhereAmI).expect("where am I");
    println!(
        "{what}: served by {:?} (port {port}, pg_is_in_recovery() = {in_recovery})",
        set.last_server().expect("a server")
    );
    (in_recovery, port)
}

fn cluster_and_set(options: ReplicaOptions) -> (ReplicatedCluster, Replicated) {
    let cluster = ReplicatedCluster::start(2);
    let set = Replicated::connect(&cluster.primary_url(), cluster.replica_urls(), options)
        .expect("connect the set");
    db::create_all(&set).expect("create tables");
    cluster.wait_for_replay();
    (cluster, set)
}

/// Code generic over `Executor`, unchanged for a set.
fn count_notes<E: Executor<Dialect = Postgres>>(executor: &E) -> sqlmint::Result<i64> {
    Ok(executor
        .fetch_one(&db::query!(SELECT count(*) AS n FROM note))?
        .n)
}

#[test]
fn reads_go_to_the_replicas_in_turn_and_the_rest_to_the_primary() {
    let started = Instant::now();
    let (cluster, set) = cluster_and_set(ReplicaOptions::new());
    let replica_ports = cluster.replica_ports();
    let primary_port = cluster.primary_port();

    let insert = db::query!(INSERT INTO note (id, body) VALUES (:id, :body));
    let insert_returning = db::query!(INSERT INTO note (id, body) VALUES (:id, :body) RETURNING id);
    let update = db::query!(UPDATE note SET body = :body WHERE id = :id);
    let delete = db::query!(DELETE FROM note WHERE id = :id);
    let by_id = db::query!(SELECT body FROM note WHERE id = :id);
    assert!(read_only(&by_id.params(1)));
    assert!(read_only(&db::query!(SELECT count(*) AS n FROM note)));
    assert!(!read_only(&insert.params(1, "a")));
    assert!(!read_only(&insert_returning.params(1, "a")));
    assert!(!read_only(&update.params("a", 1)));
    assert!(!read_only(&delete.params(1)));

    // A read goes to a replica, and the next to the other one.
    let firsts: Vec<(bool, u16)> = (0..4)
        .map(|i| where_am_i(&set, &format!("read {i}")))
        .collect();
    assert!(firsts.iter().all(|(in_recovery, _)| *in_recovery));
    assert_ne!(firsts[0].1, firsts[1].1, "round robin alternates replicas");
    assert_eq!(firsts[0].1, firsts[2].1);
    assert_eq!(firsts[1].1, firsts[3].1);
    let mut served: Vec<u16> = firsts[..2].iter().map(|(_, port)| *port).collect();
    served.sort_unstable();
    let mut expected = replica_ports.clone();
    expected.sort_unstable();
    assert_eq!(served, expected);

    // Writes go to the primary, an INSERT ... RETURNING read through `fetch_one` too.
    set.execute(&insert.params(1, "one")).expect("insert");
    assert_eq!(set.last_server(), Some(Server::Primary));
    println!("INSERT: served by {:?}", set.last_server());
    let id = set
        .fetch_one(&insert_returning.params(2, "two"))
        .expect("insert returning");
    assert_eq!(id.id, 2);
    assert_eq!(set.last_server(), Some(Server::Primary));
    println!("INSERT ... RETURNING: served by {:?}", set.last_server());

    // Everything inside a transaction runs on the primary, reads included.
    let inside = set
        .transaction(|tx| {
            tx.execute(&update.params("uno", 1))?;
            tx.fetch_one(&WhereAmI)
        })
        .expect("transaction");
    println!(
        "read inside transaction: port {}, pg_is_in_recovery() = {}",
        inside.1, inside.0
    );
    assert_eq!(inside, (false, primary_port));
    // While a transaction begun with `begin` is open, reads through the set run in it.
    let tx = set.begin().expect("begin");
    tx.execute(&delete.params(2)).expect("delete");
    assert_eq!(
        where_am_i(&set, "read while begin() is open"),
        (false, primary_port)
    );
    assert!(set
        .fetch_optional(&by_id.params(2))
        .expect("read")
        .is_none());
    tx.rollback().expect("rollback");

    // Once replayed, the replicas have the writes; generic code runs on the set unchanged.
    cluster.wait_for_replay();
    assert_eq!(count_notes(&set).expect("count"), 2);
    assert!(matches!(set.last_server(), Some(Server::Replica(_))));
    println!("count through Executor: served by {:?}", set.last_server());

    // A SQL error on a replica comes back as it is, and the replica stays in the set.
    let bad_cast = db::query!(SELECT CAST(body AS INTEGER) AS n FROM note);
    let error = set.fetch_all(&bad_cast).expect_err("a bad cast");
    let failed_on = set.last_server();
    println!("bad cast: served by {failed_on:?}, error {error}");
    assert_eq!(error.postgres_code(), Some("22P02"));
    assert!(!error.is_connection_failure());
    assert!(matches!(failed_on, Some(Server::Replica(_))));
    let after: Vec<Option<Server>> = (0..2)
        .map(|_| {
            set.fetch_one(&by_id.params(1)).expect("read");
            set.last_server()
        })
        .collect();
    assert!(
        after.contains(&failed_on),
        "{after:?} leaves out {failed_on:?}"
    );
    assert_eq!(set.check_replicas(), 2);
    println!("took {:?}", started.elapsed());
}

#[test]
fn read_your_writes_reads_from_the_primary_for_a_while_after_a_write() {
    let started = Instant::now();
    let window = Duration::from_millis(300);
    let (cluster, pinned) = cluster_and_set(ReplicaOptions::new().read_your_writes(window));
    let insert = db::query!(INSERT INTO note (id, body) VALUES (:id, :body));
    let by_id = db::query!(SELECT body FROM note WHERE id = :id);

    // Creating the tables was a write: reads go to the primary for the window after it,
    // then to a replica.
    std::thread::sleep(window);
    assert!(where_am_i(&pinned, "read a window after creating the tables").0);

    // The write's own session reads it at once, from the primary.
    pinned.execute(&insert.params(1, "mine")).expect("insert");
    let written_at = Instant::now();
    assert_eq!(
        pinned
            .fetch_optional(&by_id.params(1))
            .expect("read")
            .map(|row| row.body),
        Some("mine".to_owned())
    );
    assert_eq!(pinned.last_server(), Some(Server::Primary));
    println!(
        "read right after the write: served by {:?}",
        pinned.last_server()
    );
    assert!(!where_am_i(&pinned, "read inside the window").0);

    // After the window, reads go back to the replicas.
    std::thread::sleep(window.saturating_sub(written_at.elapsed()));
    assert!(where_am_i(&pinned, "read after the window").0);

    // Without the option, a read right after a write goes to a replica, which has the row
    // once it has replayed the write.
    let unpinned = Replicated::connect(
        &cluster.primary_url(),
        cluster.replica_urls(),
        ReplicaOptions::new(),
    )
    .expect("connect");
    unpinned
        .execute(&insert.params(2, "later"))
        .expect("insert");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let found = unpinned.fetch_optional(&by_id.params(2)).expect("read");
        assert!(matches!(unpinned.last_server(), Some(Server::Replica(_))));
        if found.is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "not replicated within 10 s");
        std::thread::sleep(Duration::from_millis(5));
    }
    println!(
        "without read-your-writes: the row was on a replica after {attempts} read(s), each served by a replica"
    );
    println!("took {:?}", started.elapsed());
}

#[test]
fn a_replica_stopped_mid_run_is_left_out_without_an_error() {
    // The set logs each replica it leaves out, at WARN.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_test_writer()
        .try_init();
    let started = Instant::now();
    let (mut cluster, set) =
        cluster_and_set(ReplicaOptions::new().retry_after(Duration::from_millis(200)));
    let ports = cluster.replica_ports();
    let by_id = db::query!(SELECT body FROM note WHERE id = :id);

    let before: Vec<u16> = (0..2)
        .map(|i| where_am_i(&set, &format!("read {i} before the stop")).1)
        .collect();
    assert_ne!(before[0], before[1]);

    cluster.stop_replica(0);
    println!("stopped replica 0 (port {})", ports[0]);
    // Every read succeeds; the stopped replica's turn goes to the other one.
    for i in 0..6 {
        let (in_recovery, port) = where_am_i(&set, &format!("read {i} after the stop"));
        assert!(in_recovery);
        assert_eq!(port, ports[1]);
        assert!(set
            .fetch_optional(&by_id.params(1))
            .expect("read")
            .is_none());
    }
    assert_eq!(set.check_replicas(), 1);
    // Past its back-off, the stopped replica is tried again, still fails to connect, and the
    // read goes elsewhere.
    std::thread::sleep(Duration::from_millis(250));
    for i in 0..2 {
        assert_eq!(
            where_am_i(&set, &format!("read {i} after the back-off")).1,
            ports[1]
        );
    }

    // With no replica left, reads fall back to the primary.
    cluster.stop_replica(1);
    println!("stopped replica 1 (port {})", ports[1]);
    for i in 0..3 {
        let (in_recovery, port) = where_am_i(&set, &format!("read {i} with no replica"));
        assert!(!in_recovery);
        assert_eq!(port, cluster.primary_port());
    }
    println!("took {:?}", started.elapsed());
}

#[test]
fn the_async_set_routes_the_same_and_is_shared_between_tasks() {
    use sqlmint::tokio_postgres::Replicated as AsyncReplicated;
    use std::sync::Arc;

    let started = Instant::now();
    let mut cluster = ReplicatedCluster::start(2);
    let ports = cluster.replica_ports();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    // The cluster's helpers block (they use the synchronous client), so they run between the
    // runtime's `block_on`s, never inside one.
    let set = runtime.block_on(async {
        let set = AsyncReplicated::connect(
            &cluster.primary_url(),
            cluster.replica_urls(),
            ReplicaOptions::new().retry_after(Duration::from_secs(60)),
        )
        .await
        .expect("connect the set");
        set.execute_ddl(&db::CREATE_ALL).await.expect("tables");
        set.execute(&db::query!(INSERT INTO note (id, body) VALUES (1, "one")))
            .await
            .expect("insert");
        assert_eq!(set.last_server(), Some(Server::Primary));
        Arc::new(set)
    });
    cluster.wait_for_replay();
    runtime.block_on(async {
        // Tasks share the set; their reads go to the replicas in turn.
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let set = Arc::clone(&set);
                tokio::spawn(async move { set.fetch_one(&WhereAmI).await.expect("read") })
            })
            .collect();
        let mut served = Vec::new();
        for task in tasks {
            let (in_recovery, port) = task.await.expect("task");
            assert!(in_recovery);
            served.push(port);
        }
        println!("async reads from 4 tasks: served by ports {served:?} (replicas {ports:?})");
        assert!(ports.iter().all(|port| served.contains(port)));
        let error = set
            .fetch_all(&db::query!(SELECT CAST(body AS INTEGER) AS n FROM note))
            .await
            .expect_err("a bad cast");
        assert_eq!(error.postgres_code(), Some("22P02"));
    });
    cluster.stop_replica(0);
    runtime.block_on(async {
        for i in 0..4 {
            let (in_recovery, port) = set.fetch_one(&WhereAmI).await.expect("read");
            println!(
                "async read {i} after stopping replica 0: served by {:?} (port {port})",
                set.last_server()
            );
            assert!(in_recovery);
            assert_eq!(port, ports[1]);
        }
    });
    println!("took {:?}", started.elapsed());
}
