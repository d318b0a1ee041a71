//! Behaviour of the generated 3119 v5 models on the wire: the exact RamBase JSON and XML bodies,
//! defaults, the open domain type, and tolerant response parsing.

use rambase_api::collaboration::add_contact_phone::latest;
use rambase_api::collaboration::add_contact_phone::v5::{
    Phone, PhoneNumber, PhoneRequest, PhoneType, RESOURCE_ID, VERSION,
};
use rambase_runtime::__private::json::{from_json_body, to_json_body};
use rambase_runtime::__private::xml::{from_xml_body, to_xml_body};
use rambase_runtime::BodyError;
use rambase_runtime::chrono::{DateTime, FixedOffset, TimeZone};
use rambase_runtime::serde_json::{self, Value, json};

/// The body from RamBase's documentation, as the facts file gives it.
const DOCUMENTED_JSON: &str =
    r#"{"phone": {"type": "BUSINESS", "isDefault": false, "phoneNumber": "+47 12345678"}}"#;
const DOCUMENTED_XML: &str = "<Phone><Type>BUSINESS</Type><IsDefault>false</IsDefault>\
                              <PhoneNumber>+47 12345678</PhoneNumber></Phone>";

fn number(text: &str) -> PhoneNumber {
    PhoneNumber::new(text).unwrap_or_else(|e| panic!("{text:?} should be a phone number: {e}"))
}

fn json_text(body: &[u8]) -> String {
    String::from_utf8(body.to_vec()).unwrap_or_else(|e| panic!("body is not UTF-8: {e}"))
}

fn request_json(request: &PhoneRequest) -> String {
    json_text(&to_json_body("phone", request).unwrap_or_else(|e| panic!("{e}")))
}

fn parse_request(body: &str) -> Result<PhoneRequest, BodyError> {
    from_json_body("phone", body.as_bytes())
}

fn parse_response(body: &str) -> Phone {
    from_json_body("phone", body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn parse_xml_response(body: &str) -> Phone {
    from_xml_body(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn offset(seconds_east: i32) -> FixedOffset {
    FixedOffset::east_opt(seconds_east).unwrap_or_else(|| panic!("bad offset {seconds_east}"))
}

fn at(
    offset: FixedOffset,
    (y, mo, d, h, mi, s): (i32, u32, u32, u32, u32, u32),
) -> DateTime<FixedOffset> {
    offset
        .with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap_or_else(|| panic!("bad date"))
}

// --- Identity --------------------------------------------------------------------------------

#[test]
fn the_module_is_resource_3119_version_5_and_latest_is_its_newest_version() {
    assert_eq!((RESOURCE_ID, VERSION), (3119, 5));
    // `latest` follows the spec: v5 or a newer version of the same resource.
    assert_eq!(latest::RESOURCE_ID, RESOURCE_ID);
    const { assert!(latest::VERSION >= VERSION) };
}

/// A request with every field given.
fn request_with(key: PhoneType, is_default: bool, phone_number: PhoneNumber) -> PhoneRequest {
    let mut request = PhoneRequest::new(phone_number);
    request.r#type = key;
    request.is_default = is_default;
    request
}

/// A response with the fields `set` gives (models are `#[non_exhaustive]`: no struct literals
/// outside their crate, so that a field a new version adds breaks nobody).
fn phone_with(set: impl FnOnce(&mut Phone)) -> Phone {
    let mut phone = Phone::default();
    set(&mut phone);
    phone
}

// --- Request JSON ----------------------------------------------------------------------------

#[test]
fn request_serializes_to_the_documented_json_body() {
    let request = PhoneRequest::new(number("+47 12345678"));
    let text = request_json(&request);
    // Root wrapper, first-letter-lower-cased names, native boolean, documented field order.
    assert_eq!(
        text,
        r#"{"phone":{"type":"BUSINESS","isDefault":false,"phoneNumber":"+47 12345678"}}"#
    );
    let expected: Value = serde_json::from_str(DOCUMENTED_JSON).unwrap_or_else(|e| panic!("{e}"));
    let actual: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(actual, expected);
    assert_eq!(actual["phone"]["isDefault"], Value::Bool(false));
}

#[test]
fn the_documented_json_body_round_trips() {
    let request = parse_request(DOCUMENTED_JSON).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.r#type, PhoneType::BUSINESS);
    assert!(!request.is_default);
    assert_eq!(request.phone_number.as_str(), "+47 12345678");
    let again = parse_request(&request_json(&request)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, request);

    let other = request_with(PhoneType::new("MOBILE"), true, number("(555) 123-4567"));
    let text = request_json(&other);
    assert_eq!(
        text,
        r#"{"phone":{"type":"MOBILE","isDefault":true,"phoneNumber":"(555) 123-4567"}}"#
    );
    assert_eq!(parse_request(&text).ok(), Some(other));

    // The empty number is valid (see validation.rs) and survives JSON as "".
    let empty = PhoneRequest::new(number(""));
    let text = request_json(&empty);
    assert_eq!(
        text,
        r#"{"phone":{"type":"BUSINESS","isDefault":false,"phoneNumber":""}}"#
    );
    assert_eq!(parse_request(&text).ok(), Some(empty));
}

#[test]
fn new_and_a_builder_without_type_or_is_default_use_the_documented_defaults() {
    let from_new = PhoneRequest::new(number("+47 12345678"));
    assert_eq!(from_new.r#type, PhoneType::BUSINESS);
    assert_eq!(from_new.r#type.as_str(), "BUSINESS");
    assert!(!from_new.is_default);

    let from_builder = PhoneRequest::builder()
        .phone_number("+47 12345678")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_builder, from_new);
}

#[test]
fn the_builder_keeps_what_it_was_given() {
    let request = PhoneRequest::builder()
        .r#type("PRIVATE")
        .is_default(true)
        .phone_number("12.34")
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.r#type.as_str(), "PRIVATE");
    assert!(request.is_default);
    assert_eq!(request.phone_number.as_str(), "12.34");

    // A checked body's fields can be changed in place; they hold checked values only.
    let mut changed = request.clone();
    changed.is_default = false;
    changed.phone_number = number("1");
    assert_ne!(changed, request);
    assert_eq!(changed.r#type, request.r#type);
}

#[test]
fn deserializing_a_body_without_type_or_is_default_applies_the_defaults() {
    let request =
        parse_request(r#"{"phone": {"phoneNumber": "+47 1"}}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request, PhoneRequest::new(number("+47 1")));
    assert_eq!(request.r#type, PhoneType::BUSINESS);
    assert!(!request.is_default);
}

#[test]
fn a_request_body_without_phone_number_does_not_deserialize() {
    let error = parse_request(r#"{"phone": {"type": "BUSINESS", "isDefault": false}}"#).err();
    let Some(BodyError::Json(error)) = error else {
        panic!("expected a JSON error, got {error:?}");
    };
    // Reading a request goes through its builder, so the error is the builder's: the
    // documented field path and the rule.
    assert!(
        error.to_string().contains("Phone.PhoneNumber: is required"),
        "the error should name the missing field: {error}"
    );
}

#[test]
fn a_request_body_with_an_invalid_phone_number_does_not_deserialize() {
    for body in [
        r#"{"phone": {"phoneNumber": "abc"}}"#,
        r#"{"phone": {"type": "BUSINESS", "isDefault": true, "phoneNumber": "+47 12a"}}"#,
    ] {
        let error = parse_request(body).err();
        let Some(BodyError::Json(error)) = error else {
            panic!("{body}: expected a JSON error, got {error:?}");
        };
        let message = error.to_string();
        assert!(
            message.contains("PhoneNumber") && message.contains("must match the pattern"),
            "{body}: the error should name the field and the rule: {message}"
        );
    }
    let direct: Result<PhoneNumber, _> = serde_json::from_value(json!("1/2"));
    assert!(direct.is_err(), "PhoneNumber deserialized from \"1/2\"");
    let direct: Result<PhoneNumber, _> = serde_json::from_value(json!("1 2"));
    assert_eq!(direct.ok(), Some(number("1 2")));
}

#[test]
fn phone_numbers_serialize_as_plain_strings() {
    assert_eq!(
        serde_json::to_value(number("+47 1")).ok(),
        Some(json!("+47 1"))
    );
}

// --- Domain type -----------------------------------------------------------------------------

#[test]
fn unknown_domain_keys_round_trip_unchanged_and_are_never_rejected() {
    for key in ["PRIVATE", "business", "Mobile phone", "", "ÆØÅ", "X&<Y>"] {
        let body = json!({"phone": {"type": key, "phoneNumber": "1"}}).to_string();
        let request = parse_request(&body).unwrap_or_else(|e| panic!("{key:?} rejected: {e}"));
        assert_eq!(request.r#type.as_str(), key);
        assert_eq!(request.r#type.to_string(), key);
        let again: Value =
            serde_json::from_str(&request_json(&request)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again["phone"]["type"], Value::String(key.to_owned()));
    }
    assert_ne!(PhoneType::new("business"), PhoneType::BUSINESS);
}

#[test]
fn a_domain_key_built_from_text_equals_the_constant() {
    assert_eq!(PhoneType::new("BUSINESS"), PhoneType::BUSINESS);
    assert_eq!(PhoneType::from("BUSINESS"), PhoneType::BUSINESS);
    assert_eq!(PhoneType::from(String::from("PRIVATE")).as_str(), "PRIVATE");
    let set: std::collections::BTreeSet<PhoneType> =
        [PhoneType::BUSINESS, PhoneType::new("BUSINESS")].into();
    assert_eq!(set.len(), 1);
}

// --- Request XML -----------------------------------------------------------------------------

#[test]
fn request_writes_the_documented_xml_body() {
    let request = PhoneRequest::new(number("+47 12345678"));
    assert_eq!(
        String::from_utf8_lossy(&to_xml_body("Phone", &request)),
        DOCUMENTED_XML
    );
}

#[test]
fn request_xml_escapes_domain_keys_and_keeps_whitespace_of_numbers() {
    let request = request_with(PhoneType::new("A&<B>"), true, number("+47\t1\n2"));
    assert_eq!(
        String::from_utf8_lossy(&to_xml_body("Phone", &request)),
        "<Phone><Type>A&amp;&lt;B&gt;</Type><IsDefault>true</IsDefault>\
         <PhoneNumber>+47&#x9;1&#xA;2</PhoneNumber></Phone>"
    );
}

#[test]
fn the_documented_xml_request_body_reads_back() {
    let request: PhoneRequest =
        from_xml_body(DOCUMENTED_XML.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request, PhoneRequest::new(number("+47 12345678")));
    // Markup in a domain key, and whitespace that the pattern allows anywhere in a number
    // (leading, trailing, tab, line feed), survive the trip.
    for (key, text) in [
        ("A&<B>", "(0) 1-2"),
        ("PRIVATE", " +47 1 "),
        ("BUSINESS", "+47\t1\n2"),
    ] {
        let request = request_with(PhoneType::new(key), true, number(text));
        let again: PhoneRequest =
            from_xml_body(&to_xml_body("Phone", &request)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, request);
    }
}

#[test]
fn an_xml_request_with_an_invalid_phone_number_does_not_read() {
    let body = b"<Phone><Type>BUSINESS</Type><PhoneNumber>abc</PhoneNumber></Phone>";
    assert!(from_xml_body::<PhoneRequest>(body).is_err());
}

// --- Response JSON ---------------------------------------------------------------------------

#[test]
fn a_full_json_response_reads_every_field() {
    let phone = parse_response(
        r#"{"phone": {"phoneId": 123, "createdAt": "2026-11-26T14:05:00+01:00",
            "isDefault": true, "type": "BUSINESS", "phoneNumber": "+47 12345678"}}"#,
    );
    assert_eq!(
        phone,
        phone_with(|p| {
            p.phone_id = Some(123);
            p.created_at = Some(at(offset(3600), (2026, 11, 26, 14, 5, 0)));
            p.is_default = Some(true);
            p.r#type = Some(PhoneType::BUSINESS);
            p.phone_number = Some("+47 12345678".to_owned());
        })
    );
}

#[test]
fn created_at_keeps_its_offset() {
    let plus_one = parse_response(r#"{"phone": {"createdAt": "2026-11-26T14:05:00+01:00"}}"#);
    let created = plus_one
        .created_at
        .unwrap_or_else(|| panic!("no createdAt"));
    assert_eq!(created.offset(), &offset(3600));
    assert_eq!(created.to_rfc3339(), "2026-11-26T14:05:00+01:00");
    assert_eq!(created.timestamp(), 1_795_698_300);

    let zulu = parse_response(r#"{"phone": {"createdAt": "2026-11-26T13:05:00Z"}}"#);
    let created_z = zulu.created_at.unwrap_or_else(|| panic!("no createdAt"));
    assert_eq!(created_z.offset(), &offset(0));
    // The same instant, written with another offset.
    assert_eq!(created_z, created);
    assert_eq!(created_z.timestamp(), created.timestamp());

    // Serializing a response keeps the offset too.
    let value = serde_json::to_value(&plus_one).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value, json!({"createdAt": "2026-11-26T14:05:00+01:00"}));
}

#[test]
fn a_json_response_tolerates_absent_fields_and_explicit_nulls() {
    assert_eq!(parse_response(r#"{"phone": {}}"#), Phone::default());
    assert_eq!(
        parse_response(
            r#"{"phone": {"phoneId": null, "createdAt": null, "isDefault": null,
                "type": null, "phoneNumber": null}}"#
        ),
        Phone::default()
    );
    assert_eq!(
        parse_response(r#"{"phone": {"phoneId": 7, "isDefault": null}}"#),
        phone_with(|p| {
            p.phone_id = Some(7);
        })
    );
}

#[test]
fn a_json_response_keeps_unknown_fields() {
    let phone = parse_response(
        r#"{"phone": {"phoneId": 7, "customField": {"nested": [1, 2]}, "extension": "12",
            "type": "PRIVATE"}, "paging": {}}"#,
    );
    assert_eq!(
        phone,
        phone_with(|p| {
            p.phone_id = Some(7);
            p.r#type = Some(PhoneType::new("PRIVATE"));
            p.extra_fields
                .insert("customField", serde_json::json!({"nested": [1, 2]}));
            p.extra_fields.insert("extension", "12");
        })
    );
}

#[test]
fn a_response_is_not_held_to_the_request_pattern() {
    // The server is the authority on what it stored; a response never fails the client's rules.
    let phone = parse_response(r#"{"phone": {"phoneNumber": "ext. 12 / abc"}}"#);
    assert_eq!(phone.phone_number.as_deref(), Some("ext. 12 / abc"));
}

#[test]
fn a_response_serializes_without_absent_fields_and_reads_back() {
    let phone = phone_with(|p| {
        p.phone_id = Some(1);
        p.created_at = Some(at(offset(-5 * 3600), (2026, 1, 2, 3, 4, 5)));
        p.is_default = Some(false);
        p.r#type = Some(PhoneType::new("PRIVATE"));
    });
    let body = to_json_body("phone", &phone).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        json_text(&body),
        r#"{"phone":{"phoneId":1,"createdAt":"2026-01-02T03:04:05-05:00","isDefault":false,"type":"PRIVATE"}}"#
    );
    assert_eq!(parse_response(&json_text(&body)), phone);
}

// --- Response XML ----------------------------------------------------------------------------

#[test]
fn a_full_xml_response_reads_every_field() {
    let phone = parse_xml_response(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Phone>\n  <PhoneId>123</PhoneId>\n  \
         <CreatedAt>2026-11-26T14:05:00+01:00</CreatedAt>\n  <IsDefault>false</IsDefault>\n  \
         <Type>BUSINESS</Type>\n  <PhoneNumber>+47 12345678</PhoneNumber>\n</Phone>",
    );
    assert_eq!(
        phone,
        phone_with(|p| {
            p.phone_id = Some(123);
            p.created_at = Some(at(offset(3600), (2026, 11, 26, 14, 5, 0)));
            p.is_default = Some(false);
            p.r#type = Some(PhoneType::BUSINESS);
            p.phone_number = Some("+47 12345678".to_owned());
        })
    );
}

#[test]
fn an_xml_response_keeps_the_offset_of_created_at() {
    let zulu = parse_xml_response("<Phone><CreatedAt>2026-11-26T14:05:00Z</CreatedAt></Phone>");
    let created = zulu.created_at.unwrap_or_else(|| panic!("no CreatedAt"));
    assert_eq!(created.offset(), &offset(0));
    assert_eq!(created, at(offset(0), (2026, 11, 26, 14, 5, 0)));

    let plus_one =
        parse_xml_response("<Phone><CreatedAt>2026-11-26T14:05:00+01:00</CreatedAt></Phone>");
    let created = plus_one
        .created_at
        .unwrap_or_else(|| panic!("no CreatedAt"));
    assert_eq!(created.offset(), &offset(3600));
}

#[test]
fn an_xml_response_tolerates_absent_and_empty_elements_and_keeps_unknown_ones() {
    assert_eq!(parse_xml_response("<Phone></Phone>"), Phone::default());
    assert_eq!(parse_xml_response("<Phone/>"), Phone::default());
    // An empty element is the empty value where the type has one (text, a domain key), as
    // `""` is in JSON, and absent where it has none (a number, a date, a boolean).
    let empty = parse_xml_response(
        "<Phone><PhoneId/><CreatedAt></CreatedAt><IsDefault/><Type/>\
         <PhoneNumber></PhoneNumber></Phone>",
    );
    assert_eq!(
        empty,
        phone_with(|p| {
            p.r#type = Some(PhoneType::new(""));
            p.phone_number = Some(String::new());
        })
    );
    assert_eq!(
        parse_response(r#"{"phone": {"type": "", "phoneNumber": ""}}"#),
        empty
    );
    // XML's nil is JSON's null.
    assert_eq!(
        parse_xml_response(
            "<Phone xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><PhoneId i:nil=\"true\"/>\
             <Type i:nil=\"true\"/><PhoneNumber i:nil=\"true\"></PhoneNumber></Phone>"
        ),
        Phone::default()
    );
    assert_eq!(
        parse_xml_response(
            "<Phone><PhoneId>9</PhoneId><CustomField><Inner>x</Inner></CustomField>\
             <Extension>12</Extension><Type>PRIVATE</Type></Phone>"
        ),
        phone_with(|p| {
            p.phone_id = Some(9);
            p.r#type = Some(PhoneType::new("PRIVATE"));
            // Kept in the JSON form of their names, whichever format they came in.
            p.extra_fields
                .insert("customField", serde_json::json!({"inner": "x"}));
            p.extra_fields.insert("extension", "12");
        })
    );
}
