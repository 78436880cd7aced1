//! [`LeadSearch`]: the body of `POST /leads/search`, and the [`SearchPage`] it answers.

use serde::{Serialize, Serializer};
use serde_json::Value;
use std::time::Duration;

use crate::api::error::ApiError;
use crate::api::request::{Answer, Request};
use crate::api::response::Response;
use crate::model::amount::Amount;
use crate::model::id::{
    CustomFieldDefinitionId, CustomFieldOptionId, CustomerSourceId, LeadId, LeadStatusId, UserId,
};
use crate::model::lead::Lead;
use crate::model::timestamp::Timestamp;

/// How many records a search can page through, whatever the paging: Copper documents that
/// "search requests are limited to returning only the first 100,000 records regardless of the
/// pagination parameters". Narrow the search (by date, say) to reach more.
pub const SEARCH_CAP: u64 = 100_000;

/// The most records on one page (`page_size`), and Copper's default when none is given.
const MAX_PAGE_SIZE: u32 = 200;
const DEFAULT_PAGE_SIZE: u32 = 20;

/// A lead search: every filter Copper documents for `POST /leads/search`, a sort, and the
/// page. Filters all apply (Copper ANDs them); each setter is named after its key in the body. Paging is checked
/// when it is set: `page_size` 1 to 200, `page_number` from 1, and no page starting beyond the
/// first [`SEARCH_CAP`] records.
///
/// To read every page, give the search to a [`Pager`](super::Pager).
///
/// ```
/// use copper_lead::leads::{CustomFieldFilter, LeadSearch, OptionMatch};
/// use copper_lead::{CustomFieldDefinitionId, CustomFieldOptionId, LeadStatusId, Timestamp};
///
/// let search = LeadSearch::new()
///     .page_size(200)?
///     .status_ids([LeadStatusId::new(208231), LeadStatusId::new(208232)])
///     .unassigned()
///     .minimum_modified_date(Timestamp::from_unix(1_700_000_000)?)
///     .custom_field(
///         CustomFieldFilter::options(CustomFieldDefinitionId::new(184997), [CustomFieldOptionId::new(262644)])
///             .matching(OptionMatch::Any),
///     )
///     .include_converted_leads(true);
/// assert_eq!(
///     serde_json::to_string(&search)?,
///     r#"{"page_size":200,"page_number":1,"assignee_ids":[-2],"status_ids":[208231,208232],"minimum_modified_date":1700000000,"custom_fields":[{"custom_field_definition_id":184997,"value":[262644],"option":"ANY"}],"include_converted_leads":true}"#
/// );
/// assert!(LeadSearch::new().page_size(500).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadSearch {
    page_size: u32,
    page_number: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort_by: Option<SortBy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort_direction: Option<SortDirection>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ids: Vec<LeadId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emails: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    assignee_ids: Vec<OrNone<UserId>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status_ids: Vec<LeadStatusId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    customer_source_ids: Vec<OrNone<CustomerSourceId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    socials: Vec<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "followed_code"
    )]
    followed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    age: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_monetary_value: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_monetary_value: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_interaction_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_interaction_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_interaction_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_interaction_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_created_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_created_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_modified_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_modified_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    custom_fields: Vec<CustomFieldFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    include_converted_leads: Option<bool>,
}

impl Default for LeadSearch {
    fn default() -> Self {
        LeadSearch::new()
    }
}

/// Writes the setters of filters that take one value of a type (text, a bound).
macro_rules! value_filters {
    ($ty:ty => $($(#[$meta:meta])* $key:ident;)*) => {$(
        $(#[$meta])*
        #[must_use]
        pub fn $key(mut self, value: impl Into<$ty>) -> Self {
            self.$key = Some(value.into());
            self
        }
    )*};
}

impl LeadSearch {
    /// A search of every lead, 20 to a page (Copper's default), first page, Copper's default
    /// sort (by name).
    #[must_use]
    pub fn new() -> Self {
        LeadSearch {
            page_size: DEFAULT_PAGE_SIZE,
            page_number: 1,
            sort_by: None,
            sort_direction: None,
            ids: Vec::new(),
            name: None,
            phone_number: None,
            emails: None,
            assignee_ids: Vec::new(),
            status_ids: Vec::new(),
            customer_source_ids: Vec::new(),
            city: None,
            state: None,
            postal_code: None,
            country: None,
            tags: Vec::new(),
            socials: Vec::new(),
            followed: None,
            age: None,
            minimum_monetary_value: None,
            maximum_monetary_value: None,
            minimum_interaction_count: None,
            maximum_interaction_count: None,
            minimum_interaction_date: None,
            maximum_interaction_date: None,
            minimum_created_date: None,
            maximum_created_date: None,
            minimum_modified_date: None,
            maximum_modified_date: None,
            custom_fields: Vec::new(),
            include_converted_leads: None,
        }
    }

    /// Records per page, 1 to 200.
    ///
    /// # Errors
    ///
    /// [`SearchError::PageSize`] outside 1 to 200; [`SearchError::BeyondCap`] when the current
    /// page would start beyond [`SEARCH_CAP`].
    pub fn page_size(mut self, size: u32) -> Result<Self, SearchError> {
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(SearchError::PageSize(size));
        }
        self.page_size = size;
        self.check_cap()
    }

    /// The page to read, from 1.
    ///
    /// # Errors
    ///
    /// [`SearchError::PageNumber`] for 0; [`SearchError::BeyondCap`] for a page starting beyond
    /// [`SEARCH_CAP`].
    pub fn page_number(mut self, number: u32) -> Result<Self, SearchError> {
        if number == 0 {
            return Err(SearchError::PageNumber);
        }
        self.page_number = number;
        self.check_cap()
    }

    fn check_cap(self) -> Result<Self, SearchError> {
        if self.first_record() >= SEARCH_CAP {
            return Err(SearchError::BeyondCap {
                page_number: self.page_number,
                page_size: self.page_size,
            });
        }
        Ok(self)
    }

    /// The index (from 0) of the first record of the page.
    pub(crate) fn first_record(&self) -> u64 {
        u64::from(self.page_number.saturating_sub(1)) * u64::from(self.page_size)
    }

    /// The records per page.
    #[must_use]
    pub fn size(&self) -> u32 {
        self.page_size
    }

    /// The page number.
    #[must_use]
    pub fn number(&self) -> u32 {
        self.page_number
    }

    /// The sort: a field and a direction. Copper recommends sorting when paging, and
    /// `date_modified` descending for a sync.
    #[must_use]
    pub fn sort(mut self, by: SortBy, direction: SortDirection) -> Self {
        self.sort_by = Some(by);
        self.sort_direction = Some(direction);
        self
    }

    /// Only these leads (`ids`).
    #[must_use]
    pub fn ids(mut self, ids: impl IntoIterator<Item = LeadId>) -> Self {
        self.ids.extend(ids);
        self
    }

    value_filters! { String =>
        /// The lead's full name (`name`).
        name;
        /// A phone number (`phone_number`): Copper matches part of it for 6 digits or fewer,
        /// fuzzily for more.
        phone_number;
        /// An email address (`emails`: for leads one address, not a list).
        emails;
        /// The address's city (`""` finds leads without one).
        city;
        /// The address's state (`""` finds leads without one).
        state;
        /// The address's postal code (`""` finds leads without one).
        postal_code;
        /// The address's country, as a two-letter code.
        country;
    }

    /// Leads assigned to any of these users (`assignee_ids`).
    #[must_use]
    pub fn assignee_ids(mut self, ids: impl IntoIterator<Item = UserId>) -> Self {
        self.assignee_ids.extend(ids.into_iter().map(OrNone::Id));
        self
    }

    /// Also leads assigned to nobody (`assignee_ids` holds `-2`).
    #[must_use]
    pub fn unassigned(mut self) -> Self {
        self.assignee_ids.push(OrNone::None);
        self
    }

    /// Leads with any of these statuses (`status_ids`).
    #[must_use]
    pub fn status_ids(mut self, ids: impl IntoIterator<Item = LeadStatusId>) -> Self {
        self.status_ids.extend(ids);
        self
    }

    /// Leads from any of these sources (`customer_source_ids`).
    #[must_use]
    pub fn customer_source_ids(mut self, ids: impl IntoIterator<Item = CustomerSourceId>) -> Self {
        self.customer_source_ids
            .extend(ids.into_iter().map(OrNone::Id));
        self
    }

    /// Also leads without a source (`customer_source_ids` holds `-2`).
    #[must_use]
    pub fn without_customer_source(mut self) -> Self {
        self.customer_source_ids.push(OrNone::None);
        self
    }

    /// Leads with at least one of these tags (`tags`), sent as a plain array of strings.
    ///
    /// That is the form Copper's lead search documents (`tags | string[]`, "match at least one
    /// of the tags specified") and the one every client we found sends; one client sends
    /// `{"option": ..., "value": [...]}`, but its lead tools never ran against Copper (leads
    /// were disabled on its sandbox), so that form is not offered (DESIGN.md, "The tags
    /// filter").
    ///
    /// ```
    /// use copper_lead::leads::{self, LeadSearch};
    ///
    /// let request = leads::search(&LeadSearch::new().tags(["vip", "trade show"]));
    /// let body: serde_json::Value = serde_json::from_slice(request.body().unwrap_or_default())?;
    /// assert_eq!(body["tags"], serde_json::json!(["vip", "trade show"]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Leads with any of these social profile URLs (`socials`).
    #[must_use]
    pub fn socials(mut self, urls: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.socials.extend(urls.into_iter().map(Into::into));
        self
    }

    /// Leads the user follows, or does not (`followed`: 1 or 2).
    #[must_use]
    pub fn followed(mut self, followed: bool) -> Self {
        self.followed = Some(followed);
        self
    }

    /// Leads at most this old (`age`, in whole seconds).
    #[must_use]
    pub fn age(mut self, age: Duration) -> Self {
        self.age = Some(age.as_secs());
        self
    }

    value_filters! { Amount =>
        /// The least expected value (`minimum_monetary_value`).
        minimum_monetary_value;
        /// The greatest expected value (`maximum_monetary_value`).
        maximum_monetary_value;
    }

    value_filters! { u64 =>
        /// The fewest interactions (`minimum_interaction_count`).
        minimum_interaction_count;
        /// The most interactions (`maximum_interaction_count`).
        maximum_interaction_count;
    }

    value_filters! { Timestamp =>
        /// Last interaction at or after (`minimum_interaction_date`).
        minimum_interaction_date;
        /// Last interaction at or before (`maximum_interaction_date`).
        maximum_interaction_date;
        /// Created at or after (`minimum_created_date`).
        minimum_created_date;
        /// Created at or before (`maximum_created_date`).
        maximum_created_date;
        /// Modified at or after (`minimum_modified_date`).
        minimum_modified_date;
        /// Modified at or before (`maximum_modified_date`).
        maximum_modified_date;
    }

    /// A custom field filter (`custom_fields`); several all apply.
    #[must_use]
    pub fn custom_field(mut self, filter: CustomFieldFilter) -> Self {
        self.custom_fields.push(filter);
        self
    }

    /// Whether converted leads are found too (`include_converted_leads`; Copper leaves them
    /// out by default). Sent whenever it is set, `false` included.
    #[must_use]
    pub fn include_converted_leads(mut self, include: bool) -> Self {
        self.include_converted_leads = Some(include);
        self
    }

    /// Moves the search to another page number, unchecked (the pager checks).
    pub(crate) fn set_page(&mut self, number: u32) {
        self.page_number = number;
    }
}

/// An id filter that also takes "none" (`-2` in Copper's body).
#[derive(Debug, Clone, Copy, PartialEq)]
enum OrNone<T> {
    Id(T),
    None,
}

impl<T: Serialize> Serialize for OrNone<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OrNone::Id(id) => id.serialize(serializer),
            OrNone::None => serializer.serialize_i64(-2),
        }
    }
}

#[expect(clippy::ref_option, clippy::trivially_copy_pass_by_ref)] // serde's signature
fn followed_code<S: Serializer>(followed: &Option<bool>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u8(if *followed == Some(true) { 1 } else { 2 })
}

/// A field to sort search results by (`sort_by`), as Copper documents them.
///
/// ```
/// use copper_lead::leads::{LeadSearch, SortBy, SortDirection};
///
/// let newest_first = LeadSearch::new().sort(SortBy::DateModified, SortDirection::Desc);
/// assert_eq!(
///     serde_json::to_string(&newest_first)?,
///     r#"{"page_size":20,"page_number":1,"sort_by":"date_modified","sort_direction":"desc"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SortBy {
    /// `name`, Copper's default.
    Name,
    /// `first_name`.
    FirstName,
    /// `last_name`.
    LastName,
    /// `company_name`.
    CompanyName,
    /// `title`.
    Title,
    /// `value` (the monetary value).
    Value,
    /// `email`.
    Email,
    /// `phone`.
    Phone,
    /// `date_modified` (ascending is oldest first).
    DateModified,
    /// `date_created` (ascending is oldest first).
    DateCreated,
    /// `city`.
    City,
    /// `state`.
    State,
    /// `country`.
    Country,
    /// `zip`.
    Zip,
    /// `inactive_days` (ascending is newest first).
    InactiveDays,
}

/// The direction of a sort (`sort_direction`); [`SortBy`] has an example.
///
/// ```
/// use copper_lead::leads::SortDirection;
///
/// assert_eq!(serde_json::to_string(&SortDirection::Asc)?, r#""asc""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SortDirection {
    /// `asc`, Copper's default.
    Asc,
    /// `desc`.
    Desc,
}

/// How a MultiSelect filter matches the options it lists (`option`).
///
/// ```
/// use copper_lead::leads::{CustomFieldFilter, OptionMatch};
/// use copper_lead::{CustomFieldDefinitionId, CustomFieldOptionId};
///
/// let none_of = CustomFieldFilter::options(CustomFieldDefinitionId::new(184997), [CustomFieldOptionId::new(262644)])
///     .matching(OptionMatch::None);
/// assert_eq!(
///     serde_json::to_string(&none_of)?,
///     r#"{"custom_field_definition_id":184997,"value":[262644],"option":"NONE"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum OptionMatch {
    /// The field has at least one of them (`ANY`).
    Any,
    /// The field has all of them (`ALL`).
    All,
    /// The field has none of them (`NONE`).
    None,
}

/// A filter on one custom field, in the shape Copper documents for its data type. Text
/// fields are not searchable.
///
/// ```
/// use copper_lead::leads::CustomFieldFilter;
/// use copper_lead::{CustomFieldDefinitionId, Timestamp};
///
/// let filter = CustomFieldFilter::dates(
///     CustomFieldDefinitionId::new(6),
///     Some(Timestamp::from_unix(1515744000)?),
///     Some(Timestamp::from_unix(1518595200)?),
/// );
/// assert_eq!(
///     serde_json::to_string(&filter)?,
///     r#"{"custom_field_definition_id":6,"minimum_value":1515744000,"maximum_value":1518595200}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomFieldFilter {
    custom_field_definition_id: CustomFieldDefinitionId,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<OptionMatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allow_empty: Option<bool>,
}

impl CustomFieldFilter {
    fn new(definition: CustomFieldDefinitionId) -> Self {
        CustomFieldFilter {
            custom_field_definition_id: definition,
            value: None,
            minimum_value: None,
            maximum_value: None,
            option: None,
            allow_empty: None,
        }
    }

    /// A Dropdown or MultiSelect field holding any of these options.
    #[must_use]
    pub fn options(
        definition: CustomFieldDefinitionId,
        options: impl IntoIterator<Item = CustomFieldOptionId>,
    ) -> Self {
        let ids = options
            .into_iter()
            .map(|id| Value::from(id.get()))
            .collect();
        CustomFieldFilter {
            value: Some(Value::Array(ids)),
            ..CustomFieldFilter::new(definition)
        }
    }

    /// A Checkbox field checked, or not.
    #[must_use]
    pub fn checkbox(definition: CustomFieldDefinitionId, checked: bool) -> Self {
        CustomFieldFilter {
            value: Some(Value::Bool(checked)),
            ..CustomFieldFilter::new(definition)
        }
    }

    /// A Number (Float) field equal to `value`.
    #[must_use]
    pub fn number(definition: CustomFieldDefinitionId, value: impl Into<Amount>) -> Self {
        CustomFieldFilter {
            value: serde_json::to_value(value.into()).ok(),
            ..CustomFieldFilter::new(definition)
        }
    }

    /// A Percentage or Currency field within a range (either bound may be open).
    #[must_use]
    pub fn range(
        definition: CustomFieldDefinitionId,
        minimum: Option<Amount>,
        maximum: Option<Amount>,
    ) -> Self {
        CustomFieldFilter {
            minimum_value: minimum.and_then(|v| serde_json::to_value(v).ok()),
            maximum_value: maximum.and_then(|v| serde_json::to_value(v).ok()),
            ..CustomFieldFilter::new(definition)
        }
    }

    /// A Date field within a range of times (either bound may be open).
    #[must_use]
    pub fn dates(
        definition: CustomFieldDefinitionId,
        minimum: Option<Timestamp>,
        maximum: Option<Timestamp>,
    ) -> Self {
        CustomFieldFilter {
            minimum_value: minimum.map(|t| Value::from(t.unix())),
            maximum_value: maximum.map(|t| Value::from(t.unix())),
            ..CustomFieldFilter::new(definition)
        }
    }

    /// For a MultiSelect filter: match any, all or none of the options (`option`).
    #[must_use]
    pub fn matching(mut self, how: OptionMatch) -> Self {
        self.option = Some(how);
        self
    }

    /// For a Dropdown or MultiSelect filter: also find leads where the field is empty
    /// (`allow_empty`).
    #[must_use]
    pub fn allow_empty(mut self) -> Self {
        self.allow_empty = Some(true);
        self
    }
}

/// Why a search's paging was refused.
///
/// ```
/// use copper_lead::leads::{LeadSearch, SearchError};
///
/// assert_eq!(LeadSearch::new().page_size(0).unwrap_err(), SearchError::PageSize(0));
/// let err = LeadSearch::new().page_size(200)?.page_number(501).unwrap_err();
/// assert_eq!(err, SearchError::BeyondCap { page_number: 501, page_size: 200 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// `page_size` outside 1 to 200.
    #[error("a page holds 1 to 200 records, not {0}")]
    PageSize(u32),
    /// `page_number` 0.
    #[error("pages are numbered from 1")]
    PageNumber,
    /// The page starts beyond the records a search can reach.
    #[error(
        "page {page_number} of {page_size} starts beyond the first 100,000 records, which is all a copper search returns; narrow the search instead"
    )]
    BeyondCap {
        /// The page number.
        page_number: u32,
        /// The page size.
        page_size: u32,
    },
}

/// One page of a search: the leads, and Copper's `X-PW-TOTAL` header when present (an upper
/// bound on the records the search matches, not an exact count).
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::leads::{self, LeadSearch};
///
/// let request = leads::search(&LeadSearch::new());
/// let page = request.read(&Response::new(200, br#"[{"id": 1, "name": "Ada"}]"#).header("X-PW-TOTAL", "41"))?;
/// assert_eq!((page.leads().len(), page.total()), (1, Some(41)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    leads: Vec<Lead>,
    total: Option<u64>,
}

impl SearchPage {
    /// The leads on the page.
    #[must_use]
    pub fn leads(&self) -> &[Lead] {
        &self.leads
    }

    /// The leads, taken out.
    #[must_use]
    pub fn into_leads(self) -> Vec<Lead> {
        self.leads
    }

    /// `X-PW-TOTAL`: at most this many records match.
    #[must_use]
    pub fn total(&self) -> Option<u64> {
        self.total
    }
}

impl crate::api::request::sealed::Sealed for SearchPage {}

impl Answer for SearchPage {
    fn read_answer<T>(request: &Request<T>, response: &Response<'_>) -> Result<Self, ApiError> {
        Ok(SearchPage {
            leads: crate::api::request::record(request, response)?,
            total: response.total(),
        })
    }
}
