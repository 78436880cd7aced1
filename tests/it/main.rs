//! The integration tests, one binary with a module per area (as `jiff` links one): one link
//! instead of fifteen, which on two cores is most of a test build. Modules that need a
//! default feature are built with it; the rest also runs with `--no-default-features`.

mod activity;
#[cfg(feature = "validate")]
mod allocations;
#[cfg(feature = "convert")]
mod api;
mod bad_inputs;
#[cfg(feature = "validate")]
mod builder;
#[cfg(feature = "convert")]
mod convert;
#[cfg(feature = "validate")]
mod custom_fields;
mod docs;
#[cfg(feature = "convert")]
mod example_data;
mod fixtures;
mod layers;
#[cfg(feature = "convert")]
mod leadctl;
#[cfg(feature = "convert")]
mod lifecycle;
#[cfg(feature = "convert")]
mod production;
#[cfg(feature = "convert")]
mod reliability;
mod secrets;
mod stream;
mod support;
#[cfg(feature = "validate")]
mod sync;
#[cfg(feature = "validate")]
mod validate;
mod wire;
