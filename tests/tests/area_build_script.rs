//! The build-script pattern of a split client's area crate: `build.rs` selects one area with
//! `generator::Config::area`, `lib.rs` re-exports it at the root (`support/lib.rs`'s
//! `collaboration_area`). Its calls work over loopback like the checked-in crate's.

use std::time::Duration;

use rambase_runtime::{AccessToken, Client};
use rambase_testkit::phone_server::{DEMO_CONTACT_ID, Server};
use rambase_tests::collaboration_area::add_contact_phone::v5::{PhoneNumber, PhoneRequest};
use rambase_tests::collaboration_area::prelude::*;

const TOKEN: &str = "SENTINEL-area-5e1f-token";

#[tokio::test]
async fn an_area_crate_generated_by_its_build_script_calls_over_loopback() {
    let server = Server::builder()
        .access_token(TOKEN)
        .start()
        .await
        .expect("the local server starts");
    let client = Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new(TOKEN).expect("a valid token"))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a client");
    let number = PhoneNumber::new("12345678").expect("a valid phone number");
    let phone = client
        .add_contact_phone(DEMO_CONTACT_ID, PhoneRequest::new(number))
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(phone.phone_number.as_deref(), Some("12345678"));
    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/collaboration/contacts/100001/phones");
}
