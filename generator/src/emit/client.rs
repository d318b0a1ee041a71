//! The per-operation call, its error enum and the client extension trait.

use proc_macro2::TokenStream;

use super::EmitCx;

pub(crate) fn emit_client(cx: &EmitCx<'_>) -> Vec<TokenStream> {
    let _ = cx;
    Vec::new()
}
