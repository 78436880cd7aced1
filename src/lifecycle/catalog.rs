//! [`StatusCatalog`]: an account's lead statuses, each mapped to a lifecycle stage.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::lifecycle::stage::Stage;
use crate::model::id::LeadStatusId;
use crate::model::lead::Lead;
use crate::model::status::LeadStatus;
use crate::wire::field::Field;
use crate::wire::quote::Quoted;
use crate::wire::record::wire_record;

wire_record! {
    /// One of an account's lead statuses, as `GET /lead_statuses` returns it:
    /// `{"id": 208231, "name": "New", "order": 1, "is_default": true}`.
    ///
    /// ```
    /// use copper_lead::lifecycle::LeadStatusDefinition;
    ///
    /// let statuses: Vec<LeadStatusDefinition> = serde_json::from_str(
    ///     r#"[{"id": 208231, "name": "New", "order": 1, "is_default": true}]"#,
    /// )?;
    /// assert_eq!(statuses[0].name.as_deref(), Some("New"));
    /// assert_eq!(statuses[0].is_default.value(), Some(&true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct LeadStatusDefinition("a lead status") setters {
        /// The status id (a lead's `status_id`).
        id: LeadStatusId,
        /// The status name (a lead's `status`).
        name: String,
        /// Position in the account's list.
        order: i64,
        /// Whether new leads get this status.
        is_default: bool,
    }
}

/// One status of a [`StatusCatalog`]: its name, its id when known, and its stage.
///
/// ```
/// use copper_lead::LeadStatus;
/// use copper_lead::lifecycle::{Stage, StatusCatalog};
///
/// let entry = StatusCatalog::stock().entry(&LeadStatus::Open).unwrap();
/// assert_eq!((entry.stage(), entry.id(), entry.is_default()), (Stage::Contacted, None, false));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    status: LeadStatus,
    id: Option<LeadStatusId>,
    stage: Stage,
    is_default: bool,
}

impl CatalogEntry {
    /// The status name.
    #[must_use]
    pub fn status(&self) -> &LeadStatus {
        &self.status
    }

    /// The status id, when the catalog came from an account.
    #[must_use]
    pub fn id(&self) -> Option<LeadStatusId> {
        self.id
    }

    /// The lifecycle stage of the status.
    #[must_use]
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// Whether new leads get this status.
    #[must_use]
    pub fn is_default(&self) -> bool {
        self.is_default
    }
}

/// Which stage each of an account's statuses stands for, given by the user for statuses that
/// are not Copper's stock names. A mapping by id wins over one by name.
///
/// ```
/// use copper_lead::LeadStatusId;
/// use copper_lead::lifecycle::{Stage, StageMap};
///
/// let map = StageMap::new()
///     .name("Hot", Stage::Qualified)
///     .id(LeadStatusId::new(1079555), Stage::Unqualified);
/// assert_eq!(
///     serde_json::to_string(&map)?,
///     r#"{"by_name":{"Hot":"Qualified"},"by_id":{"1079555":"Unqualified"}}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMap {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    by_name: BTreeMap<String, Stage>,
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "ids_as_keys"
    )]
    by_id: BTreeMap<LeadStatusId, Stage>,
}

/// Reads a map keyed by status ids: JSON object keys are strings, so each must spell a
/// non-negative integer.
fn ids_as_keys<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<LeadStatusId, Stage>, D::Error> {
    BTreeMap::<String, Stage>::deserialize(deserializer)?
        .into_iter()
        .map(|(key, stage)| match key.parse::<u64>() {
            Ok(id) => Ok((LeadStatusId::new(id), stage)),
            Err(_) => Err(serde::de::Error::custom(format_args!(
                "the key {} is not a lead status id (a non-negative integer)",
                crate::wire::quote::Quoted(&key)
            ))),
        })
        .collect()
}

impl StageMap {
    /// An empty mapping: only stock names map.
    #[must_use]
    pub fn new() -> Self {
        StageMap::default()
    }

    /// Maps the status called `name` (ignoring case) to `stage`.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>, stage: Stage) -> Self {
        self.by_name.insert(name.into(), stage);
        self
    }

    /// Maps the status with `id` to `stage`.
    #[must_use]
    pub fn id(mut self, id: LeadStatusId, stage: Stage) -> Self {
        self.by_id.insert(id, stage);
        self
    }

    fn stage_for(&self, definition_id: Option<LeadStatusId>, name: &str) -> Option<Stage> {
        definition_id
            .and_then(|id| self.by_id.get(&id).copied())
            .or_else(|| {
                self.by_name
                    .iter()
                    .find(|(mapped, _)| crate::wire::case::same(mapped, name))
                    .map(|(_, stage)| *stage)
            })
            .or_else(|| stock_stage(name))
    }
}

/// The stage of Copper's stock status names: the seed's four, plus `Open` and `Junk`.
fn stock_stage(name: &str) -> Option<Stage> {
    STOCK
        .iter()
        .find(|(stock, _)| crate::wire::case::same(stock, name))
        .map(|(_, stage)| *stage)
}

const STOCK: [(&str, Stage); 6] = [
    ("New", Stage::New),
    ("Contacted", Stage::Contacted),
    ("Qualified", Stage::Qualified),
    ("Unqualified", Stage::Unqualified),
    ("Open", Stage::Contacted),
    ("Junk", Stage::Unqualified),
];

/// Why a [`StatusCatalog`] could not be built.
///
/// ```
/// use copper_lead::lifecycle::{CatalogError, LeadStatusDefinition, StageMap, StatusCatalog};
///
/// let statuses: Vec<LeadStatusDefinition> =
///     serde_json::from_str(r#"[{"id": 9, "name": "Hot"}, {"id": 10, "name": "Cold"}]"#)?;
/// let err = StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap_err();
/// assert_eq!(err, CatalogError::Unmapped(vec!["Hot".into(), "Cold".into()]));
/// assert_eq!(err.to_string(), "no stage given for the statuses Hot, Cold");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// Statuses that are not stock names and that the [`StageMap`] does not map.
    #[error("no stage given for the statuses {}", .0.join(", "))]
    Unmapped(Vec<String>),
    /// A status without a name.
    #[error("the status at index {0} has no name")]
    Unnamed(usize),
    /// Two statuses with the same name (ignoring case).
    #[error("the status name {} occurs twice", Quoted(.0))]
    DuplicateName(String),
}

/// An account's lead statuses, each mapped to a lifecycle [`Stage`].
///
/// The stock catalog ([`StatusCatalog::stock`], also `Default`) holds the seed's New,
/// Contacted, Qualified and Unqualified, and Copper's stock Open (stage Contacted) and Junk
/// (stage Unqualified), without ids. An account's own catalog comes from the JSON of
/// `GET /lead_statuses` plus a [`StageMap`] for its own names. A lead's status is looked up by its exact name; names a person gives (transition targets, [`StatusCatalog::find`], the [`StageMap`]) ignore case.
///
/// As a file (for example for `leadctl --catalog`), a catalog is
/// `{"statuses": [...GET /lead_statuses...], "stages": {"by_name": {"Hot": "Qualified"},
/// "by_id": {"1079555": "Unqualified"}}}`.
///
/// # Example
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::Lead;
/// use copper_lead::lifecycle::{LeadStatusDefinition, Stage, StageMap, StatusCatalog};
///
/// let statuses: Vec<LeadStatusDefinition> = serde_json::from_str(r#"[
///     {"id": 1, "name": "New", "order": 1, "is_default": true},
///     {"id": 2, "name": "Working", "order": 2, "is_default": false},
///     {"id": 3, "name": "Hot", "order": 3, "is_default": false}
/// ]"#)?;
/// let map = StageMap::new().name("Working", Stage::Contacted).name("Hot", Stage::Qualified);
/// let catalog = StatusCatalog::from_definitions(&statuses, &map)?;
///
/// let lead: Lead = serde_json::from_str(r#"{"name": "Ada", "status": "Hot", "status_id": 3}"#)?;
/// assert_eq!(lead.stage_with(&catalog), Some(Stage::Qualified));
/// assert!(lead.validate_with(&copper_lead::validate::Validator::new().with_statuses(&catalog)).is_ok());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCatalog {
    entries: Vec<CatalogEntry>,
}

static STOCK_CATALOG: LazyLock<StatusCatalog> = LazyLock::new(|| StatusCatalog {
    entries: STOCK
        .iter()
        .map(|(name, stage)| CatalogEntry {
            status: LeadStatus::from(*name),
            id: None,
            stage: *stage,
            is_default: *name == "New",
        })
        .collect(),
});

impl Default for StatusCatalog {
    fn default() -> Self {
        StatusCatalog::stock().clone()
    }
}

impl StatusCatalog {
    /// The stock catalog: New, Contacted, Qualified, Unqualified, Open and Junk.
    #[must_use]
    pub fn stock() -> &'static StatusCatalog {
        &STOCK_CATALOG
    }

    /// An account's catalog from its statuses (`GET /lead_statuses`) and a mapping for the
    /// names that are not stock names.
    ///
    /// # Errors
    ///
    /// [`CatalogError`] when a status has no name, a name repeats, or a status has no stage
    /// (not a stock name, not mapped); every unmapped status is named.
    pub fn from_definitions(
        definitions: &[LeadStatusDefinition],
        map: &StageMap,
    ) -> Result<Self, CatalogError> {
        let mut entries: Vec<CatalogEntry> = Vec::with_capacity(definitions.len());
        let mut unmapped = Vec::new();
        for (index, definition) in definitions.iter().enumerate() {
            let name = definition
                .name
                .as_deref()
                .ok_or(CatalogError::Unnamed(index))?;
            if entries
                .iter()
                .any(|e| crate::wire::case::same(e.status.as_str(), name))
            {
                return Err(CatalogError::DuplicateName(name.to_owned()));
            }
            let id = definition.id.value().copied();
            match map.stage_for(id, name) {
                Some(stage) => entries.push(CatalogEntry {
                    status: LeadStatus::from(name),
                    id,
                    stage,
                    is_default: definition.is_default.value().copied().unwrap_or(false),
                }),
                None => unmapped.push(name.to_owned()),
            }
        }
        if unmapped.is_empty() {
            Ok(StatusCatalog { entries })
        } else {
            Err(CatalogError::Unmapped(unmapped))
        }
    }

    /// Adds a status at the end, or replaces the one with the same name (ignoring case)
    /// in its place, keeping whether it is the default; returns the catalog.
    ///
    /// ```
    /// use copper_lead::LeadStatusId;
    /// use copper_lead::lifecycle::{Stage, StatusCatalog};
    ///
    /// let catalog = StatusCatalog::stock()
    ///     .clone()
    ///     .with_status("new", Some(LeadStatusId::new(208231)), Stage::New)
    ///     .with_status("Hot", None, Stage::Qualified);
    /// let default = catalog.default_entry().unwrap();
    /// assert_eq!((default.status().as_str(), default.id()), ("new", Some(LeadStatusId::new(208231))));
    /// assert_eq!(catalog.entries().last().map(|e| e.status().as_str()), Some("Hot"));
    /// ```
    #[must_use]
    pub fn with_status(
        mut self,
        status: impl Into<LeadStatus>,
        id: Option<LeadStatusId>,
        stage: Stage,
    ) -> Self {
        let status = status.into();
        let existing = self
            .entries
            .iter_mut()
            .find(|e| crate::wire::case::same(e.status.as_str(), status.as_str()));
        match existing {
            Some(entry) => {
                entry.status = status;
                entry.id = id;
                entry.stage = stage;
            }
            None => self.entries.push(CatalogEntry {
                status,
                id,
                stage,
                is_default: false,
            }),
        }
        self
    }

    /// The statuses, in the account's order.
    pub fn entries(&self) -> impl Iterator<Item = &CatalogEntry> {
        self.entries.iter()
    }

    /// The entry for a status as Copper stores it: its exact name.
    #[must_use]
    pub fn entry(&self, status: &LeadStatus) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| &e.status == status)
    }

    /// The entry for a status name a person gave: the exact name, else one ignoring case.
    ///
    /// ```
    /// use copper_lead::LeadStatus;
    /// use copper_lead::lifecycle::StatusCatalog;
    ///
    /// let catalog = StatusCatalog::stock();
    /// assert_eq!(catalog.find("junk").map(|e| e.status()), Some(&LeadStatus::Junk));
    /// assert!(catalog.entry(&LeadStatus::from("junk")).is_none()); // a lead's status is exact
    /// ```
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&CatalogEntry> {
        crate::wire::case::find(&self.entries, name, |e| Some(e.status.as_str()))
    }

    /// The entry for a status id.
    #[must_use]
    pub fn entry_by_id(&self, id: LeadStatusId) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.id == Some(id))
    }

    /// The stage of a status, if the catalog has it (by its exact name).
    #[must_use]
    pub fn stage_of(&self, status: &LeadStatus) -> Option<Stage> {
        self.entry(status).map(CatalogEntry::stage)
    }

    /// The status new leads get (`is_default`), if the catalog says.
    #[must_use]
    pub fn default_entry(&self) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.is_default)
    }

    /// The stage of a lead: by id when known here, else by name; without a status, the
    /// default status's stage or New.
    pub(crate) fn stage_of_lead(&self, lead: &Lead) -> Option<Stage> {
        if let Some(entry) = lead.status_id.value().and_then(|id| self.entry_by_id(*id)) {
            return Some(entry.stage);
        }
        match lead.status.value() {
            Some(status) => self.stage_of(status),
            None => Some(self.default_entry().map_or(Stage::New, CatalogEntry::stage)),
        }
    }
}

/// The on-disk form of a catalog.
#[derive(Serialize, Deserialize)]
struct CatalogFile {
    statuses: Vec<LeadStatusDefinition>,
    #[serde(default)]
    stages: StageMap,
}

impl Serialize for StatusCatalog {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut stages = StageMap::new();
        let statuses = self
            .entries
            .iter()
            .enumerate()
            .map(|(order, entry)| {
                stages
                    .by_name
                    .insert(entry.status.as_str().to_owned(), entry.stage);
                LeadStatusDefinition {
                    id: entry.id.map_or(Field::Absent, Field::Value),
                    name: Field::Value(entry.status.as_str().to_owned()),
                    order: Field::Value(i64::try_from(order + 1).unwrap_or(i64::MAX)),
                    is_default: Field::Value(entry.is_default),
                    extra: crate::wire::extra::Extra::default(),
                }
            })
            .collect();
        CatalogFile { statuses, stages }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StatusCatalog {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let file = CatalogFile::deserialize(deserializer)?;
        StatusCatalog::from_definitions(&file.statuses, &file.stages)
            .map_err(serde::de::Error::custom)
    }
}
