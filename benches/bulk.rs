//! Per-record cost over a file of leads, on one core: the same NDJSON bytes the Python peers
//! (`../shared/peers/peers.py`) decode, so the figures compare side by side.
//!
//! ```sh
//! python3 ../shared/peers/gen_leads.py 20000 > /tmp/leads.ndjson
//! PEERS_LEADS=/tmp/leads.ndjson cargo bench --bench bulk
//! /tmp/peers/bin/python ../shared/peers/peers.py /tmp/leads.ndjson
//! ```
//!
//! Without `PEERS_LEADS`, 20,000 leads of the crate's own generator are used.

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use std::hint::black_box;

use copper_lead::Lead;
use copper_lead::validate::{Checker, Validator};

#[path = "support/plain.rs"]
mod plain;
#[path = "../tests/it/support/sample.rs"]
mod sample;

fn lines() -> Vec<Vec<u8>> {
    match std::env::var_os("PEERS_LEADS") {
        Some(path) => {
            let bytes = std::fs::read(&path).expect("PEERS_LEADS is readable");
            bytes
                .split(|b| *b == b'\n')
                .filter(|line| !line.is_empty())
                .map(<[u8]>::to_vec)
                .collect()
        }
        None => (0..20_000)
            .map(|i| serde_json::to_vec(&sample::data_set_lead(i)).expect("writes"))
            .collect(),
    }
}

/// Times `read` over every line (generic, so each contender gets its own loop).
fn each_line(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    lines: &[Vec<u8>],
    read: impl Fn(&[u8]),
) {
    group.bench_function(name, |b| {
        b.iter(|| {
            for line in black_box(lines) {
                read(line);
            }
        });
    });
}

fn bulk(c: &mut Criterion) {
    let lines = lines();
    let bytes: usize = lines.iter().map(Vec::len).sum();
    eprintln!(
        "{} records, {} B/record",
        lines.len(),
        bytes / lines.len().max(1)
    );
    let validator = Validator::new();

    let mut group = c.benchmark_group("per_record");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.sample_size(10);
    // The contenders that only read each line, one loop for all.
    each_line(&mut group, "ignored_any", &lines, |line| {
        let _ = black_box(serde_json::from_slice::<serde::de::IgnoredAny>(line));
    });
    each_line(&mut group, "serde_json_value", &lines, |line| {
        let _ = black_box(serde_json::from_slice::<Value>(line));
    });
    each_line(&mut group, "plain_derive", &lines, |line| {
        let _ = black_box(serde_json::from_slice::<plain::Lead>(line));
    });
    each_line(&mut group, "copper_lead_parse", &lines, |line| {
        let _ = black_box(copper_lead::from_slice::<Lead>(line));
    });
    group.bench_function("copper_lead_parse_validate", |b| {
        b.iter(|| {
            let mut valid = 0_usize;
            for line in black_box(&lines) {
                if let Ok(lead) = copper_lead::from_slice::<Lead>(line) {
                    valid += usize::from(lead.check(&validator).is_valid());
                }
            }
            valid
        });
    });
    group.bench_function("copper_lead_bulk_check", |b| {
        let mut checker = Checker::new(&validator);
        b.iter(|| {
            let mut valid = 0_usize;
            for line in black_box(&lines) {
                if let Ok(report) = checker.check_slice(line) {
                    valid += usize::from(report.is_valid());
                }
            }
            valid
        });
    });
    group.finish();
}

criterion_group!(benches, bulk);
criterion_main!(benches);
