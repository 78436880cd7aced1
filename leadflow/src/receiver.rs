//! The webhook receiver: Copper's notifications, checked against the secret, queue their
//! leads in the journal. A notification is a hint that a lead changed, never the record: the
//! lead is fetched when its turn comes.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

use copper_lead::webhook::Notification;
use serde_json::json;

use crate::journal::Journal;
use crate::log;

/// The largest notification read (30 ids and a few changed keys are a few kilobytes).
const MAX_BODY: usize = 1 << 20;

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
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let status = receive(&stream, &mut journal, &secret);
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
    let mut reader = BufReader::new(stream);
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
