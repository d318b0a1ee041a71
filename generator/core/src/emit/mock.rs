//! The typed stubs of the mock server: one `<Call>Stub` per operation version, in a file of
//! its own (`<operation>/mock/vN.rs`) in the operation's `mock` module, declared behind a cfg
//! (the crate's `mock` feature), so a build without it compiles nothing of them. The module
//! comes last in the operation's module: clippy wants nothing after a `#[cfg(test)]` module.
//!
//! A stub wraps the runtime's `rt::mock::Stub`, which does all the work; what is emitted is
//! what differs between operations: the matchers, through the same setters as the call (so a
//! value matches exactly as the client sends it), the answer types and the error statuses.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::{path_step, query_set};
use super::docs::{code, doc_attrs};
use super::{EmitCx, FileTokens, Section, ident};
use crate::ir::{Api, Param, QueryParam, Resource, Rule};

/// The cfg a mock module is declared behind in the checked-in crate: its own `mock` feature.
pub(crate) fn feature_gate() -> TokenStream {
    quote!(feature = "mock")
}

/// Where a version's stub file goes: `<area>/<operation>/mock/<version>.rs`.
pub(crate) fn mock_path(r: &Resource) -> String {
    let path = super::resource_path(r);
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", &path));
    format!("{dir}/mock/{file}")
}

/// The docs of an operation's `mock` module.
fn module_docs(versions: &[&Resource]) -> Vec<String> {
    let call = versions
        .iter()
        .max_by_key(|r| r.version)
        .map_or("", |r| r.call_name.trim_start_matches("r#"));
    vec![format!(
        "Typed stubs for the mock server (`rambase_runtime::mock`): `{call}Stub` of each version, `latest` the newest."
    )]
}

/// The items of an operation's `mock` module: one module per version (declared, or with
/// `include` a module that includes the file at `include(r)`) and `latest`.
fn module_items(
    versions: &[&Resource],
    include: Option<&dyn Fn(&Resource) -> String>,
) -> Vec<TokenStream> {
    let mut items: Vec<TokenStream> = versions
        .iter()
        .map(|r| {
            let m = ident(&r.version_module);
            let docs = doc_attrs(&[format!("The stubs of version {}.", r.version)]);
            match include {
                Some(path) => {
                    let file = path(r);
                    quote! { #docs pub mod #m { include!(#file); } }
                }
                None => quote! { #docs pub mod #m; },
            }
        })
        .collect();
    if let Some(latest) = versions.iter().max_by_key(|r| r.version) {
        let m = ident(&latest.version_module);
        items.push(quote! {
            /// The stubs of the newest version in the spec.
            pub use self::#m as latest;
        });
    }
    items
}

/// Adds the stub files of every version (`<operation>/mock/vN.rs`, and `mock/mod.rs`) to
/// the crate's module files, and declares `mock` in each operation's `mod.rs` behind `gate`.
pub(crate) fn add_mock_files(
    api: &Api,
    files: &mut BTreeMap<String, FileTokens>,
    gate: &TokenStream,
) {
    for (area, ops) in super::by_area_and_operation(api) {
        for (op, versions) in ops {
            let dir = format!("{}/{}", crate::names::bare(area), crate::names::bare(op));
            if let Some(file) = files.get_mut(&format!("{dir}/mod.rs"))
                && let Some(section) = file.sections.last_mut()
            {
                let docs = doc_attrs(&module_docs(&versions));
                section
                    .items
                    .push(quote! { #docs #[cfg(#gate)] pub mod mock; });
            }
            let mut sources: Vec<String> = versions.iter().map(|r| r.spec_file.clone()).collect();
            sources.sort();
            let module = FileTokens {
                inner_docs: module_docs(&versions),
                sources,
                sections: vec![Section {
                    title: None,
                    items: module_items(&versions, None),
                }],
            };
            files.insert(format!("{dir}/mock/mod.rs"), module);
        }
    }
    for r in &api.resources {
        files.insert(mock_path(r), emit_mock(r));
    }
    if let (Some(lib), Some(first)) = (files.get_mut("lib.rs"), api.resources.first()) {
        lib.inner_docs.extend(testing_docs(first));
    }
}

/// The crate docs' last step of a complete use: testing against the mock, with the stub of
/// the first resource (only IR identifiers, as inline code, like the steps before it).
pub(crate) fn testing_docs(r: &Resource) -> Vec<String> {
    let stub = format!(
        "{}::{}::mock::latest::{}",
        r.area_module,
        r.operation_snake,
        stub_name(r)
    );
    vec![format!(
        "4. Test without RamBase: with the crate's `mock` feature, start a {}, mount {} on it with its matchers and answer ({}), and send the same calls through {}.",
        code("rambase_runtime::mock::MockServer"),
        code(&format!("{stub}::new()")),
        code(".respond(..)"),
        code("server.client()")
    )]
}

/// The `mock` module of an operation in an include root: `#[cfg(gate)] pub mod mock { .. }`
/// including each version's stub file, last in the operation's module.
pub(crate) fn included_module(versions: &[&Resource], gate: &TokenStream) -> TokenStream {
    let docs = doc_attrs(&module_docs(versions));
    let path: &dyn Fn(&Resource) -> String = &mock_path;
    let items = module_items(versions, Some(path));
    quote! { #docs #[cfg(#gate)] pub mod mock { #(#items)* } }
}

/// The stub file of one version: no inner attributes or `mod` declarations, so a build script
/// can `include!` it as is.
pub(crate) fn emit_mock(r: &Resource) -> FileTokens {
    let version = ident(&r.version_module);
    // The version's items by their module path, never a glob: a spec type may take the
    // stub's own name, and a glob would let the stub shadow it.
    let cx = EmitCx::beside(r, quote!(#version));
    let name = stub_name(r);
    let items = vec![
        quote!(
            use ::rambase_runtime::__private as rt;
        ),
        quote! {
            use super::super::#version;
        },
        stub_struct(&cx),
        stub_impl(&cx),
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        },
    ];
    FileTokens {
        inner_docs: Vec::new(),
        sources: vec![r.spec_file.clone()],
        sections: vec![Section { title: None, items }],
    }
}

fn stub_name(r: &Resource) -> proc_macro2::Ident {
    format_ident!("{}Stub", r.call_name.trim_start_matches("r#"))
}

/// The request body type, or the runtime's `NoBody`.
fn body_ty(cx: &EmitCx<'_>) -> TokenStream {
    match &cx.r.request {
        Some(b) => cx.ty(&crate::ir::Ty::Named(b.type_id)),
        None => quote!(rt::mock::NoBody),
    }
}

fn stub_struct(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let (name, body) = (stub_name(r), body_ty(cx));
    let call = r.call_name.trim_start_matches("r#");
    let docs = doc_attrs(&[
        format!(
            "A stub of [`{call}`]({}::{call}) (API resource {}, version {}) for the mock server: what a request must look like (the same types as the call) and what the mock answers.",
            r.version_module, r.id, r.version
        ),
        String::new(),
        format!(
            "Build it with `new`, set matchers and an answer, then `mount` it on a `MockServer`. Without an answer it answers HTTP {} with no body.",
            r.success_status
        ),
    ]);
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "a stub does nothing until it is mounted"]
        pub struct #name(rt::mock::Stub<#body>);
    }
}

fn stub_impl(cx: &EmitCx<'_>) -> TokenStream {
    let r = cx.r;
    let (name, body, codes) = (stub_name(r), body_ty(cx), cx.item(&r.codes_name));
    let call = r.call_name.trim_start_matches("r#");
    let root = r.request.as_ref().map_or("", |b| b.json_root.as_str());
    let paths = r.path_params.iter().map(|p| path_matcher(cx, p));
    let queries = r
        .query_params
        .iter()
        .filter(|q| q.wire_name != "$pageKey")
        .map(|q| query_matcher(cx, q));
    let body_matcher = body_matcher(cx);
    let answer = answer(cx);
    let fail = fail(cx);
    let page_faults = page_faults(cx);
    let common = common_methods(&body);
    quote! {
        impl #name {
            /// A stub that matches every request of this operation.
            pub fn new() -> Self {
                Self(rt::mock::Stub::new::<#codes>(#call, #root))
            }
            #(#paths)*
            #(#queries)*
            #body_matcher
            #answer
            #fail
            #page_faults
            #common
        }
    }
}

fn path_matcher(cx: &EmitCx<'_>, p: &Param) -> TokenStream {
    let field = ident(&p.rust_name);
    let (into, input) = (&cx.std.into, cx.scalar_input(&p.scalar));
    let step = path_step(cx, p, &quote!(value));
    let docs = doc_attrs(&[format!("Matches the path parameter {}.", code(&p.name))]);
    quote! {
        #docs
        pub fn #field(self, value: impl #into<#input>) -> Self {
            Self(self.0 #step)
        }
    }
}

fn query_matcher(cx: &EmitCx<'_>, q: &QueryParam) -> TokenStream {
    let field = ident(&q.rust_name);
    let (param, set) = query_set(cx, q);
    let docs = doc_attrs(&[format!(
        "Matches {} as the call's setter of the same name sends it.",
        code(&q.wire_name)
    )]);
    quote! {
        #docs
        pub fn #field(self, #param) -> Self {
            Self(self.0.#set)
        }
    }
}

fn body_matcher(cx: &EmitCx<'_>) -> Option<TokenStream> {
    let body = cx.r.request.as_ref()?;
    let ty = cx.ty(&crate::ir::Ty::Named(body.type_id));
    Some(quote! {
        /// Matches requests whose body, decoded into the model, equals `body` (a builder is
        /// checked first; one that breaks a rule makes `mount` panic).
        pub fn body(self, body: impl rt::Build<Output = #ty>) -> Self {
            Self(self.0.body(body))
        }
    })
}

/// `respond` with the response model, or `respond_pages` for a list.
fn answer(cx: &EmitCx<'_>) -> Option<TokenStream> {
    let body = cx.r.response.as_ref()?;
    let (ty, root) = (cx.ty(&crate::ir::Ty::Named(body.type_id)), &body.json_root);
    let vec = &cx.std.vec;
    if !body.list {
        return Some(quote! {
            /// Answers the success status with `answer` (XML when the request asks for it).
            pub fn respond(self, answer: #ty) -> Self {
                Self(self.0.respond_with(#root, &answer))
            }
        });
    }
    let (default, max) = top_sizes(cx);
    let docs = doc_attrs(&[
        "Serves `items` as a paged list: `page_size` items a page when the request sends no `$top`, otherwise `$top` items up to the documented maximum, linked by opaque `$pageKey`s and the paging object.".to_string(),
        String::new(),
        format!("The documented page size is {default} and the maximum `$top` {max}."),
    ]);
    let max = proc_macro2::Literal::usize_unsuffixed(max);
    Some(quote! {
        #docs
        pub fn respond_pages(self, items: #vec<#ty>, page_size: usize) -> Self {
            Self(self.0.pages(#root, items, page_size, #max))
        }
    })
}

/// The documented default and maximum of `$top` (RamBase's 10 and 80 when not documented).
fn top_sizes(cx: &EmitCx<'_>) -> (usize, usize) {
    let top = cx.r.query_params.iter().find(|q| q.wire_name == "$top");
    let max = top
        .and_then(|q| {
            q.rules.iter().find_map(|r| match r {
                Rule::Maximum(m) => usize::try_from(*m).ok(),
                _ => None,
            })
        })
        .unwrap_or(80);
    let default = top
        .and_then(|q| match &q.default {
            Some(crate::ir::Literal::Int(n)) => usize::try_from(*n).ok(),
            _ => None,
        })
        .unwrap_or(10);
    (default, max)
}

/// `fail` with the operation's error code, answered with its documented status.
fn fail(cx: &EmitCx<'_>) -> Option<TokenStream> {
    let (codes, status) = documented_status(cx)?;
    Some(quote! {
        /// Answers the documented error `code`: RamBase's error body with its code and
        /// documented message, and its documented HTTP status.
        pub fn fail(self, code: #codes) -> Self {
            let status = #status;
            Self(self.0.fail(code, status))
        }
    })
}

/// The error-code enum and the `match` giving `code`'s documented HTTP status, when the
/// operation documents error codes.
fn documented_status(cx: &EmitCx<'_>) -> Option<(TokenStream, TokenStream)> {
    if cx.r.errors.is_empty() {
        return None;
    }
    let codes = cx.item(&cx.r.codes_name);
    let arms = cx.r.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let status = proc_macro2::Literal::u16_unsuffixed(e.status);
        quote!(#codes::#variant => #status,)
    });
    let status = quote! {
        match code {
            #(#arms)*
        }
    };
    Some((codes, status))
}

/// For a list: `fail_page` with the operation's error code (when it documents any) and
/// `fail_page_with`, which fail one page of the list served by `respond_pages`.
fn page_faults(cx: &EmitCx<'_>) -> Option<TokenStream> {
    if !cx.r.response.as_ref()?.list {
        return None;
    }
    let documented = documented_status(cx).map(|(codes, status)| {
        quote! {
            /// With `respond_pages`: answers page `page` (1 for the first, in pages of the
            /// size the request asks for) with the documented error `code` and its HTTP status
            /// instead of its items; the other pages are served as before.
            pub fn fail_page(self, page: usize, code: #codes) -> Self {
                let status = #status;
                Self(self.0.fail_page(page, code, status))
            }
        }
    });
    Some(quote! {
        #documented
        /// With `respond_pages`: answers page `page` with RamBase's error body of any
        /// `status`, `code` and `message`.
        pub fn fail_page_with(self, page: usize, status: u16, code: u64, message: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self(self.0.fail_page_with(page, status, code, message))
        }
    })
}

/// What every stub has: any error, status or body, a delay, a cut connection, call counts
/// and `mount`.
fn common_methods(body: &TokenStream) -> TokenStream {
    quote! {
        /// Answers RamBase's error body with any `status`, `code` and `message`.
        pub fn fail_with(self, status: u16, code: u64, message: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self(self.0.fail_with(status, code, message))
        }
        /// Answers HTTP `status` with an empty body.
        pub fn status(self, status: u16) -> Self {
            Self(self.0.status(status))
        }
        /// Answers HTTP `status` with `body` as it is (a proxy's page, a body of another
        /// shape, a number spelt as a string).
        pub fn raw(self, status: u16, content_type: &'static str, body: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
            Self(self.0.raw(status, content_type, body))
        }
        /// Waits `delay` before answering.
        pub fn delay(self, delay: ::std::time::Duration) -> Self {
            Self(self.0.delay(delay))
        }
        /// Answers nothing and closes the connection.
        pub fn cut_connection(self) -> Self {
            Self(self.0.cut_connection())
        }
        /// Expects exactly `n` matching requests (checked by `verify` and on drop).
        pub fn times(self, n: usize) -> Self {
            Self(self.0.times(n))
        }
        /// Expects at least `n` matching requests.
        pub fn at_least(self, n: usize) -> Self {
            Self(self.0.at_least(n))
        }
        /// Answers at most `n` matching requests; later ones go to the next mounted stub
        /// that matches (a transient fault first, then the answer).
        pub fn up_to_n_times(self, n: usize) -> Self {
            Self(self.0.up_to_n_times(n))
        }
        /// Mounts the stub; the handle gives the requests it answered, bodies typed.
        pub fn mount(self, server: &rt::mock::MockServer) -> rt::mock::Mounted<#body> {
            server.mount(self.0)
        }
    }
}
