//! Talking to Copper: `ureq` sends what the crate prepares, paced to the rate limit, each
//! request within a deadline, retried only as the crate decides.

use std::time::{Duration, Instant};

use copper_lead::api::{Answer, ApiError, Copper, Method, Pacer, Request, Response, Retry};

/// What became of a request.
#[derive(Debug)]
pub(crate) enum Outcome<T> {
    /// Copper answered.
    Answered(T),
    /// Copper refused it: the same request would be refused again.
    Refused(ApiError),
    /// No answer that says what happened: the connection failed, a `5xx` came for a
    /// request that is not safe to resend, a `2xx` came that cannot be read, or the deadline
    /// passed. It may have applied.
    Unknown(String),
}

/// The most of an answer read.
const MAX_BODY: u64 = 32 << 20;

/// A blocking client of Copper's API.
#[derive(Debug)]
pub(crate) struct Client {
    copper: Copper,
    agent: ureq::Agent,
    pacer: Pacer,
    deadline: Duration,
}

impl Client {
    pub(crate) fn new(copper: Copper, per_minute: usize, deadline: Duration) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Copper's API does not redirect; following one would send the token elsewhere.
            .max_redirects(0)
            .build();
        Client {
            copper,
            agent: config.new_agent(),
            pacer: Pacer::new(per_minute.max(1), Duration::from_secs(60)),
            deadline,
        }
    }

    /// Sends a request and reads its answer with the request's own reader.
    pub(crate) fn send<T: Answer>(&mut self, request: &Request<T>) -> Outcome<T> {
        self.exchange(request, |response| request.read(response))
    }

    /// Sends a request and reads the answer with `read`, again while the crate says to.
    pub(crate) fn exchange<T, R>(
        &mut self,
        request: &Request<T>,
        mut read: impl FnMut(&Response<'_>) -> Result<R, ApiError>,
    ) -> Outcome<R> {
        // The first wait for the rate limit is a queue, not a failure: the deadline starts
        // when the request's turn comes. (A reservation given up would still hold its place
        // in the pacer's window, and a daemon that gave them up would halve its own rate.)
        let go = self.pacer.reserve(Instant::now());
        std::thread::sleep(go.saturating_duration_since(Instant::now()));
        let mut retry = Retry::within(Instant::now(), self.deadline);
        let mut first = true;
        loop {
            if !first {
                let go = self.pacer.reserve(Instant::now());
                std::thread::sleep(go.saturating_duration_since(Instant::now()));
            }
            first = false;
            let received = match self.transmit(request, retry.time_left(Instant::now())) {
                Ok(received) => received,
                Err(err) => match retry.after_failure(request.is_idempotent(), Instant::now()) {
                    Ok(at) => {
                        std::thread::sleep(at.saturating_duration_since(Instant::now()));
                        continue;
                    }
                    Err(why) => return Outcome::Unknown(format!("{err} ({why})")),
                },
            };
            match read(&Response::from_http(&received)) {
                Ok(answer) => return Outcome::Answered(answer),
                Err(err) => match retry.after_error(&err, Instant::now()) {
                    Ok(at) => self.pacer.pause_until(at),
                    // A 5xx the crate will not retry (the request is not safe to resend): it
                    // may have been applied before the failure. So may a request Copper
                    // accepted whose answer cannot be read (a cut or garbled 2xx body).
                    Err(_) if err.status() >= 500 || (200..300).contains(&err.status()) => {
                        return Outcome::Unknown(err.to_string());
                    }
                    Err(_) => return Outcome::Refused(err),
                },
            }
        }
    }

    /// One HTTP exchange, within `time_left`. The request is the crate's own conversion to
    /// `http` (secret headers marked sensitive); a GET or DELETE goes without a body.
    fn transmit<T>(
        &self,
        request: &Request<T>,
        time_left: Duration,
    ) -> Result<ureq::http::Response<Vec<u8>>, ureq::Error> {
        let (parts, body) =
            ureq::http::Request::<Vec<u8>>::try_from(self.copper.prepare(request))?.into_parts();
        let without_body = matches!(request.method(), Method::Get | Method::Delete);
        let mut response = if without_body {
            let request = ureq::http::Request::from_parts(parts, ());
            let request = self.agent.configure_request(request);
            self.agent
                .run(request.timeout_global(Some(time_left)).build())?
        } else {
            let request = ureq::http::Request::from_parts(parts, body);
            let request = self.agent.configure_request(request);
            self.agent
                .run(request.timeout_global(Some(time_left)).build())?
        };
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()?;
        Ok(response.map(|_| body))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use copper_lead::Lead;
    use copper_lead::api::Credentials;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A server on 127.0.0.1 that answers every request with `answer`, whatever was asked.
    pub(crate) fn serve(answer: &'static [u8]) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let address = listener.local_addr().expect("an address");
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let _ = stream.write_all(answer);
            }
        });
        format!("http://{address}")
    }

    /// A request that is not safe to resend (a convert, a create), accepted but answered
    /// with a garbled body: it may have applied, so it is not a refusal (a refused convert
    /// is journaled as such, and the lead never looked at again).
    #[test]
    fn an_unreadable_answer_to_a_request_not_safe_to_resend_is_unknown_not_refused() {
        let base =
            serve(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\n<html>oops");
        let copper = Copper::new(Credentials::api_key("t", "me@example.com").expect("valid"))
            .with_base_url(&base)
            .expect("a loopback base URL");
        let mut client = Client::new(copper, 600, Duration::from_secs(5));
        let request = copper_lead::leads::create(&Lead::default());
        assert!(!request.is_idempotent());
        match client.send(&request) {
            Outcome::Unknown(_) => {}
            other => panic!("expected Unknown, got {other:?}"),
        }
    }
}
