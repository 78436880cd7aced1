//! Id newtypes, one per Copper resource, so ids of different resources cannot be mixed up.

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident => $what:literal;)*) => {$(
        $(#[$meta])*
        ///
        /// Copper ids are non-negative JSON integers, unique per resource type only (a lead and
        /// a person may share an id). Values up to `u64::MAX` are kept exactly.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u64);

        impl $name {
            /// Wraps a raw id.
            #[must_use]
            pub const fn new(id: u64) -> Self {
                $name(id)
            }

            /// The raw id.
            #[must_use]
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> u64 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;

            fn from_str(s: &str) -> Result<Self, ParseIntError> {
                s.parse().map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            /// Accepts a non-negative JSON integer; a negative, fractional or non-numeric value
            /// is a shape error.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_u64(IdVisitor($what)).map($name)
            }
        }

        $crate::wire::from_wire_via_deserialize!($name);
    )*};
}

struct IdVisitor(&'static str);

impl Visitor<'_> for IdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} id (a non-negative integer)", self.0)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }
}

ids! {
    /// The id of a lead.
    LeadId => "a lead";
    /// The id of a user (an assignee).
    UserId => "a user";
    /// The id of a customer source (`GET /customer_sources`).
    CustomerSourceId => "a customer source";
    /// The id of a custom field definition (`GET /custom_field_definitions`).
    CustomFieldDefinitionId => "a custom field definition";
    /// The id of an option of a Dropdown or MultiSelect custom field.
    CustomFieldOptionId => "a custom field option";
    /// The id of a lead status (`GET /lead_statuses`).
    LeadStatusId => "a lead status";
    /// The id of a person.
    PersonId => "a person";
    /// The id of a company.
    CompanyId => "a company";
    /// The id of an opportunity.
    OpportunityId => "an opportunity";
    /// The id of a contact type (`GET /contact_types`).
    ContactTypeId => "a contact type";
    /// The id of a pipeline (`GET /pipelines`).
    PipelineId => "a pipeline";
    /// The id of a pipeline stage (`GET /pipelines`).
    PipelineStageId => "a pipeline stage";
    /// The id of a loss reason (`GET /loss_reasons`).
    LossReasonId => "a loss reason";
}
