//! Typed, lossless [Copper CRM](https://www.copper.com) leads: read the leads Copper returns,
//! check them, build new ones, move them through a status lifecycle and convert qualified ones.
//!
//! # Example
//!
//! ```
//! # #[cfg(feature = "convert")] {
//! use copper_lead::{EmailCategory, Lead, LeadStatus, Timestamp};
//! use copper_lead::lifecycle::{Decision, QualifiedLead};
//! use copper_lead::validate::Validator;
//!
//! // Read what Copper returned (a fetched lead, a search result): every key survives.
//! let json = r#"{"id": 8894157, "name": "Test Lead", "status": "New",
//!                "email": {"email": "address@workemail.com", "category": "work"},
//!                "websites": [{"url": "www.workwebsite.com", "category": "work"}],
//!                "date_created": 1489018784, "key_from_2030": true}"#;
//! let mut lead: Lead = serde_json::from_str(json)?;
//! assert_eq!(serde_json::to_value(&lead)?, serde_json::from_str::<serde_json::Value>(json)?);
//!
//! // Check it: every finding at once, each at a JSON Pointer.
//! lead.validate()?;
//!
//! // Move it through the lifecycle, then qualify it for conversion (Copper's default
//! // statuses have none at stage Qualified: someone decides).
//! let at = Timestamp::from_unix(1_700_000_000)?;
//! lead.transition_to(LeadStatus::Open, at)?;
//! let qualified = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
//! assert_eq!(qualified.lead().status.value(), Some(&LeadStatus::Open));
//!
//! // Or build a new one, valid by construction.
//! let new = Lead::builder("Ada Lovelace").email("ada@example.com", EmailCategory::Work).build()?;
//! assert!(new.id.is_absent());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is where
//!
//! The root holds the data model: the records and everything their keys hold, and reading
//! them. Each thing you do with a lead is a module holding its own types. Every item has one
//! path.
//!
//! - **Records** (root): [`Lead`] with [`Address`], [`Email`], [`PhoneNumber`], [`Social`],
//!   [`Website`] and [`custom_field::CustomFieldValue`]; [`Person`], [`Company`] and
//!   [`Opportunity`], which conversion makes. Every key is a [`Field`] (absent, `null` or a
//!   value); unknown keys stay in [`Extra`]. Ids are newtypes ([`LeadId`], [`UserId`], ...),
//!   times are [`Timestamp`]s, money is an [`Amount`] that keeps its JSON form; categories and
//!   statuses are open enums ([`LeadStatus`], [`EmailCategory`], ...).
//! - **Reading** (root): `serde_json` directly, or [`from_str`], [`from_slice`] and
//!   [`from_value`] for a [`ParseError`] that separates path, message and position; the first
//!   two also read declared keys on a fast path generated from the record declarations,
//!   with the same result.
//! - **Errors** (root): each module's error says what went wrong there; [`Error`] is the one
//!   type every one of them converts into, for `?` across modules.
//! - [`stream`]: NDJSON exports and search responses of any size, record by record, on one
//!   thread or every core ([`stream::Reader::for_each_parallel`]).
//! - [`validate`]: [`Lead::validate`], the [`validate::Validator`] configured for an account,
//!   and [`validate::Checker`] for checking many records fast.
//! - Building: [`Lead::builder`], and a setter per key on the other records.
//! - [`lifecycle`]: stages, transitions ([`Lead::transition_to`]), an account's
//!   [`lifecycle::StatusCatalog`], and [`lifecycle::QualifiedLead`].
//! - [`custom_field`]: an account's definitions ([`custom_field::CustomFieldCatalog`]) and typed
//!   values ([`custom_field::CustomValue`]).
//! - [`convert`]: a qualified lead into a person, a company and an opportunity, with Copper's
//!   request and response.
//! - [`duplicates`]: leads in a batch that are the same person, and the lookups for what
//!   Copper already has, before converting.
//! - Talking to Copper, sans-IO: [`leads`] (every lead operation as a typed request, with
//!   [`leads::LeadUpdate::diff`] and a [`leads::Pager`]), [`lookup`] (statuses, definitions,
//!   pipelines, users, the account, people by email and companies by email domain),
//!   [`activity`] (a lead's notes, calls and recorded changes, and its status history from
//!   them), [`webhook`] (subscriptions and notifications), and [`api`] (credentials, base URL, errors
//!   with the retry decided, [`api::Retry`] for a bounded wait, rate pacing).
//!
//! # Which to use
//!
//! | to | use | when |
//! |---|---|---|
//! | read one record | `serde_json::from_str::<Lead>` | the error's text is enough |
//! | | [`from_str`] / [`from_slice`] / [`from_value`] | you report the path, message and position apart |
//! | read many records | [`stream::Reader`] | an export or a search response, of any size, with every bad record reported and the rest read |
//! | check one lead | [`Lead::validate`] | Copper's defaults |
//! | | [`validate::Validator`] | an account's custom fields, statuses and limits |
//! | check many leads | [`validate::Checker`] | only which records fail and where, fast |
//! | qualify a lead | [`lifecycle::QualifiedLead::new`] | its status's stage is Qualified in the account's catalog |
//! | | [`lifecycle::QualifiedLead::by_decision`] | a person decided (Copper's default statuses have no Qualified stage) |
//! | change a lead | a setter taking `Field` ([`Field::Value`], [`Field::Null`] clears, [`Field::Absent`] leaves alone) | build the change |
//! | | [`leads::LeadUpdate::diff`] | send only what differs between what Copper has and what you have |
//!
//! The source is laid out in the same layers, bottom up; a file imports only from its own
//! layer and those below it, and no two files import each other (a test holds both):
//!
//! ```text
//! src/
//!   wire/          the lossless serde machinery every record shares: Field, Extra, reading, errors
//!   model/         the records and the values their keys hold
//!   validate/      the rules: findings, limits, the validator, the bulk checker, the builder
//!   custom_field/  an account's custom field definitions, and typed values
//!   lifecycle/     stages, transitions, the status catalog and qualification
//!   stream/        many records from a reader, on one thread or every core
//!   api/           requests, responses, errors and pacing, without an HTTP client
//!   leads/         every lead operation as a typed request
//!   lookup.rs      the account's statuses, definitions, pipelines and users; people, companies
//!   webhook.rs     subscriptions and notifications
//!   activity.rs    notes, calls and recorded changes, and a status history read from them
//!   convert/       a qualified lead into a person, a company and an opportunity
//!   duplicates.rs  leads that are one person, and what Copper already has
//!   error.rs       one error type that every error of the crate converts into (the top layer)
//! ```
//!
//! # Features
//!
//! | feature | default | what it adds | dependencies |
//! |---|---|---|---|
//! | `validate` | yes | [`validate`], [`Lead::builder`], qualification ([`lifecycle::QualifiedLead`]) | `url`, `email_address` |
//! | `convert` | yes | [`convert`], [`duplicates`] and [`leads`]' conversion request (implies `validate`) | `sha2` |
//! | `http` | no | `http::Request` from an [`api::Prepared`] request, `api::Response::from_http` | `http` |
//! | `float_roundtrip` | no | exact text round trips of floats with 16 or 17 digits (switches on `serde_json`'s feature of that name for the whole build) | |
//!
//! Without default features the crate reads, writes and streams records, moves leads through
//! the lifecycle and reads custom fields, with 19 crates in its dependency graph instead of 57
//! (a clean build of the dependencies on two cores: 8.4 s instead of 18.6 s).
//!
//! # Dates and times
//!
//! Copper's times are whole Unix seconds ([`Timestamp`]), which convert exactly to and from
//! `std::time::SystemTime` without any other crate. The `time` crate appears in the public API
//! where a calendar is needed: a Date custom field reads as a [`time::Date`], a catalog
//! reads dates at a [`time::UtcOffset`], and an opportunity's close date is a `time::Date`
//! (written as Copper's `M/D/YYYY`); `Timestamp` converts to and from `time::OffsetDateTime`
//! too. The crate re-exports [`time`], so that you use the same version.
//!
//! # Reliability
//!
//! Any bytes get an answer: a record, a [`ParseError`] naming the JSON Pointer of the problem,
//! or validation findings whose pointers exist in the input. Nothing panics on input data (the
//! library denies `unwrap`, `expect`, `panic!` and indexing), work is linear in the input's
//! size, and a record that reads writes back to an equal JSON value, unknown keys included.
//! Keys given twice are an error, as with serde's derive, rather than one value silently
//! winning.
//!
//! # Limits
//!
//! Every limit the crate applies, and why:
//!
//! | limit | value | why |
//! |---|---|---|
//! | nesting depth of JSON | 127 levels of objects and arrays (the 128th is refused) | `serde_json`'s recursion limit, applied to `serde_json::Value` input too ([`from_value`]); deeper input is a syntax error (`recursion limit exceeded`), never a stack overflow |
//! | ids | `0..=u64::MAX` | Copper's ids are non-negative integers, seen up to 1e8; negative, fractional or larger ones are shape errors |
//! | timestamps | years -9999..=9999 | the range of `time::OffsetDateTime`; beyond it is a shape error |
//! | numbers | finite `f64`, read as the nearest double | `serde_json` without `arbitrary_precision`; `1e400` is a syntax error (`number out of range`), `1e-400` reads as 0 |
//! | text lengths | [`validate::Limits`]: 255 for short text, 65,535 for `details` and Text fields, 254 for email, 2,048 for URLs | Copper's columns where known (its docs say text fields hold 255 characters), RFC 5321 for email, browsers for URLs; counted in characters; configurable |
//! | phone numbers | 7 to 15 digits, extensions of 1 to 10 | E.164 allows at most 15 digits; 7 is the shortest local number in use |
//! | percentage custom fields | whole numbers 0..=100 | Copper truncates fractions, so a fraction in a request would change silently |
//! | one streamed record | 16 MiB ([`stream::DEFAULT_MAX_RECORD_BYTES`], configurable) | keeps [`stream::Reader`]'s memory bounded whatever the input; a larger record is reported, not held. Parsed, a record takes up to about 17 times its size (measured: a 15 MB array of one-digit numbers in an unknown key peaks at 250 MB, each number a 32-byte JSON value), so one record stays under about 300 MB |
//! | list pre-allocation | 1,024 items | a list's size hint comes from the input; lists still grow to any length |
//! | values quoted in messages | 64 characters, then `…` | an error about a 50 MB value stays a short line |
//! | Copper's error bodies | read up to 64 KiB; its message quoted up to 300 characters, escaped | a hostile or broken server cannot fill a log or a terminal |
//! | `Retry-After` | whole or fractional seconds, rounded up, at most one hour | a header cannot park a client for a day |
//! | retrying ([`api::Retry`]) | 5 retries within 120 s by default | a call that keeps failing ends with an error that says why |
//! | search | 100,000 results ([`leads::SEARCH_CAP`]), 1 to 200 a page | Copper's own limits; a request past them is refused before it is sent |
//! | bulk requests | [`leads::BULK_LIMIT`] leads a request | Copper's documented batch size; a larger batch is refused before it is sent |
//! | duplicate candidates | [`duplicates::KEY_CANDIDATES`] leads compared per key | a key shared by thousands (a switchboard) costs linear time, not quadratic |
//!
//! There is no limit on the number of keys, list items or records: memory and time grow
//! linearly with the input.
//!
//! # Scope of this crate
//!
//! It models data and rules, and Copper's API as data: each operation is a typed request
//! (method, path, JSON body) and a typed reader of the response. It has no HTTP client, no
//! async runtime and no client state: send the bytes with the client you already use (the
//! `sync` example uses `ureq`). It reads no clock (times are passed in, to the [`api::Pacer`]
//! too).
#![forbid(unsafe_code)]
// The docs link to what the default features build (`validate`, `convert`); a build without
// them still documents cleanly, only those links stay plain text.
#![cfg_attr(
    not(all(feature = "validate", feature = "convert")),
    allow(rustdoc::broken_intra_doc_links)
)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

/// The README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "convert"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// The layers, bottom up (DESIGN.md, "Layers"): the wire machinery, the records, the rules
// and the lifecycle, then the operations. A module imports only from the layers below it.
mod wire;

mod model;

pub mod custom_field;
pub mod lifecycle;
#[cfg(feature = "validate")]
pub mod validate;

pub mod stream;

pub mod activity;
pub mod api;
pub mod leads;
pub mod lookup;
pub mod webhook;

#[cfg(feature = "convert")]
pub mod convert;
#[cfg(feature = "convert")]
pub mod duplicates;

mod error;

/// The `time` crate, whose types appear in this crate's API (a Date custom field, a
/// catalog's UTC offset, an opportunity's close date), re-exported so that callers use the
/// same version.
pub use time;

pub use error::Error;
pub use model::address::Address;
pub use model::amount::{Amount, AmountForm, NonFiniteAmount};
pub use model::category::{EmailCategory, PhoneCategory, SocialCategory, WebsiteCategory};
pub use model::company::Company;
pub use model::converted_from::ConvertedFrom;
pub use model::email::Email;
pub use model::entity::EntityType;
pub use model::id::{
    AccountId, ActivityId, ActivityTypeId, CompanyId, ContactTypeId, CustomFieldDefinitionId,
    CustomFieldOptionId, CustomerSourceId, LeadId, LeadStatusId, LossReasonId, OpportunityId,
    PersonId, PipelineId, PipelineStageId, SubscriptionId, UserId,
};
pub use model::lead::Lead;
pub use model::opportunity::{Opportunity, OpportunityPriority, OpportunityStatus};
pub use model::person::Person;
pub use model::phone::PhoneNumber;
pub use model::social::Social;
pub use model::status::LeadStatus;
pub use model::timestamp::{Timestamp, TimestampError};
pub use model::website::Website;
#[cfg(feature = "validate")]
pub use validate::builder::LeadBuilder;
pub use wire::Record;
pub use wire::extra::{Extra, ModelledKey};
pub use wire::field::Field;
pub use wire::lenient::Lenient;
pub use wire::open_enum::UnknownText;
pub use wire::parse::{ParseError, ParseErrorKind, from_slice, from_str, from_value};
pub use wire::pointer::{InvalidPointer, JsonPointer};
