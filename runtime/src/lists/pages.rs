//! Streams over a list call: page after page ([`Pages`]), or item after item ([`Items`]),
//! following `nextPageKey` with the call's other query parameters repeated.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::errors::call_error::CallError;
use crate::errors::call_error::ErrorCodes;
use crate::http::call::Call;
use crate::http::call::Sending;
use crate::lists::page::Page;
use crate::wire::object::Object;

/// The query parameter that asks for a page by its key.
const PAGE_KEY: &str = "$pageKey";

impl<T: Object + DeserializeOwned + Send + 'static, C: ErrorCodes> Call<Page<T>, C> {
    /// The pages of the list, as a stream: the call is sent as prepared, then again with
    /// `$pageKey` set to each page's `nextPageKey` (every other query parameter repeated)
    /// until a page has no next key.
    ///
    /// To resume from a saved key, set `$pageKey` on the call before: the first page asked
    /// for is then that one.
    ///
    /// ```no_run
    /// # async fn demo<T, C>(call: rambase_runtime::Call<rambase_runtime::Page<T>, C>)
    /// # where T: rambase_runtime::__private::Object + serde::de::DeserializeOwned + Send + 'static,
    /// #       C: rambase_runtime::__private::ErrorCodes {
    /// let mut pages = call.pages().max_pages(100);
    /// while let Some(page) = pages.next().await {
    ///     match page {
    ///         Ok(page) => println!("{} items, next key {:?}", page.len(), page.next_page_key()),
    ///         Err(error) => eprintln!("{error}"),
    ///     }
    /// }
    /// # }
    /// ```
    pub fn pages(self) -> Pages<T, C> {
        Pages {
            call: self,
            sending: None,
            next: Next::First,
            sent_key: None,
            pages_left: None,
        }
    }

    /// The items of every page of the list, as a stream (see [`pages`](Self::pages)).
    pub fn items(self) -> Items<T, C> {
        Items {
            pages: self.pages(),
            current: Vec::new().into_iter(),
            items_left: None,
        }
    }
}

/// What the stream asks for next.
#[derive(Debug)]
enum Next {
    /// The call as prepared.
    First,
    /// The page of this key.
    Key(String),
    /// Nothing: the last page was read, an error was yielded, or a bound was reached.
    Done,
}

/// The pages of a list call, from [`Call::pages`]: a [`Stream`] of
/// `Result<Page<T>, CallError<C>>`, also read with [`next`](Self::next).
///
/// An error is yielded once and ends the stream; what was yielded before stays valid. Each
/// page is requested only when the previous one has been taken. The stream owns its call, so
/// it can be moved into a spawned task.
#[must_use = "a stream does nothing unless polled"]
pub struct Pages<T, C> {
    call: Call<Page<T>, C>,
    sending: Option<Sending<Page<T>, C>>,
    next: Next,
    /// The `$pageKey` the page on its way was asked for with (`None` for the first).
    sent_key: Option<String>,
    pages_left: Option<usize>,
}

impl<T: Object + DeserializeOwned + Send + 'static, C: ErrorCodes> Pages<T, C> {
    /// Requests at most `n` pages (the stream ends after the `n`th).
    pub fn max_pages(mut self, n: usize) -> Self {
        self.pages_left = Some(n);
        self
    }

    /// The next page, `None` once the list (or the stream) is over.
    pub async fn next(&mut self) -> Option<Result<Page<T>, CallError<C>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Sends the request for the next page, if there is one to ask for.
    fn start(&mut self) -> bool {
        if self.pages_left == Some(0) {
            self.next = Next::Done;
        }
        let call = match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return false,
            Next::First => self.call.clone(),
            Next::Key(key) => {
                self.sent_key = Some(key.clone());
                self.call.clone().query(PAGE_KEY, key)
            }
        };
        self.pages_left = self.pages_left.map(|n| n.saturating_sub(1));
        self.sending = Some(call.send());
        true
    }

    /// Decides what comes after a page. A next key equal to the key the page was asked for
    /// ends the list: a server repeating its key would otherwise be followed forever.
    fn follow(&mut self, page: &Page<T>) {
        self.next = match page.next_page_key() {
            Some(key) if !key.is_empty() && Some(key) != self.sent_key.as_deref() => {
                Next::Key(key.to_owned())
            }
            _ => Next::Done,
        };
    }
}

impl<T: Object + DeserializeOwned + Send + 'static, C: ErrorCodes> Stream for Pages<T, C> {
    type Item = Result<Page<T>, CallError<C>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.sending.is_none() && !this.start() {
            return Poll::Ready(None);
        }
        let Some(sending) = this.sending.as_mut() else {
            return Poll::Ready(None);
        };
        let answer = ready!(Pin::new(sending).poll(cx));
        this.sending = None;
        // `start` already marked the stream done; only a page can lead further.
        if let Ok(page) = &answer {
            this.follow(page);
        }
        Poll::Ready(Some(answer))
    }
}

impl<T, C> fmt::Debug for Pages<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("sending", &self.sending.is_some())
            .field("next", &self.next)
            .field("pages_left", &self.pages_left)
            .finish_non_exhaustive()
    }
}

/// The items of a list call, page after page, from [`Call::items`]: a [`Stream`] of
/// `Result<T, CallError<C>>`, also read with [`next`](Self::next).
///
/// A page is requested only when the items of the previous one have been taken. An error is
/// yielded once and ends the stream.
#[must_use = "a stream does nothing unless polled"]
pub struct Items<T, C> {
    pages: Pages<T, C>,
    current: std::vec::IntoIter<T>,
    items_left: Option<usize>,
}

// Nothing in `Items` is pinned structurally: the items are moved out, never polled.
impl<T, C> Unpin for Items<T, C> {}

impl<T: Object + DeserializeOwned + Send + 'static, C: ErrorCodes> Items<T, C> {
    /// Yields at most `n` items; no page is requested once `n` items were yielded.
    pub fn max_items(mut self, n: usize) -> Self {
        self.items_left = Some(n);
        self
    }

    /// Requests at most `n` pages.
    pub fn max_pages(mut self, n: usize) -> Self {
        self.pages = self.pages.max_pages(n);
        self
    }

    /// The next item, `None` once the list (or the stream) is over.
    pub async fn next(&mut self) -> Option<Result<T, CallError<C>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T: Object + DeserializeOwned + Send + 'static, C: ErrorCodes> Stream for Items<T, C> {
    type Item = Result<T, CallError<C>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.items_left == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.current.next() {
                this.items_left = this.items_left.map(|n| n.saturating_sub(1));
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.current = page.into_items().into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<T, C> fmt::Debug for Items<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.current.len())
            .field("items_left", &self.items_left)
            .finish()
    }
}
