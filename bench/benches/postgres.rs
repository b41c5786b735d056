//! `cargo bench -p sqlmint-bench --bench postgres`: every workload, every PostgreSQL peer,
//! timed on the throwaway server (or the one `SQLMINT_PG_URL` names).

mod common;

fn postgres(c: &mut criterion::Criterion) {
    common::bench_backend(c, sqlmint_bench::Backend::Postgres);
}

criterion::criterion_group!(benches, postgres);
criterion::criterion_main!(benches);
