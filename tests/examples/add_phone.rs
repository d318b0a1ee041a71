//! Adds a phone to a contact through the generated client of RamBase API resource 3119 v5,
//! against a local stand-in for RamBase: no account, no network.
//!
//! ```text
//! cargo run -p rambase-tests --example add_phone
//! ```
//!
//! Against the real API, leave out the local server and the base URL, and use a real token.

use std::error::Error;

use rambase_api::collaboration::add_contact_phone::v5::PhoneRequest;
use rambase_api::prelude::*;
use rambase_runtime::{AccessToken, Client};
use rambase_tests::server::{DEMO_CONTACT_ID, DEMO_TOKEN, Server};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A server on 127.0.0.1 that answers like RamBase's POST /collaboration/contacts/{id}/phones.
    let server = Server::start().await?;

    let client = Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new(DEMO_TOKEN)?)
        .lang("nob")
        .build()?;

    // Every field is checked before anything is sent; `Type` and `IsDefault` take their
    // documented defaults (`BUSINESS`, `false`).
    let body = PhoneRequest::builder().phone_number("+47 22 33 44 55");
    let phone = client
        .add_contact_phone(DEMO_CONTACT_ID, body)
        .send()
        .await?;

    println!("RamBase added this phone to contact {DEMO_CONTACT_ID}:\n{phone:#?}");
    Ok(())
}
