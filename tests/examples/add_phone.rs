//! Logs in with an API client's id and secret and adds a phone to a contact through the
//! generated client of RamBase API resource 3119 v5, against the typed mock generated from the
//! same spec (its token endpoint and a stub of the resource): no account, no network.
//!
//! ```text
//! cargo run -p rambase-tests --example add_phone
//! ```
//!
//! Against the real API, leave out the mock and the base URL, and use your API client's id and
//! secret.

use std::error::Error;

use rambase_api::collaboration::add_contact_phone::mock::v5::AddContactPhoneStub;
use rambase_api::collaboration::add_contact_phone::v5::{Phone, PhoneRequest, PhoneType};
use rambase_api::prelude::*;
use rambase_runtime::auth::Login;
use rambase_runtime::mock::{MOCK_CLIENT_ID, MOCK_CLIENT_SECRET, MockServer};
use rambase_runtime::{Client, ClientSecret};

/// The contact the phone is added to.
const CONTACT_ID: i64 = 100_001;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // A server on 127.0.0.1 with RamBase's token endpoint, and a stub that answers
    // POST /collaboration/contacts/100001/phones with the phone RamBase would create.
    let mock = MockServer::start().await;
    let mut created = Phone::default();
    created.phone_id = Some(7);
    created.phone_number = Some("+47 22 33 44 55".to_owned());
    created.r#type = Some(PhoneType::BUSINESS);
    created.is_default = Some(false);
    let stub = AddContactPhoneStub::new()
        .contact_id(CONTACT_ID)
        .lang("nob")
        .respond(created)
        .times(1)
        .mount(&mock);

    // The client logs in at the first call (`POST /oauth2/access_token`, client-credentials
    // grant), caches the token and renews it before it expires. The secret is never printed.
    let secret = ClientSecret::new(MOCK_CLIENT_SECRET);
    let client = Client::builder()
        .base_url(mock.url())
        .login(Login::client_credentials(MOCK_CLIENT_ID, secret).token_url(mock.token_url()))
        .lang("nob")
        .build()?;

    // Every field is checked before anything is sent; `Type` and `IsDefault` take their
    // documented defaults (`BUSINESS`, `false`).
    let body = PhoneRequest::builder().phone_number("+47 22 33 44 55");
    let phone = client.add_contact_phone(CONTACT_ID, body).send().await?;

    println!("RamBase added this phone to contact {CONTACT_ID}:\n{phone:#?}");
    println!(
        "the body the client sent, decoded:\n{:#?}",
        stub.bodies()[0]
    );
    mock.verify();
    Ok(())
}
