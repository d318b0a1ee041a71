//! Re-importing a version that already has a file: what the document changed that the file
//! does not say (a field's type, a field removed, a rule) is a conflict; what the user edited by
//! hand is not.
//!
//! The import's record ([`super::import_lock`]) is the base of a three-way comparison: a fact
//! where the new document equals the base was not changed by the document, so the file's value
//! stands. Without a record (files from an older import, or written by hand), every
//! disagreement of a type or rule is a conflict, and a field the document lacks is kept,
//! since it may have been added by hand.

use std::collections::BTreeSet;

use super::import_lock::{self, Facts};
use crate::spec::RawResource;

/// What a re-import found, one line each.
#[derive(Default)]
pub(crate) struct Findings {
    /// What the document changed that the file says otherwise.
    pub conflicts: Vec<String>,
    /// Without a record: what only the file says, which may be a hand edit or something the
    /// document dropped. Kept, and said.
    pub doubts: Vec<String>,
}

/// The conflicts between the file and the document.
pub(crate) fn find(file: &RawResource, doc: &RawResource, base: Option<&Facts>) -> Findings {
    let (f, d) = (import_lock::facts(file), import_lock::facts(doc));
    let owners: BTreeSet<&str> = f
        .keys()
        .chain(d.keys())
        .chain(base.into_iter().flat_map(|b| b.keys()))
        .map(|k| k.rsplit_once('#').map_or(k.as_str(), |(o, _)| o))
        .collect();
    let mut out = Findings::default();
    let mut skipped: Vec<&str> = Vec::new();
    for owner in owners {
        let below = |s: &&str| {
            owner
                .strip_prefix(*s)
                .is_some_and(|rest| rest.starts_with(['.', '[']))
        };
        if skipped.iter().any(below) {
            continue;
        }
        let present =
            |facts: &Facts| owner == import_lock::RESOURCE || import_lock::has_owner(facts, owner);
        match (present(&f), present(&d)) {
            (true, true) => {
                if !facts_agree(&mut out, owner, &f, &d, base) {
                    skipped.push(owner);
                }
            }
            (true, false) => {
                // Only the record can tell the document's removal from a field added by hand.
                match base {
                    Some(b) if present(b) => out
                        .conflicts
                        .push(format!("{}: the document no longer has it", shown(owner))),
                    Some(_) => {}
                    None => out.doubts.push(format!("{}: {DOUBT}", shown(owner))),
                }
                skipped.push(owner);
            }
            // New in the document: the merge adds it. Gone from both: nothing to say.
            _ => skipped.push(owner),
        }
    }
    out
}

/// Compares the structural facts of one owner; `false` when its type differs (then nothing
/// below it is compared: one line says it).
fn facts_agree(
    out: &mut Findings,
    owner: &str,
    f: &Facts,
    d: &Facts,
    base: Option<&Facts>,
) -> bool {
    let (file, doc) = (import_lock::direct(f, owner), import_lock::direct(d, owner));
    let get = |list: &[(&str, &str)], fact: &str| {
        list.iter()
            .find(|(k, _)| *k == fact)
            .map(|(_, v)| v.to_string())
    };
    // The type first: when it differs, the other facts of the owner say nothing more.
    let mut names: Vec<&str> = file.iter().chain(&doc).map(|(k, _)| *k).collect();
    names.sort_by_key(|k| (*k != "type", *k));
    names.dedup();
    let defaulted = f.contains_key(&format!("{owner}#default"));
    let mut agree = true;
    for fact in names {
        let (fv, dv) = (get(&file, fact), get(&doc, fact));
        // A default added by hand replaces `required` (the two exclude each other).
        if fv == dv || (fact == "required" && defaulted) {
            continue;
        }
        let bv = base.map(|b| get(&import_lock::direct(b, owner), fact));
        let conflict = match (bv, &fv, &dv) {
            // The document did not change it: the file's value is a hand edit.
            (Some(bv), _, _) if bv == dv => false,
            (Some(_), _, _) => true,
            (None, Some(_), Some(_)) => true,
            // No record: a value only the file has may be a hand edit; one only the document
            // has is filled in by the merge.
            (None, Some(v), None) => {
                out.doubts
                    .push(format!("{}: {fact} `{v}`: {DOUBT}", shown(owner)));
                false
            }
            (None, _, _) => false,
        };
        if conflict {
            let show = |v: &Option<String>| v.as_ref().map_or("none".into(), |v| format!("`{v}`"));
            out.conflicts.push(format!(
                "{}: {fact} {} in the file, {} in the document",
                shown(owner),
                show(&fv),
                show(&dv)
            ));
            if fact == "type" {
                agree = false;
                break;
            }
        }
    }
    agree
}

/// What is said of a fact only the file has, when there is no record to tell why.
const DOUBT: &str = "only in the file, kept (added by hand, or dropped by the document: without \
                     openapi-import.lock the import cannot tell)";

fn shown(owner: &str) -> String {
    if owner == import_lock::RESOURCE {
        "the resource".into()
    } else {
        format!("`{owner}`")
    }
}
