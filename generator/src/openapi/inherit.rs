//! A new version from a newer download (or the document's side of a conflict) keeps what the
//! user added by hand to the file it replaces, wherever the document did not change.
//!
//! OpenAPI carries no errors, defaults, domains, custom-field marks or Rust names; the user
//! adds them from the documentation page. A field or parameter whose type and rules the new
//! document states as before is taken from the older file as it is (its hand facts and hand
//! edits included), with the texts the document changed. One the document changed keeps the
//! document's definition: a default or domain written for the old definition may not fit.

use std::collections::BTreeMap;

use super::import_lock::{self, Facts};
use crate::spec::{RawBody, RawField, RawQueryParam, RawResource, flag, int, mark};

/// What was carried over, for the report.
#[derive(Default)]
pub(crate) struct Carried {
    errors: Vec<i128>,
    /// A kind of hand fact (`default`, `rustName`, ...) → where.
    facts: BTreeMap<&'static str, Vec<String>>,
    /// Fields and shared parameters the older file had and the document never had, carried
    /// whole.
    added: Vec<String>,
    /// Fields whose definition the document changed: nothing carried.
    changed: Vec<String>,
}

/// `doc` with the hand facts of `from` (whose import record is `from_base`, when known).
pub(crate) fn carry(
    from: &RawResource,
    from_base: Option<&Facts>,
    doc: &RawResource,
) -> (RawResource, Carried) {
    let mut cx = Cx {
        before: from_base
            .cloned()
            .unwrap_or_else(|| import_lock::facts(from)),
        known: from_base.is_some(),
        now: import_lock::facts(doc),
        carried: Carried::default(),
    };
    let mut out = doc.clone();
    cx.resource(&mut out, from);
    for e in &from.errors {
        if !out.errors.iter().any(|o| int(&o.code) == int(&e.code)) {
            cx.carried.errors.push(int(&e.code));
            out.errors.push(e.clone());
        }
    }
    for p in &mut out.path_parameters {
        let name = &p.name.value;
        if let Some(old) = from.path_parameters.iter().find(|o| o.name.value == *name) {
            let at = format!("pathParameters.{name}");
            cx.field(p, old, &at);
        }
    }
    cx.shared_parameters(&mut out.query_parameters, &from.query_parameters);
    for q in &mut out.query_parameters {
        let RawQueryParam::Inline(p) = q else {
            continue;
        };
        let old = from.query_parameters.iter().find_map(|o| match o {
            RawQueryParam::Inline(o) if o.name.value == p.name.value => Some(o),
            _ => None,
        });
        if let Some(old) = old {
            let at = format!("queryParameters.{}", p.name.value);
            cx.field(p, old, &at);
        }
    }
    for (owner, new, old) in [
        ("request", &mut out.request, &from.request),
        ("response", &mut out.response, &from.response),
    ] {
        if let (Some(new), Some(old)) = (new.as_mut(), old) {
            cx.body(new, old, owner);
        }
    }
    (out, cx.carried)
}

struct Cx {
    /// The older file's facts as the document stated them (its import record), else as the
    /// file states them.
    before: Facts,
    /// Whether `before` is the record, which tells the fields added by hand.
    known: bool,
    now: Facts,
    carried: Carried,
}

impl Cx {
    /// Whether the document states `owner`'s type and rules as before.
    fn same(&self, owner: &str, old: Option<&RawField>) -> bool {
        // A default added by hand replaced `required` in the file (they exclude each other).
        let defaulted =
            old.is_some_and(|f| f.default.is_some() && !flag(&f.required)) && !self.known;
        let strip = |list: Vec<(&str, &str)>| -> Vec<(String, String)> {
            list.into_iter()
                .filter(|(k, _)| !(defaulted && *k == "required"))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        strip(import_lock::direct(&self.before, owner))
            == strip(import_lock::direct(&self.now, owner))
    }

    /// The resource's names and texts that the user edited and the document did not change
    /// (an operation renamed for a better Rust name, a clearer summary).
    fn resource(&mut self, new: &mut RawResource, old: &RawResource) {
        let owner = import_lock::RESOURCE;
        for (fact, n, o) in [
            ("operation", &mut new.operation, &old.operation),
            ("area", &mut new.area, &old.area),
            ("summary", &mut new.summary, &old.summary),
        ] {
            if !self.text_changed(owner, fact) && n != o {
                self.note(owner, fact);
                n.clone_from(o);
            }
        }
        if !self.text_changed(owner, "description") && new.description != old.description {
            self.note(owner, "description");
            new.description.clone_from(&old.description);
        }
    }

    /// Shared query parameters the user added to the older file (the record tells them).
    fn shared_parameters(&mut self, new: &mut Vec<RawQueryParam>, old: &[RawQueryParam]) {
        if !self.known {
            return;
        }
        for q in old {
            let at = format!("queryParameters.{}", q.name());
            let added = matches!(q, RawQueryParam::Use(_))
                && !new.iter().any(|n| n.name() == q.name())
                && !import_lock::has_owner(&self.before, &at);
            if added {
                self.carried.added.push(at);
                new.push(q.clone());
            }
        }
    }

    /// Whether the document changed a text or name fact of `owner`.
    fn text_changed(&self, owner: &str, fact: &str) -> bool {
        let key = format!("{owner}#{fact}");
        self.before.get(&key) != self.now.get(&key)
    }

    fn body(&mut self, new: &mut RawBody, old: &RawBody, owner: &str) {
        if !self.same(owner, None) {
            self.carried.changed.push(owner.to_string());
            return;
        }
        if !self.text_changed(owner, "object") && new.object != old.object {
            self.note("object", owner);
            new.object.clone_from(&old.object);
        }
        if old.rust_name.is_some() && new.rust_name != old.rust_name {
            self.note("rustName", owner);
            new.rust_name.clone_from(&old.rust_name);
        }
        if flag(&old.custom_fields) && !flag(&new.custom_fields) {
            self.note("customFields", owner);
            new.custom_fields = mark(true);
        }
        self.fields(&mut new.fields, &old.fields, owner);
    }

    fn fields(&mut self, new: &mut Vec<RawField>, old: &[RawField], owner: &str) {
        for f in new.iter_mut() {
            if let Some(o) = old.iter().find(|o| o.name.value == f.name.value) {
                let at = format!("{owner}.{}", f.name.value);
                self.field(f, o, &at);
            }
        }
        // Only the record tells a field added by hand from one the document dropped.
        if !self.known {
            return;
        }
        for o in old {
            let at = format!("{owner}.{}", o.name.value);
            if !new.iter().any(|f| f.name.value == o.name.value)
                && !import_lock::has_owner(&self.before, &at)
            {
                self.carried.added.push(at);
                new.push(o.clone());
            }
        }
    }

    fn field(&mut self, new: &mut RawField, old: &RawField, owner: &str) {
        if !self.same(owner, Some(old)) {
            self.carried.changed.push(owner.to_string());
            if new.ty == old.ty {
                self.below(new, old, owner);
            }
            return;
        }
        let mut kept = old.clone();
        kept.fields = std::mem::take(&mut new.fields);
        kept.items = new.items.take();
        for (fact, text) in [
            ("description", &mut kept.description),
            ("object", &mut kept.object),
        ] {
            if self.text_changed(owner, fact) {
                let from_doc = if fact == "object" {
                    &new.object
                } else {
                    &new.description
                };
                text.clone_from(from_doc);
            }
        }
        self.record(new, &kept, owner);
        *new = kept;
        self.below(new, old, owner);
    }

    /// The fields and items below a field.
    fn below(&mut self, new: &mut RawField, old: &RawField, owner: &str) {
        self.fields(&mut new.fields, &old.fields, owner);
        if let (Some(n), Some(o)) = (new.items.as_mut(), &old.items) {
            self.field(n, o, &format!("{owner}[]"));
        }
    }

    /// Notes which hand facts of one field differ from the document's.
    fn record(&mut self, doc: &RawField, kept: &RawField, owner: &str) {
        let checks: [(&'static str, bool); 7] = [
            ("default", doc.default != kept.default),
            ("rustName", doc.rust_name != kept.rust_name),
            ("domain", doc.domain != kept.domain),
            (
                "customFields",
                flag(&doc.custom_fields) != flag(&kept.custom_fields),
            ),
            ("object", doc.object != kept.object),
            ("description", doc.description != kept.description),
            (
                "other edits",
                flag(&doc.required) != flag(&kept.required) && kept.default.is_none()
                    || doc.pattern != kept.pattern
                    || doc.minimum != kept.minimum
                    || doc.maximum != kept.maximum
                    || doc.min_length != kept.min_length
                    || doc.max_length != kept.max_length
                    || doc.enum_values != kept.enum_values
                    || doc.json_name != kept.json_name,
            ),
        ];
        for (kind, differs) in checks {
            if differs {
                self.note(kind, owner);
            }
        }
    }

    fn note(&mut self, kind: &'static str, owner: &str) {
        self.carried
            .facts
            .entry(kind)
            .or_default()
            .push(owner.to_string());
    }
}

impl Carried {
    /// One line for the report, or none when nothing was carried over or left behind.
    pub(crate) fn summary(&self, from: &str) -> Option<String> {
        let mut parts = Vec::new();
        if !self.errors.is_empty() {
            let codes: Vec<String> = self.errors.iter().map(i128::to_string).collect();
            parts.push(format!("errors {}", codes.join(", ")));
        }
        for (kind, at) in &self.facts {
            parts.push(format!("{kind}: {}", at.join(", ")));
        }
        if !self.added.is_empty() {
            parts.push(format!("added by hand: {}", self.added.join(", ")));
        }
        let mut line = if parts.is_empty() {
            String::new()
        } else {
            format!("carried over from {from}: {}", parts.join("; "))
        };
        if !self.changed.is_empty() {
            if !line.is_empty() {
                line.push_str("; ");
            }
            line.push_str(&format!(
                "not carried (the document changed them): {}",
                self.changed.join(", ")
            ));
        }
        (!line.is_empty()).then_some(line)
    }
}
