//! The largest request each operation allows, through the call API.
//! `cargo bench -p huiqi-tests --bench largest_requests`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};

fn largest(c: &mut Criterion) {
    let all = huiqi_tests::largest::all().expect("largest requests build");
    let mut group = c.benchmark_group("largest_request");
    group.sample_size(10);
    for (i, l) in all.iter().enumerate() {
        group.bench_function(format!("{i:02} {} ({})", l.op, l.about), |b| {
            b.iter(|| huiqi_core::call::call(l.op, &l.request))
        });
    }
    group.finish();
}

criterion_group!(benches, largest);
criterion_main!(benches);
