//! The simulator's tests, one binary: the crate's whole life against it in-process, random

//! sequences of the crate's operations with faults on, and the server over HTTP (the
//! `copper-sim` binary and the `sync` example against it).

#![expect(clippy::unreadable_literal)] // ids as Copper writes them

mod sequences;
mod server;
mod support;
mod whole_life;
