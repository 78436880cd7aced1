//! The real payloads in `tests/fixtures/`, read by name, and a request's body as JSON.

use serde_json::Value;

/// A fixture's bytes.
pub(crate) fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture's text.
pub(crate) fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture_bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A fixture as JSON.
pub(crate) fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture_bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A request's body as JSON.
pub(crate) fn body_json<T>(request: &copper_lead::api::Request<T>) -> Value {
    serde_json::from_slice(request.body().expect("a body")).expect("a JSON body")
}
