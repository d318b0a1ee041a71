//! Request and response structs and domain types. How they go on the wire is the runtime's
//! (`rt::Object`): a model only lists its fields, once to write and once to read.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, literal_text, prose};
use super::{EmitCx, ident};
use crate::ir::{DomainDef, EnumDef, Field, Literal, Role, StructDef, TypeDef};

pub(crate) fn emit_models(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    let mut items = Vec::new();
    for def in cx.r.types.iter().filter(|d| cx.own(d)) {
        match def {
            TypeDef::Struct(s) => items.extend(emit_struct(cx, s)),
            TypeDef::Domain(d) => items.extend(emit_domain(d)),
            TypeDef::Enum(e) => items.extend(emit_enum(e)),
            TypeDef::Newtype(_) => {}
        }
    }
    items
}

fn emit_struct(cx: &EmitCx<'_>, s: &StructDef) -> Vec<TokenStream> {
    let name = ident(&s.rust_name);
    let mut items = vec![emit_struct_def(cx, s), emit_object(s)];
    items.push(quote!(rt::impl_serde!(#name);));
    if s.role == Role::Request {
        items.push(emit_request_impl(cx, s));
    }
    items
}

fn struct_docs(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let r = cx.r;
    let (what, extra) = match s.role {
        Role::Request => (
            "The request body",
            "Build one with `new` from its required fields or, to check every field at once, with `builder`.",
        ),
        Role::Response => (
            "The response body",
            "Every field may be absent or null; properties the documentation does not list are kept in `extra_fields`.",
        ),
    };
    let custom = s.custom_fields.then(|| {
        "Custom fields supported: a company's own fields go in `extra_fields`.".to_string()
    });
    doc_attrs(
        &[
            format!(
                "{what} {} of {} {} (API resource {}, version {}).",
                code(&s.object),
                r.method.as_str(),
                code(&r.path.template),
                r.id,
                r.version
            ),
            String::new(),
            extra.to_string(),
        ]
        .into_iter()
        .chain(custom.into_iter().flat_map(|c| [String::new(), c]))
        .collect::<Vec<_>>(),
    )
}

fn field_docs(f: &Field, role: Role) -> TokenStream {
    let mut lines = f.description.as_deref().map(prose).unwrap_or_default();
    let mut facts = vec![format!("Documented as {}.", code(&f.name))];
    if role == Role::Request && f.presence.is_required() {
        facts.push("Required.".to_string());
    }
    if let Some(default) = f.presence.default() {
        facts.push(format!("Default: {}.", code(&literal_text(default))));
    }
    if f.domain {
        facts.push(
            "Takes a domain value: the applicable keys depend on the company and its modules."
                .to_string(),
        );
    }
    facts.extend(f.rules.iter().map(super::docs::rule_doc));
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(facts.join(" "));
    doc_attrs(&lines)
}

/// The struct itself: `#[non_exhaustive]`, so a field added by a new version does not break
/// code that builds it (it uses `new`, the builder or `Default`).
fn emit_struct_def(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let name = ident(&s.rust_name);
    let docs = struct_docs(cx, s);
    let option = &cx.std.option;
    let fields = s.fields.iter().map(|f| {
        let docs = field_docs(f, s.role);
        let field = ident(&f.rust_name);
        let ty = cx.ty(&f.ty);
        let ty = if s.role == Role::Request && f.presence.always_set() {
            ty
        } else {
            quote!(#option<#ty>)
        };
        quote! { #docs pub #field: #ty, }
    });
    let extra = s.extra_fields.then(|| {
        quote! {
            /// Custom fields and properties this version does not declare, as sent.
            pub extra_fields: rt::ExtraFields,
        }
    });
    let derives = match s.role {
        Role::Request => quote!(#[derive(Clone, Debug, PartialEq)]),
        Role::Response => quote!(#[derive(Clone, Debug, Default, PartialEq)]),
    };
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #name { #(#fields)* #extra }
    }
}

/// `rt::Object`: the fields by both wire names, to write and to read.
fn emit_object(s: &StructDef) -> TokenStream {
    let name = ident(&s.rust_name);
    let object = &s.object;
    let (w, r, b) = if s.fields.is_empty() && !s.extra_fields {
        (quote!(_w), quote!(_r), quote!(_b))
    } else {
        (quote!(w), quote!(r), quote!(b))
    };
    let writes = s.fields.iter().map(|f| {
        let (field, xml, json) = (ident(&f.rust_name), &f.name, &f.json_name);
        quote!(#w.field(#xml, #json, &self.#field);)
    });
    let reads = s.fields.iter().map(|f| {
        let (field, xml, json) = (ident(&f.rust_name), &f.name, &f.json_name);
        quote!(#r.field(#xml, #json, &mut #b.#field);)
    });
    let (write_extra, read_extra) = if s.extra_fields {
        (
            Some(quote!(#w.extra(&self.extra_fields);)),
            Some(quote!(#r.extra(&mut #b.extra_fields);)),
        )
    } else {
        (None, None)
    };
    // A request is read into its builder, whose `build` checks it; a response into itself.
    let builder = match s.builder_name.as_deref() {
        Some(builder) => {
            let builder = ident(builder);
            quote!(#builder)
        }
        None => quote!(Self),
    };
    quote! {
        impl rt::Object for #name {
            const NAME: &'static str = #object;
            type Builder = #builder;
            fn write<W: rt::object::Fields>(&self, #w: &mut W) {
                #(#writes)*
                #write_extra
            }
            fn read<R: rt::object::FieldsIn>(#b: &mut Self::Builder, #r: &mut R) {
                #(#reads)*
                #read_extra
            }
        }
    }
}

/// `new` from the required fields (defaults inline), and `builder`.
fn emit_request_impl(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let name = ident(&s.rust_name);
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence.is_required())
        .collect();
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = cx.ty(&f.ty);
        quote!(#field: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match f.presence.default() {
            _ if f.presence.is_required() => quote!(#field),
            Some(default) => {
                let value = default_value(cx, f, default);
                quote!(#field: #value)
            }
            None => {
                let none = &cx.std.none;
                quote!(#field: #none)
            }
        }
    });
    let builder = s.builder_name.as_deref().map(ident);
    let default_trait = &cx.std.default;
    let extra = s
        .extra_fields
        .then(|| quote!(extra_fields: rt::ExtraFields::new(),));
    let new_builder = new_builder(cx, s);
    let default = required.is_empty().then(|| {
        quote! {
            impl #default_trait for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            /// Creates the body from its required fields; optional fields take their documented
            /// defaults or stay unset.
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #extra }
            }
            /// Starts a builder that checks every field's rules at once in `build`.
            pub fn builder() -> #builder {
                #new_builder
            }
        }
        #default
    }
}

/// `Builder::default()`. A field named `default` gives the builder a `default` setter, which
/// that would find first, and a module type named `Default` hides the trait: then the trait is
/// named.
fn new_builder(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let builder = s.builder_name.as_deref().map(ident);
    let default_trait = &cx.std.default;
    let named = default_trait.to_string() != "Default";
    if named || s.fields.iter().any(|f| f.rust_name == "default") {
        quote!(<#builder as #default_trait>::default())
    } else {
        quote!(#builder::default())
    }
}

/// A documented default as a value of its field's type. A checked value's default was checked
/// against the same rules by the generator.
fn default_value(cx: &EmitCx<'_>, f: &Field, default: &Literal) -> TokenStream {
    let literal = cx.literal(&f.ty, default);
    match cx.def_of(&f.ty) {
        Some(TypeDef::Newtype(n)) => {
            let n = ident(&n.rust_name);
            quote!(#n::from_checked_default(#literal))
        }
        _ => literal,
    }
}

fn emit_domain(d: &DomainDef) -> Vec<TokenStream> {
    let name = ident(&d.rust_name);
    let mut lines = d.description.as_deref().map(prose).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(
        "A domain value: the applicable keys depend on the company, the user and the activated modules, so any key is kept as it is. The documentation names the constants below."
            .to_string(),
    );
    let docs = doc_attrs(&lines);
    let constants: Vec<TokenStream> = d
        .values
        .iter()
        .map(|(constant, key)| {
            let constant = ident(constant);
            let doc = format!(" The key {}.", code(key));
            quote! {
                #[doc = #doc]
                pub const #constant: Self = Self(rt::Key::from_static(#key));
            }
        })
        .collect();
    let mut items = vec![quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(rt::Key);
    }];
    if !constants.is_empty() {
        items.push(quote!(impl #name { #(#constants)* }));
    }
    items.push(quote!(rt::impl_domain!(#name);));
    items
}

/// A closed set of query parameter values: a variant per documented value, sent as written.
fn emit_enum(e: &EnumDef) -> Vec<TokenStream> {
    let name = ident(&e.rust_name);
    let mut lines = e.description.as_deref().map(prose).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("The values {} accepts.", code(&e.param)));
    let docs = doc_attrs(&lines);
    let variants = e.values.iter().map(|(variant, value)| {
        let (variant, doc) = (ident(variant), format!(" {}", code(value)));
        quote! { #[doc = #doc] #variant, }
    });
    let arms = e.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        quote!(Self::#variant => #value,)
    });
    vec![
        quote! {
            #docs
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name { #(#variants)* }
        },
        quote! {
            impl #name {
                /// The value as sent.
                pub const fn as_str(self) -> &'static str {
                    match self { #(#arms)* }
                }
            }
        },
        quote! {
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
    ]
}
