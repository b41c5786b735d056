//! `cargo bench -p sqlmint-bench --bench sqlite`: every workload, every SQLite peer, timed.

mod common;

fn sqlite(c: &mut criterion::Criterion) {
    common::bench_backend(c, sqlmint_bench::Backend::Sqlite);
}

criterion::criterion_group!(benches, sqlite);
criterion::criterion_main!(benches);
