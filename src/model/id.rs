//! Id newtypes, one per Copper resource, so ids of different resources cannot be mixed up.

use serde::{Serialize, Serializer};
use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

macro_rules! ids {
    ($($(#[$meta:meta])* $name:ident => $what:literal;)*) => {$(
        $(#[$meta])*
        ///
        /// Copper ids are non-negative JSON integers, unique per resource type only (a lead and
        /// a person may share an id). Values up to `u64::MAX` are kept exactly.
        ///
        #[doc = concat!(
            "```\n",
            "use copper_lead::", stringify!($name), ";\n\n",
            "let id: ", stringify!($name), " = serde_json::from_str(\"8894157\")?;\n",
            "assert_eq!((id.get(), id.to_string()), (8894157, \"8894157\".to_owned()));\n",
            "assert_eq!(\"8894157\".parse::<", stringify!($name), ">()?, id);\n",
            "assert!(serde_json::from_str::<", stringify!($name), ">(\"-1\").is_err());\n",
            "# Ok::<(), Box<dyn std::error::Error>>(())\n",
            "```",
        )]
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

        impl $crate::wire::Leaf for $name {
            fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} id (a non-negative integer)", $what)
            }

            /// Accepts a non-negative JSON integer; a negative, fractional or non-numeric
            /// value is a shape error.
            fn unsigned(value: u64) -> Result<Self, $crate::wire::Reject> {
                Ok($name(value))
            }

            fn signed(value: i64) -> Result<Self, $crate::wire::Reject> {
                u64::try_from(value).map($name).map_err(|_| $crate::wire::Reject::Value)
            }
        }

        $crate::wire::wire_leaf!($name);
    )*};
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
    /// The id of a Copper account (`GET /account`).
    AccountId => "an account";
    /// The id of a webhook subscription (`POST /webhooks`).
    SubscriptionId => "a webhook subscription";
    /// The id of an activity (a note, a call, a recorded change).
    ActivityId => "an activity";
    /// The id of an activity type, unique within its category (`GET /activity_types`).
    ActivityTypeId => "an activity type";
}
