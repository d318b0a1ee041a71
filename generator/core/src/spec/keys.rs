//! The one table of what a spec file may say: for each of its mappings, the keys allowed (in
//! the order the importer writes them) and the keys required, each with the hint for a file
//! that lacks it; and the names of field types, methods and formats.
//!
//! The loader checks files against this table, and the importer's YAML writer walks it for the
//! order of the keys it writes (a round trip of a file that uses every key tests the writer).
//! The JSON Schema of `spec/schema/` and the key tables of `spec/README.md` are tested against
//! it (`tests/schema_keys.rs`), so no list of keys can drift from it.

/// A key of a spec mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key as written (`successStatus`).
    pub name: &'static str,
    /// For a required key, the hint a file without it gets; `None` for an optional key.
    pub missing: Option<&'static str>,
}

const fn optional(name: &'static str) -> Key {
    Key {
        name,
        missing: None,
    }
}

const fn required(name: &'static str, hint: &'static str) -> Key {
    Key {
        name,
        missing: Some(hint),
    }
}

/// One kind of mapping in a spec file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The `$defs` entries of the JSON Schema that describe it.
    pub schema: &'static [&'static str],
    /// The heading of `spec/README.md` whose first table lists its keys.
    pub readme: &'static str,
    /// Every key it allows, in the order the importer writes them.
    pub keys: &'static [Key],
}

impl Mapping {
    /// The names of the keys it allows, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|k| k.name).collect()
    }

    /// Whether it allows `name`.
    pub fn allows(&self, name: &str) -> bool {
        self.keys.iter().any(|k| k.name == name)
    }

    /// The keys it requires.
    pub fn required(&self) -> impl Iterator<Item = &Key> {
        self.keys.iter().filter(|k| k.missing.is_some())
    }
}

const KIND: Key = required(
    "kind",
    "start the file with `kind: resource` or `kind: common`",
);

/// A `kind: resource` file: one version of one API resource.
pub const RESOURCE: Mapping = Mapping {
    schema: &["resource"],
    readme: "`kind: resource`",
    keys: &[
        KIND,
        required(
            "resource",
            "add `resource: <API resource identifier>`, e.g. `resource: 3119`",
        ),
        required(
            "version",
            "add `version: <resource version>`, e.g. `version: 5`",
        ),
        required(
            "area",
            "add the API area from the page title, e.g. `area: Collaboration`",
        ),
        required("summary", "add the page's one-line summary"),
        optional("description"),
        optional("documentation"),
        optional("deprecated"),
        required(
            "operation",
            "name the call in PascalCase, e.g. `operation: AddContactPhone`",
        ),
        required("method", "add the HTTP method, e.g. `method: POST`"),
        required(
            "path",
            "add the path template, e.g. `path: /collaboration/contacts/{contactId}/phones`",
        ),
        optional("formats"),
        required(
            "successStatus",
            "add the documented successful HTTP status, e.g. `successStatus: 201`",
        ),
        optional("pathParameters"),
        optional("queryParameters"),
        optional("request"),
        optional("response"),
        optional("errors"),
    ],
};

/// A `kind: common` file: query parameters shared by many resources.
pub const COMMON: Mapping = Mapping {
    schema: &["common"],
    readme: "`kind: common`",
    keys: &[KIND, optional("queryParameters")],
};

/// A request or response body.
pub const BODY: Mapping = Mapping {
    schema: &["requestBody", "responseBody"],
    readme: "Bodies",
    keys: &[
        required(
            "object",
            "name the documented object, which is also the XML root, e.g. `object: Phone`",
        ),
        optional("jsonRoot"),
        optional("rustName"),
        optional("list"),
        optional("customFields"),
        required(
            "fields",
            "list the fields, e.g. `fields: {PhoneNumber: {type: string}}`",
        ),
    ],
};

/// A field, a parameter or an array's `items`.
pub const FIELD: Mapping = Mapping {
    schema: &["field"],
    readme: "Field definitions",
    keys: &[
        required(
            "type",
            "add `type:` (string, integer, long, decimal, date, datetime, time, boolean, object or array)",
        ),
        optional("required"),
        optional("description"),
        optional("pattern"),
        optional("minimum"),
        optional("maximum"),
        optional("minLength"),
        optional("maxLength"),
        optional("enum"),
        optional("default"),
        optional("domain"),
        optional("object"),
        optional("jsonName"),
        optional("rustName"),
        optional("customFields"),
        optional("fields"),
        optional("items"),
    ],
};

/// The `domain:` of a domain-valued field.
pub const DOMAIN: Mapping = Mapping {
    schema: &["domain"],
    readme: "Domains",
    keys: &[optional("values"), optional("rustName")],
};

/// One documented error code.
pub const ERROR: Mapping = Mapping {
    schema: &["error"],
    readme: "Errors",
    keys: &[
        required("code", "add the RamBase error code, e.g. `code: 101015`"),
        required(
            "status",
            "add the HTTP status it comes with, e.g. `status: 404`",
        ),
        required("message", "add the documented message"),
        optional("rustName"),
    ],
};

/// Every mapping of a spec file.
pub const MAPPINGS: [&Mapping; 6] = [&RESOURCE, &COMMON, &BODY, &FIELD, &DOMAIN, &ERROR];

/// The field types (`type:`).
pub const TYPES: &[&str] = &[
    "string", "integer", "long", "decimal", "date", "datetime", "time", "boolean", "object",
    "array",
];

/// The HTTP methods (`method:`), as written; lower case is accepted too.
pub const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE"];

/// The formats a page may offer through `$format` (`formats:`).
pub const FORMATS: &[&str] = &["json", "xml", "html", "jsonstream"];
