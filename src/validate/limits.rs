//! [`Limits`]: how long each text may be.

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
