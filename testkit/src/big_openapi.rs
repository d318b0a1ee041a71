//! Big OpenAPI documents in RamBase's shape, made from the sales fixture
//! (`tests/openapi/rambase.json`, five operations and seven component schemas, one
//! referenced from two places of one response, `Address` beside a numbered `Address1`, decimal
//! ranges written as lengths): copy `k` of its
//! operations gets its own paths (`/sales/orders7`), operation names (`sales_ListOrders7`),
//! resource numbers (`resourceno=79801`) and component schemas (`SalesOrderC7`), as a client's
//! document lists each resource with its own schemas. Used by the generator's
//! `tests/openapi_scale.rs`, `tests/split.rs`, `benches/openapi.rs` and `examples/openapi_doc.rs`.

/// The operations of one copy of the fixture.
pub const OPERATIONS_PER_COPY: usize = 5;

/// The component schemas of the fixture, renamed in every copy.
const SCHEMAS: [&str; 7] = [
    "Paging",
    "CustomerReference",
    "Address",
    "Address1",
    "SalesOrder",
    "SalesOrderLine",
    "SalesOrderResponse",
];

fn fixture() -> String {
    let file = crate::workspace_root().join("generator/tests/openapi/rambase.json");
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

/// Stands for the copy's number in the templates, replaced in one pass per copy.
const K: &str = "@@K@@";

/// The fixture's schemas (or operations) renamed for copy [`K`] (`Address1C7`: the `C` keeps
/// copy 1 of `Address1` apart from copy 11 of `Address`); `tag` tells unused copies apart.
fn renamed(text: &str, tag: &str) -> String {
    let mut out = text.to_string();
    for name in SCHEMAS {
        out = out
            .replace(
                &format!("\"{name}\": {{"),
                &format!("\"{name}{tag}C{K}\": {{"),
            )
            .replace(
                &format!("#/components/schemas/{name}\""),
                &format!("#/components/schemas/{name}{tag}C{K}\""),
            );
    }
    out
}

/// Every `operationId` with [`K`] appended (`sales_ListOrders7`).
fn numbered_operations(text: &str) -> String {
    const KEY: &str = "\"operationId\": \"";
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find(KEY) {
        let start = at + KEY.len();
        let end = start + rest[start..].find('"').expect("closed");
        out.push_str(&rest[..end]);
        out.push_str(K);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A document of `copies` × [`OPERATIONS_PER_COPY`] operations, plus `unused` copies of the
/// component schemas that no operation refers to. Copy `k`'s resource numbers are `1k98xx`.
pub fn document(copies: usize, unused: usize) -> String {
    let text = fixture();
    let paths = object_body(&text, "paths", 0);
    let components = object_body(&text, "components", paths.end);
    let schemas = object_body(&text, "schemas", components.start);
    let (paths_text, schemas_text) = (&text[paths.clone()], &text[schemas.clone()]);
    let operations = numbered_operations(
        &renamed(paths_text, "")
            .replace("\"/sales/orders", &format!("\"/sales/orders{K}"))
            .replace("resourceno=98", &format!("resourceno=1{K}98")),
    );
    let (used_schemas, unused_schemas) =
        (renamed(schemas_text, ""), renamed(schemas_text, "Unused"));
    let copy = |template: &str, k: usize| template.replace(K, &k.to_string());
    let new_paths: Vec<String> = (0..copies).map(|k| copy(&operations, k)).collect();
    let new_schemas: Vec<String> = (0..copies)
        .map(|k| copy(&used_schemas, k))
        .chain((0..unused).map(|k| copy(&unused_schemas, k)))
        .collect();
    format!(
        "{}{}{}{}{}",
        &text[..paths.start],
        new_paths.join(","),
        &text[paths.end..schemas.start],
        new_schemas.join(","),
        &text[schemas.end..]
    )
}
