//! Logs in with an API client's id and secret and adds a phone to a contact through the
//! generated client of RamBase API resource 3119 v5, against a local stand-in for RamBase (its
//! token endpoint and the resource): no account, no network.
//!
//! ```text
//! cargo run -p rambase-tests --example add_phone
//! ```
//!
//! Against the real API, leave out the local server and the base URL, and use your API
//! client's id and secret.

use std::error::Error;

use rambase_api::collaboration::add_contact_phone::v5::PhoneRequest;
use rambase_api::prelude::*;
use rambase_runtime::auth::Login;
use rambase_runtime::{Client, ClientSecret};
use rambase_testkit::phone_server::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_CONTACT_ID, Server};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A server on 127.0.0.1 that answers like RamBase's POST /collaboration/contacts/{id}/phones.
    let server = Server::start().await?;

    // The client logs in at the first call (`POST /oauth2/access_token`, client-credentials
    // grant), caches the token and renews it before it expires. The secret is never printed.
    let secret = ClientSecret::new(DEMO_CLIENT_SECRET);
    let client = Client::builder()
        .base_url(server.base_url())
        .login(Login::client_credentials(DEMO_CLIENT_ID, secret))
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
