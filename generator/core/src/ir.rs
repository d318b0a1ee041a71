//! The validated intermediate representation that every emitter reads.
//!
//! Invariant: an `Api` exists only when the spec was fully checked. Names are final (Rust
//! identifiers are valid and distinct, wire names decided), rules are typed data, defaults
//! have their field's type and satisfy its rules. Emitters never see raw YAML types and never
//! fail on spec input. The IR is plain data: ordered collections only, no token streams.

use crate::diag::Origin;

/// Every resource version of a run, sorted by area, operation and version.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The resource versions.
    pub resources: Vec<Resource>,
}

/// One version of one API resource: one HTTP operation with its bodies.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// The spec file, as the generator names it in headers (forward slashes).
    pub spec_file: String,
    /// Where the resource is defined.
    pub origin: Origin,
    /// API resource identifier (3119).
    pub id: u32,
    /// Resource version (5).
    pub version: u32,
    /// API area as documented (`Collaboration`).
    pub area: String,
    /// Module of the area (`collaboration`).
    pub area_module: String,
    /// Operation name in PascalCase (`AddContactPhone`).
    pub operation: String,
    /// Module and method name of the operation (`add_contact_phone`).
    pub operation_snake: String,
    /// Module of this version (`v5`).
    pub version_module: String,
    /// The page summary.
    pub summary: String,
    /// Longer documentation, if any.
    pub description: Option<String>,
    /// Link to the documentation page, if any.
    pub documentation: Option<String>,
    /// Whether RamBase deprecates this version, with the note the spec gives (`None` inside
    /// for `deprecated: true`).
    pub deprecated: Option<Option<String>>,
    /// HTTP method.
    pub method: Method,
    /// The parsed path template.
    pub path: PathTemplate,
    /// The documented successful status.
    pub success_status: u16,
    /// Path parameters in path order.
    pub path_params: Vec<Param>,
    /// Query parameters settable per call, in spec order.
    pub query_params: Vec<QueryParam>,
    /// The request body, if the operation takes one.
    pub request: Option<Body>,
    /// The response body, if the operation returns one.
    pub response: Option<Body>,
    /// Documented error codes, sorted by code.
    pub errors: Vec<ErrorCode>,
    /// Named Rust types of this resource version, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Rust name of the per-call builder (`AddContactPhone`).
    pub call_name: String,
    /// Rust name of the operation's error enum (`AddContactPhoneError`).
    pub error_name: String,
    /// Rust name of the enum of documented error codes (`AddContactPhoneErrorCode`).
    pub codes_name: String,
}

/// Index of a named type in [`Resource::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// HTTP methods RamBase uses (it has no PATCH).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// Reads.
    Get,
    /// Creates.
    Post,
    /// Updates the fields provided.
    Put,
    /// Deletes.
    Delete,
}

impl Method {
    /// The method as written in HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A path template split into literal text and parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as documented.
    pub template: String,
    /// Its pieces in order.
    pub segments: Vec<PathSegment>,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as is.
    Literal(String),
    /// A parameter, by index into [`Resource::path_params`].
    Param(usize),
}

/// Scalar and composite value types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// RamBase String.
    String,
    /// RamBase Integer (32-bit).
    Integer,
    /// RamBase Long (64-bit).
    Long,
    /// RamBase Decimal.
    Decimal,
    /// RamBase Date (`yyyy-MM-dd`).
    Date,
    /// RamBase Datetime (ISO 8601 with offset).
    DateTime,
    /// RamBase Time (`HH:mm:ss`).
    Time,
    /// RamBase Boolean.
    Boolean,
    /// A named type of this resource (struct, constrained newtype or domain).
    Named(TypeId),
    /// A list of values.
    Array(Box<Ty>),
}

/// A validation rule, checked at generation time on defaults and at run time on input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The value must match this regex (not implicitly anchored).
    Pattern(String),
    /// Smallest allowed integer.
    Minimum(i64),
    /// Largest allowed integer.
    Maximum(i64),
    /// Fewest characters.
    MinLength(u64),
    /// Most characters.
    MaxLength(u64),
    /// Smallest allowed decimal.
    DecimalMinimum(Decimal),
    /// Largest allowed decimal.
    DecimalMaximum(Decimal),
}

/// An exact decimal, `mantissa / 10^scale`, as RamBase's Decimal and the runtime's
/// `rust_decimal::Decimal` (`Decimal::new(mantissa, scale)`) hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    /// The digits as an integer (`-125` for `-1.25`).
    pub mantissa: i64,
    /// Digits after the point, at most 28.
    pub scale: u32,
}

impl Decimal {
    /// The most digits after the point a `rust_decimal::Decimal` holds.
    pub const MAX_SCALE: u32 = 28;

    /// Reads `-12.50`-style text (no exponent); `None` if it is not such a number or does not
    /// fit a 64-bit mantissa and a scale of at most 28.
    pub fn parse(text: &str) -> Option<Self> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let fraction = fraction.trim_end_matches('0');
        let scale = u32::try_from(fraction.len()).ok()?;
        let magnitude: i64 = format!("{whole}{fraction}").parse().ok()?;
        let mantissa = if negative { -magnitude } else { magnitude };
        (scale <= Self::MAX_SCALE).then_some(Decimal { mantissa, scale })
    }

    /// Compares exactly, by bringing both to the larger scale. Only the one with the smaller
    /// scale is widened, so when that overflows it is the larger in magnitude.
    pub fn cmp_exact(&self, other: &Decimal) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let scale = self.scale.max(other.scale);
        let widen = |d: &Decimal| {
            10_i128
                .checked_pow(scale - d.scale)
                .and_then(|factor| i128::from(d.mantissa).checked_mul(factor))
        };
        let sign = |d: &Decimal| {
            if d.mantissa < 0 {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        };
        match (widen(self), widen(other)) {
            (Some(a), Some(b)) => a.cmp(&b),
            (None, _) => sign(self),
            (_, None) => sign(other).reverse(),
        }
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{whole}.{fraction}")
    }
}

/// A literal default value, typed like its field.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// A string (also a domain key).
    Str(String),
    /// An integer or long.
    Int(i64),
    /// A decimal, exact.
    Decimal(Decimal),
    /// A boolean.
    Bool(bool),
}

/// A path parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Documented name (`contactId`), also the name in the template and in messages.
    pub name: String,
    /// Rust argument name (`contact_id`).
    pub rust_name: String,
    /// The value type; a constrained parameter has a newtype.
    pub ty: Ty,
    /// The underlying scalar type, even when `ty` is a newtype.
    pub scalar: Ty,
    /// Documented description.
    pub description: Option<String>,
    /// Documented default, if any.
    pub default: Option<Literal>,
    /// Rules the value must satisfy.
    pub rules: Vec<Rule>,
}

impl Param {
    /// Whether a call takes it as an argument: one with a documented default may be left
    /// out (the default is sent), and has a setter instead.
    pub fn is_argument(&self) -> bool {
        self.default.is_none()
    }
}

/// A query parameter that a call can set.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryParam {
    /// Name on the wire (`$lang`).
    pub wire_name: String,
    /// Rust setter name (`lang`).
    pub rust_name: String,
    /// Value type: a scalar, a checked value (rules), a closed enum, or a list of strings
    /// or of enum values (sent comma-separated).
    pub ty: Ty,
    /// Documented description.
    pub description: Option<String>,
    /// Documented default, if any.
    pub default: Option<Literal>,
    /// Rules the value must satisfy (enforced through the checked value in `ty`).
    pub rules: Vec<Rule>,
}

/// A request or response body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// Documented object name, also the XML root (`Phone`).
    pub object: String,
    /// JSON root property (`phone`).
    pub json_root: String,
    /// The struct type of the object.
    pub type_id: TypeId,
    /// Whether the response is a list under a plural root.
    pub list: bool,
}

/// A documented error code of the operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorCode {
    /// RamBase error code.
    pub code: u64,
    /// HTTP status it comes with.
    pub status: u16,
    /// Documented message.
    pub message: String,
    /// Variant name in the operation's error enum.
    pub variant: String,
}

/// Whether a struct is sent or received; decides optionality and validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Sent by the client: required fields are plain, rules are enforced.
    Request,
    /// Received: every field may be absent or null, unknown fields are ignored.
    Response,
}

/// A named Rust type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeDef {
    /// An object.
    Struct(StructDef),
    /// A value with rules, whose constructor checks them.
    Newtype(NewtypeDef),
    /// An open set of domain keys.
    Domain(DomainDef),
    /// A closed set of query parameter values (`$expand`'s fields, `$inlinecount`).
    Enum(EnumDef),
}

impl TypeDef {
    /// The Rust name of the type.
    pub fn rust_name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.rust_name,
            TypeDef::Newtype(n) => &n.rust_name,
            TypeDef::Domain(d) => &d.rust_name,
            TypeDef::Enum(e) => &e.rust_name,
        }
    }
}

/// An object type.
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// Rust type name.
    pub rust_name: String,
    /// Documented object name.
    pub object: String,
    /// Sent or received.
    pub role: Role,
    /// Rust name of the builder that validates a whole request, for request structs.
    pub builder_name: Option<String>,
    /// Fields in wire order.
    pub fields: Vec<Field>,
    /// Whether it keeps properties it does not declare (every response object, and request
    /// objects that support custom fields), in a field `extra_fields`.
    pub extra_fields: bool,
    /// Whether the documentation says "Custom fields supported".
    pub custom_fields: bool,
}

/// A field of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Documented PascalCase name, also the XML element name and the name in messages.
    pub name: String,
    /// Rust field name.
    pub rust_name: String,
    /// JSON property name.
    pub json_name: String,
    /// The value type.
    pub ty: Ty,
    /// Documented description.
    pub description: Option<String>,
    /// Whether a request must give it, or what it is when left out.
    pub presence: Presence,
    /// Rules, for documentation (enforced through the newtype in `ty`).
    pub rules: Vec<Rule>,
    /// Whether the field takes domain values.
    pub domain: bool,
}

/// Whether a request must give a field, and what it is when it does not. One value, so that a
/// field can never be both required and defaulted.
#[derive(Clone, Debug, PartialEq)]
pub enum Presence {
    /// A request must give it (never in responses, where every field may be absent).
    Required,
    /// Takes its documented default when a request leaves it out.
    Defaulted(Literal),
    /// May be left out.
    Optional,
}

impl Presence {
    /// Whether a request must give the field.
    pub fn is_required(&self) -> bool {
        matches!(self, Presence::Required)
    }

    /// The documented default, if any.
    pub fn default(&self) -> Option<&Literal> {
        match self {
            Presence::Defaulted(literal) => Some(literal),
            _ => None,
        }
    }

    /// Whether a request always holds a value for it (required or defaulted).
    pub fn always_set(&self) -> bool {
        !matches!(self, Presence::Optional)
    }
}

/// A constrained scalar.
#[derive(Clone, Debug, PartialEq)]
pub struct NewtypeDef {
    /// Rust type name.
    pub rust_name: String,
    /// The scalar inside.
    pub inner: Ty,
    /// The rules its constructor checks.
    pub rules: Vec<Rule>,
    /// The documented name used in violation paths (`contactId`, `PhoneNumber`).
    pub value_name: String,
    /// Documented description of the value.
    pub description: Option<String>,
}

/// A domain of keys; open, because the real list depends on the company and its modules.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainDef {
    /// Rust type name.
    pub rust_name: String,
    /// Documented description of the field it came from.
    pub description: Option<String>,
    /// Known keys as (constant name, key), sorted by key.
    pub values: Vec<(String, String)>,
}

/// A closed set of values a query parameter accepts; anything else is refused by the compiler.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// Rust type name.
    pub rust_name: String,
    /// The documented name of the parameter it came from (`$expand`).
    pub param: String,
    /// Documented description of that parameter.
    pub description: Option<String>,
    /// The values as (variant name, value on the wire), in documented order.
    pub values: Vec<(String, String)>,
}
