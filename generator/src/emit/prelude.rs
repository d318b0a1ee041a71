//! Prelude names instead of `::std::` paths, wherever the file cannot shadow them.
//!
//! Emitters write every std item by its full path, which resolves correctly in any module.
//! This pass then shortens the paths of items in the Rust prelude (`::std::option::Option::Some`
//! becomes `Some`) unless the generated file itself declares an item of that name (a spec
//! object called `String`, say): generated code reads like hand-written Rust, yet a short name
//! can never resolve to a spec's type. Only names in the prelude of every edition are used, as
//! a downstream crate of any edition may `include!` the code.

use std::collections::BTreeSet;

use proc_macro2::{Group, Ident, Spacing, TokenStream, TokenTree};

/// Full paths below `::std`, and the prelude name each one is. Longer paths come first, so
/// `Option::Some` is taken before `Option`.
const PRELUDE: &[(&[&str], &str)] = &[
    (&["option", "Option", "Some"], "Some"),
    (&["option", "Option", "None"], "None"),
    (&["result", "Result", "Ok"], "Ok"),
    (&["result", "Result", "Err"], "Err"),
    (&["option", "Option"], "Option"),
    (&["result", "Result"], "Result"),
    (&["string", "String"], "String"),
    (&["vec", "Vec"], "Vec"),
    (&["boxed", "Box"], "Box"),
    (&["convert", "Into"], "Into"),
    (&["convert", "From"], "From"),
    (&["convert", "AsRef"], "AsRef"),
    (&["default", "Default"], "Default"),
    (&["clone", "Clone"], "Clone"),
    (&["marker", "Send"], "Send"),
];

/// Shortens prelude paths in the items of one file, keeping the full path of every name
/// that one of the items declares.
pub(crate) fn shorten(items: Vec<TokenStream>) -> Vec<TokenStream> {
    let declared: BTreeSet<String> = items.iter().flat_map(declared_names).collect();
    let usable: Vec<(&'static [&'static str], &'static str)> = PRELUDE
        .iter()
        .copied()
        .filter(|(_, short)| !declared.contains(*short))
        .collect();
    items
        .into_iter()
        .map(|item| rewrite(item, &usable))
        .collect()
}

/// The names a top-level item declares (`struct Name`, `const NAME`, ...).
fn declared_names(item: &TokenStream) -> Vec<String> {
    const DECLARING: &[&str] = &[
        "struct", "enum", "union", "trait", "type", "const", "static", "fn", "mod",
    ];
    let tokens: Vec<TokenTree> = item.clone().into_iter().collect();
    tokens
        .windows(2)
        .filter_map(|pair| match pair {
            [TokenTree::Ident(keyword), TokenTree::Ident(name)]
                if DECLARING.iter().any(|k| keyword == k) =>
            {
                Some(name.to_string())
            }
            _ => None,
        })
        .collect()
}

fn rewrite(stream: TokenStream, usable: &[(&'static [&'static str], &'static str)]) -> TokenStream {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let starts_path = i == 0 || !continues_path(&tokens[..i]);
        if let Some((len, short)) = starts_path
            .then(|| prelude_path_at(&tokens[i..], usable))
            .flatten()
        {
            out.push(TokenTree::Ident(Ident::new(short, tokens[i].span())));
            i += len;
            continue;
        }
        out.push(match &tokens[i] {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), rewrite(group.stream(), usable));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// If `tokens` starts with `::std::` and a path of the table, its token count and short name.
fn prelude_path_at(
    tokens: &[TokenTree],
    usable: &[(&'static [&'static str], &'static str)],
) -> Option<(usize, &'static str)> {
    if !is_path_sep(tokens, 0) || !is_ident(tokens.get(2), "std") {
        return None;
    }
    usable.iter().find_map(|(segments, short)| {
        let mut at = 3;
        for segment in *segments {
            if !is_path_sep(tokens, at) || !is_ident(tokens.get(at + 2), segment) {
                return None;
            }
            at += 3;
        }
        Some((at, *short))
    })
}

/// Whether a `::` after `before` continues a path (`crate::std`, `<T as X>::std`) rather than
/// starting an absolute one (`impl ::std`, `as ::std`, `(::std`, `-> ::std`).
fn continues_path(before: &[TokenTree]) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "break", "const", "dyn", "else", "for", "if", "impl", "in", "let", "match", "move",
        "mut", "pub", "ref", "return", "static", "type", "unsafe", "use", "where", "while",
    ];
    match before {
        [.., TokenTree::Ident(ident)] => !KEYWORDS.iter().any(|k| ident == k),
        // `->` and `=>` end in `>` too, but a path may start after them.
        [.., TokenTree::Punct(first), TokenTree::Punct(last)]
            if last.as_char() == '>'
                && first.spacing() == Spacing::Joint
                && matches!(first.as_char(), '-' | '=') =>
        {
            false
        }
        [.., TokenTree::Punct(last)] => last.as_char() == '>',
        _ => false,
    }
}

/// Whether `tokens[at..]` starts with `::`.
fn is_path_sep(tokens: &[TokenTree], at: usize) -> bool {
    matches!(
        (tokens.get(at), tokens.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

fn is_ident(token: Option<&TokenTree>, name: &str) -> bool {
    matches!(token, Some(TokenTree::Ident(ident)) if ident == name)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::shorten;

    fn text(items: Vec<proc_macro2::TokenStream>) -> Vec<String> {
        shorten(items).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn prelude_paths_become_prelude_names_inside_every_group() {
        let item = quote! {
            pub fn f(x: ::std::option::Option<::std::string::String>) -> ::std::result::Result<(), ::std::fmt::Error> {
                let _ = ::std::convert::From::from(::std::option::Option::Some(x));
                ::std::result::Result::Ok(())
            }
        };
        let expected = quote! {
            pub fn f(x: Option<String>) -> Result<(), ::std::fmt::Error> {
                let _ = From::from(Some(x));
                Ok(())
            }
        };
        assert_eq!(text(vec![item]), vec![expected.to_string()]);
    }

    #[test]
    fn a_name_the_file_declares_keeps_its_full_path_or_its_enum() {
        let items = vec![
            quote!(
                pub struct String(::std::string::String);
            ),
            quote!(
                pub struct Some {
                    x: ::std::option::Option<u8>,
                }
            ),
            quote!(
                fn g() -> ::std::option::Option<String> {
                    ::std::option::Option::Some(String(::std::string::String::new()))
                }
            ),
        ];
        let out = text(items);
        assert_eq!(
            out[0],
            quote!(
                pub struct String(::std::string::String);
            )
            .to_string()
        );
        assert_eq!(
            out[1],
            quote!(
                pub struct Some {
                    x: Option<u8>,
                }
            )
            .to_string()
        );
        assert_eq!(
            out[2],
            quote!(
                fn g() -> Option<String> {
                    Option::Some(String(::std::string::String::new()))
                }
            )
            .to_string()
        );
    }

    #[test]
    fn paths_outside_the_table_and_partial_matches_stay() {
        let item = quote! {
            fn h(f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let _: ::std::convert::TryFrom<u8>;
                crate::std::option::Option::Some(1);
                <T as X>::std::option::Option::Some(1);
                ::std::option::Options::new();
                ::std::fmt::Result::Ok(())
            }
        };
        assert_eq!(text(vec![item.clone()]), vec![item.to_string()]);
    }
}
