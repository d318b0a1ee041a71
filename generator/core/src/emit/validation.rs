//! Checked values (the runtime's `rt::Checked`, with generated rules as data) and request
//! builders that report every broken rule of a whole body at once.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, prose, rule_doc};
use super::{EmitCx, ident};
use crate::ir::{Field, Literal, NewtypeDef, Role, Rule, StructDef, Ty, TypeDef};

pub(crate) fn emit_validation(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    let newtypes: Vec<&NewtypeDef> =
        cx.r.types
            .iter()
            .filter(|def| cx.own(def))
            .filter_map(|def| match def {
                TypeDef::Newtype(n) => Some(n),
                _ => None,
            })
            .collect();
    let mut items = Vec::new();
    if !newtypes.is_empty() || !cx.shared_rules.is_empty() {
        items.push(emit_rules_module(cx, &newtypes));
    }
    items.extend(newtypes.iter().map(|n| emit_checked_alias(n)));
    for def in cx.r.types.iter().filter(|d| cx.own(d)) {
        if let TypeDef::Struct(s) = def
            && s.role == Role::Request
        {
            items.extend(emit_builder(cx, s));
        }
    }
    items
}

/// `pub mod rules`: one rules type per checked value, in a module of its own so that their
/// names can never collide with the spec's.
fn emit_rules_module(cx: &EmitCx<'_>, newtypes: &[&NewtypeDef]) -> TokenStream {
    let items = newtypes.iter().map(|n| {
        let name = ident(&n.rust_name);
        let doc = format!(" The documented rules of [`{0}`](super::{0}).", n.rust_name);
        let value = cx.ty(&n.inner);
        let value_name = &n.value_name;
        let rules = n.rules.iter().map(rule_expr);
        quote! {
            #[doc = #doc]
            pub enum #name {}
            impl rt::Rules for #name {
                type Value = #value;
                const NAME: &'static str = #value_name;
                const RULES: &'static [rt::Rule] = &[#(#rules),*];
            }
        }
    });
    let shared = &cx.shared_rules;
    // Without rules of its own, the module holds only re-exports and needs no `rt`.
    let rt = (!newtypes.is_empty()).then(|| {
        quote!(
            use super::rt;
        )
    });
    quote! {
        /// The documented rules of this version's checked values, as data the runtime checks.
        pub mod rules {
            #rt
            #(#items)*
            #(#shared)*
        }
    }
}

fn rule_expr(rule: &Rule) -> TokenStream {
    match rule {
        Rule::Pattern(p) => quote!(rt::Rule::Pattern(#p)),
        Rule::Minimum(m) => {
            let m = proc_macro2::Literal::i64_unsuffixed(*m);
            quote!(rt::Rule::Minimum(#m))
        }
        Rule::Maximum(m) => {
            let m = proc_macro2::Literal::i64_unsuffixed(*m);
            quote!(rt::Rule::Maximum(#m))
        }
        Rule::MinLength(l) => {
            let l = proc_macro2::Literal::u64_unsuffixed(*l);
            quote!(rt::Rule::MinLength(#l))
        }
        Rule::MaxLength(l) => {
            let l = proc_macro2::Literal::u64_unsuffixed(*l);
            quote!(rt::Rule::MaxLength(#l))
        }
        Rule::DecimalMinimum(d) => {
            let d = d.to_string();
            quote!(rt::Rule::MinimumDecimal(#d))
        }
        Rule::DecimalMaximum(d) => {
            let d = d.to_string();
            quote!(rt::Rule::MaximumDecimal(#d))
        }
    }
}

fn emit_checked_alias(n: &NewtypeDef) -> TokenStream {
    let name = ident(&n.rust_name);
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
    quote! {
        #docs
        pub type #name = rt::Checked<rules::#name>;
    }
}

/// The rules type of a checked value, if `ty` is one.
fn rules_of(cx: &EmitCx<'_>, ty: &Ty) -> Option<proc_macro2::Ident> {
    match cx.def_of(ty) {
        Some(TypeDef::Newtype(n)) => Some(ident(&n.rust_name)),
        _ => None,
    }
}

/// The request object of a nested field that has a builder of its own: the field's setter then
/// takes that builder too, and the enclosing `build` reports the nested violations.
fn nested_of(cx: &EmitCx<'_>, ty: &Ty) -> Option<proc_macro2::Ident> {
    match cx.def_of(ty) {
        Some(TypeDef::Struct(s)) if s.builder_name.is_some() => Some(ident(&s.rust_name)),
        _ => None,
    }
}

/// The request object of a list field whose items have a builder of their own.
fn nested_items_of(cx: &EmitCx<'_>, ty: &Ty) -> Option<proc_macro2::Ident> {
    match ty {
        Ty::Array(item) => nested_of(cx, item),
        _ => None,
    }
}

/// What a builder holds for a field: the input, or nested objects checked when they were set.
fn slot_ty(cx: &EmitCx<'_>, f: &Field) -> TokenStream {
    let vec = &cx.std.vec;
    match (nested_of(cx, &f.ty), nested_items_of(cx, &f.ty)) {
        (Some(object), _) => quote!(rt::object::Nested<#object>),
        (None, Some(object)) => quote!(#vec<rt::object::Nested<#object>>),
        (None, None) => cx.input_ty(&f.ty),
    }
}

fn emit_builder(cx: &EmitCx<'_>, s: &StructDef) -> Vec<TokenStream> {
    let Some(builder) = s.builder_name.as_deref().map(ident) else {
        return Vec::new();
    };
    let target = ident(&s.rust_name);
    let doc = format!(
        " Collects the fields of [`{0}`] and checks all of their rules at once in `build`.",
        s.rust_name
    );
    let option = &cx.std.option;
    let slots = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let slot = slot_ty(cx, f);
        quote!(#field: #option<#slot>,)
    });
    let setters = s.fields.iter().map(|f| emit_setter(cx, f));
    let (extra_slot, extra_setter) = extra_members(cx, s);
    let build = emit_build(cx, s);
    vec![
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, Default)]
            #[must_use]
            pub struct #builder { #(#slots)* #extra_slot }
        },
        quote! {
            impl #builder {
                #(#setters)*
                #extra_setter
                #build
            }
        },
        quote!(rt::impl_build!(#builder => #target);),
    ]
}

/// The builder's slot for custom fields and its setter, when the object supports them.
fn extra_members(cx: &EmitCx<'_>, s: &StructDef) -> (Option<TokenStream>, Option<TokenStream>) {
    if !s.extra_fields {
        return (None, None);
    }
    let into = &cx.std.into;
    let string = &cx.std.string;
    (
        Some(quote!(extra_fields: rt::ExtraFields,)),
        Some(quote! {
            /// Sets a custom field (or any property this version does not declare), sent after
            /// the documented fields. A documented field's own name is never overwritten.
            pub fn extra_field(
                mut self,
                name: impl #into<#string>,
                value: impl #into<rt::serde_json::Value>,
            ) -> Self {
                self.extra_fields.insert(name, value);
                self
            }
        }),
    )
}

fn emit_setter(cx: &EmitCx<'_>, f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    let input = cx.input_ty(&f.ty);
    let (into, some) = (&cx.std.into, &cx.std.some);
    if let Some(object) = nested_of(cx, &f.ty) {
        let doc = format!(
            " Sets {}, from the object or from its builder.",
            code(&f.name)
        );
        let more =
            " A builder's violations are reported by `build` with the others, under this field.";
        return quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #more]
            pub fn #field(mut self, value: impl rt::Build<Output = #object>) -> Self {
                self.#field = #some(rt::object::Nested::new(value));
                self
            }
        };
    }
    if let Some(object) = nested_items_of(cx, &f.ty) {
        let items = &cx.std.into_iterator;
        let doc = format!(
            " Sets {}, from objects or from their builders.",
            code(&f.name)
        );
        let more = " A builder's violations are reported by `build` with the others, under this field and the item's index.";
        return quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #more]
            pub fn #field<B: rt::Build<Output = #object>>(
                mut self,
                value: impl #items<Item = B>,
            ) -> Self {
                self.#field = #some(value.into_iter().map(rt::object::Nested::new).collect());
                self
            }
        };
    }
    let doc = format!(" Sets {}.", code(&f.name));
    quote! {
        #[doc = #doc]
        pub fn #field(mut self, value: impl #into<#input>) -> Self {
            self.#field = #some(value.into());
            self
        }
    }
}

/// `build`: checks through `rt::Check` (every violation under the object's name), then makes
/// the body with defaults inline.
fn emit_build(cx: &EmitCx<'_>, s: &StructDef) -> TokenStream {
    let target = ident(&s.rust_name);
    let object = &s.object;
    let check = check_local(s);
    let checks: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| field_check(cx, f, &check))
        .collect();
    let taken_apart = !checks.is_empty();
    let inits = s.fields.iter().map(|f| field_init(cx, f, taken_apart));
    let result = &cx.std.result;
    let (ok, some) = (&cx.std.ok, &cx.std.some);
    let extra_local = (s.extra_fields && taken_apart).then(|| ident("extra_fields"));
    let extra_init = match (s.extra_fields, taken_apart) {
        (false, _) => None,
        (true, true) => Some(quote!(extra_fields,)),
        (true, false) => Some(quote!(extra_fields: self.extra_fields,)),
    };
    let fields = s
        .fields
        .iter()
        .map(|f| ident(&f.rust_name))
        .chain(extra_local);
    let body = if checks.is_empty() {
        quote!(#ok(#target { #(#inits)* #extra_init }))
    } else {
        // Fields are taken apart first: a closure of edition 2018 captures `self` whole.
        quote! {
            let Self { #(#fields),* } = self;
            let mut #check = rt::Check::new(#object);
            #(#checks)*
            #check.finish(|| #some(#target { #(#inits)* #extra_init }))
        }
    };
    quote! {
        /// Checks every field and returns the body, or every broken rule with its field path
        /// (such as `Phone.PhoneNumber`).
        pub fn build(self) -> #result<#target, rt::ValidationErrors> {
            #body
        }
    }
}

/// The name of the builder's `rt::Check` local: `check`, with underscores added while a field
/// (whose value is a local of its name in `build`) is named so.
fn check_local(s: &StructDef) -> proc_macro2::Ident {
    let mut name = String::from("check");
    while s.fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    ident(&name)
}

/// The check of one field into a local of the field's name, for fields with rules or required.
fn field_check(cx: &EmitCx<'_>, f: &Field, check: &proc_macro2::Ident) -> Option<TokenStream> {
    let field = ident(&f.rust_name);
    let name = &f.name;
    let required = f.presence.is_required();
    if nested_of(cx, &f.ty).is_some() {
        return Some(if required {
            quote!(let #field = #check.nested_required(#name, #field);)
        } else {
            quote!(let #field = #check.nested(#name, #field);)
        });
    }
    if nested_items_of(cx, &f.ty).is_some() {
        return Some(if required {
            quote!(let #field = #check.nested_list_required(#name, #field);)
        } else {
            quote!(let #field = #check.nested_list(#name, #field);)
        });
    }
    match (
        rules_of(cx, &f.ty),
        f.presence.is_required(),
        f.presence.default(),
    ) {
        (Some(rules), true, _) => {
            Some(quote!(let #field = #check.required::<rules::#rules>(#field);))
        }
        (Some(rules), false, Some(default)) => {
            let literal = cx.literal(&f.ty, default);
            Some(quote!(let #field = #check.defaulted::<rules::#rules>(#field, || #literal);))
        }
        (Some(rules), false, None) => {
            Some(quote!(let #field = #check.optional::<rules::#rules>(#field);))
        }
        (None, true, _) => Some(quote!(let #field = #check.present(#name, #field);)),
        (None, false, _) => None,
    }
}

/// A field of the built body: checked locals unwrap with `?` (each is `None` only after a
/// violation), defaults are inline.
fn field_init(cx: &EmitCx<'_>, f: &Field, taken_apart: bool) -> TokenStream {
    let field = ident(&f.rust_name);
    let value = if taken_apart {
        quote!(#field)
    } else {
        quote!(self.#field)
    };
    let checked = rules_of(cx, &f.ty).is_some()
        || nested_of(cx, &f.ty).is_some()
        || nested_items_of(cx, &f.ty).is_some()
        || f.presence.is_required();
    match (f.presence.default(), checked) {
        _ if checked && f.presence.always_set() => quote!(#field: #field?,),
        (_, true) => quote!(#field,),
        (Some(default), false) => {
            let literal = cx.literal(&f.ty, default);
            // A documented domain key is a constant; any other text is built, so lazily.
            let constant = match (cx.def_of(&f.ty), default) {
                (Some(TypeDef::Domain(d)), Literal::Str(key)) => {
                    d.values.iter().any(|(_, v)| v == key)
                }
                _ => false,
            };
            if matches!(default, Literal::Str(_)) && !constant {
                quote!(#field: #value.unwrap_or_else(|| #literal),)
            } else {
                quote!(#field: #value.unwrap_or(#literal),)
            }
        }
        (None, false) if taken_apart => quote!(#field,),
        (None, false) => quote!(#field: self.#field,),
    }
}
