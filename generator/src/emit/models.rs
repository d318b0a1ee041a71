//! Request and response structs, domain types, and their JSON and XML representations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, prose};
use super::{EmitCx, ident};
use crate::ir::{DomainDef, Field, Role, StructDef, Ty, TypeDef};
use crate::names::bare;

pub(crate) fn emit_models(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    let mut items = Vec::new();
    for def in &cx.r.types {
        match def {
            TypeDef::Struct(s) => items.extend(emit_struct(cx, s)),
            TypeDef::Domain(d) => items.extend(emit_domain(d)),
            TypeDef::Newtype(_) => {}
        }
    }
    items
}

fn emit_struct(cx: &EmitCx<'_>, s: &StructDef) -> Vec<TokenStream> {
    match s.role {
        Role::Request => emit_request_struct(cx, s),
        Role::Response => {
            let [fields, deserialize] = emit_struct_fields(s);
            vec![
                emit_response_struct(cx, s),
                emit_serialize(s, |_| true),
                fields,
                deserialize,
            ]
        }
    }
}

fn struct_docs(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let r = cx.r;
    let (what, extra) = match s.role {
        Role::Request => (
            "The request body",
            "Serializes to RamBase's JSON (wrapped in its root property) and, through `ToXml`, to its XML form. Build one with `new` or, to validate every field at once, with `builder`.",
        ),
        Role::Response => (
            "The response body",
            "Every field may be absent or null; fields the documentation does not list are ignored.",
        ),
    };
    let mut lines = vec![format!(
        "{what} `{}` of {} {} (API resource {}, version {}).",
        s.object,
        r.method.as_str(),
        escape_path(&r.path.template),
        r.id,
        r.version
    )];
    lines.push(String::new());
    lines.push(extra.to_string());
    doc_attrs(&lines)
}

/// Path templates contain `{` and `}` only, plus letters and `/`; shown as inline code.
fn escape_path(template: &str) -> String {
    code(template)
}

fn field_docs(f: &Field, role: Role) -> TokenStream {
    let mut lines = f.description.as_deref().map(prose).unwrap_or_default();
    let mut facts = Vec::new();
    facts.push(format!("Documented as {}.", code(&f.name)));
    if role == Role::Request && f.required {
        facts.push("Required.".to_string());
    }
    if let Some(default) = &f.default {
        facts.push(format!("Default: {}.", code(&literal_text(default))));
    }
    if f.domain {
        facts.push(
            "Takes a domain value: the applicable keys depend on the company and its modules."
                .to_string(),
        );
    }
    for rule in &f.rules {
        facts.push(super::validation::rule_doc(rule));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(facts.join(" "));
    doc_attrs(&lines)
}

pub(crate) fn literal_text(l: &crate::ir::Literal) -> String {
    match l {
        crate::ir::Literal::Str(s) => s.clone(),
        crate::ir::Literal::Int(i) => i.to_string(),
        crate::ir::Literal::Decimal(d) => d.to_string(),
        crate::ir::Literal::Bool(b) => b.to_string(),
    }
}

/// Writing a struct without a serde derive: one `serialize_struct` with a line per field;
/// optional fields that are unset are left out. `optional` says which fields are `Option`s.
fn emit_serialize(s: &StructDef, optional: impl Fn(&Field) -> bool) -> TokenStream {
    let name = ident(&s.rust_name);
    let object = &s.object;
    let count = proc_macro2::Literal::usize_unsuffixed(s.fields.len());
    let writes = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let json = &f.json_name;
        if optional(f) {
            quote!(::rambase_runtime::ser::optional_field(&mut state, #json, &self.#field)?;)
        } else {
            quote!(state.serialize_field(#json, &self.#field)?;)
        }
    });
    quote! {
        impl ::rambase_runtime::serde::Serialize for #name {
            fn serialize<S: ::rambase_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::rambase_runtime::serde::ser::SerializeStruct as _;
                let mut state = serializer.serialize_struct(#object, #count)?;
                #(#writes)*
                state.end()
            }
        }
    }
}

/// Reading a struct without a serde derive: the runtime's visitor asks this impl to store each
/// field, under its JSON or its documented name. Requests collect into their builder, so what
/// is read is checked like any other input; responses collect into themselves.
fn emit_struct_fields(s: &StructDef) -> [TokenStream; 2] {
    let name = ident(&s.rust_name);
    let object = &s.object;
    let (builder, finish) = match s.builder_name.as_deref() {
        Some(b) => {
            let b = ident(b);
            (quote!(#b), quote!(builder.build()))
        }
        None => (quote!(Self), quote!(::std::result::Result::Ok(builder))),
    };
    let arms = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let (json, xml) = (&f.json_name, &f.name);
        let keys = if json == xml {
            quote!(#json)
        } else {
            quote!(#json | #xml)
        };
        quote!(#keys => builder.#field = map.next_value()?,)
    });
    let fields = quote! {
        impl ::rambase_runtime::de::StructFields for #name {
            type Builder = #builder;
            const NAME: &'static str = #object;

            fn visit_field<'de, A: ::rambase_runtime::serde::de::MapAccess<'de>>(
                builder: &mut Self::Builder,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                match key {
                    #(#arms)*
                    _ => ::rambase_runtime::de::skip_value(map)?,
                }
                ::std::result::Result::Ok(())
            }

            fn finish(builder: Self::Builder) -> ::std::result::Result<Self, ::rambase_runtime::validate::ValidationErrors> {
                #finish
            }
        }
    };
    let deserialize = quote! {
        impl<'de> ::rambase_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::rambase_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::rambase_runtime::de::deserialize_struct(deserializer)
            }
        }
    };
    [fields, deserialize]
}

/// The function giving a field's default: an associated function of its struct, so that names
/// cannot collide across structs (free functions `x_request_d_default` would, for struct `X`
/// with field `request_d` and struct `XRequest` with field `d`).
pub(crate) fn default_fn_name(f: &Field) -> proc_macro2::Ident {
    format_ident!("{}_default", bare(&f.rust_name).trim_end_matches('_'))
}

/// `Struct::field_default`, the path of [`default_fn_name`] seen from the version module.
pub(crate) fn default_fn_path(s: &StructDef, f: &Field) -> TokenStream {
    let st = ident(&s.rust_name);
    let fn_name = default_fn_name(f);
    quote!(#st::#fn_name)
}

/// How a request field is held: required and defaulted fields are plain, others optional.
fn request_field_ty(cx: &EmitCx<'_>, f: &Field) -> TokenStream {
    let ty = cx.ty(&f.ty);
    if f.required || f.default.is_some() {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

fn emit_request_struct(cx: &EmitCx<'_>, s: &StructDef) -> Vec<TokenStream> {
    let name = ident(&s.rust_name);
    let docs = struct_docs(cx, s);
    let fields = s.fields.iter().map(|f| {
        let docs = field_docs(f, Role::Request);
        let field = ident(&f.rust_name);
        let ty = request_field_ty(cx, f);
        quote! { #docs pub #field: #ty, }
    });
    let default_fns: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let literal = cx.literal(&f.ty, f.default.as_ref()?);
            let fn_name = default_fn_name(f);
            let ty = cx.ty(&f.ty);
            Some(quote! { fn #fn_name() -> #ty { #literal } })
        })
        .collect();
    let constructor = emit_request_constructor(cx, s);
    let to_xml = emit_to_xml(cx, s);
    let mut items = vec![quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name { #(#fields)* }
    }];
    items.push(emit_serialize(s, |f| !f.required && f.default.is_none()));
    items.extend(emit_struct_fields(s));
    items.push(constructor);
    items.push(to_xml);
    if !default_fns.is_empty() {
        items.push(quote! { impl #name { #(#default_fns)* } });
    }
    items
}

fn emit_request_constructor(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let name = ident(&s.rust_name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = cx.ty(&f.ty);
        quote!(#field: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match &f.default {
            _ if f.required => quote!(#field),
            Some(_) => {
                let fn_name = default_fn_path(s, f);
                quote!(#field: #fn_name())
            }
            None => quote!(#field: ::std::option::Option::None),
        }
    });
    let builder = s.builder_name.as_deref().map(|b| {
        let b = ident(b);
        quote! {
            /// Starts a builder that checks every field's rules at once in `build`.
            pub fn builder() -> #b {
                // Through the trait: a field named `Default` gives the builder a `default` setter.
                <#b as ::std::default::Default>::default()
            }
        }
    });
    let default = required.is_empty().then(|| {
        quote! {
            impl ::std::default::Default for #name {
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
                Self { #(#inits),* }
            }
            #builder
        }
        #default
    }
}

fn emit_to_xml(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let name = ident(&s.rust_name);
    let writes = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let element = &f.name;
        let plain = f.required || f.default.is_some();
        match (&f.ty, plain) {
            (Ty::Array(inner), true) => xml_array(cx, element, inner, quote!(&self.#field)),
            (Ty::Array(inner), false) => {
                let each = xml_array(cx, element, inner, quote!(items));
                quote! { if let ::std::option::Option::Some(items) = &self.#field { #each } }
            }
            (ty, true) if is_struct(cx, ty) => quote!(w.child(#element, &self.#field);),
            (ty, false) if is_struct(cx, ty) => {
                quote!(w.optional_child(#element, self.#field.as_ref());)
            }
            (_, true) => quote!(w.element(#element, &self.#field);),
            (_, false) => quote!(w.optional_element(#element, self.#field.as_ref());),
        }
    });
    quote! {
        impl ::rambase_runtime::xml::ToXml for #name {
            fn write_xml(&self, w: &mut ::rambase_runtime::xml::XmlWriter) {
                #(#writes)*
            }
        }
    }
}

/// `<Phones><Phone>..</Phone>..</Phones>`: the list element, then one element per item,
/// named after the item's object (or the list's name for scalar items).
fn xml_array(cx: &EmitCx<'_>, element: &str, inner: &Ty, items: TokenStream) -> TokenStream {
    let item_struct = match inner {
        Ty::Named(id) => match cx.def(*id) {
            Some(TypeDef::Struct(s)) => Some(s.object.clone()),
            _ => None,
        },
        _ => None,
    };
    let write_item = match &item_struct {
        Some(object) => quote!(w.child(#object, item);),
        None => quote!(w.element(#element, item);),
    };
    quote! {
        w.start(#element);
        for item in #items { #write_item }
        w.end(#element);
    }
}

fn is_struct(cx: &EmitCx<'_>, ty: &Ty) -> bool {
    matches!(ty, Ty::Named(id) if matches!(cx.def(*id), Some(TypeDef::Struct(_))))
}

fn emit_response_struct(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let name = ident(&s.rust_name);
    let docs = struct_docs(cx, s);
    let fields = s.fields.iter().map(|f| {
        let docs = field_docs(f, Role::Response);
        let field = ident(&f.rust_name);
        let ty = cx.ty(&f.ty);
        quote! {
            #docs
            pub #field: ::std::option::Option<#ty>,
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name { #(#fields)* }
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
    let constants = d.values.iter().map(|(constant, key)| {
        let constant = ident(constant);
        let doc = format!(" The key {}.", code(key));
        quote! {
            #[doc = #doc]
            pub const #constant: Self = Self(::std::borrow::Cow::Borrowed(#key));
        }
    });
    let ty = quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(::std::borrow::Cow<'static, str>);
    };
    let serde = quote! {
        impl ::rambase_runtime::serde::Serialize for #name {
            fn serialize<S: ::rambase_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::rambase_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::rambase_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let key: ::std::string::String = ::rambase_runtime::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self(::std::borrow::Cow::Owned(key)))
            }
        }
    };
    let impls = quote! {
        impl #name {
            #(#constants)*

            /// Any key, documented or not.
            pub fn new(key: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(::std::borrow::Cow::Owned(key.into()))
            }

            /// The key as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(key: &str) -> Self {
                Self::new(key)
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(key: ::std::string::String) -> Self {
                Self::new(key)
            }
        }

        impl ::rambase_runtime::xml::XmlValue for #name {
            fn write_text(&self, out: &mut ::std::string::String) {
                self.as_str().write_text(out);
            }
        }
    };
    vec![ty, impls, serde]
}
