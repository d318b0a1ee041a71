//! The prelude's call of an operation with a request body answers the version of the body it
//! is given: code that builds a `v5` body keeps calling version 5 (and keeps its `v5` answer
//! and error types) when version 6 is added, and code that builds a `latest` body moves on.
//! The operation module holds a trait `Body`, implemented by the request body of every version
//! whose call takes the same arguments as the newest one; the area trait's method is generic
//! over it. The impls live in the operation module, so a released version's file never changes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, prose};
use super::{EmitCx, ident};
use crate::ir::Resource;

/// The versions whose request body the prelude's call takes: those with a body whose call
/// takes the same path arguments (names and input types) as the newest version's.
pub(crate) fn dispatched<'a>(versions: &[&'a Resource]) -> Vec<&'a Resource> {
    let Some(newest) = versions.iter().max_by_key(|r| r.version) else {
        return Vec::new();
    };
    if newest.request.is_none() {
        return Vec::new();
    }
    let arguments = path_arguments(newest);
    versions
        .iter()
        .filter(|r| r.request.is_some() && path_arguments(r) == arguments)
        .copied()
        .collect()
}

/// The path arguments of a version's call, as names and input types.
fn path_arguments(r: &Resource) -> Vec<(String, String)> {
    let cx = EmitCx::new(r);
    r.path_params
        .iter()
        .filter(|p| p.is_argument())
        .map(|p| (p.rust_name.clone(), cx.scalar_input(&p.scalar).to_string()))
        .collect()
}

/// The path arguments as parameters, for the trait and its impls (`contact_id: impl Into<i64>`).
fn argument_params(r: &Resource) -> (Vec<TokenStream>, Vec<proc_macro2::Ident>) {
    let cx = EmitCx::in_area(r, quote!(self));
    let args: Vec<_> = r.path_params.iter().filter(|p| p.is_argument()).collect();
    let params = args
        .iter()
        .map(|p| {
            let (arg, input) = (ident(&p.rust_name), cx.scalar_input(&p.scalar));
            let input = absolute_std(&input);
            quote!(#arg: impl ::std::convert::Into<#input>)
        })
        .collect();
    (params, args.iter().map(|p| ident(&p.rust_name)).collect())
}

/// A scalar input type written so that no type of the operation module can shadow it.
fn absolute_std(input: &TokenStream) -> TokenStream {
    if input.to_string() == "String" {
        quote!(::std::string::String)
    } else {
        input.clone()
    }
}

/// The trait `Body` of an operation module and its impl for every dispatched version.
pub(crate) fn body_trait(versions: &[&Resource]) -> Option<TokenStream> {
    let dispatched = dispatched(versions);
    let newest = *dispatched.iter().max_by_key(|r| r.version)?;
    let (params, _) = argument_params(newest);
    let doc = doc_attrs(&[
        format!(
            "The request body of a version of {}: {} of the crate's prelude takes the body (or its builder) of any of them, and prepares the call of the body's version.",
            code(&newest.operation),
            code(&format!("client.{}(..)", newest.operation_snake))
        ),
        String::new(),
        "So code that builds a body of a named version keeps calling that version when a newer one is added, and code that builds a body of `latest` moves with it. Name the call's answer and error types from the module the body comes from: those of another version are other types once that version changes them.".to_string(),
    ]);
    let message = format!(
        "`{{Self}}` is not the request body of a version of {} that the prelude's `{}` takes",
        newest.operation, newest.operation_snake
    );
    let impls = dispatched.iter().map(|r| body_impl(r));
    Some(quote! {
        #doc
        #[diagnostic::on_unimplemented(message = #message, label = "a body, or its builder, of a version of this operation")]
        pub trait Body: ::core::marker::Sized {
            /// The call of the body's version.
            type Call;
            /// Prepares the call of the body's version, like its `new`.
            fn prepare(
                client: &::rambase_runtime::Client,
                #(#params,)*
                body: impl ::rambase_runtime::Build<Output = Self>,
            ) -> Self::Call;
        }
        #(#impls)*
    })
}

fn body_impl(r: &Resource) -> TokenStream {
    let version = ident(&r.version_module);
    let body = r.request.as_ref().map(|b| b.type_id);
    let body = ident(body.map_or("", |id| r.types[id.0 as usize].rust_name()));
    let call = ident(&r.call_name);
    let (params, args) = argument_params(r);
    // A deprecated version's `new` warns its callers; the prelude's method carries the mark.
    let allow = r.deprecated.as_ref().map(|_| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl Body for #version::#body {
            type Call = #version::#call;
            fn prepare(
                client: &::rambase_runtime::Client,
                #(#params,)*
                body: impl ::rambase_runtime::Build<Output = Self>,
            ) -> Self::Call {
                #version::#call::new(client, #(#args,)* body)
            }
        }
    }
}

/// The area trait's method of an operation whose body picks the version.
pub(crate) fn area_method(newest: &Resource, versions: &[&Resource]) -> TokenStream {
    let op = ident(&newest.operation_snake);
    let (params, args) = argument_params(newest);
    let listed: Vec<String> = versions
        .iter()
        .map(|r| {
            let body = r.request.as_ref().map(|b| b.type_id);
            let body = body.map_or("", |id| r.types[id.0 as usize].rust_name());
            format!(
                "{} for a {} body",
                code(&format!("{}::{}", r.version_module, r.call_name)),
                code(&format!("{}::{body}", r.version_module))
            )
        })
        .collect();
    let doc = doc_attrs(
        &[
            prose(&newest.summary),
            vec![
                String::new(),
                format!(
                    "Prepares the call of the version of `body` (see {}): {}. Build the body from `latest` to call the newest version, and name the answer and error types from the body's module.",
                    code(&format!("{}::Body", newest.operation_snake)),
                    listed.join(", ")
                ),
            ],
        ]
        .concat(),
    );
    let deprecated = super::client::deprecated_attr(newest);
    let b = format_ident!("B");
    quote! {
        #doc
        #deprecated
        fn #op<#b>(&self, #(#params,)* body: #b) -> <#b::Output as #op::Body>::Call
        where
            #b: ::rambase_runtime::Build,
            #b::Output: #op::Body,
        {
            <#b::Output as #op::Body>::prepare(self.as_ref(), #(#args,)* body)
        }
    }
}
