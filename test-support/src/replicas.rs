//! A primary with streaming replicas for the tests of read routing: a cluster of their own,
//! not the shared test server, since a test stops a replica mid-run.

use super::{
    as_user, cluster_dir, find_binaries, free_port, init_primary, is_root, run, start_server,
    stop_on_exit, wait_until_ready,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A throwaway primary and its streaming replicas on loopback ports, each replica made with
/// `pg_basebackup -R` from the primary; all stopped and removed when dropped.
#[derive(Debug)]
pub struct ReplicatedCluster {
    bin: PathBuf,
    as_root: bool,
    dir: PathBuf,
    primary: Server,
    replicas: Vec<Server>,
}

#[derive(Debug)]
struct Server {
    data: PathBuf,
    port: u16,
    running: bool,
}

impl Server {
    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl ReplicatedCluster {
    /// Starts a primary and `replicas` streaming replicas, and waits until every replica
    /// accepts connections.
    ///
    /// # Panics
    /// When the PostgreSQL server binaries (with `pg_basebackup`) are missing or a server
    /// does not start; the message says why and how to get them. `SQLMINT_PG_URL` does not
    /// help here: a replica is made from a primary on this machine.
    pub fn start(replicas: usize) -> ReplicatedCluster {
        Self::try_start(replicas).unwrap_or_else(|why| {
            panic!(
                "cannot start a PostgreSQL primary with {replicas} streaming replica(s): {why}\n\
                 The replica tests start their own servers from the machine's PostgreSQL \
                 binaries (initdb, pg_ctl, pg_basebackup), even when {} names a server, since \
                 a replica must be copied from a primary on this machine. Install PostgreSQL \
                 15+ (Debian: `apt-get install postgresql`).",
                super::URL_VARIABLE
            )
        })
    }

    fn try_start(replicas: usize) -> Result<ReplicatedCluster, String> {
        let bin = find_binaries()?;
        if !bin.join("pg_basebackup").exists() {
            return Err(format!("no pg_basebackup in {}", bin.display()));
        }
        let as_root = is_root();
        let port = free_port()?;
        let dir = cluster_dir(&format!("sqlmint-replicas-{}-{port}", std::process::id()))?;
        let mut cluster = ReplicatedCluster {
            primary: Server {
                data: dir.join("primary"),
                port,
                running: false,
            },
            replicas: Vec::new(),
            bin,
            as_root,
            dir,
        };
        init_primary(&cluster.bin, as_root, &cluster.primary.data)?;
        cluster.start_server(&cluster.primary.data, port)?;
        cluster.primary.running = true;
        wait_until_ready(&cluster.primary.url())?;
        for index in 0..replicas {
            let port = free_port()?;
            let data = cluster.dir.join(format!("replica-{index}"));
            run(
                as_user(as_root, &cluster.bin.join("pg_basebackup"))
                    .args(["-h", "127.0.0.1", "-p"])
                    .arg(cluster.primary.port.to_string())
                    .args(["-U", "postgres", "-X", "stream", "-R", "--no-sync", "-D"])
                    .arg(&data),
                "pg_basebackup",
            )?;
            cluster.start_server(&data, port)?;
            cluster.replicas.push(Server {
                data,
                port,
                running: true,
            });
            wait_until_ready(&cluster.replicas[index].url())?;
        }
        cluster.wait_for_streaming(replicas)?;
        Ok(cluster)
    }

    /// The primary's URL (its `postgres` database).
    pub fn primary_url(&self) -> String {
        self.primary.url()
    }

    /// The replicas' URLs, in the order they were made.
    pub fn replica_urls(&self) -> Vec<String> {
        self.replicas.iter().map(Server::url).collect()
    }

    /// The replicas' ports, in the order they were made, to tell them apart by
    /// `inet_server_port()`.
    pub fn replica_ports(&self) -> Vec<u16> {
        self.replicas.iter().map(|r| r.port).collect()
    }

    /// The primary's port.
    pub fn primary_port(&self) -> u16 {
        self.primary.port
    }

    /// Stops replica `index` at once (`pg_ctl stop -m immediate`), as a crash would.
    ///
    /// # Panics
    /// When there is no such replica or it does not stop.
    pub fn stop_replica(&mut self, index: usize) {
        let Some(replica) = self.replicas.get_mut(index) else {
            panic!("there is no replica {index}");
        };
        let data = replica.data.clone();
        replica.running = false;
        if let Err(why) = stop_server(&self.bin, self.as_root, &data) {
            panic!("cannot stop replica {index}: {why}");
        }
    }

    /// Waits until every running replica has replayed all the primary has written so far,
    /// for a test that then reads from a replica what it wrote through the primary. The
    /// primary's insert position, not its write position: with `synchronous_commit=off` a
    /// commit may still sit in the WAL buffers.
    ///
    /// # Panics
    /// When a server cannot be asked, or a replica lags for more than 10 seconds.
    pub fn wait_for_replay(&self) {
        let connect = |url: &str| {
            postgres::Client::connect(url, postgres::NoTls)
                .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"))
        };
        let written: String = connect(&self.primary_url())
            .query_one("SELECT CAST(pg_current_wal_insert_lsn() AS TEXT)", &[])
            .unwrap_or_else(|e| panic!("cannot read the primary's WAL position: {e}"))
            .get(0);
        let deadline = Instant::now() + Duration::from_secs(10);
        for replica in self.replicas.iter().filter(|r| r.running) {
            let mut client = connect(&replica.url());
            loop {
                let replayed: bool = client
                    .query_one(
                        "SELECT pg_last_wal_replay_lsn() >= CAST($1 AS TEXT)::pg_lsn",
                        &[&written],
                    )
                    .unwrap_or_else(|e| panic!("cannot read a replica's replay position: {e}"))
                    .get(0);
                if replayed {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "the replica on port {} has not replayed up to {written} in 10 s",
                    replica.port
                );
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }

    fn start_server(&self, data: &Path, port: u16) -> Result<(), String> {
        start_server(&self.bin, self.as_root, &self.dir, data, port)?;
        // If the test process dies without dropping the cluster.
        stop_on_exit(self.as_root, &self.bin.join("pg_ctl"), data, &self.dir);
        Ok(())
    }

    /// Waits until the primary streams to `replicas` replicas, so a test's first write
    /// reaches them.
    fn wait_for_streaming(&self, replicas: usize) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut client = postgres::Client::connect(&self.primary_url(), postgres::NoTls)
            .map_err(|e| format!("cannot connect to the primary: {e}"))?;
        loop {
            let streaming: i64 = client
                .query_one(
                    "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
                    &[],
                )
                .map_err(|e| format!("cannot read pg_stat_replication: {e}"))?
                .get(0);
            if streaming >= replicas as i64 {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{streaming} of {replicas} replica(s) streaming after 30 s"
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for ReplicatedCluster {
    fn drop(&mut self) {
        for server in self.replicas.iter().chain([&self.primary]) {
            if server.running {
                let _ = stop_server(&self.bin, self.as_root, &server.data);
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn stop_server(bin: &Path, as_root: bool, data: &Path) -> Result<(), String> {
    run(
        as_user(as_root, &bin.join("pg_ctl"))
            .args(["-w", "-m", "immediate", "-D"])
            .arg(data)
            .arg("stop"),
        "pg_ctl stop",
    )
}
