//! Names the spec needs that the document does not give in a usable form: operation names
//! from any `operationId`, distinct across the document, and distinct object names when two
//! different shapes of one resource version want the same one.

use std::collections::BTreeMap;

use super::operation::Imported;
use crate::spec::{RawField, RawResource, text, unplaced};

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
    let verb = upper_first(&method.to_ascii_lowercase());
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
        name = upper_first(&name.to_ascii_lowercase());
    }
    // Room for what the generator appends (`...ErrorCode`) within its name limit.
    name.truncate(MAX_OPERATION_CHARS);
    if keyword(&name) {
        // `Self`, `Type`: a method or module named like a keyword is refused or raw.
        name = format!("{verb}{name}");
    }
    // Only an upper-cased first letter goes without saying.
    let note = (name != upper_first(id)).then(|| {
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
    order.sort_by_key(|&i| super::existing::id(&resources[i].model));
    let mut owner: BTreeMap<(String, String), i128> = BTreeMap::new();
    for i in order {
        let r = &mut resources[i];
        let key = |op: &str| (area(&r.model).to_ascii_lowercase(), snake(op));
        let first = *owner
            .entry(key(operation(&r.model)))
            .or_insert(crate::spec::int(&r.model.resource));
        if first == crate::spec::int(&r.model.resource) {
            continue;
        }
        let renamed = format!(
            "{}{}",
            operation(&r.model),
            crate::spec::int(&r.model.resource)
        );
        r.notes.push(format!(
            "the operation name `{}` is also that of resource {first}; this one is `{renamed}`",
            operation(&r.model)
        ));
        owner.insert(key(&renamed), crate::spec::int(&r.model.resource));
        r.model.operation = unplaced(renamed);
    }
}

fn area(r: &RawResource) -> &str {
    text(&r.area).unwrap_or_default()
}

fn operation(r: &RawResource) -> &str {
    text(&r.operation).unwrap_or_default()
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

fn snake(name: &str) -> String {
    heck::ToSnakeCase::to_snake_case(name)
}

/// The names of one resource version made usable ([`usable_names`]) and its objects'
/// names distinct ([`distinct_objects`]); the notes say what changed.
pub(crate) fn settle(r: &mut RawResource) -> Vec<String> {
    let mut notes = usable_names(r);
    notes.extend(distinct_objects(r));
    notes
}

/// Gives nested objects of one body distinct names when two different shapes want the same
/// one (`Object` under the shipment with one field, under the service with another): the
/// second gets a number, as RamBase numbers its schemas (`SpecialHandling1`). The same shape
/// under one name stays one name, which the generator makes one type.
pub(crate) fn distinct_objects(r: &mut RawResource) -> Vec<String> {
    let mut notes = Vec::new();
    for (role, body) in [("request", &mut r.request), ("response", &mut r.response)] {
        let Some(body) = body else {
            continue;
        };
        let mut used: Vec<String> = Vec::new();
        names_in(&body.fields, &mut used);
        let object = text(&body.object).unwrap_or_default().to_string();
        used.push(pascal(&object));
        let mut seen: BTreeMap<String, Shape> = BTreeMap::new();
        seen.insert(
            pascal(&object),
            shape_of(&body.fields, crate::spec::flag(&body.custom_fields)),
        );
        let mut cx = Renaming {
            used,
            seen,
            notes: &mut notes,
            role,
        };
        cx.fields(&mut body.fields, &object);
    }
    notes
}

type Shape = (Vec<RawField>, bool);

fn shape_of(fields: &[RawField], custom: bool) -> Shape {
    (fields.to_vec(), custom)
}

fn pascal(name: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(name)
}

/// Every object name that a body's nested objects may claim.
fn names_in(fields: &[RawField], out: &mut Vec<String>) {
    for f in fields {
        if f.type_name() == "object" {
            out.push(pascal(text(&f.object).unwrap_or(&f.name.value)));
        }
        names_in(&f.fields, out);
        if let Some(items) = &f.items {
            out.push(pascal(text(&items.object).unwrap_or(&f.name.value)));
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
    fn fields(&mut self, fields: &mut [RawField], at: &str) {
        for f in fields {
            let here = format!("{at}.{}", f.name.value);
            self.fields(&mut f.fields, &here);
            if f.type_name() == "object" {
                let name = f.name.value.clone();
                self.object(f, &name, &here);
            }
            if let Some(items) = &mut f.items {
                self.fields(&mut items.fields, &here);
                if items.type_name() == "object" {
                    self.object(items, &f.name.value, &here);
                }
            }
        }
    }

    fn object(&mut self, f: &mut RawField, field_name: &str, at: &str) {
        let name = pascal(text(&f.object).unwrap_or(field_name));
        let shape = shape_of(&f.fields, crate::spec::flag(&f.custom_fields));
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
                f.object = unplaced(renamed);
            }
        }
    }
}

/// Gives a `rustName` (or, for a nested object's type, an `object`) to what the document
/// names with letters no Rust name holds (`größe` → `grosse`): the documented name stays on
/// the wire. Names with no letter left are kept, for the generator's check to report.
pub(crate) fn usable_names(r: &mut RawResource) -> Vec<String> {
    let mut notes = Vec::new();
    for (role, body) in [("request", &mut r.request), ("response", &mut r.response)] {
        let Some(body) = body else {
            continue;
        };
        let object = text(&body.object).unwrap_or_default().to_string();
        if crate::names::pascal(&object).is_err() && body.rust_name.is_none() {
            let suffix = if role == "request" { "Request" } else { "" };
            if let Some(name) = ascii_pascal(&object) {
                body.rust_name = unplaced(format!("{name}{suffix}"));
                notes.push(renamed(
                    role,
                    &object,
                    "rustName",
                    &format!("{name}{suffix}"),
                ));
            }
        }
        usable_fields(&mut body.fields, (role, &object), &mut notes);
    }
    for f in r.path_parameters.iter_mut() {
        usable_field(f, "pathParameters", &mut notes);
    }
    notes
}

/// The fields of the object `parent`, at `at` in the report.
fn usable_fields(fields: &mut [RawField], (at, parent): (&str, &str), notes: &mut Vec<String>) {
    for f in fields {
        usable_field(f, at, notes);
        let here = format!("{at}.{}", f.name.value);
        usable_domain(f, parent, &here, notes);
        if f.type_name() == "object"
            && f.object.is_none()
            && crate::names::pascal(&f.name.value).is_err()
            && let Some(name) = ascii_pascal(&f.name.value)
        {
            notes.push(renamed(&here, &f.name.value, "object", &name));
            f.object = unplaced(name);
        }
        let object = text(&f.object).unwrap_or(&f.name.value).to_string();
        usable_fields(&mut f.fields, (&here, &object), notes);
        if let Some(items) = &mut f.items {
            let object = text(&items.object).unwrap_or(&f.name.value).to_string();
            usable_fields(&mut items.fields, (&here, &object), notes);
        }
    }
}

fn usable_field(f: &mut RawField, at: &str, notes: &mut Vec<String>) {
    if f.rust_name.is_some() || crate::names::snake(&f.name.value).is_ok() {
        return;
    }
    let Some(name) = ascii_pascal(&f.name.value).and_then(|n| crate::names::snake(&n).ok()) else {
        return;
    };
    let name = crate::names::bare(&name).trim_end_matches('_').to_string();
    notes.push(renamed(at, &f.name.value, "rustName", &name));
    f.rust_name = unplaced(name);
}

/// A domain is named after its object and field (`ThingStatus`); one of them unusable gives
/// the folded name as its `rustName`.
fn usable_domain(f: &mut RawField, parent: &str, at: &str, notes: &mut Vec<String>) {
    let name = &f.name.value;
    let Some(domain) = &mut f.domain else {
        return;
    };
    if domain.rust_name.is_some() || crate::names::pascal(&format!("{parent}{name}")).is_ok() {
        return;
    }
    if let (Some(a), Some(b)) = (ascii_pascal(parent), ascii_pascal(name)) {
        let joined = format!("{a}{b}");
        notes.push(renamed(at, name, "domain.rustName", &joined));
        domain.rust_name = unplaced(joined);
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
