//! The mock server over real loopback HTTP, driven by the real client: the token endpoint,
//! stubs and their answers, paging, XML, diagnostics of unmatched requests and verification.
//! Models and operations are written by hand here, as generated code writes them.
#![cfg(feature = "mock")]

use std::time::Duration;

use rambase_runtime::__private as rt;
use rambase_runtime::mock::{MockServer, NoBody, Stub};
use rambase_runtime::reqwest::Method;
use rambase_runtime::{Call, CallError, Client, ClientSecret, Format, Page, Rule, Rules};
use rt::{ErrorCodes, Fields, FieldsIn, Object, Operation};

/// The rules of a contact id.
enum ContactId {}
impl Rules for ContactId {
    type Value = i32;
    const NAME: &'static str = "contactId";
    const RULES: &'static [Rule] = &[Rule::Minimum(100_000)];
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Phone {
    phone_id: Option<i32>,
    phone_number: Option<String>,
}
impl Object for Phone {
    const NAME: &'static str = "Phone";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("PhoneId", "phoneId", &self.phone_id);
        w.field("PhoneNumber", "phoneNumber", &self.phone_number);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("PhoneId", "phoneId", &mut b.phone_id);
        r.field("PhoneNumber", "phoneNumber", &mut b.phone_number);
    }
}
rt::impl_serde!(Phone);

#[derive(Clone, Copy, Debug, PartialEq)]
enum AddPhoneCode {
    PermissionNotFound,
}
impl ErrorCodes for AddPhoneCode {
    const OPERATION: Operation = Operation::new(
        Method::POST,
        "/collaboration/contacts/{contactId}/phones",
        3119,
        5,
        201,
    );
    const CODES: &'static [(Self, u64, &'static str)] =
        &[(Self::PermissionNotFound, 101015, "Permission not found")];
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Customer {
    customer_id: Option<i32>,
}
impl Object for Customer {
    const NAME: &'static str = "Customer";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("CustomerId", "customerId", &self.customer_id);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("CustomerId", "customerId", &mut b.customer_id);
    }
}
rt::impl_serde!(Customer);

#[derive(Clone, Copy, Debug, PartialEq)]
enum ListCode {}
impl ErrorCodes for ListCode {
    const OPERATION: Operation = Operation::new(Method::GET, "/sales/customers", 9101, 1, 200);
    const CODES: &'static [(Self, u64, &'static str)] = &[];
}

fn phone(number: &str) -> Phone {
    Phone {
        phone_id: None,
        phone_number: Some(number.into()),
    }
}

fn add_phone(client: &Client, contact: i64, number: &str) -> Call<Phone, AddPhoneCode> {
    Call::new(client, "phone")
        .path_checked::<ContactId>(contact)
        .body("phone", phone(number))
}

/// Sends the phone `+47 1` to `contact`, the request most tests need.
async fn send_phone(client: &Client, contact: i64) -> Result<Phone, CallError<AddPhoneCode>> {
    add_phone(client, contact, "+47 1").send().await
}

/// The list call of `GET /sales/customers`, as a generated list call is built.
fn list_customers(client: &Client) -> Call<Page<Customer>, ListCode> {
    Call::new(client, "customers")
}

fn add_phone_stub() -> Stub<Phone> {
    Stub::new::<AddPhoneCode>("AddContactPhone", "phone")
}

fn customers(n: i32) -> Vec<Customer> {
    (1..=n)
        .map(|id| Customer {
            customer_id: Some(id),
        })
        .collect()
}

fn list_stub(n: i32, page_size: usize) -> Stub {
    Stub::<NoBody>::new::<ListCode>("GetCustomers", "").pages(
        "customers",
        customers(n),
        page_size,
        80,
    )
}

#[tokio::test]
async fn a_matched_body_gets_the_model_and_is_recorded_typed() {
    let mock = MockServer::start().await;
    let answer = Phone {
        phone_id: Some(7),
        phone_number: Some("+47 1".into()),
    };
    let stub = mock.mount(
        add_phone_stub()
            .path_checked::<ContactId>(100_001)
            .body(phone("+47 1"))
            .respond_with("phone", &answer)
            .times(1),
    );
    let got = send_phone(&mock.client(), 100_001).await.unwrap();
    assert_eq!(got, answer);
    assert_eq!(stub.bodies(), vec![phone("+47 1")]);
    let request = &stub.requests()[0];
    assert_eq!(request.path, "/collaboration/contacts/100001/phones");
    assert!(
        request.header("authorization").is_none(),
        "the token is not kept"
    );
    mock.verify();
}

#[tokio::test]
async fn a_documented_error_code_gives_the_documented_variant_and_status() {
    let mock = MockServer::start().await;
    mock.mount(add_phone_stub().fail(AddPhoneCode::PermissionNotFound, 404));
    let error = send_phone(&mock.client(), 100_001).await.unwrap_err();
    let CallError::Documented(code, api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(*code, AddPhoneCode::PermissionNotFound);
    assert_eq!((api.status(), api.code()), (404, Some(101015)));
    assert_eq!(api.message(), Some("Permission not found"));
    assert_eq!(api.translated_message(), Some("Permission not found"));
}

#[tokio::test]
async fn an_unmatched_request_names_the_closest_stub_and_fails_verification() {
    let mock = MockServer::start().await;
    mock.mount(
        add_phone_stub()
            .path_checked::<ContactId>(100_002)
            .body(phone("+47 2")),
    );
    mock.mount(Stub::<NoBody>::new::<ListCode>("GetCustomers", ""));
    let error = send_phone(&mock.client(), 100_001).await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("stub #1 of AddContactPhone"), "{text}");
    assert!(
        text.contains("contactId is \"100001\", the stub expects \"100002\""),
        "{text}"
    );
    assert!(text.contains("the body differs"), "{text}");
    assert_eq!(mock.problems().len(), 1);
    let unmatched = mock.take_unmatched();
    assert_eq!(unmatched[0].request.method, "POST");
    assert!(mock.problems().is_empty());
}

#[tokio::test]
async fn unmet_call_counts_are_problems() {
    let mock = MockServer::start().await;
    mock.mount(
        add_phone_stub()
            .respond_with("phone", &Phone::default())
            .times(2),
    );
    mock.mount(list_stub(1, 10).at_least(1));
    send_phone(&mock.client(), 100_001).await.unwrap();
    let problems = mock.problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("expected exactly 2 call(s), got 1"),
        "{problems:?}"
    );
    let verified = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.verify()));
    assert!(verified.is_err());
    // Meet the expectations so that the drop's own verification passes.
    send_phone(&mock.client(), 100_001).await.unwrap();
    list_customers(&mock.client()).send().await.unwrap();
}

#[tokio::test]
async fn the_token_endpoint_refuses_other_credentials_and_requests_need_its_token() {
    let mock = MockServer::with_credentials("acme", "s3cret").await;
    let wrong = rambase_runtime::auth::Login::client_credentials("acme", ClientSecret::new("nope"))
        .token_url(mock.token_url());
    let client = Client::builder()
        .base_url(mock.url())
        .login(wrong)
        .build()
        .unwrap();
    let error = send_phone(&client, 100_001).await.unwrap_err();
    let login = error.login_error().expect("a login error");
    assert_eq!(login.code(), Some(2));
    let token = rambase_runtime::AccessToken::new("not-issued".to_owned()).unwrap();
    let stranger = Client::builder()
        .base_url(mock.url())
        .access_token(token)
        .build()
        .unwrap();
    let error = send_phone(&stranger, 100_001).await.unwrap_err();
    assert!(matches!(error, CallError::Unauthorized(_)), "{error:?}");
    mock.mount(add_phone_stub().respond_with("phone", &Phone::default()));
    send_phone(&mock.client(), 100_001).await.unwrap();
}

#[tokio::test]
async fn pages_follow_opaque_keys_and_honour_top() {
    let mock = MockServer::start().await;
    let stub = mock.mount(list_stub(25, 10));
    let mut pages = list_customers(&mock.client()).pages();
    let mut sizes = Vec::new();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        sizes.push(page.len());
        ids.extend(page.iter().filter_map(|c| c.customer_id));
    }
    assert_eq!(sizes, vec![10, 10, 5]);
    assert_eq!(ids, (1..=25).collect::<Vec<_>>());
    let keys: Vec<_> = stub
        .requests()
        .iter()
        .map(|r| r.query_value("$pageKey").map(str::to_owned))
        .collect();
    assert_eq!(keys[0], None);
    assert!(
        keys[1]
            .as_deref()
            .is_some_and(|k| k.parse::<u32>().is_err()),
        "opaque: {keys:?}"
    );

    let top = list_customers(&mock.client())
        .query_int("$top", 20)
        .query("$inlinecount", "allpages");
    let first = top.send().await.unwrap();
    let paging = first.paging().unwrap();
    assert_eq!(
        (first.len(), paging.page_size, paging.size),
        (20, Some(20), Some(25))
    );
    assert!(
        paging.next_page.as_deref().unwrap().contains("$top=20"),
        "{paging:?}"
    );
    assert!(paging.last_page_key.is_some() && paging.previous_page_key.is_none());

    let over = list_customers(&mock.client()).query_int("$top", 81);
    let error = over.send().await.unwrap_err();
    assert_eq!(
        error.api_error().map(|e| e.status()),
        Some(400),
        "{error:?}"
    );
}

#[tokio::test]
async fn xml_is_answered_when_the_request_asks_for_it() {
    let mock = MockServer::start().await;
    let answer = phone("+47 9");
    let stub = mock.mount(
        add_phone_stub()
            .body(phone("+47 9"))
            .respond_with("phone", &answer),
    );
    mock.mount(list_stub(3, 2));
    let client = mock.client_builder().format(Format::Xml).build().unwrap();
    let got = add_phone(&client, 100_001, "+47 9")
        .send_with_response()
        .await
        .unwrap();
    assert!(
        got.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("xml")
    );
    assert_eq!(got.into_body(), answer);
    // The body went out as XML and matched, decoded into the model.
    assert_eq!(stub.requests()[0].body_format(), Format::Xml);
    assert_eq!(stub.bodies(), vec![phone("+47 9")]);
    let mut items = list_customers(&client).items();
    let mut n = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        n += 1;
    }
    assert_eq!(n, 3);
}

#[tokio::test]
async fn a_delay_meets_the_client_timeout_and_a_cut_connection_fails_the_call() {
    let mock = MockServer::start().await;
    mock.mount(
        add_phone_stub()
            .path_checked::<ContactId>(100_001)
            .delay(Duration::from_secs(5)),
    );
    mock.mount(
        add_phone_stub()
            .path_checked::<ContactId>(100_002)
            .cut_connection(),
    );
    let client = mock
        .client_builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = send_phone(&client, 100_001).await.unwrap_err();
    assert!(matches!(error, CallError::Timeout(_)), "{error:?}");
    assert!(error.outcome_unknown());
    let error = send_phone(&mock.client(), 100_002).await.unwrap_err();
    assert!(matches!(error, CallError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn any_status_and_a_raw_body_are_answered_as_given() {
    let mock = MockServer::start().await;
    mock.mount(
        add_phone_stub()
            .path_checked::<ContactId>(100_001)
            .status(503),
    );
    mock.mount(add_phone_stub().raw(502, "text/html", "<html>proxy</html>"));
    let error = send_phone(&mock.client(), 100_001).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    let error = send_phone(&mock.client(), 100_003).await.unwrap_err();
    assert_eq!(error.status(), Some(502));
}

#[tokio::test]
#[should_panic(expected = "can never match")]
async fn a_matcher_that_breaks_a_rule_is_refused_at_mount() {
    let mock = MockServer::start().await;
    mock.mount(add_phone_stub().path_checked::<ContactId>(5));
}

#[tokio::test]
async fn a_failed_page_answers_its_error_and_the_pages_before_it_their_items() {
    let mock = MockServer::start().await;
    let stub = mock.mount(list_stub(25, 10).fail_page(3, AddPhoneCode::PermissionNotFound, 404));
    for (top, served) in [(None, vec![10, 10]), (Some(5), vec![5, 5])] {
        let mut call = list_customers(&mock.client());
        if let Some(top) = top {
            call = call.query_int("$top", top);
        }
        let mut pages = call.pages();
        let mut sizes = Vec::new();
        let error = loop {
            match pages.next().await {
                Some(Ok(page)) => sizes.push(page.len()),
                Some(Err(error)) => break error,
                None => panic!("$top {top:?}: every page was served"),
            }
        };
        assert_eq!(sizes, served, "$top {top:?}: the pages before the third");
        let api = error.api_error().expect("RamBase's error body");
        assert_eq!((api.status(), api.code()), (404, Some(101_015)));
        assert_eq!(api.message(), Some("Permission not found"));
    }
    assert_eq!(stub.calls(), 6);
}

#[tokio::test]
#[should_panic(expected = "fails a page but serves no pages")]
async fn failing_a_page_of_a_stub_without_pages_is_refused_at_mount() {
    let mock = MockServer::start().await;
    mock.mount(Stub::<NoBody>::new::<ListCode>("GetCustomers", "").fail_page_with(2, 500, 1, "x"));
}

#[tokio::test]
async fn a_stub_limited_to_one_answer_hands_the_retry_to_the_next_stub() {
    let mock = MockServer::start().await;
    let fault = mock.mount(
        Stub::<NoBody>::new::<ListCode>("GetCustomers", "")
            .status(503)
            .up_to_n_times(1),
    );
    let list = mock.mount(list_stub(3, 10));
    let policy = rambase_runtime::RetryPolicy::new(2).initial_backoff(Duration::from_millis(1));
    let client = mock.client_builder().retry(policy).build().unwrap();
    let page = list_customers(&client).send().await.unwrap();
    assert_eq!(page.len(), 3, "the retry got the list");
    assert_eq!((fault.calls(), list.calls()), (1, 1));
}

#[tokio::test]
async fn a_used_up_stub_is_named_in_the_diagnostic_of_the_next_request() {
    let mock = MockServer::start().await;
    mock.mount(list_stub(3, 10).up_to_n_times(1));
    list_customers(&mock.client()).send().await.unwrap();
    let error = list_customers(&mock.client()).send().await.unwrap_err();
    assert_eq!(error.status(), Some(404), "{error}");
    let text = error.to_string();
    assert!(
        text.contains("it answered 1 request(s) already, all that up_to_n_times(1) allows"),
        "{text}"
    );
    assert_eq!(
        mock.take_unmatched().len(),
        1,
        "taken, so the drop's verify passes"
    );
}
