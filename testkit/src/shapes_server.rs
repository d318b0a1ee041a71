//! A local stand-in for the fictional resources of `tests/shapes` (a customer list that pages,
//! one customer, POST, PUT, DELETE, a path with a default) on `127.0.0.1`, in JSON and XML.
//!
//! It serves, behind `Authorization: Bearer` [`ACCESS_TOKEN`] (401 otherwise):
//!
//! - `GET /sales/customers` (9101): the seven customers of [`CUSTOMER_IDS`], `$top` (default
//!   [`DEFAULT_TOP`], 1 to [`MAX_TOP`], else 400) at a time from the position `$pageKey` names,
//!   with `paging` (`position`, `page`, `pageSize`, first/previous/next/last keys and links,
//!   `size` only with `$inlinecount=allpages`; the last page has no next key). `$filter`
//!   (`Name eq '..'`, `startswith(Name,'..')`), `$orderby` (`Name`, `CustomerId`, `desc`),
//!   `$select`, `$expand` (`Address`, `Contacts`), `$showCustomFields` (the custom field
//!   `customerCategory`) and `$minCreditLimit` are applied; every customer also carries the
//!   unknown field `newFieldV2`. See [`Mode`] for an empty list and a failing page.
//! - `GET /sales/customers/{id}` (9102): one customer with `discount`, `newFieldV2` and an
//!   unknown nested object `loyalty`.
//! - `POST /sales/customers` (9103): 201 with the body it received, given the id
//!   [`NEW_CUSTOMER_ID`] (custom fields and decimal digits are echoed as sent).
//! - `PUT /sales/customers/{id}` (9104): 200 with the customer and the sent fields applied.
//! - `DELETE /sales/customers/{id}` (9105): 202 without a body.
//! - `GET /sales/price-lists/{id}` (9106): the price list with that id.
//!
//! An unknown customer id is RamBase error [`CUSTOMER_NOT_FOUND`] (404). The format is
//! `$format` (or, without it, the `Accept` header); decimals go out as JSON numbers, or as
//! strings after [`ShapesServer::set_decimals_as_strings`]. Every request is recorded before
//! it is answered ([`ShapesServer::requests`]). Nothing is stored: the data set stays the same.

mod customers;
mod render;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value, json};

pub use self::customers::{CUSTOMER_IDS, DEFAULT_TOP, MAX_TOP, NEW_FIELD_V2, page_key};
use self::customers::{ListQuery, View};
use crate::rambase::{Refusal, Wire, error_reply};
use crate::server::lock;
use crate::{Bound, Reply, Request, Server, percent_encode};

/// The access token the server accepts.
pub const ACCESS_TOKEN: &str = "local-shapes-token";

/// The id `POST /sales/customers` gives the customer it creates.
pub const NEW_CUSTOMER_ID: i64 = 100_008;

/// RamBase error code of an unknown customer (documented by DELETE 9105, with HTTP 404).
pub const CUSTOMER_NOT_FOUND: u64 = 100_001;

/// RamBase error code of the failure [`Mode::FailOnPage`] scripts (documented nowhere).
pub const PAGE_FAILURE: u64 = 100_500;

/// How `GET /sales/customers` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Mode {
    /// The seven customers (see the module documentation).
    #[default]
    Normal,
    /// No customers at all: an empty page, without a next key.
    Empty,
    /// Page `page` (1-based, by `$pageKey` position and `$top`) answers a RamBase error with
    /// this status and the code [`PAGE_FAILURE`]; the pages before it are normal.
    FailOnPage {
        /// The failing page, 1-based.
        page: usize,
        /// Its HTTP status.
        status: u16,
    },
}

/// The local shapes server. It stops when dropped.
#[derive(Debug)]
pub struct ShapesServer {
    serving: Server,
    state: Arc<State>,
}

#[derive(Debug)]
struct State {
    base_url: String,
    mode: Mutex<Mode>,
    decimals_as_strings: AtomicBool,
}

impl ShapesServer {
    /// Binds `127.0.0.1` on a free port and serves in [`Mode::Normal`] on the current tokio
    /// runtime.
    pub async fn start() -> io::Result<Self> {
        let bound = Bound::new().await?;
        let state = Arc::new(State {
            base_url: bound.base_url().to_owned(),
            mode: Mutex::new(Mode::Normal),
            decimals_as_strings: AtomicBool::new(false),
        });
        let shared = Arc::clone(&state);
        let serving = bound.serve(move |request| serve(&shared, request));
        Ok(Self { serving, state })
    }

    /// `http://127.0.0.1:PORT`, to hand to `ClientBuilder::base_url`.
    pub fn base_url(&self) -> &str {
        self.serving.base_url()
    }

    /// Changes how the following list requests are answered.
    pub fn set_mode(&self, mode: Mode) {
        *lock(&self.state.mode) = mode;
    }

    /// Sends the decimals of JSON answers as strings (`"creditLimit": "0.2"`) instead of
    /// numbers.
    pub fn set_decimals_as_strings(&self, strings: bool) {
        self.state
            .decimals_as_strings
            .store(strings, Ordering::Relaxed);
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        self.serving.requests()
    }

    /// How many requests arrived so far.
    pub fn request_count(&self) -> usize {
        self.serving.request_count()
    }

    /// The only request received so far.
    ///
    /// # Panics
    ///
    /// When there was not exactly one.
    pub fn single_request(&self) -> Request {
        self.serving.single_request()
    }
}

fn serve(state: &State, request: &Request) -> Reply {
    let wire = request.wire();
    route(state, request, wire)
        .unwrap_or_else(|refusal| error_reply(&refusal, wire, request.lang()))
}

/// The answer to an authorized request, by method and path.
fn route(state: &State, request: &Request, wire: Wire) -> Result<Reply, Refusal> {
    let bearer = format!("Bearer {ACCESS_TOKEN}");
    if request.header("authorization") != Some(bearer.as_str()) {
        return Err(Refusal::new(
            401,
            None,
            "Access token is missing, invalid or expired",
        ));
    }
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    let id = segments.get(2).and_then(|id| id.parse::<i64>().ok());
    match (request.method.as_str(), segments.as_slice(), id) {
        ("GET", ["sales", "customers"], _) => list(state, request, wire),
        ("POST", ["sales", "customers"], _) => add(request, wire),
        ("GET", ["sales", "customers", _], Some(id)) => get(state, request, wire, id),
        ("PUT", ["sales", "customers", _], Some(id)) => update(state, request, wire, id),
        ("DELETE", ["sales", "customers", _], Some(id)) => delete(id),
        ("GET", ["sales", "price-lists", _], Some(id)) => price_list(wire, id),
        (_, ["sales", "customers"] | ["sales", "customers" | "price-lists", _], _) => {
            Err(Refusal::new(
                405,
                None,
                format!("{} is not supported here", request.method),
            ))
        }
        _ => Err(Refusal::new(
            404,
            None,
            format!("No API resource matches {}", request.path),
        )),
    }
}

fn decimals_as_strings(state: &State) -> bool {
    state.decimals_as_strings.load(Ordering::Relaxed)
}

fn not_found(id: i64) -> Refusal {
    Refusal::new(
        404,
        Some(CUSTOMER_NOT_FOUND),
        format!("Customer {id} not found"),
    )
    .translated(&format!("Kunde {id} ble ikke funnet"))
}

/// `GET /sales/customers`: one page of the customers the query selects.
fn list(state: &State, request: &Request, wire: Wire) -> Result<Reply, Refusal> {
    let query = ListQuery::parse(request)?;
    let mode = *lock(&state.mode);
    let page = query.position / query.top + 1;
    if let Mode::FailOnPage {
        page: failing,
        status,
    } = mode
        && page == failing
    {
        let message = format!("Simulated failure while reading page {page}");
        return Err(Refusal::new(status, Some(PAGE_FAILURE), message));
    }
    let all = match mode {
        Mode::Empty => Vec::new(),
        _ => query.matching(),
    };
    let items: Vec<Value> = all
        .iter()
        .skip(query.position)
        .take(query.top)
        .cloned()
        .map(Value::Object)
        .collect();
    let paging = paging(state, request, &query, page, all.len());
    let strings = decimals_as_strings(state);
    Ok(render::list_body(wire, "customers", items, paging, strings))
}

/// The `paging` object of the page of `query` among `total` customers. Links repeat the
/// request's query with the page's key, as RamBase's do.
fn paging(state: &State, request: &Request, query: &ListQuery, page: usize, total: usize) -> Value {
    let (position, top) = (query.position, query.top);
    let mut paging = Map::new();
    paging.insert("position".into(), json!(position));
    paging.insert("page".into(), json!(page));
    paging.insert("pageSize".into(), json!(top));
    if query.inline_count {
        paging.insert("size".into(), json!(total));
    }
    let mut link = |name: &str, at: usize| {
        let key = page_key(at);
        paging.insert(format!("{name}PageKey"), json!(key));
        paging.insert(
            format!("{name}Page"),
            json!(page_link(state, request, &key)),
        );
    };
    link("first", 0);
    if position > 0 {
        link("previous", position.saturating_sub(top));
    }
    if position + top < total {
        link("next", position + top);
    }
    link("last", total.saturating_sub(1) / top * top);
    Value::Object(paging)
}

/// The request's URL with `$pageKey` set to `key` and every other parameter kept.
fn page_link(state: &State, request: &Request, key: &str) -> String {
    let query: Vec<String> = request
        .query
        .iter()
        .filter(|(name, _)| name != "$pageKey")
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .chain([("$pageKey", key)])
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect();
    format!("{}{}?{}", state.base_url, request.path, query.join("&"))
}

/// `GET /sales/customers/{id}`.
fn get(state: &State, request: &Request, wire: Wire, id: i64) -> Result<Reply, Refusal> {
    let view = View {
        custom_fields: request.query_values("$showCustomFields") == ["true"],
        single: true,
        ..View::default()
    };
    let customer = customers::customer(id, view).ok_or_else(|| not_found(id))?;
    Ok(one_customer(state, wire, customer))
}

/// A 200 answer of one customer, with decimals as the server's mode writes them.
fn one_customer(state: &State, wire: Wire, customer: Map<String, Value>) -> Reply {
    let strings = decimals_as_strings(state);
    render::body(200, wire, "customer", &Value::Object(customer), strings)
}

/// `POST /sales/customers`: 201 with the body as received, plus the new id. The body is
/// echoed as text, not re-serialised, so decimals keep every digit and custom fields stay.
fn add(request: &Request, wire: Wire) -> Result<Reply, Refusal> {
    let text = request.body_text();
    let bad = |why: &str| Refusal::new(400, None, format!("Invalid request body: {why}"));
    let echoed = match wire {
        Wire::Json => {
            let value: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
            let name = &value["customer"]["name"];
            if !name.is_string() {
                return Err(bad("customer.name is required"));
            }
            // The `{` that opens the object of the root property `customer`.
            let brace = text
                .find("\"customer\"")
                .and_then(|at| text[at..].find('{').map(|b| at + b))
                .ok_or_else(|| bad("expected the root property \"customer\""))?;
            let (head, tail) = text.split_at(brace + 1);
            format!("{head}\"customerId\":{NEW_CUSTOMER_ID},{tail}")
        }
        Wire::Xml => {
            let children = render::xml_children(&text, "Customer")
                .ok_or_else(|| bad("expected the root element <Customer>"))?;
            if !children.iter().any(|(name, _)| name == "Name") {
                return Err(bad("Name is required"));
            }
            let inner = render::xml_inner(&text, "Customer").unwrap_or_default();
            format!("<Customer><CustomerId>{NEW_CUSTOMER_ID}</CustomerId>{inner}</Customer>")
        }
    };
    Ok(Reply::with_body(201, wire.content_type(), echoed))
}

/// `PUT /sales/customers/{id}`: the customer with the fields the body sent applied.
fn update(state: &State, request: &Request, wire: Wire, id: i64) -> Result<Reply, Refusal> {
    let view = View {
        single: true,
        ..View::default()
    };
    let mut customer = customers::customer(id, view).ok_or_else(|| not_found(id))?;
    customer.retain(|name, _| {
        ["customerId", "name", "creditLimit", "isActive"].contains(&name.as_str())
    });
    for (name, value) in sent_fields(request, wire)? {
        customer.insert(name, value);
    }
    Ok(one_customer(state, wire, customer))
}

/// The fields of a PUT body, JSON names; decimals as their exact text. Every field of a PUT
/// body is optional, the root too: an empty body sends nothing.
fn sent_fields(request: &Request, wire: Wire) -> Result<Map<String, Value>, Refusal> {
    let text = request.body_text();
    let bad = |why: &str| Refusal::new(400, None, format!("Invalid request body: {why}"));
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match wire {
        Wire::Json => {
            let value: Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
            let mut fields = match value.get("customer") {
                None | Some(Value::Null) => Map::new(),
                Some(Value::Object(fields)) => fields.clone(),
                Some(_) => return Err(bad("customer must be an object")),
            };
            for (name, value) in fields.iter_mut() {
                if let (true, Value::Number(number)) =
                    (render::DECIMAL_FIELDS.contains(&name.as_str()), &value)
                {
                    *value = Value::String(number.to_string());
                }
            }
            Ok(fields)
        }
        Wire::Xml => {
            let children = render::xml_children(&text, "Customer")
                .ok_or_else(|| bad("expected the root element <Customer>"))?;
            Ok(children
                .into_iter()
                .map(|(name, text)| (render::camel(&name), Value::String(text)))
                .collect())
        }
    }
}

/// `DELETE /sales/customers/{id}`: 202 without a body.
fn delete(id: i64) -> Result<Reply, Refusal> {
    if CUSTOMER_IDS.contains(&id) {
        Ok(Reply::empty(202))
    } else {
        Err(not_found(id))
    }
}

/// `GET /sales/price-lists/{id}`: answers with the id it was asked for.
fn price_list(wire: Wire, id: i64) -> Result<Reply, Refusal> {
    if id < 1 {
        return Err(Refusal::new(400, None, "priceListId must be at least 1"));
    }
    let name = match id {
        1 => "Main price list".to_owned(),
        other => format!("Price list {other}"),
    };
    let value = json!({"priceListId": id, "name": name});
    Ok(render::body(200, wire, "priceList", &value, false))
}
