//! Matching a request against a stub, and saying how it differs from the closest one.

use std::sync::Arc;

use crate::mock::request::Received;
use crate::mock::stub::StubSpec;
use crate::mock::{Entry, TOKEN_PATH};

/// How `request` differs from `spec`, one sentence per difference; empty when it matches.
/// A request for another route differs by that alone.
pub(crate) fn differences(spec: &StubSpec, request: &Received) -> Vec<String> {
    let Some(params) = route(spec, request) else {
        return vec![format!(
            "it is {} {}, the stub is {} {}",
            request.method, request.path, spec.method, spec.template
        )];
    };
    let mut found = Vec::new();
    for (name, expected) in &spec.path {
        let got = params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        if got != Some(expected.as_str()) {
            found.push(format!(
                "the path parameter {name} is {}, the stub expects {expected:?}",
                shown(got)
            ));
        }
    }
    for (name, expected) in &spec.query {
        let got = request.query_value(name);
        if got != Some(expected.as_str()) {
            found.push(format!(
                "the query parameter {name} is {}, the stub expects {expected:?}",
                shown(got)
            ));
        }
    }
    if let Some((_, matcher)) = &spec.body
        && let Err(why) = matcher(request)
    {
        found.push(why);
    }
    found
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "missing".to_owned(), |v| format!("{v:?}"))
}

/// The path parameters of `request` if it has the stub's method and path template.
fn route(spec: &StubSpec, request: &Received) -> Option<Vec<(String, String)>> {
    if request.method != spec.method.as_str() {
        return None;
    }
    let template: Vec<&str> = spec.template.split('/').collect();
    if template.len() != request.segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (pattern, segment) in template.iter().zip(&request.segments) {
        match pattern.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => params.push((name.to_owned(), segment.clone())),
            None if pattern == segment => {}
            None => return None,
        }
    }
    Some(params)
}

/// Why a stub that matches did not answer: it answered all its `up_to_n_times` already.
fn used_up(entry: &Entry) -> Option<String> {
    let limit = entry.spec.limit?;
    let answered = crate::mock::lock(&entry.hits).len();
    (answered >= limit).then(|| {
        format!("it answered {answered} request(s) already, all that up_to_n_times({limit}) allows")
    })
}

/// The diagnostic of a request no stub matched: the closest stub (same route first, then
/// fewest differences) and every way the request differs from it.
pub(crate) fn closest(stubs: &[Arc<Entry>], request: &Received) -> String {
    let head = format!("rambase mock: no stub matches {request}");
    if request.path == TOKEN_PATH {
        return format!("{head}; the token endpoint takes POST only");
    }
    let best = stubs
        .iter()
        .map(|e| {
            let mut found = differences(&e.spec, request);
            found.extend(used_up(e));
            (e, found)
        })
        .min_by_key(|(e, d)| (route(&e.spec, request).is_none(), d.len(), e.number));
    match best {
        None => format!("{head}; no stub is mounted"),
        Some((entry, diffs)) => format!(
            "{head}; the closest is stub #{} of {}: {}",
            entry.number,
            entry.spec.operation,
            diffs.join("; ")
        ),
    }
}
