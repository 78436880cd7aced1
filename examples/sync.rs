//! Pages through every lead of a Copper account over real HTTP, validates each against the
//! account's own statuses, and reports.
//!
//! ```text
//! COPPER_TOKEN=... COPPER_EMAIL=you@example.com cargo run --example sync
//! ```
//!
//! `COPPER_BASE_URL` points it elsewhere (a proxy, or the test's local server). The crate
//! builds every request and reads every answer; this file only sends bytes, with `ureq`, and
//! sleeps when the crate says so: before a request, to stay within Copper's rate limit
//! ([`Pacer`]), and after a `429` or a `5xx` on a request safe to resend, within each
//! request's deadline ([`Retry`]: two minutes, retries and waits included). It follows no
//! redirect (Copper's API has none, and the credentials must not go elsewhere) and reads at
//! most 32 MiB of an answer.
//!
//! `SYNC_DEADLINE_SECONDS` changes the deadline of each request (default 120).
//!
//! Output: one JSON line per lead with findings (`{"id", "findings"}`), then a summary line
//! (`{"leads", "pages", "valid", "with_errors", "with_warnings", "retries", "repeated",
//! "reached_cap"}`). Exit status 0 when every lead was read, 1 when Copper refuses or the
//! server misbehaves (a redirect, a page of repeats, a deadline passed: the message says
//! which), 2 without credentials.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use copper_lead::api::{
    Answer, ApiError, Copper, Credentials, Method, Pacer, Request, Response, Retry,
};
use copper_lead::leads::{LeadSearch, Pager, SortBy, SortDirection};
use copper_lead::lifecycle::{StageMap, StatusCatalog};
use copper_lead::lookup;
use copper_lead::validate::Validator;
use serde_json::json;

fn main() -> ExitCode {
    let (Ok(token), Ok(email)) = (std::env::var("COPPER_TOKEN"), std::env::var("COPPER_EMAIL"))
    else {
        eprintln!(
            "sync needs Copper credentials in the environment:\n  \
             COPPER_TOKEN     an API key (Copper: Settings > Integrations > API Keys)\n  \
             COPPER_EMAIL     the email of the user the key belongs to\n  \
             COPPER_BASE_URL  optional; default {}",
            Copper::BASE_URL
        );
        return ExitCode::from(2);
    };
    let credentials = match Credentials::api_key(token, email) {
        Ok(credentials) => credentials,
        Err(err) => {
            eprintln!("sync: COPPER_TOKEN or COPPER_EMAIL: {err}");
            return ExitCode::from(2);
        }
    };
    let mut copper = Copper::new(credentials);
    if let Ok(base) = std::env::var("COPPER_BASE_URL") {
        copper = match copper.with_base_url(&base) {
            Ok(copper) => copper,
            Err(err) => {
                eprintln!("sync: COPPER_BASE_URL: {err}");
                return ExitCode::from(2);
            }
        };
    }
    match sync(&Client::new(copper)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sync: {err}");
            ExitCode::FAILURE
        }
    }
}

fn sync(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    // The account's statuses: Copper's defaults are known stages; an account's own names need
    // a stage map. Without one the catalog is refused: say why, and check the leads against
    // Copper's documented statuses instead (an unknown status is then only a warning).
    let statuses = client.send(&lookup::lead_statuses())?;
    let catalog = match StatusCatalog::from_definitions(&statuses, &StageMap::new()) {
        Ok(catalog) => Some(catalog),
        Err(err) => {
            eprintln!("sync: the account's statuses are not used: {err}");
            None
        }
    };
    let validator = match &catalog {
        Some(catalog) => Validator::new().with_statuses(catalog),
        None => Validator::new(),
    };

    // Oldest first: a lead created during the sync lands on a later page, not an earlier one.
    let search = LeadSearch::new()
        .page_size(200)?
        .sort(SortBy::DateCreated, SortDirection::Asc);
    let mut pager = Pager::new(search);
    let (mut leads, mut page_count, mut valid, mut with_errors, mut with_warnings) =
        (0, 0, 0, 0, 0);
    while let Some(request) = pager.next_request() {
        let page = client.exchange(&request, |response| pager.read(response))?;
        page_count += 1;
        for lead in page {
            leads += 1;
            let report = lead.check(&validator);
            if report.findings().is_empty() {
                valid += 1;
                continue;
            }
            if report.errors().next().is_some() {
                with_errors += 1;
            } else {
                with_warnings += 1;
            }
            println!("{}", json!({"id": lead.id, "findings": report.findings()}));
        }
    }
    println!(
        "{}",
        json!({"leads": leads, "pages": page_count, "valid": valid, "with_errors": with_errors,
               "with_warnings": with_warnings, "retries": client.retries.get(),
               "repeated": pager.repeated(), "reached_cap": pager.reached_cap()})
    );
    Ok(())
}

/// What came back: the status, the headers and the body.
type Received = (u16, Vec<(String, String)>, Vec<u8>);

/// A blocking client: sends prepared requests with `ureq`, paced, retrying when told to.
struct Client {
    copper: Copper,
    agent: ureq::Agent,
    pacer: std::cell::RefCell<Pacer>,
    retries: std::cell::Cell<u32>,
    /// How long one request may take, retries and waits included.
    deadline: Duration,
}

/// The most of an answer read: a page of 200 leads is well under a megabyte.
const MAX_BODY: u64 = 32 << 20;

impl Client {
    fn new(copper: Copper) -> Self {
        let config = ureq::Agent::config_builder()
            // Copper's errors are answers to read, not transport failures.
            .http_status_as_error(false)
            // Copper's API does not redirect: a 3xx is returned as it is, and the crate reads
            // it as an error naming the target. Following one would send the credentials
            // (X-PW-AccessToken, X-PW-UserEmail) to another host.
            .max_redirects(0)
            .build();
        let deadline = std::env::var("SYNC_DEADLINE_SECONDS")
            .ok()
            .and_then(|seconds| seconds.parse().ok())
            .map_or(Retry::DEFAULT_BUDGET, Duration::from_secs);
        Client {
            copper,
            agent: config.new_agent(),
            pacer: std::cell::RefCell::new(Pacer::copper()),
            retries: std::cell::Cell::new(0),
            deadline,
        }
    }

    /// Sends a request and reads its answer.
    fn send<T: Answer>(&self, request: &Request<T>) -> Result<T, Box<dyn std::error::Error>> {
        self.exchange(request, |response| request.read(response))
    }

    /// Sends a request, and reads the response with `read` (the request's own reader, or a
    /// pager's); sends it again while the crate says to, within the request's deadline.
    fn exchange<T, R>(
        &self,
        request: &Request<T>,
        mut read: impl FnMut(&Response<'_>) -> Result<R, ApiError>,
    ) -> Result<R, Box<dyn std::error::Error>> {
        let mut retry = Retry::within(Instant::now(), self.deadline);
        loop {
            let go = self.pacer.borrow_mut().reserve(Instant::now());
            let wait = go.saturating_duration_since(Instant::now());
            if wait >= retry.time_left(Instant::now()) {
                return Err(format!(
                    "{}: the rate limit's wait ends past the request's deadline",
                    request.path()
                )
                .into());
            }
            std::thread::sleep(wait);
            let (status, headers, body) = match self
                .transmit(request, retry.time_left(Instant::now()))
            {
                Ok(parts) => parts,
                Err(err) => match retry.after_failure(request.is_idempotent(), Instant::now()) {
                    Ok(at) => {
                        eprintln!("sync: {} failed ({err}); again in 1 s", request.path());
                        self.retries.set(self.retries.get() + 1);
                        std::thread::sleep(at.saturating_duration_since(Instant::now()));
                        continue;
                    }
                    Err(why) => return Err(format!("{}: {err} ({why})", request.path()).into()),
                },
            };
            let mut response = Response::new(status, &body);
            for (name, value) in &headers {
                response = response.header(name, value);
            }
            match read(&response) {
                Ok(answer) => return Ok(answer),
                Err(err) => match retry.after_error(&err, Instant::now()) {
                    Ok(at) => {
                        let wait = at.saturating_duration_since(Instant::now());
                        eprintln!("sync: {err}; again in {} s", wait.as_secs());
                        self.retries.set(self.retries.get() + 1);
                        self.pacer.borrow_mut().pause_until(at);
                    }
                    Err(why) => {
                        return Err(format!("{}: {err} ({why})", request.path()).into());
                    }
                },
            }
        }
    }

    /// One HTTP exchange, within `time_left`: the status, the headers and the body.
    fn transmit<T>(
        &self,
        request: &Request<T>,
        time_left: Duration,
    ) -> Result<Received, ureq::Error> {
        let (method, url, headers, body) = self.copper.prepare(request).into_parts();
        let mut builder = ureq::http::Request::builder()
            .method(method.as_str())
            .uri(url);
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        let mut response = match method {
            Method::Get | Method::Delete => {
                let request = self
                    .agent
                    .configure_request(builder.body(())?)
                    .timeout_global(Some(time_left))
                    .build();
                self.agent.run(request)?
            }
            _ => {
                let request = self
                    .agent
                    .configure_request(builder.body(body)?)
                    .timeout_global(Some(time_left))
                    .build();
                self.agent.run(request)?
            }
        };
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()?;
        Ok((response.status().as_u16(), headers, body))
    }
}
