//! The simulator over HTTP: the `copper-sim` binary as a user starts it, webhook deliveries
//! to a receiver, a lost answer as a closed connection, and the crate's `sync` example run
//! against the binary with faults on. Every server binds 127.0.0.1, every wait is bounded.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use copper_lead::api::{Copper, Credentials, Prepared, Response};
use copper_lead::lifecycle::{LeadStatusDefinition, StageMap, StatusCatalog};
use copper_lead::validate::Validator;
use copper_lead::webhook::{self, Notification, Subscription, WebhookEvent, WebhookType};
use copper_lead::{Lead, leads};
use copper_sim::server::Server;
use copper_sim::{Config, DeliveryOutcome, Sim};
use serde_json::{Value, json};

/// An answer over HTTP: status, headers, body.
type Answered = (u16, Vec<(String, String)>, Vec<u8>);

/// One HTTP exchange over a fresh connection, or `None` when the server closed the
/// connection without answering.
fn exchange(prepared: Prepared) -> Option<Answered> {
    let (method, url, headers, body) = prepared.into_parts();
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = format!(
        "{} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n",
        method.as_str(),
        body.len()
    );
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    if reader.read_line(&mut status).unwrap_or(0) == 0 {
        return None;
    }
    let status = status.split_whitespace().nth(1)?.parse().ok()?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut body = Vec::new();
    reader.read_to_end(&mut body).ok()?;
    Some((status, headers, body))
}

fn read<T: copper_lead::api::Answer>(
    request: &copper_lead::api::Request<T>,
    answer: &Answered,
) -> T {
    let mut response = Response::new(answer.0, &answer.2);
    for (name, value) in &answer.1 {
        response = response.header(name, value);
    }
    request.read(&response).unwrap()
}

fn copper(base: &str) -> Copper {
    Copper::new(Credentials::api_key("token", "johndoe@copper.com").unwrap())
        .with_base_url(base)
        .unwrap()
}

/// Kills the child when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and reads its first line: `listening on <base URL>`.
fn start(args: &[&str]) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copper-sim"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("copper-sim starts within 30 s");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .expect("the first line")
        .to_owned();
    (Running(child), base)
}

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

#[test]
fn the_binary_serves_copper_and_its_own_state() {
    let statuses = repo("tests/fixtures/docs_lead_statuses_response.json");
    let leads = repo("tests/fixtures/hull_2019-12_search_leads_response.json");
    let (_sim, base) = start(&[
        "--listen",
        "127.0.0.1:0",
        "--token",
        "token",
        "--email",
        "johndoe@copper.com",
        "--leads",
        leads.to_str().unwrap(),
        "--statuses",
        statuses.to_str().unwrap(),
    ]);
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/developer_api/v1"),
        "{base}"
    );

    // Copper's operations, as the crate sends them.
    let copper = copper(&base);
    let request = leads::search(&leads::LeadSearch::new());
    let page = read(&request, &exchange(copper.prepare(&request)).unwrap());
    assert_eq!(page.leads().len(), 2);
    assert_eq!(page.total(), Some(2));

    // Wrong credentials: 401.
    let stranger = Copper::new(Credentials::api_key("other", "johndoe@copper.com").unwrap())
        .with_base_url(&base)
        .unwrap();
    let (status, _, _) = exchange(stranger.prepare(&request)).unwrap();
    assert_eq!(status, 401);

    // The whole state, outside Copper's paths.
    let url = base.replace("/developer_api/v1", "/_sim/state");
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
    let state: Value = serde_json::from_str(body).unwrap();
    assert_eq!(state["leads"].as_object().unwrap().len(), 2);
    assert_eq!(state["requests"]["total"], 2);
}

#[test]
fn notifications_are_delivered_with_the_secret_at_the_top_level() {
    let receiver = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = receiver.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in receiver.incoming().take(2) {
            let mut stream = stream.unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                .unwrap();
            tx.send(body).unwrap();
        }
    });

    let server = Server::bind("127.0.0.1:0", Sim::new(Config::default())).unwrap();
    let (base, sim) = server.spawn();
    let copper = copper(&base);
    let secret = std::collections::BTreeMap::from([("key".to_owned(), "s3cr3t-value".to_owned())]);
    for event in [WebhookEvent::New, WebhookEvent::Update] {
        let subscription = Subscription::default()
            .target(format!("http://127.0.0.1:{port}/copper"))
            .kind(WebhookType::Lead)
            .event(event)
            .secret(secret.clone());
        let request = webhook::subscribe(&subscription).unwrap();
        read(&request, &exchange(copper.prepare(&request)).unwrap());
    }
    let lead: Lead = serde_json::from_str(r#"{"name": "Ada Lovelace"}"#).unwrap();
    let request = leads::create(&lead);
    let created = read(&request, &exchange(copper.prepare(&request)).unwrap());
    let mut moved = created.clone();
    moved.status = copper_lead::Field::Value("Open".into());
    let request = leads::update(&created, &leads::LeadUpdate::diff(&created, &moved)).unwrap();
    read(&request, &exchange(copper.prepare(&request)).unwrap());

    let mut notifications = Vec::new();
    for _ in 0..2 {
        let body = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("a delivery within 10 s");
        notifications.push(copper_lead::from_slice::<Notification>(&body).unwrap());
    }
    notifications.sort_by_key(|n| n.event.value().map(|e| e.as_str().to_owned()));
    let [new, update] = notifications.as_slice() else {
        panic!()
    };
    assert!(new.has_secret(&secret) && update.has_secret(&secret));
    assert_eq!(new.lead_ids(), [*created.id.value().unwrap()]);
    let change = update
        .status_change(copper_lead::Timestamp::from_unix(0).unwrap())
        .unwrap();
    assert_eq!(
        (
            change.from.map(|s| s.as_str().to_owned()),
            change.to.as_str()
        ),
        (Some("New".to_owned()), "Open")
    );
    assert!(update.sent_at().unwrap().is_some());

    // The simulator recorded both deliveries and their outcome.
    let started = Instant::now();
    loop {
        let state = sim.lock().unwrap().state();
        let answered = state
            .deliveries
            .iter()
            .filter(|d| d.outcome == DeliveryOutcome::Answered { status: 200 })
            .count();
        if answered == 2 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            state.deliveries
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_lost_answer_is_a_closed_connection_after_the_request_applied() {
    let server = Server::bind(
        "127.0.0.1:0",
        Sim::new(Config::default().rate_limit(0).faults(1.0, 11)),
    )
    .unwrap();
    let (base, sim) = server.spawn();
    let copper = copper(&base);
    let mut lost = None;
    for n in 0..64 {
        let lead: Lead = serde_json::from_value(json!({"name": format!("Lead {n}")})).unwrap();
        let before = sim.lock().unwrap().state().leads.len();
        if exchange(copper.prepare(&leads::create(&lead))).is_none() {
            lost = Some((before, n));
            break;
        }
    }
    let (before, n) = lost.expect("a lost answer among 64 faulted requests");
    let state = sim.lock().unwrap().state();
    assert_eq!(
        state.leads.len(),
        before + 1,
        "the lost request was applied"
    );
    assert!(
        state
            .leads
            .values()
            .any(|l| l["name"] == format!("Lead {n}"))
    );
    assert!(state.requests.lost >= 1);
}

/// The `sync` example, built from the crate's package.
fn sync_example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .to_path_buf();
    let profile = match dir.file_name().and_then(|name| name.to_str()) {
        Some("debug") | None => "dev",
        Some(other) => other,
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--profile",
            profile,
            "-p",
            "copper-lead",
            "--example",
            "sync",
        ])
        .current_dir(repo(""))
        .status()
        .unwrap();
    assert!(status.success(), "cargo build --example sync");
    dir.join("examples")
        .join(format!("sync{}", std::env::consts::EXE_SUFFIX))
}

/// The crate's `sync` example pages through 1,000 leads in the simulator while half of
/// the requests fail, are lost or are slow (seed 7: two 500s, two lost answers, two slow
/// ones): it reads every lead exactly once, and reports the
/// findings the library gives for the same leads.
#[test]
fn the_sync_example_reads_every_lead_once_through_faults() {
    let data = repo("examples/data/leads.ndjson");
    let (_sim, base) = start(&[
        "--leads",
        data.to_str().unwrap(),
        "--fault-rate",
        "0.5",
        "--seed",
        "7",
        "--rate-limit",
        "0",
    ]);
    let child = Command::new(sync_example())
        .env("COPPER_TOKEN", "test-token")
        .env("COPPER_EMAIL", "sync@example.com")
        .env("COPPER_BASE_URL", &base)
        .env("SYNC_DEADLINE_SECONDS", "60")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Its output is read as it comes (a full pipe would stop it), within a bound.
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let Ok(output) = rx.recv_timeout(Duration::from_secs(120)) else {
        let _ = Command::new("kill").arg(pid.to_string()).status();
        panic!("sync did not finish in 120 s");
    };
    let output = output.unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, findings) = lines.split_last().unwrap();
    assert_eq!(summary["leads"], 1000, "{summary}");
    assert_eq!(summary["repeated"], 0);
    assert!(
        summary["retries"].as_u64().unwrap() > 0,
        "faults made it retry: {summary}"
    );

    // The same findings as the library gives for the same leads with the account's statuses.
    let statuses: Vec<LeadStatusDefinition> =
        serde_json::from_str(include_str!("../../account/lead_statuses.json")).unwrap();
    let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap();
    let validator = Validator::new().with_statuses(&catalog);
    let mut expected: Vec<Value> = std::fs::read_to_string(&data)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let lead: Lead = serde_json::from_str(line).unwrap();
            let report = lead.check(&validator);
            (!report.findings().is_empty())
                .then(|| json!({"id": lead.id, "findings": report.findings()}))
        })
        .collect();
    let mut found = findings.to_vec();
    let by_id = |v: &Value| v["id"].as_u64();
    expected.sort_by_key(by_id);
    found.sort_by_key(by_id);
    assert!(!expected.is_empty());
    assert_eq!(found, expected);

    // Independently of the library's rules: a lead whose email is "x at y", and one whose
    // website is a script, are reported at those values.
    let leads: Vec<Value> = std::fs::read_to_string(&data)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reported = |lead: &Value, code: &str, path: &str| {
        found.iter().any(|line| {
            line["id"] == lead["id"]
                && line["findings"]
                    .as_array()
                    .is_some_and(|all| all.iter().any(|f| f["code"] == code && f["path"] == path))
        })
    };
    let bad_email = leads
        .iter()
        .find(|l| {
            l["email"]["email"]
                .as_str()
                .is_some_and(|e| e.contains(" at "))
        })
        .unwrap();
    assert!(reported(bad_email, "invalid_email", "/email/email"));
    let script = leads
        .iter()
        .find(|l| {
            l["websites"][0]["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("javascript:"))
        })
        .unwrap();
    assert!(reported(
        script,
        "unsupported_url_scheme",
        "/websites/0/url"
    ));
}
