//! The pipeline's phases one at a time, for benchmarks and tests: the small surface through
//! which they reach the internal modules. [`generate_files`](crate::generate_files) runs them
//! all; each takes what the phase before it returned.
//!
//! load ([`load_files`]) → check ([`parse_files`]) → [`lower`] → [`emit`] → [`format_file`] →
//! [`write`](crate::write).

pub use crate::emit::{
    FileTokens, Section, emit, emit_resource, emit_resource_after, previous_version, resource_path,
};
pub use crate::format::format_file;
pub use crate::lower::lower;
pub use crate::spec::{MAX_FILE_BYTES, SourceFile, SpecFile, keys, load_files, parse_files};

/// The located YAML tree the spec phase reads files into.
pub mod yaml {
    pub use crate::spec::yaml::{Key, Node, SyntaxError, Value, parse};
}
