//! What both bench targets do, for their own backend: each workload a criterion group, each
//! peer a function of it, every peer's answer checked before any is timed.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use sqlmint_bench::workload::checked_runner;
use sqlmint_bench::{Backend, Workload};

/// Times every peer of `backend` on every workload, kept short for a 2-core machine: 20
/// samples over 2 s after 0.5 s of warm-up (10 flat samples for the inserts of 10 000 rows).
pub fn bench_backend(c: &mut Criterion, backend: Backend) {
    for workload in Workload::ALL {
        let mut group = c.benchmark_group(workload.criterion_group(backend));
        group
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2))
            .sample_size(20);
        if let Workload::InsertRowAtATime(_)
        | Workload::BatchInsert(_)
        | Workload::BatchInsertReturning(_) = workload
        {
            group.sampling_mode(SamplingMode::Flat).sample_size(10);
        }
        // Every runner is made and checked before the first is timed: a wrong answer stops
        // the run before it produces a number.
        let runners: Vec<_> = backend
            .peers()
            .iter()
            .map(|peer| match checked_runner(backend, peer, workload) {
                Ok(runner) => (*peer, runner),
                Err(error) => panic!("{error}"),
            })
            .collect();
        for (peer, mut runner) in runners {
            let id = BenchmarkId::new(peer, workload.parameter(backend));
            group.bench_function(id, |b| {
                b.iter(|| {
                    if let Err(error) = runner.call() {
                        panic!("{peer} failed {workload} on {}: {error}", backend.name());
                    }
                })
            });
        }
        group.finish();
    }
}
