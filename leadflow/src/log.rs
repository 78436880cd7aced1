//! One JSON line per step on stderr: `{"at_ms", "step", "lead", ...}`.

use serde_json::{Value, json};

/// Logs a step, with the lead it concerns and what else it says.
pub(crate) fn step(step: &str, lead: Option<u64>, detail: &Value) {
    let at_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut line = json!({"at_ms": at_ms, "step": step});
    if let Some(lead) = lead {
        line["lead"] = json!(lead);
    }
    if let (Value::Object(line), Value::Object(detail)) = (&mut line, detail) {
        for (key, value) in detail {
            line.insert(key.clone(), value.clone());
        }
    }
    eprintln!("{line}");
}
