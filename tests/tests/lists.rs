//! A list resource end to end (fictional 9101, `GET /sales/customers`, generated at build time
//! from `tests/shapes`): pages, the streams of pages and items, the query parameters of a list,
//! over real HTTP against the typed mock generated from the same spec, in JSON and in XML.
//!
//! The stubs serve what RamBase would answer to the request they match (filtered, ordered,
//! selected or expanded as asked); the tests check what the client sent and what it decoded.
//! Faults are scripted on the stubs too: an error on the first page, or on a later one only
//! (`fail_page_with`).

use std::pin::Pin;

use rambase_runtime::mock::{MockServer, Received};
use rambase_runtime::{CallError, Client, Decimal, Format};
use rambase_tests::shapes::prelude::*;
use rambase_tests::shapes::sales::get_customers::mock::v1::GetCustomersStub;
use rambase_tests::shapes::sales::get_customers::v1::{
    Address, Contact, Customer, Expand, Inlinecount,
};

const FORMATS: [Format; 2] = [Format::Json, Format::Xml];

/// The ids of the customers of [`ROWS`], in their natural order.
const CUSTOMER_IDS: [i64; 7] = [
    100_001, 100_002, 100_003, 100_004, 100_005, 100_006, 100_007,
];

/// The largest `$top` resource 9101 documents.
const MAX_TOP: i64 = 80;

/// The `$top` RamBase uses when a list call sends none.
const DEFAULT_TOP: usize = 10;

/// One customer of the data set: id, name, credit limit, tags, street, city, contacts.
type Row = (
    i32,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static [(i32, &'static str)],
);

/// Seven customers: three pages of `$top=3`. Text to escape (`&`, `<`), a one-item list and
/// an empty one, and a credit limit no `f64` holds.
const ROWS: [Row; 7] = [
    (
        100_001,
        "Acme AS",
        "0.1",
        &["key-account", "export"],
        "Storgata 1",
        "Oslo",
        &[(500_001, "Kari Nordmann"), (500_002, "Ola Nordmann")],
    ),
    (
        100_002,
        "Bergen Bakeri",
        "0.2",
        &["retail"],
        "Bryggen 3",
        "Bergen",
        &[(500_003, "Per Hansen")],
    ),
    (
        100_003,
        "Fjord Fisk",
        "1234.56",
        &[],
        "Kaia 7",
        "Ålesund",
        &[],
    ),
    (
        100_004,
        "Nordlys Energi",
        "10000",
        &["energy", "key-account"],
        "Polarveien 12",
        "Tromsø",
        &[(500_004, "Ingrid Berg")],
    ),
    (
        100_005,
        "Troll Tech & Co",
        "0",
        &["startup"],
        "Innovasjonsgata 2",
        "Trondheim",
        &[(500_005, "Lars <Lasse> Vik")],
    ),
    (
        100_006,
        "Viking Vann",
        "99.99",
        &["retail", "export"],
        "Havnegata 4",
        "Stavanger",
        &[(500_006, "Sigrid Lund")],
    ),
    (
        100_007,
        "Aurora Design",
        "12345678901234567.89",
        &["design"],
        "Nordlysveien 9",
        "Bodø",
        &[(500_007, "Nils Dahl")],
    ),
];

/// The customer of `row`, with its address and contacts when `expanded` (`$expand`).
fn customer(row: &Row, expanded: bool) -> Customer {
    let (id, name, credit_limit, tags, street, city, contacts) = *row;
    let mut customer = Customer::default();
    customer.customer_id = Some(id);
    customer.name = Some(name.to_owned());
    customer.credit_limit = Some(credit_limit.parse::<Decimal>().expect("a decimal"));
    customer.tags = Some(tags.iter().map(|t| (*t).to_owned()).collect());
    if expanded {
        let mut address = Address::default();
        address.street = Some(street.to_owned());
        address.city = Some(city.to_owned());
        customer.address = Some(address);
        let contacts = contacts.iter().map(|(contact_id, name)| {
            let mut contact = Contact::default();
            contact.contact_id = Some(*contact_id);
            contact.name = Some((*name).to_owned());
            contact
        });
        customer.contacts = Some(contacts.collect());
    }
    customer
}

/// Every customer, unexpanded.
fn customers() -> Vec<Customer> {
    ROWS.iter().map(|row| customer(row, false)).collect()
}

/// A client of `mock` that speaks `format`.
fn client(mock: &MockServer, format: Format) -> Client {
    mock.client_builder()
        .format(format)
        .build()
        .expect("a valid client")
}

fn ids(customers: &[Customer]) -> Vec<i64> {
    customers
        .iter()
        .map(|c| i64::from(c.customer_id.expect("every customer has an id")))
        .collect()
}

/// The `$pageKey` of each request, in order.
fn page_keys(requests: &[Received]) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| r.query_value("$pageKey").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_pages_stream_follows_next_page_key_to_the_last_page() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let list = GetCustomersStub::new()
            .top(3)
            .respond_pages(customers(), DEFAULT_TOP)
            .times(3)
            .mount(&mock);
        let mut pages = client(&mock, format).get_customers().top(3).pages();
        let mut sizes = Vec::new();
        let mut all = Vec::new();
        let mut keys = vec![None];
        while let Some(page) = pages.next().await {
            let page = page.unwrap_or_else(|e| panic!("{format:?}: {e}"));
            sizes.push(page.len());
            keys.push(page.next_page_key().map(str::to_owned));
            all.extend(page.into_items());
        }
        assert_eq!(sizes, [3, 3, 1], "{format:?}");
        let last_key = keys.pop().expect("one key a page");
        assert_eq!(last_key, None, "{format:?}: the last page has no next key");
        assert_eq!(ids(&all), CUSTOMER_IDS, "{format:?}");

        // Each page after the first was asked for with the key the page before it gave.
        let requests = list.requests();
        assert!(
            keys[1..].iter().all(Option::is_some),
            "{format:?}: {keys:?}"
        );
        assert_eq!(page_keys(&requests), keys, "{format:?}");
        for request in &requests {
            assert_eq!(request.path, "/sales/customers");
            assert_eq!(request.query_value("$top"), Some("3"), "{format:?}");
        }
        mock.verify();
    }
}

#[tokio::test]
async fn the_items_stream_yields_every_customer_once_across_pages() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let list = GetCustomersStub::new()
            .respond_pages(customers(), DEFAULT_TOP)
            .mount(&mock);
        let mut items = client(&mock, format).get_customers().top(3).items();
        let mut all = Vec::new();
        while let Some(item) = items.next().await {
            all.push(item.unwrap_or_else(|e| panic!("{format:?}: {e}")));
        }
        assert_eq!(ids(&all), CUSTOMER_IDS, "{format:?}");
        assert_eq!(list.calls(), 3, "{format:?}");
    }
}

/// The streams are `futures_core::Stream`s too: driven here through `poll_next` alone, as any
/// stream combinator library would.
#[tokio::test]
async fn the_streams_implement_futures_stream() {
    use futures_core::Stream;

    let mock = MockServer::start().await;
    GetCustomersStub::new()
        .respond_pages(customers(), DEFAULT_TOP)
        .mount(&mock);
    let client = client(&mock, Format::Json);
    let mut items = client.get_customers().top(2).items();
    let mut count = 0;
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, CUSTOMER_IDS.len());

    let mut pages = client.get_customers().top(5).pages();
    let mut sizes = Vec::new();
    while let Some(page) = std::future::poll_fn(|cx| Pin::new(&mut pages).poll_next(cx)).await {
        sizes.push(page.unwrap().len());
    }
    assert_eq!(sizes, [5, 2]);
}

#[tokio::test]
async fn every_other_query_parameter_is_repeated_on_every_page() {
    // RamBase's answer to `$orderby=Name desc&$select=Name,CustomerId`: sorted, two fields.
    let mut selected: Vec<Customer> = customers()
        .into_iter()
        .map(|c| {
            let mut only = Customer::default();
            only.customer_id = c.customer_id;
            only.name = c.name;
            only
        })
        .collect();
    selected.sort_by(|a, b| b.name.cmp(&a.name));
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .top(3)
        .orderby("Name desc")
        .select(["Name", "CustomerId"])
        .respond_pages(selected, DEFAULT_TOP)
        .times(3)
        .mount(&mock);
    let mut items = client(&mock, Format::Json)
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

    let requests = list.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.query_value("$top"), Some("3"));
        assert_eq!(request.query_value("$orderby"), Some("Name desc"));
        assert_eq!(request.query_value("$select"), Some("Name,CustomerId"));
    }
    mock.verify();
}

#[tokio::test]
async fn a_filter_is_sent_on_every_page_and_applied() {
    // RamBase's answer to `$filter=startswith(Name,'A')`.
    let filtered = customers()
        .into_iter()
        .filter(|c| c.name.as_deref().is_some_and(|n| n.starts_with('A')))
        .collect();
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .filter("startswith(Name,'A')")
        .respond_pages(filtered, DEFAULT_TOP)
        .times(2)
        .mount(&mock);
    let mut items = client(&mock, Format::Json)
        .get_customers()
        .top(1)
        .filter("startswith(Name,'A')")
        .items();
    let mut names = Vec::new();
    while let Some(item) = items.next().await {
        names.push(item.unwrap().name.unwrap_or_default());
    }
    assert_eq!(names, ["Acme AS", "Aurora Design"]);
    let requests = list.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.query_value("$filter"), Some("startswith(Name,'A')"));
    }
    mock.verify();
}

#[tokio::test]
async fn max_items_stops_before_asking_for_more_pages() {
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .respond_pages(customers(), DEFAULT_TOP)
        .mount(&mock);
    let mut items = client(&mock, Format::Json)
        .get_customers()
        .top(3)
        .items()
        .max_items(4);
    let mut all = Vec::new();
    while let Some(item) = items.next().await {
        all.push(item.unwrap());
    }
    assert_eq!(ids(&all), CUSTOMER_IDS[..4]);
    assert_eq!(list.calls(), 2, "the third page is never asked for");
}

#[tokio::test]
async fn max_pages_bounds_the_pages_stream() {
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .respond_pages(customers(), DEFAULT_TOP)
        .mount(&mock);
    let mut pages = client(&mock, Format::Xml)
        .get_customers()
        .top(2)
        .pages()
        .max_pages(2);
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().len());
    }
    assert_eq!(sizes, [2, 2]);
    assert_eq!(list.calls(), 2);
    assert_eq!(list.requests()[0].query_value("$format"), Some("xml"));
}

#[tokio::test]
async fn a_saved_page_key_resumes_the_list() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let list = GetCustomersStub::new()
            .respond_pages(customers(), DEFAULT_TOP)
            .mount(&mock);
        let client = client(&mock, format);
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
        let keys = page_keys(&list.requests());

        // The third request sent the key the saved page's answer gave.
        let second = client.get_customers().top(3).page_key(saved.clone());
        let third_key = second
            .send()
            .await
            .unwrap()
            .next_page_key()
            .map(str::to_owned);
        assert!(third_key.is_some(), "{format:?}");
        assert_eq!(keys, [None, Some(saved), third_key], "{format:?}");
    }
}

#[tokio::test]
async fn an_empty_list_is_one_empty_page_and_no_items() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let list = GetCustomersStub::new()
            .respond_pages(Vec::new(), DEFAULT_TOP)
            .mount(&mock);
        let client = client(&mock, format);
        let page = client.get_customers().send().await.unwrap();
        assert!(page.is_empty(), "{format:?}");
        assert_eq!(page.next_page_key(), None, "{format:?}");

        let mut items = client.get_customers().items();
        assert!(items.next().await.is_none(), "{format:?}");
        assert_eq!(list.calls(), 2, "{format:?}");
    }
}

/// RamBase error code of the failing page (documented nowhere).
const PAGE_FAILURE: u64 = 100_500;

#[tokio::test]
async fn an_error_in_the_middle_is_yielded_once_and_ends_the_stream() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let list = GetCustomersStub::new()
            .respond_pages(customers(), DEFAULT_TOP)
            .fail_page_with(2, 500, PAGE_FAILURE, "Page failed")
            .mount(&mock);
        let mut items = client(&mock, format).get_customers().top(3).items();
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
        assert_eq!(list.calls(), 2, "{format:?}: no retry, no third page");
        let keys = page_keys(&list.requests());
        assert!(
            keys[0].is_none() && keys[1].is_some(),
            "{format:?}: the second request asks for the next page: {keys:?}"
        );
    }
}

#[tokio::test]
async fn an_error_on_the_first_page_ends_the_pages_stream() {
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .fail_with(400, PAGE_FAILURE, "The list cannot be read")
        .mount(&mock);
    let mut pages = client(&mock, Format::Json).get_customers().pages();
    let error = pages.next().await.expect("one item").expect_err("an error");
    assert_eq!(error.status(), Some(400));
    assert_eq!(
        error.api_error().and_then(|api| api.code()),
        Some(PAGE_FAILURE)
    );
    assert!(pages.next().await.is_none());
    assert_eq!(list.calls(), 1);
}

#[tokio::test]
async fn top_above_the_maximum_is_refused_before_anything_is_sent() {
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .respond_pages(customers(), DEFAULT_TOP)
        .mount(&mock);
    let client = client(&mock, Format::Json);
    let error = client
        .get_customers()
        .top(MAX_TOP + 1)
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
    assert_eq!(list.calls(), 0);

    // The bounds themselves are accepted.
    client.get_customers().top(80).send().await.unwrap();
    client.get_customers().top(1_u8).send().await.unwrap();
    assert_eq!(list.calls(), 2);
}

#[tokio::test]
async fn inlinecount_allpages_gives_the_size_of_the_whole_list() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let list = GetCustomersStub::new()
            .respond_pages(customers(), DEFAULT_TOP)
            .mount(&mock);
        let client = client(&mock, format);
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
        assert_eq!(
            list.requests()[0].query_value("$inlinecount"),
            Some("allpages")
        );
        // The next key is that of the page after the first two customers.
        let next = paging.next_page_key.clone().expect("a next page");
        let after = client.get_customers().top(2).page_key(next).send().await;
        assert_eq!(
            ids(after.unwrap().items()),
            CUSTOMER_IDS[2..4],
            "{format:?}"
        );

        let page = client.get_customers().top(2).send().await.unwrap();
        assert_eq!(page.paging().and_then(|p| p.size), None, "{format:?}");
    }
}

#[tokio::test]
async fn expand_sends_the_typed_values_and_the_nested_objects_arrive() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let expanded = ROWS.iter().map(|row| customer(row, true)).collect();
        let list = GetCustomersStub::new()
            .expand([Expand::Address, Expand::Contacts])
            .respond_pages(expanded, DEFAULT_TOP)
            .times(1)
            .mount(&mock);
        let page = client(&mock, format)
            .get_customers()
            .expand([Expand::Address, Expand::Contacts])
            .send()
            .await
            .unwrap();
        let request = &list.requests()[0];
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
        mock.verify();
    }
}

#[tokio::test]
async fn without_expand_the_expandable_objects_stay_unset() {
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .respond_pages(customers(), DEFAULT_TOP)
        .mount(&mock);
    let page = client(&mock, Format::Json)
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
    assert_eq!(list.calls(), 1);
    assert_eq!(list.requests()[0].query_value("$expand"), None);
}
