//! Streaming throughput: 100,000 realistic leads as NDJSON, read, parsed and validated; and
//! the share of it that only splits the stream into records (the sequential reader's scan:
//! on several threads, the reader thread does this and copies each record into a batch).
//!
//! Run: `cargo bench --bench stream`. Figures are in `benches/README.md`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use copper_lead::stream::Reader;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;

#[path = "../tests/it/support/sample.rs"]
mod sample;

const LEADS: u64 = 100_000;

fn stream(c: &mut Criterion) {
    let mut ndjson = Vec::new();
    for index in 0..LEADS {
        serde_json::to_writer(&mut ndjson, &sample::data_set_lead(index)).expect("writes");
        ndjson.push(b'\n');
    }
    let mut group = c.benchmark_group("ndjson_100k");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(ndjson.len() as u64));
    group.bench_function("read_parse_validate", |b| {
        b.iter(|| {
            let mut valid = 0u64;
            for entry in Reader::new(black_box(&ndjson[..])) {
                let entry = entry.expect("reads");
                valid += u64::from(entry.result.is_ok_and(|lead| lead.validate().is_ok()));
            }
            assert!(valid > LEADS / 2);
            valid
        });
    });
    group.bench_function("split_only", |b| {
        b.iter(|| {
            let mut bytes = 0usize;
            Reader::new(black_box(&ndjson[..]))
                .for_each_parallel(
                    NonZeroUsize::MIN,
                    || (),
                    |(), record| record.bytes().len(),
                    |len| {
                        bytes += len;
                        ControlFlow::Continue(())
                    },
                )
                .expect("reads");
            assert!(bytes > ndjson.len() / 2);
            bytes
        });
    });
    group.finish();
}

criterion_group!(benches, stream);
criterion_main!(benches);
