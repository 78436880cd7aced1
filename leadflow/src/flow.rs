//! The flow: subscribe, sweep, and for each changed lead fetch, validate, tag for review or
//! convert, exactly once, with its follow-ups.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use copper_lead::api::{Copper, Request};
use copper_lead::convert::{
    ConvertOptions, ConvertResponse, OpportunityOptions, PublicMailboxes, Recovery,
};
use copper_lead::custom_field::CustomFieldCatalog;
use copper_lead::leads::{self, LeadSearch, LeadUpdate, Pager, SortBy, SortDirection};
use copper_lead::lifecycle::{QualifiedLead, Stage, StageMap, StatusCatalog};
use copper_lead::validate::Validator;
use copper_lead::webhook::{self, Subscription, WebhookEvent, WebhookType};
use copper_lead::{Field, Lead, LeadId, PipelineId, Timestamp, duplicates, lookup};
use serde_json::{Value, json};

use crate::client::{Client, Outcome};
use crate::journal::Journal;
use crate::{log, receiver};

/// A pause between a journal write and the request it announces, when
/// `LEADFLOW_STEP_DELAY_MS` asks for one: the proof widens the moments a kill can land in
/// (after an intent, before its request; after an outcome, before its follow-ups), which are
/// otherwise a few microseconds wide. Off unless set.
fn widen_window() {
    let delay = std::env::var("LEADFLOW_STEP_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis);
    std::thread::sleep(delay);
}

/// The version of a lead: its `date_modified`.
fn version_of(lead: &Lead) -> Option<i64> {
    lead.date_modified.value().map(|t| t.unix())
}

/// The tag an invalid lead gets, once.
pub(crate) const REVIEW_TAG: &str = "leadflow: review";

/// What came of tagging a lead for review.
enum Reviewed {
    /// Tagged (or it was already), with the version of the lead that carries the tag when
    /// the tag made one.
    Done(Option<i64>),
    /// Copper did not answer: the lead stays queued.
    NoAnswer,
}

/// How `leadflow run` was asked to run.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) journal: PathBuf,
    pub(crate) listen: String,
    pub(crate) public_url: String,
    pub(crate) pipeline: PipelineId,
    pub(crate) qualified: Vec<String>,
    pub(crate) until_idle: Option<Duration>,
    pub(crate) sweep_every: Duration,
    pub(crate) rate_limit: usize,
    pub(crate) deadline: Duration,
}

/// Why the run stopped.
pub(crate) type Failure = String;

struct Flow {
    settings: Settings,
    client: Client,
    journal: Journal,
    statuses: StatusCatalog,
    fields: CustomFieldCatalog,
}

/// Sends until Copper answers, or says no: a lookup at start may meet a fault.
fn essential<T: copper_lead::api::Answer>(
    client: &mut Client,
    request: &Request<T>,
) -> Result<T, Failure> {
    // A lookup is safe to resend: a busy or failing Copper is waited out (each attempt has
    // its own retries and deadline), an error that would repeat ends the run.
    for _ in 0..10 {
        match client.send(request) {
            Outcome::Answered(answer) => return Ok(answer),
            Outcome::Refused(err) if err.retry().is_some() => {
                log::step(
                    "retry",
                    None,
                    &json!({"path": request.path(), "why": err.to_string()}),
                );
            }
            Outcome::Refused(err) => return Err(format!("{}: {err}", request.path())),
            Outcome::Unknown(why) => {
                log::step("retry", None, &json!({"path": request.path(), "why": why}));
            }
        }
    }
    Err(format!("{}: no answer after ten tries", request.path()))
}

/// A random secret: bytes from the operating system, as hex.
fn new_secret() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        // No /dev/urandom: the time and the process id, which a forger cannot see either.
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
            ^ u128::from(std::process::id());
        bytes = seed.to_le_bytes();
    }
    bytes.iter().fold(String::new(), |mut hex, b| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// Runs until killed, or until idle for `until_idle`.
pub(crate) fn run(settings: Settings, copper: Copper) -> Result<(), Failure> {
    let journal = Journal::open(&settings.journal)
        .map_err(|e| format!("{}: {e}", settings.journal.display()))?;
    let mut client = Client::new(copper, settings.rate_limit, settings.deadline);
    let definitions = essential(&mut client, &lookup::lead_statuses())?;
    let mut stages = StageMap::new();
    for name in &settings.qualified {
        stages = stages.name(name.clone(), Stage::Qualified);
    }
    let statuses = StatusCatalog::from_definitions(&definitions, &stages)
        .map_err(|e| format!("the account's statuses: {e}"))?;
    for name in &settings.qualified {
        if statuses.find(name).is_none() {
            return Err(format!(
                "--qualified {name:?} is not a status of the account"
            ));
        }
    }
    let fields =
        CustomFieldCatalog::new(essential(&mut client, &lookup::custom_field_definitions())?);
    let mut flow = Flow {
        settings,
        client,
        journal,
        statuses,
        fields,
    };

    let secret = flow.secret()?;
    let listener = TcpListener::bind(&flow.settings.listen)
        .map_err(|e| format!("--listen {}: {e}", flow.settings.listen))?;
    receiver::spawn(listener, flow.settings.journal.clone(), secret.clone());
    flow.subscribe(&secret);
    log::step(
        "started",
        None,
        &json!({"listen": flow.settings.listen, "target": flow.settings.public_url}),
    );

    // Conversions a previous run left unfinished come first.
    for lead in flow.journal.unfinished().map_err(|e| e.to_string())? {
        flow.resume(lead);
    }
    let mut last_sweep: Option<Instant> = None;
    let mut idle_since = Instant::now();
    loop {
        if last_sweep.is_none_or(|at| at.elapsed() >= flow.settings.sweep_every) {
            flow.sweep();
            last_sweep = Some(Instant::now());
        }
        let pending = flow.journal.pending(50).map_err(|e| e.to_string())?;
        let unfinished = flow.journal.unfinished().map_err(|e| e.to_string())?;
        if pending.is_empty() && unfinished.is_empty() {
            if flow
                .settings
                .until_idle
                .is_some_and(|idle| idle_since.elapsed() >= idle)
            {
                log::step("idle", None, &json!({}));
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
            continue;
        }
        idle_since = Instant::now();
        for lead in unfinished {
            flow.resume(lead);
        }
        for lead in pending {
            flow.process(lead);
        }
    }
}

impl Flow {
    fn note(&self, lead: Option<u64>, step: &str, detail: &Value) {
        log::step(step, lead, detail);
        let _ = self.journal.event(lead, step, detail);
    }

    /// The webhook secret: the journal's, or a new one kept there.
    fn secret(&self) -> Result<BTreeMap<String, String>, Failure> {
        let value = if let Some(secret) = self.journal.meta("secret").map_err(|e| e.to_string())? {
            secret
        } else {
            let secret = new_secret();
            self.journal
                .set_meta("secret", &secret)
                .map_err(|e| e.to_string())?;
            secret
        };
        Ok(BTreeMap::from([("leadflow_secret".to_owned(), value)]))
    }

    /// One subscription per event (new, update) to this target: the ones Copper has are
    /// found again, never made twice; one with another secret is updated.
    fn subscribe(&mut self, secret: &BTreeMap<String, String>) {
        for event in [WebhookEvent::New, WebhookEvent::Update] {
            let existing = match self.client.send(&webhook::subscriptions()) {
                Outcome::Answered(all) => all,
                other => {
                    self.note(
                        None,
                        "subscribe_error",
                        &json!({"why": format!("{other:?}")}),
                    );
                    continue;
                }
            };
            let target = self.settings.public_url.as_str();
            let ours = existing.iter().find(|s| {
                s.target.as_deref() == Some(target)
                    && s.kind.value() == Some(&WebhookType::Lead)
                    && s.event.value() == Some(&event)
            });
            match ours {
                Some(found) if found.secret.value() == Some(secret) => {}
                Some(found) => {
                    if let (Some(id), Ok(request)) = (
                        found.id.value(),
                        found.id.value().map_or(Err(()), |id| {
                            webhook::update_subscription(
                                *id,
                                &Subscription::default().secret(secret.clone()),
                            )
                            .map_err(|_| ())
                        }),
                    ) {
                        let outcome = self.client.send(&request);
                        self.note(
                            None,
                            "subscription_updated",
                            &json!({"id": id, "answered": matches!(outcome, Outcome::Answered(_))}),
                        );
                    }
                }
                None => {
                    let subscription = Subscription::default()
                        .target(target)
                        .kind(WebhookType::Lead)
                        .event(event.clone())
                        .secret(secret.clone());
                    match webhook::subscribe(&subscription) {
                        Ok(request) => {
                            // A lost answer here is found on the next start, by the listing.
                            let outcome = self.client.send(&request);
                            self.note(None, "subscribed", &json!({"event": event, "answered": matches!(outcome, Outcome::Answered(_))}));
                        }
                        Err(err) => {
                            self.note(None, "subscribe_error", &json!({"why": err.to_string()}));
                        }
                    }
                }
            }
        }
    }

    /// The reconciliation sweep: every lead modified since the watermark is queued, oldest
    /// first. Keyed by `date_modified` rather than by page number: a page is asked for from
    /// the last time seen, so a lead modified during the sweep moves later and is still
    /// reached, and one left behind cannot be skipped. The watermark moves with the leads
    /// queued, in one transaction.
    fn sweep(&mut self) {
        let mut mark = self
            .journal
            .meta("watermark")
            .ok()
            .flatten()
            .and_then(|w| w.parse::<i64>().ok())
            .unwrap_or(0);
        let mut page_number = 1;
        let mut queued = 0;
        loop {
            let Ok(search) = LeadSearch::new()
                .page_size(200)
                .and_then(|s| s.page_number(page_number))
                .map(|s| {
                    s.minimum_modified_date(Timestamp::from_unix(mark).unwrap_or(Timestamp::MIN))
                        .sort(SortBy::DateModified, SortDirection::Asc)
                })
            else {
                return;
            };
            let mut pager = Pager::new(search);
            let Some(request) = pager.next_request() else {
                // Past the search's cap within one second of changes: say so, and go on
                // from here next time.
                self.note(
                    None,
                    "sweep_capped",
                    &json!({"watermark": mark, "page": page_number}),
                );
                return;
            };
            let leads = match self
                .client
                .exchange(&request, |response| pager.read(response))
            {
                Outcome::Answered(leads) => leads,
                other => {
                    self.note(None, "sweep_error", &json!({"why": format!("{other:?}")}));
                    return;
                }
            };
            // A version already looked at is not queued again (the window's first second is
            // read again on every sweep).
            let ids: Vec<u64> = leads
                .iter()
                .filter_map(|l| Some((l.id.value()?.get(), l.date_modified.value()?.unix())))
                .filter(|(id, modified)| !self.journal.was_seen(*id, *modified).unwrap_or(false))
                .map(|(id, _)| id)
                .collect();
            let modified: Vec<i64> = leads
                .iter()
                .filter_map(|l| l.date_modified.value())
                .map(|t| t.unix())
                .collect();
            // The watermark may only move past leads that were all seen: a page out of the
            // order asked for would move it past leads still on later pages. Queue what came,
            // keep the watermark, and say so.
            if modified.windows(2).any(|pair| pair.first() > pair.get(1)) {
                if self.journal.queue(&ids, "sweep", Some(mark)).is_ok() {
                    queued += ids.len();
                }
                self.note(
                    None,
                    "sweep_unsorted",
                    &json!({"watermark": mark, "queued": queued}),
                );
                return;
            }
            let last = modified.last().copied();
            let full = leads.len() == 200;
            // The next window starts at the last time seen; within one second of more than a
            // page, the next page of the same window.
            let next = match last {
                Some(last) if last > mark => {
                    page_number = 1;
                    last
                }
                _ => {
                    page_number += 1;
                    mark
                }
            };
            if self.journal.queue(&ids, "sweep", Some(next)).is_err() {
                return;
            }
            queued += ids.len();
            mark = next;
            if !full {
                break;
            }
        }
        self.note(None, "swept", &json!({"queued": queued, "watermark": mark}));
    }

    /// Looks at one queued lead.
    fn process(&mut self, id: u64) {
        if let Ok(Some(conversion)) = self.journal.conversion(id) {
            if matches!(conversion.state.as_str(), "intent" | "converted") {
                self.resume(id);
            }
            let _ = self.journal.done_with(id);
            return;
        }
        let lead = match self.client.send(&leads::fetch(LeadId::new(id))) {
            Outcome::Answered(lead) => lead,
            Outcome::Refused(err) if err.status() == 404 => {
                self.note(Some(id), "gone", &json!({}));
                let _ = self.journal.done_with(id);
                return;
            }
            // Refused for good (a 403, say): asking again each turn would only repeat it.
            // Set aside; the sweep brings it back once per sweep while it stays unseen.
            Outcome::Refused(err) if err.retry().is_none() => {
                self.note(Some(id), "set_aside", &json!({"why": err.to_string()}));
                let _ = self.journal.done_with(id);
                return;
            }
            other => {
                // Left queued: the next turn tries again.
                self.note(
                    Some(id),
                    "fetch_error",
                    &json!({"why": format!("{other:?}")}),
                );
                return;
            }
        };
        let version = lead.date_modified.value().map(|t| t.unix());
        let validator = Validator::new()
            .with_statuses(&self.statuses)
            .with_custom_fields(&self.fields);
        let report = lead.check(&validator);
        if report.errors().next().is_some() {
            let findings = serde_json::to_value(report.findings()).unwrap_or(Value::Null);
            if let Reviewed::Done(tagged) = self.review(&lead, &findings) {
                let _ = self.journal.looked_at(id, tagged.or(version));
            }
            return;
        }
        if lead.stage_with(&self.statuses) == Some(Stage::Qualified) {
            self.convert(&lead);
        }
        let _ = self.journal.looked_at(id, version);
    }

    /// Tags an invalid lead for review, once, and journals its findings.
    fn review(&mut self, lead: &Lead, findings: &Value) -> Reviewed {
        let id = lead.id.value().map_or(0, |id| id.get());
        let tags = lead.tags.value().cloned().unwrap_or_default();
        let mut version = None;
        if !tags.iter().any(|t| t == REVIEW_TAG) {
            let mut tagged = lead.clone();
            let mut with_tag = tags.clone();
            with_tag.push(REVIEW_TAG.to_owned());
            tagged.tags = Field::Value(with_tag);
            let Ok(request) = leads::update(lead, &LeadUpdate::diff(lead, &tagged)) else {
                return Reviewed::Done(None);
            };
            match self.client.send(&request) {
                // The tag changed the lead: that version needs no second look.
                Outcome::Answered(answer) => version = version_of(&answer),
                Outcome::Refused(err) if err.status() == 404 => return Reviewed::Done(None),
                // The tag refused for good (a 422, say): the findings are journaled all the
                // same, and this version is not looked at again.
                Outcome::Refused(err) if err.retry().is_none() => {
                    self.note(
                        Some(id),
                        "review_untagged",
                        &json!({"why": err.to_string()}),
                    );
                }
                other => {
                    self.note(
                        Some(id),
                        "review_error",
                        &json!({"why": format!("{other:?}")}),
                    );
                    return Reviewed::NoAnswer;
                }
            }
        }
        let _ = self.journal.review(id, findings);
        self.note(Some(id), "review", &json!({"findings": findings}));
        Reviewed::Done(version)
    }

    fn options(&self, at: Timestamp) -> ConvertOptions<'_> {
        ConvertOptions::new(at)
            .custom_fields(&self.fields)
            .opportunity(OpportunityOptions::new(self.settings.pipeline))
    }

    /// Converts a qualified lead: the intent is journaled before the request is sent.
    fn convert(&mut self, lead: &Lead) {
        let id = lead.id.value().map_or(0, |id| id.get());
        let validator = Validator::new()
            .with_statuses(&self.statuses)
            .with_custom_fields(&self.fields);
        let snapshot = serde_json::to_string(&lead).unwrap_or_default();
        let Ok(qualified) = QualifiedLead::new(lead.clone(), &validator) else {
            let _ = self.journal.done_with(id);
            return;
        };
        // What Copper already has: the person it will reuse, the companies with the domain.
        let found = duplicates::lookups(lead, &PublicMailboxes::default());
        let mut known = json!({});
        if let Some(request) = &found.person
            && let Outcome::Answered(Some(person)) = self.client.send(request)
        {
            known["person"] = json!(person.id);
        }
        if let Some(request) = &found.companies
            && let Outcome::Answered(companies) = self.client.send(request)
        {
            known["companies"] = json!(companies.iter().map(|c| c.id).collect::<Vec<_>>());
        }
        let at = Timestamp::from_system_time_floor(std::time::SystemTime::now())
            .unwrap_or(Timestamp::MIN);
        let Ok(conversion) = qualified.convert(&self.options(at)) else {
            let _ = self.journal.done_with(id);
            return;
        };
        match self.journal.intend(
            id,
            &conversion.idempotency_key(),
            &snapshot,
            at.unix(),
            &known,
        ) {
            Ok(true) => {}
            // Journaled already: never a second conversion.
            Ok(false) => {
                let _ = self.journal.done_with(id);
                return;
            }
            Err(err) => {
                self.note(Some(id), "journal_error", &json!({"why": err.to_string()}));
                return;
            }
        }
        self.note(
            Some(id),
            "intent",
            &json!({"key": conversion.idempotency_key(), "known": known}),
        );
        widen_window();
        self.send_convert(id, &conversion);
        let _ = self.journal.done_with(id);
    }

    /// Sends the convert request of an intent and journals what came of it.
    fn send_convert(&mut self, id: u64, conversion: &copper_lead::convert::Conversion) {
        match self.client.send(&leads::convert(conversion.request())) {
            Outcome::Answered(response) => {
                let response = serde_json::to_value(&response).unwrap_or(Value::Null);
                let _ = self.journal.converted(id, &response);
                self.note(Some(id), "converted", &json!({"person": response["person"]["id"], "opportunity": response["opportunity"]["id"]}));
                widen_window();
                self.follow_up(id);
            }
            Outcome::Refused(err) if err.status() == 404 => {
                let _ = self.journal.finish(id, "gone", Some(&err.to_string()));
                self.note(Some(id), "gone", &json!({"why": err.to_string()}));
            }
            // Refused for now (rate limited past the request's retries): nothing was
            // converted, and the intent stays for the next turn, through recovery.
            Outcome::Refused(err) if err.retry().is_some() => {
                self.note(
                    Some(id),
                    "convert_deferred",
                    &json!({"why": err.to_string()}),
                );
            }
            Outcome::Refused(err) => {
                let _ = self.journal.finish(id, "refused", Some(&err.to_string()));
                self.note(Some(id), "convert_error", &json!({"why": err.to_string()}));
            }
            // It may have happened: recovery decides, never a blind second request.
            Outcome::Unknown(why) => {
                self.note(Some(id), "convert_unknown", &json!({"why": why}));
                self.recover(id);
            }
        }
    }

    /// The conversion of a journaled intent, rebuilt from its snapshot and time: the same
    /// lead and options give the same request and key.
    fn rebuild(
        &self,
        row: &crate::journal::Conversion,
    ) -> Option<copper_lead::convert::Conversion> {
        let lead: Lead = serde_json::from_str(&row.snapshot).ok()?;
        let validator = Validator::new()
            .with_statuses(&self.statuses)
            .with_custom_fields(&self.fields);
        let at = Timestamp::from_unix(row.intent_at).ok()?;
        let conversion = QualifiedLead::new(lead, &validator)
            .ok()?
            .convert(&self.options(at))
            .ok()?;
        (conversion.idempotency_key() == row.key).then_some(conversion)
    }

    /// Carries an unfinished conversion on: an intent goes through recovery, an outcome
    /// through its follow-ups.
    fn resume(&mut self, id: u64) {
        match self.journal.conversion(id) {
            Ok(Some(row)) if row.state == "intent" => self.recover(id),
            Ok(Some(row)) if row.state == "converted" => {
                self.note(Some(id), "resumed_follow_ups", &json!({}));
                self.follow_up(id);
            }
            _ => {}
        }
    }

    /// What happened to an intent whose answer never came: Copper's own record decides.
    fn recover(&mut self, id: u64) {
        let Ok(Some(row)) = self.journal.conversion(id) else {
            return;
        };
        let Some(conversion) = self.rebuild(&row) else {
            let _ = self
                .journal
                .finish(id, "unclear", Some("the intent cannot be rebuilt"));
            return;
        };
        match self.client.send(&conversion.recovery()) {
            Outcome::Answered(Recovery::NotConverted { .. }) => {
                self.note(Some(id), "recovered_not_converted", &json!({}));
                self.send_convert(id, &conversion);
            }
            Outcome::Answered(Recovery::Converted {
                person,
                opportunity,
                ..
            }) => {
                let response = self.records(person, opportunity);
                let _ = self.journal.converted(id, &response);
                self.note(
                    Some(id),
                    "recovered_converted",
                    &json!({"person": person, "opportunity": opportunity}),
                );
                self.follow_up(id);
            }
            Outcome::Answered(Recovery::NotFound) => {
                let _ = self.journal.finish(
                    id,
                    "gone",
                    Some("no lead with that id after the convert request"),
                );
                self.note(Some(id), "recovered_gone", &json!({}));
            }
            // The lead is there but its `converted_*` keys say nothing: the person with its
            // email says whether this lead was converted into them (the crate's advice). A
            // second convert request for a lead Copper did convert finds no lead (404), so
            // the worst a wrong "not converted" does is end the row `gone`.
            Outcome::Answered(Recovery::Unclear { lead }) => {
                let person = lead
                    .email
                    .value()
                    .and_then(|e| e.email.as_deref())
                    .map(lookup::person_by_email)
                    .map(|request| self.client.send(&request));
                match person {
                    Some(Outcome::Answered(Some(person)))
                        if person
                            .leads_converted_from
                            .items()
                            .iter()
                            .any(|from| from.lead_id.value().map(|l| l.get()) == Some(id)) =>
                    {
                        let response = self.records(person.id.value().copied(), None);
                        let _ = self.journal.converted(id, &response);
                        self.note(
                            Some(id),
                            "recovered_converted",
                            &json!({"person": person.id, "by": "email"}),
                        );
                        self.follow_up(id);
                    }
                    Some(Outcome::Answered(_)) | None => {
                        self.note(Some(id), "recovered_not_converted", &json!({"by": "email"}));
                        self.send_convert(id, &conversion);
                    }
                    Some(other) => self.note(
                        Some(id),
                        "recovery_error",
                        &json!({"why": format!("{other:?}")}),
                    ),
                }
            }
            Outcome::Answered(other) => {
                let _ = self
                    .journal
                    .finish(id, "unclear", Some(&format!("{other:?}")));
                self.note(Some(id), "recovery_error", &json!({"why": "unclear"}));
            }
            other => self.note(
                Some(id),
                "recovery_error",
                &json!({"why": format!("{other:?}")}),
            ),
        }
    }

    /// The records a recovered conversion made, read from Copper, as a convert answer.
    fn records(
        &mut self,
        person: Option<copper_lead::PersonId>,
        opportunity: Option<copper_lead::OpportunityId>,
    ) -> Value {
        let mut response = json!({});
        let mut get = |path: String| -> Option<Value> {
            let request = Request::custom(copper_lead::api::Method::Get, &path, None).ok()?;
            match self.client.send(&request) {
                Outcome::Answered(value) => Some(value),
                _ => None,
            }
        };
        if let Some(person) = person.and_then(|p| get(format!("/people/{p}"))) {
            if let Some(company) = person["company_id"]
                .as_u64()
                .and_then(|c| get(format!("/companies/{c}")))
            {
                response["company"] = company;
            }
            response["person"] = person;
        }
        if let Some(opportunity) = opportunity.and_then(|o| get(format!("/opportunities/{o}"))) {
            response["opportunity"] = opportunity;
        }
        response
    }

    /// Sends the follow-ups of a converted lead (updates, safe to resend), then marks it done.
    fn follow_up(&mut self, id: u64) {
        let Ok(Some(row)) = self.journal.conversion(id) else {
            return;
        };
        let Some(conversion) = self.rebuild(&row) else {
            let _ = self.journal.finish(
                id,
                "done",
                Some("follow-ups skipped: the intent cannot be rebuilt"),
            );
            return;
        };
        let Some(response) = row
            .response
            .as_deref()
            .and_then(|r| copper_lead::from_str::<ConvertResponse>(r).ok())
        else {
            let _ = self.journal.finish(
                id,
                "done",
                Some("follow-ups skipped: no answer to build them on"),
            );
            return;
        };
        let follow_ups = conversion.follow_ups(&response, Some(&self.fields));
        let mut all_sent = true;
        if let Some(request) = follow_ups.person() {
            all_sent &= matches!(self.client.send(request), Outcome::Answered(_));
        }
        if let Some(request) = follow_ups.company() {
            all_sent &= matches!(self.client.send(request), Outcome::Answered(_));
        }
        if let Some(request) = follow_ups.opportunity() {
            all_sent &= matches!(self.client.send(request), Outcome::Answered(_));
        }
        if all_sent {
            let _ = self.journal.finish(id, "done", None);
            self.note(Some(id), "done", &json!({}));
        } else {
            // Left `converted`: the next turn sends them again.
            self.note(Some(id), "follow_up_error", &json!({}));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use copper_lead::api::Credentials;

    /// A flow over a journal of its own, talking to `base`.
    fn flow_against(base: &str, name: &str) -> (Flow, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!("leadflow-{name}-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let copper = Copper::new(Credentials::api_key("t", "me@example.com").expect("valid"))
            .with_base_url(base)
            .expect("a loopback base URL");
        let settings = Settings {
            journal: path.clone(),
            listen: "127.0.0.1:0".into(),
            public_url: "http://127.0.0.1:1/".into(),
            pipeline: PipelineId::new(1),
            qualified: Vec::new(),
            until_idle: None,
            sweep_every: Duration::from_secs(60),
            rate_limit: 600,
            deadline: Duration::from_secs(5),
        };
        let flow = Flow {
            client: Client::new(copper, settings.rate_limit, settings.deadline),
            journal: Journal::open(&path).expect("a journal"),
            settings,
            statuses: StatusCatalog::default(),
            fields: CustomFieldCatalog::new(Vec::new()),
        };
        (flow, path)
    }

    /// A search answered out of the order asked for (newest first): the leads are queued,
    /// and the watermark does not move past leads that later pages would have brought.
    #[test]
    fn a_sweep_page_out_of_order_keeps_the_watermark() {
        let base = crate::client::tests::serve(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n\
              [{\"id\": 2, \"name\": \"B\", \"date_modified\": 200},\
               {\"id\": 1, \"name\": \"A\", \"date_modified\": 100}]",
        );
        let (mut flow, path) = flow_against(&base, "sweep");
        flow.sweep();
        let mut pending = flow.journal.pending(10).expect("pending");
        pending.sort_unstable();
        assert_eq!(pending, [1, 2]);
        assert_eq!(
            flow.journal.meta("watermark").expect("meta").as_deref(),
            Some("0")
        );
        let _ = std::fs::remove_file(&path);
    }

    /// A lead Copper refuses for good (403) is set aside, not fetched again every turn.
    #[test]
    fn a_lead_refused_for_good_is_set_aside() {
        let base = crate::client::tests::serve(
            b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n\
              {\"success\": false, \"status\": 403, \"message\": \"forbidden\"}",
        );
        let (mut flow, path) = flow_against(&base, "refused");
        flow.journal.queue(&[7], "test", None).expect("queued");
        flow.process(7);
        assert_eq!(
            flow.journal.pending(10).expect("pending"),
            Vec::<u64>::new()
        );
        let _ = std::fs::remove_file(&path);
    }
}
