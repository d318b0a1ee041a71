//! The facade crate of the split layout: the `lib.rs` that re-exports each area under the path
//! the single crate gives it (`rambase_api::sales`), behind the area's feature, and one
//! `prelude` of every enabled area's calls. An area in one crate is that crate renamed; an
//! area cut into several is a module of glob re-exports of its crates, whose operation
//! modules and traits of calls never share a name.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::modules::complete_use;
use super::{FileTokens, Section, ident};
use crate::crates::{Plan, PlannedArea};
use crate::ir::Api;

/// The facade's `lib.rs` for the crates of `plan`.
pub(crate) fn facade_lib(api: &Api, plan: &Plan) -> FileTokens {
    let reexports = plan.areas.iter().map(reexport);
    let uses = plan.areas.iter().flat_map(|area| {
        let feature = crate::names::bare(&area.module);
        area.crates.iter().map(move |c| {
            let (krate, calls) = (format_ident!("{}", c.krate()), format_ident!("{}", c.calls));
            quote! {
                #[cfg(feature = #feature)]
                pub use ::#krate::#calls as _;
            }
        })
    });
    let prelude = quote! {
        /// One import for every call: `use rambase_api::prelude::*;` puts the newest version
        /// of each operation of every enabled area onto `rambase_runtime::Client`.
        pub mod prelude {
            #(#uses)*
        }
    };
    let items: Vec<TokenStream> = reexports.chain(std::iter::once(prelude)).collect();
    FileTokens {
        inner_docs: facade_docs(api),
        sources: Vec::new(),
        sections: vec![Section { title: None, items }],
    }
}

/// An area under its module name: its crate, or a module of its crates' items.
fn reexport(area: &PlannedArea) -> TokenStream {
    let (m, feature) = (ident(&area.module), crate::names::bare(&area.module));
    if let [whole] = area.crates.as_slice() {
        let krate = format_ident!("{}", whole.krate());
        return quote! {
            #[cfg(feature = #feature)]
            pub use ::#krate as #m;
        };
    }
    let globs = area.crates.iter().map(|c| {
        let krate = format_ident!("{}", c.krate());
        quote!(pub use ::#krate::*;)
    });
    let doc = format!(
        " Resources of the RamBase {} API area, from its {} crates (each with its trait of calls).",
        area.name,
        area.crates.len()
    );
    quote! {
        #[cfg(feature = #feature)]
        #[doc = #doc]
        pub mod #m {
            #(#globs)*
        }
    }
}

fn facade_docs(api: &Api) -> Vec<String> {
    let mut docs = vec![
        "Typed models, validation and HTTP calls for RamBase API resources.".to_string(),
        String::new(),
        "Each area is a crate of its own (a big area several), re-exported here as `area` when its cargo feature (the area's module name) is on; all are on by default. Each resource version lives in `area::operation::vN`; `area::operation::latest` is the newest version in the spec. `use rambase_api::prelude::*;` brings every call of the enabled areas, in its newest version, onto `rambase_runtime::Client`."
            .to_string(),
    ];
    if let Some(first) = api.resources.first() {
        docs.extend(complete_use(first));
        // Every area crate declares `mock`, and the facade's forwards to them.
        docs.extend(super::mock::testing_docs(first));
    }
    docs
}
