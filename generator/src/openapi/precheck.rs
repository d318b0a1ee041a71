//! The generator's own check of every spec before it is written: an operation whose spec the
//! generator would refuse (a name collision the importer did not foresee, say) is left out
//! with the generator's reasons, so that every written spec generates and one odd operation
//! never blocks the folder. All specs are checked in one run, on all cores.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Plan;
use super::yaml_writer;
use crate::diag::{Diagnostic, Origin};
use crate::spec::{RawCommon, SourceFile};

/// Leaves out of `plan` each resource whose spec the generator refuses; its problems go to
/// `plan.skipped`, located at the operation in the document `shown`.
pub(crate) fn drop_unbuildable(plan: &mut Plan, shown: &Path) {
    let common = RawCommon {
        query_parameters: plan.shared.iter().map(|s| s.field.clone()).collect(),
        ..RawCommon::default()
    };
    let commons: Vec<SourceFile> = (!common.query_parameters.is_empty())
        .then(|| SourceFile {
            path: PathBuf::from("common.yaml"),
            text: yaml_writer::common(&common, &[]),
        })
        .into_iter()
        .collect();
    // Each spec's text is written when its batch is checked, so a client's document never
    // has all of them at once.
    let resources = &plan.resources;
    let diags = crate::check::check_batched_with(&commons, resources.len(), |range, _| {
        resources[range]
            .iter()
            .map(|r| SourceFile {
                path: PathBuf::from(&r.file),
                text: yaml_writer::resource(&r.model, &[]),
            })
            .collect()
    });
    if diags.is_empty() {
        return;
    }
    let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    for d in diags.sorted() {
        by_file.entry(d.origin.file.clone()).or_default().push(d);
    }
    plan.resources.retain(|r| {
        let Some(found) = by_file.remove(Path::new(&r.file)) else {
            return true;
        };
        for d in found {
            let message = format!(
                "left out: the generator refuses the spec this operation maps to: {} (at `{}` of {})",
                d.message, d.origin.yaml_path, r.file
            );
            let origin = Origin {
                file: shown.to_path_buf(),
                line_col: Some(r.line_col),
                yaml_path: format!("#{}", r.ptr),
            };
            let mut left_out = Diagnostic::new(origin, message);
            left_out.help = d.help;
            plan.skipped.push(left_out);
        }
        false
    });
    // What is left belongs to the shared parameters: reported as the generator found it.
    for d in by_file.into_values().flatten() {
        plan.skipped.push(d);
    }
}
