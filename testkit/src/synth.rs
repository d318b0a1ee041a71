//! Synthetic spec maker shared by the `synth` example and the pipeline benchmarks.
//!
//! Writes `n` distinct resources shaped like 3119 v5 (POST with a path id, the five common
//! query parameters, a three-field request with a domain, a default and a pattern, a
//! five-field response and three error codes) plus a `common.yaml`. Every resource has its
//! own area folder, path, operation, field names, pattern, resource id and error codes, so
//! no work is shared between resources. Output depends only on `n`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// RamBase areas; resource `i` is in area `i % AREAS.len()`.
const AREAS: &[&str] = &[
    "Collaboration",
    "Sales",
    "Procurement",
    "Finance",
    "Logistics",
    "Production",
    "Hr",
    "System",
    "Product",
    "Customer",
    "Supplier",
    "Project",
];

/// Syllables for distinct, letters-only object names (digits would change how names are
/// cased and split).
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "do", "fe", "gu", "hi", "jo", "bu",
];

/// A distinct PascalCase word for `i` (`Ka`, `Lo`, …, `LoKa`, …), always two syllables at
/// least so that it never collides with a Rust keyword.
pub fn word(i: usize) -> String {
    let mut n = i;
    let mut parts = Vec::new();
    loop {
        parts.push(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 && parts.len() >= 2 {
            break;
        }
    }
    parts
        .iter()
        .rev()
        .map(|s| format!("{}{}", s[..1].to_ascii_uppercase(), &s[1..]))
        .collect()
}

/// The YAML text of resource `i`, and its path relative to the spec folder.
pub fn resource(i: usize) -> (PathBuf, String) {
    let area = AREAS[i % AREAS.len()];
    let w = word(i);
    let lower = w.to_ascii_lowercase();
    let id = 10_000 + i;
    let version = 1 + i % 5;
    let code = 200_000 + 10 * i;
    let min_id = 100_000 + i;
    // Distinct patterns of the same size: an optional prefix of the resource's own digits
    // (a growing repetition bound would make large N cost more per resource).
    let mut y = String::new();
    let _ = write!(
        y,
        r#"# Synthetic resource {i}, shaped like 3119 v5.
kind: resource
resource: {id}
version: {version}
area: {area}
summary: Adds a new {lower} phone to provided contact
documentation: https://api.rambase.net/documentation/{area}/{w}/Phone?resourceno={id}&version={version}
operation: Add{w}Phone
method: POST
path: /{area_l}/{lower}s/{{{lower}Id}}/phones
formats: [xml, html, json]
successStatus: 201

pathParameters:
  {lower}Id:
    type: integer
    description: {w} identifier
    minimum: {min_id}

queryParameters:
  - $access_token
  - $db
  - $useMinimumVersion
  - $showDomainDescriptions
  - $lang

request:
  object: {w}Phone
  fields:
    Type:
      type: string
      description: Type of {lower} phone
      domain:
        values: [BUSINESS, {upper}]
      default: BUSINESS
    IsDefault:
      type: boolean
      description: True if this is the default communication type
      default: false
    {w}Number:
      type: string
      required: true
      description: The {lower} phone number
      pattern: '^(?:\+{id})?([0-9\(\)\s\.\+\-])*$'

response:
  object: {w}Phone
  fields:
    {w}PhoneId:
      type: integer
      description: Phone identifier
    CreatedAt:
      type: datetime
      description: Date and time of creation
    IsDefault:
      type: boolean
      description: True if this is the default communication type
    Type:
      type: string
      description: Type of {lower} phone
      domain:
        values: [BUSINESS, {upper}]
    {w}Number:
      type: string
      description: The {lower} phone number

errors:
  - code: {c1}
    status: 404
    message: Permission not found for {lower}
    rustName: {w}PermissionNotFound
  - code: {c2}
    status: 400
    message: Event is not of the same type as event set on the {lower} flow
    rustName: {w}EventTypeMismatch
  - code: {c3}
    status: 404
    message: Setting definition for {lower} not found
    rustName: {w}SettingDefinitionNotFound
"#,
        area_l = area.to_ascii_lowercase(),
        upper = w.to_ascii_uppercase(),
        c1 = code + 1,
        c2 = code + 2,
        c3 = code + 3,
    );
    let path = PathBuf::from(area.to_ascii_lowercase())
        .join(format!("{lower}-phone"))
        .join(format!("post-{id}-v{version}.yaml"));
    (path, y)
}

/// The common query parameters, as in `spec/common.yaml`.
pub const COMMON: &str = r#"kind: common
queryParameters:
  $access_token:
    type: string
    description: >-
      After successful login you get an access token which needs to be provided in all API
      requests. Even though it is possible to pass this token as query parameter, we recommended
      passing it using the HTTP request header as described in Authorization. Note that all
      access tokens have an expiration time.
  $db:
    type: string
    description: Set the database/company for the request
  $useMinimumVersion:
    type: integer
    description: >-
      Used to run a new version of an API resource when your API client is running a deprecated
      API resource. See the Breaking changes page for more information.
  $showDomainDescriptions:
    type: boolean
    default: false
    description: >-
      Set to "true" to include domain descriptions for fields using domain values. See the
      Domain values page for more information. Default value is false.
  $lang:
    type: string
    description: Specifies the language used in the response, following the 3-letter ISO-639-1 [lll]
"#;

/// Writes `common.yaml` and `n` resources below `dir` (emptied first) and returns the spec
/// paths, sorted.
pub fn write_specs(n: usize, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let mut paths = vec![dir.join("common.yaml")];
    std::fs::write(&paths[0], COMMON)?;
    for i in 0..n {
        let (rel, text) = resource(i);
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        paths.push(path);
    }
    paths.sort();
    Ok(paths)
}
