//! The generated typed mock against the real generated client over loopback HTTP: 3119 (add a
//! phone: a matched body, a documented error code, an unmatched request and its diagnostic,
//! call-count verification) and the paged list of the shapes client (pages, `$top`, XML).

use rambase_api::collaboration::add_contact_phone::latest::{
    AddContactPhoneErrorCode, Phone, PhoneRequest,
};
use rambase_api::collaboration::add_contact_phone::mock::latest::AddContactPhoneStub;
use rambase_api::prelude::*;
use rambase_runtime::mock::MockServer;
use rambase_runtime::{CallError, Format};
use rambase_tests::shapes::prelude::*;
use rambase_tests::shapes::sales::get_customers::mock::v1::GetCustomersStub;
use rambase_tests::shapes::sales::get_customers::v1::{Customer, Inlinecount};

/// The crate docs' testing step names the stub that the `use` above proves exists.
#[test]
fn the_crate_docs_name_the_stub_these_tests_use() {
    let lib = include_str!("../../generated/src/lib.rs");
    let step = "`collaboration::add_contact_phone::mock::latest::AddContactPhoneStub::new()`";
    assert!(lib.contains(step), "{lib}");
}

fn phone_request(number: &str) -> PhoneRequest {
    PhoneRequest::builder()
        .phone_number(number)
        .build()
        .expect("a valid phone")
}

fn created(id: i32, number: &str) -> Phone {
    let mut phone = Phone::default();
    phone.phone_id = Some(id);
    phone.phone_number = Some(number.to_owned());
    phone
}

fn customers(n: i32) -> Vec<Customer> {
    (1..=n)
        .map(|id| {
            let mut customer = Customer::default();
            customer.customer_id = Some(id);
            customer.name = Some(format!("Customer {id}"));
            customer
        })
        .collect()
}

#[tokio::test]
async fn a_matched_body_gets_the_typed_answer_and_the_body_comes_back_typed() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new()
        .contact_id(100_001)
        .db("ACME")
        .body(PhoneRequest::builder().phone_number("+47 22 33 44 55"))
        .respond(created(7, "+47 22 33 44 55"))
        .times(1)
        .mount(&mock);
    let client = mock.client();
    let phone = client
        .add_contact_phone(100_001, phone_request("+47 22 33 44 55"))
        .db("ACME")
        .send()
        .await
        .expect("the stub answers");
    assert_eq!(phone, created(7, "+47 22 33 44 55"));
    let bodies = stub.bodies();
    assert_eq!(bodies, vec![phone_request("+47 22 33 44 55")]);
    assert_eq!(bodies[0].phone_number.as_str(), "+47 22 33 44 55");
    mock.verify();
}

#[tokio::test]
async fn an_error_code_gives_the_documented_variant_with_its_status_and_body() {
    let mock = MockServer::start().await;
    AddContactPhoneStub::new()
        .fail(AddContactPhoneErrorCode::EventTypeMismatch)
        .mount(&mock);
    let error = mock
        .client()
        .add_contact_phone(100_001, phone_request("+47 1"))
        .send()
        .await
        .expect_err("the stub fails");
    let CallError::Documented(code, api) = &error else {
        panic!("not the documented error: {error:?}");
    };
    assert_eq!(*code, AddContactPhoneErrorCode::EventTypeMismatch);
    assert_eq!((api.status(), api.code()), (400, Some(105991)));
    assert_eq!(
        api.message(),
        Some("Event is not of the same type as event set on the automated flow")
    );
}

#[tokio::test]
async fn an_unmatched_request_is_answered_with_the_closest_stub_and_how_it_differs() {
    let mock = MockServer::start().await;
    AddContactPhoneStub::new()
        .contact_id(100_002)
        .body(phone_request("+47 2"))
        .respond(created(1, "+47 2"))
        .mount(&mock);
    GetCustomersStub::new()
        .respond_pages(customers(1), 10)
        .mount(&mock);
    let error = mock
        .client()
        .add_contact_phone(100_001, phone_request("+47 2"))
        .send()
        .await
        .expect_err("no stub matches");
    let text = error.to_string();
    assert!(
        text.contains("no stub matches POST /collaboration/contacts/100001/phones"),
        "{text}"
    );
    assert!(
        text.contains("the closest is stub #1 of AddContactPhone"),
        "{text}"
    );
    assert!(
        text.contains("contactId is \"100001\", the stub expects \"100002\""),
        "{text}"
    );
    assert!(
        !text.contains("body differs"),
        "only the path differs: {text}"
    );
    let problems = mock.problems();
    assert_eq!(problems.len(), 1, "verify would fail on it: {problems:?}");
    let unmatched = mock.take_unmatched();
    assert_eq!(
        unmatched[0].request.path,
        "/collaboration/contacts/100001/phones"
    );
    mock.verify();
}

#[tokio::test]
async fn verification_names_each_stub_called_another_number_of_times() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new()
        .respond(created(1, "+47 1"))
        .times(2)
        .mount(&mock);
    GetCustomersStub::new()
        .respond_pages(Vec::new(), 10)
        .at_least(1)
        .mount(&mock);
    let client = mock.client();
    client
        .add_contact_phone(100_001, phone_request("+47 1"))
        .send()
        .await
        .expect("answered");
    let problems = mock.problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("stub #1 of AddContactPhone expected exactly 2 call(s), got 1"));
    assert!(problems[1].contains("stub #2 of GetCustomers expected at least 1 call(s), got 0"));
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.verify()));
    assert!(failed.is_err(), "verify fails on them");
    // Meet both, so that the server's own check on drop passes.
    client
        .add_contact_phone(100_001, phone_request("+47 1"))
        .send()
        .await
        .expect("answered");
    client.get_customers().send().await.expect("an empty page");
    assert_eq!(stub.calls(), 2);
}

#[tokio::test]
async fn a_list_is_served_in_pages_that_the_client_follows() {
    let mock = MockServer::start().await;
    let stub = GetCustomersStub::new()
        .respond_pages(customers(23), 10)
        .mount(&mock);
    let mut items = mock.client().get_customers().items();
    let mut ids = Vec::new();
    while let Some(customer) = items.next().await {
        ids.push(customer.expect("a customer").customer_id.expect("an id"));
    }
    assert_eq!(ids, (1..=23).collect::<Vec<_>>());
    assert_eq!(stub.calls(), 3, "three pages of 10, 10 and 3");
}

#[tokio::test]
async fn top_sets_the_page_size_up_to_the_documented_maximum() {
    let mock = MockServer::start().await;
    GetCustomersStub::new()
        .respond_pages(customers(100), 10)
        .mount(&mock);
    let client = mock.client();
    let page = client
        .get_customers()
        .top(80)
        .inlinecount(Inlinecount::Allpages)
        .send()
        .await
        .expect("a page");
    let paging = page.paging().expect("the paging object");
    assert_eq!(page.len(), 80);
    assert_eq!(
        (paging.page_size, paging.size, paging.position),
        (Some(80), Some(100), Some(0))
    );
    let next = paging.next_page_key.clone().expect("a next page");
    let last = client
        .get_customers()
        .top(80)
        .page_key(next)
        .send()
        .await
        .expect("the last page");
    assert_eq!(last.len(), 20);
    assert_eq!(last.next_page_key(), None, "the last page has no next key");
}

#[tokio::test]
async fn a_list_in_xml_pages_the_same() {
    let mock = MockServer::start().await;
    let filtered = GetCustomersStub::new()
        .filter("Name eq 'x'")
        .respond_pages(customers(5), 2)
        .mount(&mock);
    let client = mock
        .client_builder()
        .format(Format::Xml)
        .build()
        .expect("a client");
    let mut pages = client.get_customers().filter("Name eq 'x'").pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.expect("a page").len());
    }
    assert_eq!(sizes, vec![2, 2, 1]);
    assert!(
        filtered
            .requests()
            .iter()
            .all(|r| r.query_value("$format") == Some("xml"))
    );
}

#[tokio::test]
async fn a_raw_body_reaches_the_client_as_sent() {
    let mock = MockServer::start().await;
    let body = r#"{"customers": [{"customerId": 1, "creditLimit": "1500.50"}], "paging": {}}"#;
    GetCustomersStub::new()
        .raw(200, "application/json", body)
        .mount(&mock);
    let page = mock.client().get_customers().send().await.expect("a page");
    let limit = page.items()[0].credit_limit.expect("a credit limit");
    assert_eq!(
        limit.to_string(),
        "1500.50",
        "a decimal spelt as a string, exact"
    );
}

/// The README's "Testing your code" example is `examples/downstream/src/service.rs`, whose
/// tests run in CI: the copy must not drift from the file.
#[test]
fn the_readme_example_is_the_downstream_service() {
    let root = rambase_testkit::workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let service = std::fs::read_to_string(root.join("examples/downstream/src/service.rs"))
        .expect("the downstream service");
    let section = readme
        .split("\n## Testing your code\n")
        .nth(1)
        .expect("the README has a section \"Testing your code\"");
    let block = section
        .split("```rust,ignore\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a rust block in the section");
    assert_eq!(
        format!("{block}\n"),
        service,
        "README.md and service.rs differ"
    );
}
