//! The client generated from specs that `generator import-openapi` wrote (from the RamBase-style
//! document `generator/tests/openapi/rambase.json`), called over HTTP on loopback: what the
//! importer kept (paths, roots, wire names, rules) is what goes on the wire.

use std::sync::{Arc, Mutex};

use rambase_runtime::{AccessToken, Client, Decimal, Format};
use rambase_tests::http::{self, Bound, RecordedRequest};
use rambase_tests::openapi::prelude::*;
use rambase_tests::openapi::sales::create_order::latest::{
    CustomerId, CustomerReferenceRequest, SalesOrderRequest,
};

/// A server that answers each request from `answer` and records it.
async fn serve(
    answer: fn(&RecordedRequest) -> Vec<u8>,
) -> (http::Serving, Arc<Mutex<Vec<RecordedRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let bound = Bound::new().await.unwrap();
    let serving = bound.serve(move |mut stream| {
        let record = Arc::clone(&record);
        async move {
            let Some(request) = http::read_request(&mut stream).await else {
                return;
            };
            let reply = answer(&request);
            http::lock(&record).push(request);
            http::send_and_close(&mut stream, &reply).await;
        }
    });
    (serving, seen)
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .access_token(AccessToken::new("token").unwrap())
        .format(Format::Json)
        .build()
        .unwrap()
}

fn json(status: u16, body: &str) -> Vec<u8> {
    http::response(
        &http::status_line(status),
        "application/json; charset=utf-8",
        body.as_bytes(),
    )
}

#[tokio::test]
async fn a_list_imported_from_openapi_pages_with_its_documented_top() {
    let (server, seen) = serve(|_| {
        json(
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
    let request = http::lock(&seen)[0].clone();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/sales/orders")
    );
    assert_eq!(request.query_value("$top"), Some("1"));

    // The maximum the document gave `$top` (80) is checked before anything is sent.
    let refused = client.list_orders().top(81).send().await.unwrap_err();
    assert!(refused.to_string().contains("$top"), "{refused}");
    assert_eq!(http::lock(&seen).len(), 1);
}

#[tokio::test]
async fn a_post_and_a_delete_imported_from_openapi_go_out_as_documented() {
    let (server, seen) = serve(|request| match request.method.as_str() {
        // The body sent is `{"salesOrder": {...}}`, the form of the answer too.
        "POST" => json(201, &request.body_text()),
        _ => http::empty_response(&http::status_line(202)),
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

    let requests = http::lock(&seen).clone();
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
    assert_eq!(http::lock(&seen).len(), 2);
}
