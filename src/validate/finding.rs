//! [`Finding`]s: what validation reports, and how they are collected.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::wire::field::Field;
use crate::wire::pointer::JsonPointer;
use crate::wire::quote::Quoted;

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
    /// only ever been seen to send `null` (kept as sent; see [`Lenient`](crate::Lenient)).
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
    pub(crate) path: JsonPointer,
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

/// Every error a lead has, from [`Lead::validate`](crate::Lead::validate) (never empty).
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

/// Everything [`Lead::check`](crate::Lead::check) found: errors and warnings.
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
pub struct Report(pub(crate) Vec<Finding>);

impl Report {
    /// All findings, errors and warnings, in the order of the lead's keys.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.0
    }

    /// The errors (what [`Lead::validate`](crate::Lead::validate) reports), in the order of the lead's keys.
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

/// Collects findings; paths and messages are built only when there is something to report
/// (and warnings only when asked for), so checking a valid lead allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    list: Vec<Finding>,
    warnings: bool,
}

impl Findings {
    pub(crate) fn new(warnings: bool) -> Self {
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
}
