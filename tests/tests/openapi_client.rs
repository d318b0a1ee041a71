//! The client generated from specs that `generator import-openapi` wrote (from the RamBase-style
//! document `generator/tests/openapi/rambase.json`), called over HTTP on loopback against the
//! typed mock generated from the same specs: what the importer kept (paths, roots, wire names,
//! rules) is what goes on the wire.

use rambase_runtime::mock::MockServer;
use rambase_runtime::{Decimal, Format};
use rambase_tests::openapi::prelude::*;
use rambase_tests::openapi::sales::create_order::latest::{
    CustomerId, CustomerReference, CustomerReferenceRequest, SalesOrder, SalesOrderRequest,
};
use rambase_tests::openapi::sales::create_order::mock::latest::CreateOrderStub;
use rambase_tests::openapi::sales::delete_order::mock::latest::DeleteOrderStub;
use rambase_tests::openapi::sales::list_orders::mock::latest::ListOrdersStub;

/// The answer to the list, as hand-written JSON: the wire names of the document (`salesOrders`,
/// `salesOrderId`, `totalAmount`, the nested `customer`) and a decimal beyond an `f64`.
const ORDERS_PAGE: &str = r#"{"salesOrders": [{"salesOrderId": 5, "totalAmount": 12345678901234567.89,
    "customer": {"customerId": 100001, "name": "Acme"}}],
    "paging": {"pageSize": 1, "position": 0}}"#;

#[tokio::test]
async fn a_list_imported_from_openapi_pages_with_its_documented_top() {
    let mock = MockServer::start().await;
    let list = ListOrdersStub::new()
        .top(1)
        .raw(200, "application/json", ORDERS_PAGE)
        .times(1)
        .mount(&mock);
    let client = mock.client_builder().format(Format::Json).build().unwrap();
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
    let request = list.requests()[0].clone();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/sales/orders")
    );
    assert_eq!(request.query_value("$top"), Some("1"));

    // The maximum the document gave `$top` (80) is checked before anything is sent.
    let refused = client.list_orders().top(81).send().await.unwrap_err();
    assert!(refused.to_string().contains("$top"), "{refused}");
    assert_eq!(list.calls(), 1);
    assert!(mock.unmatched().is_empty(), "{:?}", mock.unmatched());
    mock.verify();
}

#[tokio::test]
async fn a_post_and_a_delete_imported_from_openapi_go_out_as_documented() {
    let mock = MockServer::start().await;
    let mut customer = CustomerReference::default();
    customer.customer_id = Some(100_001);
    let mut answer = SalesOrder::default();
    answer.customer = Some(customer);
    let create = CreateOrderStub::new().respond(answer).times(1).mount(&mock);
    let delete = DeleteOrderStub::new()
        .sales_order_id(100_007_u32)
        .times(1)
        .mount(&mock);
    let client = mock.client_builder().format(Format::Json).build().unwrap();
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

    let posted = create.requests();
    let sent = String::from_utf8_lossy(&posted[0].body);
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
    let deleted = delete.requests();
    assert_eq!(
        (deleted[0].method.as_str(), deleted[0].path.as_str()),
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
    assert_eq!((create.calls(), delete.calls()), (1, 1));
    assert!(mock.unmatched().is_empty(), "{:?}", mock.unmatched());
    mock.verify();
}
