//! Lists customers page by page with the generated client of a list resource (the fictional
//! 9101 of `tests/shapes`, `GET /sales/customers`), against a local stand-in for RamBase: no
//! account, no network.
//!
//! ```text
//! cargo run -p rambase-tests --example list_customers
//! ```
//!
//! Against the real API, leave out the local server and the base URL, and log in as in the
//! `add_phone` example.

use std::error::Error;

use rambase_runtime::Format;
use rambase_testkit::shapes_server::ShapesServer;
use rambase_tests::ShapesClient;
use rambase_tests::shapes::prelude::*;
use rambase_tests::shapes::sales::get_customers::v1::Expand;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A server on 127.0.0.1 with seven customers, answering like a RamBase list resource.
    let server = ShapesServer::start().await?;
    let client = server.client(Format::Json);

    // Three customers a page; the stream asks for the next page (`$pageKey`, every other
    // parameter repeated) only when the previous one has been taken.
    let mut pages = client
        .get_customers()
        .top(3)
        .orderby("Name")
        .expand([Expand::Address])
        .pages();
    while let Some(page) = pages.next().await {
        let page = page?;
        println!(
            "page of {} (next key {:?}):",
            page.len(),
            page.next_page_key()
        );
        for customer in page.items() {
            let city = customer.address.as_ref().and_then(|a| a.city.as_deref());
            println!(
                "  {} {:<16} {}",
                customer.customer_id.unwrap_or_default(),
                customer.name.as_deref().unwrap_or_default(),
                city.unwrap_or_default(),
            );
        }
    }

    // Or item by item, stopping early: no page is asked for once four customers were read.
    // Credit limits are `rambase_runtime::Decimal`: 0.1 + 0.2 adds up to exactly 0.3.
    let mut items = client.get_customers().top(3).items().max_items(4);
    let mut total = rambase_runtime::Decimal::ZERO;
    while let Some(customer) = items.next().await {
        total += customer?.credit_limit.unwrap_or_default();
    }
    println!("credit limits of the first four customers, exactly: {total}");
    Ok(())
}
