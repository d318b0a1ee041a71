//! The spec layer: YAML files → raw spec values, a faithful mirror of what the file says.
//!
//! Invariant: nothing here interprets meaning beyond the YAML kinds (string, integer, …);
//! every value keeps its [`Origin`]. Unknown and duplicate keys are reported here, all of
//! them, and a file with problems still yields whatever could be read so that later files
//! are checked too. Meaning (types, names, rules) is decided by `lower`.
//!
//! The `Raw*` types are the one model of a spec file: the OpenAPI importer builds and writes
//! them too, with [`Origin::none`] where a value was built rather than read (see `built`).

mod built;
mod decode;
pub mod keys;
mod load;
pub mod yaml;

pub use built::{flag, int, mark, text, unplaced, value};
pub use load::{MAX_FILE_BYTES, SourceFile, load_files, load_files_in, parse_files};

use crate::diag::Origin;
use yaml::Value;

/// A value read from a spec, with where it was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub origin: Origin,
}

/// One parsed spec file.
#[derive(Clone, Debug, PartialEq)]
pub enum SpecFile {
    /// `kind: resource`: one version of one API resource.
    Resource(Box<RawResource>),
    /// `kind: common`: definitions shared by many resources.
    Common(RawCommon),
}

/// One version of one API resource, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawResource {
    /// The document root.
    pub origin: Origin,
    /// API resource identifier, e.g. 3119.
    pub resource: Option<Located<i128>>,
    /// Resource version, e.g. 5.
    pub version: Option<Located<i128>>,
    /// API area, e.g. `Collaboration`.
    pub area: Option<Located<String>>,
    /// The page title, e.g. "Adds a new phone to provided contact".
    pub summary: Option<Located<String>>,
    /// Longer documentation text.
    pub description: Option<Located<String>>,
    /// Link to the documentation page.
    pub documentation: Option<Located<String>>,
    /// `deprecated: true`, or the note of a deprecated version (`deprecated: "Use 9706"`).
    pub deprecated: Option<Located<Value>>,
    /// Operation name in PascalCase, e.g. `AddContactPhone`.
    pub operation: Option<Located<String>>,
    /// HTTP method.
    pub method: Option<Located<String>>,
    /// Path template, e.g. `/collaboration/contacts/{contactId}/phones`.
    pub path: Option<Located<String>>,
    /// Supported formats (`json`, `xml`, `html`, `jsonstream`).
    pub formats: Vec<Located<String>>,
    /// The documented successful status.
    pub success_status: Option<Located<i128>>,
    /// Path parameters in declaration order.
    pub path_parameters: Vec<RawField>,
    /// Query parameters: references to common ones or inline definitions.
    pub query_parameters: Vec<RawQueryParam>,
    /// The request body.
    pub request: Option<RawBody>,
    /// The response body.
    pub response: Option<RawBody>,
    /// Documented error codes.
    pub errors: Vec<RawError>,
}

/// Definitions shared by many resources.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawCommon {
    /// The document root.
    pub origin: Origin,
    /// Named query parameters that resources refer to by name.
    pub query_parameters: Vec<RawField>,
}

/// A query parameter of a resource.
#[derive(Clone, Debug, PartialEq)]
pub enum RawQueryParam {
    /// A reference by name to a parameter of a `kind: common` file.
    Use(Located<String>),
    /// A parameter defined in place.
    Inline(Box<RawField>),
}

/// A request or response body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawBody {
    /// Where the body is defined.
    pub origin: Origin,
    /// The documented object name, the XML root, e.g. `Phone`.
    pub object: Option<Located<String>>,
    /// Overrides the JSON root (default: object name with the first letter lower-cased).
    pub json_root: Option<Located<String>>,
    /// Overrides the Rust type name.
    pub rust_name: Option<Located<String>>,
    /// Whether the response is a list of objects under a plural root with paging.
    pub list: Option<Located<bool>>,
    /// Whether the object supports custom fields ("Custom fields supported").
    pub custom_fields: Option<Located<bool>>,
    /// The fields in wire order.
    pub fields: Vec<RawField>,
}

/// A field, path parameter or query parameter, as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawField {
    /// Where the definition is.
    pub origin: Origin,
    /// The documented name (the mapping key).
    pub name: Located<String>,
    /// `string`, `integer`, `long`, `decimal`, `date`, `datetime`, `boolean`, `object`, `array`.
    pub ty: Option<Located<String>>,
    /// The documented description.
    pub description: Option<Located<String>>,
    /// Whether the field is required/mandatory.
    pub required: Option<Located<bool>>,
    /// The documented default value.
    pub default: Option<Located<Value>>,
    /// Regular expression the value must match.
    pub pattern: Option<Located<String>>,
    /// Smallest allowed number.
    pub minimum: Option<Located<Value>>,
    /// Largest allowed number.
    pub maximum: Option<Located<Value>>,
    /// Fewest characters.
    pub min_length: Option<Located<i128>>,
    /// Most characters.
    pub max_length: Option<Located<i128>>,
    /// Marks a domain-valued field.
    pub domain: Option<RawDomain>,
    /// For `object` fields: the nested object's name.
    pub object: Option<Located<String>>,
    /// For `object` fields: the nested fields.
    pub fields: Vec<RawField>,
    /// Where `fields` is written, so that `fields: {}` is told apart from no `fields`.
    pub fields_at: Option<Origin>,
    /// For `array` fields: the item definition.
    pub items: Option<Box<RawField>>,
    /// Overrides the JSON wire name.
    pub json_name: Option<Located<String>>,
    /// Overrides the Rust name.
    pub rust_name: Option<Located<String>>,
    /// For `object` fields and object `items`: whether the object supports custom fields.
    pub custom_fields: Option<Located<bool>>,
    /// For query parameters: the closed set of accepted values.
    pub enum_values: Option<Located<Vec<Located<String>>>>,
}

/// A domain-valued field's domain.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawDomain {
    /// Where it is defined.
    pub origin: Origin,
    /// Overrides the Rust type name (default: object name + field name).
    pub rust_name: Option<Located<String>>,
    /// The keys the documentation names; the domain stays open to others.
    pub values: Vec<Located<String>>,
}

/// A documented error code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawError {
    /// Where it is defined.
    pub origin: Origin,
    /// RamBase error code, e.g. 101015.
    pub code: Option<Located<i128>>,
    /// HTTP status it comes with.
    pub status: Option<Located<i128>>,
    /// Documented message.
    pub message: Option<Located<String>>,
    /// Rust variant name (default: `Error` + code).
    pub rust_name: Option<Located<String>>,
}

pub(crate) use decode::{closest, shorten};

/// What an object's fields say, without where they are written: two nested objects of one
/// name whose keys match are one type (a schema RamBase references from several places of
/// one response), whatever their positions.
pub(crate) fn shape_key(fields: &[RawField]) -> String {
    let mut out = String::new();
    for f in fields {
        write_shape(f, &mut out);
    }
    out
}

fn write_shape(f: &RawField, out: &mut String) {
    use std::fmt::Write as _;
    fn v<T: std::fmt::Debug>(l: &Option<Located<T>>) -> Option<&T> {
        l.as_ref().map(|l| &l.value)
    }
    let enums = f
        .enum_values
        .as_ref()
        .map(|e| e.value.iter().map(|v| &v.value).collect::<Vec<_>>());
    let domain = f.domain.as_ref().map(|d| {
        let values: Vec<_> = d.values.iter().map(|v| &v.value).collect();
        (v(&d.rust_name), values)
    });
    let _ = write!(
        out,
        "{{{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {}",
        f.name.value,
        v(&f.ty),
        v(&f.description),
        v(&f.required),
        v(&f.default),
        v(&f.pattern),
        v(&f.minimum),
        v(&f.maximum),
        v(&f.min_length),
        v(&f.max_length),
        domain,
        v(&f.object),
        v(&f.json_name),
        v(&f.rust_name),
        v(&f.custom_fields),
        enums,
        f.fields_at.is_some(),
        shape_key(&f.fields),
    );
    if let Some(items) = &f.items {
        write_shape(items, out);
    }
    out.push('}');
}
