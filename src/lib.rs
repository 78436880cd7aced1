//! Typed, lossless [Copper CRM](https://www.copper.com) leads: read the JSON Copper sends,
//! check it, build new leads, move them through a status lifecycle and convert qualified ones.
//!
//! # Example
//!
//! ```
//! use copper_lead::{EmailCategory, Lead, LeadStatus, QualifiedLead, Timestamp};
//!
//! // Read what Copper sent (a webhook body, a search result): every key survives.
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
//! // Move it through the lifecycle, then qualify it for conversion.
//! let at = Timestamp::from_unix(1_700_000_000)?;
//! lead.transition_to(LeadStatus::Qualified, at)?;
//! let qualified = QualifiedLead::try_from(lead)?;
//! assert_eq!(qualified.lead().status.value(), Some(&LeadStatus::Qualified));
//!
//! // Or build a new one, valid by construction.
//! let new = Lead::builder("Ada Lovelace").email("ada@example.com", EmailCategory::Work).build()?;
//! assert!(new.id.is_absent());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is where
//!
//! - Records: [`Lead`] with [`Address`], [`Email`], [`PhoneNumber`], [`Social`], [`Website`],
//!   [`CustomFieldValue`]. Every key is a [`Field`] (absent, `null` or a value); unknown keys
//!   stay in `extra`. Ids are newtypes ([`LeadId`], [`UserId`], ...), times are [`Timestamp`]s,
//!   money is an [`Amount`] that keeps its JSON form; categories and statuses are open enums.
//! - Reading: `serde_json` directly, or [`from_str`]/[`from_slice`] for a [`ParseError`] that
//!   separates path, message and position; [`stream::Reader`] for NDJSON exports and search
//!   responses of any size.
//! - Checking: [`Lead::validate`] and the [`validate`] module ([`Validator`], [`Limits`]).
//! - Building: [`Lead::builder`].
//! - Lifecycle: the [`lifecycle`] module ([`Stage`], [`Lead::transition_to`],
//!   [`StatusCatalog`]) and [`QualifiedLead`].
//! - Custom fields: [`CustomFieldCatalog`] and [`CustomValue`].
//! - Conversion: the [`convert`] module ([`QualifiedLead::convert`], [`Person`], [`Company`],
//!   [`Opportunity`], Copper's request and response).
//!
//! # Scope of this crate
//!
//! It models data and rules; it does not talk to Copper. There is no HTTP client, no
//! authentication and no rate limiting: send the JSON this crate writes with the client you
//! already use. It keeps no state between calls and reads no clock (times are passed in).
#![forbid(unsafe_code)]
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
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod address;
mod amount;
mod builder;
mod category;
mod company;
pub mod convert;
mod converted_from;
mod custom_field;
mod email;
mod field;
mod id;
mod lead;
pub mod lifecycle;
mod open_enum;
mod opportunity;
mod parse;
mod person;
mod phone;
mod pointer;
mod qualified;
mod social;
mod status;
pub mod stream;
mod timestamp;
pub mod validate;
mod web_url;
mod website;
mod wire;

pub use address::Address;
pub use amount::{Amount, AmountForm};
pub use builder::LeadBuilder;
pub use category::{EmailCategory, PhoneCategory, SocialCategory, WebsiteCategory};
pub use company::Company;
pub use converted_from::LeadConversion;
pub use custom_field::{
    CustomFieldCatalog, CustomFieldDataType, CustomFieldDefinition, CustomFieldEntity,
    CustomFieldError, CustomFieldOption, CustomFieldValue, CustomValue, FieldInput, OptionChoice,
};
pub use email::Email;
pub use field::Field;
pub use id::{
    CompanyId, ContactTypeId, CustomFieldDefinitionId, CustomFieldOptionId, CustomerSourceId,
    LeadId, LeadStatusId, LossReasonId, OpportunityId, PersonId, PipelineId, PipelineStageId,
    UserId,
};
pub use lead::Lead;
pub use lifecycle::{ReplayError, Stage, StatusChange, TransitionError};
pub use opportunity::{Opportunity, OpportunityPriority, OpportunityStatus};
pub use parse::{ParseError, ParseErrorKind, Record, from_slice, from_str, from_value};
pub use person::Person;
pub use phone::PhoneNumber;
pub use pointer::JsonPointer;
pub use qualified::{NotQualified, NotQualifiedReason, QualifiedLead};
pub use social::Social;
pub use status::{
    CatalogEntry, CatalogError, LeadStatus, LeadStatusDefinition, StageMap, StatusCatalog,
};
pub use timestamp::{Timestamp, TimestampRangeError};
pub use validate::{Finding, FindingCode, Limits, Report, Severity, ValidationErrors, Validator};
pub use website::Website;
