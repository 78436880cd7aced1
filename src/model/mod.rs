//! The records Copper sends and takes, and the values their keys hold: every record is
//! declared once with the wire machinery (`crate::wire`) and nothing here reads a rule.

pub(crate) mod address;
pub(crate) mod amount;
pub(crate) mod category;
pub(crate) mod company;
pub(crate) mod converted_from;
pub(crate) mod custom_field_value;
pub(crate) mod email;
pub(crate) mod entity;
pub(crate) mod id;
pub(crate) mod lead;
pub(crate) mod opportunity;
pub(crate) mod person;
pub(crate) mod phone;
pub(crate) mod social;
pub(crate) mod status;
pub(crate) mod timestamp;
pub(crate) mod website;
