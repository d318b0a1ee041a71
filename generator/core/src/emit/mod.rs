//! Emitters: IR → token streams, one small function per IR kind, collected per output file.
//!
//! Invariant: emitters read only the IR, never fail, and never parse spec text as code:
//! identifiers come from IR names (already valid), text goes out as escaped literals.
//! The runtime is reached through `rt` (`use ::rambase_runtime::__private as rt;`: the hidden
//! module holds what only generated code needs and re-exports the public root), a name no spec
//! item can take (types are PascalCase); std's prelude names are used short unless the module
//! defines a type of that name, in which case that one name is fully qualified.

mod client;
mod dispatch;
pub(crate) mod docs;
mod facade;
mod mock;
mod models;
mod modules;
pub(crate) mod shared;
mod validation;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Literal, Param, Resource, Rule, Ty, TypeDef, TypeId};

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
        let prev = previous_version(api, resource);
        files.insert(resource_path(resource), emit_resource_after(resource, prev));
    }
    files
}

/// The version before `r` of the same operation in `api`: the one whose identical types `r`
/// re-exports instead of generating them again.
pub fn previous_version<'a>(api: &'a Api, r: &Resource) -> Option<&'a Resource> {
    shared::previous(api, r)
}

/// The module files (`lib.rs`, `<area>/mod.rs`, `<area>/<operation>/mod.rs`), without the
/// per-version files.
pub fn module_files(api: &Api) -> BTreeMap<String, FileTokens> {
    modules::module_files(api)
}

/// The facade crate's `lib.rs` of the split layout, for the crates of `plan`.
pub(crate) fn facade_lib(api: &Api, plan: &crate::crates::Plan) -> FileTokens {
    facade::facade_lib(api, plan)
}

/// The module tree: area → operation → versions.
pub(crate) use modules::by_area_and_operation;

/// The trait of an area's calls (`SalesCalls` for `sales`).
pub(crate) use modules::area_trait;

/// The `lib.rs` of one crate of an area cut into several: its operations `ops`, their calls
/// in the trait `calls`, and `part` added to the area's docs.
pub(crate) fn area_part_file(
    ops: &BTreeMap<&str, Vec<&Resource>>,
    calls: &str,
    part: &str,
) -> FileTokens {
    modules::area_part_file(ops, &quote::format_ident!("{calls}"), Some(part))
}

/// Where a resource version's file goes, relative to the crate's `src/`.
pub fn resource_path(r: &Resource) -> String {
    // `mod r#type;` is the file `type.rs`: a raw identifier's file has no `r#`.
    use crate::names::bare;
    format!(
        "{}/{}/{}.rs",
        bare(&r.area_module),
        bare(&r.operation_snake),
        r.version_module
    )
}

/// The module tree a build script's crate includes; see `config`.
pub fn include_root(api: &Api) -> FileTokens {
    modules::include_root(api, None)
}

/// The include root with each operation's mock stubs (`mock::vN`) declared behind `#[cfg(gate)]`
/// (`feature = "mock"`, `test`, ...); add their files with [`mock_files`].
pub(crate) fn include_root_with_mock(api: &Api, gate: &TokenStream) -> FileTokens {
    modules::include_root(api, Some(gate))
}

/// Every version's mock stub file (`<area>/<operation>/mock/vN.rs`), keyed by path.
pub(crate) fn mock_files(api: &Api) -> BTreeMap<String, FileTokens> {
    api.resources
        .iter()
        .map(|r| (mock::mock_path(r), mock::emit_mock(r)))
        .collect()
}

/// Adds the mock stub files to the crate's module files and declares them in each operation's
/// `mod.rs` behind the crate's `mock` feature.
pub(crate) fn add_mock_files(api: &Api, files: &mut BTreeMap<String, FileTokens>) {
    mock::add_mock_files(api, files, &mock::feature_gate());
}

/// One resource version: one self-contained module file without inner attributes or `mod`
/// declarations, so a build script can `include!` it as is. Its docs sit on the `mod`
/// declaration in the parent module.
pub fn emit_resource(r: &Resource) -> FileTokens {
    emit_resource_after(r, None)
}

/// One resource version whose types identical to those of `prev` (the version before it)
/// are re-exported from it rather than generated again.
pub fn emit_resource_after(r: &Resource, prev: Option<&Resource>) -> FileTokens {
    let mut cx = EmitCx::new(r);
    let mut reexports = Vec::new();
    if let Some(prev) = prev {
        cx.shared = shared::shared_names(r, Some(prev));
        cx.shared_rules = shared::rules_reexports(r, prev, &cx.shared);
        reexports = shared::reexports(r, prev, &cx.shared);
    }
    reexports.extend(models::emit_models(&cx));
    let sections = vec![
        Section {
            title: None,
            items: modules::version_constants(&cx),
        },
        Section {
            title: Some("Request and response bodies and domain types."),
            items: reexports,
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

/// std's prelude names as the generated code writes them: short, or by their full path where a
/// type of the module shadows them.
pub(crate) struct Std {
    pub option: TokenStream,
    pub some: TokenStream,
    pub none: TokenStream,
    pub result: TokenStream,
    pub ok: TokenStream,
    pub string: TokenStream,
    pub vec: TokenStream,
    pub into: TokenStream,
    pub default: TokenStream,
    pub into_iterator: TokenStream,
    pub as_ref: TokenStream,
}

impl Std {
    fn new(r: &Resource) -> Self {
        let taken: BTreeSet<&str> = r
            .types
            .iter()
            .map(TypeDef::rust_name)
            .chain([
                r.call_name.as_str(),
                r.error_name.as_str(),
                r.codes_name.as_str(),
            ])
            .collect();
        let pick = |short: &str, full: TokenStream| {
            if taken.contains(short) {
                full
            } else {
                let short = ident(short);
                quote!(#short)
            }
        };
        Std {
            option: pick("Option", quote!(::std::option::Option)),
            some: pick("Some", quote!(::std::option::Option::Some)),
            none: pick("None", quote!(::std::option::Option::None)),
            result: pick("Result", quote!(::std::result::Result)),
            ok: pick("Ok", quote!(::std::result::Result::Ok)),
            string: pick("String", quote!(::std::string::String)),
            vec: pick("Vec", quote!(::std::vec::Vec)),
            into: pick("Into", quote!(::std::convert::Into)),
            default: pick("Default", quote!(::std::default::Default)),
            into_iterator: pick("IntoIterator", quote!(::std::iter::IntoIterator)),
            as_ref: pick("AsRef", quote!(::std::convert::AsRef)),
        }
    }
}

/// What every emitter of one resource needs.
pub(crate) struct EmitCx<'a> {
    pub r: &'a Resource,
    pub std: Std,
    /// How the runtime is reached: `rt` in the version file.
    rt: TokenStream,
    /// The path of the version module from where the code is written, if not inside it.
    module: Option<TokenStream>,
    /// The types re-exported from the version before, which this version does not generate.
    pub shared: BTreeSet<String>,
    /// The re-exports of their rules, for the `rules` module.
    pub shared_rules: Vec<TokenStream>,
}

impl<'a> EmitCx<'a> {
    /// For code inside the version file.
    pub fn new(r: &'a Resource) -> Self {
        EmitCx {
            r,
            std: Std::new(r),
            rt: quote!(rt),
            module: None,
            shared: BTreeSet::new(),
            shared_rules: Vec::new(),
        }
    }

    /// For code in the area module, which reaches the version module by `module`.
    pub fn in_area(r: &'a Resource, module: TokenStream) -> Self {
        EmitCx {
            r,
            std: Std::new(r),
            rt: quote!(::rambase_runtime),
            module: Some(module),
            shared: BTreeSet::new(),
            shared_rules: Vec::new(),
        }
    }

    /// For code in a file beside the version module (the mock stubs), which imports the
    /// runtime as `rt` and reaches the version's items by `module`.
    pub fn beside(r: &'a Resource, module: TokenStream) -> Self {
        EmitCx {
            module: Some(module),
            ..EmitCx::new(r)
        }
    }

    /// A name of the version module (its error-code enum, its `rules` module, …) as this
    /// code reaches it.
    pub fn item(&self, name: &str) -> TokenStream {
        let name = ident(name);
        match &self.module {
            Some(module) => quote!(#module::#name),
            None => quote!(#name),
        }
    }

    /// Whether this version generates `def` itself (it is not re-exported from the version
    /// before).
    pub fn own(&self, def: &TypeDef) -> bool {
        !self.shared.contains(def.rust_name())
    }

    /// The definition of a named type. Lowering only hands out ids of types it defined, so
    /// every id of a resource resolves.
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.r.types[id.0 as usize]
    }

    /// The Rust type of a value.
    pub fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::String => self.std.string.clone(),
            Ty::Integer => quote!(i32),
            Ty::Long => quote!(i64),
            Ty::Decimal => {
                let rt = &self.rt;
                quote!(#rt::Decimal)
            }
            Ty::Boolean => quote!(bool),
            Ty::Date => {
                let rt = &self.rt;
                quote!(#rt::chrono::NaiveDate)
            }
            Ty::DateTime => {
                let rt = &self.rt;
                quote!(#rt::chrono::DateTime<#rt::chrono::FixedOffset>)
            }
            Ty::Time => {
                let rt = &self.rt;
                quote!(#rt::chrono::NaiveTime)
            }
            Ty::Named(id) => self.item(self.def(*id).rust_name()),
            Ty::Array(inner) => {
                let (vec, inner) = (&self.std.vec, self.ty(inner));
                quote!(#vec<#inner>)
            }
        }
    }

    /// The type a caller hands in for a value: the checked value's input (any integer that
    /// widens to `i64`, any text) for checked values, the value's own type otherwise.
    pub fn input_ty(&self, ty: &Ty) -> TokenStream {
        match self.def_of(ty) {
            Some(TypeDef::Newtype(n)) => self.scalar_input(&n.inner),
            _ => self.ty(ty),
        }
    }

    /// What a caller hands in for a scalar: integers widen to `i64`, text is any `String`.
    pub fn scalar_input(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Integer | Ty::Long => quote!(i64),
            other => self.ty(other),
        }
    }

    /// An expression of type `ty` for a default checked at generation time; for a checked
    /// value, an expression of its input type.
    pub fn literal(&self, ty: &Ty, literal: &Literal) -> TokenStream {
        match (self.def_of(ty), literal) {
            (Some(TypeDef::Domain(d)), Literal::Str(key)) => {
                let name = ident(&d.rust_name);
                match d.values.iter().find(|(_, v)| v == key) {
                    Some((constant, _)) => {
                        let constant = ident(constant);
                        quote!(#name::#constant)
                    }
                    None => quote!(#name::new(#key)),
                }
            }
            (_, Literal::Str(s)) => {
                let string = &self.std.string;
                quote!(#string::from(#s))
            }
            // Unsuffixed: the value fits the field's integer type, as lowering checked.
            (_, Literal::Int(i)) => {
                let v = proc_macro2::Literal::i64_unsuffixed(*i);
                quote!(#v)
            }
            // `Decimal::new(125, 2)` is 1.25, exactly; lowering kept the scale within 28.
            (_, Literal::Decimal(d)) => {
                let rt = &self.rt;
                let mantissa = proc_macro2::Literal::i64_unsuffixed(d.mantissa);
                let scale = proc_macro2::Literal::u32_unsuffixed(d.scale);
                quote!(#rt::Decimal::new(#mantissa, #scale))
            }
            (_, Literal::Bool(b)) => quote!(#b),
        }
    }

    pub fn def_of(&self, ty: &Ty) -> Option<&TypeDef> {
        match ty {
            Ty::Named(id) => Some(self.def(*id)),
            _ => None,
        }
    }
}

/// The arguments of `new` (and of the area trait's method): path parameters in path order,
/// then the body. `rt` is how the runtime is reached where they are written.
pub(crate) fn call_params(cx: &EmitCx<'_>, rt: &TokenStream) -> Vec<TokenStream> {
    let into = &cx.std.into;
    let mut params: Vec<TokenStream> =
        cx.r.path_params
            .iter()
            .filter(|p| p.is_argument())
            .map(|p| {
                let arg = ident(&p.rust_name);
                let input = cx.scalar_input(&p.scalar);
                quote!(#arg: impl #into<#input>)
            })
            .collect();
    if let Some(body) = &cx.r.request {
        let ty = cx.ty(&Ty::Named(body.type_id));
        params.push(quote!(body: impl #rt::Build<Output = #ty>));
    }
    params
}

pub(crate) fn example_value(p: &Param) -> String {
    let min = p.rules.iter().find_map(|rule| match rule {
        Rule::Minimum(m) => Some(*m),
        _ => None,
    });
    match p.scalar {
        Ty::Integer | Ty::Long => min.map_or_else(|| "1".to_string(), |m| (m + 1).to_string()),
        _ => format!("{:?}", p.name),
    }
}

/// An identifier from an IR name; IR names are valid identifiers, raw ones keep `r#`.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
