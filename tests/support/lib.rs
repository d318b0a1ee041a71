//! Shared helpers for the behaviour tests: the clients `build.rs` generates and the doctest
//! scan. The servers, file helpers and `rustc` check are in the workspace's test kit
//! (`rambase_testkit`); the typed mock is the runtime's (`rambase_runtime::mock`).

/// The client of the fictional resources in `tests/shapes`, generated at build time by
/// `build.rs` (`shapes::sales::get_customers::v1::Customer`, `shapes::prelude::*`), with its
/// typed mock stubs (`shapes::sales::get_customers::mock::v1::GetCustomersStub`).
pub mod shapes {
    include!(concat!(env!("OUT_DIR"), "/shapes/", "rambase_api.rs"));
}

/// The client of the specs that `generator import-openapi` made of
/// `generator/tests/openapi/rambase.json` (sales orders: a paged list, GET, POST, PUT,
/// DELETE), generated at build time by `build.rs`.
pub mod openapi {
    include!(concat!(env!("OUT_DIR"), "/openapi/", "rambase_api.rs"));
}

/// An area crate of a split client made by a build script (see `generator::Config::area`):
/// `build.rs` generates only the `collaboration` area of `spec/`, and the area's module is
/// re-exported at this module's root, as the split layout's area crate has it
/// (`collaboration_area::add_contact_phone::v5`, `collaboration_area::prelude::*`).
pub mod collaboration_area {
    mod generated {
        include!(concat!(
            env!("OUT_DIR"),
            "/collaboration_area/",
            "rambase_api.rs"
        ));
    }
    pub use generated::collaboration::*;
    pub use generated::prelude;
}

/// The text of a doc comment line (`///` or `//!`, after leading indentation), without the
/// marker and without the one space that conventionally follows it; `None` for other lines.
/// `////` (four slashes) is an ordinary comment, as in rustc.
pub fn doc_text(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let rest = trimmed
        .strip_prefix("//!")
        .or_else(|| trimmed.strip_prefix("///").filter(|r| !r.starts_with('/')))?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// The lines (1-based number and text) of Rust source `text` at which rustdoc could find code
/// to run as a doctest:
///
/// - a doc comment line whose text starts with a code fence (three backticks or three tildes,
///   after any indentation),
/// - a `#[doc = ...]` attribute whose string holds a fence,
/// - an indented code block: a doc line indented by four or more spaces (or a tab) that
///   starts a doc comment or follows a blank doc line.
pub fn doctest_candidates(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut previous_doc_blank = true;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some(doc) = doc_text(line) {
            let content = doc.trim_start();
            let fence = content.starts_with("```") || content.starts_with("~~~");
            let indented =
                (doc.starts_with("    ") || doc.starts_with('\t')) && !content.is_empty();
            if fence || (indented && previous_doc_blank) {
                found.push((number, line.to_owned()));
            }
            previous_doc_blank = doc.trim().is_empty();
        } else {
            let trimmed = line.trim_start();
            if (trimmed.starts_with("#[doc") || trimmed.starts_with("#![doc"))
                && (trimmed.contains("```") || trimmed.contains("~~~"))
            {
                found.push((number, line.to_owned()));
            }
            // The next doc line starts a new doc comment, where an indented block is code too.
            previous_doc_blank = true;
        }
    }
    found
}
