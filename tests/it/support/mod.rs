//! What several test modules share.

#[cfg(feature = "validate")]
pub(crate) mod docs_statuses;
pub(crate) mod example_binary;
pub(crate) mod sample;
