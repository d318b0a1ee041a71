//! RamBase's error body in each shape it comes in, read through the public API.

use rambase_runtime::ApiError;

#[test]
fn documented_camel_case_shape_with_numeric_code() {
    let body = br#"{
        "httpStatusCode": 404,
        "httpStatusDescription": "Not Found",
        "message": "Permission not found",
        "translatedMessage": "Tillatelse ikke funnet",
        "errorMessage": {"errorMessageId": 101015, "errorMessageLink": "https://x/101015"},
        "parameters": [{"index": 0, "value": "3119"}, {"index": "1", "value": 7}],
        "stackTrace": null,
        "innerErrors": [{"httpStatusCode": 400, "message": "inner", "errorMessage": {"errorMessageId": "105991"}}]
    }"#;
    let error = ApiError::from_body(404, body);
    assert_eq!(error.status(), 404);
    assert_eq!(error.code(), Some(101_015));
    assert_eq!(error.status_description(), Some("Not Found"));
    assert_eq!(error.message(), Some("Permission not found"));
    assert_eq!(error.translated_message(), Some("Tillatelse ikke funnet"));
    assert_eq!(error.link(), Some("https://x/101015"));
    let parameters: Vec<_> = error
        .parameters()
        .iter()
        .map(|p| (p.index(), p.value()))
        .collect();
    assert_eq!(parameters, [(Some(0), "3119"), (Some(1), "7")]);
    assert_eq!(error.inner_errors().len(), 1);
    assert_eq!(error.inner_errors()[0].status(), 400);
    assert_eq!(error.inner_errors()[0].code(), Some(105_991));
    assert_eq!(error.inner_errors()[0].raw_body_snippet(), "");
    assert!(error.raw_body_snippet().starts_with('{'));
    assert_eq!(
        error.to_string(),
        "HTTP 404, RamBase error 101015: Permission not found (caused by error 105991: inner)"
    );
}

#[test]
fn pascal_case_shape_with_string_code() {
    let body = br#"{"HttpStatusCode":400,"Message":"Event is not of the same type",
        "ErrorMessage":{"ErrorMessageId":" 105991 "},"Parameters":[],"InnerErrors":[]}"#;
    let error = ApiError::from_body(400, body);
    assert_eq!(error.code(), Some(105_991));
    assert_eq!(error.message(), Some("Event is not of the same type"));
    assert!(error.parameters().is_empty());
}

#[test]
fn older_error_wrapper() {
    let body = br#"{"error":{"code":"x","message":"Setting definition not found",
        "errorMessage":{"errorMessageId":101420}}}"#;
    let error = ApiError::from_body(404, body);
    assert_eq!(error.code(), Some(101_420));
    assert_eq!(error.message(), Some("Setting definition not found"));
    let body = br#"{"Error":{"Message":"m"}}"#;
    assert_eq!(ApiError::from_body(500, body).message(), Some("m"));
    let body = br#"{"error":"plain text error"}"#;
    assert_eq!(ApiError::from_body(500, body).message(), None);
}

#[test]
fn xml_error_body_best_effort() {
    let body = br#"<?xml version="1.0" encoding="utf-8"?>
        <Error><HttpStatusCode>404</HttpStatusCode><Message>Permission &amp; more</Message>
        <TranslatedMessage>T</TranslatedMessage>
        <ErrorMessage><ErrorMessageId>101015</ErrorMessageId><ErrorMessageLink/></ErrorMessage>
        <Parameters><Parameter><Index>0</Index><Value>a</Value></Parameter>
        <Parameter><Index>1</Index><Value>b</Value></Parameter></Parameters>
        <InnerErrors><InnerError><Message>inner</Message></InnerError></InnerErrors></Error>"#;
    let error = ApiError::from_body(404, body);
    assert_eq!(error.code(), Some(101_015));
    assert_eq!(error.message(), Some("Permission & more"));
    assert_eq!(error.translated_message(), Some("T"));
    assert_eq!(error.link(), None);
    assert_eq!(error.parameters().len(), 2);
    assert_eq!(error.parameters()[1].value(), "b");
    assert_eq!(error.parameters()[1].index(), Some(1));
    assert_eq!(error.inner_errors().len(), 1);
    assert_eq!(error.inner_errors()[0].message(), Some("inner"));
}

#[test]
fn odd_values_do_not_break_parsing() {
    let body =
        br#"{"message":123,"errorMessage":"text only","parameters":"p","innerErrors":[1,null]}"#;
    let error = ApiError::from_body(400, body);
    assert_eq!(error.message(), Some("123"));
    assert_eq!(error.code(), None);
    assert!(error.parameters().is_empty());
    assert!(error.inner_errors().is_empty());
    let body = br#"{"errorMessage":"only this","errorMessageId":-1}"#;
    let error = ApiError::from_body(400, body);
    assert_eq!(error.message(), Some("only this"));
    assert_eq!(error.code(), None);
}
