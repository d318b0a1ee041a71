//! A downstream crate that holds its own spec files and generates its RamBase client in
//! `build.rs`, instead of depending on the checked-in `rambase-api` crate.

include!(concat!(env!("OUT_DIR"), "/rambase_api.rs"));

pub mod service;
