//! Big OpenAPI documents in RamBase's shape, made from the sales fixture
//! (`tests/openapi/rambase.json`, five operations and six component schemas): copy `k` of its
//! operations gets its own paths (`/sales/orders7`), operation names (`sales_ListOrders7`),
//! resource numbers (`resourceno=79801`) and component schemas (`SalesOrder7`), as a client's
//! document lists each resource with its own schemas. Shared by `tests/openapi_scale.rs` and
//! `benches/openapi.rs`.

#![allow(dead_code)]

use std::path::Path;

/// The operations of one copy of the fixture.
pub const OPERATIONS_PER_COPY: usize = 5;

/// The component schemas of the fixture, renamed in every copy.
const SCHEMAS: [&str; 6] = [
    "Paging",
    "CustomerReference",
    "Address",
    "SalesOrder",
    "SalesOrderLine",
    "SalesOrderResponse",
];

fn fixture() -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi/rambase.json");
    std::fs::read_to_string(file).expect("the sales fixture")
}

/// The byte range of the contents of the object that follows `"key": ` (after `from`).
fn object_body(text: &str, key: &str, from: usize) -> std::ops::Range<usize> {
    let at = from + text[from..].find(&format!("\"{key}\": {{")).expect("key") + key.len() + 4;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate().skip(at) {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'{' if !in_string => depth += 1,
            b'}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return at + 1..i;
                }
            }
            _ => {}
        }
    }
    panic!("unclosed object {key}")
}

/// The fixture's schemas (or operations) renamed for copy `k`; `tag` tells unused copies apart.
fn renamed(text: &str, k: usize, tag: &str) -> String {
    let mut out = text.to_string();
    for name in SCHEMAS {
        out = out
            .replace(
                &format!("\"{name}\": {{"),
                &format!("\"{name}{tag}{k}\": {{"),
            )
            .replace(
                &format!("#/components/schemas/{name}\""),
                &format!("#/components/schemas/{name}{tag}{k}\""),
            );
    }
    out
}

/// Every `operationId` with `k` appended (`sales_ListOrders7`).
fn numbered_operations(text: &str, k: usize) -> String {
    const KEY: &str = "\"operationId\": \"";
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find(KEY) {
        let start = at + KEY.len();
        let end = start + rest[start..].find('"').expect("closed");
        out.push_str(&rest[..end]);
        out.push_str(&k.to_string());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A document of `copies` × [`OPERATIONS_PER_COPY`] operations, plus `unused` copies of the
/// component schemas that no operation refers to.
pub fn document(copies: usize, unused: usize) -> String {
    let text = fixture();
    let paths = object_body(&text, "paths", 0);
    let components = object_body(&text, "components", paths.end);
    let schemas = object_body(&text, "schemas", components.start);
    let (paths_text, schemas_text) = (&text[paths.clone()], &text[schemas.clone()]);
    let mut new_paths = Vec::with_capacity(copies);
    let mut new_schemas = Vec::with_capacity(copies + unused);
    for k in 0..copies {
        let ops = renamed(paths_text, k, "")
            .replace("\"/sales/orders", &format!("\"/sales/orders{k}"))
            .replace("resourceno=98", &format!("resourceno={}98", k + 1));
        new_paths.push(numbered_operations(&ops, k));
        new_schemas.push(renamed(schemas_text, k, ""));
    }
    for k in 0..unused {
        new_schemas.push(renamed(schemas_text, k, "Unused"));
    }
    format!(
        "{}{}{}{}{}",
        &text[..paths.start],
        new_paths.join(","),
        &text[paths.end..schemas.start],
        new_schemas.join(","),
        &text[schemas.end..]
    )
}
