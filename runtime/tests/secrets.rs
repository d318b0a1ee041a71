//! Every secret type hides its value when printed, through the public API.

use rambase_runtime::{AuthorizationCode, ClientSecret, Password, RefreshToken};

#[test]
fn every_secret_type_hides_its_value() {
    let text = format!(
        "{:?} {} {:?} {} {:?} {} {:?} {} {:#?}",
        ClientSecret::new("SENTINEL1"),
        ClientSecret::from("SENTINEL1"),
        Password::new("SENTINEL2"),
        Password::from(String::from("SENTINEL2")),
        RefreshToken::new("SENTINEL3"),
        RefreshToken::new("SENTINEL3"),
        AuthorizationCode::new("SENTINEL4"),
        AuthorizationCode::new("SENTINEL4"),
        Some(Password::new("SENTINEL5")),
    );
    assert!(!text.contains("SENTINEL"), "{text}");
    assert!(text.contains("Password(***)"), "{text}");
    assert_eq!(RefreshToken::new("r").expose_secret(), "r");
}
