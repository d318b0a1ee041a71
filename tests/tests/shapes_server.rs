//! The wire forms of the test kit's shapes server (`testkit/src/shapes_server.rs`) itself,
//! read with a bare HTTP call: what the end-to-end tests in `lists.rs` and `shapes.rs` rely on
//! it sending.

use rambase_runtime::serde_json::{Value, from_str};
use rambase_testkit::raw::raw_call;
use rambase_testkit::shapes_server::{ACCESS_TOKEN, ShapesServer, page_key};

async fn get(server: &ShapesServer, target: &str) -> (u16, String) {
    let bearer = format!("Bearer {ACCESS_TOKEN}");
    raw_call(
        server.base_url(),
        "GET",
        target,
        &[("Authorization", &bearer)],
        "",
    )
    .await
    .expect("the server answers")
}

#[tokio::test]
async fn a_json_page_has_the_plural_root_and_paging_without_size() {
    let server = ShapesServer::start().await.unwrap();
    let (status, body) = get(
        &server,
        "/sales/customers?$top=3&$filter=startswith(Name,'')",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let value: Value = from_str(&body).unwrap();
    assert_eq!(value["customers"].as_array().map(Vec::len), Some(3));
    let paging = &value["paging"];
    assert_eq!(paging["nextPageKey"], page_key(3));
    assert_eq!(paging["pageSize"], 3);
    assert!(paging.get("size").is_none() && paging.get("previousPageKey").is_none());
    let next = paging["nextPage"].as_str().unwrap();
    assert!(
        next.ends_with(
            "/sales/customers?$top=3&$filter=startswith%28Name%2C%27%27%29&$pageKey=pk-3"
        ),
        "{next}"
    );
    // Decimals are JSON numbers unless asked otherwise, with every digit.
    assert!(body.contains(r#""creditLimit":0.1,"#), "{body}");

    server.set_decimals_as_strings(true);
    let (_, body) = get(&server, "/sales/customers/100007").await;
    assert!(
        body.contains(r#""creditLimit":"12345678901234567.89""#),
        "{body}"
    );
}

#[tokio::test]
async fn the_last_page_has_no_next_key_and_size_comes_with_inlinecount() {
    let server = ShapesServer::start().await.unwrap();
    let (_, body) = get(
        &server,
        "/sales/customers?$top=3&$pageKey=pk-6&$inlinecount=allpages",
    )
    .await;
    let value: Value = from_str(&body).unwrap();
    assert_eq!(value["customers"].as_array().map(Vec::len), Some(1));
    assert!(value["paging"].get("nextPageKey").is_none(), "{body}");
    assert_eq!(value["paging"]["size"], 7);
    assert_eq!(value["paging"]["previousPageKey"], page_key(3));
}

#[tokio::test]
async fn an_xml_page_holds_one_element_per_item_then_paging() {
    let server = ShapesServer::start().await.unwrap();
    let (_, body) = get(
        &server,
        "/sales/customers?$top=1&$format=xml&$expand=Contacts",
    )
    .await;
    let body = body.trim_start_matches("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    assert!(body.starts_with("<Customers><Customer>"), "{body}");
    assert!(
        body.contains("<Tags><Tags>key-account</Tags><Tags>export</Tags></Tags>"),
        "{body}"
    );
    assert!(
        body.contains("<Contacts><Contact><ContactId>500001</ContactId>"),
        "{body}"
    );
    assert!(body.contains("</Customer><Paging>"), "{body}");
    assert!(body.ends_with("</Paging></Customers>"), "{body}");
}

#[tokio::test]
async fn refusals_are_rambase_error_bodies() {
    let server = ShapesServer::start().await.unwrap();
    for (target, status) in [
        ("/sales/customers?$top=81", 400),
        ("/sales/customers?$filter=Name%20ne%20'x'", 400),
        ("/sales/customers?$expand=Invoices", 400),
        ("/sales/customers/1", 404),
        ("/sales/orders", 404),
    ] {
        let (got, body) = get(&server, target).await;
        assert_eq!(got, status, "{target}: {body}");
        let value: Value = from_str(&body).unwrap();
        assert_eq!(value["httpStatusCode"], status, "{target}");
    }
    let (status, _) = raw_call(server.base_url(), "GET", "/sales/customers", &[], "")
        .await
        .unwrap();
    assert_eq!(status, 401, "no token");
}
