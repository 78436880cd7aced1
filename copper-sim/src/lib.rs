//! A stateful simulator of Copper CRM's lead API: a Copper you can run, for this crate's
//! tests and for anyone's integration tests.
//!
//! The core is sans-IO, like `copper_lead` itself: a [`Sim`] holds an account's state, and
//! [`Sim::handle`] turns one request (method, path, headers, body) and the time into a
//! response. It has no threads and no clock, and its ids are deterministic, so a test runs
//! thousands of requests a millisecond and gets the same answers every time. The
//! `copper-sim` binary serves the same core over HTTP (`README.md`).
//!
//! Each behaviour follows Copper's documentation, a captured payload, or a note from a
//! live account; where none exists the README's evidence table says what is assumed and why.
//!
//! # Example
//!
//! ```
//! use copper_lead::api::{Copper, Credentials};
//! use copper_lead::{Lead, leads};
//! use copper_sim::{Config, Sim};
//!
//! let mut sim = Sim::new(Config::default());
//! let copper = Copper::new(Credentials::api_key("token", "johndoe@copper.com")?)
//!     .with_base_url(copper_sim::BASE_URL)?;
//! let lead: Lead = serde_json::from_str(r#"{"name": "Ada Lovelace"}"#)?;
//! let request = leads::create(&lead);
//! let reply = sim.handle(&copper.prepare(&request).into(), 1_700_000_000_000);
//! let created = request.read(&reply.response().expect("an answer"))?;
//! assert_eq!(created.status.value().map(|s| s.as_str()), Some("New"));
//! assert_eq!(created.first_name.as_deref(), Some("Ada"));
//! assert_eq!(sim.state().leads.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
// Requests are input: nothing here may panic on them. JSON is read by indexing
// `serde_json::Value` and `Record` by key, which gives `null` for a missing key or another
// type, never a panic, so `clippy::indexing_slicing` (which cannot tell) stays allowed.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod account;
mod activities;
mod convert;
mod faults;
mod leads;
mod limits;
mod records;
mod reply;
mod search;
mod store;
mod webhooks;

pub mod server;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

pub use account::Account;
pub use faults::Fault;
pub use reply::Reply;
pub use webhooks::{Delivery, DeliveryOutcome};

use faults::Faults;
use limits::Limiter;
use reply::Failure;
use store::Store;

/// The base URL of a simulator reached in-process: requests prepared with it are answered by
/// [`Sim::handle`], whose paths are the same as the server's.
pub const BASE_URL: &str = "http://copper-sim.invalid/developer_api/v1";

/// The path prefix of Copper's API, below which every operation lives.
const API_PREFIX: &str = "/developer_api/v1";

/// How the simulated account behaves: credentials, rate limits and faults.
///
/// ```
/// use copper_sim::Config;
///
/// let config = Config::default().credentials("token", "johndoe@copper.com").rate_limit(0).faults(0.1, 7);
/// assert_eq!(config.fault_rate(), 0.1);
/// assert!(!format!("{config:?}").contains("\"token\"")); // the token stays out of Debug
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Config {
    token: Option<String>,
    email: Option<String>,
    rate_limit: u32,
    bulk_rate_limit: u32,
    fault_rate: f64,
    seed: u64,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .field("email", &self.email)
            .field("rate_limit", &self.rate_limit)
            .field("bulk_rate_limit", &self.bulk_rate_limit)
            .field("fault_rate", &self.fault_rate)
            .field("seed", &self.seed)
            .finish()
    }
}

impl Default for Config {
    /// Any non-empty credentials, Copper's limits (180 requests a rolling minute, 3 a second
    /// on bulk endpoints), no faults.
    fn default() -> Self {
        Config {
            token: None,
            email: None,
            rate_limit: 180,
            bulk_rate_limit: 3,
            fault_rate: 0.0,
            seed: 0,
        }
    }
}

impl Config {
    /// Accepts only this token and user email (by default any non-empty ones).
    #[must_use]
    pub fn credentials(mut self, token: impl Into<String>, email: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self.email = Some(email.into());
        self
    }

    /// Requests a rolling minute before `429` (Copper: 180); 0 turns the limits off, the
    /// bulk one included.
    #[must_use]
    pub fn rate_limit(mut self, per_minute: u32) -> Self {
        self.rate_limit = per_minute;
        if per_minute == 0 {
            self.bulk_rate_limit = 0;
        }
        self
    }

    /// Bulk requests a second before `429` (Copper: 3); 0 turns it off.
    #[must_use]
    pub fn bulk_rate_limit(mut self, per_second: u32) -> Self {
        self.bulk_rate_limit = per_second;
        self
    }

    /// Injects a fault into this share of requests (0 to 1), chosen by a generator seeded
    /// with `seed`: the same seed and requests give the same faults.
    #[must_use]
    pub fn faults(mut self, rate: f64, seed: u64) -> Self {
        self.fault_rate = if rate.is_finite() {
            rate.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.seed = seed;
        self
    }

    /// The share of requests that get a fault.
    pub fn fault_rate(&self) -> f64 {
        self.fault_rate
    }
}

/// One request to the simulator: what an HTTP client sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// The path, with its query if any (`/developer_api/v1/leads/1`), or a full URL whose
    /// path is taken.
    pub target: String,
    /// The headers, names in any case.
    pub headers: Vec<(String, String)>,
    /// The body (empty for none).
    pub body: Vec<u8>,
}

impl Call {
    /// A call without headers or body.
    #[must_use]
    pub fn new(method: &str, target: &str) -> Self {
        Call {
            method: method.to_owned(),
            target: target.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// With a header.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// With a body.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// A header's value, by name ignoring case.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path below Copper's API prefix, without the query; `None` outside it.
    fn api_path(&self) -> Option<&str> {
        let path = path_of(&self.target);
        path.strip_prefix(API_PREFIX)
    }
}

/// The path of a target: a full URL's path, or the target itself, without the query.
fn path_of(target: &str) -> &str {
    let path = match target.find("://") {
        Some(scheme) => {
            let rest = target.get(scheme + 3..).unwrap_or("");
            rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("/")
        }
        None => target,
    };
    path.split(['?', '#']).next().unwrap_or(path)
}

impl From<copper_lead::api::Prepared> for Call {
    fn from(prepared: copper_lead::api::Prepared) -> Self {
        let (method, url, headers, body) = prepared.into_parts();
        Call {
            method: method.as_str().to_owned(),
            target: url,
            headers: headers
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
            body,
        }
    }
}

/// What the simulated account holds, as `GET /_sim/state` returns it: every record,
/// converted leads included, every subscription and every webhook delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct State {
    /// The leads, by id, as Copper would answer for them (converted ones with their
    /// `converted_*` keys set).
    pub leads: BTreeMap<u64, Value>,
    /// The ids of converted leads.
    pub converted_leads: Vec<u64>,
    /// The people, by id.
    pub people: BTreeMap<u64, Value>,
    /// The companies, by id.
    pub companies: BTreeMap<u64, Value>,
    /// The opportunities, by id.
    pub opportunities: BTreeMap<u64, Value>,
    /// The activities, by id.
    pub activities: BTreeMap<u64, Value>,
    /// The webhook subscriptions, by id.
    pub subscriptions: BTreeMap<u64, Value>,
    /// Every notification made, with its delivery's outcome.
    pub deliveries: Vec<Delivery>,
    /// How many requests were answered, and how many got each fault.
    pub requests: RequestCounts,
}

/// Counts of requests, for a test to see what the simulator did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RequestCounts {
    /// Requests to Copper's paths.
    pub total: u64,
    /// Answered `429` by the rate limits.
    pub rate_limited: u64,
    /// Faults injected: answered `5xx` without applying.
    pub server_errors: u64,
    /// Faults injected: applied, then the response lost.
    pub lost: u64,
    /// Faults injected: `429` bursts.
    pub bursts: u64,
    /// Faults injected: slow answers.
    pub slow: u64,
}

/// A simulated Copper account: its lookups, its records, its subscriptions, and the rules
/// that answer requests about them.
#[derive(Debug)]
pub struct Sim {
    config: Config,
    account: Account,
    store: Store,
    limiter: Limiter,
    faults: Faults,
    counts: RequestCounts,
}

impl Sim {
    /// An account with Copper's documented example data (its statuses New, Open,
    /// Unqualified and Junk; two users; the pipelines, sources, contact types, loss reasons,
    /// custom field definitions and activity types of Copper's docs) and no records.
    #[must_use]
    pub fn new(config: Config) -> Self {
        Sim::with_account(config, Account::documented())
    }

    /// An account with these lookups and no records.
    #[must_use]
    pub fn with_account(config: Config, account: Account) -> Self {
        Sim {
            limiter: Limiter::new(config.rate_limit, config.bulk_rate_limit),
            faults: Faults::new(config.fault_rate, config.seed),
            config,
            account,
            store: Store::default(),
            counts: RequestCounts::default(),
        }
    }

    /// The account's lookups.
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// Adds leads as they are (from an export or a search answer), keeping their ids (a lead
    /// without one gets the next), at time `now_ms`. Nothing is notified.
    ///
    /// # Errors
    ///
    /// The first lead that is not a JSON object, with its index.
    pub fn load_leads(&mut self, leads: &[Value], now_ms: u64) -> Result<usize, String> {
        for (index, lead) in leads.iter().enumerate() {
            let Value::Object(fields) = lead else {
                return Err(format!("lead {index} is not a JSON object"));
            };
            leads::load(self, store::Record(fields.clone()), now_ms);
        }
        Ok(leads.len())
    }

    /// The whole state, as `GET /_sim/state` returns it.
    #[must_use]
    pub fn state(&self) -> State {
        self.store.state(self.counts)
    }

    /// Notifications made since the last call, for the caller to deliver (the server does
    /// so itself); record each outcome with [`Sim::record_delivery`].
    pub fn take_deliveries(&mut self) -> Vec<Delivery> {
        self.store.take_pending()
    }

    /// Records how a delivery went.
    pub fn record_delivery(&mut self, id: u64, outcome: DeliveryOutcome) {
        self.store.record_delivery(id, outcome);
    }

    /// Answers one request at time `now_ms` (milliseconds since the Unix epoch).
    ///
    /// Paths below `/developer_api/v1` are Copper's; `GET /_sim/state` returns [`Sim::state`]
    /// as JSON. A reply may carry a [`Fault`]: [`Fault::Lost`] means the request was applied
    /// and its response must not reach the client (the server closes the connection), and
    /// [`Reply::response`] is then `None`.
    pub fn handle(&mut self, call: &Call, now_ms: u64) -> Reply {
        if path_of(&call.target) == "/_sim/state" {
            return match call.method.as_str() {
                "GET" => Reply::json(200, &self.state()),
                _ => Failure::new(405, "the simulator's state is read with GET").reply(),
            };
        }
        let Some(path) = call.api_path().map(str::to_owned) else {
            return Failure::not_found().reply();
        };
        self.counts.total += 1;
        if let Err(failure) = self.authenticate(call) {
            return failure.reply();
        }
        let bulk = path.starts_with("/leads/bulk_");
        if let Err(wait) = self.limiter.admit(now_ms, bulk) {
            self.counts.rate_limited += 1;
            return Failure::rate_limited(wait).reply();
        }
        let fault = self.faults.draw();
        match fault {
            Some(Fault::ServerError) => {
                self.counts.server_errors += 1;
                return Failure::new(500, "Internal Server Error").reply();
            }
            Some(Fault::RateLimited) => {
                self.counts.bursts += 1;
                return Failure::rate_limited(1000).reply();
            }
            Some(Fault::Lost) => self.counts.lost += 1,
            Some(Fault::Slow(_)) => self.counts.slow += 1,
            None => {}
        }
        let user = self
            .account
            .user_id_for(call.header_value("X-PW-UserEmail"));
        let mut reply = match self.route(&call.method, &path, &call.body, now_ms, user) {
            Ok(reply) => reply,
            Err(failure) => failure.reply(),
        };
        reply.fault = fault;
        reply
    }

    /// Copper's three headers, or OAuth's bearer token with the application header.
    fn authenticate(&self, call: &Call) -> Result<(), Failure> {
        let application = call.header_value("X-PW-Application");
        let token = call.header_value("X-PW-AccessToken").or_else(|| {
            call.header_value("Authorization")
                .and_then(|v| v.strip_prefix("Bearer "))
        });
        let email = call.header_value("X-PW-UserEmail");
        let bearer = call.header_value("Authorization").is_some();
        let ok = application == Some("developer_api")
            && token.is_some_and(|t| !t.is_empty())
            && (bearer || email.is_some_and(|e| !e.is_empty()))
            && self
                .config
                .token
                .as_deref()
                .is_none_or(|t| token == Some(t))
            && (bearer
                || self
                    .config
                    .email
                    .as_deref()
                    .is_none_or(|e| email == Some(e)));
        if ok {
            Ok(())
        } else {
            Err(Failure::new(401, "Invalid credentials"))
        }
    }

    fn route(
        &mut self,
        method: &str,
        path: &str,
        body: &[u8],
        now_ms: u64,
        user: u64,
    ) -> Result<Reply, Failure> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let id = |i: usize| -> Result<u64, Failure> {
            segments
                .get(i)
                .and_then(|s| s.parse().ok())
                .ok_or_else(Failure::not_found)
        };
        let input = || reply::json_body(body);
        let ctx = Ctx { now_ms, user };
        match (method, segments.as_slice()) {
            ("GET", ["leads", _]) => leads::fetch(self, id(1)?),
            ("POST", ["leads"]) => leads::create(self, &input()?, ctx),
            ("PUT", ["leads", "upsert"]) => leads::upsert(self, &input()?, ctx),
            ("POST", ["leads", "search"]) => search::leads(self, &input()?, ctx),
            ("POST", ["leads", "bulk_create"]) => leads::bulk_create(self, &input()?, ctx),
            ("POST", ["leads", "bulk_update"]) => leads::bulk_update(self, &input()?, ctx),
            ("PUT", ["leads", _]) => leads::update(self, id(1)?, &input()?, ctx),
            ("DELETE", ["leads", _]) => leads::delete(self, id(1)?, ctx),
            ("POST", ["leads", _, "convert"]) => convert::lead(self, id(1)?, &input()?, ctx),
            ("POST", ["leads", _, "activities"]) => {
                activities::of_lead(self, id(1)?, &input_or_empty(body)?)
            }
            ("POST", ["activities"]) => activities::create(self, &input()?, ctx),
            ("GET", ["activity_types"]) => Ok(Reply::json(200, &self.account.activity_types)),
            ("POST", ["people", "fetch_by_email"]) => records::person_by_email(self, &input()?),
            ("POST", ["people", "search"]) => records::search_people(self, &input()?),
            ("POST", ["companies", "search"]) => records::search_companies(self, &input()?),
            ("POST", ["opportunities", "search"]) => records::search_opportunities(self, &input()?),
            ("GET", [kind @ ("people" | "companies" | "opportunities"), _]) => {
                records::fetch(self, records::Kind::of(kind)?, id(1)?)
            }
            ("PUT", [kind @ ("people" | "companies" | "opportunities"), _]) => {
                records::update(self, records::Kind::of(kind)?, id(1)?, &input()?, ctx)
            }
            ("DELETE", [kind @ ("people" | "companies" | "opportunities"), _]) => {
                records::delete(self, records::Kind::of(kind)?, id(1)?, ctx)
            }
            ("POST", ["webhooks"]) => webhooks::subscribe(self, &input()?, ctx),
            ("GET", ["webhooks"]) => Ok(webhooks::list(self)),
            ("GET", ["webhooks", _]) => webhooks::fetch(self, id(1)?),
            ("PUT", ["webhooks", _]) => webhooks::update(self, id(1)?, &input()?),
            ("DELETE", ["webhooks", _]) => webhooks::unsubscribe(self, id(1)?),
            ("POST", ["users", "search"]) => Ok(self.account.users_page(&input_or_empty(body)?)),
            ("GET", [lookup]) => self.account.lookup(lookup),
            ("GET", ["custom_field_definitions", _]) => {
                self.account.custom_field_definition(id(1)?)
            }
            ("GET", ["pipeline_stages", "pipeline", _]) => self.account.stages_of(id(2)?),
            _ => Err(Failure::not_found()),
        }
    }
}

/// A JSON body, or `{}` for an empty one (a search without filters).
fn input_or_empty(body: &[u8]) -> Result<Value, Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        Ok(Value::Object(serde_json::Map::new()))
    } else {
        reply::json_body(body)
    }
}

/// The time and the API user of a request, which records and notifications carry.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    now_ms: u64,
    user: u64,
}

impl Ctx {
    /// The time in Copper's whole seconds.
    fn now(self) -> u64 {
        self.now_ms / 1000
    }
}
