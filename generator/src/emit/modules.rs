//! The module tree of the generated crate: `lib.rs`, one module per area and per operation,
//! and the docs and constants that open each version file.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, prose};
use super::{EmitCx, FileTokens, Section, ident};
use crate::ir::{Api, Resource};

type Tree<'a> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Resource>>>;

/// The module tree: area → operation → versions (in version order, as the API is sorted).
fn by_area_and_operation(api: &Api) -> Tree<'_> {
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
    let all_sources = |rs: &mut dyn Iterator<Item = &&Resource>| {
        let mut s: Vec<String> = rs.map(|r| r.spec_file.clone()).collect();
        s.sort();
        s.dedup();
        s
    };
    let lib_items = areas.keys().map(|area| {
        let m = ident(area);
        quote!(pub mod #m;)
    });
    let lib_sources = all_sources(&mut api.resources.iter().collect::<Vec<_>>().iter());
    let lib_docs = vec![
        "Typed models, validation and HTTP calls for RamBase API resources.".to_string(),
        String::new(),
        "Each resource version lives in `area::operation::vN`; `area::operation::latest` is the newest version in the spec."
            .to_string(),
    ];
    files.insert(
        "lib.rs".to_string(),
        FileTokens {
            inner_docs: lib_docs,
            sources: lib_sources,
            sections: vec![Section {
                title: None,
                items: std::iter::once(quote!(#![forbid(unsafe_code)]))
                    .chain(lib_items)
                    .collect(),
            }],
        },
    );
    for (area, ops) in &areas {
        let area_name = ops
            .values()
            .flatten()
            .next()
            .map_or_else(|| (*area).to_string(), |r| r.area.clone());
        let items = ops.keys().map(|op| {
            let m = ident(op);
            quote!(pub mod #m;)
        });
        let sources = all_sources(&mut ops.values().flatten());
        let docs = prose(&format!("Resources of the RamBase {area_name} API area."));
        files.insert(
            format!("{area}/mod.rs"),
            FileTokens {
                inner_docs: docs,
                sources,
                sections: vec![Section {
                    title: None,
                    items: items.collect(),
                }],
            },
        );
        for (op, versions) in ops {
            files.insert(format!("{area}/{op}/mod.rs"), operation_module(versions));
        }
    }
    files
}

fn operation_module(versions: &[&Resource]) -> FileTokens {
    let mut items: Vec<TokenStream> = versions
        .iter()
        .map(|r| {
            let m = ident(&r.version_module);
            let docs = super::docs::doc_attrs(&version_docs(r));
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

/// `RESOURCE_ID` and `VERSION` of a version file.
pub(crate) fn version_constants(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    let id = proc_macro2::Literal::u32_unsuffixed(cx.r.id);
    let version = proc_macro2::Literal::u32_unsuffixed(cx.r.version);
    vec![
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
pub(crate) fn include_root(api: &Api) -> FileTokens {
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
        let ops = ops.iter().map(|(op, versions)| {
            let op_ident = ident(op);
            let module = operation_module(versions);
            let docs = super::docs::doc_attrs(&module.inner_docs);
            let version_items = versions.iter().map(|r| {
                let m = ident(&r.version_module);
                let docs = super::docs::doc_attrs(&version_docs(r));
                let file = format!("{area}/{op}/{}.rs", r.version_module);
                quote! { #docs pub mod #m { include!(#file); } }
            });
            let latest = versions.iter().max_by_key(|r| r.version).map(|r| {
                let m = ident(&r.version_module);
                quote! {
                    /// The newest version in the spec.
                    pub use self::#m as latest;
                }
            });
            quote! { #docs pub mod #op_ident { #(#version_items)* #latest } }
        });
        quote! { #area_docs pub mod #area_ident { #(#ops)* } }
    });
    let mut sources: Vec<String> = api.resources.iter().map(|r| r.spec_file.clone()).collect();
    sources.sort();
    sources.dedup();
    FileTokens {
        inner_docs: Vec::new(),
        sources,
        sections: vec![Section {
            title: None,
            items: items.collect(),
        }],
    }
}
