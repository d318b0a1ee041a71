//! Every array shape in XML and JSON, pages of lists, and round trips of both formats, with
//! hand-written models like the generated ones.

mod pages;

use proptest::prelude::*;
use serde_json::json;

use crate::lists::page::{Page, Paging};
use crate::wire::body_error::BodyError;
use crate::wire::json::{from_json_body, to_json_body};
use crate::wire::object::{Fields, FieldsIn, Object};
use crate::wire::xml::{from_xml_body, to_xml_body};

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Phone {
    pub(crate) number: Option<String>,
}

impl Object for Phone {
    const NAME: &'static str = "Phone";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("Number", "number", &self.number);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("Number", "number", &mut b.number);
    }
}
crate::impl_serde!(Phone);

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Address {
    pub(crate) city: Option<String>,
    pub(crate) lines: Option<Vec<String>>,
}

impl Object for Address {
    const NAME: &'static str = "Address";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("City", "city", &self.city);
        w.field("Lines", "lines", &self.lines);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("City", "city", &mut b.city);
        r.field("Lines", "lines", &mut b.lines);
    }
}
crate::impl_serde!(Address);

/// Every shape: scalars, a nested object, lists of objects (holding lists), of scalars, of
/// lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Contact {
    pub(crate) contact_id: Option<i32>,
    pub(crate) name: Option<String>,
    pub(crate) active: Option<bool>,
    pub(crate) score: Option<f64>,
    pub(crate) address: Option<Address>,
    pub(crate) phones: Option<Vec<Phone>>,
    pub(crate) addresses: Option<Vec<Address>>,
    pub(crate) tags: Option<Vec<String>>,
    pub(crate) grid: Option<Vec<Vec<i64>>>,
    pub(crate) price: Option<crate::Decimal>,
}

impl Object for Contact {
    const NAME: &'static str = "Contact";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("ContactId", "contactId", &self.contact_id);
        w.field("Name", "name", &self.name);
        w.field("Active", "active", &self.active);
        w.field("Score", "score", &self.score);
        w.field("Address", "address", &self.address);
        w.field("Phones", "phones", &self.phones);
        w.field("Addresses", "addresses", &self.addresses);
        w.field("Tags", "tags", &self.tags);
        w.field("Grid", "grid", &self.grid);
        w.field("Price", "price", &self.price);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("ContactId", "contactId", &mut b.contact_id);
        r.field("Name", "name", &mut b.name);
        r.field("Active", "active", &mut b.active);
        r.field("Score", "score", &mut b.score);
        r.field("Address", "address", &mut b.address);
        r.field("Phones", "phones", &mut b.phones);
        r.field("Addresses", "addresses", &mut b.addresses);
        r.field("Tags", "tags", &mut b.tags);
        r.field("Grid", "grid", &mut b.grid);
        r.field("Price", "price", &mut b.price);
    }
}
crate::impl_serde!(Contact);

pub(crate) fn contact(id: i32) -> Contact {
    Contact {
        contact_id: Some(id),
        ..Contact::default()
    }
}

fn xml<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, String> {
    from_xml_body(body.as_bytes()).map_err(|e| e.to_string())
}

fn full() -> Contact {
    Contact {
        contact_id: Some(100_001),
        name: Some("Ål & <Co>".into()),
        active: Some(true),
        score: Some(-1.5),
        address: Some(Address {
            city: Some("Oslo".into()),
            lines: Some(vec!["a".into(), "b".into()]),
        }),
        phones: Some(vec![
            Phone {
                number: Some("1".into()),
            },
            Phone { number: None },
        ]),
        addresses: Some(vec![Address {
            city: None,
            lines: Some(vec!["x".into()]),
        }]),
        tags: Some(vec!["a".into(), "b".into()]),
        grid: Some(vec![vec![1, 2], vec![], vec![3]]),
        price: Some(crate::Decimal::new(150_050, 2)),
    }
}

#[test]
fn the_writer_nests_every_shape_as_documented() {
    let body = String::from_utf8_lossy(&to_xml_body("Contact", &full())).into_owned();
    assert_eq!(
        body,
        "<Contact><ContactId>100001</ContactId><Name>Ål &amp; &lt;Co&gt;</Name>\
         <Active>true</Active><Score>-1.5</Score>\
         <Address><City>Oslo</City><Lines><Lines>a</Lines><Lines>b</Lines></Lines></Address>\
         <Phones><Phone><Number>1</Number></Phone><Phone></Phone></Phones>\
         <Addresses><Address><Lines><Lines>x</Lines></Lines></Address></Addresses>\
         <Tags><Tags>a</Tags><Tags>b</Tags></Tags>\
         <Grid><Grid><Grid>1</Grid><Grid>2</Grid></Grid><Grid></Grid><Grid><Grid>3</Grid></Grid></Grid>\
         <Price>1500.50</Price></Contact>"
    );
    assert_eq!(xml::<Contact>(&body), Ok(full()));
}

#[test]
fn every_shape_reads_from_json() {
    let body = to_json_body("contact", &full()).unwrap();
    assert!(
        String::from_utf8_lossy(&body).ends_with(r#""price":1500.50}}"#),
        "a decimal goes out as the number it is"
    );
    assert_eq!(from_json_body::<Contact>("contact", &body).unwrap(), full());
    let body = br#"{"contact": {"contactId": 7, "phones": [{"number": "1"}], "tags": ["t"],
        "grid": [[1], []], "address": {"lines": []}, "unknown": [{"x": 1}]}}"#;
    let read: Contact = from_json_body("contact", body).unwrap();
    assert_eq!(
        read.phones,
        Some(vec![Phone {
            number: Some("1".into())
        }])
    );
    assert_eq!(read.tags, Some(vec!["t".to_owned()]));
    assert_eq!(read.grid, Some(vec![vec![1], vec![]]));
    assert_eq!(read.address.and_then(|a| a.lines), Some(vec![]));
}

#[test]
fn a_list_of_objects_keeps_every_item() {
    let body = "<Contacts><Contact><ContactId>100001</ContactId></Contact>\
                <Contact><ContactId>100002</ContactId><Name>B</Name></Contact></Contacts>";
    let contacts: Vec<Contact> = xml(body).unwrap();
    let mut second = contact(100_002);
    second.name = Some("B".into());
    assert_eq!(contacts, vec![contact(100_001), second]);
    // Items are the children whatever their names.
    let any: Vec<Contact> = xml("<L><X><ContactId>1</ContactId></X><Y/></L>").unwrap();
    assert_eq!(any, vec![contact(1), Contact::default()]);
}

#[test]
fn single_and_empty_lists() {
    let one: Contact = xml("<Contact><Tags><Tags>only</Tags></Tags><Phones><Phone>\
         <Number>1</Number></Phone></Phones><Grid><Grid><Grid>5</Grid></Grid></Grid></Contact>")
    .unwrap();
    assert_eq!(one.tags, Some(vec!["only".to_owned()]));
    assert_eq!(one.phones.map(|p| p.len()), Some(1));
    assert_eq!(one.grid, Some(vec![vec![5]]));
    // An empty list element is an empty list, as `[]` is in JSON; a nil one is absent.
    let empty: Contact = xml("<Contact><Tags/><Phones></Phones><Grid>\n</Grid></Contact>").unwrap();
    let no_items = Contact {
        tags: Some(vec![]),
        phones: Some(vec![]),
        grid: Some(vec![]),
        ..Contact::default()
    };
    assert_eq!(empty, no_items);
    let nil: Contact = xml(
        "<Contact xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><Tags i:nil=\"true\"/>\
         <Phones i:nil=\"true\"></Phones><Name i:nil=\"true\"/></Contact>",
    )
    .unwrap();
    assert_eq!(nil, Contact::default());
    let list: Vec<Contact> = xml("<Contacts/>").unwrap();
    assert!(list.is_empty());
    let list: Vec<String> = xml("<Tags>  </Tags>").unwrap();
    assert!(list.is_empty());
}

#[test]
fn a_body_that_does_not_fit_is_an_error() {
    for (body, expected) in [
        (
            "<Contact><Address>Oslo</Address></Contact>",
            "<Address>: invalid type: string",
        ),
        (
            "<Contact><ContactId>x1</ContactId></Contact>",
            "<ContactId>: expected i32, found `x1`",
        ),
        (
            "<Contact><ContactId>99999999999</ContactId></Contact>",
            "<ContactId>",
        ),
        (
            "<Contact><ContactId><A>1</A></ContactId></Contact>",
            "invalid type: map",
        ),
        (
            "<Contact><Active>yes</Active></Contact>",
            "<Active>: expected a boolean",
        ),
        ("<Contact><Score>1,5</Score></Contact>", "<Score>"),
        (
            "<Contact><Tags>a</Tags></Contact>",
            "<Tags>: invalid type: string",
        ),
        (
            "<Contact><Grid><Grid>1</Grid></Grid></Contact>",
            "<Grid>: <Grid>: invalid type",
        ),
        (
            "<Contact><Phones><Phone><Number><N/></Number></Phone></Phones></Contact>",
            "<Phones>: <Phone>: <Number>: invalid type: map",
        ),
        ("<Contact>text</Contact>", "invalid type: string"),
        ("<Contact><A></Contact>", ""),
        ("<Contact/><Contact/>", "more than one root"),
        ("<Contact/>x", "outside its root"),
        ("", "no root element"),
        ("<Contact><Name>&nope;</Name></Contact>", "unknown entity"),
        ("<Contact><Name>", ""),
    ] {
        let error = xml::<Contact>(body).expect_err(body);
        assert!(error.contains(expected), "{body}: {error}");
    }
    assert!(xml::<Vec<Contact>>("<Contacts>text</Contacts>").is_err());
    assert!(xml::<i32>("<N/>").is_err(), "an empty element is no number");
}

#[test]
fn nesting_is_bounded() {
    let nested = |depth: usize| "<a>".repeat(depth) + &"</a>".repeat(depth);
    assert!(xml::<serde_json::Value>(&nested(crate::wire::xml_de::MAX_DEPTH)).is_ok());
    for depth in [crate::wire::xml_de::MAX_DEPTH + 1, 100_000] {
        let error = xml::<serde_json::Value>(&nested(depth)).unwrap_err();
        assert!(error.contains("128"), "{error}");
    }
}

#[test]
fn unknown_elements_are_skipped_or_kept_as_json() {
    let body = "<Contact><ContactId>1</ContactId><Custom><A>1</A><B/><A>2</A>\
                <C><D>x</D></C></Custom><Extra>e</Extra></Contact>";
    assert_eq!(xml::<Contact>(body), Ok(contact(1)));
    let value: serde_json::Value = xml(body).unwrap();
    assert_eq!(
        value,
        json!({"ContactId": "1", "Custom": {"A": ["1", "2"], "B": "", "C": {"D": "x"}},
               "Extra": "e"})
    );
}

#[test]
fn text_keeps_entities_cdata_and_significant_whitespace() {
    let body = "\u{feff}<?xml version=\"1.0\"?><!-- c --><Contact><Name> a &amp; &#x41;&#xA;\
                <![CDATA[<b>]]> </Name><Tags><Tags>&#x9;</Tags><Tags><![CDATA[]]></Tags>\
                </Tags></Contact>";
    let read: Contact = xml(body).unwrap();
    assert_eq!(read.name.as_deref(), Some(" a & A\n<b> "));
    assert_eq!(read.tags, Some(vec!["\t".to_owned(), String::new()]));
    assert!(matches!(
        from_xml_body::<Contact>(&[b'<', 0xff, b'>']),
        Err(BodyError::NotUtf8(_))
    ));
}

#[test]
fn scalars_read_from_text() {
    assert_eq!(xml::<bool>("<B> 1 </B>"), Ok(true));
    assert_eq!(xml::<u8>("<N>255</N>"), Ok(255));
    assert!(xml::<u8>("<N>256</N>").is_err());
    assert_eq!(xml::<f64>("<F>-INF</F>"), Ok(f64::NEG_INFINITY));
    assert_eq!(xml::<char>("<C>é</C>"), Ok('é'));
    assert!(xml::<char>("<C>ab</C>").is_err());
    assert_eq!(xml::<Option<i64>>("<N/>"), Ok(None));
    assert_eq!(xml::<String>("<S/>"), Ok(String::new()));
    assert_eq!(
        xml::<chrono::NaiveDate>("<D>2026-01-02</D>"),
        Ok(chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap())
    );
    assert_eq!(
        xml::<serde_json::Value>("<N>12</N>"),
        Ok(json!("12")),
        "text of unknown type stays text"
    );
}

// --- Pages -----------------------------------------------------------------------------------

fn paging(next: Option<&str>) -> Paging {
    // Inside the crate, `#[non_exhaustive]` does not forbid a literal.
    Paging {
        page_size: Some(2),
        position: Some(1),
        next_page_key: next.map(str::to_owned),
        ..Paging::default()
    }
}

#[test]
fn pages_read_from_json() {
    let body = br#"{"contacts": [{"contactId": 1}, {"contactId": 2}],
        "paging": {"pageSize": 2, "position": 1, "nextPageKey": "k2", "unknown": {"a": 1}}}"#;
    let page = Page::<Contact>::from_json_body("contacts", body).unwrap();
    assert_eq!(page.items(), [contact(1), contact(2)]);
    assert_eq!(page.paging(), Some(&paging(Some("k2"))));
    assert_eq!(page.next_page_key(), Some("k2"));
    assert_eq!((page.len(), page.is_empty()), (2, false));
    assert_eq!(page.iter().count(), 2);
    assert_eq!((&page).into_iter().count(), 2);

    let page = Page::<Contact>::from_json_body("contacts", br#"{"contacts": []}"#).unwrap();
    assert_eq!(page, Page::default());
    let page = Page::<Contact>::from_json_body("contacts", br#"{"contacts": [], "paging": null}"#);
    assert_eq!(page.unwrap().paging(), None);
    // Both namings of a paging property are read.
    let body = br#"{"contacts": [], "paging": {"PageSize": 2, "Position": 1}}"#;
    let page = Page::<Contact>::from_json_body("contacts", body).unwrap();
    assert_eq!(page.paging(), Some(&paging(None)));
}

#[test]
fn a_json_root_that_is_not_a_list_is_an_error() {
    for body in [
        &br#"{"contacts": {"contactId": 1}}"#[..],
        br#"{"contacts": "x"}"#,
        br#"{"contact": []}"#,
        br#"{"contacts": [{"contactId": "x"}]}"#,
        br#"{"contacts": [], "paging": []}"#,
        b"[]",
    ] {
        let read = Page::<Contact>::from_json_body("contacts", body);
        assert!(read.is_err(), "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn pages_read_from_xml() {
    let body = "<Contacts><Contact><ContactId>1</ContactId></Contact>\
                <Paging><pageSize>2</pageSize><Position>1</Position><NextPageKey>k2</NextPageKey>\
                <Unknown>u</Unknown></Paging><Contact><ContactId>2</ContactId></Contact></Contacts>";
    let page = Page::<Contact>::from_xml_body(body.as_bytes()).unwrap();
    assert_eq!(
        page,
        Page::new(vec![contact(1), contact(2)], Some(paging(Some("k2"))))
    );
    let page = Page::<Contact>::from_xml_body(b"<Contacts/>").unwrap();
    assert_eq!(page, Page::default());
    let page = Page::<Contact>::from_xml_body(b"<Contacts><Paging/></Contacts>").unwrap();
    assert_eq!(page.paging(), None);
    for body in [
        "<Contact><ContactId>1</ContactId></Contact>",
        "<Contacts>x</Contacts>",
        "<Contacts><Contact>x</Contact></Contacts>",
        "<Contacts><Paging>x</Paging></Contacts>",
    ] {
        let error = Page::<Contact>::from_xml_body(body.as_bytes()).expect_err(body);
        assert!(error.to_string().contains("<Contact"), "{error}");
    }
}

#[test]
fn pages_write_both_formats() {
    let page = Page::new(vec![contact(1)], Some(paging(Some("k2"))));
    assert_eq!(
        String::from_utf8_lossy(&page.to_json_body("contacts").unwrap()),
        r#"{"contacts":[{"contactId":1}],"paging":{"position":1,"pageSize":2,"nextPageKey":"k2"}}"#
    );
    assert_eq!(
        String::from_utf8_lossy(&page.to_xml_body("Contacts")),
        "<Contacts><Contact><ContactId>1</ContactId></Contact><Paging><Position>1</Position>\
         <PageSize>2</PageSize><NextPageKey>k2</NextPageKey></Paging></Contacts>"
    );
    let empty = Page::<Contact>::default();
    assert_eq!(
        empty.to_json_body("contacts").unwrap(),
        br#"{"contacts":[]}"#
    );
    assert_eq!(empty.to_xml_body("Contacts"), b"<Contacts></Contacts>");
}

// --- Round trips -----------------------------------------------------------------------------

/// Any short text, empty and blank included: an empty element is the empty string.
fn text() -> impl Strategy<Value = String> {
    "[ a-zA-Z0-9&<>'\"\t\næ]{0,7}"
}

/// Any short list, empty included: an empty list element is the empty list.
fn list<S: Strategy>(item: S) -> impl Strategy<Value = Option<Vec<S::Value>>> {
    prop::option::of(prop::collection::vec(item, 0..4))
}

fn address() -> impl Strategy<Value = Address> {
    (prop::option::of(text()), list(text())).prop_map(|(city, lines)| Address { city, lines })
}

/// Decimals of every scale up to 28, trailing zeros included (`1500.50`, `10.00`, `0.000`),
/// and digits no float holds.
fn decimal() -> impl Strategy<Value = crate::Decimal> {
    (any::<i64>(), 0_u32..=28).prop_map(|(mantissa, scale)| crate::Decimal::new(mantissa, scale))
}

prop_compose! {
    fn contact_strategy()(
        contact_id in prop::option::of(any::<i32>()),
        name in prop::option::of(text()),
        active in prop::option::of(any::<bool>()),
        // Quarters are exact in binary, so every JSON parser reads them back exactly.
        score in prop::option::of((-4_000_000_i64..4_000_000).prop_map(|n| n as f64 / 4.0)),
        address in prop::option::of(address()),
        phones in list(prop::option::of(text()).prop_map(|number| Phone { number })),
        addresses in list(address()),
        tags in list(text()),
        grid in list(prop::collection::vec(any::<i64>(), 0..3)),
        price in prop::option::of(decimal()),
    ) -> Contact {
        Contact { contact_id, name, active, score, address, phones, addresses, tags, grid, price }
    }
}

fn paging_strategy() -> impl Strategy<Value = Option<Paging>> {
    let keys = (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
    );
    let numbers = (any::<i64>(), prop::option::of(any::<i64>()));
    prop::option::of((numbers, keys)).prop_map(|opt| {
        opt.map(|((page_size, size), (next, previous, last))| Paging {
            page_size: Some(page_size),
            size,
            next_page_key: next,
            previous_page: previous,
            last_page_key: last,
            ..Paging::default()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200, failure_persistence: None, ..ProptestConfig::default()
    })]

    #[test]
    fn objects_round_trip_through_xml_and_json(value in contact_strategy()) {
        // `Debug` shows a decimal's scale, which its `==` ignores (`1.50 == 1.5`).
        let shown = format!("{value:?}");
        let body = to_xml_body("Contact", &value);
        let back = from_xml_body::<Contact>(&body).map(|c| format!("{c:?}"));
        prop_assert_eq!(back.ok(), Some(shown.clone()));
        let body = to_json_body("contact", &value).unwrap();
        let back = from_json_body::<Contact>("contact", &body).map(|c| format!("{c:?}"));
        prop_assert_eq!(back.ok(), Some(shown));
    }

    #[test]
    fn pages_round_trip_through_xml_and_json(
        items in prop::collection::vec(contact_strategy(), 0..4),
        paging in paging_strategy(),
    ) {
        let page = Page::new(items, paging);
        let shown = format!("{page:?}");
        let body = page.to_xml_body("Contacts");
        let back = Page::<Contact>::from_xml_body(&body).map(|p| format!("{p:?}"));
        prop_assert_eq!(back.ok(), Some(shown.clone()));
        let body = page.to_json_body("contacts").unwrap();
        let back = Page::<Contact>::from_json_body("contacts", &body).map(|p| format!("{p:?}"));
        prop_assert_eq!(back.ok(), Some(shown));
    }

    #[test]
    fn hostile_xml_never_panics(body in "[<>/a-c&#;x0-9 !\\[\\]CDAT-]{0,80}") {
        let _ = from_xml_body::<Contact>(body.as_bytes());
        let _ = from_xml_body::<serde_json::Value>(body.as_bytes());
        let _ = Page::<Contact>::from_xml_body(body.as_bytes());
    }
}

/// A RamBase Time (`HH:mm:ss`) and Date in both formats.
#[derive(Clone, Debug, Default, PartialEq)]
struct Opening {
    day: Option<chrono::NaiveDate>,
    opens_at: Option<chrono::NaiveTime>,
}

impl Object for Opening {
    const NAME: &'static str = "Opening";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("Day", "day", &self.day);
        w.field("OpensAt", "opensAt", &self.opens_at);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("Day", "day", &mut b.day);
        r.field("OpensAt", "opensAt", &mut b.opens_at);
    }
}
crate::impl_serde!(Opening);

#[test]
fn times_and_dates_go_as_documented_in_both_formats() {
    let opening = Opening {
        day: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        opens_at: chrono::NaiveTime::from_hms_opt(8, 30, 0),
    };
    let json = to_json_body("opening", &opening).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&json),
        r#"{"opening":{"day":"2026-12-01","opensAt":"08:30:00"}}"#
    );
    assert_eq!(
        from_json_body::<Opening>("opening", &json).unwrap(),
        opening
    );
    let xml = to_xml_body("Opening", &opening);
    assert_eq!(
        String::from_utf8_lossy(&xml),
        "<Opening><Day>2026-12-01</Day><OpensAt>08:30:00</OpensAt></Opening>"
    );
    assert_eq!(from_xml_body::<Opening>(&xml).unwrap(), opening);
}
