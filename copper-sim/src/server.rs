//! The simulator over HTTP: a thin shell around [`Sim::handle`] on `std::net`, with a thread
//! per connection, and webhook deliveries posted to their targets.
//!
//! It speaks the part of HTTP/1.1 that API clients use: a request line, headers, a body of
//! `Content-Length` bytes, keep-alive. Written on `std` rather than with a server crate
//! because faults need control a server crate hides: a lost response is a connection closed
//! after the request was applied, without a byte of answer.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::faults::Fault;
use crate::webhooks::{Delivery, DeliveryOutcome};
use crate::{Call, Sim};

/// The largest request head (request line and headers) read.
const MAX_HEAD: usize = 64 * 1024;
/// The largest request body read.
const MAX_BODY: usize = 32 * 1024 * 1024;
/// How long a connection may stay idle before it is closed.
const IDLE: Duration = Duration::from_secs(30);
/// How long a webhook delivery may take.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);

/// A simulator listening on a socket.
///
/// ```no_run
/// use copper_sim::{Config, Sim, server::Server};
///
/// let server = Server::bind("127.0.0.1:0", Sim::new(Config::default()))?;
/// println!("listening on {}", server.base_url());
/// server.serve()?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    sim: Arc<Mutex<Sim>>,
    base_url: String,
}

/// The time now, in milliseconds since the Unix epoch.
fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Server {
    /// Binds `addr` (`127.0.0.1:0` picks a free port).
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub fn bind(addr: impl ToSocketAddrs, sim: Sim) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        let local = listener.local_addr()?;
        Ok(Server {
            listener,
            sim: Arc::new(Mutex::new(sim)),
            base_url: format!("http://{local}{}", crate::API_PREFIX),
        })
    }

    /// The base URL clients use: `http://127.0.0.1:PORT/developer_api/v1`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The simulator, shared with the connections (a test reads its state through it).
    pub fn sim(&self) -> Arc<Mutex<Sim>> {
        Arc::clone(&self.sim)
    }

    /// Serves until the process ends.
    ///
    /// # Errors
    ///
    /// When accepting connections fails for good.
    pub fn serve(self) -> io::Result<()> {
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            let sim = Arc::clone(&self.sim);
            thread::spawn(move || connection(&stream, &sim));
        }
        Ok(())
    }

    /// Serves on a background thread, for a test in the same process.
    pub fn spawn(self) -> (String, Arc<Mutex<Sim>>) {
        let (url, sim) = (self.base_url.clone(), self.sim());
        thread::spawn(move || self.serve());
        (url, sim)
    }
}

/// One request as read from a connection.
struct Incoming {
    call: Call,
    close: bool,
}

/// Reads one request; `None` when the client closed the connection or sent something that
/// is not HTTP (the connection is then closed).
fn read_request(reader: &mut BufReader<&TcpStream>) -> Option<Incoming> {
    let mut line = String::new();
    let mut head = 0;
    head += reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let mut call = Call::new(method, target);
    let mut close = version == "HTTP/1.0";
    loop {
        let mut header = String::new();
        let read = reader.read_line(&mut header).ok()?;
        head += read;
        if read == 0 || head > MAX_HEAD {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        call.headers
            .push((name.trim().to_owned(), value.trim().to_owned()));
    }
    if call
        .header_value("Connection")
        .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    {
        close = true;
    }
    if call.header_value("Transfer-Encoding").is_some() {
        // API clients send a length for JSON bodies; a chunked body is not read.
        return None;
    }
    let length: usize = match call.header_value("Content-Length") {
        Some(v) => v.parse().ok()?,
        None => 0,
    };
    if length > MAX_BODY {
        return None;
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    call.body = body;
    Some(Incoming { call, close })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

fn connection(stream: &TcpStream, sim: &Arc<Mutex<Sim>>) {
    // Errors on a connection end it; the client sees the connection close.
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream);
    while let Some(Incoming { call, close }) = read_request(&mut reader) {
        let (reply, deliveries) = {
            let mut sim = sim.lock().unwrap_or_else(PoisonError::into_inner);
            let reply = sim.handle(&call, now_ms());
            (reply, sim.take_deliveries())
        };
        if !deliveries.is_empty() {
            deliver_later(deliveries, Arc::clone(sim));
        }
        match reply.fault {
            Some(Fault::Lost) => {
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
            Some(Fault::Slow(delay)) => thread::sleep(delay),
            _ => {}
        }
        let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
        for (name, value) in &reply.headers {
            let _ = write!(out, "{name}: {value}\r\n");
        }
        let _ = write!(out, "Content-Length: {}\r\n", reply.body.len());
        out.push_str(if close {
            "Connection: close\r\n\r\n"
        } else {
            "\r\n"
        });
        // One write: a head and a body sent apart would wait for the client's delayed ACK.
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&reply.body);
        let mut writer = stream;
        if writer.write_all(&bytes).is_err() {
            return;
        }
        if close {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// Posts deliveries on a thread of their own, so the answer is not held back, and records
/// each outcome. Copper sends each notification once and does not retry.
fn deliver_later(deliveries: Vec<Delivery>, sim: Arc<Mutex<Sim>>) {
    thread::spawn(move || {
        for delivery in deliveries {
            let outcome = deliver(&delivery);
            sim.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .record_delivery(delivery.id, outcome);
        }
    });
}

/// Posts one notification to its target: `http://` only (the simulator has no TLS).
fn deliver(delivery: &Delivery) -> DeliveryOutcome {
    let Some(rest) = delivery.target.strip_prefix("http://") else {
        return DeliveryOutcome::Failed {
            error: "the simulator delivers over http only".to_owned(),
        };
    };
    let (host, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("/")),
        None => (rest, "/"),
    };
    let host_port = if host.contains(':') && !host.ends_with(']') {
        host.to_owned()
    } else {
        format!("{host}:80")
    };
    let attempt = || -> io::Result<u16> {
        let address = host_port
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| io::Error::other("no address"))?;
        let mut stream = TcpStream::connect_timeout(&address, DELIVERY_TIMEOUT)?;
        stream.set_read_timeout(Some(DELIVERY_TIMEOUT))?;
        stream.set_write_timeout(Some(DELIVERY_TIMEOUT))?;
        let body = serde_json::to_vec(&delivery.body).unwrap_or_default();
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (name, value) in &delivery.headers {
            let _ = write!(head, "{name}: {value}\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(&body)?;
        let mut status = String::new();
        BufReader::new(&stream).read_line(&mut status)?;
        status
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other("no status line"))
    };
    match attempt() {
        Ok(status) => DeliveryOutcome::Answered { status },
        Err(err) => DeliveryOutcome::Failed {
            error: err.to_string(),
        },
    }
}
