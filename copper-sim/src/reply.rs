//! Replies, and Copper's error answers.

use serde::Serialize;
use serde_json::{Value, json};

use crate::faults::Fault;

/// The simulator's answer to one request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The headers (`Content-Type`, `X-PW-TOTAL` on searches, `Retry-After` on `429`).
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Vec<u8>,
    /// The fault injected into this request, if any.
    pub fault: Option<Fault>,
}

impl Reply {
    /// A JSON answer.
    pub(crate) fn json(status: u16, value: &impl Serialize) -> Reply {
        // Values built by the simulator are JSON: they always serialize.
        let body = serde_json::to_vec(value).unwrap_or_default();
        Reply {
            status,
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body,
            fault: None,
        }
    }

    /// With a header.
    pub(crate) fn header(mut self, name: &str, value: String) -> Reply {
        self.headers.push((name.to_owned(), value));
        self
    }

    /// The reply as the crate reads it, or `None` when the fault says the client never gets
    /// it ([`Fault::Lost`]).
    pub fn response(&self) -> Option<copper_lead::api::Response<'_>> {
        if self.fault == Some(Fault::Lost) {
            return None;
        }
        let mut response = copper_lead::api::Response::new(self.status, &self.body);
        for (name, value) in &self.headers {
            response = response.header(name, value);
        }
        Some(response)
    }

    /// The body as JSON (`null` when it is not JSON).
    pub fn json_body(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// A header's value, by name ignoring case.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An error answer in Copper's shape: `{"success": false, "status": 422, "message": "..."}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    status: u16,
    body: Value,
    retry_after_ms: Option<u64>,
}

impl Failure {
    pub(crate) fn new(status: u16, message: &str) -> Failure {
        Failure {
            status,
            body: json!({"success": false, "status": status, "message": message}),
            retry_after_ms: None,
        }
    }

    /// `422 Invalid input: ...`, as Copper words refused input.
    pub(crate) fn invalid(what: &str) -> Failure {
        Failure::new(422, &format!("Invalid input: {what}"))
    }

    pub(crate) fn not_found() -> Failure {
        Failure::new(404, "Resource not found")
    }

    pub(crate) fn rate_limited(wait_ms: u64) -> Failure {
        Failure {
            retry_after_ms: Some(wait_ms),
            ..Failure::new(429, "Rate limit exceeded")
        }
    }

    /// Copper's message.
    pub(crate) fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or_default()
    }

    /// With more keys in the body (an ambiguous upsert's ids).
    pub(crate) fn with(mut self, key: &str, value: Value) -> Failure {
        if let Value::Object(map) = &mut self.body {
            map.insert(key.to_owned(), value);
        }
        self
    }

    pub(crate) fn reply(self) -> Reply {
        let reply = Reply::json(self.status, &self.body);
        match self.retry_after_ms {
            // Whole seconds, rounded up, as a header carries them.
            Some(ms) => reply.header("Retry-After", ms.div_ceil(1000).max(1).to_string()),
            None => reply,
        }
    }
}

/// A request body that must be a JSON object.
pub(crate) fn json_body(body: &[u8]) -> Result<Value, Failure> {
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(Failure::invalid("the body must be a JSON object")),
        Err(err) => Err(Failure::new(400, &format!("Malformed JSON: {err}"))),
    }
}
