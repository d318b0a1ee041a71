//! The per-operation call: the operation constant, a call builder that validates all input
//! before anything is sent, the operation's error enum and the client extension trait.
//!
//! The HTTP work itself is the runtime's (`rambase_runtime::Client::send`); what is emitted
//! here is only what differs between operations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, prose};
use super::{EmitCx, ident};
use crate::ir::{Method, Param, PathSegment, QueryParam, Ty, TypeDef};

pub(crate) fn emit_client(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    vec![
        emit_operation_const(cx),
        emit_call_struct(cx),
        emit_call_impl(cx),
        emit_error_enum(cx),
        emit_error_from(cx),
        emit_error_display(cx),
        emit_ext_trait(cx),
    ]
}

fn emit_operation_const(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let method = format_ident!("{}", r.method.as_str());
    let template = &r.path.template;
    let status = proc_macro2::Literal::u16_unsuffixed(r.success_status);
    let doc = format!(
        " How the runtime calls {} {}.",
        r.method.as_str(),
        code(template)
    );
    quote! {
        #[doc = #doc]
        pub const OPERATION: ::rambase_runtime::Operation = ::rambase_runtime::Operation::new(
            ::rambase_runtime::reqwest::Method::#method, #template, RESOURCE_ID, VERSION, #status,
        );
    }
}

/// The raw argument type of a path parameter: the scalar, checked in `send`.
fn path_arg_ty(p: &Param) -> TokenStream {
    match p.scalar {
        Ty::Integer => quote!(i32),
        Ty::Long => quote!(i64),
        _ => quote!(::std::string::String),
    }
}

fn query_ty(cx: &EmitCx<'_>, q: &QueryParam) -> TokenStream {
    cx.ty(&q.ty)
}

fn body_builder(cx: &EmitCx<'_>) -> Option<proc_macro2::Ident> {
    let body = cx.r.request.as_ref()?;
    match cx.def(body.type_id)? {
        TypeDef::Struct(s) => s.builder_name.as_deref().map(ident),
        _ => None,
    }
}

fn response_ty(cx: &EmitCx<'_>) -> TokenStream {
    match &cx.r.response {
        Some(body) => {
            let ty = cx.ty(&Ty::Named(body.type_id));
            if body.list {
                quote!(::std::vec::Vec<#ty>)
            } else {
                ty
            }
        }
        None => quote!(()),
    }
}

fn emit_call_struct(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let name = ident(&r.call_name);
    let paths = r.path_params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let ty = path_arg_ty(p);
        quote!(#field: #ty,)
    });
    let body = body_builder(cx).map(|b| quote!(body: #b,));
    let queries = r.query_params.iter().map(|q| {
        let field = ident(&q.rust_name);
        let ty = query_ty(cx, q);
        quote!(#field: ::std::option::Option<#ty>,)
    });
    let trait_name = &r.trait_name;
    let method = r.operation_snake.clone();
    let generated_version = quote!(use_generated_version: bool,);
    let doc = format!(
        " A prepared call of {} {}, created by `{trait_name}::{method}`: set optional query parameters, then `send` it.",
        r.method.as_str(),
        code(&r.path.template)
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #name<'c> {
            client: &'c ::rambase_runtime::Client,
            #(#paths)*
            #body
            #(#queries)*
            #generated_version
        }
    }
}

fn emit_call_impl(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let name = ident(&r.call_name);
    let (params, inits) = call_params(cx);
    let setters = r.query_params.iter().map(|q| emit_query_setter(cx, q));
    let send = emit_send(cx);
    quote! {
        impl<'c> #name<'c> {
            /// Prepares the call; nothing is checked or sent until `send`.
            pub fn new(client: &'c ::rambase_runtime::Client, #(#params),*) -> Self {
                Self { client, #(#inits)* }
            }

            #(#setters)*

            /// Sends `$useMinimumVersion` with `VERSION`, the version this code was generated
            /// for, so a client pinned to an older version of the resource runs this one. A
            /// value set with `use_minimum_version` wins. `ClientBuilder::use_generated_version`
            /// does this for every call.
            pub fn use_generated_version(mut self) -> Self {
                self.use_generated_version = true;
                self
            }

            #send
        }
    }
}

/// Arguments of `new` and of the extension method, and the field initialisers they feed.
fn call_params(cx: &EmitCx<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for p in &cx.r.path_params {
        let arg = ident(&p.rust_name);
        let ty = path_arg_ty(p);
        params.push(quote!(#arg: impl ::std::convert::Into<#ty>));
        inits.push(quote!(#arg: #arg.into(),));
    }
    if let Some(builder) = body_builder(cx) {
        params.push(quote!(body: impl ::std::convert::Into<#builder>));
        inits.push(quote!(body: body.into(),));
    }
    for q in &cx.r.query_params {
        let field = ident(&q.rust_name);
        inits.push(quote!(#field: ::std::option::Option::None,));
    }
    inits.push(quote!(use_generated_version: false,));
    (params, inits)
}

fn emit_query_setter(cx: &EmitCx<'_>, q: &QueryParam) -> TokenStream {
    let field = ident(&q.rust_name);
    let ty = query_ty(cx, q);
    let mut lines = vec![format!("Sets {}.", code(&q.wire_name))];
    if let Some(d) = &q.description {
        lines.push(String::new());
        lines.extend(prose(d));
    }
    if let Some(default) = &q.default {
        lines.push(String::new());
        lines.push(format!(
            "The server's default: {}.",
            code(&super::models::literal_text(default))
        ));
    }
    let docs = doc_attrs(&lines);
    quote! {
        #docs
        pub fn #field(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#field = ::std::option::Option::Some(value.into());
            self
        }
    }
}

fn emit_send(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let error = ident(&r.error_name);
    let response = response_ty(cx);
    let checks = r.path_params.iter().map(|p| emit_path_check(cx, p));
    let body_check = body_builder(cx).map(|_| {
        quote! {
            let body = match self.body.build() {
                ::std::result::Result::Ok(body) => ::std::option::Option::Some(body),
                ::std::result::Result::Err(broken) => {
                    errors.extend(broken);
                    ::std::option::Option::None
                }
            };
        }
    });
    // Only checked inputs (constrained parameters, the body) are `Option`s to unpack.
    let mut checked: Vec<TokenStream> = r
        .path_params
        .iter()
        .filter(|p| matches!(p.ty, Ty::Named(_)))
        .map(|p| {
            let v = ident(&p.rust_name);
            quote!(#v)
        })
        .collect();
    if body_check.is_some() {
        checked.push(quote!(body));
    }
    let unpack = match checked.as_slice() {
        [] => quote!(),
        [one] => quote! {
            let ::std::option::Option::Some(#one) = #one else {
                return ::std::result::Result::Err(errors);
            };
        },
        many => quote! {
            let (#(::std::option::Option::Some(#many)),*) = (#(#many),*) else {
                return ::std::result::Result::Err(errors);
            };
        },
    };
    let path = emit_path(cx);
    let queries = r.query_params.iter().map(|q| {
        let field = ident(&q.rust_name);
        let wire = &q.wire_name;
        quote!(parts.optional_query(#wire, self.#field);)
    });
    let set_body = r.request.as_ref().map(|b| {
        let (json, xml) = (&b.json_root, &b.object);
        quote!(parts.body(#json, #xml, &body);)
    });
    // The async part is the runtime's one generic `call`: `send` only hands it the checked
    // request, so generated code holds no async body to type-check per operation.
    let call = match &r.response {
        Some(b) => {
            let root = &b.json_root;
            quote!(client.call(OPERATION, self.prepare(), #root))
        }
        None => quote!(client.call_no_content(OPERATION, self.prepare())),
    };
    let doc = send_doc(cx);
    let errors = (!checked.is_empty())
        .then(|| quote!(let mut errors = ::rambase_runtime::validate::ValidationErrors::new();));
    quote! {
        #doc
        pub fn send(
            self,
        ) -> impl ::std::future::Future<Output = ::std::result::Result<#response, #error>> + ::std::marker::Send + 'c {
            let client = self.client;
            #call
        }

        /// Checks every input and builds the request, or returns every broken rule.
        fn prepare(
            self,
        ) -> ::std::result::Result<::rambase_runtime::RequestParts, ::rambase_runtime::validate::ValidationErrors> {
            #errors
            #(#checks)*
            #body_check
            #unpack
            let mut parts = ::rambase_runtime::RequestParts::new(#path);
            if self.use_generated_version {
                parts.query("$useMinimumVersion", VERSION);
            }
            #(#queries)*
            #set_body
            ::std::result::Result::Ok(parts)
        }
    }
}

fn send_doc(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let mut lines = vec![
        format!(
            "Checks every input against its documented rules, then sends {} {} and returns the answer of HTTP {}.",
            r.method.as_str(),
            code(&r.path.template),
            r.success_status
        ),
        String::new(),
        "If any rule is broken, nothing is sent and the error lists every violation.".to_string(),
    ];
    if r.method == Method::Post {
        lines.push(String::new());
        lines.push(
            "A POST is never retried: after a timeout the object may or may not have been created."
                .to_string(),
        );
    }
    doc_attrs(&lines)
}

/// Checks a path parameter into a local of the same name (`Option` of the checked value).
fn emit_path_check(cx: &EmitCx<'_>, p: &Param) -> TokenStream {
    let v = ident(&p.rust_name);
    match &p.ty {
        Ty::Named(id) => {
            let n = ident(cx.def(*id).map_or("UnknownType", TypeDef::rust_name));
            quote! {
                let #v = match #n::new(self.#v) {
                    ::std::result::Result::Ok(value) => ::std::option::Option::Some(value),
                    ::std::result::Result::Err(broken) => {
                        errors.extend(broken);
                        ::std::option::Option::None
                    }
                };
            }
        }
        _ => quote!(let #v = self.#v;),
    }
}

/// `format!` of the path; string values are percent-encoded so they stay one segment.
fn emit_path(cx: &EmitCx<'_>) -> TokenStream {
    let mut template = String::new();
    let mut args = Vec::new();
    for segment in &cx.r.path.segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(text),
            PathSegment::Param(i) => {
                template.push_str("{}");
                let Some(p) = cx.r.path_params.get(*i) else {
                    continue;
                };
                let v = ident(&p.rust_name);
                args.push(if p.scalar == Ty::String {
                    quote!(::rambase_runtime::encode_path_segment(::std::convert::AsRef::<str>::as_ref(&#v)))
                } else {
                    quote!(#v)
                });
            }
        }
    }
    if args.is_empty() {
        quote!(#template)
    } else {
        quote!(::std::format!(#template, #(#args),*))
    }
}

fn emit_error_enum(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let name = ident(&r.error_name);
    let documented = r.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let doc = format!(
            " RamBase error {} (HTTP {}): {}",
            e.code,
            e.status,
            prose(&e.message).join(" ")
        );
        quote! { #[doc = #doc] #variant(::rambase_runtime::ApiError), }
    });
    let doc = format!(
        " Why a call of {} {} failed.",
        r.method.as_str(),
        code(&r.path.template)
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#documented)*
            /// The input broke documented rules; nothing was sent.
            Validation(::rambase_runtime::validate::ValidationErrors),
            /// HTTP 401: the access token is missing, expired or not valid for this company.
            Unauthorized(::rambase_runtime::ApiError),
            /// Any other RamBase error code or HTTP error status.
            Api(::rambase_runtime::ApiError),
            /// No complete answer arrived within the client's timeout; a POST may still have
            /// taken effect.
            Timeout(::rambase_runtime::TimeoutError),
            /// The request could not be sent or the connection failed.
            Transport(::rambase_runtime::TransportError),
            /// A status that is neither the documented success nor an error status.
            UnexpectedStatus {
                /// The status received.
                status: u16,
                /// The start of the body.
                snippet: ::std::string::String,
            },
            /// The answer's body was cut short, too large or not the documented format.
            Decode {
                /// The status received.
                status: u16,
                /// The start of the body.
                snippet: ::std::string::String,
                /// What was wrong with it.
                reason: ::std::string::String,
            },
            /// Any other failure reported by the runtime (for example a body that could not be
            /// serialized; nothing was sent then).
            Other(::rambase_runtime::CallError),
        }
    }
}

fn emit_error_from(cx: &EmitCx<'_>) -> TokenStream {
    let name = ident(&cx.r.error_name);
    let codes = cx.r.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let code = proc_macro2::Literal::u64_unsuffixed(e.code);
        quote!(::std::option::Option::Some(#code) => Self::#variant(error),)
    });
    let codes: Vec<TokenStream> = codes.collect();
    let api = if codes.is_empty() {
        quote!(::rambase_runtime::CallError::Api(error) => Self::Api(error),)
    } else {
        quote! {
            ::rambase_runtime::CallError::Api(error) => match error.code() {
                #(#codes)*
                _ => Self::Api(error),
            },
        }
    };
    quote! {
        impl ::std::convert::From<::rambase_runtime::CallError> for #name {
            fn from(error: ::rambase_runtime::CallError) -> Self {
                match error {
                    #api
                    ::rambase_runtime::CallError::Validation(errors) => Self::Validation(errors),
                    ::rambase_runtime::CallError::Unauthorized(error) => Self::Unauthorized(error),
                    ::rambase_runtime::CallError::Timeout(error) => Self::Timeout(error),
                    ::rambase_runtime::CallError::Transport(error) => Self::Transport(error),
                    ::rambase_runtime::CallError::UnexpectedStatus { status, snippet, .. } => Self::UnexpectedStatus { status, snippet },
                    ::rambase_runtime::CallError::Decode { status, snippet, reason } => Self::Decode { status, snippet, reason },
                    other => Self::Other(other),
                }
            }
        }
    }
}

fn emit_error_display(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let name = ident(&r.error_name);
    // The wording is the runtime's (`Operation::fmt_*`); spec text only goes in as plain
    // string arguments, never into a format string.
    let documented = r.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let code = proc_macro2::Literal::u64_unsuffixed(e.code);
        let message = &e.message;
        quote!(Self::#variant(error) => OPERATION.fmt_documented(f, #code, #message, error),)
    });
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#documented)*
                    Self::Validation(errors) => OPERATION.fmt_not_sent(f, errors),
                    Self::Unauthorized(error) => OPERATION.fmt_unauthorized(f, error),
                    Self::Api(error) => OPERATION.fmt_failed(f, error),
                    Self::Timeout(error) => OPERATION.fmt_failed(f, error),
                    Self::Transport(error) => OPERATION.fmt_failed(f, error),
                    Self::UnexpectedStatus { status, snippet } => OPERATION.fmt_unexpected_status(f, *status, snippet),
                    Self::Decode { status, snippet, reason } => OPERATION.fmt_undecodable(f, *status, reason, snippet),
                    Self::Other(error) => OPERATION.fmt_failed(f, error),
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::Validation(errors) => ::std::option::Option::Some(errors),
                    Self::Timeout(error) => ::std::option::Option::Some(error),
                    Self::Transport(error) => ::std::option::Option::Some(error),
                    Self::Other(error) => ::std::option::Option::Some(error),
                    _ => ::std::option::Option::None,
                }
            }
        }
    }
}

fn emit_ext_trait(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let trait_name = ident(&r.trait_name);
    let call = ident(&r.call_name);
    let method = ident(&r.operation_snake);
    let (params, _) = call_params(cx);
    let args = r
        .path_params
        .iter()
        .map(|p| ident(&p.rust_name))
        .chain(body_builder(cx).map(|_| format_ident!("body")));
    let args: Vec<_> = args.collect();
    let docs = doc_attrs(&method_docs(cx));
    let trait_doc = format!(
        " Adds `{}` (API resource {}, version {}) to the RamBase client; bring it into scope with `use`.",
        r.operation_snake, r.id, r.version
    );
    quote! {
        #[doc = #trait_doc]
        pub trait #trait_name {
            #docs
            fn #method(&self, #(#params),*) -> #call<'_>;
        }

        impl #trait_name for ::rambase_runtime::Client {
            fn #method(&self, #(#params),*) -> #call<'_> {
                #call::new(self, #(#args),*)
            }
        }
    }
}

fn method_docs(cx: &EmitCx<'_>) -> Vec<String> {
    let r = cx.r;
    let mut lines = prose(&r.summary);
    lines.push(String::new());
    lines.push(format!(
        "{} {}: API resource {}, version {}. Answers HTTP {} on success.",
        r.method.as_str(),
        code(&r.path.template),
        r.id,
        r.version,
        r.success_status
    ));
    if !r.path_params.is_empty() {
        lines.push(String::new());
        lines.push("Path parameters:".to_string());
        lines.push(String::new());
        for p in &r.path_params {
            let mut facts: Vec<String> = p
                .description
                .as_deref()
                .map(|d| sentence(&prose(d).join(" ")))
                .into_iter()
                .collect();
            facts.extend(p.rules.iter().map(super::validation::rule_doc));
            if let Some(default) = &p.default {
                facts.push(format!(
                    "Documented default: {}.",
                    code(&super::models::literal_text(default))
                ));
            }
            lines.push(format!("- {}: {}", code(&p.name), facts.join(" ")));
        }
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
    let mut args: Vec<String> = r.path_params.iter().map(example_value).collect();
    if r.request.is_some() {
        args.push("body".to_string());
    }
    format!(
        "client.{}({}).send().await?",
        r.operation_snake,
        args.join(", ")
    )
}

fn example_value(p: &Param) -> String {
    let min = p.rules.iter().find_map(|rule| {
        if let crate::ir::Rule::Minimum(m) = rule {
            Some(*m)
        } else {
            None
        }
    });
    match p.scalar {
        Ty::Integer | Ty::Long => min.map_or_else(|| "1".to_string(), |m| (m + 1).to_string()),
        _ => format!("{:?}", p.name),
    }
}
