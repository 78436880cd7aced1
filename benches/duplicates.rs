//! Grouping duplicates in a batch of 100,000 realistic leads, against a baseline measured in
//! the same run: putting each lead's lowercased email in a `HashSet` (the least work any
//! grouping by email does).
//!
//! Run: `cargo bench --bench duplicates`. Figures are in `benches/README.md`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::collections::HashSet;
use std::hint::black_box;

use copper_lead::Lead;
use copper_lead::duplicates;

#[path = "../tests/it/support/sample.rs"]
mod sample;

const LEADS: u64 = 100_000;

#[expect(clippy::cast_precision_loss)] // ratios of counts far below 2^53
fn dedupe(c: &mut Criterion) {
    let leads: Vec<Lead> = (0..LEADS)
        .map(|i| serde_json::from_value(sample::data_set_lead(i)).expect("parses"))
        .collect();
    let groups = duplicates::group(&leads);
    // Against the generator's truth: which leads are the same person.
    let pairs = |members: &[usize]| -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        for (i, a) in members.iter().enumerate() {
            pairs.extend(members[i + 1..].iter().map(|b| (*a, *b)));
        }
        pairs
    };
    let found: HashSet<(usize, usize)> = groups.iter().flat_map(|g| pairs(g.members())).collect();
    let mut people: std::collections::BTreeMap<u64, Vec<usize>> = std::collections::BTreeMap::new();
    for index in 0..LEADS {
        people
            .entry(sample::person_of(index))
            .or_default()
            .push(usize::try_from(index).expect("small"));
    }
    let truth: HashSet<(usize, usize)> = people.values().flat_map(|m| pairs(m)).collect();
    let correct = found.intersection(&truth).count();
    eprintln!(
        "{} leads: {} groups, {} leads in them; precision {:.4}, recall {:.4} ({} pairs found, {} true)",
        leads.len(),
        groups.len(),
        groups.iter().map(|g| g.members().len()).sum::<usize>(),
        correct as f64 / found.len().max(1) as f64,
        correct as f64 / truth.len().max(1) as f64,
        found.len(),
        truth.len(),
    );

    let mut group = c.benchmark_group("duplicates");
    group.throughput(Throughput::Elements(LEADS));
    group.sample_size(10);
    group.bench_function("group_100k", |b| {
        b.iter(|| duplicates::group(black_box(&leads)));
    });
    group.bench_function("baseline_email_hashset_100k", |b| {
        b.iter(|| {
            let mut seen = HashSet::with_capacity(leads.len());
            for lead in black_box(&leads) {
                if let Some(email) = lead.email.value().and_then(|e| e.email.as_deref()) {
                    seen.insert(email.to_lowercase());
                }
            }
            seen.len()
        });
    });
    group.finish();
}

criterion_group!(benches, dedupe);
criterion_main!(benches);
