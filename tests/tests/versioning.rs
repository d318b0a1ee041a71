//! Asking RamBase for the version the code was generated for: one switch on the call or on the
//! client sends `$useMinimumVersion` with the module's `VERSION`, over real HTTP.

use rambase_api::collaboration::add_contact_phone::latest;
use rambase_api::collaboration::add_contact_phone::v5::{PhoneRequest, VERSION};
use rambase_api::prelude::*;
use rambase_runtime::{AccessToken, Client, ClientBuilder};
use rambase_testkit::phone_server::{DEMO_CONTACT_ID, DEMO_TOKEN, Server};

fn client_for(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new(DEMO_TOKEN).expect("token"))
}

fn body() -> rambase_api::collaboration::add_contact_phone::v5::PhoneRequestBuilder {
    PhoneRequest::builder().phone_number("+47 22 33 44 55")
}

#[tokio::test]
async fn the_call_switch_sends_the_generated_version() {
    let server = Server::start().await.expect("server");
    let client = client_for(&server).build().expect("client");
    client
        .add_contact_phone(DEMO_CONTACT_ID, body())
        .send()
        .await
        .expect("plain call");
    client
        .add_contact_phone(DEMO_CONTACT_ID, body())
        .use_generated_version()
        .send()
        .await
        .expect("pinned call");
    let requests = server.requests();
    assert_eq!(
        requests[0].query_value("$useMinimumVersion"),
        None,
        "off by default"
    );
    assert_eq!(
        requests[1].query_values("$useMinimumVersion"),
        vec![VERSION.to_string().as_str()]
    );
}

#[tokio::test]
async fn the_client_switch_applies_to_every_call_and_an_explicit_value_wins() {
    let server = Server::start().await.expect("server");
    let client = client_for(&server)
        .use_generated_version(true)
        .build()
        .expect("client");
    client
        .add_contact_phone(DEMO_CONTACT_ID, body())
        .send()
        .await
        .expect("pinned by the client");
    client
        .add_contact_phone(DEMO_CONTACT_ID, body())
        .use_minimum_version(7)
        .send()
        .await
        .expect("explicit version");
    let requests = server.requests();
    assert_eq!(
        requests[0].query_values("$useMinimumVersion"),
        vec![VERSION.to_string().as_str()]
    );
    assert_eq!(
        requests[1].query_values("$useMinimumVersion"),
        vec!["7"],
        "sent once, the call's own value"
    );
}

/// `latest` is the newest version of the resource in `spec/`, whichever that is.
#[test]
fn latest_is_the_newest_version_module() {
    let root = rambase_testkit::workspace_root();
    let specs = generator::discover_specs(&root.join("spec")).expect("spec/ listed");
    let shown: Vec<std::path::PathBuf> = specs
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
        .collect();
    let api = generator::check_specs(&shown, &root).unwrap_or_else(|e| panic!("{e}"));
    let newest = api
        .resources
        .iter()
        .filter(|r| r.id == latest::RESOURCE_ID && r.operation_snake == "add_contact_phone")
        .map(|r| r.version)
        .max();
    assert_eq!(Some(latest::VERSION), newest);
    assert_eq!(latest::RESOURCE_ID, 3119);
}
