//! Custom fields: the values a record carries ([`CustomFieldValue`]), the account's
//! definitions ([`CustomFieldCatalog`]) and typed values ([`CustomValue`]).

pub(crate) mod catalog;
pub(crate) mod definition;
pub(crate) mod value;

pub use crate::model::custom_field_value::CustomFieldValue;
pub use catalog::CustomFieldCatalog;
pub use definition::{CustomFieldDataType, CustomFieldDefinition, CustomFieldOption};
pub use value::{CustomFieldError, CustomValue, FieldInput, OptionChoice, OptionRef};
