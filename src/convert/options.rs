//! [`ConvertOptions`]: what a conversion creates, as enums rather than flags.

use super::PublicMailboxes;
use crate::custom_field::catalog::CustomFieldCatalog;
use crate::model::amount::Amount;
use crate::model::id::{CompanyId, ContactTypeId, PipelineId, PipelineStageId, UserId};
use crate::model::opportunity::OpportunityPriority;
use crate::model::timestamp::Timestamp;
use time::Date;

/// How a conversion treats the person, the company and the opportunity, and when it happens.
///
/// The time is passed in (there is no hidden clock), so the same lead, options and time
/// always give the same result and the same idempotency key.
///
/// ```
/// use copper_lead::convert::{CompanyChoice, ConvertOptions, NameMatch, OpportunityOptions};
/// use copper_lead::{PipelineId, Timestamp};
///
/// let at = Timestamp::from_unix(1_700_000_000)?;
/// let options = ConvertOptions::new(at)
///     .company(CompanyChoice::Named { name: "Noemail".into(), matching: NameMatch::Exact })
///     .opportunity(OpportunityOptions::new(PipelineId::new(213214)).name("Demo Project"));
/// assert_eq!(options.at, at);
/// assert!(options.custom_fields.is_none()); // every value to every record
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ConvertOptions<'a> {
    /// Overrides for the new person.
    pub person: PersonOptions,
    /// Which company, if any.
    pub company: CompanyChoice,
    /// Whether to create an opportunity.
    pub opportunity: OpportunityChoice,
    /// When the conversion happens.
    pub at: Timestamp,
    /// The account's custom field definitions: when given, each custom field value goes only
    /// to the records its definition is available on.
    pub custom_fields: Option<&'a CustomFieldCatalog>,
    /// The email domains that never become a new company's `email_domain`.
    pub public_mailboxes: PublicMailboxes,
}

impl ConvertOptions<'static> {
    /// Defaults at time `at`: company from the lead's `company_name` (matched exactly), no
    /// opportunity, custom field values to every record.
    #[must_use]
    pub fn new(at: Timestamp) -> Self {
        ConvertOptions {
            person: PersonOptions::default(),
            company: CompanyChoice::default(),
            opportunity: OpportunityChoice::default(),
            at,
            custom_fields: None,
            public_mailboxes: PublicMailboxes::new(),
        }
    }
}

impl<'a> ConvertOptions<'a> {
    /// With person overrides.
    #[must_use]
    pub fn person(mut self, person: PersonOptions) -> Self {
        self.person = person;
        self
    }

    /// With a company choice.
    #[must_use]
    pub fn company(mut self, company: CompanyChoice) -> Self {
        self.company = company;
        self
    }

    /// Creating an opportunity.
    #[must_use]
    pub fn opportunity(mut self, opportunity: OpportunityOptions) -> Self {
        self.opportunity = OpportunityChoice::Create(opportunity);
        self
    }

    /// With more public mailbox domains than the shipped list (an account's own free-mail
    /// providers), which never become a company's `email_domain`.
    #[must_use]
    pub fn public_mailboxes(mut self, mailboxes: PublicMailboxes) -> Self {
        self.public_mailboxes = mailboxes;
        self
    }

    /// With the account's custom field definitions.
    #[must_use]
    pub fn custom_fields<'b>(self, definitions: &'b CustomFieldCatalog) -> ConvertOptions<'b>
    where
        'a: 'b,
    {
        ConvertOptions {
            custom_fields: Some(definitions),
            ..self
        }
    }
}

/// Overrides for the new person; each defaults to the lead's value.
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
/// use copper_lead::convert::PersonOptions;
/// use copper_lead::{ContactTypeId, UserId};
///
/// let options = ConvertOptions::new(at).person(
///     PersonOptions::new().name("Augusta Ada King").contact_type_id(ContactTypeId::new(451492)).assignee_id(UserId::new(7)),
/// );
/// let conversion = qualified.convert(&options)?;
/// assert_eq!(
///     serde_json::to_value(conversion.request())?["details"]["person"],
///     serde_json::json!({"name": "Augusta Ada King", "contact_type_id": 451492, "assignee_id": 7})
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PersonOptions {
    /// The person's name (default: the lead's `name`, with its parts).
    pub name: Option<String>,
    /// The contact type (`GET /contact_types`); Copper's default when `None`.
    pub contact_type_id: Option<ContactTypeId>,
    /// The assignee (default: the lead's).
    pub assignee_id: Option<UserId>,
}

impl PersonOptions {
    /// No overrides.
    #[must_use]
    pub fn new() -> Self {
        PersonOptions::default()
    }

    /// With a name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// With a contact type.
    #[must_use]
    pub fn contact_type_id(mut self, id: ContactTypeId) -> Self {
        self.contact_type_id = Some(id);
        self
    }

    /// With an assignee.
    #[must_use]
    pub fn assignee_id(mut self, id: UserId) -> Self {
        self.assignee_id = Some(id);
        self
    }
}

/// How Copper matches a company by name (`exact_match`).
///
/// This crate matches exactly unless asked otherwise: Copper's own default when
/// `exact_match` is left out is fuzzy matching, which Copper documents as returning a list of
/// candidate companies ([`ResponseCompany::Candidates`](super::ResponseCompany)) rather than a
/// conversion you can rely on.
///
/// ```
/// use copper_lead::convert::{CompanyChoice, NameMatch};
///
/// assert_eq!(NameMatch::default(), NameMatch::Exact);
/// assert_eq!(CompanyChoice::default(), CompanyChoice::FromLead { matching: NameMatch::Exact });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NameMatch {
    /// Attach only a company with exactly this name, else create one.
    #[default]
    Exact,
    /// Attach a company with a similar name (or offer candidates), else create one.
    Fuzzy,
}

/// Which company the converted lead belongs to.
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
/// use copper_lead::CompanyId;
/// use copper_lead::convert::CompanyChoice;
///
/// let options = ConvertOptions::new(at).company(CompanyChoice::Existing(CompanyId::new(13349319)));
/// let conversion = qualified.convert(&options)?;
/// assert_eq!(serde_json::to_value(conversion.request())?["details"]["company"], serde_json::json!({"id": 13349319}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompanyChoice {
    /// Attach or create the company named by the lead's `company_name`; no company when the
    /// lead has none. The default matches the name exactly.
    FromLead {
        /// How Copper matches the name.
        matching: NameMatch,
    },
    /// Attach an existing company.
    Existing(CompanyId),
    /// Attach or create the company with this name.
    Named {
        /// The company name.
        name: String,
        /// How Copper matches it.
        matching: NameMatch,
    },
    /// No company.
    None,
}

impl Default for CompanyChoice {
    /// The lead's company, matched exactly.
    fn default() -> Self {
        CompanyChoice::FromLead {
            matching: NameMatch::Exact,
        }
    }
}

/// Whether the conversion creates an opportunity.
///
/// ```
/// use copper_lead::convert::{ConvertOptions, OpportunityChoice, OpportunityOptions};
/// use copper_lead::{PipelineId, Timestamp};
///
/// let options = ConvertOptions::new(Timestamp::from_unix(1)?);
/// assert_eq!(options.opportunity, OpportunityChoice::None);
/// let options = options.opportunity(OpportunityOptions::new(PipelineId::new(1)));
/// assert!(matches!(options.opportunity, OpportunityChoice::Create(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub enum OpportunityChoice {
    /// No opportunity.
    #[default]
    None,
    /// Create one.
    Create(OpportunityOptions),
}

/// The new opportunity: a pipeline (required) and optional overrides.
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
/// use copper_lead::convert::OpportunityOptions;
/// use copper_lead::{PipelineId, PipelineStageId};
///
/// let options = ConvertOptions::new(at).opportunity(
///     OpportunityOptions::new(PipelineId::new(213214))
///         .pipeline_stage_id(PipelineStageId::new(987790))
///         .name("Demo Project")
///         .monetary_value(1000)
///         .monetary_unit("EUR"),
/// );
/// let conversion = qualified.convert(&options)?;
/// assert_eq!(
///     serde_json::to_value(conversion.request())?["details"]["opportunity"],
///     serde_json::json!({"name": "Demo Project", "pipeline_id": 213214,
///                        "pipeline_stage_id": 987790, "monetary_value": 1000})
/// );
/// // The currency is not part of the request: it is set afterwards.
/// assert_eq!(conversion.unsent().opportunity().and_then(|o| o.monetary_unit.as_deref()), Some("EUR"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OpportunityOptions {
    /// The pipeline (`GET /pipelines`).
    pub pipeline_id: PipelineId,
    /// The pipeline stage; Copper uses the pipeline's first when `None`.
    pub pipeline_stage_id: Option<PipelineStageId>,
    /// The name (default: the company's name, else the lead's `company_name`, else the lead's
    /// name).
    pub name: Option<String>,
    /// The value (default: the lead's `monetary_value`).
    pub monetary_value: Option<Amount>,
    /// The currency of `monetary_value` (default: the lead's `monetary_unit`).
    pub monetary_unit: Option<String>,
    /// The assignee (default: the lead's).
    pub assignee_id: Option<UserId>,
    /// The expected close date, written as Copper shows it (`"1/7/2020"`: month, day, year).
    /// Not part of Copper's convert request: set afterwards
    /// ([`Conversion::unsent`](super::Conversion::unsent)).
    pub close_date: Option<Date>,
    /// The priority. Not part of Copper's convert request (which leaves it `null`): set
    /// afterwards ([`Conversion::unsent`](super::Conversion::unsent)).
    pub priority: Option<OpportunityPriority>,
}

impl OpportunityOptions {
    /// An opportunity in `pipeline`, everything else defaulted.
    #[must_use]
    pub fn new(pipeline: PipelineId) -> Self {
        OpportunityOptions {
            pipeline_id: pipeline,
            pipeline_stage_id: None,
            name: None,
            monetary_value: None,
            monetary_unit: None,
            assignee_id: None,
            close_date: None,
            priority: None,
        }
    }

    /// In a given pipeline stage.
    #[must_use]
    pub fn pipeline_stage_id(mut self, stage: PipelineStageId) -> Self {
        self.pipeline_stage_id = Some(stage);
        self
    }

    /// With a name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// With a value (an integer, or `Amount::try_from(99.5)?`).
    #[must_use]
    pub fn monetary_value(mut self, value: impl Into<Amount>) -> Self {
        self.monetary_value = Some(value.into());
        self
    }

    /// With a currency: an ISO 4217 code such as `EUR`. Copper's convert request cannot carry
    /// it: it is set afterwards ([`Conversion::unsent`](super::Conversion::unsent)).
    #[must_use]
    pub fn monetary_unit(mut self, code: impl Into<String>) -> Self {
        self.monetary_unit = Some(code.into());
        self
    }

    /// With an assignee.
    #[must_use]
    pub fn assignee_id(mut self, id: UserId) -> Self {
        self.assignee_id = Some(id);
        self
    }

    /// With a close date.
    ///
    /// ```
    /// use copper_lead::PipelineId;
    /// use copper_lead::convert::OpportunityOptions;
    /// use copper_lead::time::{Date, Month};
    ///
    /// let options = OpportunityOptions::new(PipelineId::new(1))
    ///     .close_date(Date::from_calendar_date(2020, Month::January, 7)?);
    /// assert_eq!(options.close_date.map(|d| d.day()), Some(7));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn close_date(mut self, date: Date) -> Self {
        self.close_date = Some(date);
        self
    }

    /// With a priority.
    #[must_use]
    pub fn priority(mut self, priority: OpportunityPriority) -> Self {
        self.priority = Some(priority);
        self
    }
}
