//! The webhook receiver: Copper's notifications, checked against the secret, queue their
//! leads in the journal. A notification is a hint that a lead changed, never the record: the
//! lead is fetched when its turn comes.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use copper_lead::webhook::Notification;
use serde_json::json;

use crate::journal::Journal;
use crate::log;

/// The largest notification read (30 ids and a few changed keys are a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// The most of a request line and headers read.
const MAX_HEAD: u64 = 64 << 10;

/// How long one request may take, all of it: the receiver serves one at a time, so a client
/// that sends a byte now and then must not hold it (the sweep finds what a lost notification
/// would have said).
const REQUEST_TIME: Duration = Duration::from_secs(10);

/// A connection read against one deadline for the whole request, not per read.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Serves `listener` on a thread of its own, queueing the leads of every notification that
/// carries `secret`.
pub(crate) fn spawn(listener: TcpListener, journal: PathBuf, secret: BTreeMap<String, String>) {
    std::thread::spawn(move || {
        let mut journal = match Journal::open(&journal) {
            Ok(journal) => journal,
            Err(err) => {
                log::step("receiver_error", None, &json!({"error": err.to_string()}));
                return;
            }
        };
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let status = receive(&stream, &mut journal, &secret);
            if status == 400 {
                log::step("webhook_bad_request", None, &json!({}));
            }
            let reason = match status {
                200 => "OK",
                401 => "Unauthorized",
                _ => "Bad Request",
            };
            let _ = write!(
                &stream,
                "HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
}

/// Reads one request and queues its leads: the status to answer.
fn receive(stream: &TcpStream, journal: &mut Journal, secret: &BTreeMap<String, String>) -> u16 {
    let deadline = Deadline {
        stream,
        until: Instant::now() + REQUEST_TIME,
    };
    // At most the head and the largest body: an endless header line ends at the cap.
    let mut reader = BufReader::new(deadline.take(MAX_HEAD + MAX_BODY as u64));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || !line.starts_with("POST ") {
        return 400;
    }
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return 400;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(usize::MAX);
        }
    }
    if length > MAX_BODY {
        return 400;
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return 400;
    }
    let Ok(notification) = copper_lead::from_slice::<Notification>(&body) else {
        return 400;
    };
    if !notification.has_secret(secret) {
        log::step(
            "webhook_refused",
            None,
            &json!({"why": "the secret does not match"}),
        );
        return 401;
    }
    let leads: Vec<u64> = notification.lead_ids().iter().map(|id| id.get()).collect();
    match journal.queue(&leads, "webhook", None) {
        Ok(()) => {
            log::step(
                "webhook",
                None,
                &json!({"leads": leads, "event": notification.event}),
            );
            200
        }
        Err(_) => 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header that never ends is cut at the cap and answered 400; the next client is
    /// served.
    #[test]
    fn an_endless_header_is_refused_and_the_next_client_served() {
        let path =
            std::env::temp_dir().join(format!("leadflow-receiver-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let address = listener.local_addr().expect("an address");
        spawn(
            listener,
            path.clone(),
            BTreeMap::from([("key".to_owned(), "value".to_owned())]),
        );
        let answer = |request: &[u8]| {
            let mut stream = TcpStream::connect(address).expect("connects");
            // The server may answer and close before the whole request is written.
            let _ = stream.write_all(request);
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            answer
        };
        // A header line that never ends: the receiver stops reading at its cap and closes,
        // so writing fails long before 64 MiB (without the cap it would read them all).
        let mut stream = TcpStream::connect(address).expect("connects");
        stream
            .write_all(b"POST / HTTP/1.1\r\nX-Endless: ")
            .expect("writes");
        let chunk = vec![b'a'; 64 << 10];
        let mut written = 0usize;
        while written < 64 << 20 && stream.write_all(&chunk).is_ok() {
            written += chunk.len();
        }
        assert!(
            written < 64 << 20,
            "the receiver read {written} bytes of one header"
        );
        drop(stream);
        let body = r#"{"ids": [7], "type": "lead", "event": "update", "key": "value"}"#;
        let request = format!(
            "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        assert!(
            answer(request.as_bytes()).starts_with("HTTP/1.1 200"),
            "a notification"
        );
        let _ = std::fs::remove_file(&path);
    }
}
