//! Lists customers page by page with the generated client of a list resource (the fictional
//! 9101 of `tests/shapes`, `GET /sales/customers`), against the typed mock generated from the
//! same spec: no account, no network.
//!
//! ```text
//! cargo run -p rambase-tests --example list_customers
//! ```
//!
//! Against the real API, leave out the mock and the base URL, and log in as in the `add_phone`
//! example.

use std::error::Error;

use rambase_runtime::mock::MockServer;
use rambase_runtime::{Decimal, Format};
use rambase_tests::shapes::prelude::*;
use rambase_tests::shapes::sales::get_customers::mock::v1::GetCustomersStub;
use rambase_tests::shapes::sales::get_customers::v1::{Address, Customer, Expand};

/// Seven customers as RamBase would list them, each with its address and credit limit.
fn customers() -> Result<Vec<Customer>, Box<dyn Error>> {
    let rows = [
        (100_001, "Acme AS", "Oslo", "0.1"),
        (100_002, "Bergen Bakeri", "Bergen", "0.2"),
        (100_003, "Fjord Fisk", "Ålesund", "1234.56"),
        (100_004, "Nordlys Energi", "Tromsø", "10000"),
        (100_005, "Troll Tech & Co", "Trondheim", "0"),
        (100_006, "Viking Vann", "Stavanger", "99.99"),
        (100_007, "Aurora Design", "Bodø", "12345678901234567.89"),
    ];
    let mut all = Vec::new();
    for (id, name, city, credit_limit) in rows {
        let mut address = Address::default();
        address.city = Some(city.to_owned());
        let mut customer = Customer::default();
        customer.customer_id = Some(id);
        customer.name = Some(name.to_owned());
        customer.address = Some(address);
        customer.credit_limit = Some(credit_limit.parse::<Decimal>()?);
        all.push(customer);
    }
    Ok(all)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A server on 127.0.0.1 that serves the seven customers as a RamBase list resource does:
    // pages of `$top` items linked by opaque `$pageKey`s. It serves them in the order given
    // (it does not sort by `$orderby`, filter or select: RamBase does).
    let mock = MockServer::start().await;
    let list = GetCustomersStub::new()
        .respond_pages(customers()?, 10)
        .mount(&mock);
    let client = mock.client_builder().format(Format::Json).build()?;

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
    let mut total = Decimal::ZERO;
    while let Some(customer) = items.next().await {
        total += customer?.credit_limit.unwrap_or_default();
    }
    println!("credit limits of the first four customers, exactly: {total}");
    println!("requests the mock answered: {}", list.calls());
    Ok(())
}
