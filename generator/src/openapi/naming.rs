//! Names the spec needs that the document does not give in a usable form: operation names
//! from any `operationId`, distinct across the document, and distinct object names when two
//! different shapes of one resource version want the same one.

use std::collections::BTreeMap;

use super::model::{Field, Resource};
use super::operation::Imported;

/// The longest operation name the importer writes (all ASCII by then).
const MAX_OPERATION_CHARS: usize = 64;

/// The operation name of an `operationId` without its area prefix (`sales_`): PascalCase
/// ASCII words, non-ASCII Latin letters folded (`Ü` → `U`), the method put in front of a
/// leading digit, and `<Method>Resource<id>` when nothing usable is left. The note says what
/// changed.
pub(crate) fn operation_name(
    operation_id: &str,
    method: &str,
    resource: i128,
) -> (String, Option<String>) {
    let id = operation_id
        .split_once('_')
        .map_or(operation_id, |(_, rest)| rest);
    let mut name = String::new();
    for word in id
        .chars()
        .flat_map(fold)
        .collect::<String>()
        .split(|c: char| !c.is_ascii_alphanumeric())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    let verb = super::model::upper_first(&method.to_ascii_lowercase());
    if name.is_empty() {
        name = format!("{verb}Resource{resource}");
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{verb}{name}");
    }
    if name
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        // `GETALL` would be one all-caps word, which clippy refuses as a type name.
        name = super::model::upper_first(&name.to_ascii_lowercase());
    }
    // Room for what the generator appends (`...ErrorCode`) within its name limit.
    name.truncate(MAX_OPERATION_CHARS);
    if keyword(&name) {
        // `Self`, `Type`: a method or module named like a keyword is refused or raw.
        name = format!("{verb}{name}");
    }
    // Only an upper-cased first letter goes without saying.
    let note = (name != super::model::upper_first(id)).then(|| {
        format!(
            "`operationId` {} gives no usable operation name; the operation is `{name}`",
            super::report::shown(operation_id)
        )
    });
    (name, note)
}

/// Whether the method of an operation name would be a Rust keyword (strict, reserved or
/// weak), which the generator escapes or refuses.
fn keyword(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
        "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
        "union", "raw", "safe",
    ];
    KEYWORDS.contains(&snake(name).as_str())
}

/// Non-ASCII Latin letters as ASCII; other non-ASCII characters are left out.
fn fold(c: char) -> Vec<char> {
    if c.is_ascii() {
        return vec![c];
    }
    let s = match c {
        'À'..='Å' => "A",
        'à'..='å' => "a",
        'Æ' => "Ae",
        'æ' => "ae",
        'Ç' => "C",
        'ç' => "c",
        'È'..='Ë' => "E",
        'è'..='ë' => "e",
        'Ì'..='Ï' => "I",
        'ì'..='ï' => "i",
        'Ñ' => "N",
        'ñ' => "n",
        'Ò'..='Ö' | 'Ø' => "O",
        'ò'..='ö' | 'ø' => "o",
        'Ù'..='Ü' => "U",
        'ù'..='ü' => "u",
        'Ý' => "Y",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        _ => " ",
    };
    s.chars().collect()
}

/// Makes operation names distinct per area: two resources whose names differ only in case or
/// separators (`getCustomer`, `GetCustomer`) would be one Rust module. The resource with the
/// lower id keeps the name; the other gets its resource id appended, with a note.
pub(crate) fn distinct_operations(resources: &mut [Imported]) {
    let mut order: Vec<usize> = (0..resources.len()).collect();
    order.sort_by_key(|&i| (resources[i].model.resource, resources[i].model.version));
    let mut owner: BTreeMap<(String, String), i128> = BTreeMap::new();
    for i in order {
        let r = &mut resources[i];
        let key = |op: &str| (r.model.area.to_ascii_lowercase(), snake(op));
        let first = *owner
            .entry(key(&r.model.operation))
            .or_insert(r.model.resource);
        if first == r.model.resource {
            continue;
        }
        let renamed = format!("{}{}", r.model.operation, r.model.resource);
        r.notes.push(format!(
            "the operation name `{}` is also that of resource {first}; this one is `{renamed}`",
            r.model.operation
        ));
        owner.insert(key(&renamed), r.model.resource);
        r.model.operation = renamed;
    }
}

fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name)
}

/// The names of one resource version made usable ([`usable_names`]) and its objects'
/// names distinct ([`distinct_objects`]); the notes say what changed.
pub(crate) fn settle(r: &mut Resource) -> Vec<String> {
    let mut notes = usable_names(r);
    notes.extend(distinct_objects(r));
    notes
}

/// Gives nested objects of one body distinct names when two different shapes want the same
/// one (`Object` under the shipment with one field, under the service with another): the
/// second gets a number, as RamBase numbers its schemas (`SpecialHandling1`). The same shape
/// under one name stays one name, which the generator makes one type.
pub(crate) fn distinct_objects(r: &mut Resource) -> Vec<String> {
    let mut notes = Vec::new();
    for (role, body) in [("request", &mut r.request), ("response", &mut r.response)] {
        let Some(body) = body else {
            continue;
        };
        let mut used: Vec<String> = Vec::new();
        names_in(&body.fields, &mut used);
        used.push(pascal(&body.object));
        let mut seen: BTreeMap<String, Shape> = BTreeMap::new();
        seen.insert(
            pascal(&body.object),
            shape_of(&body.fields, body.custom_fields),
        );
        let mut cx = Renaming {
            used,
            seen,
            notes: &mut notes,
            role,
        };
        let object = body.object.clone();
        cx.fields(&mut body.fields, &object);
    }
    notes
}

type Shape = (Vec<Field>, bool);

fn shape_of(fields: &[Field], custom: bool) -> Shape {
    (fields.to_vec(), custom)
}

fn pascal(name: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(name)
}

/// Every object name that a body's nested objects may claim.
fn names_in(fields: &[Field], out: &mut Vec<String>) {
    for f in fields {
        if f.ty == "object" {
            out.push(pascal(f.object.as_deref().unwrap_or(&f.name)));
        }
        names_in(&f.fields, out);
        if let Some(items) = &f.items {
            out.push(pascal(items.object.as_deref().unwrap_or(&f.name)));
            names_in(&items.fields, out);
        }
    }
}

struct Renaming<'a> {
    used: Vec<String>,
    seen: BTreeMap<String, Shape>,
    notes: &'a mut Vec<String>,
    role: &'static str,
}

impl Renaming<'_> {
    /// Children first, so that a parent's shape includes its children's final names.
    fn fields(&mut self, fields: &mut [Field], at: &str) {
        for f in fields {
            let here = format!("{at}.{}", f.name);
            self.fields(&mut f.fields, &here);
            if f.ty == "object" {
                let name = f.name.clone();
                self.object(f, &name, &here);
            }
            if let Some(items) = &mut f.items {
                self.fields(&mut items.fields, &here);
                if items.ty == "object" {
                    self.object(items, &f.name, &here);
                }
            }
        }
    }

    fn object(&mut self, f: &mut Field, field_name: &str, at: &str) {
        let name = pascal(f.object.as_deref().unwrap_or(field_name));
        let shape = shape_of(&f.fields, f.custom_fields);
        match self.seen.get(&name) {
            None => {
                self.seen.insert(name, shape);
            }
            Some(known) if *known == shape => {}
            Some(_) => {
                let mut n = 1;
                let renamed = loop {
                    let candidate = format!("{name}{n}");
                    if !self.used.contains(&candidate) {
                        break candidate;
                    }
                    n += 1;
                };
                self.notes.push(format!(
                    "{} {at}: another object of this body is also named `{name}` with other fields; this one is `{renamed}`",
                    self.role
                ));
                self.used.push(renamed.clone());
                self.seen.insert(renamed.clone(), shape);
                f.object = Some(renamed);
            }
        }
    }
}

/// Gives a `rustName` (or, for a nested object's type, an `object`) to what the document
/// names with letters no Rust name holds (`größe` → `grosse`): the documented name stays on
/// the wire. Names with no letter left are kept, for the generator's check to report.
pub(crate) fn usable_names(r: &mut Resource) -> Vec<String> {
    let mut notes = Vec::new();
    for (role, body) in [("request", &mut r.request), ("response", &mut r.response)] {
        let Some(body) = body else {
            continue;
        };
        if crate::names::pascal(&body.object).is_err() && body.rust_name.is_none() {
            let suffix = if role == "request" { "Request" } else { "" };
            if let Some(name) = ascii_pascal(&body.object) {
                body.rust_name = Some(format!("{name}{suffix}"));
                notes.push(renamed(
                    role,
                    &body.object,
                    "rustName",
                    &format!("{name}{suffix}"),
                ));
            }
        }
        let object = body.object.clone();
        usable_fields(&mut body.fields, (role, &object), &mut notes);
    }
    for f in r.path_params.iter_mut() {
        usable_field(f, "pathParameters", &mut notes);
    }
    notes
}

/// The fields of the object `parent`, at `at` in the report.
fn usable_fields(fields: &mut [Field], (at, parent): (&str, &str), notes: &mut Vec<String>) {
    for f in fields {
        usable_field(f, at, notes);
        let here = format!("{at}.{}", f.name);
        usable_domain(f, parent, &here, notes);
        if f.ty == "object"
            && f.object.is_none()
            && crate::names::pascal(&f.name).is_err()
            && let Some(name) = ascii_pascal(&f.name)
        {
            notes.push(renamed(&here, &f.name, "object", &name));
            f.object = Some(name);
        }
        let object = f.object.clone().unwrap_or_else(|| f.name.clone());
        usable_fields(&mut f.fields, (&here, &object), notes);
        if let Some(items) = &mut f.items {
            let object = items.object.clone().unwrap_or_else(|| f.name.clone());
            usable_fields(&mut items.fields, (&here, &object), notes);
        }
    }
}

fn usable_field(f: &mut Field, at: &str, notes: &mut Vec<String>) {
    if f.rust_name.is_some() || crate::names::snake(&f.name).is_ok() {
        return;
    }
    let Some(name) = ascii_pascal(&f.name).and_then(|n| crate::names::snake(&n).ok()) else {
        return;
    };
    let name = crate::names::bare(&name).trim_end_matches('_').to_string();
    notes.push(renamed(at, &f.name, "rustName", &name));
    f.rust_name = Some(name);
}

/// A domain is named after its object and field (`ThingStatus`); one of them unusable gives
/// the folded name as its `rustName`.
fn usable_domain(f: &mut Field, parent: &str, at: &str, notes: &mut Vec<String>) {
    let Some(domain) = &mut f.domain else {
        return;
    };
    if domain.rust_name.is_some() || crate::names::pascal(&format!("{parent}{}", f.name)).is_ok() {
        return;
    }
    if let (Some(a), Some(b)) = (ascii_pascal(parent), ascii_pascal(&f.name)) {
        let name = format!("{a}{b}");
        notes.push(renamed(at, &f.name, "domain.rustName", &name));
        domain.rust_name = Some(name);
    }
}

fn renamed(at: &str, name: &str, key: &str, to: &str) -> String {
    format!(
        "{at}: {} has letters no Rust name holds; `{key}: {to}` (the document's name stays on the wire)",
        super::report::shown(name)
    )
}

/// `Grosse` from `größe`: folded Latin letters and digits as PascalCase words, starting with
/// a letter; `None` when no letter is left.
fn ascii_pascal(name: &str) -> Option<String> {
    let folded: String = name.chars().flat_map(fold).collect();
    let mut out = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(out)
}
