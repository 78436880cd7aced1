//! A client of an in-process simulator: the crate prepares each request, the simulator
//! answers it, the crate reads the answer; the clock moves a second a request.

use copper_lead::api::{Answer, ApiError, Copper, Credentials, Request};
use copper_sim::{Call, Config, Reply, Sim};
use serde_json::Value;

/// The simulator with a Qualified status added to Copper's documented ones, so that leads
/// qualify by status.
pub(crate) fn statuses() -> Value {
    serde_json::json!([
        {"id": 208231, "name": "New", "order": 1, "is_default": true},
        {"id": 208232, "name": "Open", "order": 2, "is_default": false},
        {"id": 208235, "name": "Qualified", "order": 3, "is_default": false},
        {"id": 208233, "name": "Unqualified", "order": 4, "is_default": false},
        {"id": 208234, "name": "Junk", "order": 5, "is_default": false}
    ])
}

pub(crate) struct Client {
    pub(crate) sim: Sim,
    pub(crate) copper: Copper,
    pub(crate) now_ms: u64,
}

impl Client {
    pub(crate) fn new(config: Config) -> Client {
        let account = copper_sim::Account::documented()
            .statuses(statuses())
            .unwrap();
        Client {
            sim: Sim::with_account(config.rate_limit(0), account),
            copper: Copper::new(Credentials::api_key("token", "johndoe@copper.com").unwrap())
                .with_base_url(copper_sim::BASE_URL)
                .unwrap(),
            now_ms: 1_700_000_000_000,
        }
    }

    /// Sends a request; the clock moves a second first.
    pub(crate) fn exchange<T>(&mut self, request: &Request<T>) -> Reply {
        self.now_ms += 1000;
        let call: Call = self.copper.prepare(request).into();
        self.sim.handle(&call, self.now_ms)
    }

    /// Sends a request and reads the answer (a test without faults: every answer arrives).
    pub(crate) fn send<T: Answer>(&mut self, request: &Request<T>) -> Result<T, ApiError> {
        let reply = self.exchange(request);
        request.read(&reply.response().expect("an answer (no faults)"))
    }

    pub(crate) fn now(&self) -> copper_lead::Timestamp {
        copper_lead::Timestamp::from_unix(i64::try_from(self.now_ms / 1000).unwrap()).unwrap()
    }

    /// A lead as the simulator holds it.
    pub(crate) fn lead_state(&self, id: u64) -> Value {
        self.sim
            .state()
            .leads
            .get(&id)
            .cloned()
            .unwrap_or(Value::Null)
    }
}
