//! The spec format as plain data: what one spec file says, key by key, without positions.
//!
//! Import builds these from an OpenAPI document and writes them as YAML; export and merge
//! read existing spec files into them (from the spec layer's raw values, which keep every
//! key as written).

use crate::spec::yaml::Value;
use crate::spec::{Located, RawBody, RawCommon, RawField, RawQueryParam, RawResource};

/// One `kind: resource` file.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Resource {
    pub resource: i128,
    pub version: i128,
    pub area: String,
    pub summary: String,
    pub description: Option<String>,
    pub documentation: Option<String>,
    /// `deprecated:`: marked, with the note if there is one.
    pub deprecated: Option<Option<String>>,
    pub operation: String,
    pub method: String,
    pub path: String,
    pub formats: Vec<String>,
    pub success_status: i128,
    pub path_params: Vec<Field>,
    pub query: Vec<Query>,
    pub request: Option<Body>,
    pub response: Option<Body>,
    pub errors: Vec<ErrorDef>,
}

/// A query parameter: by name from a common file, or defined in place.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Query {
    Use(String),
    Inline(Box<Field>),
}

impl Query {
    /// The wire name of the parameter.
    pub fn name(&self) -> &str {
        match self {
            Query::Use(name) => name,
            Query::Inline(field) => &field.name,
        }
    }
}

/// A request or response body.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Body {
    pub object: String,
    pub json_root: Option<String>,
    pub rust_name: Option<String>,
    pub list: bool,
    pub custom_fields: bool,
    pub fields: Vec<Field>,
}

/// A field, path parameter or query parameter definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Field {
    pub name: String,
    pub ty: String,
    pub description: Option<String>,
    pub required: bool,
    pub default: Option<Scalar>,
    pub pattern: Option<String>,
    pub minimum: Option<Scalar>,
    pub maximum: Option<Scalar>,
    pub min_length: Option<i128>,
    pub max_length: Option<i128>,
    pub enum_values: Option<Vec<String>>,
    pub domain: Option<Domain>,
    pub object: Option<String>,
    pub json_name: Option<String>,
    pub rust_name: Option<String>,
    pub custom_fields: bool,
    pub fields: Vec<Field>,
    pub items: Option<Box<Field>>,
}

/// A domain-valued field's documented keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Domain {
    pub values: Vec<String>,
    pub rust_name: Option<String>,
}

/// A scalar value (a default or a bound).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Str(String),
    Int(i128),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    /// The scalar of a YAML value; `None` for collections and null.
    pub fn from_value(value: &Value) -> Option<Scalar> {
        match value {
            Value::Str(s) => Some(Scalar::Str(s.clone())),
            Value::Int(i) => Some(Scalar::Int(*i)),
            Value::Float(f) if f.is_finite() => Some(Scalar::Float(*f)),
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            _ => None,
        }
    }
}

/// A documented error code.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ErrorDef {
    pub code: i128,
    pub status: i128,
    pub message: String,
    pub rust_name: Option<String>,
}

/// One `kind: common` file: shared query parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Common {
    pub query: Vec<Field>,
}

fn text(v: &Option<Located<String>>) -> Option<String> {
    v.as_ref().map(|l| l.value.clone())
}

fn int(v: &Option<Located<i128>>) -> i128 {
    v.as_ref().map_or(0, |l| l.value)
}

fn flag(v: &Option<Located<bool>>) -> bool {
    v.as_ref().is_some_and(|l| l.value)
}

fn scalar(v: &Option<Located<Value>>) -> Option<Scalar> {
    v.as_ref().and_then(|l| Scalar::from_value(&l.value))
}

impl Resource {
    /// The model of a decoded spec file; missing required keys read as empty.
    pub fn from_raw(raw: &RawResource) -> Resource {
        Resource {
            resource: int(&raw.resource),
            version: int(&raw.version),
            area: text(&raw.area).unwrap_or_default(),
            summary: text(&raw.summary).unwrap_or_default(),
            description: text(&raw.description),
            documentation: text(&raw.documentation),
            deprecated: raw.deprecated.as_ref().and_then(|d| match &d.value {
                Value::Bool(true) => Some(None),
                Value::Str(note) => Some(Some(note.clone())),
                _ => None,
            }),
            operation: text(&raw.operation).unwrap_or_default(),
            method: text(&raw.method).unwrap_or_default().to_ascii_uppercase(),
            path: text(&raw.path).unwrap_or_default(),
            formats: raw.formats.iter().map(|f| f.value.clone()).collect(),
            success_status: int(&raw.success_status),
            path_params: raw.path_parameters.iter().map(Field::from_raw).collect(),
            query: raw
                .query_parameters
                .iter()
                .map(|q| match q {
                    RawQueryParam::Use(name) => Query::Use(name.value.clone()),
                    RawQueryParam::Inline(field) => Query::Inline(Box::new(Field::from_raw(field))),
                })
                .collect(),
            request: raw.request.as_ref().map(Body::from_raw),
            response: raw.response.as_ref().map(Body::from_raw),
            errors: raw
                .errors
                .iter()
                .map(|e| ErrorDef {
                    code: int(&e.code),
                    status: int(&e.status),
                    message: text(&e.message).unwrap_or_default(),
                    rust_name: text(&e.rust_name),
                })
                .collect(),
        }
    }
}

impl Body {
    fn from_raw(raw: &RawBody) -> Body {
        Body {
            object: text(&raw.object).unwrap_or_default(),
            json_root: text(&raw.json_root),
            rust_name: text(&raw.rust_name),
            list: flag(&raw.list),
            custom_fields: flag(&raw.custom_fields),
            fields: raw.fields.iter().map(Field::from_raw).collect(),
        }
    }
}

impl Field {
    /// The model of a decoded field definition.
    pub fn from_raw(raw: &RawField) -> Field {
        Field {
            name: raw.name.value.clone(),
            ty: text(&raw.ty).unwrap_or_default(),
            description: text(&raw.description),
            required: flag(&raw.required),
            default: scalar(&raw.default),
            pattern: text(&raw.pattern),
            minimum: scalar(&raw.minimum),
            maximum: scalar(&raw.maximum),
            min_length: raw.min_length.as_ref().map(|l| l.value),
            max_length: raw.max_length.as_ref().map(|l| l.value),
            enum_values: raw
                .enum_values
                .as_ref()
                .map(|l| l.value.iter().map(|v| v.value.clone()).collect()),
            domain: raw.domain.as_ref().map(|d| Domain {
                values: d.values.iter().map(|v| v.value.clone()).collect(),
                rust_name: text(&d.rust_name),
            }),
            object: text(&raw.object),
            json_name: text(&raw.json_name),
            rust_name: text(&raw.rust_name),
            custom_fields: flag(&raw.custom_fields),
            fields: raw.fields.iter().map(Field::from_raw).collect(),
            items: raw.items.as_ref().map(|i| Box::new(Field::from_raw(i))),
        }
    }
}

impl Common {
    /// The model of a decoded common file.
    pub fn from_raw(raw: &RawCommon) -> Common {
        Common {
            query: raw.query_parameters.iter().map(Field::from_raw).collect(),
        }
    }
}

/// `Customer` from `customer`: the documented name of a JSON name.
pub(crate) fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `customer` from `Customer`: the JSON name of a documented name (only the first character).
pub(crate) fn lower_first(name: &str) -> String {
    crate::names::json_name(name)
}
