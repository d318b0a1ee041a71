//! The per-operation call: its documented error codes (which make the runtime's
//! `rt::CallError` specific to it), and a call type that wraps the runtime's `rt::Call` with
//! typed path parameters, body and query setters.
//!
//! Checking, sending and decoding are the runtime's; what is emitted here is only what differs
//! between operations.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::docs::{code, doc_attrs, prose};
use super::{EmitCx, ident};
use super::{call_params, example_value};
use crate::ir::{Literal, Method, Param, QueryParam, Ty, TypeDef};

pub(crate) fn emit_client(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    vec![
        emit_codes(cx),
        emit_codes_impl(cx),
        emit_error_alias(cx),
        emit_call_struct(cx),
        emit_call_impl(cx),
    ]
}

fn operation_text(cx: &EmitCx<'_>) -> String {
    format!("{} {}", cx.r.method.as_str(), code(&cx.r.path.template))
}

fn emit_codes(cx: &EmitCx<'_>) -> TokenStream {
    let name = ident(&cx.r.codes_name);
    let variants = cx.r.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let doc = format!(
            " RamBase error {} (HTTP {}): {}",
            e.code,
            e.status,
            prose(&e.message).join(" ")
        );
        quote! { #[doc = #doc] #variant, }
    });
    let doc = format!(
        " The documented RamBase errors of {}: the codes of [`{}`].",
        operation_text(cx),
        cx.r.error_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* }
    }
}

fn emit_codes_impl(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let name = ident(&r.codes_name);
    let method = format_ident!("{}", r.method.as_str());
    let template = &r.path.template;
    let status = proc_macro2::Literal::u16_unsuffixed(r.success_status);
    let codes = r.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let code = proc_macro2::Literal::u64_unsuffixed(e.code);
        let message = &e.message;
        quote!((Self::#variant, #code, #message))
    });
    quote! {
        impl rt::ErrorCodes for #name {
            const OPERATION: rt::Operation = rt::Operation::new(
                rt::reqwest::Method::#method, #template, RESOURCE_ID, VERSION, #status,
            );
            const CODES: &'static [(Self, u64, &'static str)] = &[#(#codes),*];
        }
    }
}

fn emit_error_alias(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let (name, codes) = (ident(&r.error_name), ident(&r.codes_name));
    let docs = doc_attrs(&[
        format!("Why a call of {} failed.", operation_text(cx)),
        String::new(),
        format!(
            "A documented RamBase error is `Documented` with its [`{}`]; `status()`, `api_error()` and `outcome_unknown()` answer for every case.",
            r.codes_name
        ),
    ]);
    quote! {
        #docs
        pub type #name = rt::CallError<#codes>;
    }
}

/// The runtime's answer type: the response object, a list of them, or no content.
fn answer_ty(cx: &EmitCx<'_>) -> TokenStream {
    match &cx.r.response {
        Some(body) => {
            let ty = cx.ty(&Ty::Named(body.type_id));
            if body.list { quote!(rt::Page<#ty>) } else { ty }
        }
        None => quote!(rt::NoContent),
    }
}

fn emit_call_struct(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let name = ident(&r.call_name);
    let (answer, codes) = (answer_ty(cx), ident(&r.codes_name));
    let docs = doc_attrs(&call_docs(cx));
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #name(rt::Call<#answer, #codes>);
    }
}

fn emit_call_impl(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let name = ident(&r.call_name);
    let params = call_params(cx, &quote!(rt));
    let root = r.response.as_ref().map_or("", |b| b.json_root.as_str());
    let paths = r.path_params.iter().map(|p| match &p.default {
        // Text goes in as a plain literal: every path setter takes `impl Into<String>`.
        Some(Literal::Str(text)) => path_step(cx, p, &quote!(#text)),
        Some(default) => path_step(cx, p, &cx.literal(&p.scalar, default)),
        None => path_step(cx, p, &ident(&p.rust_name).into_token_stream()),
    });
    let path_setters = r.path_params.iter().filter_map(|p| path_setter(cx, p));
    let body = r.request.as_ref().map(|b| {
        let json = &b.json_root;
        quote!(.body(#json, body))
    });
    let setters = r.query_params.iter().map(|q| emit_query_setter(cx, q));
    let send = emit_send(cx);
    let deprecated = deprecated_attr(r);
    quote! {
        impl #name {
            /// Prepares the call. Every input is checked now, and what breaks a rule is reported
            /// by `send`, which then sends nothing.
            #deprecated
            pub fn new(client: &rt::Client, #(#params),*) -> Self {
                Self(rt::Call::new(client, #root) #(#paths)* #body)
            }
            #(#path_setters)*
            #(#setters)*
            /// Sends `$useMinimumVersion` with `VERSION`, the version this code was generated
            /// for, so a client pinned to an older version of the resource runs this one. A
            /// value set with `use_minimum_version` wins. `ClientBuilder::use_generated_version`
            /// does this for every call.
            pub fn use_generated_version(self) -> Self {
                Self(self.0.use_generated_version())
            }
            #send
        }
    }
}

/// `#[deprecated]` on what prepares a call of a deprecated version (its `new` and its
/// client method), with the spec's note as an escaped literal.
pub(crate) fn deprecated_attr(r: &crate::ir::Resource) -> Option<TokenStream> {
    Some(match r.deprecated.as_ref()? {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => quote!(#[deprecated]),
    })
}

/// Sets the path parameter `p` to `arg` (the argument, or the documented default).
pub(crate) fn path_step(cx: &EmitCx<'_>, p: &Param, arg: &TokenStream) -> TokenStream {
    let name = &p.name;
    if let Some(TypeDef::Newtype(n)) = cx.def_of(&p.ty) {
        let (rules, name) = (cx.item("rules"), ident(&n.rust_name));
        return quote!(.path_checked::<#rules::#name>(#arg));
    }
    match p.scalar {
        Ty::Integer => quote!(.path_int(#name, #arg)),
        Ty::String => quote!(.path_text(#name, #arg)),
        _ => {
            let ty = cx.scalar_input(&p.scalar);
            quote!(.path_as::<#ty>(#name, #arg))
        }
    }
}

/// The setter of a path parameter that has a documented default: the call starts with the
/// default, and this replaces it.
fn path_setter(cx: &EmitCx<'_>, p: &Param) -> Option<TokenStream> {
    let default = p.default.as_ref()?;
    let field = ident(&p.rust_name);
    let (into, input) = (&cx.std.into, cx.scalar_input(&p.scalar));
    let step = path_step(cx, p, &quote!(value));
    let mut lines = vec![format!(
        "Sets the path parameter {} (default: {}).",
        code(&p.name),
        code(&super::docs::literal_text(default))
    )];
    lines.extend(p.rules.iter().map(super::docs::rule_doc));
    let docs = doc_attrs(&lines);
    Some(quote! {
        #docs
        pub fn #field(self, value: impl #into<#input>) -> Self {
            Self(self.0 #step)
        }
    })
}

/// The setter's parameter and the runtime call that sets the value: checked values go
/// through their rules, lists are sent comma-separated, enums as their documented value.
pub(crate) fn query_set(cx: &EmitCx<'_>, q: &QueryParam) -> (TokenStream, TokenStream) {
    let wire = &q.wire_name;
    let (into, iter, as_ref) = (&cx.std.into, &cx.std.into_iterator, &cx.std.as_ref);
    match (&q.ty, cx.def_of(&q.ty)) {
        (_, Some(TypeDef::Newtype(n))) => {
            let (rules, name) = (cx.item("rules"), ident(&n.rust_name));
            let input = cx.scalar_input(&n.inner);
            (
                quote!(value: impl #into<#input>),
                quote!(query_checked::<#rules::#name>(value)),
            )
        }
        (Ty::Array(item), _) => match cx.def_of(item) {
            Some(TypeDef::Enum(e)) => {
                let name = cx.item(&e.rust_name);
                (
                    quote!(values: impl #iter<Item = #name>),
                    quote!(query_list(#wire, values.into_iter().map(#name::as_str))),
                )
            }
            _ => (
                quote!(values: impl #iter<Item = impl #as_ref<str>>),
                quote!(query_list(#wire, values)),
            ),
        },
        (Ty::Integer, _) => (
            quote!(value: impl #into<i64>),
            quote!(query_int(#wire, value)),
        ),
        (ty, _) => {
            let input = cx.scalar_input(ty);
            (
                quote!(value: impl #into<#input>),
                quote!(query_as::<#input>(#wire, value)),
            )
        }
    }
}

fn emit_query_setter(cx: &EmitCx<'_>, q: &QueryParam) -> TokenStream {
    let field = ident(&q.rust_name);
    let wire = &q.wire_name;
    let (param, set) = query_set(cx, q);
    let mut lines = vec![format!("Sets {}.", code(wire))];
    if let Some(d) = &q.description {
        lines.push(String::new());
        lines.extend(prose(d));
    }
    if !q.rules.is_empty() {
        lines.push(String::new());
        lines.push(
            q.rules
                .iter()
                .map(super::docs::rule_doc)
                .collect::<Vec<_>>()
                .join(" ")
                + " A value that breaks a rule is reported by `send`, which then sends nothing.",
        );
    }
    if let Some(default) = &q.default {
        lines.push(String::new());
        lines.push(format!(
            "The server's default: {}.",
            code(&super::docs::literal_text(default))
        ));
    }
    let docs = doc_attrs(&lines);
    quote! {
        #docs
        pub fn #field(self, #param) -> Self {
            Self(self.0.#set)
        }
    }
}

fn emit_send(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let (answer, codes) = (answer_ty(cx), ident(&r.codes_name));
    let mut lines = vec![format!(
        "Sends {} {} and returns the answer of HTTP {}. If any input broke a rule, nothing is sent and the error lists every violation.",
        r.method.as_str(),
        code(&r.path.template),
        r.success_status
    )];
    let output = match &r.response {
        Some(body) if body.list => format!("Page<{}>", cx.def(body.type_id).rust_name()),
        Some(body) => cx.def(body.type_id).rust_name().to_string(),
        None => "()".to_string(),
    };
    lines.push(String::new());
    lines.push(format!(
        "Awaiting it gives {}.",
        code(&format!("Result<{output}, {}>", r.error_name))
    ));
    if r.method == Method::Post {
        lines.push(String::new());
        lines.push(
            "A POST is never retried: after a timeout the object may or may not have been created."
                .to_string(),
        );
    }
    let docs = doc_attrs(&lines);
    let paging = emit_paging(cx);
    quote! {
        #docs
        pub fn send(self) -> rt::Sending<#answer, #codes> {
            self.0.send()
        }
        /// Like `send`, and also answers the HTTP status and the response headers.
        pub fn send_with_response(self) -> rt::SendingWithResponse<#answer, #codes> {
            self.0.send_with_response()
        }
        #paging
    }
}

/// A list call also pages: a stream of pages, and one of items, that follow `nextPageKey`.
fn emit_paging(cx: &EmitCx<'_>) -> Option<TokenStream> {
    let body = cx.r.response.as_ref().filter(|b| b.list)?;
    let (item, codes) = (cx.ty(&Ty::Named(body.type_id)), ident(&cx.r.codes_name));
    Some(quote! {
        /// Sends the call, then asks for the next page with the same parameters and the
        /// `$pageKey` of the page's `nextPageKey`, until the last page. An error ends the stream.
        pub fn pages(self) -> rt::Pages<#item, #codes> {
            self.0.pages()
        }
        /// Like `pages`, one item at a time.
        pub fn items(self) -> rt::Items<#item, #codes> {
            self.0.items()
        }
    })
}

/// The docs of the call type: what the operation does, its parameters and documented errors.
fn call_docs(cx: &EmitCx<'_>) -> Vec<String> {
    let r = cx.r;
    let mut lines = prose(&r.summary);
    lines.push(String::new());
    lines.push(format!(
        "{}: API resource {}, version {}. Answers HTTP {} on success. Made by `{}` of the area's calls (`use` the crate's `prelude`) or by `new`; set optional query parameters, then `send` it.",
        operation_text(cx),
        r.id,
        r.version,
        r.success_status,
        r.operation_snake
    ));
    if !r.path_params.is_empty() {
        lines.push(String::new());
        lines.push("Path parameters:".to_string());
        lines.push(String::new());
        lines.extend(r.path_params.iter().map(param_doc));
    }
    if !r.errors.is_empty() {
        lines.push(String::new());
        lines.push("Documented errors:".to_string());
        lines.push(String::new());
        for e in &r.errors {
            lines.push(format!(
                "- {} (HTTP {}): {}",
                e.code,
                e.status,
                prose(&e.message).join(" ")
            ));
        }
    }
    lines.push(String::new());
    lines.push(format!("Example: {}", code(&example(cx))));
    lines
}

fn param_doc(p: &Param) -> String {
    let mut facts: Vec<String> = p
        .description
        .as_deref()
        .map(|d| sentence(&prose(d).join(" ")))
        .into_iter()
        .collect();
    facts.extend(p.rules.iter().map(super::docs::rule_doc));
    if let Some(default) = &p.default {
        facts.push(format!(
            "Documented default: {}.",
            code(&super::docs::literal_text(default))
        ));
    }
    format!("- {}: {}", code(&p.name), facts.join(" "))
}

/// Text ending with a full stop, so that facts can follow it.
fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

fn example(cx: &EmitCx<'_>) -> String {
    let r = cx.r;
    let mut args: Vec<String> = r
        .path_params
        .iter()
        .filter(|p| p.is_argument())
        .map(example_value)
        .collect();
    if r.request.is_some() {
        args.push("body".to_string());
    }
    format!(
        "client.{}({}).send().await?",
        r.operation_snake,
        args.join(", ")
    )
}
