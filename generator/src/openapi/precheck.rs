//! The generator's own check of each spec before it is written: an operation whose spec the
//! generator would refuse (a name collision the importer did not foresee, say) is left out
//! with the generator's reasons, so that every written spec generates and one odd operation
//! never blocks the folder.

use std::path::PathBuf;

use super::document::Doc;
use super::model::{Common, Query, Resource};
use super::operation::OpAt;
use super::params::Shared;
use super::yaml_writer;
use crate::Error;
use crate::diag::Diagnostics;
use crate::spec::SourceFile;

/// Runs the generator's checks on the spec `model` maps to (with the shared parameters it
/// uses); each problem is reported at the operation. False when there was one.
pub(crate) fn check(
    doc: &mut Doc<'_>,
    op: &OpAt<'_>,
    model: &Resource,
    file: &str,
    shared: &[Shared],
) -> bool {
    let common = Common {
        query: shared
            .iter()
            .filter(|s| {
                model
                    .query
                    .iter()
                    .any(|q| matches!(q, Query::Use(name) if *name == s.field.name))
            })
            .map(|s| s.field.clone())
            .collect(),
    };
    let mut sources = vec![SourceFile {
        path: PathBuf::from(file),
        text: yaml_writer::resource(model, &[]),
    }];
    if !common.query.is_empty() {
        sources.push(SourceFile {
            path: PathBuf::from("common.yaml"),
            text: yaml_writer::common(&common, &[]),
        });
    }
    let diags = match crate::check_sources(&sources, Diagnostics::default()) {
        Ok(_) => return true,
        Err(Error::Spec(diags)) => diags,
        Err(other) => {
            let message = format!("the generator could not check this operation's spec: {other}");
            doc.error(op.node, &op.ptr, message, "");
            return false;
        }
    };
    for d in diags.sorted() {
        let message = format!(
            "the generator refuses the spec this operation maps to: {} (at `{}` of {})",
            d.message, d.origin.yaml_path, file
        );
        let help = d.help.unwrap_or_default();
        doc.error(op.node, &op.ptr, message, &help);
    }
    false
}
