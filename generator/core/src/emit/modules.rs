//! The module tree of the generated crate: `lib.rs`, one module per area and per operation,
//! and the docs and constants that open each version file.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, prose};
use super::{EmitCx, FileTokens, Section, ident};
use crate::ir::{Api, Resource};

pub(crate) type Tree<'a> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Resource>>>;

/// The module tree: area → operation → versions (in version order, as the API is sorted).
pub(crate) fn by_area_and_operation(api: &Api) -> Tree<'_> {
    let mut areas: Tree<'_> = BTreeMap::new();
    for r in &api.resources {
        areas
            .entry(&r.area_module)
            .or_default()
            .entry(&r.operation_snake)
            .or_default()
            .push(r);
    }
    areas
}

/// `lib.rs`, `<area>/mod.rs` and `<area>/<operation>/mod.rs` for every resource.
pub(crate) fn module_files(api: &Api) -> BTreeMap<String, FileTokens> {
    let areas = by_area_and_operation(api);
    let mut files = BTreeMap::new();
    files.insert("lib.rs".to_string(), lib_file(api, &areas));
    // `mod r#type;` is the folder `type/`: a raw identifier's file has no `r#`.
    let bare = crate::names::bare;
    for (area, ops) in &areas {
        files.insert(format!("{}/mod.rs", bare(area)), area_file(area, ops));
        for (op, versions) in ops {
            let path = format!("{}/{}/mod.rs", bare(area), bare(op));
            files.insert(path, operation_module(versions));
        }
    }
    files
}

/// The spec files of `resources`, sorted and without repeats, for a header.
fn sources<'a>(resources: impl Iterator<Item = &'a Resource>) -> Vec<String> {
    let mut s: Vec<String> = resources.map(|r| r.spec_file.clone()).collect();
    s.sort();
    s.dedup();
    s
}

fn lib_file(api: &Api, areas: &Tree<'_>) -> FileTokens {
    let items = std::iter::once(quote!(#![forbid(unsafe_code)]))
        .chain(areas.keys().map(|area| {
            let m = ident(area);
            quote!(pub mod #m;)
        }))
        .chain(prelude(areas))
        .collect();
    let mut docs = vec![
        "Typed models, validation and HTTP calls for RamBase API resources.".to_string(),
        String::new(),
        "Each resource version lives in `area::operation::vN`; `area::operation::latest` is the newest version in the spec. `use rambase_api::prelude::*;` brings every call onto `rambase_runtime::Client`: a call with a request body calls the version of the body it is given (a `vN` body keeps calling version N when a newer one is added, a `latest` body moves with it), a call without one the newest version."
            .to_string(),
    ];
    docs.extend(api.resources.first().map(complete_use).unwrap_or_default());
    FileTokens {
        inner_docs: docs,
        sources: sources(api.resources.iter()),
        sections: vec![Section { title: None, items }],
    }
}

/// A complete use of the first resource: build the client, call, handle the error. Only IR
/// identifiers and numbers go into it, as inline code: generated docs hold no code block, so
/// nothing in them can ever run as a doctest.
pub(crate) fn complete_use(r: &Resource) -> Vec<String> {
    let mut args: Vec<String> = r
        .path_params
        .iter()
        .filter(|p| p.is_argument())
        .map(super::example_value)
        .collect();
    if let Some(body) = &r.request {
        args.push(format!(
            "{}::builder()",
            r.types[body.type_id.0 as usize].rust_name()
        ));
    }
    let call = format!(
        "client.{}({}).send().await",
        r.operation_snake,
        args.join(", ")
    );
    vec![
        String::new(),
        format!(
            "A complete use, with the types of {}:",
            code(&format!("{}::{}::latest", r.area_module, r.operation_snake))
        ),
        String::new(),
        format!(
            "1. Build the client: {}.",
            code(
                "let client = Client::builder().access_token(AccessToken::new(token)?).db(\"MYCOMPANY\").build()?;"
            )
        ),
        format!(
            "2. Bring the calls with {} and call: {}.",
            code("use rambase_api::prelude::*;"),
            code(&call)
        ),
        format!(
            "3. Handle the error: {} for the documented RamBase errors, {} after a timeout (the request may have been carried out), and {} to show any of them.",
            code("Err(CallError::Documented(code, error))"),
            code("error.outcome_unknown()"),
            code("error.to_string()")
        ),
    ]
}

fn area_file(area: &str, ops: &BTreeMap<&str, Vec<&Resource>>) -> FileTokens {
    area_part_file(ops, &area_trait(area), None)
}

/// The module file of an area, or of the part of an area that one crate of the split layout
/// holds (`part`: a paragraph of docs, Markdown of identifiers); `calls` names its trait of
/// calls.
pub(crate) fn area_part_file(
    ops: &BTreeMap<&str, Vec<&Resource>>,
    calls: &proc_macro2::Ident,
    part: Option<&str>,
) -> FileTokens {
    let area_name = ops
        .values()
        .flatten()
        .next()
        .map_or("", |r| r.area.as_str());
    let items = ops
        .keys()
        .map(|op| {
            let m = ident(op);
            quote!(pub mod #m;)
        })
        .chain(std::iter::once(area_calls(area_name, calls, ops)))
        .collect();
    let mut docs = prose(&format!("Resources of the RamBase {area_name} API area."));
    // Markdown made by the generator of identifiers and numbers alone: no spec prose.
    if let Some(part) = part {
        docs.push(String::new());
        docs.push(part.to_string());
    }
    FileTokens {
        inner_docs: docs,
        sources: sources(ops.values().flatten().copied()),
        sections: vec![Section { title: None, items }],
    }
}

fn operation_module(versions: &[&Resource]) -> FileTokens {
    let mut items: Vec<TokenStream> = versions
        .iter()
        .map(|r| {
            let m = ident(&r.version_module);
            let docs = super::docs::doc_attrs(&version_docs_among(r, versions));
            quote! { #docs pub mod #m; }
        })
        .collect();
    let latest = versions.iter().max_by_key(|r| r.version);
    if let Some(latest) = latest {
        let m = ident(&latest.version_module);
        items.push(quote! {
            /// The newest version in the spec; code that names `latest` moves to a new version
            /// when it is added.
            pub use self::#m as latest;
        });
    }
    items.extend(super::dispatch::body_trait(versions));
    let docs = latest.map_or_else(Vec::new, |r| {
        let mut lines = prose(&r.summary);
        lines.push(String::new());
        lines.push(format!(
            "{} {}, API resource {}.",
            r.method.as_str(),
            code(&r.path.template),
            r.id
        ));
        lines
    });
    let mut sources: Vec<String> = versions.iter().map(|r| r.spec_file.clone()).collect();
    sources.sort();
    FileTokens {
        inner_docs: docs,
        sources,
        sections: vec![Section { title: None, items }],
    }
}

/// The docs of a version module among the versions of its operation: an older version's docs
/// say that a newer one exists and link it.
fn version_docs_among(r: &Resource, versions: &[&Resource]) -> Vec<String> {
    let mut lines = version_docs(r);
    let newest = versions.iter().max_by_key(|v| v.version);
    if let Some(newest) = newest.filter(|n| n.version > r.version) {
        lines.push(String::new());
        lines.push(format!(
            "A newer version of this resource exists: [version {}](self::{}) (also `latest`). This one stays as it was, for code that names it.",
            newest.version, newest.version_module
        ));
    }
    if let Some(note) = &r.deprecated {
        lines.push(String::new());
        lines.push(match note {
            Some(note) => format!("Deprecated by RamBase: {}", prose(note).join(" ")),
            None => "Deprecated by RamBase.".to_string(),
        });
    }
    lines
}

/// The docs of a version module.
pub(crate) fn version_docs(r: &Resource) -> Vec<String> {
    let mut lines = prose(&r.summary);
    lines.push(String::new());
    lines.push(format!(
        "{} {}: API resource {}, version {}.",
        r.method.as_str(),
        code(&r.path.template),
        r.id,
        r.version
    ));
    if let Some(description) = &r.description {
        lines.push(String::new());
        lines.extend(prose(description));
    }
    if let Some(link) = &r.documentation {
        lines.push(String::new());
        lines.extend(prose(&format!("Documentation: {link}")));
    }
    lines
}

/// The runtime's alias and `RESOURCE_ID` and `VERSION` of a version file.
pub(crate) fn version_constants(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    let id = proc_macro2::Literal::u32_unsuffixed(cx.r.id);
    let version = proc_macro2::Literal::u32_unsuffixed(cx.r.version);
    vec![
        quote!(
            use ::rambase_runtime::__private as rt;
        ),
        quote! {
            /// The RamBase API resource identifier.
            pub const RESOURCE_ID: u32 = #id;
        },
        quote! {
            /// The version of the resource this code was generated for; send it as
            /// `$useMinimumVersion` to run at least this version.
            pub const VERSION: u32 = #version;
        },
    ]
}

/// The include root a build script writes next to the version files: the module tree of the
/// generated crate, with each version module pulling in its file by a path relative to this
/// file, so it works in any output folder.
pub(crate) fn include_root(api: &Api, mock: Option<&TokenStream>) -> FileTokens {
    let areas = by_area_and_operation(api);
    let items = areas.iter().map(|(area, ops)| {
        let area_ident = ident(area);
        let area_name = ops
            .values()
            .flatten()
            .next()
            .map_or_else(|| (*area).to_string(), |r| r.area.clone());
        let area_docs = super::docs::doc_attrs(&prose(&format!(
            "Resources of the RamBase {area_name} API area."
        )));
        let calls = area_calls(&area_name, &area_trait(area), ops);
        let ops = ops.iter().map(|(op, versions)| {
            let op_ident = ident(op);
            let module = operation_module(versions);
            let docs = super::docs::doc_attrs(&module.inner_docs);
            let version_items = versions.iter().map(|r| {
                let m = ident(&r.version_module);
                let docs = super::docs::doc_attrs(&version_docs_among(r, versions));
                let file = super::resource_path(r);
                quote! { #docs pub mod #m { include!(#file); } }
            });
            let latest = versions.iter().max_by_key(|r| r.version).map(|r| {
                let m = ident(&r.version_module);
                quote! {
                    /// The newest version in the spec.
                    pub use self::#m as latest;
                }
            });
            let body = super::dispatch::body_trait(versions);
            let mocks = mock.map(|gate| super::mock::included_module(versions, gate));
            quote! { #docs pub mod #op_ident { #(#version_items)* #latest #body #mocks } }
        });
        quote! { #area_docs pub mod #area_ident { #(#ops)* #calls } }
    });
    let items: Vec<TokenStream> = items.chain(prelude(&areas)).collect();
    let mut sources: Vec<String> = api.resources.iter().map(|r| r.spec_file.clone()).collect();
    sources.sort();
    sources.dedup();
    FileTokens {
        inner_docs: Vec::new(),
        sources,
        sections: vec![Section { title: None, items }],
    }
}

/// The trait that puts the newest version of every call of an area onto the client.
fn area_calls(
    area_name: &str,
    name: &proc_macro2::Ident,
    ops: &BTreeMap<&str, Vec<&Resource>>,
) -> TokenStream {
    let methods = ops.values().filter_map(|versions| {
        let newest = versions.iter().max_by_key(|r| r.version)?;
        let dispatched = super::dispatch::dispatched(versions);
        Some(if dispatched.is_empty() {
            area_method(newest)
        } else {
            super::dispatch::area_method(newest, &dispatched)
        })
    });
    let doc = format!(
        " The calls of the RamBase {area_name} API area on `rambase_runtime::Client`, a call with a request body in the version of its body, one without in the newest version. `use` the crate's `prelude` to bring every area's calls."
    );
    quote! {
        #[doc = #doc]
        pub trait #name: AsRef<::rambase_runtime::Client> { #(#methods)* }
        impl #name for ::rambase_runtime::Client {}
    }
}

pub(crate) fn area_trait(area: &str) -> proc_macro2::Ident {
    use heck::ToUpperCamelCase as _;
    format_ident!("{}Calls", crate::names::bare(area).to_upper_camel_case())
}

/// One call in its area's trait: a provided method, so the client's impl is empty.
fn area_method(r: &Resource) -> TokenStream {
    let (op, version) = (ident(&r.operation_snake), ident(&r.version_module));
    let cx = super::EmitCx::in_area(r, quote!(#op::#version));
    let call = ident(&r.call_name);
    let call_path = quote!(#op::#version::#call);
    let params = super::call_params(&cx, &quote!(::rambase_runtime));
    let args = r
        .path_params
        .iter()
        .filter(|p| p.is_argument())
        .map(|p| ident(&p.rust_name))
        .chain(r.request.as_ref().map(|_| format_ident!("body")));
    let args: Vec<_> = args.collect();
    let method = &op;
    let doc = doc_attrs(
        &[
            prose(&r.summary),
            vec![
                String::new(),
                format!(
                    "Prepares {}, the newest version's call; see its docs.",
                    code(&format!(
                        "{}::{}::{}",
                        r.operation_snake, r.version_module, r.call_name
                    ))
                ),
                String::new(),
                format!(
                    "With no request body to pick a version by, this call moves to a version added later: name its answer and error types through {}, which moves with it, or call {} to stay on a version.",
                    code(&format!("{}::latest", r.operation_snake)),
                    code(&format!("{}::vN::{}::new(&client, ..)", r.operation_snake, r.call_name))
                ),
            ],
        ]
        .concat(),
    );
    // A deprecated version's method is deprecated too; its own call of `new` is not a use.
    let deprecated = super::client::deprecated_attr(r);
    let allow = deprecated.as_ref().map(|_| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #deprecated
        #allow
        fn #method(&self, #(#params),*) -> #call_path {
            #call_path::new(self.as_ref(), #(#args),*)
        }
    }
}

/// `prelude`: every area's calls, for one `use`; none without resources.
fn prelude(areas: &Tree<'_>) -> Option<TokenStream> {
    if areas.is_empty() {
        return None;
    }
    let uses = areas.keys().map(|area| {
        let (m, name) = (ident(area), area_trait(area));
        quote!(pub use super::#m::#name as _;)
    });
    Some(quote! {
        /// One import for every call: `use rambase_api::prelude::*;` (or the path of the module
        /// a build script's output is included in) puts every operation onto
        /// `rambase_runtime::Client`: with the version of the request body it is given, or
        /// the newest version for an operation without one.
        pub mod prelude {
            #(#uses)*
        }
    })
}
