//! What several test modules share.

#[cfg(feature = "validate")]
pub(crate) mod docs_statuses;
// The example binaries are built with the default features (leadctl, sync).
#[cfg(feature = "validate")]
pub(crate) mod example_binary;
pub(crate) mod fixture;
pub(crate) mod sample;
