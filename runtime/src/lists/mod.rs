//! Layer 6, lists: one [`Page`](page::Page) of a list answer in either format, and the
//! [`Pages`](pages::Pages) and [`Items`](pages::Items) streams that follow `nextPageKey`.
//! Depends on every layer below.

pub mod page;
pub mod pages;

#[cfg(test)]
pub(crate) mod tests;
