//! Parsing one realistic lead: this crate against the obvious alternatives, on the same bytes.
//!
//! - `copper_lead::Lead`: lossless typed parse (and parse + validate);
//! - `serde_json::Value`: the untyped tree;
//! - `plain_derive`: a plain `#[derive(Deserialize)]` struct of the same fields with no fidelity
//!   features (what a user would write by hand: `Option`s, unknown keys ignored);
//! - `ignored_any`: `serde::de::IgnoredAny`, a syntax scan that allocates nothing (the floor).
//!
//! Run: `cargo bench --bench parse`. Ratios are in `benches/README.md`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use std::hint::black_box;

use copper_lead::Lead;

#[path = "../tests/it/support/sample.rs"]
mod sample;

#[path = "support/plain.rs"]
mod plain;

fn parse(c: &mut Criterion) {
    let text = sample::bench_lead();
    let bytes = text.as_bytes();
    // Every contender must accept the input; a broken baseline would measure nothing.
    assert!(serde_json::from_slice::<Lead>(bytes).is_ok_and(|l| l.validate().is_ok()));
    assert!(serde_json::from_slice::<plain::Lead>(bytes).is_ok());

    let mut group = c.benchmark_group("parse_lead");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("copper_lead", |b| {
        b.iter(|| serde_json::from_slice::<Lead>(black_box(bytes)));
    });
    group.bench_function("copper_lead_validate", |b| {
        b.iter(|| {
            let lead: Lead = serde_json::from_slice(black_box(bytes)).expect("parses");
            lead.validate().is_ok()
        });
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)));
    });
    group.bench_function("plain_derive", |b| {
        b.iter(|| serde_json::from_slice::<plain::Lead>(black_box(bytes)));
    });
    group.bench_function("ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)));
    });
    group.finish();

    let lead: Lead = serde_json::from_slice(bytes).expect("parses");
    c.bench_function("validate_lead", |b| {
        b.iter(|| black_box(&lead).validate().is_ok());
    });
}

criterion_group!(benches, parse);
criterion_main!(benches);
