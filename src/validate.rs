//! Validation: every rule a lead breaks, in one pass, each at a JSON Pointer.
//!
//! Reading is lenient (whatever Copper stores parses); validation is strict. [`Lead::validate`]
//! checks a lead against the default [`Validator`] (default [`Limits`], the stock
//! [`StatusCatalog`], no custom field definitions); [`Lead::validate_with`] takes one
//! configured for an account. Both report every finding at once.
//!
//! # Rules
//!
//! | path | code | rule |
//! |---|---|---|
//! | `/name` | `required`, `blank`, `too_long` | present, not blank, within [`Limits::name`] |
//! | `/title`, `/company_name`, `/prefix` ... `/suffix` | `too_long` | within their limits |
//! | `/address/street` ... `/address/country` | `too_long` | within [`Limits::address_part`] |
//! | `/details` | `too_long` | within [`Limits::details`] |
//! | `/email/email` | `required`, `invalid_email`, `too_long` | a bare address with a top-level domain |
//! | `/phone_numbers/N/number` | `required`, `invalid_phone` | 7 to 15 digits; digits, spaces, `+ ( ) - . /`, an extension |
//! | `/socials/N/url`, `/websites/N/url` | `required`, `invalid_url`, `unsupported_url_scheme`, `too_long` | http(s) with a host, read as `https://` without a scheme |
//! | `/socials/N/url`, `/websites/N/url` | `missing_url_scheme` (warning) | a URL without a scheme |
//! | `/email/category`, `/phone_numbers/N/category` ... | `unknown_category` | a documented category |
//! | `/status` | `unknown_status` | a status of the account's catalog; without one, a status Copper does not document is only a warning (accounts name their own) |
//! | `/status_id` | `status_mismatch` | names the same status as `status`, when the catalog knows ids |
//! | `/monetary_value`, `/converted_value` | `invalid_amount`, `negative_amount` | a finite number, not negative |
//! | `/monetary_unit`, `/converted_unit` | `invalid_currency` | three upper-case letters |
//! | `/tags/N` | `blank`, `too_long`, `duplicate_tag` | not blank, not repeated ignoring case |
//! | `/custom_fields/N` | `required`, `duplicate_custom_field` | a definition id, at most once |
//! | `/date_modified` | `modified_before_created` | not before `date_created` |
//! | `/converted_opportunity_id`, `/converted_contact_id`, `/converted_at` | `unexpected_shape` | an id, or Unix seconds (only `null` has been seen; another shape is kept, and reported) |
//!
//! A required key that is absent has no location of its own: as in JSON Schema validators, the
//! finding points at the object lacking it (the root for a lead without `name`, `/email` for
//! an email without `email`) and its message names the key. So every finding's path exists in
//! the input.
//!
//! With custom field definitions ([`Validator::with_custom_fields`]) each value is also
//! checked against its definition; see [`CustomFieldCatalog`].

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;

use crate::amount::{Amount, MoneyProblem, is_currency_code};
use crate::case;
use crate::custom_field::describe;
use crate::custom_field::{CustomFieldCatalog, CustomFieldValue};
use crate::field::Field;
use crate::lead::Lead;
use crate::lenient::Lenient;
use crate::open_enum::OpenEnum;
use crate::pointer::JsonPointer;
use crate::quote::Quoted;
use crate::status::StatusCatalog;
use crate::web_url::{self, UrlCheck};

/// How bad a [`Finding`] is.
///
/// ```
/// use copper_lead::Lead;
/// use copper_lead::validate::{Severity, Validator};
///
/// let lead: Lead = serde_json::from_str(
///     r#"{"name": "A", "websites": [{"url": "www.a.com", "category": "work"}]}"#,
/// )?;
/// let report = lead.check(&Validator::new());
/// assert_eq!(report.findings()[0].severity(), Severity::Warning);
/// assert!(report.is_valid());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Copper accepts it, but it is probably not what was meant (a URL without a scheme).
    Warning,
    /// The lead breaks a rule.
    Error,
}

/// Declares [`FindingCode`] from one list: the variants, their text and `ALL` cannot drift.
macro_rules! finding_codes {
    ($($(#[$meta:meta])* $variant:ident = $text:literal,)*) => {
        /// The machine-readable kind of a [`Finding`]; [`FindingCode::as_str`] is stable.
        ///
        /// ```
        /// use copper_lead::validate::FindingCode;
        ///
        /// assert_eq!(FindingCode::InvalidEmail.as_str(), "invalid_email");
        /// assert_eq!("duplicate_tag".parse(), Ok(FindingCode::DuplicateTag));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum FindingCode {
            $($(#[$meta])* $variant,)*
        }

        impl FindingCode {
            /// Every code, in documentation order.
            ///
            /// ```
            /// use copper_lead::validate::FindingCode;
            ///
            /// assert!(FindingCode::ALL.contains(&FindingCode::UnknownStatus));
            /// assert!(FindingCode::ALL.iter().all(|code| code.as_str().parse() == Ok(*code)));
            /// ```
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)*];

            /// The stable snake-case code, e.g. `invalid_email`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $text,)*
                }
            }
        }
    };
}

finding_codes! {
    /// `required`: a value that must be present is absent or null.
    Required = "required",
    /// `blank`: text that is empty or only whitespace.
    Blank = "blank",
    /// `too_long`: text over its length limit.
    TooLong = "too_long",
    /// `invalid_email`: not a bare email address with a top-level domain.
    InvalidEmail = "invalid_email",
    /// `invalid_phone`: not 7 to 15 digits in the allowed characters.
    InvalidPhone = "invalid_phone",
    /// `invalid_url`: not a URL, or one without a host.
    InvalidUrl = "invalid_url",
    /// `unsupported_url_scheme`: a URL whose scheme is not http or https.
    UnsupportedUrlScheme = "unsupported_url_scheme",
    /// `missing_url_scheme` (warning): a URL without a scheme, valid as `https://`.
    MissingUrlScheme = "missing_url_scheme",
    /// `unknown_category`: a category outside the documented set.
    UnknownCategory = "unknown_category",
    /// `unknown_status`: a status the catalog does not know.
    UnknownStatus = "unknown_status",
    /// `status_mismatch`: `status_id` and `status` name different statuses.
    StatusMismatch = "status_mismatch",
    /// `invalid_amount`: an amount that is not a finite number.
    InvalidAmount = "invalid_amount",
    /// `negative_amount`: an amount below zero.
    NegativeAmount = "negative_amount",
    /// `invalid_currency`: a currency code that is not three upper-case letters.
    InvalidCurrency = "invalid_currency",
    /// `duplicate_tag`: a tag repeated, ignoring case.
    DuplicateTag = "duplicate_tag",
    /// `duplicate_custom_field`: a custom field definition given twice.
    DuplicateCustomField = "duplicate_custom_field",
    /// `modified_before_created`: `date_modified` before `date_created`.
    ModifiedBeforeCreated = "modified_before_created",
    /// `unknown_custom_field`: a definition id the catalog does not know.
    UnknownCustomField = "unknown_custom_field",
    /// `custom_field_not_on_leads`: a definition not available on leads.
    CustomFieldNotOnLeads = "custom_field_not_on_leads",
    /// `custom_field_type`: a value of the wrong JSON type for its definition.
    CustomFieldType = "custom_field_type",
    /// `unknown_option`: a Dropdown or MultiSelect option id not among the definition's.
    UnknownOption = "unknown_option",
    /// `percentage_out_of_range`: a percentage that is fractional or outside 0..=100.
    PercentageOutOfRange = "percentage_out_of_range",
    /// `unexpected_shape`: a value of another shape than the one expected, where Copper has
    /// only ever been seen to send `null` (kept as sent; see [`Lenient`]).
    UnexpectedShape = "unexpected_shape",
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for FindingCode {
    type Err = UnknownCode;

    /// The code with this text (`"invalid_email"`).
    fn from_str(text: &str) -> Result<Self, UnknownCode> {
        FindingCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == text)
            .ok_or_else(|| UnknownCode(text.to_owned()))
    }
}

/// The error for text that is not a [`FindingCode`].
///
/// ```
/// use copper_lead::validate::FindingCode;
///
/// let err = "no_such_code".parse::<FindingCode>().unwrap_err();
/// assert_eq!(err.to_string(), "\"no_such_code\" is not a finding code");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a finding code", Quoted(.0))]
pub struct UnknownCode(String);

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One broken rule: where (a JSON Pointer into the wire JSON), what (a code) and why (a
/// lowercase message). Serializes as `{"path": "/email/email", "code": "invalid_email",
/// "severity": "error", "message": "..."}`, and reads back.
///
/// ```
/// use copper_lead::Lead;
/// use copper_lead::validate::Finding;
///
/// let lead: Lead = serde_json::from_str(r#"{"name": " "}"#)?;
/// let finding = lead.validate().unwrap_err().into_iter().next().unwrap();
/// let json = serde_json::to_string(&finding)?;
/// assert_eq!(json, r#"{"path":"/name","code":"blank","severity":"error","message":"is blank"}"#);
/// assert_eq!(serde_json::from_str::<Finding>(&json)?, finding);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    path: JsonPointer,
    code: FindingCode,
    severity: Severity,
    message: String,
}

impl Finding {
    pub(crate) fn new(
        path: JsonPointer,
        code: FindingCode,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            path,
            code,
            severity,
            message: message.into(),
        }
    }

    /// Where: an RFC 6901 pointer into the lead's wire JSON, e.g. `/phone_numbers/2/number`.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    /// What: a stable machine-readable code.
    #[must_use]
    pub fn code(&self) -> FindingCode {
        self.code
    }

    /// How bad: an error breaks a rule, a warning is probably not what was meant.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Why, lowercase, without the path.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Finding {
    /// `path: message`, or only the message for a finding about the whole lead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every error a lead has, from [`Lead::validate`] (never empty).
///
/// ```
/// use copper_lead::Lead;
///
/// let lead: Lead = serde_json::from_str(
///     r#"{"name": " ", "email": {"email": "nope", "category": "work"}, "tags": ["a", "A"]}"#,
/// )?;
/// let errors = lead.validate().unwrap_err();
/// let paths: Vec<String> = errors.iter().map(|f| f.path().to_string()).collect();
/// assert_eq!(paths, ["/name", "/email/email", "/tags/1"]);
/// assert_eq!(errors.iter().next().map(|f| f.code().as_str()), Some("blank"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(Vec<Finding>);

impl ValidationErrors {
    /// The findings, in the order of the lead's keys.
    pub fn iter(&self) -> std::slice::Iter<'_, Finding> {
        self.0.iter()
    }

    /// How many findings.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: there is at least one finding.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The findings as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[Finding] {
        &self.0
    }

    /// Builds errors from findings; `None` when there are none.
    pub(crate) fn from_findings(findings: Vec<Finding>) -> Option<Self> {
        (!findings.is_empty()).then_some(ValidationErrors(findings))
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        write!(
            f,
            "{count} validation error{}",
            if count == 1 { "" } else { "s" }
        )?;
        for (i, finding) in self.0.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            fmt::Display::fmt(finding, f)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for ValidationErrors {
    type Item = Finding;
    type IntoIter = std::vec::IntoIter<Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Everything [`Lead::check`] found: errors and warnings.
///
/// ```
/// use copper_lead::Lead;
/// use copper_lead::validate::Validator;
///
/// let lead: Lead = serde_json::from_str(
///     r#"{"name": " ", "websites": [{"url": "a.com", "category": "work"}]}"#,
/// )?;
/// let report = lead.check(&Validator::new());
/// assert_eq!((report.errors().count(), report.warnings().count()), (1, 1));
/// assert_eq!(report.into_result().unwrap_err().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report(Vec<Finding>);

impl Report {
    /// All findings, errors and warnings, in the order of the lead's keys.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.0
    }

    /// The errors (what [`Lead::validate`] reports), in the order of the lead's keys.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(|f| f.severity == Severity::Error)
    }

    /// The warnings (such as a URL without a scheme), in the order of the lead's keys.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(|f| f.severity == Severity::Warning)
    }

    /// Whether there are no errors (warnings allowed).
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// `Ok` without errors, else the errors.
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] holding every error (not the warnings).
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        let errors: Vec<Finding> = self
            .0
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        ValidationErrors::from_findings(errors).map_or(Ok(()), Err)
    }
}

/// Length limits, in characters (Unicode scalar values). Copper does not publish its limits;
/// these defaults follow its database columns where known (255 for short text, as its own
/// example says of text fields) and common practice elsewhere. Change them for an account that
/// differs.
///
/// ```
/// use copper_lead::validate::{Limits, Validator};
///
/// let mut limits = Limits::default();
/// limits.name = 10;
/// let validator = Validator::new().with_limits(limits);
/// let lead = copper_lead::Lead::builder("Augusta Ada King-Noel").build_with(&Validator::new())?;
/// let errors = lead.validate_with(&validator).unwrap_err();
/// assert_eq!(errors.to_string(), "1 validation error: /name: is 21 characters long; the limit is 10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// `name`: 255.
    pub name: usize,
    /// `prefix`, `first_name`, `middle_name`, `last_name`, `suffix`: 255.
    pub name_part: usize,
    /// `title`: 255.
    pub title: usize,
    /// `company_name`: 255.
    pub company_name: usize,
    /// Each part of `address`: 255.
    pub address_part: usize,
    /// `details`: 65,535 (a database TEXT column).
    pub details: usize,
    /// `email.email`: 254 (RFC 5321's path limit).
    pub email: usize,
    /// Each social and website URL: 2,048 (what browsers and most stores accept).
    pub url: usize,
    /// Each tag: 255.
    pub tag: usize,
    /// A String custom field: 255.
    pub custom_string: usize,
    /// A Text custom field: 65,535.
    pub custom_text: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            name: 255,
            name_part: 255,
            title: 255,
            company_name: 255,
            address_part: 255,
            details: 65_535,
            email: 254,
            url: 2_048,
            tag: 255,
            custom_string: 255,
            custom_text: 65_535,
        }
    }
}

/// What a lead is validated against: [`Limits`] and, optionally, the account's statuses and
/// custom field definitions.
///
/// `Validator::new()` (also `Default`) has the default limits and no account catalogs;
/// [`Lead::validate`] uses it. Without the account's statuses, a status name Copper does not
/// document (accounts rename theirs and add their own) is a warning that asks for the
/// catalog, not an error; with them ([`Validator::with_statuses`]) a status outside the
/// catalog is an error. Stages are then those of the stock catalog
/// ([`StatusCatalog::stock`]).
///
/// ```
/// use copper_lead::Lead;
/// use copper_lead::lifecycle::{LeadStatusDefinition, StageMap, StatusCatalog};
/// use copper_lead::validate::Validator;
///
/// let lead: Lead = serde_json::from_str(r#"{"name": "A", "status": "Hot"}"#)?;
/// assert!(lead.validate().is_ok()); // an account's own status: only a warning
/// assert_eq!(lead.check(&Validator::new()).warnings().count(), 1);
///
/// // The account's statuses (GET /lead_statuses): now "Hot" is an error.
/// let statuses: Vec<LeadStatusDefinition> = serde_json::from_str(r#"[
///     {"id": 208231, "name": "New", "order": 1, "is_default": true},
///     {"id": 208232, "name": "Open", "order": 2, "is_default": false},
///     {"id": 208233, "name": "Unqualified", "order": 3, "is_default": false},
///     {"id": 208234, "name": "Junk", "order": 4, "is_default": false}]"#)?;
/// let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new())?;
/// let errors = lead.validate_with(&Validator::new().with_statuses(&catalog)).unwrap_err();
/// assert_eq!(errors.iter().next().map(|f| f.code().as_str()), Some("unknown_status"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Validator<'a> {
    limits: Limits,
    /// The account's statuses, if given (else the stock catalog applies).
    account_statuses: Option<&'a StatusCatalog>,
    custom_fields: Option<&'a CustomFieldCatalog>,
}

impl Default for Validator<'static> {
    fn default() -> Self {
        Validator::new()
    }
}

impl Validator<'static> {
    /// Default limits, no account catalogs.
    #[must_use]
    pub fn new() -> Self {
        Validator {
            limits: Limits::default(),
            account_statuses: None,
            custom_fields: None,
        }
    }
}

impl<'a> Validator<'a> {
    /// With other length limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// With an account's status catalog: its statuses are the valid ones, and stages are its.
    #[must_use]
    pub fn with_statuses<'b>(self, statuses: &'b StatusCatalog) -> Validator<'b>
    where
        'a: 'b,
    {
        Validator {
            account_statuses: Some(statuses),
            ..self
        }
    }

    /// With an account's custom field definitions: each value is checked against its own.
    #[must_use]
    pub fn with_custom_fields<'b>(self, definitions: &'b CustomFieldCatalog) -> Validator<'b>
    where
        'a: 'b,
    {
        Validator {
            custom_fields: Some(definitions),
            ..self
        }
    }

    /// The length limits.
    #[must_use]
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The status catalog stages are decided by: the account's, or the stock one.
    #[must_use]
    pub fn statuses(&self) -> &'a StatusCatalog {
        match self.account_statuses {
            Some(account) => account,
            None => StatusCatalog::stock(),
        }
    }

    /// The account's status catalog, if one was given.
    ///
    /// ```
    /// use copper_lead::lifecycle::StatusCatalog;
    /// use copper_lead::validate::Validator;
    ///
    /// assert!(Validator::new().account_statuses().is_none());
    /// let stock = StatusCatalog::stock();
    /// assert!(Validator::new().with_statuses(stock).account_statuses().is_some());
    /// ```
    #[must_use]
    pub fn account_statuses(&self) -> Option<&'a StatusCatalog> {
        self.account_statuses
    }

    /// The custom field definitions, if any.
    #[must_use]
    pub fn custom_fields(&self) -> Option<&'a CustomFieldCatalog> {
        self.custom_fields
    }
}

/// Collects findings; paths and messages are built only when there is something to report
/// (and warnings only when asked for), so checking a valid lead allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    list: Vec<Finding>,
    warnings: bool,
}

impl Findings {
    fn new(warnings: bool) -> Self {
        Findings {
            list: Vec::new(),
            warnings,
        }
    }

    pub(crate) fn error(
        &mut self,
        path: JsonPointer,
        code: FindingCode,
        message: impl Into<String>,
    ) {
        self.list
            .push(Finding::new(path, code, Severity::Error, message));
    }

    /// Takes the path as a closure: it is built only when warnings are collected.
    pub(crate) fn warning(
        &mut self,
        path: impl FnOnce() -> JsonPointer,
        code: FindingCode,
        message: impl Into<String>,
    ) {
        if self.warnings {
            self.list
                .push(Finding::new(path(), code, Severity::Warning, message));
        }
    }

    /// Adds a finding made elsewhere (an error of a custom field value, say).
    pub(crate) fn push(&mut self, finding: Finding) {
        if finding.severity == Severity::Error || self.warnings {
            self.list.push(finding);
        }
    }

    pub(crate) fn into_vec(self) -> Vec<Finding> {
        self.list
    }

    /// Reports text over `limit` characters. Linear in the text, and free for text whose
    /// byte length is within the limit (bytes never undercount characters).
    pub(crate) fn length(&mut self, text: &str, limit: usize, path: impl FnOnce() -> JsonPointer) {
        if text.len() > limit {
            let chars = text.chars().count();
            if chars > limit {
                self.error(
                    path(),
                    FindingCode::TooLong,
                    format!("is {chars} characters long; the limit is {limit}"),
                );
            }
        }
    }

    /// Reports a required value that is absent or null. An absent key has no location of its
    /// own, so (as JSON Schema validators do) the finding points at the object that lacks it
    /// and names the key; a `null` value is pointed at directly.
    pub(crate) fn required<T>(&mut self, field: &Field<T>, parent: JsonPointer, key: &str) {
        match field {
            Field::Value(_) => {}
            Field::Null => self.error(
                parent.key(key),
                FindingCode::Required,
                "is required, not null",
            ),
            Field::Absent => {
                self.error(parent, FindingCode::Required, format!("{key} is required"));
            }
        }
    }

    /// Applies the URL rule (socials, websites, URL custom fields).
    pub(crate) fn url(&mut self, url: &str, limit: usize, path: impl Fn() -> JsonPointer) {
        self.length(url, limit, &path);
        match web_url::check(url) {
            UrlCheck::Valid => {}
            UrlCheck::NoScheme => self.warning(
                &path,
                FindingCode::MissingUrlScheme,
                "has no scheme; read as https://",
            ),
            UrlCheck::UnsupportedScheme(scheme) => self.error(
                path(),
                FindingCode::UnsupportedUrlScheme,
                format!(
                    "uses the scheme {}; only http and https are allowed",
                    Quoted(&scheme)
                ),
            ),
            UrlCheck::Invalid(reason) => {
                self.error(
                    path(),
                    FindingCode::InvalidUrl,
                    format!("is not a valid URL: {reason}"),
                );
            }
        }
    }

    /// A social or website entry: a URL by the URL rule, a known category.
    fn link<C: OpenEnum>(
        &mut self,
        list: &str,
        index: usize,
        url: &Field<String>,
        category: &Field<C>,
        limits: &Limits,
    ) {
        let path = || at_item(list, index, "url");
        match url.value() {
            None => self.required(url, JsonPointer::root().key(list).index(index), "url"),
            Some(url) => self.url(url, limits.url, path),
        }
        self.category(category, || at_item(list, index, "category"));
    }

    fn category<C: OpenEnum>(&mut self, category: &Field<C>, path: impl FnOnce() -> JsonPointer) {
        if let Some(category) = category.value()
            && !category.is_known()
        {
            self.error(
                path(),
                FindingCode::UnknownCategory,
                format!(
                    "{} is not one of {}",
                    Quoted(category.as_str()),
                    C::documented()
                ),
            );
        }
    }

    fn amount(&mut self, amount: &Field<Amount>, path: impl Fn() -> JsonPointer) {
        let Some(amount) = amount.value() else { return };
        match amount.money_problem() {
            Some(MoneyProblem::NotANumber) => self.error(
                path(),
                FindingCode::InvalidAmount,
                format!("{} is not a finite number", Quoted(&amount.to_string())),
            ),
            Some(MoneyProblem::Negative) => {
                self.error(
                    path(),
                    FindingCode::NegativeAmount,
                    format!("is negative ({amount})"),
                );
            }
            None => {}
        }
    }

    /// A value read leniently that did not have its expected shape.
    fn lenient<T>(&mut self, field: &Field<Lenient<T>>, key: &str, expected: &str) {
        if let Some(value) = field.value().and_then(Lenient::other) {
            self.error(
                at(key),
                FindingCode::UnexpectedShape,
                format!(
                    "is {}, not {expected}; Copper has only been seen to send null here",
                    describe(value)
                ),
            );
        }
    }

    fn currency(&mut self, unit: &Field<String>, path: impl FnOnce() -> JsonPointer) {
        if let Some(unit) = unit.value()
            && !is_currency_code(unit)
        {
            self.error(
                path(),
                FindingCode::InvalidCurrency,
                format!(
                    "{} is not an ISO 4217 code (three upper-case letters)",
                    Quoted(unit)
                ),
            );
        }
    }
}

/// The position of a finding's top-level key in the wire order of [`Lead`].
fn wire_rank(path: &JsonPointer) -> usize {
    // The root (a lead missing a required key) comes first, like `id` and `name`.
    let Some(key) = path.as_str().split('/').nth(1) else {
        return 0;
    };
    Lead::KEYS
        .iter()
        .position(|k| *k == key)
        .unwrap_or(Lead::KEYS.len())
}

fn at(key: &str) -> JsonPointer {
    JsonPointer::root().key(key)
}

fn at_item(key: &str, index: usize, leaf: &str) -> JsonPointer {
    JsonPointer::root().key(key).index(index).key(leaf)
}

impl Lead {
    /// Checks the lead against the default [`Validator`]; see the [module docs](crate::validate)
    /// for the rules.
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] with every error found (warnings are left out; see
    /// [`Lead::check`]).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        self.validate_with(&Validator::new())
    }

    /// Checks the lead against `validator` (an account's limits, statuses, custom fields).
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] with every error found.
    ///
    /// ```
    /// use copper_lead::Lead;
    /// use copper_lead::custom_field::CustomFieldCatalog;
    /// use copper_lead::validate::Validator;
    ///
    /// let catalog: CustomFieldCatalog = serde_json::from_str(
    ///     r#"[{"id": 5, "name": "VIP", "data_type": "Checkbox", "available_on": ["lead"]}]"#,
    /// )?;
    /// let lead: Lead = serde_json::from_str(
    ///     r#"{"name": "Ada", "custom_fields": [{"custom_field_definition_id": 5, "value": "yes"}]}"#,
    /// )?;
    /// assert!(lead.validate().is_ok()); // without the definitions, a value is not checked
    /// let errors = lead.validate_with(&Validator::new().with_custom_fields(&catalog)).unwrap_err();
    /// assert_eq!(errors.iter().next().map(|f| f.path().as_str()), Some("/custom_fields/0/value"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_with(&self, validator: &Validator<'_>) -> Result<(), ValidationErrors> {
        self.findings(validator, false).into_result()
    }

    /// Every finding, errors and warnings, in one pass over the lead.
    ///
    /// ```
    /// use copper_lead::Lead;
    /// use copper_lead::validate::Validator;
    ///
    /// let lead: Lead = serde_json::from_str(
    ///     r#"{"name": "Ada", "socials": [{"url": "linkedin.com/in/ada", "category": "linkedin"}]}"#,
    /// )?;
    /// let report = lead.check(&Validator::new());
    /// assert!(report.is_valid());
    /// assert_eq!(report.warnings().next().map(|f| f.code().as_str()), Some("missing_url_scheme"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn check(&self, validator: &Validator<'_>) -> Report {
        self.findings(validator, true)
    }

    fn findings(&self, validator: &Validator<'_>, warnings: bool) -> Report {
        let limits = &validator.limits;
        let mut out = Findings::new(warnings);
        self.check_texts(limits, &mut out);
        self.check_email(limits, &mut out);
        out.currency(&self.monetary_unit, || at("monetary_unit"));
        out.amount(&self.monetary_value, || at("monetary_value"));
        out.currency(&self.converted_unit, || at("converted_unit"));
        out.amount(&self.converted_value, || at("converted_value"));
        for (i, social) in self.socials.items().iter().enumerate() {
            out.link("socials", i, &social.url, &social.category, limits);
        }
        self.check_status(validator, &mut out);
        self.check_tags(limits, &mut out);
        for (i, website) in self.websites.items().iter().enumerate() {
            out.link("websites", i, &website.url, &website.category, limits);
        }
        self.check_phones(&mut out);
        self.check_custom_fields(validator, &mut out);
        out.lenient(
            &self.converted_opportunity_id,
            "converted_opportunity_id",
            "an opportunity id",
        );
        out.lenient(
            &self.converted_contact_id,
            "converted_contact_id",
            "a person id",
        );
        out.lenient(&self.converted_at, "converted_at", "Unix seconds");
        if let (Some(created), Some(modified)) =
            (self.date_created.value(), self.date_modified.value())
            && modified < created
        {
            out.error(
                at("date_modified"),
                FindingCode::ModifiedBeforeCreated,
                format!(
                    "{} is before date_created {}",
                    modified.unix(),
                    created.unix()
                ),
            );
        }
        let mut findings = out.into_vec();
        // Findings come out in the order of the lead's keys on the wire, whatever the order
        // of the rules above; the sort is stable, so one key's findings keep their order.
        findings.sort_by_key(|f| wire_rank(&f.path));
        Report(findings)
    }

    /// Name, name parts, address, company, title and details: present where required, not
    /// blank, within their limits.
    fn check_texts(&self, limits: &Limits, out: &mut Findings) {
        match self.name.value() {
            None => out.required(&self.name, JsonPointer::root(), "name"),
            Some(name) if name.trim().is_empty() => {
                out.error(at("name"), FindingCode::Blank, "is blank");
            }
            Some(name) => out.length(name, limits.name, || at("name")),
        }
        for (key, part) in [
            ("prefix", &self.prefix),
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("middle_name", &self.middle_name),
            ("suffix", &self.suffix),
        ] {
            if let Some(part) = part.value() {
                out.length(part, limits.name_part, || at(key));
            }
        }
        if let Some(address) = self.address.value() {
            for (key, part) in [
                ("street", &address.street),
                ("city", &address.city),
                ("state", &address.state),
                ("postal_code", &address.postal_code),
                ("country", &address.country),
            ] {
                if let Some(part) = part.value() {
                    out.length(part, limits.address_part, || at("address").key(key));
                }
            }
        }
        for (key, text, limit) in [
            ("company_name", &self.company_name, limits.company_name),
            ("details", &self.details, limits.details),
            ("title", &self.title, limits.title),
        ] {
            if let Some(text) = text.value() {
                out.length(text, limit, || at(key));
            }
        }
    }

    fn check_email(&self, limits: &Limits, out: &mut Findings) {
        let Some(email) = self.email.value() else {
            return;
        };
        let path = || at("email").key("email");
        match email.email.value() {
            None => out.required(&email.email, at("email"), "email"),
            Some(address) => {
                if let Err(reason) = crate::email::check_address(address) {
                    out.error(
                        path(),
                        FindingCode::InvalidEmail,
                        format!("is not a valid email address: it {reason}"),
                    );
                }
                out.length(address, limits.email, path);
            }
        }
        out.category(&email.category, || at("email").key("category"));
    }

    fn check_phones(&self, out: &mut Findings) {
        for (i, phone) in self.phone_numbers.items().iter().enumerate() {
            let path = || at_item("phone_numbers", i, "number");
            match phone.number.value() {
                None => out.required(&phone.number, at("phone_numbers").index(i), "number"),
                Some(number) => {
                    if let Err(reason) = crate::phone::check_number(number) {
                        out.error(
                            path(),
                            FindingCode::InvalidPhone,
                            format!("is not a valid phone number: it {reason}"),
                        );
                    }
                }
            }
            out.category(&phone.category, || at_item("phone_numbers", i, "category"));
        }
    }

    fn check_status(&self, validator: &Validator<'_>, out: &mut Findings) {
        let Some(status) = self.status.value() else {
            return;
        };
        let catalog = validator.statuses();
        // Without the account's statuses, a name Copper does not document is probably the
        // account's own: say so, and ask for the catalog, but do not call the lead invalid.
        let report = |out: &mut Findings, message: String| {
            if validator.account_statuses.is_some() {
                out.error(at("status"), FindingCode::UnknownStatus, message);
            } else {
                out.warning(
                    || at("status"),
                    FindingCode::UnknownStatus,
                    format!(
                        "{message}; pass the account's statuses (GET /lead_statuses) to \
                         Validator::with_statuses to check it"
                    ),
                );
            }
        };
        let shown = Quoted(status.as_str());
        let whose = if validator.account_statuses.is_some() {
            "the account's statuses"
        } else {
            "Copper's documented statuses"
        };
        // Copper's status names are exact: a name that matches only ignoring case is refused,
        // with a hint (transitions, which take names from people, do ignore case).
        // One lookup: `find` gives the exact name first, else one that differs in case.
        let entry = match catalog.find(status.as_str()) {
            Some(entry) if entry.status() == status => entry,
            Some(entry) => {
                let message = format!(
                    "{shown} is not one of {whose}; did you mean {:?}?",
                    entry.status().as_str()
                );
                report(out, message);
                return;
            }
            None => {
                let known: Vec<&str> = catalog.entries().map(|e| e.status().as_str()).collect();
                let message = format!("{shown} is not one of {whose} ({})", known.join(", "));
                report(out, message);
                return;
            }
        };
        let by_id = self
            .status_id
            .value()
            .and_then(|id| catalog.entry_by_id(*id));
        if let Some(by_id) = by_id
            && by_id != entry
        {
            out.error(
                at("status_id"),
                FindingCode::StatusMismatch,
                format!(
                    "is the id of {:?}, but status is {}",
                    by_id.status().as_str(),
                    Quoted(status.as_str())
                ),
            );
        }
    }

    fn check_tags(&self, limits: &Limits, out: &mut Findings) {
        let tags = self.tags.items();
        let mut seen: HashSet<String> = HashSet::new();
        for (i, tag) in tags.iter().enumerate() {
            let path = || at("tags").index(i);
            if tag.trim().is_empty() {
                out.error(path(), FindingCode::Blank, "is blank");
                continue;
            }
            out.length(tag, limits.tag, path);
            if repeats(
                tags,
                i,
                &mut seen,
                |a, b| case::same(a, b),
                |t| case::fold(t),
            ) {
                out.error(
                    path(),
                    FindingCode::DuplicateTag,
                    format!("{} repeats an earlier tag (ignoring case)", Quoted(tag)),
                );
            }
        }
    }

    fn check_custom_fields(&self, validator: &Validator<'_>, out: &mut Findings) {
        let values = self.custom_fields.items();
        let mut seen = HashSet::new();
        for (i, value) in values.iter().enumerate() {
            let Some(id) = value.custom_field_definition_id.value() else {
                out.required(
                    &value.custom_field_definition_id,
                    at("custom_fields").index(i),
                    "custom_field_definition_id",
                );
                continue;
            };
            let id_of = |v: &CustomFieldValue| v.custom_field_definition_id.value().copied();
            if repeats(values, i, &mut seen, |a, b| id_of(a) == id_of(b), id_of) {
                out.error(
                    at("custom_fields").index(i),
                    FindingCode::DuplicateCustomField,
                    format!("definition {id} already has a value"),
                );
            }
            if let Some(catalog) = validator.custom_fields {
                catalog.check_lead_value(value, i, &validator.limits, out);
            }
        }
    }
}

/// Checks many records fast: what a caller that only needs findings (a validation run over an
/// export) uses instead of parsing each record into a new [`Lead`].
///
/// It reads each record over the one lead it keeps, reusing that lead's strings and lists
/// instead of allocating new ones, then checks it with the same rules as [`Lead::check`]: the
/// answer for any bytes is exactly `from_slice::<Lead>(bytes).map(|lead| lead.check(validator))`
/// (a property test holds the two paths to it), in about two thirds of the time.
///
/// ```
/// use copper_lead::validate::{Checker, Validator};
///
/// let validator = Validator::new();
/// let mut checker = Checker::new(&validator);
/// let report = checker.check_slice(br#"{"id": 1, "name": "Ada", "email": {"email": "ada at example.com", "category": "work"}}"#)?;
/// assert_eq!(report.findings()[0].path().as_str(), "/email/email");
/// assert_eq!(checker.lead().id.value().map(|id| id.get()), Some(1));
///
/// let err = checker.check_slice(br#"{"id": "x"}"#).unwrap_err();
/// assert_eq!(err.path().as_str(), "/id");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Checker<'a> {
    validator: &'a Validator<'a>,
    lead: Lead,
}

impl<'a> Checker<'a> {
    /// A checker applying `validator`'s rules.
    #[must_use]
    pub fn new(validator: &'a Validator<'a>) -> Self {
        Checker {
            validator,
            lead: Lead::default(),
        }
    }

    /// Reads one record's JSON and checks it: every finding, errors and warnings.
    ///
    /// # Errors
    ///
    /// [`ParseError`](crate::ParseError) when the bytes are not a lead, as
    /// [`from_slice`](crate::from_slice) reports it.
    pub fn check_slice(&mut self, bytes: &[u8]) -> Result<Report, crate::ParseError> {
        match crate::parse::from_slice_into(bytes, &mut self.lead) {
            Ok(()) => Ok(self.lead.check(self.validator)),
            Err(err) => {
                // What an error left half-read is not a lead: start the next one afresh.
                self.lead = Lead::default();
                Err(err)
            }
        }
    }

    /// The lead the last successful [`Checker::check_slice`] read (for its id, say).
    #[must_use]
    pub fn lead(&self) -> &Lead {
        &self.lead
    }

    /// The validator.
    #[must_use]
    pub fn validator(&self) -> &Validator<'a> {
        self.validator
    }
}

/// Whether `items[i]` repeats an earlier item. Short lists (the usual case) are compared
/// pairwise with `same`, allocating nothing; longer ones keep a set of `key`s, so the check
/// stays linear. `same(a, b)` must hold exactly when `key(a) == key(b)`; items skipped before
/// this call never enter the set.
fn repeats<T, K: Hash + Eq>(
    items: &[T],
    i: usize,
    seen: &mut HashSet<K>,
    same: impl Fn(&T, &T) -> bool,
    key: impl Fn(&T) -> K,
) -> bool {
    let Some(item) = items.get(i) else {
        return false;
    };
    if items.len() <= 16 {
        items.iter().take(i).any(|earlier| same(earlier, item))
    } else {
        !seen.insert(key(item))
    }
}
