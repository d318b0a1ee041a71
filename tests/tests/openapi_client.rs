//! The client generated from specs that `generator import-openapi` wrote (from the RamBase-style
//! document `generator/tests/openapi/rambase.json`), called over HTTP on loopback: what the
//! importer kept (paths, roots, wire names, rules) is what goes on the wire.

use rambase_runtime::{AccessToken, Client, Decimal, Format};
use rambase_testkit::{Reply, Server};
use rambase_tests::openapi::prelude::*;
use rambase_tests::openapi::sales::create_order::latest::{
    CustomerId, CustomerReferenceRequest, SalesOrderRequest,
};

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .access_token(AccessToken::new("token").unwrap())
        .format(Format::Json)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_list_imported_from_openapi_pages_with_its_documented_top() {
    let server = Server::start(|_| {
        Reply::json(
            200,
            r#"{"salesOrders": [{"salesOrderId": 5, "totalAmount": 12345678901234567.89,
                "customer": {"customerId": 100001, "name": "Acme"}}],
                "paging": {"pageSize": 1, "position": 0}}"#,
        )
    })
    .await;
    let client = client(server.base_url());
    let page = client.list_orders().top(1).send().await.unwrap();
    let order = &page.items()[0];
    assert_eq!(order.sales_order_id, Some(5));
    assert_eq!(
        order.total_amount,
        Some("12345678901234567.89".parse::<Decimal>().unwrap())
    );
    assert_eq!(
        order.customer.as_ref().and_then(|c| c.name.as_deref()),
        Some("Acme")
    );
    let request = server.requests()[0].clone();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/sales/orders")
    );
    assert_eq!(request.query_value("$top"), Some("1"));

    // The maximum the document gave `$top` (80) is checked before anything is sent.
    let refused = client.list_orders().top(81).send().await.unwrap_err();
    assert!(refused.to_string().contains("$top"), "{refused}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_post_and_a_delete_imported_from_openapi_go_out_as_documented() {
    let server = Server::start(|request| match request.method.as_str() {
        // The body sent is `{"salesOrder": {...}}`, the form of the answer too.
        "POST" => Reply::json(201, request.body_text()),
        _ => Reply::empty(202),
    })
    .await;
    let client = client(server.base_url());
    let customer = CustomerReferenceRequest::builder()
        .customer_id(100_001_u32)
        .build()
        .unwrap();
    let body = SalesOrderRequest::builder()
        .customer(customer)
        .currency("NOK")
        .vat_registration_number("NO123");
    let created = client.create_order(body).send().await.unwrap();
    // The response is read back through the imported response model.
    assert_eq!(created.customer.and_then(|c| c.customer_id), Some(100_001));
    client.delete_order(100_007_u32).send().await.unwrap();

    let requests = server.requests();
    let sent = requests[0].body_text();
    // The wire names come from the document: the JSON root, `customerId` nested, and the
    // first-letter-lower-cased `vATRegistrationNumber`.
    assert!(
        sent.starts_with(r#"{"salesOrder":{"customer":{"customerId":100001}"#),
        "{sent}"
    );
    assert!(
        sent.contains(r#""vATRegistrationNumber":"NO123""#),
        "{sent}"
    );
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        ("DELETE", "/sales/orders/100007")
    );

    // The pattern of `Currency` (`^[A-Z]{3}$`) is enforced: nothing is sent.
    let bad = SalesOrderRequest::builder()
        .customer(CustomerReferenceRequest::new(
            CustomerId::new(100_001).unwrap(),
        ))
        .currency("nok");
    let refused = client.create_order(bad).send().await.unwrap_err();
    assert!(refused.to_string().contains("Currency"), "{refused}");
    assert_eq!(server.request_count(), 2);
}
