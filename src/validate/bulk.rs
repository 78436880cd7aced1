//! [`Checker`]: many records checked fast, each read over one reused lead.

use crate::model::lead::Lead;
use crate::validate::finding::Report;
use crate::validate::validator::Validator;
use crate::wire::parse::{ParseError, from_slice_into};

/// Checks many records fast: what a caller that only needs findings (a validation run over an
/// export) uses instead of parsing each record into a new [`Lead`].
///
/// It reads each record over the one lead it keeps, reusing that lead's strings and lists
/// instead of allocating new ones, then checks it with the same rules as [`Lead::check`]: the
/// answer for any bytes is exactly `from_slice::<Lead>(bytes).map(|lead| lead.check(validator))`
/// (a property test holds the two paths to it), in about four fifths of the time (`benches/README.md`).
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
    /// Where strings with escapes are decoded, reused record after record.
    scratch: String,
}

impl<'a> Checker<'a> {
    /// A checker applying `validator`'s rules.
    #[must_use]
    pub fn new(validator: &'a Validator<'a>) -> Self {
        Checker {
            validator,
            lead: Lead::default(),
            scratch: String::new(),
        }
    }

    /// Reads one record's JSON and checks it: every finding, errors and warnings.
    ///
    /// # Errors
    ///
    /// [`ParseError`] when the bytes are not a lead, as
    /// [`from_slice`](crate::from_slice) reports it.
    pub fn check_slice(&mut self, bytes: &[u8]) -> Result<Report, ParseError> {
        match from_slice_into(bytes, &mut self.lead, &mut self.scratch) {
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
