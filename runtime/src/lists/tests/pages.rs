//! Pages and items of a list call over real HTTP, in both formats, against a scripted server.

use std::pin::Pin;

use futures_core::Stream;

use crate::http::call::Call;
use crate::http::client::Client;
use crate::lists::page::{Page, Paging};
use crate::lists::pages::{Items, Pages};
use crate::lists::tests::{Contact, contact};
use crate::values::token::AccessToken;
use crate::wire::format::Format;
use crate::wire::operation::Operation;
use rambase_testkit::{Reply, Request, Server};

#[derive(Clone, Copy, Debug, PartialEq)]
enum ListErrorCode {}

impl crate::errors::call_error::ErrorCodes for ListErrorCode {
    const OPERATION: Operation =
        Operation::new(reqwest::Method::GET, "/collaboration/contacts", 0, 1, 200);
    const CODES: &'static [(Self, u64, &'static str)] = &[];
}

type CallError = crate::errors::call_error::CallError<ListErrorCode>;

/// What a stream yielded: the ids of a page (or an item), or the status of an error.
type Seen = Result<Vec<i32>, Option<u16>>;

const FORMATS: [Format; 2] = [Format::Json, Format::Xml];

/// The value of the query parameter `name` in a request target, as sent.
fn query_value(target: &str, name: &str) -> Option<String> {
    let encoded = name.replace('$', "%24");
    let (_, query) = target.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name || key == encoded).then(|| value.to_owned())
    })
}

fn page_key(request: &Request) -> Option<String> {
    query_value(&request.target, "$pageKey")
}

fn paging(next: Option<&str>) -> Paging {
    Paging {
        page_size: Some(2),
        next_page_key: next.map(str::to_owned),
        ..Paging::default()
    }
}

/// The page answered in the format the request asked for.
fn answer(request: &Request, page: &Page<Contact>) -> Reply {
    if request.target.contains("$format=xml") {
        let body = String::from_utf8_lossy(&page.to_xml_body("Contacts")).into_owned();
        Reply::with_body(200, "application/xml", body)
    } else {
        let body = page.to_json_body("contacts").unwrap_or_default();
        Reply::json(200, String::from_utf8_lossy(&body).into_owned())
    }
}

/// Three pages: 1 and 2 (next `k2`), 3 and 4 (next `k3`), 5 (last); the page of the key
/// `fail_on` answers 500.
async fn three_pages(fail_on: Option<&'static str>) -> Server {
    Server::start(move |request| {
        let key = page_key(request);
        if fail_on.is_some() && key.as_deref() == fail_on {
            return Reply::json(500, r#"{"message": "boom"}"#);
        }
        let (ids, next) = match key.as_deref() {
            None => (vec![1, 2], Some("k2")),
            Some("k2") => (vec![3, 4], Some("k3")),
            Some("k3") => (vec![5], None),
            Some(_) => return Reply::json(404, r#"{"message": "no such page"}"#),
        };
        let page = Page::new(ids.into_iter().map(contact).collect(), Some(paging(next)));
        answer(request, &page)
    })
    .await
}

fn client(server: &Server, format: Format) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new("pages-test-token").unwrap())
        .format(format)
        .build()
        .unwrap()
}

fn list_call(client: &Client) -> Call<Page<Contact>, ListErrorCode> {
    Call::new(client, "contacts")
        .query("$top", 2)
        .query("$filter", "Name eq 'x'")
}

fn ids<'a>(contacts: impl IntoIterator<Item = &'a Contact>) -> Vec<i32> {
    contacts.into_iter().filter_map(|c| c.contact_id).collect()
}

fn seen_error(error: CallError) -> Option<u16> {
    error.status()
}

/// Reads every page, then checks that the stream stays over.
async fn read_pages(mut pages: Pages<Contact, ListErrorCode>) -> Vec<Seen> {
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        seen.push(page.map(|p| ids(&p)).map_err(seen_error));
    }
    assert!(pages.next().await.is_none(), "the stream stays over");
    seen
}

/// Reads every item (through the `Stream` trait), then checks that the stream stays over.
async fn read_items(mut items: Items<Contact, ListErrorCode>) -> Vec<Seen> {
    let mut seen = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await {
        seen.push(item.map(|c| ids([&c])).map_err(seen_error));
    }
    assert!(items.next().await.is_none(), "the stream stays over");
    seen
}

fn keys(server: &Server) -> Vec<Option<String>> {
    server.requests().iter().map(page_key).collect()
}

fn ok(pages: &[&[i32]]) -> Vec<Seen> {
    pages.iter().map(|ids| Ok(ids.to_vec())).collect()
}

#[tokio::test]
async fn pages_follow_the_next_key_and_repeat_the_query() {
    for format in FORMATS {
        let server = three_pages(None).await;
        let pages = read_pages(list_call(&client(&server, format)).pages()).await;
        assert_eq!(pages, ok(&[&[1, 2], &[3, 4], &[5]]), "{format:?}");
        let k = |key: &str| Some(key.to_owned());
        assert_eq!(keys(&server), [None, k("k2"), k("k3")]);
        for request in server.requests() {
            assert_eq!(query_value(&request.target, "$top").as_deref(), Some("2"));
            assert!(
                query_value(&request.target, "$filter").is_some(),
                "{request:?}"
            );
            assert_eq!(request.method, "GET");
            assert!(request.target.starts_with("/collaboration/contacts?"));
        }
    }
}

#[tokio::test]
async fn items_flatten_the_pages() {
    for format in FORMATS {
        let server = three_pages(None).await;
        let items = read_items(list_call(&client(&server, format)).items()).await;
        assert_eq!(items, ok(&[&[1], &[2], &[3], &[4], &[5]]), "{format:?}");
        assert_eq!(server.requests().len(), 3);
    }
}

#[tokio::test]
async fn streams_can_be_spawned() {
    fn spawnable<S: Stream + Send + Unpin + 'static>(stream: S) -> S {
        stream
    }
    let server = three_pages(None).await;
    let items = spawnable(list_call(&client(&server, Format::Json)).items());
    let pages = spawnable(list_call(&client(&server, Format::Json)).pages());
    assert!(format!("{pages:?}").starts_with("Pages"));
    let items = tokio::spawn(read_items(items)).await.unwrap();
    assert_eq!(items.len(), 5);
    let pages = tokio::spawn(read_pages(pages)).await.unwrap();
    assert_eq!(pages.len(), 3);
}

#[tokio::test]
async fn an_empty_list_is_one_empty_page() {
    for (format, with_paging) in [(Format::Json, true), (Format::Json, false)]
        .into_iter()
        .chain([(Format::Xml, true), (Format::Xml, false)])
    {
        let server = Server::start(move |request| {
            let page = Page::new(Vec::new(), with_paging.then(|| paging(None)));
            answer(request, &page)
        })
        .await;
        let client = client(&server, format);
        assert_eq!(read_pages(list_call(&client).pages()).await, ok(&[&[]]));
        assert_eq!(read_items(list_call(&client).items()).await, []);
        assert_eq!(server.requests().len(), 2, "{format:?}");
    }
}

#[tokio::test]
async fn an_error_is_yielded_once_and_ends_the_stream() {
    for format in FORMATS {
        let server = three_pages(Some("k3")).await;
        let client = client(&server, format);
        let pages = read_pages(list_call(&client).pages()).await;
        assert_eq!(pages, [Ok(vec![1, 2]), Ok(vec![3, 4]), Err(Some(500))]);
        let items = read_items(list_call(&client).items()).await;
        let mut expected = ok(&[&[1], &[2], &[3], &[4]]);
        expected.push(Err(Some(500)));
        assert_eq!(items, expected, "{format:?}");
        assert_eq!(server.requests().len(), 6, "no request after the error");
    }
}

#[tokio::test]
async fn bounds_stop_before_the_next_request() {
    let server = three_pages(None).await;
    let client = client(&server, Format::Json);
    let cases: [(Items<Contact, ListErrorCode>, usize, usize); 5] = [
        (list_call(&client).items().max_items(3), 3, 2),
        (list_call(&client).items().max_items(2), 2, 1),
        (list_call(&client).items().max_items(0), 0, 0),
        (list_call(&client).items().max_pages(2), 4, 2),
        (list_call(&client).items().max_pages(9).max_items(9), 5, 3),
    ];
    for (items, count, requests) in cases {
        let before = server.requests().len();
        assert_eq!(read_items(items).await.len(), count);
        assert_eq!(server.requests().len() - before, requests, "{count} items");
    }
    let before = server.requests().len();
    let pages = read_pages(list_call(&client).pages().max_pages(1)).await;
    assert_eq!(pages, ok(&[&[1, 2]]));
    assert_eq!(
        read_pages(list_call(&client).pages().max_pages(0)).await,
        []
    );
    assert_eq!(server.requests().len() - before, 1);
}

#[tokio::test]
async fn a_saved_key_resumes_the_list() {
    for format in FORMATS {
        let server = three_pages(None).await;
        let call = list_call(&client(&server, format)).query("$pageKey", "k2");
        assert_eq!(read_pages(call.pages()).await, ok(&[&[3, 4], &[5]]));
        let k = |key: &str| Some(key.to_owned());
        assert_eq!(keys(&server), [k("k2"), k("k3")], "{format:?}");
    }
}

#[tokio::test]
async fn a_server_repeating_its_key_is_not_followed_forever() {
    let server = Server::start(|request| {
        let page = Page::new(vec![contact(1)], Some(paging(Some("same"))));
        answer(request, &page)
    })
    .await;
    let pages = read_pages(list_call(&client(&server, Format::Json)).pages()).await;
    assert_eq!(pages, ok(&[&[1], &[1]]));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_answer_that_is_not_a_list_is_an_error() {
    for (format, body, content_type) in [
        (
            Format::Json,
            r#"{"contact": {"contactId": 1}}"#,
            "application/json",
        ),
        (
            Format::Json,
            r#"{"contacts": {"contactId": 1}}"#,
            "application/json",
        ),
        (
            Format::Xml,
            "<Contact><ContactId>1</ContactId></Contact>",
            "application/xml",
        ),
        (Format::Xml, "   ", "application/xml"),
    ] {
        let server = Server::start(move |_| Reply::with_body(200, content_type, body)).await;
        let mut pages = list_call(&client(&server, format)).pages();
        let error = pages.next().await.map(|page| page.unwrap_err());
        assert!(
            matches!(error, Some(CallError::Decode { .. })),
            "{body}: {error:?}"
        );
        assert!(pages.next().await.is_none());
    }
}
