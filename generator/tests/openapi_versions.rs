//! Importing a newer download: a new version inherits what was added by hand to the older
//! version's file, and a document that changed an existing version is a conflict.
//!
//! `openapi-versions/older.json` and `newer.json` are two downloads of one client's document:
//! in the newer one, 9902 moved from version 1 to 2 (a field added, the `Priority` bound
//! changed) and 9903 version 1 changed in place (a type changed, a field removed, a bound
//! changed).

use std::path::{Path, PathBuf};

use generator::openapi::{
    FileStatus, ImportOptions, ImportReport, OnConflict, import, import_with,
};

use crate::support;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/openapi-versions")
        .join(name)
}

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch("openapi-versions", name)
}

fn import_doc(dir: &Path, doc: &str, on_conflict: OnConflict) -> ImportReport {
    import_with(&fixture(doc), dir, &ImportOptions::default(), on_conflict)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn file(report: &ImportReport, path: &str) -> generator::openapi::FileReport {
    report
        .files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("{path} not in the report:\n{report}"))
        .clone()
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn edit(dir: &Path, rel: &str, edits: &[(&str, &str)], append: &str) -> String {
    let mut text = read(dir, rel);
    for (from, to) in edits {
        assert!(text.contains(from), "{rel} has no {from:?}:\n{text}");
        text = text.replacen(from, to, 1);
    }
    text.push_str(append);
    std::fs::write(dir.join(rel), &text).expect("edited");
    text
}

/// The lines of the request field `name` (indented by four spaces) and what is below it.
fn block(text: &str, name: &str) -> String {
    let head = format!("    {name}:\n");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("no field {name}:\n{text}"));
    let rest = &text[start + head.len()..];
    let end = rest
        .lines()
        .take_while(|l| l.starts_with("      "))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    rest[..end].to_string()
}

const POST_V1: &str = "sales/quote/post-9902-v1.yaml";
const POST_V2: &str = "sales/quote/post-9902-v2.yaml";
const GET_V1: &str = "sales/quote/get-9903-v1.yaml";

/// The older download, then every kind of hand fact added to 9902 v1, and an error to 9903.
fn older_with_hand_facts(dir: &Path) {
    let report = import_doc(dir, "older.json", OnConflict::KeepFile);
    assert!(report.problems.is_empty(), "{report}");
    edit(
        dir,
        POST_V1,
        &[
            // A default on a required field replaces `required`.
            (
                "    Currency:\n      type: string\n      required: true\n",
                "    Currency:\n      type: string\n      default: NOK\n",
            ),
            (
                "    IsUrgent:\n      type: boolean\n",
                "    IsUrgent:\n      type: boolean\n      default: false\n",
            ),
            (
                "    Priority:\n      type: integer\n",
                "    Priority:\n      type: integer\n      rustName: urgency\n",
            ),
            (
                "    Note:\n      type: string\n",
                "    Note:\n      type: string\n      rustName: remark\n",
            ),
            (
                "      description: Category of the quote\n",
                "      description: Category of the quote\n      domain:\n        values: [RETAIL, WHOLESALE]\n        rustName: QuoteCategory\n",
            ),
            (
                "    Address:\n      type: object\n",
                "    Address:\n      type: object\n      object: PostalAddress\n",
            ),
            (
                "request:\n  object: Quote\n  fields:\n",
                "request:\n  object: Quote\n  customFields: true\n  fields:\n    Comment:\n      type: string\n      description: Added by hand from the page\n",
            ),
            // A shared parameter, and a better operation name and summary.
            ("  - $lang\n", "  - $lang\n  - $showCustomFields\n"),
            ("operation: CreateQuote\n", "operation: AddQuote\n"),
            (
                "summary: Create sales quote\n",
                "summary: Creates a sales quote\n",
            ),
        ],
        "errors:\n  - code: 101015\n    status: 404\n    message: Customer not found\n",
    );
    edit(
        dir,
        GET_V1,
        &[],
        "errors:\n  - code: 101420\n    status: 404\n    message: Quote not found\n",
    );
    edit(
        dir,
        "common.yaml",
        &[],
        "  $showCustomFields:\n    type: boolean\n    description: Include custom fields\n",
    );
}

#[test]
fn a_new_version_inherits_every_kind_of_hand_fact_of_the_older_file() {
    let dir = scratch("inherit");
    older_with_hand_facts(&dir);
    let v1 = read(&dir, POST_V1);
    let report = import_doc(&dir, "newer.json", OnConflict::KeepFile);
    assert!(report.problems.is_empty(), "{report}");
    assert_eq!(
        read(&dir, POST_V1),
        v1,
        "the older version's file is left alone"
    );
    let v2_report = file(&report, POST_V2);
    assert_eq!(v2_report.status, FileStatus::Created, "{report}");
    let v2 = read(&dir, POST_V2);
    assert!(v2.contains("version: 2\n"), "{v2}");
    for (field, kept) in [
        ("Currency", "default: NOK"),
        ("IsUrgent", "default: false"),
        ("Note", "rustName: remark"),
        ("Category", "values: [RETAIL, WHOLESALE]"),
        ("Category", "rustName: QuoteCategory"),
        ("Address", "object: PostalAddress"),
        ("Comment", "description: Added by hand from the page"),
        // The document's new field is there.
        ("ValidUntil", "type: date"),
        // The document changed Priority (maximum 9 → 5): its hand facts stay behind.
        ("Priority", "maximum: 5"),
    ] {
        let block = block(&v2, field);
        assert!(block.contains(kept), "v2's {field} lacks {kept:?}:\n{v2}");
    }
    assert!(!block(&v2, "Currency").contains("required"), "{v2}");
    assert!(!block(&v2, "Priority").contains("urgency"), "{v2}");
    for kept in [
        "operation: AddQuote\n",
        "summary: Creates a sales quote\n",
        "  - $lang\n  - $showCustomFields\n",
        "request:\n  object: Quote\n  customFields: true\n",
        "errors:\n  - code: 101015\n    status: 404\n    message: Customer not found\n",
    ] {
        assert!(v2.contains(kept), "v2 lacks {kept:?}:\n{v2}");
    }
    let notes = v2_report.notes.join("\n");
    for said in [
        "carried over from sales/quote/post-9902-v1.yaml: errors 101015",
        "customFields: request",
        "default: request.Currency, request.IsUrgent",
        "domain: request.Category",
        "object: request.Address",
        "rustName: request.Note",
        "resource: operation, summary",
        "added by hand: queryParameters.$showCustomFields, request.Comment",
        "not carried (the document changed them): request.Priority",
    ] {
        assert!(
            notes.contains(said),
            "the report does not say {said:?}:\n{report}"
        );
    }
    // Importing the newer document again changes nothing.
    let again = import_doc(&dir, "newer.json", OnConflict::KeepFile);
    assert_eq!(
        file(&again, POST_V2).status,
        FileStatus::Unchanged,
        "{again}"
    );
    assert_eq!(read(&dir, POST_V2), v2);
}

#[test]
fn without_the_import_record_hand_facts_of_unchanged_fields_are_still_inherited() {
    let dir = scratch("inherit-no-record");
    older_with_hand_facts(&dir);
    std::fs::remove_file(dir.join("openapi-import.lock")).expect("record written");
    let report = import_doc(&dir, "newer.json", OnConflict::KeepFile);
    let v2 = read(&dir, POST_V2);
    assert!(v2.contains("      default: NOK\n"), "{v2}");
    assert!(v2.contains("      rustName: remark\n"), "{v2}");
    assert!(v2.contains("code: 101015"), "{v2}");
    // Without the record a field only the file has may be one the document dropped.
    assert!(!v2.contains("Comment"), "{v2}");
    assert!(!v2.contains("urgency"), "{v2}");
    assert!(report.problems.is_empty(), "{report}");
}

#[test]
fn a_changed_document_for_an_existing_version_is_a_conflict_until_its_side_is_taken() {
    let dir = scratch("conflict");
    older_with_hand_facts(&dir);
    let before = read(&dir, GET_V1);
    let report = import_doc(&dir, "newer.json", OnConflict::KeepFile);
    let get = file(&report, GET_V1);
    assert_eq!(get.status, FileStatus::Conflict, "{report}");
    assert!(report.has_conflicts());
    assert_eq!(
        read(&dir, GET_V1),
        before,
        "a conflicting file is left as it is"
    );
    let notes = get.notes.join("\n");
    for said in [
        "conflict: `response.Amount`: type `decimal` in the file, `string` in the document",
        "conflict: `response.CreatedAt`: the document no longer has it",
        "conflict: `response.Reference`: maxLength `20` in the file, `10` in the document",
        "--take-document",
    ] {
        assert!(
            notes.contains(said),
            "the report does not say {said:?}:\n{report}"
        );
    }
    let text = report.to_string();
    assert!(
        text.contains("conflict (the document changed it; left as it is)"),
        "{text}"
    );
    assert!(
        text.contains("1 file(s) conflict with the document"),
        "{text}"
    );
    // Still a conflict the next time: nothing was resolved.
    let again = import_doc(&dir, "newer.json", OnConflict::KeepFile);
    assert_eq!(file(&again, GET_V1).status, FileStatus::Conflict, "{again}");

    let taken = import_doc(&dir, "newer.json", OnConflict::TakeDocument);
    assert_eq!(file(&taken, GET_V1).status, FileStatus::Updated, "{taken}");
    assert!(
        !taken.has_conflicts() && taken.problems.is_empty(),
        "{taken}"
    );
    let after = read(&dir, GET_V1);
    assert!(
        after.contains("    Amount:\n      type: string\n"),
        "{after}"
    );
    assert!(after.contains("      maxLength: 10\n"), "{after}");
    assert!(!after.contains("CreatedAt"), "{after}");
    // The hand facts the document did not contradict stay.
    assert!(after.contains("code: 101420"), "{after}");
    let settled = import_doc(&dir, "newer.json", OnConflict::KeepFile);
    assert_eq!(
        file(&settled, GET_V1).status,
        FileStatus::Unchanged,
        "{settled}"
    );
}

#[test]
fn hand_edits_the_document_did_not_change_are_not_conflicts() {
    let dir = scratch("hand-edits");
    older_with_hand_facts(&dir);
    // A bound tightened from the page, a field added by hand: the same document again.
    let edited = edit(
        &dir,
        GET_V1,
        &[("      maxLength: 20\n", "      maxLength: 15\n")],
        "",
    );
    let report = import_doc(&dir, "older.json", OnConflict::KeepFile);
    assert!(!report.has_conflicts(), "{report}");
    assert_eq!(
        file(&report, GET_V1).status,
        FileStatus::Unchanged,
        "{report}"
    );
    assert_eq!(
        file(&report, POST_V1).status,
        FileStatus::Unchanged,
        "{report}"
    );
    assert_eq!(read(&dir, GET_V1), edited);
}

#[test]
fn without_the_import_record_only_contradictions_are_conflicts() {
    let dir = scratch("conflict-no-record");
    older_with_hand_facts(&dir);
    std::fs::remove_file(dir.join("openapi-import.lock")).expect("record written");
    let report = import_doc(&dir, "newer.json", OnConflict::KeepFile);
    let notes = file(&report, GET_V1).notes.join("\n");
    assert!(notes.contains("`response.Amount`: type"), "{report}");
    assert!(
        notes.contains("`response.Reference`: maxLength"),
        "{report}"
    );
    // A field only the file has may have been added by hand: not a conflict on its own, but
    // said, since the document may have dropped it.
    assert!(
        !notes.contains("conflict: `response.CreatedAt`"),
        "{report}"
    );
    assert!(
        notes.contains("`response.CreatedAt`: only in the file, kept"),
        "{report}"
    );
    // The import writes the record for the versions it could settle.
    assert!(dir.join("openapi-import.lock").is_file());
    let plain = import(&fixture("newer.json"), &dir, &ImportOptions::default()).expect("imports");
    assert!(plain.has_conflicts(), "{plain}");
}
