//! Random sequences of the crate's operations against the simulator with faults on (answers
//! of 500, answers lost after the request was applied, bursts of 429, slow answers), and the
//! invariants that must hold whatever the sequence:
//!
//! - a request built from a lead the crate called valid is never refused;
//! - after an update, the lead the crate predicts (`apply_update`) is the lead Copper holds;
//! - a sync of the whole account yields every lead exactly once, or says it failed;
//! - a lead is converted at most once, however its answers were lost.

use std::collections::BTreeMap;

use copper_lead::api::{Answer, ApiError, Request};
use copper_lead::convert::{ConvertOptions, OpportunityOptions, Recovery};
use copper_lead::leads::{self, LeadSearch, LeadUpdate, Pager, UpsertMatch, Upserted};
use copper_lead::lifecycle::{QualifiedLead, StageMap, StatusCatalog};
use copper_lead::validate::Validator;
use copper_lead::{EmailCategory, Field, Lead};
use copper_sim::Config;
use proptest::prelude::*;

use crate::support::{Client, statuses};

const NAMES: [&str; 6] = [
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Ken Thompson",
];
const TITLES: [&str; 4] = ["CTO", "Engineer", "Founder", "Professor"];
const STATUSES: [&str; 5] = ["New", "Open", "Qualified", "Unqualified", "Junk"];

#[derive(Debug, Clone)]
enum Op {
    Create {
        name: usize,
        status: usize,
    },
    Edit {
        target: usize,
        title: usize,
        tag: bool,
    },
    Move {
        target: usize,
        status: usize,
    },
    Upsert {
        target: usize,
        title: usize,
    },
    Delete {
        target: usize,
    },
    Convert {
        target: usize,
    },
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..NAMES.len(), 0..STATUSES.len()).prop_map(|(name, status)| Op::Create { name, status }),
        3 => (any::<usize>(), 0..TITLES.len(), any::<bool>()).prop_map(|(target, title, tag)| Op::Edit { target, title, tag }),
        3 => (any::<usize>(), 0..STATUSES.len()).prop_map(|(target, status)| Op::Move { target, status }),
        1 => (any::<usize>(), 0..TITLES.len()).prop_map(|(target, title)| Op::Upsert { target, title }),
        1 => any::<usize>().prop_map(|target| Op::Delete { target }),
        2 => any::<usize>().prop_map(|target| Op::Convert { target }),
        1 => Just(Op::Sync),
    ]
}

/// What became of one request, after the retries the crate's errors allow.
enum Outcome<T> {
    Answered(T),
    /// Copper refused it: an error the same request would get again.
    Refused(ApiError),
    /// The answer never came (a lost response on a request that is not safe to resend), or
    /// the retries ran out.
    Unknown,
}

struct Run {
    c: Client,
    catalog: StatusCatalog,
    /// The leads as the client last saw them.
    known: BTreeMap<u64, Lead>,
    emails: usize,
}

impl Run {
    /// Sends with the retries the crate decides: a safe request again after a lost answer,
    /// any request again after the wait `ApiError::retry` gives.
    fn call<T: Answer>(&mut self, request: &Request<T>) -> Outcome<T> {
        for _ in 0..8 {
            let reply = self.c.exchange(request);
            let Some(response) = reply.response() else {
                if request.is_idempotent() {
                    continue;
                }
                return Outcome::Unknown;
            };
            match request.read(&response) {
                Ok(answer) => return Outcome::Answered(answer),
                Err(err) => match err.retry() {
                    Some(wait) => self.c.now_ms += u64::try_from(wait.as_millis()).unwrap(),
                    // A 5xx on a request not safe to resend: it may or may not have applied.
                    None if err.status() >= 500 => return Outcome::Unknown,
                    None => return Outcome::Refused(err),
                },
            }
        }
        Outcome::Unknown
    }

    fn validator(&self) -> Validator<'_> {
        Validator::new().with_statuses(&self.catalog)
    }

    fn pick(&self, target: usize) -> Option<Lead> {
        let ids: Vec<&u64> = self.known.keys().collect();
        (!ids.is_empty()).then(|| self.known[ids[target % ids.len()]].clone())
    }

    /// Every live lead through the pager; `None` when a page could not be read.
    fn sync(&mut self) -> Option<Vec<Lead>> {
        let mut pager = Pager::new(LeadSearch::new().page_size(7).unwrap());
        let mut all = Vec::new();
        while let Some(request) = pager.next_request() {
            let mut page = None;
            for _ in 0..8 {
                let reply = self.c.exchange(&request);
                let Some(response) = reply.response() else {
                    continue;
                };
                match pager.read(&response) {
                    Ok(leads) => {
                        page = Some(leads);
                        break;
                    }
                    Err(err) => {
                        let wait = err.retry()?;
                        self.c.now_ms += u64::try_from(wait.as_millis()).unwrap();
                    }
                }
            }
            all.extend(page?);
        }
        Some(all)
    }

    /// After an answer was lost, the client learns the account again.
    fn resync(&mut self) {
        if let Some(all) = self.sync() {
            self.known = all
                .into_iter()
                .map(|l| (l.id.value().unwrap().get(), l))
                .collect();
        }
    }

    /// The lead Copper holds is the one the client predicted, times aside.
    fn check_update(&self, before: &Lead, update: &LeadUpdate, answer: &Lead) {
        let mut predicted = before.clone();
        predicted.apply_update(update);
        predicted.date_modified = answer.date_modified;
        if predicted.status_id.is_absent() {
            predicted.status_id = answer.status_id;
        }
        assert_eq!(predicted, *answer, "the crate's prediction of {update:?}");
        let id = answer.id.value().unwrap().get();
        let held: Lead = serde_json::from_value(self.c.lead_state(id)).unwrap();
        assert_eq!(held, *answer, "Copper's state after {update:?}");
    }

    fn update(&mut self, before: &Lead, after: &Lead) {
        let update = LeadUpdate::diff(before, after);
        if update.is_empty() {
            return;
        }
        let id = before.id.value().unwrap().get();
        match self.call(&leads::update(before, &update).unwrap()) {
            Outcome::Answered(answer) => {
                self.check_update(before, &update, &answer);
                self.known.insert(id, answer);
            }
            Outcome::Refused(err) => {
                assert_ne!(err.status(), 422, "a valid change refused: {err}");
                self.known.remove(&id);
            }
            Outcome::Unknown => self.resync(),
        }
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Create { name, status } => {
                self.emails += 1;
                let lead = Lead::builder(NAMES[name])
                    .email(
                        format!("person{}@example.com", self.emails),
                        EmailCategory::Work,
                    )
                    .status(STATUSES[status])
                    .build_with(&self.validator())
                    .unwrap();
                match self.call(&leads::create(&lead)) {
                    Outcome::Answered(created) => {
                        assert!(created.validate_with(&self.validator()).is_ok());
                        self.known
                            .insert(created.id.value().unwrap().get(), created);
                    }
                    Outcome::Refused(err) => panic!("a valid lead refused: {err}"),
                    Outcome::Unknown => self.resync(),
                }
            }
            Op::Edit { target, title, tag } => {
                let Some(before) = self.pick(target) else {
                    return;
                };
                let mut after = before.clone();
                after.title = Field::Value(TITLES[title].to_owned());
                if tag {
                    after.tags = Field::Value(vec![TITLES[title].to_lowercase()]);
                }
                self.update(&before, &after);
            }
            Op::Move { target, status } => {
                let Some(before) = self.pick(target) else {
                    return;
                };
                let mut after = before.clone();
                let at = self.c.now();
                if after
                    .transition_with(&self.catalog, STATUSES[status], at)
                    .is_ok()
                {
                    self.update(&before, &after);
                }
            }
            Op::Upsert { target, title } => {
                let Some(mut lead) = self.pick(target) else {
                    return;
                };
                lead.title = Field::Value(TITLES[title].to_owned());
                match self.call(&leads::upsert(&lead, &UpsertMatch::Email).unwrap()) {
                    Outcome::Answered(Upserted::Lead(answer)) => {
                        assert_eq!(answer.id, lead.id, "an upsert by a unique email updates");
                        self.known.insert(answer.id.value().unwrap().get(), answer);
                    }
                    Outcome::Answered(other) => panic!("{other:?}"),
                    Outcome::Refused(err) => assert_eq!(err.status(), 404, "{err}"),
                    Outcome::Unknown => self.resync(),
                }
            }
            Op::Delete { target } => {
                let Some(lead) = self.pick(target) else {
                    return;
                };
                let id = *lead.id.value().unwrap();
                match self.call(&leads::delete(id)) {
                    Outcome::Answered(_) | Outcome::Refused(_) => {
                        self.known.remove(&id.get());
                    }
                    Outcome::Unknown => self.resync(),
                }
            }
            Op::Convert { target } => self.convert(target),
            Op::Sync => self.check_sync(),
        }
    }

    /// Converts a qualified lead; after a lost answer, recovery decides, never a blind retry.
    fn convert(&mut self, target: usize) {
        let Some(lead) = self.pick(target) else {
            return;
        };
        let id = *lead.id.value().unwrap();
        let Ok(qualified) = QualifiedLead::new(lead, &self.validator()) else {
            return;
        };
        let options =
            ConvertOptions::new(self.c.now()).opportunity(OpportunityOptions::new(213_214.into()));
        let conversion = qualified.convert(&options).unwrap();
        for _ in 0..4 {
            match self.call(&leads::convert(conversion.request())) {
                Outcome::Answered(_) => break,
                Outcome::Refused(err) => {
                    assert_eq!(
                        err.status(),
                        404,
                        "a qualified lead's conversion refused: {err}"
                    );
                    break;
                }
                Outcome::Unknown => match self.call(&conversion.recovery()) {
                    Outcome::Answered(Recovery::NotConverted { .. }) => {}
                    _ => break,
                },
            }
        }
        self.known.remove(&id.get());
    }

    /// A sync yields every live lead once, or fails.
    fn check_sync(&mut self) {
        let Some(all) = self.sync() else { return };
        let mut ids: Vec<u64> = all.iter().map(|l| l.id.value().unwrap().get()).collect();
        ids.sort_unstable();
        let state = self.c.sim.state();
        let live: Vec<u64> = state
            .leads
            .keys()
            .copied()
            .filter(|id| !state.converted_leads.contains(id))
            .collect();
        assert_eq!(ids, live, "a sync yields every lead once");
        self.known = all
            .into_iter()
            .map(|l| (l.id.value().unwrap().get(), l))
            .collect();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn sequences_keep_the_invariants_under_faults(ops in prop::collection::vec(op(), 1..60), seed in any::<u64>()) {
        let c = Client::new(Config::default().faults(0.2, seed));
        let definitions: Vec<copper_lead::lifecycle::LeadStatusDefinition> =
            serde_json::from_value(statuses()).unwrap();
        let catalog = StatusCatalog::from_definitions(&definitions, &StageMap::new()).unwrap();
        let mut run = Run { c, catalog, known: BTreeMap::new(), emails: 0 };
        for op in &ops {
            run.apply(op);
        }
        run.check_sync();
        // Each lead converted at most once: one opportunity per converted lead.
        let state = run.c.sim.state();
        let mut per_lead: BTreeMap<u64, usize> = BTreeMap::new();
        for opportunity in state.opportunities.values() {
            for from in opportunity["leads_converted_from"].as_array().unwrap() {
                *per_lead.entry(from["lead_id"].as_u64().unwrap()).or_default() += 1;
            }
        }
        prop_assert!(per_lead.values().all(|&n| n == 1), "{per_lead:?}");
        let converted: Vec<u64> = per_lead.keys().copied().collect();
        prop_assert_eq!(&converted, &state.converted_leads);
    }
}
