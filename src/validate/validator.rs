//! [`Validator`]: what a lead is validated against.

use crate::custom_field::catalog::CustomFieldCatalog;
use crate::lifecycle::catalog::StatusCatalog;
use crate::validate::limits::Limits;

/// What a lead is validated against: [`Limits`] and, optionally, the account's statuses and
/// custom field definitions.
///
/// `Validator::new()` (also `Default`) has the default limits and no account catalogs;
/// [`Lead::validate`](crate::Lead::validate) uses it. Without the account's statuses, a status name Copper does not
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
    pub(crate) limits: Limits,
    /// The account's statuses, if given (else the stock catalog applies).
    pub(crate) account_statuses: Option<&'a StatusCatalog>,
    pub(crate) custom_fields: Option<&'a CustomFieldCatalog>,
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
