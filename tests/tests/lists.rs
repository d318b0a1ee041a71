//! A list resource end to end (fictional 9101, `GET /sales/customers`, generated at build time
//! from `tests/shapes`): pages, the streams of pages and items, the query parameters of a list,
//! over real HTTP against the test kit's shapes server (`testkit/src/shapes_server.rs`), in
//! JSON and in XML.

use std::pin::Pin;

use rambase_runtime::{CallError, Format};
use rambase_testkit::Request;
use rambase_testkit::shapes_server::{
    CUSTOMER_IDS, MAX_TOP, Mode, PAGE_FAILURE, ShapesServer, page_key,
};
use rambase_tests::ShapesClient;
use rambase_tests::shapes::prelude::*;
use rambase_tests::shapes::sales::get_customers::v1::{Customer, Expand, Inlinecount};

const FORMATS: [Format; 2] = [Format::Json, Format::Xml];

async fn server() -> ShapesServer {
    ShapesServer::start()
        .await
        .expect("the shapes server starts")
}

fn ids(customers: &[Customer]) -> Vec<i64> {
    customers
        .iter()
        .map(|c| i64::from(c.customer_id.expect("every customer has an id")))
        .collect()
}

/// The `$pageKey` of each request, in order.
fn page_keys(requests: &[Request]) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| r.query_value("$pageKey").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_pages_stream_follows_next_page_key_to_the_last_page() {
    for format in FORMATS {
        let server = server().await;
        let client = server.client(format);
        let mut pages = client.get_customers().top(3).pages();
        let mut sizes = Vec::new();
        let mut all = Vec::new();
        let mut last_key = Some(String::new());
        while let Some(page) = pages.next().await {
            let page = page.unwrap_or_else(|e| panic!("{format:?}: {e}"));
            sizes.push(page.len());
            last_key = page.next_page_key().map(str::to_owned);
            all.extend(page.into_items());
        }
        assert_eq!(sizes, [3, 3, 1], "{format:?}");
        assert_eq!(last_key, None, "{format:?}: the last page has no next key");
        assert_eq!(ids(&all), CUSTOMER_IDS, "{format:?}");

        let requests = server.requests();
        let expected = [None, Some(page_key(3)), Some(page_key(6))];
        assert_eq!(page_keys(&requests), expected, "{format:?}");
        for request in &requests {
            assert_eq!(request.path, "/sales/customers");
            assert_eq!(request.query_value("$top"), Some("3"), "{format:?}");
        }
    }
}

#[tokio::test]
async fn the_items_stream_yields_every_customer_once_across_pages() {
    for format in FORMATS {
        let server = server().await;
        let mut items = server.client(format).get_customers().top(3).items();
        let mut all = Vec::new();
        while let Some(item) = items.next().await {
            all.push(item.unwrap_or_else(|e| panic!("{format:?}: {e}")));
        }
        assert_eq!(ids(&all), CUSTOMER_IDS, "{format:?}");
        assert_eq!(server.request_count(), 3, "{format:?}");
    }
}

/// The streams are `futures_core::Stream`s too: driven here through `poll_next` alone, as any
/// stream combinator library would.
#[tokio::test]
async fn the_streams_implement_futures_stream() {
    use futures_core::Stream;

    let server = server().await;
    let mut items = server.client(Format::Json).get_customers().top(2).items();
    let mut count = 0;
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, CUSTOMER_IDS.len());

    let mut pages = server.client(Format::Json).get_customers().top(5).pages();
    let mut sizes = Vec::new();
    while let Some(page) = std::future::poll_fn(|cx| Pin::new(&mut pages).poll_next(cx)).await {
        sizes.push(page.unwrap().len());
    }
    assert_eq!(sizes, [5, 2]);
}

#[tokio::test]
async fn every_other_query_parameter_is_repeated_on_every_page() {
    let server = server().await;
    let mut items = server
        .client(Format::Json)
        .get_customers()
        .top(3)
        .orderby("Name desc")
        .select(["Name", "CustomerId"])
        .items();
    let mut names = Vec::new();
    while let Some(item) = items.next().await {
        let customer = item.unwrap();
        assert_eq!(customer.credit_limit, None, "$select left CreditLimit out");
        names.push(customer.name.expect("selected"));
    }
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, sorted, "ordered by Name desc");
    assert_eq!(names.len(), CUSTOMER_IDS.len());

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.query_value("$top"), Some("3"));
        assert_eq!(request.query_value("$orderby"), Some("Name desc"));
        assert_eq!(request.query_value("$select"), Some("Name,CustomerId"));
    }
}

#[tokio::test]
async fn a_filter_is_sent_on_every_page_and_applied() {
    let server = server().await;
    let mut items = server
        .client(Format::Json)
        .get_customers()
        .top(1)
        .filter("startswith(Name,'A')")
        .items();
    let mut names = Vec::new();
    while let Some(item) = items.next().await {
        names.push(item.unwrap().name.unwrap_or_default());
    }
    assert_eq!(names, ["Acme AS", "Aurora Design"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.query_value("$filter"), Some("startswith(Name,'A')"));
    }
}

#[tokio::test]
async fn max_items_stops_before_asking_for_more_pages() {
    let server = server().await;
    let mut items = server
        .client(Format::Json)
        .get_customers()
        .top(3)
        .items()
        .max_items(4);
    let mut all = Vec::new();
    while let Some(item) = items.next().await {
        all.push(item.unwrap());
    }
    assert_eq!(ids(&all), CUSTOMER_IDS[..4]);
    assert_eq!(
        server.request_count(),
        2,
        "the third page is never asked for"
    );
}

#[tokio::test]
async fn max_pages_bounds_the_pages_stream() {
    let server = server().await;
    let mut pages = server
        .client(Format::Xml)
        .get_customers()
        .top(2)
        .pages()
        .max_pages(2);
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().len());
    }
    assert_eq!(sizes, [2, 2]);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_saved_page_key_resumes_the_list() {
    for format in FORMATS {
        let server = server().await;
        let client = server.client(format);
        let first = client.get_customers().top(3).send().await.unwrap();
        let saved = first.next_page_key().expect("more pages").to_owned();

        // Later, perhaps in another process: the rest of the list from the saved key.
        let mut items = client
            .get_customers()
            .top(3)
            .page_key(saved.clone())
            .items();
        let mut rest = Vec::new();
        while let Some(item) = items.next().await {
            rest.push(item.unwrap());
        }
        assert_eq!(ids(&rest), CUSTOMER_IDS[3..], "{format:?}");
        let keys = page_keys(&server.requests());
        assert_eq!(keys, [None, Some(saved), Some(page_key(6))], "{format:?}");
    }
}

#[tokio::test]
async fn an_empty_list_is_one_empty_page_and_no_items() {
    for format in FORMATS {
        let server = server().await;
        server.set_mode(Mode::Empty);
        let client = server.client(format);
        let page = client.get_customers().send().await.unwrap();
        assert!(page.is_empty(), "{format:?}");
        assert_eq!(page.next_page_key(), None, "{format:?}");

        let mut items = client.get_customers().items();
        assert!(items.next().await.is_none(), "{format:?}");
        assert_eq!(server.request_count(), 2, "{format:?}");
    }
}

#[tokio::test]
async fn an_error_in_the_middle_is_yielded_once_and_ends_the_stream() {
    for format in FORMATS {
        let server = server().await;
        server.set_mode(Mode::FailOnPage {
            page: 2,
            status: 500,
        });
        let mut items = server.client(format).get_customers().top(3).items();
        let mut kept = Vec::new();
        let error = loop {
            match items.next().await {
                Some(Ok(customer)) => kept.push(customer),
                Some(Err(error)) => break error,
                None => panic!("{format:?}: the stream ended without the error"),
            }
        };
        assert_eq!(
            ids(&kept),
            CUSTOMER_IDS[..3],
            "{format:?}: the first page is kept"
        );
        assert_eq!(error.status(), Some(500), "{format:?}: {error}");
        let code = error.api_error().and_then(|api| api.code());
        assert_eq!(code, Some(PAGE_FAILURE), "{format:?}: {error}");
        assert!(
            items.next().await.is_none(),
            "{format:?}: nothing after the error"
        );
        assert_eq!(
            server.request_count(),
            2,
            "{format:?}: no retry, no third page"
        );
    }
}

#[tokio::test]
async fn an_error_on_the_first_page_ends_the_pages_stream() {
    let server = server().await;
    server.set_mode(Mode::FailOnPage {
        page: 1,
        status: 400,
    });
    let mut pages = server.client(Format::Json).get_customers().pages();
    let error = pages.next().await.expect("one item").expect_err("an error");
    assert_eq!(error.status(), Some(400));
    assert!(pages.next().await.is_none());
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn top_above_the_maximum_is_refused_before_anything_is_sent() {
    let server = server().await;
    let client = server.client(Format::Json);
    let error = client
        .get_customers()
        .top(MAX_TOP as i64 + 1)
        .send()
        .await
        .expect_err("81 is above the documented maximum");
    assert!(matches!(error, CallError::Validation(_)), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("$top"), "{text}");
    assert!(text.contains("80"), "{text}");

    // The streams refuse it the same way, as their one and only item.
    let mut items = client.get_customers().top(0).items();
    let error = items
        .next()
        .await
        .expect("one item")
        .expect_err("0 is below 1");
    assert!(matches!(error, CallError::Validation(_)), "{error:?}");
    assert!(items.next().await.is_none());
    assert_eq!(server.request_count(), 0);

    // The bounds themselves are accepted.
    client.get_customers().top(80).send().await.unwrap();
    client.get_customers().top(1_u8).send().await.unwrap();
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn inlinecount_allpages_gives_the_size_of_the_whole_list() {
    for format in FORMATS {
        let server = server().await;
        let client = server.client(format);
        let page = client
            .get_customers()
            .top(2)
            .inlinecount(Inlinecount::Allpages)
            .send()
            .await
            .unwrap();
        let paging = page.paging().expect("a paging object");
        assert_eq!(paging.size, Some(7), "{format:?}");
        assert_eq!(paging.page_size, Some(2), "{format:?}");
        assert_eq!(paging.next_page_key, Some(page_key(2)), "{format:?}");
        assert_eq!(
            server.single_request().query_value("$inlinecount"),
            Some("allpages")
        );

        let page = client.get_customers().top(2).send().await.unwrap();
        assert_eq!(page.paging().and_then(|p| p.size), None, "{format:?}");
    }
}

#[tokio::test]
async fn expand_sends_the_typed_values_and_the_nested_objects_arrive() {
    for format in FORMATS {
        let server = server().await;
        let page = server
            .client(format)
            .get_customers()
            .expand([Expand::Address, Expand::Contacts])
            .send()
            .await
            .unwrap();
        let request = server.single_request();
        assert_eq!(request.query_value("$expand"), Some("Address,Contacts"));

        let acme = &page.items()[0];
        let address = acme.address.as_ref().expect("expanded");
        assert_eq!(address.city.as_deref(), Some("Oslo"), "{format:?}");
        assert_eq!(address.street.as_deref(), Some("Storgata 1"), "{format:?}");
        let contacts = acme.contacts.as_ref().expect("expanded");
        let names: Vec<_> = contacts.iter().filter_map(|c| c.name.as_deref()).collect();
        assert_eq!(names, ["Kari Nordmann", "Ola Nordmann"], "{format:?}");
        assert_eq!(contacts[0].contact_id, Some(500_001), "{format:?}");
        let tags = acme.tags.as_deref().unwrap_or_default();
        assert_eq!(tags, ["key-account", "export"], "{format:?}");

        // Escaped text, a one-item list and an empty list survive both formats.
        let troll = &page.items()[4];
        assert_eq!(troll.name.as_deref(), Some("Troll Tech & Co"), "{format:?}");
        let contact = &troll.contacts.as_deref().unwrap_or_default()[0];
        assert_eq!(
            contact.name.as_deref(),
            Some("Lars <Lasse> Vik"),
            "{format:?}"
        );
        assert_eq!(
            page.items()[1].tags.as_deref().unwrap_or_default(),
            ["retail"]
        );
        assert!(
            page.items()[2]
                .tags
                .as_deref()
                .unwrap_or_default()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn without_expand_the_expandable_objects_stay_unset() {
    let server = server().await;
    let page = server
        .client(Format::Json)
        .get_customers()
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.len(),
        CUSTOMER_IDS.len(),
        "one page of the default $top 10"
    );
    assert!(
        page.items()
            .iter()
            .all(|c| c.address.is_none() && c.contacts.is_none())
    );
    assert_eq!(server.single_request().query_value("$expand"), None);
}
