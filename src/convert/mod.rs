//! Conversion: a qualified lead becomes a [`Person`], a [`Company`] and an [`Opportunity`].
//!
//! Copper converts with `POST /leads/{id}/convert`; this module previews the same as a pure,
//! deterministic function, and produces the exact request body Copper takes
//! ([`Conversion::request`]) with a key for the caller to de-duplicate its own retries
//! ([`Conversion::idempotency_key`]: Copper's endpoint is not idempotent and has no
//! idempotency header).
//!
//! # What Copper decides, and what the request cannot carry
//!
//! The preview is what this crate decides; Copper decides some things itself:
//!
//! - **The person.** Copper identifies people by email: a lead whose email matches an existing
//!   person is attached to that person (who keeps their own name and data) instead of making a
//!   new one. The preview's person is therefore "new, or the existing person with this email"
//!   ([`Conversion::person_match`]); read the response's [`ConvertResponse::outcome`] for
//!   which happened.
//! - **The company by name.** Copper attaches the company with that name, or creates it. A
//!   company taken from the lead matches its name exactly unless the options ask for fuzzy
//!   matching, which Copper documents as returning candidates.
//! - **What the request cannot carry.** The convert request takes only a few values (person:
//!   name, contact type, assignee; company: id, or name and matching; opportunity: name,
//!   pipeline, stage, value, assignee). Everything else the preview decided (custom field
//!   values on each record, the opportunity's currency, customer source, close date and
//!   priority, a new company's address, phone numbers and websites) is listed by
//!   [`Conversion::unsent`], as partial records, to set with updates once Copper has created
//!   the records.
//!
//! Conversion consumes a [`QualifiedLead`]: a converted lead no longer exists (Copper answers
//! 404 for it), so it cannot be converted again or edited.
//!
//! # Mapping
//!
//! | lead field | goes to |
//! |---|---|
//! | `id` | `leads_converted_from` of the person and opportunity, with the conversion time |
//! | `name`, `prefix`, `first_name`, `middle_name`, `last_name`, `suffix` | person (the parts are dropped when [`PersonOptions::name`] overrides the name; Copper derives them) |
//! | `address` | person and new company |
//! | `title`, `details`, `tags`, `socials` | person |
//! | `phone_numbers` | person; those of category `work` also to a new company |
//! | `websites` | person and new company |
//! | `email` | person's `emails` (one entry); its domain becomes a new company's `email_domain` unless it is a [public mailbox provider](PublicMailboxes) |
//! | `assignee_id` | person and opportunity, unless the options give another |
//! | `company_name` | the company (with [`CompanyChoice::FromLead`], matched exactly by default), the person's and opportunity's `company_name`, and the opportunity's default name |
//! | `customer_source_id` | opportunity |
//! | `monetary_value`, `monetary_unit` | opportunity, unless the options give another |
//! | `date_created` | `date_lead_created` of the person and opportunity |
//! | `custom_fields` | every new record; with definitions ([`ConvertOptions::custom_fields`]) only the records each definition is available on, the rest in [`Conversion::unplaced_custom_fields`] |
//! | `status`, `status_id` | dropped: the lead is consumed |
//! | `date_modified` | dropped (it identifies the lead's version in the idempotency key) |
//! | `interaction_count`, `date_last_contacted` | dropped: interactions stay with Copper's activity log |
//! | `converted_unit`, `converted_value`, `converted_*` | dropped: Copper recomputes them |
//! | `monetary_*`, `customer_source_id` without an opportunity | dropped |
//! | unknown keys (`extra`) | dropped: their meaning is unknown |
//!
//! New records get `date_created` and `date_modified` set to the conversion time; ids are
//! absent (Copper assigns them). The opportunity has status Open and priority `null`, as
//! Copper creates it, unless the options give a priority (which, like the other values the
//! request cannot carry, is set afterwards: [`Conversion::unsent`]).
//!
//! # Example
//!
//! ```
//! use copper_lead::convert::{ConvertOptions, ConvertedCompany, OpportunityOptions, PersonMatch};
//! use copper_lead::{EmailCategory, Lead, LeadId, LeadStatus, PipelineId, Timestamp};
//! use copper_lead::lifecycle::{Decision, QualifiedLead};
//! use copper_lead::validate::Validator;
//!
//! let lead = Lead::builder("My Lead")
//!     .id(LeadId::new(13244480))
//!     .email("mylead@noemail.com", EmailCategory::Work)
//!     .company_name("Noemail")
//!     .status(LeadStatus::Open)
//!     .monetary_value(1000)
//!     .monetary_unit("EUR")
//!     .build()?;
//! let at = Timestamp::from_unix(1_496_694_264)?;
//! let qualified = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
//! let options = ConvertOptions::new(at)
//!     .opportunity(OpportunityOptions::new(PipelineId::new(213214)).name("Demo Project"));
//! let conversion = qualified.convert(&options)?;
//!
//! // New, or the existing person with this email (Copper decides).
//! assert_eq!(conversion.person_match(), &PersonMatch::ByEmail("mylead@noemail.com".into()));
//! let ConvertedCompany::ByName { company, .. } = conversion.company() else { unreachable!() };
//! assert_eq!(company.email_domain.as_deref(), Some("noemail.com"));
//! assert_eq!(
//!     serde_json::to_string(conversion.request())?,
//!     r#"{"details":{"person":{"name":"My Lead"},"company":{"name":"Noemail","exact_match":true},"opportunity":{"name":"Demo Project","pipeline_id":213214,"monetary_value":1000}}}"#
//! );
//! // The currency is the preview's, but the request cannot carry it: it is an update to send
//! // once Copper has created the opportunity.
//! let unsent = conversion.unsent();
//! assert_eq!(unsent.opportunity().and_then(|o| o.monetary_unit.as_deref()), Some("EUR"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod follow_up;
pub(crate) mod idempotency;
pub(crate) mod mailbox;
pub(crate) mod options;
pub(crate) mod outcome;
pub(crate) mod recovery;
pub(crate) mod request;
pub(crate) mod undo;
pub(crate) mod unsent;

pub use follow_up::{ConvertedRecord, FollowUpBodies, FollowUps, SkipReason, Skipped};
pub use mailbox::{PublicMailboxes, is_public_mailbox_domain};
pub use options::{
    CompanyChoice, ConvertOptions, NameMatch, OpportunityChoice, OpportunityOptions, PersonOptions,
};
pub use outcome::{ConvertOutcome, Origin, RecordOutcome};
pub use recovery::Recovery;
pub use request::{ConvertRequest, ConvertResponse, ResponseCompany};
pub use undo::{Kept, KeptReason, SnapshotMismatch, UndoPlan, UndoStep, Unrestorable};
pub use unsent::Unsent;

use serde::Serialize;
use std::fmt;

use crate::lifecycle::qualified::{NotQualified, NotQualifiedReason, QualifiedLead};
use crate::model::amount::{Amount, MoneyProblem, is_currency_code};
use crate::model::category::PhoneCategory;
use crate::model::company::Company;
use crate::model::converted_from::ConvertedFrom;
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::entity::EntityType;
use crate::model::id::{CompanyId, LeadId};
use crate::model::lead::Lead;
use crate::model::opportunity::{Opportunity, OpportunityStatus};
use crate::model::person::Person;
use crate::model::timestamp::Timestamp;
use crate::wire::field::Field;
use request::{CompanyRequest, Details, OpportunityRequest, PersonRequest};

/// The company a conversion gives the person.
///
/// ```
/// use copper_lead::convert::ConvertOptions;
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{EmailCategory, Lead, LeadId, Timestamp};
///
/// let at = Timestamp::from_unix(1_700_000_000)?;
/// let lead = Lead::builder("Ada Lovelace")
///     .id(LeadId::new(1))
///     .email("ada@engines.example", EmailCategory::Work)
///     .company_name("Analytical Engines")
///     .build()?;
/// let qualified = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// use copper_lead::convert::{CompanyChoice, ConvertedCompany, NameMatch};
///
/// let conversion = qualified.convert(&ConvertOptions::new(at))?;
/// let ConvertedCompany::ByName { company, matching } = conversion.company() else { unreachable!() };
/// assert_eq!((company.name.as_deref(), *matching), (Some("Analytical Engines"), NameMatch::Exact));
/// assert_eq!(company.email_domain.as_deref(), Some("engines.example"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[expect(clippy::large_enum_variant)] // one per conversion; boxing would only add a hop
pub enum ConvertedCompany {
    /// A company by name: Copper attaches the company with this name (matched as `matching`
    /// says) if there is one, and creates this record otherwise.
    ByName {
        /// The company as a new record would be.
        company: Company,
        /// How Copper matches the name.
        matching: NameMatch,
    },
    /// An existing company, attached.
    Existing(CompanyId),
    /// No company.
    None,
}

impl ConvertedCompany {
    /// The company record the preview made, when the company is given by name.
    #[must_use]
    pub fn record(&self) -> Option<&Company> {
        match self {
            ConvertedCompany::ByName { company, .. } => Some(company),
            ConvertedCompany::Existing(_) | ConvertedCompany::None => None,
        }
    }
}

/// Who the converted lead's person is: Copper identifies people by email.
///
/// ```
/// use copper_lead::convert::ConvertOptions;
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{EmailCategory, Lead, LeadId, Timestamp};
///
/// let at = Timestamp::from_unix(1_700_000_000)?;
/// let lead = Lead::builder("Ada Lovelace")
///     .id(LeadId::new(1))
///     .email("ada@engines.example", EmailCategory::Work)
///     .company_name("Analytical Engines")
///     .build()?;
/// let qualified = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// use copper_lead::convert::PersonMatch;
///
/// let conversion = qualified.convert(&ConvertOptions::new(at))?;
/// assert_eq!(conversion.person_match(), &PersonMatch::ByEmail("ada@engines.example".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PersonMatch {
    /// The existing person with this email, if there is one (who keeps their own name and
    /// data, and gets the lead attached); otherwise a new person.
    ByEmail(String),
    /// A new person: the lead has no email to match (Copper may create a duplicate of a person
    /// who has none either).
    New,
}

/// The result of converting a lead: the records as the preview has them, Copper's request,
/// what the request cannot carry, and a key to de-duplicate the job.
///
/// Serializes as `{"lead_id", "at", "person_match", "person", "company", "opportunity",
/// "unplaced_custom_fields", "idempotency_key"}` (`company` as `{"by_name": {"company": ...,
/// "matching": "exact"}}`, `{"existing": 42}` or `"none"`).
///
/// ```
/// use copper_lead::convert::ConvertOptions;
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{EmailCategory, Lead, LeadId, Timestamp};
///
/// let at = Timestamp::from_unix(1_700_000_000)?;
/// let lead = Lead::builder("Ada Lovelace")
///     .id(LeadId::new(1))
///     .email("ada@engines.example", EmailCategory::Work)
///     .company_name("Analytical Engines")
///     .build()?;
/// let qualified = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
///
/// let conversion = qualified.convert(&ConvertOptions::new(at))?;
/// assert_eq!((conversion.lead_id(), conversion.at()), (LeadId::new(1), at));
/// assert_eq!(conversion.person().name.as_deref(), Some("Ada Lovelace"));
/// assert!(conversion.opportunity().is_none());
/// assert_eq!(copper_lead::leads::convert(conversion.request()).path(), "/leads/1/convert");
/// let json = serde_json::to_value(&conversion)?;
/// assert_eq!(json["idempotency_key"].as_str().map(str::len), Some(64));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    lead_id: LeadId,
    at: Timestamp,
    /// The lead's `date_modified`: which version of the lead was converted.
    lead_modified: Field<Timestamp>,
    person_match: PersonMatch,
    person: Person,
    company: ConvertedCompany,
    opportunity: Option<Opportunity>,
    unplaced_custom_fields: Vec<CustomFieldValue>,
    request: ConvertRequest,
    /// The public mailbox domains the options added (they decide the company's domain).
    added_mailboxes: Vec<String>,
}

impl Conversion {
    /// The converted lead.
    #[must_use]
    pub fn lead_id(&self) -> LeadId {
        self.lead_id
    }

    /// When it was converted (the new records' `date_created`).
    #[must_use]
    pub fn at(&self) -> Timestamp {
        self.at
    }

    /// Who the person is: new, or the existing person with the lead's email.
    #[must_use]
    pub fn person_match(&self) -> &PersonMatch {
        &self.person_match
    }

    /// The person, as a new person would be (an existing one keeps its own data).
    #[must_use]
    pub fn person(&self) -> &Person {
        &self.person
    }

    /// The company: by name (Copper attaches or creates it), an existing one, or none.
    #[must_use]
    pub fn company(&self) -> &ConvertedCompany {
        &self.company
    }

    /// The new opportunity, if one was asked for.
    #[must_use]
    pub fn opportunity(&self) -> Option<&Opportunity> {
        self.opportunity.as_ref()
    }

    /// Custom field values that went to no record: their definitions are unknown, or not
    /// available on any record this conversion created. Kept here so nothing is lost silently.
    #[must_use]
    pub fn unplaced_custom_fields(&self) -> &[CustomFieldValue] {
        &self.unplaced_custom_fields
    }

    /// The body of Copper's `POST /leads/{id}/convert` for this conversion.
    #[must_use]
    pub fn request(&self) -> &ConvertRequest {
        &self.request
    }

    /// What the preview decided that the convert request cannot carry, as partial records to
    /// set with updates once Copper has created the records; see the
    /// [module docs](crate::convert).
    #[must_use]
    pub fn unsent(&self) -> Unsent {
        Unsent::of(self)
    }

    /// The records, taken out: the person, the company, the opportunity.
    #[must_use]
    pub fn into_records(self) -> (Person, ConvertedCompany, Option<Opportunity>) {
        (self.person, self.company, self.opportunity)
    }

    /// The caller's key for this conversion job: the same for the same lead version and the
    /// same choices, whenever it is run, on every platform; different when anything sent to
    /// Copper or set afterwards differs. Copper has no idempotency header: keep the key in
    /// your own job store to skip a conversion that was already done (the endpoint is not
    /// idempotent, and a converted lead is gone).
    ///
    /// 64 lowercase hex digits of SHA-256 over the canonical form, UTF-8 text, one
    /// `name=value` line each, ending in `\n`:
    ///
    /// ```text
    /// copper-lead/convert/v2
    /// lead_id=<the lead id>
    /// date_modified=<the lead's, Unix seconds, or "absent" or "null">
    /// request=<the request body, compact JSON as `serde_json::to_string` writes it>
    /// unsent=<Conversion::unsent as compact JSON>
    /// public_mailboxes=<the domains the options added, sorted, comma-separated>
    /// ```
    ///
    /// The conversion time is left out, so a retry later gets the same key.
    #[must_use]
    pub fn idempotency_key(&self) -> String {
        idempotency::key(&self.canonical_parts(&self.unsent()))
    }

    /// The text the idempotency key hashes (see [`Conversion::idempotency_key`]).
    #[must_use]
    pub fn canonical_form(&self) -> String {
        idempotency::canonical_form(&self.canonical_parts(&self.unsent()))
    }

    fn canonical_parts<'a>(&'a self, unsent: &'a Unsent) -> idempotency::Parts<'a> {
        idempotency::Parts {
            lead_id: self.lead_id,
            date_modified: &self.lead_modified,
            request: &self.request,
            unsent,
            added_mailboxes: &self.added_mailboxes,
        }
    }
}

impl Serialize for Conversion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("lead_id", &self.lead_id)?;
        map.serialize_entry("at", &self.at)?;
        map.serialize_entry("person_match", &self.person_match)?;
        map.serialize_entry("person", &self.person)?;
        map.serialize_entry("company", &self.company)?;
        map.serialize_entry("opportunity", &self.opportunity)?;
        map.serialize_entry("unplaced_custom_fields", &self.unplaced_custom_fields)?;
        map.serialize_entry("idempotency_key", &self.idempotency_key())?;
        map.end()
    }
}

/// Why a lead could not be converted. The lead is handed back unchanged.
///
/// ```
/// use copper_lead::convert::{ConvertErrorKind, ConvertOptions};
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{Lead, Timestamp};
///
/// let at = Timestamp::from_unix(1_700_000_000)?;
/// let unsaved = Lead::builder("Ada").build()?; // no id: not in Copper yet
/// let qualified = QualifiedLead::by_decision(unsaved, &Validator::new(), Decision::new(at))?;
/// let err = qualified.convert(&ConvertOptions::new(at)).unwrap_err();
/// assert_eq!(err.kind(), &ConvertErrorKind::MissingLeadId);
/// assert_eq!(err.into_lead().name.as_deref(), Some("Ada")); // handed back
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertError {
    lead: Box<Lead>,
    kind: ConvertErrorKind,
    message: String,
}

/// The cause of a [`ConvertError`].
///
/// ```
/// use copper_lead::convert::ConvertOptions;
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{EmailCategory, Lead, LeadId, Timestamp};
///
/// let at = Timestamp::from_unix(1_700_000_000)?;
/// let lead = Lead::builder("Ada Lovelace")
///     .id(LeadId::new(1))
///     .email("ada@engines.example", EmailCategory::Work)
///     .company_name("Analytical Engines")
///     .build()?;
/// let qualified = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// use copper_lead::PipelineId;
/// use copper_lead::convert::{ConvertErrorKind, ConvertOption, OpportunityOptions, OptionProblem};
///
/// let options = ConvertOptions::new(at)
///     .opportunity(OpportunityOptions::new(PipelineId::new(1)).monetary_unit("usd"));
/// let err = qualified.convert(&options).unwrap_err();
/// assert_eq!(err.kind(), &ConvertErrorKind::InvalidOption {
///     option: ConvertOption::OpportunityMonetaryUnit,
///     problem: OptionProblem::NotACurrencyCode,
/// });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConvertErrorKind {
    /// The lead does not qualify: it is at another stage than Qualified, its status is not in
    /// the status catalog, or it has validation errors.
    NotQualified(NotQualifiedReason),
    /// The lead has no id (it does not exist in Copper yet).
    MissingLeadId,
    /// An option value that cannot be used.
    InvalidOption {
        /// Which option has the value.
        option: ConvertOption,
        /// What is wrong with it.
        problem: OptionProblem,
    },
}

/// An option of a conversion that can be set to a value it cannot use.
///
/// ```
/// use copper_lead::convert::ConvertOption;
///
/// assert_eq!(ConvertOption::OpportunityMonetaryUnit.as_str(), "opportunity.monetary_unit");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConvertOption {
    /// `person.name`.
    PersonName,
    /// `company.name`.
    CompanyName,
    /// `opportunity.name`.
    OpportunityName,
    /// `opportunity.monetary_value`.
    OpportunityMonetaryValue,
    /// `opportunity.monetary_unit`.
    OpportunityMonetaryUnit,
}

impl ConvertOption {
    /// The option's name: `person.name`, `opportunity.monetary_value`, ...
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ConvertOption::PersonName => "person.name",
            ConvertOption::CompanyName => "company.name",
            ConvertOption::OpportunityName => "opportunity.name",
            ConvertOption::OpportunityMonetaryValue => "opportunity.monetary_value",
            ConvertOption::OpportunityMonetaryUnit => "opportunity.monetary_unit",
        }
    }
}

impl fmt::Display for ConvertOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with an option's value.
///
/// ```
/// use copper_lead::convert::OptionProblem;
///
/// assert_eq!(OptionProblem::Negative.to_string(), "is negative");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OptionProblem {
    /// Empty or only whitespace.
    Blank,
    /// An amount that is not a finite number.
    NotANumber,
    /// An amount below zero.
    Negative,
    /// A currency that is not an ISO 4217 code (three upper-case letters).
    NotACurrencyCode,
}

impl fmt::Display for OptionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OptionProblem::Blank => "is blank",
            OptionProblem::NotANumber => "is not a finite number",
            OptionProblem::Negative => "is negative",
            OptionProblem::NotACurrencyCode => "is not three upper-case letters",
        })
    }
}

impl ConvertError {
    fn new(lead: Lead, kind: ConvertErrorKind) -> Self {
        let message = match &kind {
            ConvertErrorKind::NotQualified(reason) => {
                format!("cannot convert: the lead is not qualified ({reason})")
            }
            ConvertErrorKind::MissingLeadId => {
                "cannot convert a lead without an id (it does not exist in Copper yet)".to_owned()
            }
            ConvertErrorKind::InvalidOption {
                option: ConvertOption::CompanyName,
                problem: OptionProblem::Blank,
            } => "cannot convert with option company.name: is blank; use CompanyChoice::None for \
                  no company"
                .to_owned(),
            ConvertErrorKind::InvalidOption { option, problem } => {
                format!("cannot convert with option {option}: {problem}")
            }
        };
        ConvertError {
            lead: Box::new(lead),
            kind,
            message,
        }
    }

    /// The cause, to match on (the message is in `Display`).
    #[must_use]
    pub fn kind(&self) -> &ConvertErrorKind {
        &self.kind
    }

    /// The lead, unchanged.
    #[must_use]
    pub fn lead(&self) -> &Lead {
        &self.lead
    }

    /// The lead back, unchanged.
    #[must_use]
    pub fn into_lead(self) -> Lead {
        *self.lead
    }
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConvertError {
    /// The validation errors, for a lead refused as invalid.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ConvertErrorKind::NotQualified(reason) => reason.validation_errors().map(|e| e as _),
            ConvertErrorKind::MissingLeadId | ConvertErrorKind::InvalidOption { .. } => None,
        }
    }
}

impl fmt::Display for ConvertErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvertErrorKind::NotQualified(NotQualifiedReason::Stage(stage)) => {
                write!(f, "not qualified (stage {stage})")
            }
            ConvertErrorKind::NotQualified(reason) => fmt::Display::fmt(reason, f),
            ConvertErrorKind::MissingLeadId => f.write_str("no lead id"),
            ConvertErrorKind::InvalidOption { option, problem } => write!(f, "{option}: {problem}"),
        }
    }
}

impl From<NotQualified> for ConvertError {
    /// Keeps the qualification's message, which says how to qualify the lead.
    fn from(err: NotQualified) -> Self {
        let (lead, reason, message) = err.into_parts();
        ConvertError {
            lead: Box::new(lead),
            kind: ConvertErrorKind::NotQualified(reason),
            message: format!("cannot convert: {message}"),
        }
    }
}

impl QualifiedLead {
    /// Converts the lead; see the [module docs](crate::convert) for the mapping.
    ///
    /// # Errors
    ///
    /// [`ConvertError`] (holding the lead) when the lead has no id or an option is invalid
    /// (a blank name, a negative or non-numeric amount, a currency that is not three
    /// upper-case letters).
    ///
    /// ```
    /// use copper_lead::convert::ConvertOptions;
    /// use copper_lead::lifecycle::QualifiedLead;
    /// use copper_lead::{Lead, LeadId, LeadStatus, Timestamp};
    ///
    /// let lead = Lead::builder("Ada").id(LeadId::new(1)).status(LeadStatus::Qualified).build()?;
    /// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
    /// assert_eq!(conversion.person().name.as_deref(), Some("Ada"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn convert(self, options: &ConvertOptions<'_>) -> Result<Conversion, ConvertError> {
        let lead = self.into_lead();
        match check(&lead, options) {
            Ok(lead_id) => Ok(convert(lead, lead_id, options)),
            Err(kind) => Err(ConvertError::new(lead, kind)),
        }
    }
}

/// A date as Copper shows an opportunity's `close_date`: month, day and year, not padded
/// (`1/7/2020`, as in its recorded opportunities).
fn close_date_text(date: time::Date) -> String {
    format!("{}/{}/{}", u8::from(date.month()), date.day(), date.year())
}

/// Checks what a conversion needs before anything is consumed.
fn check(lead: &Lead, options: &ConvertOptions<'_>) -> Result<LeadId, ConvertErrorKind> {
    let invalid = |option, problem| ConvertErrorKind::InvalidOption { option, problem };
    let lead_id = lead
        .id
        .value()
        .copied()
        .ok_or(ConvertErrorKind::MissingLeadId)?;
    if options.person.name.as_deref().is_some_and(is_blank) {
        return Err(invalid(ConvertOption::PersonName, OptionProblem::Blank));
    }
    if let CompanyChoice::Named { name, .. } = &options.company
        && is_blank(name)
    {
        return Err(invalid(ConvertOption::CompanyName, OptionProblem::Blank));
    }
    if let OpportunityChoice::Create(opportunity) = &options.opportunity {
        if opportunity.name.as_deref().is_some_and(is_blank) {
            return Err(invalid(
                ConvertOption::OpportunityName,
                OptionProblem::Blank,
            ));
        }
        match opportunity
            .monetary_value
            .as_ref()
            .and_then(Amount::money_problem)
        {
            Some(MoneyProblem::NotANumber) => {
                return Err(invalid(
                    ConvertOption::OpportunityMonetaryValue,
                    OptionProblem::NotANumber,
                ));
            }
            Some(MoneyProblem::Negative) => {
                return Err(invalid(
                    ConvertOption::OpportunityMonetaryValue,
                    OptionProblem::Negative,
                ));
            }
            None => {}
        }
        if opportunity
            .monetary_unit
            .as_deref()
            .is_some_and(|unit| !is_currency_code(unit))
        {
            return Err(invalid(
                ConvertOption::OpportunityMonetaryUnit,
                OptionProblem::NotACurrencyCode,
            ));
        }
    }
    Ok(lead_id)
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Which new records a custom field value goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Targets {
    person: bool,
    company: bool,
    opportunity: bool,
}

/// The company side of a conversion, decided from the options and the lead.
struct CompanyPlan {
    /// The name of the company to attach or create, if any.
    name: Option<String>,
    /// How Copper matches that name.
    matching: Option<NameMatch>,
    /// The attached existing company, if any.
    existing: Field<CompanyId>,
    request: CompanyRequest,
}

fn plan_company(choice: &CompanyChoice, lead_company: Option<&str>) -> CompanyPlan {
    let named = |name: &str, matching: NameMatch| CompanyPlan {
        name: Some(name.to_owned()),
        matching: Some(matching),
        existing: Field::Absent,
        request: CompanyRequest::Named {
            name: name.to_owned(),
            exact_match: Some(matching == NameMatch::Exact),
        },
    };
    let none = || CompanyPlan {
        name: None,
        matching: None,
        existing: Field::Absent,
        request: CompanyRequest::Named {
            name: String::new(),
            exact_match: None,
        },
    };
    match (choice, lead_company) {
        (CompanyChoice::FromLead { matching }, Some(name)) => named(name, *matching),
        (CompanyChoice::Named { name, matching }, _) => named(name, *matching),
        (CompanyChoice::Existing(id), _) => CompanyPlan {
            name: None,
            matching: None,
            existing: Field::Value(*id),
            request: CompanyRequest::Existing { id: *id },
        },
        (CompanyChoice::FromLead { .. } | CompanyChoice::None, _) => none(),
    }
}

/// The conversion proper: moves the lead's values into the new records.
fn convert(mut lead: Lead, lead_id: LeadId, options: &ConvertOptions<'_>) -> Conversion {
    let at = options.at;
    let values = std::mem::take(&mut lead.custom_fields)
        .into_value()
        .unwrap_or_default();
    let lead_company = lead.company_name.as_deref().filter(|n| !is_blank(n));
    let plan = plan_company(&options.company, lead_company);
    let opportunity_options = match &options.opportunity {
        OpportunityChoice::Create(o) => Some(o),
        OpportunityChoice::None => None,
    };
    let created = Targets {
        person: true,
        company: plan.name.is_some(),
        opportunity: opportunity_options.is_some(),
    };
    let placed = place(values, options, created);
    let conversions = Field::Value(vec![ConvertedFrom::new(lead_id, at)]);

    let company = match (&plan.name, plan.existing) {
        (Some(name), _) => ConvertedCompany::ByName {
            company: new_company(name, &lead, &options.public_mailboxes, placed.company, at),
            matching: plan.matching.unwrap_or(NameMatch::Exact),
        },
        (None, Field::Value(id)) => ConvertedCompany::Existing(id),
        (None, _) => ConvertedCompany::None,
    };
    let (opportunity, opportunity_request) = opportunity_options
        .map(|o| {
            // The default name: the company's, else the lead's company name, else the lead's.
            let name = o
                .name
                .clone()
                .or_else(|| plan.name.clone())
                .or_else(|| lead_company.map(str::to_owned))
                .or_else(|| lead.name.value().cloned())
                .unwrap_or_default();
            new_opportunity(
                o,
                name,
                &lead,
                &plan,
                conversions.clone(),
                placed.opportunity,
                at,
            )
        })
        .unzip();
    let person = new_person(lead, options, &plan, conversions, placed.person, at);
    let request = ConvertRequest::new(
        lead_id,
        Details {
            person: PersonRequest {
                name: person.record.name.value().cloned(),
                contact_type_id: options.person.contact_type_id,
                assignee_id: person.record.assignee_id.value().copied(),
            },
            company: plan.request,
            opportunity: opportunity_request,
        },
    );
    let person_match = person
        .record
        .emails
        .items()
        .first()
        .and_then(|e| e.email.value())
        .map_or(PersonMatch::New, |email| {
            PersonMatch::ByEmail(email.clone())
        });
    // Sorted: they come from a set.
    let added_mailboxes: Vec<String> = options
        .public_mailboxes
        .added()
        .map(str::to_owned)
        .collect();
    Conversion {
        lead_id,
        at,
        lead_modified: person.date_modified_of_lead,
        person_match,
        person: person.record,
        company,
        opportunity,
        unplaced_custom_fields: placed.unplaced,
        request,
        added_mailboxes,
    }
}

/// A new company: the name, the lead's address, work phones and websites, and an email
/// domain unless the lead's mailbox is a public one.
fn new_company(
    name: &str,
    lead: &Lead,
    mailboxes: &PublicMailboxes,
    custom_fields: Vec<CustomFieldValue>,
    at: Timestamp,
) -> Company {
    let email_domain = lead.email.value().and_then(|e| mailboxes.company_domain(e));
    let work_phones = lead
        .phone_numbers
        .items()
        .iter()
        .filter(|p| p.category.value() == Some(&PhoneCategory::Work))
        .cloned()
        .collect();
    Company {
        name: Field::Value(name.to_owned()),
        address: lead.address.clone(),
        email_domain: email_domain.map_or(Field::Absent, Field::Value),
        phone_numbers: Field::Value(work_phones),
        websites: lead.websites.clone(),
        custom_fields: Field::Value(custom_fields),
        date_created: Field::Value(at),
        date_modified: Field::Value(at),
        ..Company::default()
    }
}

/// A new opportunity and its part of the request.
fn new_opportunity(
    o: &OpportunityOptions,
    name: String,
    lead: &Lead,
    plan: &CompanyPlan,
    conversions: Field<Vec<ConvertedFrom>>,
    custom_fields: Vec<CustomFieldValue>,
    at: Timestamp,
) -> (Opportunity, OpportunityRequest) {
    let assignee = o.assignee_id.map_or(lead.assignee_id, Field::Value);
    let value = o
        .monetary_value
        .clone()
        .map_or_else(|| lead.monetary_value.clone(), Field::Value);
    let request = OpportunityRequest {
        name: name.clone(),
        pipeline_id: o.pipeline_id,
        pipeline_stage_id: o.pipeline_stage_id,
        monetary_value: value.value().cloned(),
        assignee_id: assignee.value().copied(),
    };
    let opportunity = Opportunity {
        name: Field::Value(name),
        assignee_id: assignee,
        close_date: o
            .close_date
            .map_or(Field::Absent, |date| Field::Value(close_date_text(date))),
        company_id: plan.existing,
        company_name: plan.name.clone().map_or(Field::Absent, Field::Value),
        customer_source_id: lead.customer_source_id,
        pipeline_id: Field::Value(o.pipeline_id),
        pipeline_stage_id: o.pipeline_stage_id.map_or(Field::Absent, Field::Value),
        priority: o.priority.clone().map_or(Field::Null, Field::Value),
        status: Field::Value(OpportunityStatus::Open),
        monetary_unit: o
            .monetary_unit
            .clone()
            .map_or_else(|| lead.monetary_unit.clone(), Field::Value),
        monetary_value: value,
        leads_converted_from: conversions,
        date_lead_created: lead.date_created,
        date_created: Field::Value(at),
        date_modified: Field::Value(at),
        custom_fields: Field::Value(custom_fields),
        ..Opportunity::default()
    };
    (opportunity, request)
}

/// The new person, and the lead's `date_modified` (the last thing taken from the lead).
struct NewPerson {
    record: Person,
    date_modified_of_lead: Field<Timestamp>,
}

/// The new person, moving the lead's values (the lead is consumed here).
fn new_person(
    lead: Lead,
    options: &ConvertOptions<'_>,
    plan: &CompanyPlan,
    conversions: Field<Vec<ConvertedFrom>>,
    custom_fields: Vec<CustomFieldValue>,
    at: Timestamp,
) -> NewPerson {
    let overridden = options.person.name.is_some();
    let part = |part: Field<String>| if overridden { Field::Absent } else { part };
    let record = Person {
        name: options.person.name.clone().map_or(lead.name, Field::Value),
        prefix: part(lead.prefix),
        first_name: part(lead.first_name),
        middle_name: part(lead.middle_name),
        last_name: part(lead.last_name),
        suffix: part(lead.suffix),
        address: lead.address,
        assignee_id: options
            .person
            .assignee_id
            .map_or(lead.assignee_id, Field::Value),
        company_id: plan.existing,
        company_name: plan.name.clone().map_or(Field::Absent, Field::Value),
        contact_type_id: options
            .person
            .contact_type_id
            .map_or(Field::Absent, Field::Value),
        details: lead.details,
        emails: Field::Value(lead.email.into_value().into_iter().collect()),
        phone_numbers: lead.phone_numbers,
        socials: lead.socials,
        tags: lead.tags,
        title: lead.title,
        websites: lead.websites,
        custom_fields: Field::Value(custom_fields),
        date_created: Field::Value(at),
        date_modified: Field::Value(at),
        leads_converted_from: conversions,
        date_lead_created: lead.date_created,
        ..Person::default()
    };
    NewPerson {
        record,
        date_modified_of_lead: lead.date_modified,
    }
}

/// Custom field values split by record.
struct Placed {
    person: Vec<CustomFieldValue>,
    company: Vec<CustomFieldValue>,
    opportunity: Vec<CustomFieldValue>,
    unplaced: Vec<CustomFieldValue>,
}

fn place(values: Vec<CustomFieldValue>, options: &ConvertOptions<'_>, created: Targets) -> Placed {
    let capacity = |created: bool| if created { values.len() } else { 0 };
    let mut placed = Placed {
        person: Vec::with_capacity(values.len()),
        company: Vec::with_capacity(capacity(created.company)),
        opportunity: Vec::with_capacity(capacity(created.opportunity)),
        unplaced: Vec::new(),
    };
    for value in values {
        let id = value.custom_field_definition_id.value().copied();
        let on = |entity: &EntityType| match (options.custom_fields, id) {
            (None, _) => true,
            (Some(catalog), Some(id)) => catalog.get(id).is_some_and(|d| d.is_available_on(entity)),
            (Some(_), None) => false,
        };
        let targets = Targets {
            person: created.person && on(&EntityType::Person),
            company: created.company && on(&EntityType::Company),
            opportunity: created.opportunity && on(&EntityType::Opportunity),
        };
        if targets.company {
            placed.company.push(value.clone());
        }
        if targets.opportunity {
            placed.opportunity.push(value.clone());
        }
        match (targets.person, targets.company || targets.opportunity) {
            (true, _) => placed.person.push(value),
            (false, false) => placed.unplaced.push(value),
            (false, true) => {}
        }
    }
    placed
}
