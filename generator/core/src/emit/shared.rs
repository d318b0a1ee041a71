//! Types a version shares with the version before it. A type whose definition is the same in
//! both (fields, names, rules, defaults and texts), and whose named parts are all shared too,
//! is not generated again: the newer version re-exports the older one's, so the two are the
//! same Rust type and the code exists once. What stays each version's own: the request body
//! (the prelude's call picks the version by it, see `dispatch`), the error codes (they name
//! their version's operation) and the call.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Api, Field, Resource, StructDef, Ty, TypeDef};

/// The version before `r` of the same operation in `api`, if any.
pub(crate) fn previous<'a>(api: &'a Api, r: &Resource) -> Option<&'a Resource> {
    api.resources
        .iter()
        .filter(|p| {
            p.area_module == r.area_module
                && p.operation_snake == r.operation_snake
                && p.version < r.version
        })
        .max_by_key(|p| p.version)
}

/// The names of the types of `r` that are re-exported from `prev`.
pub(crate) fn shared_names(r: &Resource, prev: Option<&Resource>) -> BTreeSet<String> {
    let Some(prev) = prev else {
        return BTreeSet::new();
    };
    let own_body = r.request.as_ref().map(|b| b.type_id.0 as usize);
    let mut shared: BTreeSet<String> = r
        .types
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != own_body)
        .filter(|(_, def)| prev.types.iter().any(|old| same_def(r, def, prev, old)))
        .map(|(_, def)| def.rust_name().to_string())
        .collect();
    // A type stays shared only while every type it names is shared too.
    loop {
        let before = shared.len();
        let keep: BTreeSet<String> = shared
            .iter()
            .filter(|name| {
                let def = r.types.iter().find(|d| d.rust_name() == name.as_str());
                def.is_some_and(|d| named(r, d).iter().all(|n| shared.contains(*n)))
            })
            .cloned()
            .collect();
        shared = keep;
        if shared.len() == before {
            return shared;
        }
    }
}

/// The names of the types a definition refers to.
fn named<'a>(r: &'a Resource, def: &TypeDef) -> Vec<&'a str> {
    named_ids(def)
        .into_iter()
        .map(|i| r.types[i].rust_name())
        .collect()
}

/// The indices of the types a definition refers to.
fn named_ids(def: &TypeDef) -> Vec<usize> {
    let mut out = Vec::new();
    let mut push = |ty: &Ty| {
        let mut ty = ty;
        while let Ty::Array(inner) = ty {
            ty = inner;
        }
        if let Ty::Named(id) = ty {
            out.push(id.0 as usize);
        }
    };
    match def {
        TypeDef::Struct(s) => s.fields.iter().for_each(|f| push(&f.ty)),
        TypeDef::Newtype(n) => push(&n.inner),
        TypeDef::Domain(_) | TypeDef::Enum(_) => {}
    }
    out
}

/// Whether two definitions are the same, a named type compared by its name.
fn same_def(r: &Resource, a: &TypeDef, prev: &Resource, b: &TypeDef) -> bool {
    match (a, b) {
        (TypeDef::Struct(a), TypeDef::Struct(b)) => same_struct(r, a, prev, b),
        (TypeDef::Newtype(x), TypeDef::Newtype(y)) => {
            x.rust_name == y.rust_name
                && x.rules == y.rules
                && x.value_name == y.value_name
                && x.description == y.description
                && same_ty(r, &x.inner, prev, &y.inner)
        }
        (TypeDef::Domain(x), TypeDef::Domain(y)) => x == y,
        (TypeDef::Enum(x), TypeDef::Enum(y)) => x == y,
        _ => false,
    }
}

fn same_struct(r: &Resource, a: &StructDef, prev: &Resource, b: &StructDef) -> bool {
    let plain = |s: &StructDef| StructDef {
        fields: Vec::new(),
        ..s.clone()
    };
    plain(a) == plain(b)
        && a.fields.len() == b.fields.len()
        && a.fields
            .iter()
            .zip(&b.fields)
            .all(|(x, y)| same_field(r, x, prev, y))
}

fn same_field(r: &Resource, a: &Field, prev: &Resource, b: &Field) -> bool {
    let plain = |f: &Field| Field {
        ty: Ty::Boolean,
        ..f.clone()
    };
    plain(a) == plain(b) && same_ty(r, &a.ty, prev, &b.ty)
}

fn same_ty(r: &Resource, a: &Ty, prev: &Resource, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Named(x), Ty::Named(y)) => {
            r.types[x.0 as usize].rust_name() == prev.types[y.0 as usize].rust_name()
        }
        (Ty::Array(x), Ty::Array(y)) => same_ty(r, x, prev, y),
        _ => a == b,
    }
}

/// The re-exports of the shared types (and the builders of shared request objects) from the
/// version before, for the version file's top level.
pub(crate) fn reexports(
    r: &Resource,
    prev: &Resource,
    shared: &BTreeSet<String>,
) -> Vec<TokenStream> {
    let from = ident(&prev.version_module);
    r.types
        .iter()
        .filter(|def| shared.contains(def.rust_name()))
        .map(|def| {
            let name = ident(def.rust_name());
            let doc = format!(
                " Unchanged from version {}: the same type as `{}::{}`.",
                prev.version,
                prev.version_module,
                def.rust_name()
            );
            let builder = match def {
                TypeDef::Struct(s) => s.builder_name.as_deref().map(|b| {
                    let b = ident(b);
                    quote!(pub use super::#from::#b;)
                }),
                _ => None,
            };
            quote! {
                #[doc = #doc]
                pub use super::#from::#name;
                #builder
            }
        })
        .collect()
}

/// The re-exports of the rules of shared checked values, for the version's `rules` module.
pub(crate) fn rules_reexports(
    r: &Resource,
    prev: &Resource,
    shared: &BTreeSet<String>,
) -> Vec<TokenStream> {
    let from = ident(&prev.version_module);
    r.types
        .iter()
        .filter_map(|def| match def {
            TypeDef::Newtype(n) if shared.contains(&n.rust_name) => Some(ident(&n.rust_name)),
            _ => None,
        })
        .map(|name| quote!(pub use super::super::#from::rules::#name;))
        .collect()
}
