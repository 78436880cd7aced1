//! The lookups a conversion (and a sync) needs to turn names into ids: lead statuses, custom
//! field definitions (all, or one by id), pipelines and their stages (all, or one pipeline's), contact types, customer sources, loss
//! reasons, users and the account (its time zone); and finding an existing person by email or
//! company by email domain before Copper matches them on its own. Each is a typed
//! [`Request`].
//!
//! ```
//! use copper_lead::api::Response;
//! use copper_lead::lifecycle::{StageMap, StatusCatalog};
//! use copper_lead::lookup;
//!
//! let request = lookup::lead_statuses();
//! assert_eq!(request.path(), "/lead_statuses");
//! let statuses = request.read(&Response::new(200, br#"[
//!     {"id": 208231, "name": "New", "order": 1, "is_default": true},
//!     {"id": 208232, "name": "Open", "order": 2, "is_default": false}]"#))?;
//! let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new())?;
//! assert_eq!(catalog.default_entry().map(|e| e.status().as_str()), Some("New"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;
use serde_json::Value;

use crate::api::request::{Method, Request};
use crate::custom_field::definition::CustomFieldDefinition;
use crate::lifecycle::catalog::LeadStatusDefinition;
use crate::model::company::Company;
use crate::model::id::{
    AccountId, ContactTypeId, CustomFieldDefinitionId, CustomerSourceId, LossReasonId, PipelineId,
    PipelineStageId, UserId,
};
use crate::model::person::Person;
use crate::wire::record::wire_record;

/// `GET /lead_statuses`: the account's lead statuses, for
/// [`StatusCatalog::from_definitions`](crate::lifecycle::StatusCatalog::from_definitions)
/// (the [module](self) example reads them into a catalog).
///
/// ```
/// use copper_lead::api::{Method, Response};
/// use copper_lead::lookup;
///
/// let request = lookup::lead_statuses();
/// assert_eq!((request.method(), request.path()), (Method::Get, "/lead_statuses"));
/// let statuses = request.read(&Response::new(200, br#"[{"id": 208231, "name": "New", "order": 1, "is_default": true}]"#))?;
/// assert_eq!(statuses[0].name.as_deref(), Some("New"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn lead_statuses() -> Request<Vec<LeadStatusDefinition>> {
    Request::new(Method::Get, "/lead_statuses".to_owned())
}

/// `GET /custom_field_definitions`: every custom field definition of the account, for a
/// [`CustomFieldCatalog`](crate::custom_field::CustomFieldCatalog).
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::custom_field::CustomFieldCatalog;
/// use copper_lead::lookup;
///
/// let request = lookup::custom_field_definitions();
/// assert_eq!(request.path(), "/custom_field_definitions");
/// let definitions = request.read(&Response::new(200, br#"[{"id": 100764, "name": "Referral",
///     "data_type": "String", "available_on": ["lead", "person"]}]"#))?;
/// let catalog = CustomFieldCatalog::new(definitions);
/// assert_eq!(catalog.by_name("Referral").map(|d| d.id.value().map(|id| id.get())), Some(Some(100764)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn custom_field_definitions() -> Request<Vec<CustomFieldDefinition>> {
    Request::new(Method::Get, "/custom_field_definitions".to_owned())
}

/// `GET /custom_field_definitions/{id}`: one custom field definition (a `404` when the account
/// has none with that id).
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::custom_field::CustomFieldDataType;
/// use copper_lead::{CustomFieldDefinitionId, lookup};
///
/// let request = lookup::custom_field_definition(CustomFieldDefinitionId::new(126240));
/// assert_eq!(request.path(), "/custom_field_definitions/126240");
/// let color = request.read(&Response::new(200, br#"{"id": 126240, "name": "Color option",
///     "data_type": "Dropdown", "available_on": ["opportunity", "project"],
///     "options": [{"id": 167776, "name": "Yellow", "rank": 4}]}"#))?;
/// assert_eq!(color.data_type.value(), Some(&CustomFieldDataType::Dropdown));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn custom_field_definition(id: CustomFieldDefinitionId) -> Request<CustomFieldDefinition> {
    Request::new(Method::Get, format!("/custom_field_definitions/{id}"))
}

/// `GET /pipelines`: the opportunity pipelines, each with its stages.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::lookup;
///
/// let pipelines = lookup::pipelines().read(&Response::new(200, br#"[{"id": 213214, "name": "Sales",
///     "stages": [{"id": 987790, "name": "Qualified", "win_probability": 5}]}]"#))?;
/// let sales = lookup::Pipeline::find(&pipelines, "sales").expect("a pipeline named Sales");
/// assert_eq!(sales.stage("Qualified").and_then(|s| s.id.value()).map(|id| id.get()), Some(987790));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn pipelines() -> Request<Vec<Pipeline>> {
    Request::new(Method::Get, "/pipelines".to_owned())
}

/// `GET /pipeline_stages`: the stages of every pipeline, each with its `pipeline_id`.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::lookup;
///
/// let stages = lookup::pipeline_stages().read(&Response::new(200, br#"[
///     {"id": 987790, "name": "Qualified", "pipeline_id": 213214, "win_probability": 5}]"#))?;
/// assert_eq!(stages[0].pipeline_id.value().map(|id| id.get()), Some(213214));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn pipeline_stages() -> Request<Vec<PipelineStage>> {
    Request::new(Method::Get, "/pipeline_stages".to_owned())
}

/// `GET /pipeline_stages/pipeline/{id}`: the stages of one pipeline, each with its
/// `pipeline_id`.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::{PipelineId, lookup};
///
/// let request = lookup::pipeline_stages_of(PipelineId::new(213214));
/// assert_eq!(request.path(), "/pipeline_stages/pipeline/213214");
/// let stages = request.read(&Response::new(200, br#"[
///     {"id": 987790, "name": "Qualified", "pipeline_id": 213214, "win_probability": 5},
///     {"id": 987791, "name": "Follow-up", "pipeline_id": 213214, "win_probability": 10}]"#))?;
/// assert_eq!(stages[1].name.as_deref(), Some("Follow-up"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn pipeline_stages_of(pipeline: PipelineId) -> Request<Vec<PipelineStage>> {
    Request::new(Method::Get, format!("/pipeline_stages/pipeline/{pipeline}"))
}

/// `GET /contact_types`: the account's contact types (for the converted person).
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::lookup::{self, ContactType};
///
/// let types = lookup::contact_types().read(&Response::new(200, br#"[
///     {"id": 451490, "name": "Potential Customer"}, {"id": 451491, "name": "Current Customer"}]"#))?;
/// let potential = ContactType::find(&types, "potential customer").and_then(|t| t.id.value().copied());
/// assert_eq!(potential.map(|id| id.get()), Some(451490));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn contact_types() -> Request<Vec<ContactType>> {
    Request::new(Method::Get, "/contact_types".to_owned())
}

/// `GET /customer_sources`: the account's customer sources.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::lookup::{self, CustomerSource};
///
/// let sources = lookup::customer_sources()
///     .read(&Response::new(200, br#"[{"id": 331240, "name": "Email"}, {"id": 331241, "name": "Cold Call"}]"#))?;
/// let cold_call = CustomerSource::find(&sources, "Cold Call").and_then(|s| s.id.value().copied());
/// assert_eq!(cold_call.map(|id| id.get()), Some(331241));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn customer_sources() -> Request<Vec<CustomerSource>> {
    Request::new(Method::Get, "/customer_sources".to_owned())
}

/// `GET /loss_reasons`: the account's reasons for a lost opportunity.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::lookup::{self, LossReason};
///
/// let reasons = lookup::loss_reasons().read(&Response::new(200, br#"[{"id": 308806, "name": "Price"}]"#))?;
/// assert!(LossReason::find(&reasons, "price").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn loss_reasons() -> Request<Vec<LossReason>> {
    Request::new(Method::Get, "/loss_reasons".to_owned())
}

/// `GET /account`: the account, with its time zone (`primary_timezone`), which Date custom
/// fields are read in.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::lookup;
///
/// let account = lookup::account().read(&Response::new(200, br#"{"id": 9, "name": "Dunder Mifflin",
///     "primary_timezone": "America/New_York", "settings": {"setting_team_permissions_enabled": false}}"#))?;
/// assert_eq!(account.primary_timezone.as_deref(), Some("America/New_York"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn account() -> Request<Account> {
    Request::new(Method::Get, "/account".to_owned())
}

/// `POST /users/search`: one page of the account's users, 200 to a page (Copper has no
/// `GET /users`), pages numbered from 1 (0 reads as 1). Ask for the next page while a page
/// comes back full.
///
/// ```
/// use copper_lead::lookup;
///
/// let request = lookup::users(1);
/// assert_eq!(request.body(), Some(&br#"{"page_number":1,"page_size":200}"#[..]));
/// assert!(request.is_idempotent());
/// ```
#[must_use]
pub fn users(page_number: u32) -> Request<Vec<User>> {
    #[derive(Serialize)]
    struct Page {
        page_number: u32,
        page_size: u32,
    }
    let page = Page {
        page_number: page_number.max(1),
        page_size: 200,
    };
    Request::with_body(Method::Post, "/users/search".to_owned(), &page).idempotent(true)
}

/// `POST /people/fetch_by_email`: the person with this email, or `None` (`404`). Copper
/// identifies people by email, and conversion attaches a lead to the person with its email:
/// this says beforehand whether it will.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::lookup;
///
/// let request = lookup::person_by_email("ada@example.com");
/// assert_eq!(request.body(), Some(&br#"{"email":"ada@example.com"}"#[..]));
/// assert_eq!(request.read(&Response::new(404, br#"{"error": "not_found"}"#))?, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn person_by_email(email: &str) -> Request<Option<Person>> {
    #[derive(Serialize)]
    struct ByEmail<'a> {
        email: &'a str,
    }
    Request::with_body(
        Method::Post,
        "/people/fetch_by_email".to_owned(),
        &ByEmail { email },
    )
    .idempotent(true)
}

/// `POST /companies/search` by email domain (`email_domains`, one domain): the companies with
/// that domain, which Copper uses to identify companies.
///
/// ```
/// use copper_lead::lookup;
///
/// let request = lookup::companies_by_email_domain("example.com");
/// assert_eq!(request.body(), Some(&br#"{"email_domains":"example.com","page_size":200}"#[..]));
/// ```
#[must_use]
pub fn companies_by_email_domain(domain: &str) -> Request<Vec<Company>> {
    #[derive(Serialize)]
    struct ByDomain<'a> {
        email_domains: &'a str,
        page_size: u32,
    }
    let body = ByDomain {
        email_domains: domain,
        page_size: 200,
    };
    Request::with_body(Method::Post, "/companies/search".to_owned(), &body).idempotent(true)
}

wire_record! {
    /// An opportunity pipeline with its stages (`GET /pipelines`; [`pipelines`] has an
    /// example that reads one and finds a stage).
    ///
    /// ```
    /// use copper_lead::lookup::Pipeline;
    ///
    /// let pipeline: Pipeline = serde_json::from_str(r#"{"id": 213214, "name": "Sales",
    ///     "stages": [{"id": 987790, "name": "Qualified", "win_probability": 5}]}"#)?;
    /// assert_eq!(pipeline.stage("qualified").and_then(|s| s.win_probability.value()), Some(&5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Pipeline("a pipeline") {
        /// The pipeline's id.
        id: PipelineId,
        /// Its name.
        name: String,
        /// Its stages, in order.
        stages: Vec<PipelineStage>,
    }
}

impl Pipeline {
    /// The stage with this name: an exact match, else one ignoring case.
    #[must_use]
    pub fn stage(&self, name: &str) -> Option<&PipelineStage> {
        crate::wire::case::find(self.stages.items(), name, |s| s.name.as_deref())
    }
}

wire_record! {
    /// A stage of a pipeline.
    ///
    /// ```
    /// use copper_lead::lookup::PipelineStage;
    ///
    /// let stage: PipelineStage = serde_json::from_str(
    ///     r#"{"id": 987791, "name": "Follow-up", "pipeline_id": 213214, "win_probability": 10}"#,
    /// )?;
    /// assert_eq!(stage.name.as_deref(), Some("Follow-up"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct PipelineStage("a pipeline stage") {
        /// The stage's id.
        id: PipelineStageId,
        /// Its name.
        name: String,
        /// The chance of winning at this stage, in percent.
        win_probability: u64,
        /// Its pipeline (in `GET /pipeline_stages`; absent inside a pipeline).
        pipeline_id: PipelineId,
    }
}

wire_record! {
    /// A contact type (`GET /contact_types`).
    ///
    /// ```
    /// use copper_lead::lookup::ContactType;
    ///
    /// let read: ContactType = serde_json::from_str(r#"{"id": 451492, "name": "Uncategorized"}"#)?;
    /// assert_eq!(read.name.as_deref(), Some("Uncategorized"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ContactType("a contact type") {
        /// Its id.
        id: ContactTypeId,
        /// Its name.
        name: String,
    }
}

wire_record! {
    /// A customer source (`GET /customer_sources`).
    ///
    /// ```
    /// use copper_lead::lookup::CustomerSource;
    ///
    /// let read: CustomerSource = serde_json::from_str(r#"{"id": 331242, "name": "Advertising"}"#)?;
    /// assert_eq!(read.name.as_deref(), Some("Advertising"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct CustomerSource("a customer source") {
        /// Its id.
        id: CustomerSourceId,
        /// Its name.
        name: String,
    }
}

wire_record! {
    /// A reason for a lost opportunity (`GET /loss_reasons`).
    ///
    /// ```
    /// use copper_lead::lookup::LossReason;
    ///
    /// let read: LossReason = serde_json::from_str(r#"{"id": 308807, "name": "Features"}"#)?;
    /// assert_eq!(read.name.as_deref(), Some("Features"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct LossReason("a loss reason") {
        /// Its id.
        id: LossReasonId,
        /// Its name.
        name: String,
    }
}

wire_record! {
    /// A user of the account (`POST /users/search`).
    ///
    /// ```
    /// use copper_lead::lookup::User;
    ///
    /// let read: User = serde_json::from_str(r#"{"id": 137658, "name": "John Doe", "email": "johndoe@copper.com"}"#)?;
    /// assert_eq!(read.email.as_deref(), Some("johndoe@copper.com"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct User("a user") {
        /// Its id.
        id: UserId,
        /// Its name.
        name: String,
        /// Its email address.
        email: String,
    }
}

wire_record! {
    /// The account (`GET /account`; [`account`] has an example).
    ///
    /// ```
    /// use copper_lead::lookup::Account;
    ///
    /// let account: Account = serde_json::from_str(r#"{"id": 9, "primary_timezone": "Europe/Berlin"}"#)?;
    /// assert_eq!(account.primary_timezone.as_deref(), Some("Europe/Berlin"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Account("an account") {
        /// Its id.
        id: AccountId,
        /// Its name.
        name: String,
        /// Its time zone, an IANA name such as `America/New_York`.
        primary_timezone: String,
        /// Its settings, as sent.
        settings: Value,
    }
}

/// `find` by name for the named lookup records.
macro_rules! named {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// The one with this name among `all`: an exact match, else one ignoring case.
            #[must_use]
            pub fn find<'a>(all: &'a [$ty], name: &str) -> Option<&'a $ty> {
                crate::wire::case::find(all, name, |x| x.name.as_deref())
            }
        }
    )*};
}

named!(Pipeline, ContactType, CustomerSource, LossReason, User);
