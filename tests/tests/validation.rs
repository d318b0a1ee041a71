//! Validation of the generated 3119 v5 types: the documented phone pattern and `contactId`
//! minimum, held by types that cannot contain an invalid value, and errors that name every
//! broken rule with its field path.
//!
//! Expected values below come from reading the documented pattern, `^([0-9\(\)\s\.\+\-])*$`,
//! with the semantics of the `regex` crate (the engine the generated code uses):
//!
//! - `^` and `$` anchor the whole text (no multi-line flag), and the group repeats with `*`, so
//!   every character must be one of the class and the empty string matches (zero repetitions).
//!   The documentation sets no minimum length, so "" is a valid phone number as documented.
//! - `[0-9]` is the ASCII range U+0030..U+0039 only (unlike `\d`, which is Unicode in `regex`):
//!   Arabic-Indic or full-width digits are rejected.
//! - `\s` is Unicode `White_Space` in `regex` (Unicode mode is on by default): space, tab, line
//!   feed, carriage return and also U+00A0 (no-break space) are accepted.
//! - `\(`, `\)`, `\.`, `\+`, `\-` are the literal characters `(`, `)`, `.`, `+`, `-`.

use rambase_api::collaboration::add_contact_phone::v5::{ContactId, PhoneNumber, PhoneRequest};
use rambase_runtime::serde_json::{self, json};
use rambase_runtime::{Rule, ValidationErrors};

const PATTERN: &str = r"^([0-9\(\)\s\.\+\-])*$";

/// `(input, why it is accepted)`.
const ACCEPTED_PHONE_NUMBERS: &[(&str, &str)] = &[
    ("", "`*` allows zero repetitions"),
    ("+47 12345678", "the documented example"),
    ("+47 123 45 678", "digits, plus and spaces"),
    ("(555) 123-4567", "parentheses and hyphen"),
    ("12.34", "dot"),
    ("0", "one digit"),
    ("()+-.", "only punctuation of the class"),
    ("   ", "only whitespace"),
    ("+47\t123", "tab is \\s"),
    ("+47\n123", "line feed is \\s"),
    ("123\r\n", "carriage return and line feed are \\s"),
    (
        "+47\u{a0}123",
        "no-break space is Unicode White_Space, so \\s",
    ),
    ("+47\u{2003}123", "em space is Unicode White_Space, so \\s"),
];

/// `(input, why it is rejected)`.
const REJECTED_PHONE_NUMBERS: &[(&str, &str)] = &[
    ("abc", "letters"),
    ("+47 12a", "one letter at the end"),
    ("a+47 12", "one letter at the start"),
    ("1/2", "slash is not in the class"),
    ("+47 12 ext 3", "letters inside"),
    ("١٢٣", "Arabic-Indic digits are not in the ASCII range 0-9"),
    ("１２３", "full-width digits are not in the ASCII range 0-9"),
    ("12_34", "underscore"),
    ("12,34", "comma"),
    ("[12]", "brackets"),
    ("12#", "hash"),
    ("+47 12\u{0}", "NUL is not whitespace"),
    ("+47\u{200b}12", "zero-width space is not White_Space"),
    ("\\d", "a backslash is not in the class"),
];

#[test]
fn the_generated_type_uses_the_documented_pattern() {
    let Err(errors) = PhoneNumber::new("x") else {
        panic!("\"x\" was accepted");
    };
    assert_eq!(errors.violations()[0].rule(), &Rule::Pattern(PATTERN));
}

#[test]
fn phone_numbers_the_pattern_accepts() {
    for (input, why) in ACCEPTED_PHONE_NUMBERS {
        match PhoneNumber::new(*input) {
            Ok(number) => assert_eq!(number.as_str(), *input, "{input:?} changed"),
            Err(e) => panic!("{input:?} should be accepted ({why}): {e}"),
        }
    }
}

#[test]
fn phone_numbers_the_pattern_rejects() {
    for (input, why) in REJECTED_PHONE_NUMBERS {
        let Err(errors) = PhoneNumber::new(*input) else {
            panic!("{input:?} should be rejected ({why})");
        };
        assert_eq!(errors.len(), 1, "{input:?}: {errors}");
        let violation = &errors.violations()[0];
        assert_eq!(violation.path(), "PhoneNumber");
        assert_eq!(violation.rule(), &Rule::Pattern(PATTERN));
        assert_eq!(violation.value(), Some(format!("{input:?}").as_str()));
    }
}

#[test]
fn the_tables_agree_with_the_regex_crate_directly() {
    // A cross-check of the generated type against the engine itself, so a table entry that
    // contradicts `regex` shows up here as well as in the generated type.
    let regex = rambase_runtime::regex::Regex::new(PATTERN).unwrap_or_else(|e| panic!("{e}"));
    for (input, _) in ACCEPTED_PHONE_NUMBERS {
        assert!(regex.is_match(input), "regex rejects {input:?}");
    }
    for (input, _) in REJECTED_PHONE_NUMBERS {
        assert!(!regex.is_match(input), "regex accepts {input:?}");
    }
}

#[test]
fn phone_number_conversions_check_the_pattern_too() {
    assert!(PhoneNumber::try_from(String::from("abc")).is_err());
    let number = PhoneNumber::try_from(String::from("+47 1")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(number.to_string(), "+47 1");
    assert_eq!(String::from(number), "+47 1");
}

#[test]
fn contact_id_enforces_the_documented_minimum() {
    for (input, accepted) in [
        (100_000, true),
        (100_001, true),
        (123_456, true),
        (i32::MAX, true),
        (99_999, false),
        (0, false),
        (1, false),
        (-1, false),
        (-100_000, false),
        (i32::MIN, false),
    ] {
        match ContactId::new(input) {
            Ok(id) => {
                assert!(accepted, "{input} should be rejected");
                assert_eq!(id.get(), input);
                assert_eq!(i32::from(id), input);
                assert_eq!(id.to_string(), input.to_string());
            }
            Err(errors) => {
                assert!(!accepted, "{input} should be accepted: {errors}");
                assert_eq!(errors.len(), 1);
                let violation = &errors.violations()[0];
                assert_eq!(violation.path(), "contactId");
                assert_eq!(violation.rule(), &Rule::Minimum(100_000));
                assert_eq!(violation.value(), Some(input.to_string().as_str()));
            }
        }
    }
}

#[test]
fn contact_id_conversions_and_deserialization_check_the_minimum() {
    assert!(ContactId::try_from(99_999).is_err());
    assert_eq!(ContactId::try_from(100_000).map(|id| id.get()), Ok(100_000));
    assert!(serde_json::from_value::<ContactId>(json!(99_999)).is_err());
    assert!(serde_json::from_value::<ContactId>(json!(-1)).is_err());
    // Beyond a 32-bit Integer: not a ContactId either.
    assert!(serde_json::from_value::<ContactId>(json!(4_294_967_296_i64)).is_err());
    let id = serde_json::from_value::<ContactId>(json!(100_000)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::to_value(id).ok(), Some(json!(100_000)));
}

#[test]
fn validation_errors_display_the_field_and_the_rule() {
    let phone = PhoneNumber::new("abc").err().map(|e| e.to_string());
    assert_eq!(
        phone.as_deref(),
        Some(
            "1 invalid input: PhoneNumber: must match the pattern \
             `^([0-9\\(\\)\\s\\.\\+\\-])*$` (got \"abc\")"
        )
    );
    let contact = ContactId::new(99_999).err().map(|e| e.to_string());
    assert_eq!(
        contact.as_deref(),
        Some("1 invalid input: contactId: must be at least 100000 (got 99999)")
    );
}

#[test]
fn the_builder_reports_a_missing_phone_number_as_required_under_its_path() {
    let Err(errors) = PhoneRequest::builder().is_default(true).build() else {
        panic!("a request without PhoneNumber was built");
    };
    let broken: Vec<(&str, &Rule)> = errors.iter().map(|v| (v.path(), v.rule())).collect();
    assert_eq!(broken, [("Phone.PhoneNumber", &Rule::Required)]);
    assert_eq!(
        errors.to_string(),
        "1 invalid input: Phone.PhoneNumber: is required"
    );
}

#[test]
fn the_builder_reports_a_pattern_violation_under_its_path() {
    let Err(errors) = PhoneRequest::builder()
        .r#type("ANYTHING")
        .phone_number("+47 12a")
        .build()
    else {
        panic!("\"+47 12a\" was accepted");
    };
    let broken: Vec<(&str, &Rule)> = errors.iter().map(|v| (v.path(), v.rule())).collect();
    assert_eq!(broken, [("Phone.PhoneNumber", &Rule::Pattern(PATTERN))]);
    assert_eq!(
        errors.to_string(),
        "1 invalid input: Phone.PhoneNumber: must match the pattern \
         `^([0-9\\(\\)\\s\\.\\+\\-])*$` (got \"+47 12a\")"
    );
}

#[test]
fn every_violation_of_a_call_is_reported_together() {
    // PhoneNumber is the only validated field of the body, so a body breaks one rule at most;
    // a call's input (path parameter and body) is checked together, each under its own path.
    let mut errors = ValidationErrors::new();
    if let Err(broken) = ContactId::new(99_999) {
        errors.extend(broken);
    }
    if let Err(broken) = PhoneRequest::builder().phone_number("abc").build() {
        errors.extend(broken);
    }
    let broken: Vec<(&str, &Rule)> = errors.iter().map(|v| (v.path(), v.rule())).collect();
    assert_eq!(
        broken,
        [
            ("contactId", &Rule::Minimum(100_000)),
            ("Phone.PhoneNumber", &Rule::Pattern(PATTERN)),
        ]
    );
    assert!(
        errors
            .to_string()
            .starts_with("2 invalid inputs: contactId: ")
    );
}

#[test]
fn the_builder_accepts_the_empty_phone_number_as_documented() {
    // The pattern's `*` allows "", and the documentation sets no minimum length: a present but
    // empty PhoneNumber passes the client's checks (the server may still refuse it).
    let request = PhoneRequest::builder()
        .phone_number("")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.phone_number.as_str(), "");
}

mod nested_builders {
    //! A nested request object takes its builder like the body does, and `send` reports the
    //! violations of every level in its one error, each with its full field path, over HTTP
    //! against the client imported from OpenAPI (`CreateOrder`, whose `Customer` nests an
    //! `Address`).

    use rambase_runtime::{AccessToken, CallError, Client, Format};
    use rambase_testkit::{Reply, Server};
    use rambase_tests::openapi::prelude::*;
    use rambase_tests::openapi::sales::create_order::latest::{
        AddressRequest, CustomerReferenceRequest, LinesRequest, SalesOrderRequest,
    };

    /// A server that answers a POST with the body it got, and records every request.
    async fn echo_server() -> Server {
        Server::start(|request| Reply::with_body(201, "application/json", request.body_text()))
            .await
    }

    fn client(base_url: &str) -> Client {
        Client::builder()
            .base_url(base_url)
            .access_token(AccessToken::new("token").unwrap())
            .format(Format::Json)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn every_nested_violation_is_in_sends_one_error_with_its_full_path() {
        let server = echo_server().await;
        let client = client(server.base_url());
        let body = SalesOrderRequest::builder()
            .customer(
                CustomerReferenceRequest::builder()
                    .customer_id(99_999)
                    .address(AddressRequest::builder().country_code("NOR")),
            )
            .currency("nok")
            .lines([
                LinesRequest::builder().product_id(100_001),
                LinesRequest::builder().product_id(5),
                LinesRequest::builder(),
            ]);
        let error = client.create_order(body).send().await.unwrap_err();
        let CallError::Validation(violations) = &error else {
            panic!("{error:?}");
        };
        let paths: Vec<_> = violations.iter().map(|v| v.path()).collect();
        assert_eq!(
            paths,
            [
                "SalesOrder.Customer.CustomerId",
                "SalesOrder.Customer.Address.CountryCode",
                "SalesOrder.Currency",
                "SalesOrder.Lines[1].ProductId",
                "SalesOrder.Lines[2].ProductId",
            ],
            "{error}"
        );
        // A missing required nested object is named too.
        let error = client
            .create_order(SalesOrderRequest::builder().currency("NOK"))
            .send()
            .await
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("SalesOrder.Customer: is required"),
            "{error}"
        );
        assert!(server.requests().is_empty());

        // Valid builders at every level: the nested objects go out as set.
        let body = SalesOrderRequest::builder()
            .customer(
                CustomerReferenceRequest::builder()
                    .customer_id(100_001)
                    .address(AddressRequest::builder().country_code("NO")),
            )
            .currency("NOK")
            .lines(vec![LinesRequest::builder().product_id(100_002)]);
        let created = client.create_order(body).send().await.unwrap();
        let customer = created.customer.unwrap();
        assert_eq!(customer.customer_id, Some(100_001));
        let country = customer.address.and_then(|a| a.country_code);
        assert_eq!(country.as_deref(), Some("NO"));
        let sent = server.requests()[0].body_text();
        assert!(sent.contains(r#""lines":[{"productId":100002}]"#), "{sent}");
        assert!(
            sent.starts_with(
                r#"{"salesOrder":{"customer":{"customerId":100001,"address":{"countryCode":"NO"}}"#
            ),
            "{sent}"
        );
    }
}
