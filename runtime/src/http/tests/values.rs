//! Exact decimals, extra fields and the checked and list query setters, on the wire and over
//! real HTTP.

use std::str::FromStr;

use serde_json::{Value, json};

use crate::Decimal;
use crate::errors::call_error::ErrorCodes;
use crate::http::call::Call;
use crate::http::client::Client;
use crate::values::checked::Checked;
use crate::values::checked::Rules;
use crate::values::rules::{Rule, ValidationErrors};
use crate::values::token::AccessToken;
use crate::wire::check::Check;
use crate::wire::extra::ExtraFields;
use crate::wire::json::to_json_body;
use crate::wire::object::{Fields, FieldsIn, Object};
use crate::wire::operation::Operation;
use crate::wire::xml::{from_xml_body, to_xml_body};
use rambase_testkit::{Reply, Server};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// A response line: decimals in every shape, and whatever else it carries.
#[derive(Debug, Default, PartialEq)]
struct Line {
    price: Option<Decimal>,
    discounts: Option<Vec<Decimal>>,
    quantity: Option<Quantity>,
    name: Option<String>,
    extra_fields: ExtraFields,
}

impl Object for Line {
    const NAME: &'static str = "Line";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("Price", "price", &self.price);
        w.field("Discounts", "discounts", &self.discounts);
        w.field("Quantity", "quantity", &self.quantity);
        w.field("Name", "name", &self.name);
        w.extra(&self.extra_fields);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("Price", "price", &mut b.price);
        r.field("Discounts", "discounts", &mut b.discounts);
        r.field("Quantity", "quantity", &mut b.quantity);
        r.field("Name", "name", &mut b.name);
        r.extra(&mut b.extra_fields);
    }
}
crate::impl_serde!(Line);

enum QuantityRules {}
impl Rules for QuantityRules {
    type Value = Decimal;
    const NAME: &'static str = "Quantity";
    const RULES: &'static [Rule] = &[
        Rule::MinimumDecimal("0.5"),
        Rule::MaximumDecimal("100"),
        Rule::Maximum(99),
    ];
}
type Quantity = Checked<QuantityRules>;

fn json_of(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

#[test]
fn decimals_are_json_numbers_only_where_exact() {
    // (decimal, written through any serializer, whether a body carries it as a number)
    let cases = [
        ("0.3", "0.3", true),
        ("1234.56", "1234.56", true),
        ("100", "100", true),
        ("-7", "-7", true),
        ("1.50", "\"1.50\"", true),
        ("100.00", "\"100.00\"", true),
        ("0.0000001", "1e-7", true),
        (
            "0.1000000000000000000000000001",
            "\"0.1000000000000000000000000001\"",
            false,
        ),
        ("12345678901234567.89", "\"12345678901234567.89\"", false),
        ("9007199254740993", "\"9007199254740993\"", false),
    ];
    for (decimal, written, number_in_body) in cases {
        let line = Line {
            price: Some(dec(decimal)),
            ..Line::default()
        };
        assert_eq!(
            json_of(&line),
            format!(r#"{{"price":{written}}}"#),
            "{decimal}"
        );
        // Any serializer: a JSON value too, and it reads back as the same decimal.
        let value = serde_json::to_value(&line).unwrap();
        let back: Line = serde_json::from_value(value).unwrap();
        assert_eq!(back.price, Some(dec(decimal)), "{decimal}");
        // A body carries the number as it is, and reads back with the same digits and scale.
        // (As a string where a float reader would change the value.)
        let body = to_json_body("line", &line).unwrap();
        let body_text = String::from_utf8_lossy(&body).into_owned();
        let in_body = match number_in_body {
            true => decimal.to_owned(),
            false => format!("\"{decimal}\""),
        };
        assert_eq!(body_text, format!(r#"{{"line":{{"price":{in_body}}}}}"#));
        let back: Line = crate::wire::json::from_json_body("line", &body).unwrap();
        assert_eq!(back.price.map(|p| p.to_string()), Some(decimal.to_owned()));
    }
}

#[test]
fn decimals_read_exactly_from_numbers_and_strings() {
    let read = |price: &str| -> Decimal {
        let line: Line = serde_json::from_str(&format!(r#"{{"price":{price}}}"#)).unwrap();
        line.price.unwrap()
    };
    assert_eq!(read("0.1") + read("\"0.2\""), dec("0.3"));
    assert_eq!(read("\"0.1\"") + read("0.2"), dec("0.3"));
    assert_eq!(read("1e-2"), dec("0.01"));
    assert_eq!(read("\"1e-2\""), dec("0.01"));
    assert_eq!(read("\"1.5E+3\""), dec("1500"));
    assert_eq!(read("12"), dec("12"));
    assert_eq!(read("\" 7.25 \""), dec("7.25"));
    assert_eq!(
        read("\"0.1000000000000000000000000001\""),
        dec("0.1000000000000000000000000001")
    );
    for broken in [
        "\"abc\"",
        "\"\"",
        "1e40",
        "\"1e40\"",
        "true",
        "\"0.10000000000000000000000000001\"",
    ] {
        let text = format!(r#"{{"price":{broken}}}"#);
        assert!(serde_json::from_str::<Line>(&text).is_err(), "{broken}");
    }
    let line: Line = serde_json::from_str(r#"{"price":null,"discounts":[0.1,"0.2",3]}"#).unwrap();
    assert_eq!(line.price, None);
    assert_eq!(line.discounts, Some(vec![dec("0.1"), dec("0.2"), dec("3")]));
    assert_eq!(json_of(&line), r#"{"discounts":[0.1,0.2,3]}"#);
}

#[test]
fn decimals_in_xml_are_their_text() {
    let line = Line {
        price: Some(dec("1.50")),
        discounts: Some(vec![dec("0.1"), dec("2")]),
        quantity: Some(Quantity::new(dec("2.5")).unwrap()),
        ..Line::default()
    };
    let xml = to_xml_body("Line", &line);
    assert_eq!(
        String::from_utf8_lossy(&xml),
        "<Line><Price>1.50</Price><Discounts><Discounts>0.1</Discounts><Discounts>2</Discounts>\
         </Discounts><Quantity>2.5</Quantity></Line>"
    );
    // Lists are left to the XML reader's own tests (today's quick-xml reader has no list form).
    let line = Line {
        discounts: None,
        ..line
    };
    let back: Line = from_xml_body(&to_xml_body("Line", &line)).unwrap();
    assert_eq!(back, line);
    assert_eq!(back.price.map(|p| p.to_string()), Some("1.50".to_owned()));
}

#[test]
fn checked_decimals_apply_decimal_and_integer_bounds() {
    assert_eq!(
        Rule::MinimumDecimal("0.5").to_string(),
        "must be at least 0.5"
    );
    assert_eq!(
        Rule::MaximumDecimal("99.99").to_string(),
        "must be at most 99.99"
    );
    assert_eq!(Quantity::new(7).unwrap().get(), dec("7"));
    assert_eq!(Quantity::new(dec("0.5")).unwrap().get(), dec("0.5"));
    let low = Quantity::new(dec("0.49")).unwrap_err();
    assert_eq!(
        low.to_string(),
        "1 invalid input: Quantity: must be at least 0.5 (got 0.49)"
    );
    let high = Quantity::new(dec("100.5")).unwrap_err();
    let rules: Vec<_> = high.iter().map(|v| v.rule().clone()).collect();
    assert_eq!(rules, [Rule::MaximumDecimal("100"), Rule::Maximum(99)]);
    // Reading checks too, from a number or a string, and writing is a number where exact.
    assert!(serde_json::from_str::<Line>(r#"{"quantity":0.1}"#).is_err());
    let line: Line = serde_json::from_str(r#"{"quantity":"2.25"}"#).unwrap();
    assert_eq!(json_of(&line), r#"{"quantity":2.25}"#);
    assert_eq!(json_of(&Quantity::new(3).unwrap()), "3");
}

#[test]
fn decimal_bounds_also_check_integers_and_broken_bounds_check_nothing() {
    enum Count {}
    impl Rules for Count {
        type Value = i32;
        const NAME: &'static str = "count";
        const RULES: &'static [Rule] = &[Rule::MaximumDecimal("10.5"), Rule::MinimumDecimal("x")];
    }
    assert!(Checked::<Count>::new(10).is_ok());
    let err = Checked::<Count>::new(11).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 invalid input: count: must be at most 10.5 (got 11)"
    );
    let mut errors = ValidationErrors::new();
    crate::values::rules::check_decimal(&mut errors, "p", &Rule::MinLength(1), Some(dec("0")));
    crate::values::rules::check_decimal(&mut errors, "p", &Rule::Minimum(1), None);
    assert!(errors.is_empty());
}

#[test]
fn extra_fields_keep_order_replace_and_take_either_name_form() {
    let mut extra = ExtraFields::new();
    assert!(extra.is_empty());
    assert_eq!(extra.insert("CustomRef", "A-1"), None);
    extra.insert("level", json!({"Code": "X", "items": [1, 2]}));
    assert_eq!(extra.insert("customRef", "A-2"), Some(json!("A-1")));
    assert_eq!(extra.len(), 2);
    assert_eq!(extra.get("CustomRef"), Some(&json!("A-2")));
    assert_eq!(
        extra.get("level"),
        Some(&json!({"code": "X", "items": [1, 2]}))
    );
    assert_eq!(
        extra.get_as::<String>("customRef").unwrap(),
        Some("A-2".to_owned())
    );
    assert_eq!(extra.get_as::<String>("missing").unwrap(), None);
    assert!(extra.get_as::<u32>("customRef").is_err());
    assert_eq!(extra.remove("CustomRef"), Some(json!("A-2")));
    assert_eq!(extra.remove("customRef"), None);
    let collected: ExtraFields = [("b", 1), ("A", 2)].into_iter().collect();
    let names: Vec<_> = collected.iter().map(|(name, _)| name.to_owned()).collect();
    assert_eq!(names, ["b", "a"]);
    let owned: Vec<(String, Value)> = collected.into_iter().collect();
    assert_eq!(
        owned,
        [("b".to_owned(), json!(1)), ("a".to_owned(), json!(2))]
    );
}

#[test]
fn a_response_keeps_what_it_does_not_declare() {
    let body = r#"{"line":{"name":"n","customRef":"A-17","Price":"1.25","note":null,
        "custom":{"Depth":{"x":[1,2]}},"newField":5}}"#;
    let line: Line = crate::wire::json::from_json_body("line", body.as_bytes()).unwrap();
    assert_eq!(line.price, Some(dec("1.25")));
    assert_eq!(line.name.as_deref(), Some("n"));
    // The root is read from its own text, so unknown properties keep the order of the wire,
    // as when the object is read directly.
    let names: Vec<_> = line.extra_fields.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["customRef", "note", "custom", "newField"]);
    let inner = &body[8..body.len() - 1];
    let line: Line = serde_json::from_str(inner).unwrap();
    let names: Vec<_> = line.extra_fields.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["customRef", "note", "custom", "newField"]);
    assert_eq!(
        line.extra_fields.get("custom"),
        Some(&json!({"depth": {"x": [1, 2]}}))
    );
    // Written back after the declared fields, unchanged.
    assert_eq!(
        json_of(&line),
        r#"{"price":1.25,"name":"n","customRef":"A-17","note":null,"custom":{"depth":{"x":[1,2]}},"newField":5}"#
    );
    // A model that offers no slot still skips unknown properties.
    let phone: crate::http::tests::PhoneRequest =
        serde_json::from_str(r#"{"phoneNumber":"1","custom":{"a":1}}"#).unwrap();
    assert_eq!(phone.phone_number.as_deref(), Some("1"));
}

/// A request whose object supports custom fields: read through its builder, checked.
#[derive(Debug, PartialEq)]
struct Order {
    quantity: Quantity,
    extra_fields: ExtraFields,
}

#[derive(Default)]
struct OrderBuilder {
    quantity: Option<Decimal>,
    extra_fields: ExtraFields,
}

impl crate::wire::object::Build for OrderBuilder {
    type Output = Order;
    fn build(self) -> Result<Order, ValidationErrors> {
        let mut check = Check::new("Order");
        let quantity = check.required::<QuantityRules>(self.quantity);
        let extra_fields = self.extra_fields;
        check.finish(|| {
            Some(Order {
                quantity: quantity?,
                extra_fields,
            })
        })
    }
}

impl Object for Order {
    const NAME: &'static str = "Order";
    type Builder = OrderBuilder;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("Quantity", "quantity", &self.quantity);
        w.extra(&self.extra_fields);
    }
    fn read<R: FieldsIn>(b: &mut OrderBuilder, r: &mut R) {
        r.field("Quantity", "quantity", &mut b.quantity);
        r.extra(&mut b.extra_fields);
    }
}
crate::impl_serde!(Order);

fn order() -> Order {
    let mut extra_fields = ExtraFields::new();
    extra_fields.insert("customRef", "A&B");
    extra_fields.insert("Flags", json!([true, false]));
    extra_fields.insert("address", json!({"city": "Oslo", "zip": 150, "none": null}));
    extra_fields.insert("nothing", Value::Null);
    extra_fields.insert("quantity", 7);
    extra_fields.insert("bad name", 1);
    Order {
        quantity: Quantity::new(dec("2.5")).unwrap(),
        extra_fields,
    }
}

#[test]
fn a_request_sends_its_custom_fields_in_json_and_xml() {
    let order = order();
    let json = String::from_utf8(to_json_body("order", &order).unwrap()).unwrap();
    assert_eq!(
        json,
        r#"{"order":{"quantity":2.5,"customRef":"A&B","flags":[true,false],"address":{"city":"Oslo","none":null,"zip":150},"nothing":null,"bad name":1}}"#
    );
    let xml = String::from_utf8(to_xml_body("Order", &order)).unwrap();
    assert_eq!(
        xml,
        "<Order><Quantity>2.5</Quantity><CustomRef>A&amp;B</CustomRef><Flags>true</Flags>\
         <Flags>false</Flags><Address><City>Oslo</City><Zip>150</Zip></Address></Order>"
    );
    // JSON reads back through the builder (checked); the declared name stays declared.
    let back: Order = serde_json::from_str(&json[9..json.len() - 1]).unwrap();
    let mut expected = order;
    expected.extra_fields.remove("quantity");
    assert_eq!(back, expected);
    assert!(
        crate::wire::json::from_json_body::<Order>("order", br#"{"order":{"quantity":0.1}}"#)
            .is_err()
    );
}

#[test]
fn xml_extras_read_back_as_text_through_serde() {
    let xml = "<Order><Quantity>2.5</Quantity><CustomRef>A&amp;B</CustomRef>\
               <Flags>true</Flags><Flags>false</Flags></Order>";
    let order: Order = from_xml_body(xml.as_bytes()).unwrap();
    assert_eq!(order.quantity.get(), dec("2.5"));
    assert_eq!(text(order.extra_fields.get("customRef")), Some("A&B"));
    let flags = order.extra_fields.get("flags").and_then(Value::as_array);
    let flags: Vec<_> = flags.into_iter().flatten().map(|f| text(Some(f))).collect();
    assert_eq!(flags, [Some("true"), Some("false")]);
}

/// The text of an element read as a value: a string, or quick-xml's `{"$text": ..}`.
fn text(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(text) => Some(text),
        Value::Object(map) if map.len() == 1 => map.get("$text").and_then(Value::as_str),
        _ => None,
    }
}

/// The errors of the test list operation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ListLinesErrorCode {}

impl ErrorCodes for ListLinesErrorCode {
    const OPERATION: Operation = Operation::new(
        reqwest::Method::GET,
        "/sales/orders/{orderId}/lines/{lineId}",
        604,
        2,
        200,
    );
    const CODES: &'static [(Self, u64, &'static str)] = &[];
}

enum Top {}
impl Rules for Top {
    type Value = i32;
    const NAME: &'static str = "$top";
    const RULES: &'static [Rule] = &[Rule::Minimum(1), Rule::Maximum(80)];
}

async fn lines_server() -> (Server, Client) {
    let server = Server::start(|_| Reply::json(200, r#"{"line":{"price":"1.10"}}"#)).await;
    let client = Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new("token-values").unwrap())
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn query_setters_send_checked_lists_and_decimals_and_the_last_path_value() {
    let (server, client) = lines_server().await;
    let call: Call<Line, ListLinesErrorCode> = Call::new(&client, "line")
        .path_text("orderId", "default")
        .path_int("lineId", 1)
        .path_text("orderId", "A/1")
        .query_checked::<Top>(80_u8)
        .query_list("$select", ["Name", "CustomerId"])
        .query_list("$expand", Vec::<String>::new())
        .query_as::<Decimal>("minPrice", dec("0.10"));
    let line = call.send().await.unwrap();
    assert_eq!(line.price, Some(dec("1.10")));
    let target = server.requests()[0].target.clone();
    assert!(
        target.starts_with("/sales/orders/A%2F1/lines/1?"),
        "{target}"
    );
    for part in ["$top=80", "$select=Name%2CCustomerId", "minPrice=0.10"] {
        assert!(target.contains(part), "{part} in {target}");
    }
    assert!(!target.contains("expand"), "{target}");
}

#[tokio::test]
async fn a_top_above_its_maximum_is_refused_and_nothing_is_sent() {
    let (server, client) = lines_server().await;
    let call: Call<Line, ListLinesErrorCode> = Call::new(&client, "line")
        .path_text("orderId", "1")
        .path_int("lineId", 1)
        .query_checked::<Top>(81)
        .query_checked::<Top>(0);
    let error = call.send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "GET /sales/orders/{orderId}/lines/{lineId} failed: nothing was sent because 2 invalid \
         inputs: $top: must be at most 80 (got 81); $top: must be at least 1 (got 0)"
    );
    assert!(server.requests().is_empty());
}

enum Code {}
impl Rules for Code {
    type Value = String;
    const NAME: &'static str = "code";
    const RULES: &'static [Rule] = &[Rule::MaxLength(10)];
}

#[tokio::test]
async fn an_empty_path_value_is_a_violation_naming_the_parameter_and_nothing_is_sent() {
    let (server, client) = lines_server().await;
    let calls: [Call<Line, ListLinesErrorCode>; 3] = [
        Call::new(&client, "line").path_text("orderId", ""),
        Call::new(&client, "line").path_as::<String>("orderId", ""),
        Call::new(&client, "line").path_checked::<Code>(""),
    ];
    for (call, name) in calls.into_iter().zip(["orderId", "orderId", "code"]) {
        let call = call.path_int("lineId", 1);
        let error = call.send().await.unwrap_err();
        let crate::errors::call_error::CallError::Validation(violations) = &error else {
            panic!("{name}: {error:?}");
        };
        let paths: Vec<_> = violations.iter().map(|v| (v.path(), v.rule())).collect();
        assert_eq!(paths, [(name, &Rule::NotEmpty)], "{error}");
        assert!(
            error
                .to_string()
                .contains(&format!("{name}: must not be empty")),
            "{error}"
        );
    }
    assert!(server.requests().is_empty());
}

/// The same answer in JSON and in XML: decimals with trailing zeros (in a field and in a custom
/// field), an empty text and an empty list.
const SCALED_JSON: &str =
    r#"{"line":{"price":1500.50,"discounts":[],"name":"","custom":10.00,"rate":2.5}}"#;
const SCALED_XML: &str = "<Line><Price>1500.50</Price><Discounts></Discounts><Name/>\
                          <Custom>10.00</Custom><Rate>2.5</Rate></Line>";

#[tokio::test]
async fn decimals_keep_their_scale_and_empty_values_stay_empty_in_both_formats() {
    for (format, body) in [
        (
            crate::wire::format::Format::Json,
            Reply::json(200, SCALED_JSON),
        ),
        (
            crate::wire::format::Format::Xml,
            Reply::with_body(200, "application/xml", SCALED_XML),
        ),
    ] {
        let server = Server::start(move |_| body.clone()).await;
        let client = Client::builder()
            .base_url(server.base_url())
            .access_token(AccessToken::new("token-values").unwrap())
            .format(format)
            .build()
            .unwrap();
        let call: Call<Line, ListLinesErrorCode> = Call::new(&client, "line")
            .path_text("orderId", "1")
            .path_int("lineId", 1);
        let line = call.send().await.unwrap();
        assert_eq!(
            line.price.map(|p| p.to_string()).as_deref(),
            Some("1500.50"),
            "{format:?}"
        );
        assert_eq!(line.discounts, Some(vec![]), "{format:?}");
        assert_eq!(line.name.as_deref(), Some(""), "{format:?}");
        let custom = line.extra_fields.get_as::<Decimal>("custom").unwrap();
        assert_eq!(
            custom.map(|c| c.to_string()).as_deref(),
            Some("10.00"),
            "{format:?}"
        );
        let rate = line.extra_fields.get_as::<f64>("rate").unwrap();
        assert_eq!(rate, Some(2.5), "{format:?}");
        let custom = line.extra_fields.get_as::<f64>("custom").unwrap();
        assert_eq!(custom, Some(10.0), "{format:?}");
    }
}

#[test]
fn xml_nil_is_absent_where_an_empty_element_is_empty() {
    let nil = "<Line xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\
               <Price i:nil=\"true\"/><Discounts i:nil=\"true\"/><Name i:nil=\"true\"></Name>\
               <Quantity/></Line>";
    let line: Line = from_xml_body(nil.as_bytes()).unwrap();
    assert_eq!(line, Line::default());
    let empty: Line = from_xml_body(b"<Line><Discounts/><Name></Name></Line>").unwrap();
    assert_eq!(empty.discounts, Some(vec![]));
    assert_eq!(empty.name.as_deref(), Some(""));
    // What is written reads back: the empty string and list as empty elements.
    assert_eq!(
        to_xml_body("Line", &empty),
        b"<Line><Discounts></Discounts><Name></Name></Line>"
    );
}

#[tokio::test]
async fn a_decimal_goes_out_with_its_scale() {
    let (server, client) = lines_server().await;
    let line = Line {
        price: Some(dec("1500.50")),
        extra_fields: [("custom", dec("10.00").to_string())].into_iter().collect(),
        ..Line::default()
    };
    let call: Call<Line, ListLinesErrorCode> = Call::new(&client, "line")
        .path_text("orderId", "1")
        .path_int("lineId", 1)
        .body("line", line);
    call.send().await.unwrap();
    let sent = server.requests()[0].body_text();
    assert_eq!(sent, r#"{"line":{"price":1500.50,"custom":"10.00"}}"#);
}
