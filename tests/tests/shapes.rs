//! Every other resource shape end to end (fictional 9102 to 9106, generated at build time from
//! `tests/shapes`): exact decimals, unknown and custom fields, POST, PUT with only the fields
//! set, DELETE with 202 and a documented 404, and a path parameter's default, over real HTTP
//! against the typed mock generated from the same specs, in JSON and in XML.
//!
//! Answers are typed models, except where the spelling on the wire is the point (a decimal as
//! a JSON string, or as a JSON number with more digits than an `f64` holds): those are given
//! raw, as RamBase writes them.

use rambase_runtime::mock::{MockServer, Mounted, Received};
use rambase_runtime::serde_json::json;
use rambase_runtime::{CallError, Client, Decimal, Format};
use rambase_tests::shapes::prelude::*;
use rambase_tests::shapes::sales::add_customer::mock::v1::AddCustomerStub;
use rambase_tests::shapes::sales::add_customer::v1::{
    Customer as Created, CustomerRequest as NewCustomer,
};
use rambase_tests::shapes::sales::delete_customer::mock::v1::DeleteCustomerStub;
use rambase_tests::shapes::sales::delete_customer::v1::DeleteCustomerErrorCode;
use rambase_tests::shapes::sales::get_customer::mock::v1::GetCustomerStub;
use rambase_tests::shapes::sales::get_customer::v1::Customer as OneCustomer;
use rambase_tests::shapes::sales::get_customers::mock::v1::GetCustomersStub;
use rambase_tests::shapes::sales::get_customers::v1::Customer as Listed;
use rambase_tests::shapes::sales::get_price_list::mock::v1::GetPriceListStub;
use rambase_tests::shapes::sales::get_price_list::v1::PriceList;
use rambase_tests::shapes::sales::update_customer::mock::v1::UpdateCustomerStub;
use rambase_tests::shapes::sales::update_customer::v1::{
    Customer as Updated, CustomerRequest as CustomerChanges,
};

const FORMATS: [Format; 2] = [Format::Json, Format::Xml];

/// The id RamBase gives the customer a POST creates.
const NEW_CUSTOMER_ID: i32 = 100_008;

/// RamBase error 100001 of 9105: no such customer (HTTP 404).
const CUSTOMER_NOT_FOUND: u64 = 100_001;

/// The value of the unknown field `newFieldV2`, as a field added by a newer version would be.
const NEW_FIELD_V2: i64 = 5;

/// A client of `mock` that speaks `format`.
fn client(mock: &MockServer, format: Format) -> Client {
    mock.client_builder()
        .format(format)
        .build()
        .expect("a valid client")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// The body text of a received request.
fn body_text(request: &Received) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

/// A customer of the list with `credit_limit`.
fn listed(id: i32, credit_limit: &str) -> Listed {
    let mut customer = Listed::default();
    customer.customer_id = Some(id);
    customer.credit_limit = Some(dec(credit_limit));
    customer
}

/// Customer `id` with `credit_limit` and `discount`.
fn one_customer(id: i32, credit_limit: &str, discount: &str) -> OneCustomer {
    let mut customer = OneCustomer::default();
    customer.customer_id = Some(id);
    customer.credit_limit = Some(dec(credit_limit));
    customer.discount = Some(dec(discount));
    customer
}

/// Mounts the answers 100001 and 100002 (credit limits 0.1 and 0.2) of the list and of
/// customer 100002: typed, or raw JSON with the decimals as strings.
fn mount_small_decimals(mock: &MockServer, strings: bool) {
    if strings {
        let page = r#"{"customers": [{"customerId": 100001, "creditLimit": "0.1"},
            {"customerId": 100002, "creditLimit": "0.2"}], "paging": {}}"#;
        let one = r#"{"customer": {"customerId": 100002, "creditLimit": "0.2"}}"#;
        GetCustomersStub::new()
            .raw(200, "application/json", page)
            .mount(mock);
        GetCustomerStub::new()
            .customer_id(100_002)
            .raw(200, "application/json", one)
            .mount(mock);
    } else {
        let items = vec![listed(100_001, "0.1"), listed(100_002, "0.2")];
        GetCustomersStub::new().respond_pages(items, 10).mount(mock);
        GetCustomerStub::new()
            .customer_id(100_002)
            .respond(one_customer(100_002, "0.2", "0"))
            .mount(mock);
    }
}

#[tokio::test]
async fn decimals_add_up_exactly_from_json_numbers_json_strings_and_xml() {
    // (format, decimals as JSON strings): 0.1 and 0.2 arrive in three spellings.
    for (format, strings) in [
        (Format::Json, false),
        (Format::Json, true),
        (Format::Xml, false),
    ] {
        let mock = MockServer::start().await;
        mount_small_decimals(&mock, strings);
        let client = client(&mock, format);
        let page = client.get_customers().top(2).send().await.unwrap();
        let sum: Decimal = page.items().iter().filter_map(|c| c.credit_limit).sum();
        assert_eq!(sum, dec("0.3"), "{format:?}, strings {strings}");

        let one = client.get_customer(100_002).send().await.unwrap();
        assert_eq!(
            one.credit_limit,
            Some(dec("0.2")),
            "{format:?}, strings {strings}"
        );
    }
}

/// 12345678901234567.89 has more digits than an `f64` holds.
const BEYOND_F64: &str = "12345678901234567.89";

/// Customer 100007's credit limit, read as `format` with decimals sent as strings or not: a
/// JSON answer is written as RamBase writes it, an XML one by the mock (decimals are text).
async fn big_credit_limit(format: Format, strings: bool) -> Option<Decimal> {
    let mock = MockServer::start().await;
    let stub = GetCustomerStub::new().customer_id(100_007);
    let stub = match (format, strings) {
        (Format::Json, true) => {
            let body =
                format!(r#"{{"customer": {{"creditLimit": "{BEYOND_F64}", "discount": "100"}}}}"#);
            stub.raw(200, "application/json", body)
        }
        (Format::Json, false) => {
            let body =
                format!(r#"{{"customer": {{"creditLimit": {BEYOND_F64}, "discount": 100}}}}"#);
            stub.raw(200, "application/json", body)
        }
        _ => stub.respond(one_customer(100_007, BEYOND_F64, "100")),
    };
    stub.times(1).mount(&mock);
    let client = client(&mock, format);
    let customer = client.get_customer(100_007).send().await.unwrap();
    assert_eq!(customer.discount, Some(dec("100")), "{format:?}");
    customer.credit_limit
}

#[tokio::test]
async fn a_decimal_no_float_can_hold_arrives_exactly_as_json_text_and_in_xml() {
    for (format, strings) in [(Format::Json, true), (Format::Xml, false)] {
        let limit = big_credit_limit(format, strings).await;
        assert_eq!(limit, Some(dec(BEYOND_F64)), "{format:?}");
    }
}

/// RamBase (.NET) writes a decimal as a JSON number with every digit. serde_json (without
/// `arbitrary_precision`) would read it through an `f64` as 12345678901234568; the runtime
/// hands such a number to the decimal as its digits.
#[tokio::test]
async fn a_decimal_no_float_can_hold_arrives_exactly_as_a_json_number() {
    let limit = big_credit_limit(Format::Json, false).await;
    assert_eq!(limit, Some(dec(BEYOND_F64)));
}

/// The customer a POST of `name` creates, as RamBase answers it.
fn created(name: &str, credit_limit: Option<&str>, discount: &str) -> Created {
    let mut customer = Created::default();
    customer.customer_id = Some(NEW_CUSTOMER_ID);
    customer.name = Some(name.to_owned());
    customer.credit_limit = credit_limit.map(dec);
    customer.discount = Some(dec(discount));
    customer
}

#[tokio::test]
async fn a_decimal_is_written_without_loss_in_a_post_body() {
    let mock = MockServer::start().await;
    let stub = AddCustomerStub::new()
        .respond(created("Presis AS", Some(BEYOND_F64), "0.3"))
        .times(1)
        .mount(&mock);
    let body = NewCustomer::builder()
        .name("Presis AS")
        .credit_limit(dec(BEYOND_F64))
        .discount(dec("0.3"));
    let created = client(&mock, Format::Json)
        .add_customer(body)
        .send()
        .await
        .unwrap();
    // Written as a number when a reader gets the same value back (0.3), else as a string (a
    // reader would round the number 12345678901234567.89 through a float).
    let sent = body_text(&stub.requests()[0]);
    assert!(
        sent.contains(&format!(r#""creditLimit":"{BEYOND_F64}""#)),
        "{sent}"
    );
    assert!(sent.contains(r#""discount":0.3"#), "{sent}");
    let decoded = stub.bodies()[0]
        .credit_limit
        .as_ref()
        .map(ToString::to_string);
    assert_eq!(
        decoded.as_deref(),
        Some(BEYOND_F64),
        "the body the mock decoded"
    );
    assert_eq!(created.customer_id, Some(NEW_CUSTOMER_ID));
    assert_eq!(created.credit_limit, Some(dec(BEYOND_F64)));
    assert_eq!(created.discount, Some(dec("0.3")));
    mock.verify();
}

#[tokio::test]
async fn a_decimal_is_written_as_its_text_in_xml() {
    let mock = MockServer::start().await;
    let stub = AddCustomerStub::new()
        .respond(created("Presis AS", Some("1234.50"), "0"))
        .times(1)
        .mount(&mock);
    let body = NewCustomer::builder()
        .name("Presis AS")
        .credit_limit(dec("1234.50"));
    let created = client(&mock, Format::Xml)
        .add_customer(body)
        .send()
        .await
        .unwrap();
    let sent = body_text(&stub.requests()[0]);
    assert!(
        sent.contains("<CreditLimit>1234.50</CreditLimit>"),
        "{sent}"
    );
    assert_eq!(created.credit_limit, Some(dec("1234.5")));
    mock.verify();
}

#[tokio::test]
async fn decimal_bounds_are_checked_before_sending() {
    let mock = MockServer::start().await;
    let post = AddCustomerStub::new().mount(&mock);
    let list = GetCustomersStub::new().mount(&mock);
    let client = client(&mock, Format::Json);
    let body = NewCustomer::builder()
        .name("Negativ AS")
        .credit_limit(dec("-0.01"))
        .discount(dec("100.01"));
    let error = client
        .add_customer(body)
        .send()
        .await
        .expect_err("two broken rules");
    let text = error.to_string();
    assert!(matches!(error, CallError::Validation(_)), "{error:?}");
    assert!(
        text.contains("CreditLimit") && text.contains("Discount"),
        "{text}"
    );

    let error = client
        .get_customers()
        .min_credit_limit(dec("-1"))
        .send()
        .await
        .expect_err("minimum 0");
    assert!(error.to_string().contains("$minCreditLimit"), "{error}");
    assert_eq!((post.calls(), list.calls()), (0, 0));
    assert!(mock.unmatched().is_empty(), "{:?}", mock.unmatched());
}

#[tokio::test]
async fn a_decimal_query_parameter_is_sent_exactly() {
    let mock = MockServer::start().await;
    // RamBase's answer to `$minCreditLimit=99.99`: the customers with 99.99 or more.
    let rich = [
        (100_003, "1234.56"),
        (100_004, "10000"),
        (100_006, "99.99"),
        (100_007, BEYOND_F64),
    ];
    let items = rich.iter().map(|(id, limit)| listed(*id, limit)).collect();
    let list = GetCustomersStub::new()
        .min_credit_limit(dec("99.99"))
        .respond_pages(items, 10)
        .times(1)
        .mount(&mock);
    let page = client(&mock, Format::Json)
        .get_customers()
        .min_credit_limit(dec("99.99"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        list.requests()[0].query_value("$minCreditLimit"),
        Some("99.99")
    );
    let ids: Vec<_> = page.items().iter().filter_map(|c| c.customer_id).collect();
    assert_eq!(
        ids,
        [100_003, 100_004, 100_006, 100_007],
        "credit limit 99.99 or more"
    );
    mock.verify();
}

/// Customer 100001 as RamBase shows it with `$showCustomFields=true`: the custom field
/// `customerCategory`, and fields this version does not know (`newFieldV2`, `loyalty`).
fn acme_with_extras() -> OneCustomer {
    let mut acme = one_customer(100_001, "0.1", "2.5");
    acme.name = Some("Acme AS".to_owned());
    let extra = &mut acme.extra_fields;
    extra.insert("customerCategory", "VIP");
    extra.insert("newFieldV2", NEW_FIELD_V2);
    extra.insert("loyalty", json!({"level": "gold", "points": 1200}));
    acme
}

/// Mounts customer 100001 with its custom field for `$showCustomFields=true`, and without it
/// otherwise; the handle is the first stub's.
fn mount_acme(mock: &MockServer) -> Mounted {
    let custom = GetCustomerStub::new()
        .customer_id(100_001)
        .show_custom_fields(true)
        .respond(acme_with_extras())
        .times(1)
        .mount(mock);
    let mut plain_acme = acme_with_extras();
    plain_acme.extra_fields.remove("customerCategory");
    GetCustomerStub::new()
        .customer_id(100_001)
        .respond(plain_acme)
        .times(1)
        .mount(mock);
    custom
}

#[tokio::test]
async fn unknown_and_custom_fields_of_a_response_are_kept() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let custom = mount_acme(&mock);
        let client = client(&mock, format);
        let customer = client
            .get_customer(100_001)
            .show_custom_fields(true)
            .send()
            .await
            .unwrap();
        assert_eq!(
            custom.requests()[0].query_value("$showCustomFields"),
            Some("true")
        );
        let extra = &customer.extra_fields;
        assert_eq!(
            extra.get("customerCategory"),
            Some(&json!("VIP")),
            "{format:?}"
        );
        // Names are taken either way; XML gives text back as strings.
        assert_eq!(
            extra.get("CustomerCategory"),
            Some(&json!("VIP")),
            "{format:?}"
        );
        let new_field: Option<i64> = extra.get_as("newFieldV2").ok().flatten().or_else(|| {
            extra
                .get_as::<String>("newFieldV2")
                .ok()
                .flatten()?
                .parse()
                .ok()
        });
        assert_eq!(new_field, Some(NEW_FIELD_V2), "{format:?}");
        let loyalty = extra.get("loyalty").expect("a nested unknown object");
        assert_eq!(loyalty["level"], json!("gold"), "{format:?}: {loyalty}");
        // The declared fields are not repeated among the extras.
        assert!(extra.get("name").is_none() && extra.get("creditLimit").is_none());
        assert_eq!(customer.name.as_deref(), Some("Acme AS"));

        let plain = client.get_customer(100_001).send().await.unwrap();
        assert_eq!(
            plain.extra_fields.get("customerCategory"),
            None,
            "{format:?}"
        );
        mock.verify();
    }
}

#[tokio::test]
async fn custom_fields_are_sent_on_post_and_come_back() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let mut answer = created("Egendefinert AS", None, "0");
        answer.extra_fields.insert("customerCategory", "VIP");
        answer.extra_fields.insert("customRef", "A-17");
        let stub = AddCustomerStub::new().respond(answer).times(1).mount(&mock);
        let body = NewCustomer::builder()
            .name("Egendefinert AS")
            .extra_field("CustomerCategory", "VIP")
            .extra_field("customRef", "A-17");
        let created = client(&mock, format)
            .add_customer(body)
            .send()
            .await
            .unwrap();
        let sent = body_text(&stub.requests()[0]);
        match format {
            Format::Json => {
                assert!(sent.contains(r#""customerCategory":"VIP""#), "{sent}");
                assert!(sent.contains(r#""customRef":"A-17""#), "{sent}");
            }
            _ => {
                assert!(
                    sent.contains("<CustomerCategory>VIP</CustomerCategory>"),
                    "{sent}"
                );
                assert!(sent.contains("<CustomRef>A-17</CustomRef>"), "{sent}");
            }
        }
        let extra = &created.extra_fields;
        assert_eq!(
            extra.get("customerCategory"),
            Some(&json!("VIP")),
            "{format:?}"
        );
        assert_eq!(extra.get("customRef"), Some(&json!("A-17")), "{format:?}");
        assert_eq!(created.name.as_deref(), Some("Egendefinert AS"));
        mock.verify();
    }
}

#[tokio::test]
async fn post_sends_the_documented_default_and_answers_201() {
    let mock = MockServer::start().await;
    let stub = AddCustomerStub::new()
        .respond(created("Standard AS", None, "0"))
        .times(1)
        .mount(&mock);
    let response = client(&mock, Format::Json)
        .add_customer(NewCustomer::builder().name("Standard AS"))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let created = response.into_body();
    let sent = &stub.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/sales/customers");
    let text = body_text(sent);
    assert!(text.contains(r#""discount":0"#), "{text}");
    assert_eq!(created.discount, Some(Decimal::ZERO));
    mock.verify();
}

/// Customer 100002 after a PUT: `credit_limit` and `is_active` as given, the name kept.
fn bergen(credit_limit: &str, is_active: bool, name: &str) -> Updated {
    let mut customer = Updated::default();
    customer.customer_id = Some(100_002);
    customer.name = Some(name.to_owned());
    customer.credit_limit = Some(dec(credit_limit));
    customer.is_active = Some(is_active);
    customer
}

#[tokio::test]
async fn put_sends_only_the_fields_that_were_set() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let changes = CustomerChanges::builder().credit_limit(dec("500.25"));
        let stub = UpdateCustomerStub::new()
            .customer_id(100_002)
            .body(changes.clone())
            .respond(bergen("500.25", true, "Bergen Bakeri"))
            .times(1)
            .mount(&mock);
        let updated = client(&mock, format)
            .update_customer(100_002, changes)
            .send()
            .await
            .unwrap();
        let sent = &stub.requests()[0];
        assert_eq!(sent.method, "PUT");
        assert_eq!(sent.path, "/sales/customers/100002");
        let expected = match format {
            Format::Json => r#"{"customer":{"creditLimit":500.25}}"#,
            _ => "<Customer><CreditLimit>500.25</CreditLimit></Customer>",
        };
        assert_eq!(body_text(sent), expected, "{format:?}");
        assert_eq!(updated.credit_limit, Some(dec("500.25")), "{format:?}");
        // What was not sent is not changed.
        assert_eq!(updated.name.as_deref(), Some("Bergen Bakeri"), "{format:?}");
        assert_eq!(updated.is_active, Some(true), "{format:?}");
        mock.verify();
    }
}

#[tokio::test]
async fn put_with_a_boolean_and_a_name() {
    let mock = MockServer::start().await;
    let stub = UpdateCustomerStub::new()
        .customer_id(100_002)
        .respond(bergen("0.2", false, "Bergen Bakeri AS"))
        .times(1)
        .mount(&mock);
    let changes = CustomerChanges::builder()
        .name("Bergen Bakeri AS")
        .is_active(false);
    let updated = client(&mock, Format::Json)
        .update_customer(100_002, changes)
        .send()
        .await
        .unwrap();
    assert_eq!(
        body_text(&stub.requests()[0]),
        r#"{"customer":{"name":"Bergen Bakeri AS","isActive":false}}"#
    );
    assert_eq!(updated.is_active, Some(false));
    assert_eq!(updated.credit_limit, Some(dec("0.2")));
    mock.verify();
}

#[tokio::test]
async fn delete_answers_202_without_a_body() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let stub = DeleteCustomerStub::new().times(2).mount(&mock);
        let client = client(&mock, format);
        client.delete_customer(100_003).send().await.unwrap();
        let response = client
            .delete_customer(100_004)
            .send_with_response()
            .await
            .unwrap();
        assert_eq!(response.status(), 202, "{format:?}");
        let requests = stub.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].method, "DELETE");
        assert_eq!(requests[0].path, "/sales/customers/100003");
        assert!(requests[0].body.is_empty(), "{format:?}");
        mock.verify();
    }
}

/// The spec gives error 100001 no `rustName`, so its variant is named by its code.
#[tokio::test]
async fn deleting_an_unknown_customer_is_the_documented_404() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        // The message names the customer, as RamBase's does; `fail` would give the spec's.
        DeleteCustomerStub::new()
            .customer_id(999_999)
            .fail_with(404, CUSTOMER_NOT_FOUND, "Customer 999999 not found")
            .times(1)
            .mount(&mock);
        let error = client(&mock, format)
            .delete_customer(999_999)
            .send()
            .await
            .expect_err("no such customer");
        match &error {
            CallError::Documented(DeleteCustomerErrorCode::CustomerNotFound, api) => {
                assert_eq!(api.status(), 404, "{format:?}");
                assert_eq!(api.code(), Some(CUSTOMER_NOT_FOUND), "{format:?}");
                assert_eq!(api.message(), Some("Customer 999999 not found"));
            }
            other => panic!("{format:?}: expected the documented 404, got {other:?}"),
        }
        assert!(error.to_string().contains("999999"), "{error}");
        mock.verify();
    }
}

#[tokio::test]
async fn an_id_below_the_documented_minimum_is_never_sent() {
    let mock = MockServer::start().await;
    let stub = DeleteCustomerStub::new().mount(&mock);
    let error = client(&mock, Format::Json)
        .delete_customer(99_999)
        .send()
        .await
        .expect_err("minimum 100000");
    assert!(matches!(error, CallError::Validation(_)), "{error:?}");
    assert!(error.to_string().contains("customerId"), "{error}");
    assert_eq!(stub.calls(), 0);
    assert!(mock.unmatched().is_empty(), "{:?}", mock.unmatched());
}

fn price_list(id: i32, name: &str) -> PriceList {
    let mut list = PriceList::default();
    list.price_list_id = Some(id);
    list.name = Some(name.to_owned());
    list
}

#[tokio::test]
async fn a_path_parameter_default_is_sent_when_left_out() {
    for format in FORMATS {
        let mock = MockServer::start().await;
        let main_list = GetPriceListStub::new()
            .price_list_id(1)
            .respond(price_list(1, "Main price list"))
            .times(1)
            .mount(&mock);
        let other_list = GetPriceListStub::new()
            .price_list_id(7)
            .respond(price_list(7, "Price list 7"))
            .times(1)
            .mount(&mock);
        let client = client(&mock, format);
        let main = client.get_price_list().send().await.unwrap();
        assert_eq!(main.price_list_id, Some(1), "{format:?}");
        assert_eq!(main.name.as_deref(), Some("Main price list"), "{format:?}");

        let other = client
            .get_price_list()
            .price_list_id(7)
            .send()
            .await
            .unwrap();
        assert_eq!(other.price_list_id, Some(7), "{format:?}");

        let mut requests = main_list.requests();
        requests.extend(other_list.requests());
        let paths: Vec<_> = requests.into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/sales/price-lists/1", "/sales/price-lists/7"]);
        mock.verify();
    }
}

#[tokio::test]
async fn a_path_parameter_override_is_checked() {
    let mock = MockServer::start().await;
    let stub = GetPriceListStub::new().mount(&mock);
    let error = client(&mock, Format::Json)
        .get_price_list()
        .price_list_id(0)
        .send()
        .await
        .expect_err("minimum 1");
    assert!(matches!(error, CallError::Validation(_)), "{error:?}");
    assert_eq!(stub.calls(), 0);
    assert!(mock.unmatched().is_empty(), "{:?}", mock.unmatched());
}
