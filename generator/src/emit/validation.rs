//! Constrained value types whose constructors check the documented rules, and request
//! builders that report every broken rule of a whole body at once.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, prose};
use super::{EmitCx, ident};
use crate::ir::{Field, NewtypeDef, Role, Rule, StructDef, Ty, TypeDef};

pub(crate) fn emit_validation(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    let mut items = Vec::new();
    for def in &cx.r.types {
        match def {
            TypeDef::Newtype(n) => items.push(emit_newtype(cx, n)),
            TypeDef::Struct(s) if s.role == Role::Request => items.push(emit_builder(cx, s)),
            _ => {}
        }
    }
    items
}

/// A rule as a sentence for docs.
pub(crate) fn rule_doc(rule: &Rule) -> String {
    match rule {
        Rule::Pattern(p) => format!(
            "Must match the regular expression {} (not implicitly anchored).",
            code(p)
        ),
        Rule::Minimum(m) => format!("Must be at least {m}."),
        Rule::Maximum(m) => format!("Must be at most {m}."),
        Rule::MinLength(n) => format!("Must be at least {n} characters long."),
        Rule::MaxLength(n) => format!("Must be at most {n} characters long."),
    }
}

fn emit_newtype(cx: &EmitCx<'_>, n: &NewtypeDef) -> TokenStream {
    let name = ident(&n.rust_name);
    let inner = cx.ty(&n.inner);
    let mut lines = n.description.as_deref().map(prose).unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "The value of {}; it always satisfies the documented rules:",
        code(&n.value_name)
    ));
    lines.push(String::new());
    lines.extend(n.rules.iter().map(|r| format!("- {}", rule_doc(r))));
    let docs = doc_attrs(&lines);
    let is_string = n.inner == Ty::String;
    let checks = n.rules.iter().map(|rule| emit_check(n, rule));
    let pattern_static = n.pattern_static.as_deref().and_then(|s| {
        let pattern = n.rules.iter().find_map(|r| if let Rule::Pattern(p) = r { Some(p.as_str()) } else { None })?;
        let s = ident(s);
        Some(quote! { static #s: ::rambase_runtime::validate::Pattern = ::rambase_runtime::validate::Pattern::new(#pattern); })
    });
    let value_name = &n.value_name;
    let (derives, accessors, conversions) = if is_string {
        string_parts(&name)
    } else {
        int_parts(&name, &inner)
    };
    quote! {
        #pattern_static

        #docs
        #[derive(#derives)]
        pub struct #name(#inner);

        impl ::rambase_runtime::serde::Serialize for #name {
            fn serialize<S: ::rambase_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::rambase_runtime::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        /// Reading checks the value: an invalid one on the wire is an error naming the rule.
        impl<'de> ::rambase_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::rambase_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::rambase_runtime::de::deserialize_checked(deserializer, <Self as ::std::convert::TryFrom<#inner>>::try_from)
            }
        }

        impl #name {
            /// The name this value has in the documentation, used in violation paths.
            pub const DOCUMENTED_NAME: &'static str = #value_name;

            /// Checks `value` against every rule and returns it wrapped, or all broken rules.
            pub fn new(value: impl ::std::convert::Into<#inner>) -> ::std::result::Result<Self, ::rambase_runtime::validate::ValidationErrors> {
                let value = value.into();
                let mut errors = ::rambase_runtime::validate::ValidationErrors::new();
                #(#checks)*
                errors.into_result(Self(value))
            }

            #accessors
        }

        impl ::std::convert::TryFrom<#inner> for #name {
            type Error = ::rambase_runtime::validate::ValidationErrors;
            fn try_from(value: #inner) -> ::std::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl ::std::convert::From<#name> for #inner {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::rambase_runtime::xml::XmlValue for #name {
            fn write_text(&self, out: &mut ::std::string::String) {
                self.0.write_text(out);
            }
        }

        #conversions
    }
}

type Parts = (TokenStream, TokenStream, TokenStream);

fn string_parts(name: &proc_macro2::Ident) -> Parts {
    let accessors = quote! {
        /// The value as text.
        pub fn as_str(&self) -> &str {
            &self.0
        }
    };
    let conversions = quote! {
        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
    (
        quote!(Clone, Debug, PartialEq, Eq, Hash),
        accessors,
        conversions,
    )
}

fn int_parts(_name: &proc_macro2::Ident, inner: &TokenStream) -> Parts {
    let accessors = quote! {
        /// The number.
        pub fn get(self) -> #inner {
            self.0
        }
    };
    (
        quote!(Clone, Copy, Debug, PartialEq, Eq, Hash),
        accessors,
        quote!(),
    )
}

fn emit_check(n: &NewtypeDef, rule: &Rule) -> TokenStream {
    let path = &n.value_name;
    // The checks take an i64: widen an i32, pass an i64 as is (clippy: useless_conversion).
    let widened = if n.inner == Ty::Long {
        quote!(value)
    } else {
        quote!(::std::convert::From::from(value))
    };
    match rule {
        Rule::Pattern(_) => {
            let s = ident(n.pattern_static.as_deref().unwrap_or("PATTERN"));
            quote!(::rambase_runtime::validate::check_pattern(&mut errors, #path, &#s, &value);)
        }
        Rule::Minimum(m) => {
            let m = proc_macro2::Literal::i64_unsuffixed(*m);
            quote!(::rambase_runtime::validate::check_minimum(&mut errors, #path, #m, #widened);)
        }
        Rule::Maximum(m) => {
            let m = proc_macro2::Literal::i64_unsuffixed(*m);
            quote!(::rambase_runtime::validate::check_maximum(&mut errors, #path, #m, #widened);)
        }
        Rule::MinLength(l) => {
            let l = proc_macro2::Literal::u64_unsuffixed(*l);
            quote!(::rambase_runtime::validate::check_min_length(&mut errors, #path, #l, &value);)
        }
        Rule::MaxLength(l) => {
            let l = proc_macro2::Literal::u64_unsuffixed(*l);
            quote!(::rambase_runtime::validate::check_max_length(&mut errors, #path, #l, &value);)
        }
    }
}

/// The raw input a builder holds for a field: the newtype's inner value, so that checking
/// waits for `build` and reports everything together.
fn raw_input(cx: &EmitCx<'_>, ty: &Ty) -> (TokenStream, Option<proc_macro2::Ident>) {
    match ty {
        Ty::Named(id) => match cx.def(*id) {
            Some(TypeDef::Newtype(n)) => (cx.ty(&n.inner), Some(ident(&n.rust_name))),
            _ => (cx.ty(ty), None),
        },
        _ => (cx.ty(ty), None),
    }
}

fn emit_builder(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let Some(builder) = s.builder_name.as_deref() else {
        return quote!();
    };
    let builder = ident(builder);
    let target = ident(&s.rust_name);
    let doc = format!(
        " Collects the fields of {target} and checks all of their rules at once in `build`."
    );
    let slots = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let (raw, _) = raw_input(cx, &f.ty);
        quote!(#field: ::std::option::Option<#raw>,)
    });
    let setters = s.fields.iter().map(|f| emit_setter(cx, f));
    let checks: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| emit_field_check(cx, f))
        .filter(|t| !t.is_empty())
        .collect();
    let object = &s.object;
    let collect = (!checks.is_empty()).then(|| {
        quote! {
            let mut errors = ::rambase_runtime::validate::ValidationErrors::new();
            #(#checks)*
            if !errors.is_empty() {
                let mut rooted = ::rambase_runtime::validate::ValidationErrors::new();
                rooted.extend_prefixed(#object, errors);
                return ::std::result::Result::Err(rooted);
            }
        }
    });
    let inits = s.fields.iter().map(|f| emit_field_init(cx, s, f));
    let back = s.fields.iter().map(|f| emit_field_back(cx, f));
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default)]
        pub struct #builder { #(#slots)* }

        impl #builder {
            #(#setters)*

            /// Checks every field and returns the body, or every broken rule with its field
            /// path (such as `Phone.PhoneNumber`).
            pub fn build(self) -> ::std::result::Result<#target, ::rambase_runtime::validate::ValidationErrors> {
                #collect
                ::std::result::Result::Ok(#target { #(#inits)* })
            }
        }

        impl ::std::convert::From<#target> for #builder {
            fn from(body: #target) -> Self {
                body.into_builder()
            }
        }

        impl #target {
            /// Turns a checked body back into a builder, to change fields and check again.
            pub fn into_builder(self) -> #builder {
                #builder { #(#back)* }
            }
        }
    }
}

fn emit_setter(cx: &EmitCx<'_>, f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let (raw, _) = raw_input(cx, &f.ty);
    let doc = format!(" Sets {}.", code(&f.name));
    quote! {
        #[doc = #doc]
        pub fn #field(mut self, value: impl ::std::convert::Into<#raw>) -> Self {
            self.#field = ::std::option::Option::Some(value.into());
            self
        }
    }
}

fn emit_field_check(cx: &EmitCx<'_>, f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let name = &f.name;
    let (_, newtype) = raw_input(cx, &f.ty);
    let check = newtype.map(|n| {
        quote! {
            // Not a let chain: the code must compile in a downstream crate of any edition.
            if let ::std::option::Option::Some(::std::result::Result::Err(broken)) =
                ::std::clone::Clone::clone(&self.#field).map(#n::new)
            {
                errors.extend(broken);
            }
        }
    });
    let required = f.required.then(|| {
        quote! {
            ::rambase_runtime::validate::check_required(&mut errors, #name, self.#field.is_some());
        }
    });
    quote!(#required #check)
}

fn emit_field_init(cx: &EmitCx<'_>, s: &StructDef, f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let (_, newtype) = raw_input(cx, &f.ty);
    if f.required {
        let value = match &newtype {
            Some(n) => quote!(#n(value)),
            None => quote!(value),
        };
        return quote!(#field: match self.#field { ::std::option::Option::Some(value) => #value, ::std::option::Option::None => return ::std::result::Result::Err(errors) },);
    }
    let checked = match &newtype {
        Some(n) => quote!(self.#field.map(#n)),
        None => quote!(self.#field),
    };
    if f.default.is_some() {
        let default_fn = super::models::default_fn_path(s, f);
        quote!(#field: #checked.unwrap_or_else(#default_fn),)
    } else {
        quote!(#field: #checked,)
    }
}

/// A checked field back to the builder's raw input.
fn emit_field_back(cx: &EmitCx<'_>, f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let (_, newtype) = raw_input(cx, &f.ty);
    let plain = f.required || f.default.is_some();
    match (plain, newtype.is_some()) {
        (true, true) => quote!(#field: ::std::option::Option::Some(self.#field.0),),
        (true, false) => quote!(#field: ::std::option::Option::Some(self.#field),),
        (false, true) => quote!(#field: self.#field.map(|value| value.0),),
        (false, false) => quote!(#field: self.#field,),
    }
}
