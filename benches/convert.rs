//! Converting a realistic qualified lead: the conversion itself, and its idempotency key.
//!
//! Run: `cargo bench --bench convert`. Figures are in `benches/README.md`.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use copper_lead::convert::{ConvertOptions, OpportunityOptions};
use copper_lead::lifecycle::{Decision, QualifiedLead};
use copper_lead::validate::Validator;
use copper_lead::{Lead, PipelineId, PipelineStageId, Timestamp};

#[path = "../tests/it/support/sample.rs"]
mod sample;

fn convert(c: &mut Criterion) {
    let lead: Lead = serde_json::from_str(&sample::bench_lead()).expect("parses");
    let at = Timestamp::from_unix(1_700_000_000).expect("in range");
    // An Open lead on Copper's default statuses: qualified by decision.
    let qualified =
        QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at)).expect("qualified");
    let options = ConvertOptions::new(at).opportunity(
        OpportunityOptions::new(PipelineId::new(213_214))
            .pipeline_stage_id(PipelineStageId::new(987_790)),
    );

    let mut group = c.benchmark_group("convert");
    group.throughput(Throughput::Elements(1));
    // The lead is cloned outside the timed part: conversion consumes it. Batches of 32 keep
    // the clones and the results in cache, as when converting a stream lead by lead;
    // `BatchSize::SmallInput`'s batches of thousands made the figure swing 2x between runs
    // with the allocator's state.
    group.bench_function("lead_to_records", |b| {
        b.iter_batched(
            || qualified.clone(),
            |lead| lead.convert(black_box(&options)),
            BatchSize::NumIterations(32),
        );
    });
    let conversion = qualified.clone().convert(&options).expect("converts");
    group.bench_function("idempotency_key", |b| {
        b.iter(|| black_box(&conversion).idempotency_key());
    });
    group.bench_function("request_json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&conversion).request()));
    });
    group.finish();
}

criterion_group!(benches, convert);
criterion_main!(benches);
