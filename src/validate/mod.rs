//! Validation: every rule a lead breaks, in one pass, each at a JSON Pointer.
//!
//! Reading is lenient (whatever Copper stores parses); validation is strict. [`Lead::validate`](crate::Lead::validate)
//! checks a lead against the default [`Validator`] (default [`Limits`], the stock
//! [`StatusCatalog`](crate::lifecycle::StatusCatalog), no custom field definitions); [`Lead::validate_with`](crate::Lead::validate_with) takes one
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
//! | `/status_id` | `unknown_status`, `status_mismatch` | an id of the account's statuses, naming the same status as `status` (when the catalog knows ids) |
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
//! checked against its definition; see [`CustomFieldCatalog`](crate::custom_field::CustomFieldCatalog).

pub(crate) mod builder;
pub(crate) mod bulk;
pub(crate) mod finding;
pub(crate) mod limits;
mod rules;
pub(crate) mod validator;
pub(crate) mod web_url;

pub use bulk::Checker;
pub use finding::{Finding, FindingCode, Report, Severity, UnknownCode, ValidationErrors};
pub use limits::Limits;
pub use validator::Validator;
