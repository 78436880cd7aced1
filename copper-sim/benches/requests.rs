//! Requests a second through the in-process simulator, against a baseline in the same run:
//! reading the request body into a `serde_json::Value` and writing the answer back, the least
//! any JSON API does per request.
//!
//! Run: `cargo bench -p copper-sim --bench requests`. The figures are in the README.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::hint::black_box;

use copper_sim::{Call, Config, Sim};

const AUTH: [(&str, &str); 3] = [
    ("X-PW-AccessToken", "token"),
    ("X-PW-Application", "developer_api"),
    ("X-PW-UserEmail", "johndoe@copper.com"),
];

fn call(method: &str, path: &str, body: &Value) -> Call {
    let mut call = Call::new(method, &format!("/developer_api/v1{path}"));
    for (name, value) in AUTH {
        call = call.header(name, value);
    }
    if !body.is_null() {
        call = call.body(serde_json::to_vec(body).expect("json"));
    }
    call
}

/// A simulator holding 1,000 leads.
fn sim() -> Sim {
    let mut sim = Sim::new(Config::default().rate_limit(0));
    let leads: Vec<Value> = (0..1000)
        .map(|i| json!({"id": 1000 + i, "name": format!("Lead {i}"), "status": "New", "status_id": 208_231,
            "email": {"email": format!("lead{i}@example.com"), "category": "work"},
            "tags": ["imported"], "date_created": 1_700_000_000 + i, "date_modified": 1_700_000_000 + i}))
        .collect();
    sim.load_leads(&leads, 1_700_000_000_000).expect("objects");
    sim
}

fn requests(c: &mut Criterion) {
    let mut sim = sim();
    let fetch = call("GET", "/leads/1500", &Value::Null);
    let update = call(
        "PUT",
        "/leads/1500",
        &json!({"title": "CTO", "tags": ["a", "b"]}),
    );
    let search = call(
        "POST",
        "/leads/search",
        &json!({"page_size": 20, "emails": "lead700@example.com"}),
    );
    let create_body =
        json!({"name": "Ada Lovelace", "email": {"email": "ada@example.com", "category": "work"}});
    let create = call("POST", "/leads", &create_body);
    for c in [&fetch, &update, &search, &create] {
        assert_eq!(sim.handle(c, 1_700_000_000_000).status, 200);
    }

    let mut group = c.benchmark_group("sim_request");
    group.throughput(Throughput::Elements(1));
    let mut now = 1_700_000_000_000;
    group.bench_function("fetch", |b| b.iter(|| sim.handle(black_box(&fetch), now)));
    group.bench_function("update", |b| {
        b.iter(|| {
            now += 1;
            sim.handle(black_box(&update), now)
        });
    });
    group.bench_function("search_1000", |b| {
        b.iter(|| sim.handle(black_box(&search), now));
    });
    group.bench_function("create", |b| {
        // A fresh, empty account each time (a create on a shared one would hold every lead
        // the benchmark makes); it is made and dropped outside the timing.
        b.iter_batched(
            || Sim::new(Config::default().rate_limit(0)),
            |mut fresh| {
                let reply = fresh.handle(black_box(&create), now);
                (fresh, reply)
            },
            criterion::BatchSize::SmallInput,
        );
    });
    // The baseline: the body read into a JSON tree and an answer written from it.
    let body = serde_json::to_vec(&create_body).expect("json");
    group.bench_function("baseline_json_round_trip", |b| {
        b.iter(|| {
            let value: Value = serde_json::from_slice(black_box(&body)).expect("json");
            serde_json::to_vec(&value).expect("json")
        });
    });
    group.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
