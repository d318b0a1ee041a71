//! Reading the authorization code off the browser's redirect, through the public API.

use rambase_runtime::auth::{RedirectError, read_redirect};

const BASE: &str = "http://localhost:8080/callback";

#[test]
fn the_code_is_read_only_with_the_right_state() {
    let read = |query: &str| read_redirect(&format!("{BASE}?{query}"), "st4te");
    assert_eq!(
        read("state=st4te&code=a%2Bb").map(|code| code.expose_secret().to_owned()),
        Ok("a+b".to_owned())
    );
    for forged in [
        "code=x",
        "code=x&state=other",
        "code=x&state=st4tE",
        "state=&code=x",
    ] {
        assert_eq!(
            read(forged).err(),
            Some(RedirectError::StateMismatch),
            "{forged}"
        );
    }
    assert_eq!(
        read("error=access_denied&error_description=User+declined&state=st4te").err(),
        Some(RedirectError::Denied {
            error: "access_denied".into(),
            description: Some("User declined".into()),
        })
    );
    // An error that does not belong to this login is a mismatch, not a refusal.
    assert_eq!(
        read("error=access_denied").err(),
        Some(RedirectError::StateMismatch)
    );
    assert_eq!(read("state=st4te").err(), Some(RedirectError::MissingCode));
    assert_eq!(
        read("state=st4te&code=").err(),
        Some(RedirectError::MissingCode)
    );
    assert_eq!(
        read_redirect("/callback?code=x&state=st4te", "st4te").err(),
        Some(RedirectError::InvalidUrl)
    );
    let text = RedirectError::StateMismatch.to_string();
    assert!(text.contains("start the browser login again"), "{text}");
}
