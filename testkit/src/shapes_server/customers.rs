//! The shapes server's fixed data set, and what `GET /sales/customers` does with its query:
//! filter, order, select, expand and cut a page.

use serde_json::{Map, Value, json};

use crate::Request;
use crate::rambase::Refusal;

/// The ids of the customers the server knows, in their natural order.
pub const CUSTOMER_IDS: [i64; 7] = [
    100_001, 100_002, 100_003, 100_004, 100_005, 100_006, 100_007,
];

/// The `$top` RamBase uses when a list call sends none.
pub const DEFAULT_TOP: usize = 10;

/// The largest `$top` resource 9101 accepts.
pub const MAX_TOP: usize = 80;

/// One customer of the data set. Decimals are kept as the exact text RamBase would send.
struct Row {
    id: i64,
    name: &'static str,
    credit_limit: &'static str,
    discount: &'static str,
    tags: &'static [&'static str],
    street: &'static str,
    city: &'static str,
    contacts: &'static [(i64, &'static str)],
    category: &'static str,
}

/// Seven customers: three pages of `$top=3`. The credit limits hold the decimals the tests
/// add (0.1 + 0.2) and one, 12345678901234567.89, that no `f64` can hold.
const ROWS: [Row; 7] = [
    Row {
        id: 100_001,
        name: "Acme AS",
        credit_limit: "0.1",
        discount: "2.5",
        tags: &["key-account", "export"],
        street: "Storgata 1",
        city: "Oslo",
        contacts: &[(500_001, "Kari Nordmann"), (500_002, "Ola Nordmann")],
        category: "VIP",
    },
    Row {
        id: 100_002,
        name: "Bergen Bakeri",
        credit_limit: "0.2",
        discount: "0",
        tags: &["retail"],
        street: "Bryggen 3",
        city: "Bergen",
        contacts: &[(500_003, "Per Hansen")],
        category: "Standard",
    },
    Row {
        id: 100_003,
        name: "Fjord Fisk",
        credit_limit: "1234.56",
        discount: "10",
        tags: &[],
        street: "Kaia 7",
        city: "Ålesund",
        contacts: &[],
        category: "Standard",
    },
    Row {
        id: 100_004,
        name: "Nordlys Energi",
        credit_limit: "10000",
        discount: "5.25",
        tags: &["energy", "key-account"],
        street: "Polarveien 12",
        city: "Tromsø",
        contacts: &[(500_004, "Ingrid Berg")],
        category: "VIP",
    },
    Row {
        id: 100_005,
        name: "Troll Tech & Co",
        credit_limit: "0",
        discount: "0",
        tags: &["startup"],
        street: "Innovasjonsgata 2",
        city: "Trondheim",
        contacts: &[(500_005, "Lars <Lasse> Vik")],
        category: "Standard",
    },
    Row {
        id: 100_006,
        name: "Viking Vann",
        credit_limit: "99.99",
        discount: "1",
        tags: &["retail", "export"],
        street: "Havnegata 4",
        city: "Stavanger",
        contacts: &[(500_006, "Sigrid Lund")],
        category: "Standard",
    },
    Row {
        id: 100_007,
        name: "Aurora Design",
        credit_limit: "12345678901234567.89",
        discount: "100",
        tags: &["design"],
        street: "Nordlysveien 9",
        city: "Bodø",
        contacts: &[(500_007, "Nils Dahl")],
        category: "VIP",
    },
];

/// The value of the unknown field `newFieldV2` that every customer carries, as a field added
/// by a newer version of the resource would.
pub const NEW_FIELD_V2: i64 = 5;

/// How a customer is shown: which optional parts it carries.
#[derive(Debug, Clone, Copy, Default)]
pub struct View {
    /// `$expand` named `Address`.
    pub address: bool,
    /// `$expand` named `Contacts`.
    pub contacts: bool,
    /// `$showCustomFields=true`: the custom field `customerCategory`.
    pub custom_fields: bool,
    /// The single-customer resources (9102, 9104) show `discount`, `isActive` and an unknown
    /// nested object instead of the list's `tags`.
    pub single: bool,
}

fn row(id: i64) -> Option<&'static Row> {
    ROWS.iter().find(|r| r.id == id)
}

/// Customer `id` as JSON (camelCase, decimals as strings); `None` when there is no such id.
pub fn customer(id: i64, view: View) -> Option<Map<String, Value>> {
    row(id).map(|r| to_json(r, view))
}

fn to_json(row: &Row, view: View) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("customerId".into(), json!(row.id));
    out.insert("name".into(), json!(row.name));
    out.insert("creditLimit".into(), json!(row.credit_limit));
    if !view.single {
        out.insert("tags".into(), json!(row.tags));
    }
    if view.address {
        out.insert(
            "address".into(),
            json!({"street": row.street, "city": row.city}),
        );
    }
    if view.contacts {
        let contacts: Vec<Value> = row
            .contacts
            .iter()
            .map(|(id, name)| json!({"contactId": id, "name": name}))
            .collect();
        out.insert("contacts".into(), Value::Array(contacts));
    }
    if view.custom_fields {
        out.insert("customerCategory".into(), json!(row.category));
    }
    out.insert("newFieldV2".into(), json!(NEW_FIELD_V2));
    if view.single {
        out.insert("discount".into(), json!(row.discount));
        out.insert("isActive".into(), json!(true));
        out.insert("loyalty".into(), json!({"level": "gold", "points": 1200}));
    }
    out
}

/// A `GET /sales/customers` query, read and checked as RamBase would.
#[derive(Debug, Clone)]
pub struct ListQuery {
    /// `$top`, default [`DEFAULT_TOP`].
    pub top: usize,
    /// The index of the first customer of the page, from `$pageKey`.
    pub position: usize,
    /// `$inlinecount=allpages`.
    pub inline_count: bool,
    view: View,
    filter: Option<Filter>,
    order: Option<(String, bool)>,
    select: Option<Vec<String>>,
    min_credit_limit: Option<f64>,
}

#[derive(Debug, Clone)]
enum Filter {
    NameEq(String),
    NameStartsWith(String),
}

fn bad(message: String) -> Refusal {
    Refusal::new(400, Some(100_400), message)
}

impl ListQuery {
    /// Reads the query of `request`; a value RamBase would refuse is a 400.
    pub fn parse(request: &Request) -> Result<Self, Refusal> {
        let one = |name: &str| request.query_values(name).first().copied();
        let top = match one("$top") {
            None => DEFAULT_TOP,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|top| (1..=MAX_TOP).contains(top))
                .ok_or_else(|| bad(format!("$top must be from 1 to {MAX_TOP}, got {text}")))?,
        };
        let position = match one("$pageKey") {
            None => 0,
            Some(key) => position_of(key).ok_or_else(|| bad(format!("Unknown page key {key}")))?,
        };
        let list = |name: &str| one(name).map(|v| v.split(',').map(str::to_owned).collect());
        let expand: Vec<String> = list("$expand").unwrap_or_default();
        if let Some(other) = expand
            .iter()
            .find(|e| !["Address", "Contacts"].contains(&e.as_str()))
        {
            return Err(bad(format!("{other} cannot be expanded")));
        }
        Ok(Self {
            top,
            position,
            inline_count: one("$inlinecount") == Some("allpages"),
            view: View {
                address: expand.iter().any(|e| e == "Address"),
                contacts: expand.iter().any(|e| e == "Contacts"),
                custom_fields: one("$showCustomFields") == Some("true"),
                single: false,
            },
            filter: one("$filter").map(parse_filter).transpose()?,
            order: one("$orderby").map(parse_order).transpose()?,
            select: list("$select"),
            min_credit_limit: one("$minCreditLimit")
                .map(|v| {
                    v.parse::<f64>()
                        .map_err(|_| bad(format!("Not a decimal: {v}")))
                })
                .transpose()?,
        })
    }

    /// Every customer the query selects, in its order, before paging.
    pub fn matching(&self) -> Vec<Map<String, Value>> {
        let mut rows: Vec<&Row> = ROWS.iter().filter(|r| self.keeps(r)).collect();
        if let Some((field, descending)) = &self.order {
            rows.sort_by(|a, b| {
                let order = match field.as_str() {
                    "Name" => a.name.cmp(b.name),
                    _ => a.id.cmp(&b.id),
                };
                if *descending { order.reverse() } else { order }
            });
        }
        rows.into_iter().map(|r| self.shown(r)).collect()
    }

    fn keeps(&self, row: &Row) -> bool {
        let name_ok = match &self.filter {
            None => true,
            Some(Filter::NameEq(name)) => row.name == name,
            Some(Filter::NameStartsWith(prefix)) => row.name.starts_with(prefix.as_str()),
        };
        let limit: f64 = row.credit_limit.parse().unwrap_or(0.0);
        name_ok && self.min_credit_limit.is_none_or(|min| limit >= min)
    }

    /// The customer as this query shows it: `$select` keeps only the named fields.
    fn shown(&self, row: &Row) -> Map<String, Value> {
        let mut customer = to_json(row, self.view);
        if let Some(select) = &self.select {
            customer.retain(|name, _| select.iter().any(|s| s.eq_ignore_ascii_case(name)));
        }
        customer
    }
}

/// The opaque `$pageKey` of the page starting at `position`, as the server hands it out.
pub fn page_key(position: usize) -> String {
    format!("pk-{position}")
}

fn position_of(key: &str) -> Option<usize> {
    key.strip_prefix("pk-")?.parse().ok()
}

/// The two `$filter` forms the server understands; anything else is refused rather than
/// ignored, so a test never passes on a filter that did nothing.
fn parse_filter(text: &str) -> Result<Filter, Refusal> {
    let quoted = |t: &str| {
        t.strip_prefix('\'')
            .and_then(|t| t.strip_suffix('\''))
            .map(str::to_owned)
    };
    if let Some(name) = text.strip_prefix("Name eq ").and_then(quoted) {
        return Ok(Filter::NameEq(name));
    }
    if let Some(prefix) = text
        .strip_prefix("startswith(Name,")
        .and_then(|t| t.strip_suffix(')'))
        .and_then(quoted)
    {
        return Ok(Filter::NameStartsWith(prefix));
    }
    Err(bad(format!("Unsupported $filter: {text}")))
}

fn parse_order(text: &str) -> Result<(String, bool), Refusal> {
    let (field, descending) = match text.strip_suffix(" desc") {
        Some(field) => (field, true),
        None => (text.strip_suffix(" asc").unwrap_or(text), false),
    };
    match field {
        "Name" | "CustomerId" => Ok((field.to_owned(), descending)),
        _ => Err(bad(format!("Unsupported $orderby: {text}"))),
    }
}
