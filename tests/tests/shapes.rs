//! Every other resource shape end to end (fictional 9102 to 9106, generated at build time from
//! `tests/shapes`): exact decimals, unknown and custom fields, POST, PUT with only the fields
//! set, DELETE with 202 and a documented 404, and a path parameter's default, over real HTTP
//! against the test kit's shapes server (`testkit/src/shapes_server.rs`), in JSON and in XML.

use rambase_runtime::serde_json::json;
use rambase_runtime::{CallError, Decimal, Format};
use rambase_testkit::shapes_server::{
    CUSTOMER_NOT_FOUND, NEW_CUSTOMER_ID, NEW_FIELD_V2, ShapesServer,
};
use rambase_tests::ShapesClient;
use rambase_tests::shapes::prelude::*;
use rambase_tests::shapes::sales::add_customer::v1::CustomerRequest as NewCustomer;
use rambase_tests::shapes::sales::delete_customer::v1::DeleteCustomerErrorCode;
use rambase_tests::shapes::sales::update_customer::v1::CustomerRequest as CustomerChanges;

const FORMATS: [Format; 2] = [Format::Json, Format::Xml];

async fn server() -> ShapesServer {
    ShapesServer::start()
        .await
        .expect("the shapes server starts")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

#[tokio::test]
async fn decimals_add_up_exactly_from_json_numbers_json_strings_and_xml() {
    // (format, decimals as JSON strings): 0.1 and 0.2 arrive in three spellings.
    for (format, strings) in [
        (Format::Json, false),
        (Format::Json, true),
        (Format::Xml, false),
    ] {
        let server = server().await;
        server.set_decimals_as_strings(strings);
        let client = server.client(format);
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

/// Customer 100007's credit limit, read as `format` with decimals sent as strings or not.
async fn big_credit_limit(format: Format, strings: bool) -> Option<Decimal> {
    let server = server().await;
    server.set_decimals_as_strings(strings);
    let client = server.client(format);
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

#[tokio::test]
async fn a_decimal_is_written_without_loss_in_a_post_body() {
    let server = server().await;
    let body = NewCustomer::builder()
        .name("Presis AS")
        .credit_limit(dec(BEYOND_F64))
        .discount(dec("0.3"));
    let created = server
        .client(Format::Json)
        .add_customer(body)
        .send()
        .await
        .unwrap();
    // Written as a number when a reader gets the same value back (0.3), else as a string (a
    // reader would round the number 12345678901234567.89 through a float).
    let sent = server.single_request().body_text();
    assert!(
        sent.contains(&format!(r#""creditLimit":"{BEYOND_F64}""#)),
        "{sent}"
    );
    assert!(sent.contains(r#""discount":0.3"#), "{sent}");
    assert_eq!(created.customer_id, Some(NEW_CUSTOMER_ID as i32));
    assert_eq!(created.credit_limit, Some(dec(BEYOND_F64)));
    assert_eq!(created.discount, Some(dec("0.3")));
}

#[tokio::test]
async fn a_decimal_is_written_as_its_text_in_xml() {
    let server = server().await;
    let body = NewCustomer::builder()
        .name("Presis AS")
        .credit_limit(dec("1234.50"));
    let created = server
        .client(Format::Xml)
        .add_customer(body)
        .send()
        .await
        .unwrap();
    let sent = server.single_request().body_text();
    assert!(
        sent.contains("<CreditLimit>1234.50</CreditLimit>"),
        "{sent}"
    );
    assert_eq!(created.credit_limit, Some(dec("1234.5")));
}

#[tokio::test]
async fn decimal_bounds_are_checked_before_sending() {
    let server = server().await;
    let client = server.client(Format::Json);
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
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_decimal_query_parameter_is_sent_exactly() {
    let server = server().await;
    let page = server
        .client(Format::Json)
        .get_customers()
        .min_credit_limit(dec("99.99"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.single_request().query_value("$minCreditLimit"),
        Some("99.99")
    );
    let ids: Vec<_> = page.items().iter().filter_map(|c| c.customer_id).collect();
    assert_eq!(
        ids,
        [100_003, 100_004, 100_006, 100_007],
        "credit limit 99.99 or more"
    );
}

#[tokio::test]
async fn unknown_and_custom_fields_of_a_response_are_kept() {
    for format in FORMATS {
        let server = server().await;
        let client = server.client(format);
        let customer = client
            .get_customer(100_001)
            .show_custom_fields(true)
            .send()
            .await
            .unwrap();
        assert_eq!(
            server.single_request().query_value("$showCustomFields"),
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
    }
}

#[tokio::test]
async fn custom_fields_are_sent_on_post_and_come_back() {
    for format in FORMATS {
        let server = server().await;
        let body = NewCustomer::builder()
            .name("Egendefinert AS")
            .extra_field("CustomerCategory", "VIP")
            .extra_field("customRef", "A-17");
        let created = server
            .client(format)
            .add_customer(body)
            .send()
            .await
            .unwrap();
        let sent = server.single_request().body_text();
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
    }
}

#[tokio::test]
async fn post_sends_the_documented_default_and_answers_201() {
    let server = server().await;
    let response = server
        .client(Format::Json)
        .add_customer(NewCustomer::builder().name("Standard AS"))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let created = response.into_body();
    let sent = server.single_request();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/sales/customers");
    assert!(
        sent.body_text().contains(r#""discount":0"#),
        "{}",
        sent.body_text()
    );
    assert_eq!(created.discount, Some(Decimal::ZERO));
}

#[tokio::test]
async fn put_sends_only_the_fields_that_were_set() {
    for format in FORMATS {
        let server = server().await;
        let changes = CustomerChanges::builder().credit_limit(dec("500.25"));
        let updated = server
            .client(format)
            .update_customer(100_002, changes)
            .send()
            .await
            .unwrap();
        let sent = server.single_request();
        assert_eq!(sent.method, "PUT");
        assert_eq!(sent.path, "/sales/customers/100002");
        let expected = match format {
            Format::Json => r#"{"customer":{"creditLimit":500.25}}"#,
            _ => "<Customer><CreditLimit>500.25</CreditLimit></Customer>",
        };
        assert_eq!(sent.body_text(), expected, "{format:?}");
        assert_eq!(updated.credit_limit, Some(dec("500.25")), "{format:?}");
        // What was not sent is not changed.
        assert_eq!(updated.name.as_deref(), Some("Bergen Bakeri"), "{format:?}");
        assert_eq!(updated.is_active, Some(true), "{format:?}");
    }
}

#[tokio::test]
async fn put_with_a_boolean_and_a_name() {
    let server = server().await;
    let changes = CustomerChanges::builder()
        .name("Bergen Bakeri AS")
        .is_active(false);
    let updated = server
        .client(Format::Json)
        .update_customer(100_002, changes)
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.single_request().body_text(),
        r#"{"customer":{"name":"Bergen Bakeri AS","isActive":false}}"#
    );
    assert_eq!(updated.is_active, Some(false));
    assert_eq!(updated.credit_limit, Some(dec("0.2")));
}

#[tokio::test]
async fn delete_answers_202_without_a_body() {
    for format in FORMATS {
        let server = server().await;
        let client = server.client(format);
        client.delete_customer(100_003).send().await.unwrap();
        let response = client
            .delete_customer(100_004)
            .send_with_response()
            .await
            .unwrap();
        assert_eq!(response.status(), 202, "{format:?}");
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].method, "DELETE");
        assert_eq!(requests[0].path, "/sales/customers/100003");
        assert!(requests[0].body.is_empty(), "{format:?}");
    }
}

/// The spec gives error 100001 no `rustName`, so its variant is named by its code.
#[tokio::test]
async fn deleting_an_unknown_customer_is_the_documented_404() {
    for format in FORMATS {
        let server = server().await;
        let error = server
            .client(format)
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
    }
}

#[tokio::test]
async fn an_id_below_the_documented_minimum_is_never_sent() {
    let server = server().await;
    let error = server
        .client(Format::Json)
        .delete_customer(99_999)
        .send()
        .await
        .expect_err("minimum 100000");
    assert!(matches!(error, CallError::Validation(_)), "{error:?}");
    assert!(error.to_string().contains("customerId"), "{error}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_path_parameter_default_is_sent_when_left_out() {
    for format in FORMATS {
        let server = server().await;
        let client = server.client(format);
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

        let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/sales/price-lists/1", "/sales/price-lists/7"]);
    }
}

#[tokio::test]
async fn a_path_parameter_override_is_checked() {
    let server = server().await;
    let error = server
        .client(Format::Json)
        .get_price_list()
        .price_list_id(0)
        .send()
        .await
        .expect_err("minimum 1");
    assert!(matches!(error, CallError::Validation(_)), "{error:?}");
    assert_eq!(server.request_count(), 0);
}
