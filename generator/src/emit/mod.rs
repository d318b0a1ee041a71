//! Emitters: IR → token streams, one small function per IR kind, collected per output file.
//!
//! Invariant: emitters read only the IR, never fail, and never parse spec text as code:
//! identifiers come from IR names (already valid), text goes out as escaped literals.
//! Every path into std or the runtime is fully qualified, so spec names cannot shadow them.

mod client;
pub(crate) mod docs;
mod models;
mod modules;
mod validation;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Literal, Resource, Ty, TypeDef, TypeId};

/// A generated file before formatting: its items in order and what to say in its header.
pub struct FileTokens {
    /// Inner doc lines of the file (`//!`); empty for files a build script `include!`s.
    pub inner_docs: Vec<String>,
    /// The spec files it comes from, for the `@generated` header.
    pub sources: Vec<String>,
    /// Sections of top-level items, each under an optional `// Title` comment; every item
    /// is formatted on its own and separated by a blank line.
    pub sections: Vec<Section>,
}

/// A titled group of items in a generated file.
pub struct Section {
    /// Printed as a comment line above the items.
    pub title: Option<&'static str>,
    /// The items.
    pub items: Vec<TokenStream>,
}

/// Emits every file of the generated crate's `src/`, keyed by path relative to it.
pub fn emit(api: &Api) -> BTreeMap<String, FileTokens> {
    let mut files = module_files(api);
    for resource in &api.resources {
        files.insert(resource_path(resource), emit_resource(resource));
    }
    files
}

/// The module files (`lib.rs`, `<area>/mod.rs`, `<area>/<operation>/mod.rs`), without the
/// per-version files.
pub fn module_files(api: &Api) -> BTreeMap<String, FileTokens> {
    modules::module_files(api)
}

/// Where a resource version's file goes, relative to the crate's `src/`.
pub fn resource_path(r: &Resource) -> String {
    format!(
        "{}/{}/{}.rs",
        r.area_module, r.operation_snake, r.version_module
    )
}

/// The module tree a build script's crate includes; see `config`.
pub fn include_root(api: &Api) -> FileTokens {
    modules::include_root(api)
}

/// One resource version: one self-contained module file without inner attributes or `mod`
/// declarations, so a build script can `include!` it as is. Its docs sit on the `mod`
/// declaration in the parent module.
pub fn emit_resource(r: &Resource) -> FileTokens {
    let cx = EmitCx { r };
    let sections = vec![
        Section {
            title: None,
            items: modules::version_constants(&cx),
        },
        Section {
            title: Some("Request and response bodies and domain types."),
            items: models::emit_models(&cx),
        },
        Section {
            title: Some("Values that always satisfy their documented rules, and request builders."),
            items: validation::emit_validation(&cx),
        },
        Section {
            title: Some("The HTTP call and its errors."),
            items: client::emit_client(&cx),
        },
    ];
    FileTokens {
        inner_docs: Vec::new(),
        sources: vec![r.spec_file.clone()],
        sections,
    }
}

/// What every emitter of one resource needs.
pub(crate) struct EmitCx<'a> {
    pub r: &'a Resource,
}

impl EmitCx<'_> {
    pub fn def(&self, id: TypeId) -> Option<&TypeDef> {
        self.r.types.get(id.0 as usize)
    }

    /// The Rust type of a value, seen from one of the version file's inner modules.
    pub fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::String => quote!(::std::string::String),
            Ty::Integer => quote!(i32),
            Ty::Long => quote!(i64),
            Ty::Decimal => quote!(f64),
            Ty::Boolean => quote!(bool),
            Ty::Date => quote!(::rambase_runtime::chrono::NaiveDate),
            Ty::DateTime => {
                quote!(::rambase_runtime::chrono::DateTime<::rambase_runtime::chrono::FixedOffset>)
            }
            Ty::Named(id) => {
                let name = ident(self.def(*id).map_or("UnknownType", TypeDef::rust_name));
                quote!(#name)
            }
            Ty::Array(inner) => {
                let inner = self.ty(inner);
                quote!(::std::vec::Vec<#inner>)
            }
        }
    }

    /// An expression of type `ty` for a default checked at generation time.
    pub fn literal(&self, ty: &Ty, literal: &Literal) -> TokenStream {
        let scalar = match literal {
            Literal::Str(s) => quote!(::std::string::String::from(#s)),
            Literal::Int(i) => int_literal(ty, self, *i),
            Literal::Decimal(d) => {
                let d = proc_macro2::Literal::f64_suffixed(*d);
                quote!(#d)
            }
            Literal::Bool(b) => quote!(#b),
        };
        match (ty, self.def_of(ty), literal) {
            (_, Some(TypeDef::Domain(d)), Literal::Str(key)) => {
                let name = ident(&d.rust_name);
                match d.values.iter().find(|(_, v)| v == key) {
                    Some((constant, _)) => {
                        let constant = ident(constant);
                        quote!(#name::#constant)
                    }
                    None => quote!(#name::new(#key)),
                }
            }
            (_, Some(TypeDef::Newtype(n)), _) => {
                let name = ident(&n.rust_name);
                quote!(#name(#scalar))
            }
            _ => scalar,
        }
    }

    fn def_of(&self, ty: &Ty) -> Option<&TypeDef> {
        match ty {
            Ty::Named(id) => self.def(*id),
            _ => None,
        }
    }
}

fn int_literal(ty: &Ty, cx: &EmitCx<'_>, i: i64) -> TokenStream {
    let inner = match cx.def_of(ty) {
        Some(TypeDef::Newtype(n)) => n.inner.clone(),
        _ => ty.clone(),
    };
    if inner == Ty::Integer {
        let v = proc_macro2::Literal::i32_unsuffixed(i32::try_from(i).unwrap_or_default());
        quote!(#v)
    } else {
        let v = proc_macro2::Literal::i64_unsuffixed(i);
        quote!(#v)
    }
}

/// An identifier from an IR name; IR names are valid identifiers, raw ones keep `r#`.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
