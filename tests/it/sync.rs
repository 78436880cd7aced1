//! The `sync` example against hostile servers, over a real socket on 127.0.0.1: a redirect
//! to another host, a lying total, the same page again and again, escape sequences in a
//! message, silence. It either reads every lead exactly once or exits non-zero saying what
//! was wrong, within its deadline. (Against a Copper that behaves, faults included, the
//! example runs on the `copper-sim` binary: `copper-sim/tests/sim/server.rs`.)

use crate::support::example_binary;
use crate::support::fixture::fixture_bytes;
use crate::support::sample;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many leads the account holds: a full page of 200 and a short one.
const LEADS: u64 = 250;

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    body: Value,
}

/// Reads one HTTP/1.1 request from the connection.
fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let path = parts.nth(1)?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    Some(Seen { path, body })
}

/// What a server does with a request.
enum Reply {
    Answer(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// Keep the connection open and say nothing.
    Silence,
}

/// Serves `reply`'s answers until the test ends, recording every request.
fn serve_with(
    listener: &TcpListener,
    seen: &Mutex<Vec<Seen>>,
    reply: impl Fn(&Seen, usize) -> Reply,
) {
    let mut silent = Vec::new();
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let Some(request) = read_request(&stream) else {
            continue;
        };
        let searches = seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path.ends_with("/leads/search"))
            .count();
        let answer = reply(&request, searches);
        seen.lock().unwrap().push(request);
        let (status, headers, body) = match answer {
            Reply::Answer(status, headers, body) => (status, headers, body),
            Reply::Silence => {
                silent.push(stream);
                continue;
            }
        };
        let mut head = format!(
            "HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in headers {
            head += &[name, ": ", &value, "\r\n"].concat();
        }
        head.push_str("\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
    }
}

/// A local server, on a thread, and what it has seen.
fn server(reply: impl Fn(&Seen, usize) -> Reply + Send + 'static) -> (u16, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = Arc::clone(&seen);
    std::thread::spawn(move || serve_with(&listener, &recorder, reply));
    (port, seen)
}

/// Runs the example against the server on `port`, killed after `limit`: its status, stdout,
/// stderr and how long it took.
fn run_sync(port: u16, deadline: u64, limit: Duration) -> (Option<i32>, String, String, Duration) {
    let mut child = Command::new(example_binary::example("sync"))
        .env("COPPER_TOKEN", "test-token")
        .env("COPPER_EMAIL", "sync@example.com")
        .env(
            "COPPER_BASE_URL",
            format!("http://127.0.0.1:{port}/developer_api/v1"),
        )
        .env("SYNC_DEADLINE_SECONDS", deadline.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the sync example did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = started.elapsed();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        took,
    )
}

/// The statuses, then `pages` for the searches.
fn account(
    search: impl Fn(&Seen, usize) -> Reply + Send + 'static,
) -> impl Fn(&Seen, usize) -> Reply + Send + 'static {
    move |request, searches| match request.path.as_str() {
        "/developer_api/v1/lead_statuses" => Reply::Answer(
            200,
            vec![],
            fixture_bytes("docs_lead_statuses_response.json"),
        ),
        "/developer_api/v1/leads/search" => search(request, searches),
        _ => Reply::Answer(404, vec![], br#"{"error": "not_found"}"#.to_vec()),
    }
}

fn page(request: &Seen, count: u64) -> Vec<u8> {
    let size = request.body["page_size"].as_u64().unwrap_or(20);
    let page = request.body["page_number"].as_u64().unwrap_or(1);
    let first = (page - 1) * size;
    let leads: Vec<Value> = (first..(first + size).min(count))
        .map(sample::data_set_lead)
        .collect();
    serde_json::to_vec(&leads).unwrap()
}

#[test]
fn sync_against_hostile_servers_reads_every_lead_once_or_says_what_was_wrong() {
    // A redirect to another host: nothing reaches it, and the example says where it pointed.
    let (elsewhere, reached) = server(|_, _| Reply::Answer(200, vec![], b"[]".to_vec()));
    let (port, _) = server(account(move |_, _| {
        Reply::Answer(
            302,
            vec![("Location", format!("http://127.0.0.1:{elsewhere}/steal"))],
            Vec::new(),
        )
    }));
    let (status, _, stderr, _) = run_sync(port, 10, Duration::from_secs(60));
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "a redirect to \"http://127.0.0.1:{elsewhere}/steal\""
        )),
        "{stderr}"
    );
    assert!(
        reached.lock().unwrap().is_empty(),
        "the credentials went to another host"
    );

    // A total of 5 for 250 leads: every lead is read anyway.
    let (port, _) = server(account(|request, _| {
        Reply::Answer(
            200,
            vec![("X-PW-TOTAL", "5".to_owned())],
            page(request, LEADS),
        )
    }));
    let (status, stdout, stderr, _) = run_sync(port, 10, Duration::from_secs(60));
    assert_eq!(status, Some(0), "{stderr}");
    let summary: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["leads"], LEADS);

    // The same 200 leads on every page: an error, not "100,000 leads".
    let (port, seen) = server(account(|_, _| {
        let leads: Vec<Value> = (0..200).map(sample::data_set_lead).collect();
        Reply::Answer(200, vec![], serde_json::to_vec(&leads).unwrap())
    }));
    let (status, stdout, stderr, _) = run_sync(port, 10, Duration::from_secs(60));
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        stderr.contains("holds only leads already delivered"),
        "{stderr}"
    );
    assert!(
        !stdout.contains("\"leads\""),
        "no success summary: {stdout}"
    );
    assert_eq!(seen.lock().unwrap().len(), 3, "statuses, page 1, page 2");

    // A message with escape sequences and a megabyte of text reaches the terminal escaped
    // and short.
    let (port, _) = server(account(|_, _| {
        let message = format!(
            "\u{1b}]0;pwned\u{7}\u{1b}[2Jall leads synced OK{}",
            "x".repeat(40_000)
        );
        let body =
            serde_json::to_vec(&json!({"success": false, "status": 422, "message": message}))
                .unwrap();
        Reply::Answer(422, vec![], body)
    }));
    let (status, _, stderr, _) = run_sync(port, 10, Duration::from_secs(60));
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && stderr.len() < 1_000,
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}]0;pwned"), "{stderr}");

    // A server that never answers: the example gives up at its deadline, saying so.
    let (port, _) = server(account(|_, _| Reply::Silence));
    let (status, _, stderr, took) = run_sync(port, 3, Duration::from_secs(60));
    assert_eq!(status, Some(1), "{stderr}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(
        stderr.contains("deadline") || stderr.contains("timed out") || stderr.contains("imeout"),
        "{stderr}"
    );
}

#[test]
fn sync_without_credentials_says_what_it_needs() {
    let output = Command::new(example_binary::example("sync"))
        .env_remove("COPPER_TOKEN")
        .env_remove("COPPER_EMAIL")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("COPPER_TOKEN") && stderr.contains("COPPER_EMAIL"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
