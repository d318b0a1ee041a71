//! The facade crate of the split layout: the `lib.rs` that re-exports each area crate under
//! the path the single crate gives it (`rambase_api::sales`), behind the area's feature, and
//! one `prelude` of every enabled area's calls.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::modules::{area_trait, by_area_and_operation, complete_use};
use super::{FileTokens, Section, ident};
use crate::ir::Api;

/// The facade's `lib.rs`; `crate_of(area)` names an area's crate as Rust code writes it.
pub(crate) fn facade_lib(api: &Api, crate_of: &dyn Fn(&str) -> String) -> FileTokens {
    let areas = by_area_and_operation(api);
    let bare = crate::names::bare;
    let reexports = areas.keys().map(|area| {
        let (m, krate) = (ident(area), format_ident!("{}", crate_of(area)));
        let feature = bare(area);
        quote! {
            #[cfg(feature = #feature)]
            pub use ::#krate as #m;
        }
    });
    let uses = areas.keys().map(|area| {
        let (krate, name) = (format_ident!("{}", crate_of(area)), area_trait(area));
        let feature = bare(area);
        quote! {
            #[cfg(feature = #feature)]
            pub use ::#krate::#name as _;
        }
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

fn facade_docs(api: &Api) -> Vec<String> {
    let mut docs = vec![
        "Typed models, validation and HTTP calls for RamBase API resources.".to_string(),
        String::new(),
        "Each area is a crate of its own, re-exported here as `area` when its cargo feature (the area's module name) is on; all are on by default. Each resource version lives in `area::operation::vN`; `area::operation::latest` is the newest version in the spec. `use rambase_api::prelude::*;` brings every call of the enabled areas, in its newest version, onto `rambase_runtime::Client`."
            .to_string(),
    ];
    docs.extend(api.resources.first().map(complete_use).unwrap_or_default());
    docs
}
