//! Lowering: raw spec values → the validated IR.
//!
//! Invariant: every rule of the spec reference is checked here, every problem is recorded
//! with its origin, and an [`Api`] is returned only when none was found. Names are decided
//! and their collisions resolved or reported here, never in the emitters.

mod fields;
mod query;
mod resource;
mod rules;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::ir::{Api, DomainDef, Ty, TypeDef, TypeId};
use crate::names;
use crate::spec::{Located, RawField, SpecFile};

/// Lowers every parsed file; `Err` carries all problems found.
pub fn lower(files: &[SpecFile], diags: &mut Diagnostics) -> Option<Api> {
    let common = common_query_params(files, diags);
    check_common(&common, diags);
    let mut resources = lower_resources(files, &common, diags);
    resources.sort_by(|a, b| {
        (&a.area_module, &a.operation_snake, a.version, &a.spec_file).cmp(&(
            &b.area_module,
            &b.operation_snake,
            b.version,
            &b.spec_file,
        ))
    });
    let versions: Vec<VersionKey> = resources.iter().map(VersionKey::of).collect();
    check_unique_versions(&versions, diags);
    diags.is_empty().then_some(Api { resources })
}

/// The checks of [`lower`] over files given a batch at a time, for folders too big to hold
/// decoded and lowered at once (a client's imported document of 10,000 operations): each
/// batch's IR is dropped once checked, and only what the checks across files compare (the
/// common parameters, each version's identity) is kept.
pub(crate) struct BatchCheck<'c> {
    common: BTreeMap<String, &'c RawField>,
    versions: Vec<VersionKey>,
}

impl<'c> BatchCheck<'c> {
    /// Starts with every `kind: common` file, which any resource may refer to.
    pub fn new(commons: &'c [SpecFile], diags: &mut Diagnostics) -> Self {
        let common = common_query_params(commons, diags);
        check_common(&common, diags);
        BatchCheck {
            common,
            versions: Vec::new(),
        }
    }

    /// Checks one batch of resource files; common files in it are not looked at.
    pub fn add(&mut self, files: &[SpecFile], diags: &mut Diagnostics) {
        let resources = lower_resources(files, &self.common, diags);
        self.versions.extend(resources.iter().map(VersionKey::of));
    }

    /// The checks across all the batches' resources.
    pub fn finish(mut self, diags: &mut Diagnostics) {
        self.versions.sort_by(|a, b| a.order().cmp(&b.order()));
        check_unique_versions(&self.versions, diags);
    }
}

/// Common parameters are checked once on their own, so a broken one is reported even when no
/// resource uses it; a resource that uses it reports the same diagnostic, which the rendering
/// deduplicates.
fn check_common(common: &BTreeMap<String, &RawField>, diags: &mut Diagnostics) {
    for param in common.values() {
        query::lower_query_param(&mut Scope::new(diags), param, &param.name);
    }
}

/// Resource files are independent of each other, so they are lowered on all cores.
fn lower_resources(
    files: &[SpecFile],
    common: &BTreeMap<String, &RawField>,
    diags: &mut Diagnostics,
) -> Vec<crate::ir::Resource> {
    crate::par::filter_map_reporting(files, diags, |file, found| match file {
        SpecFile::Resource(raw) => resource::lower_resource(raw, common, found),
        SpecFile::Common(_) => None,
    })
}

/// What tells two resource versions apart, and where each is defined.
struct VersionKey {
    area_module: String,
    operation_snake: String,
    operation: String,
    version: u32,
    id: u32,
    spec_file: String,
    origin: Origin,
}

impl VersionKey {
    fn of(r: &crate::ir::Resource) -> Self {
        VersionKey {
            area_module: r.area_module.clone(),
            operation_snake: r.operation_snake.clone(),
            operation: r.operation.clone(),
            version: r.version,
            id: r.id,
            spec_file: r.spec_file.clone(),
            origin: r.origin.clone(),
        }
    }

    /// The order of [`lower`]'s resources, which puts the versions of one operation side by side.
    fn order(&self) -> (&str, &str, u32, &str) {
        (
            &self.area_module,
            &self.operation_snake,
            self.version,
            &self.spec_file,
        )
    }
}

fn common_query_params<'a>(
    files: &'a [SpecFile],
    diags: &mut Diagnostics,
) -> BTreeMap<String, &'a RawField> {
    let mut common: BTreeMap<String, &RawField> = BTreeMap::new();
    for file in files {
        let SpecFile::Common(c) = file else { continue };
        for param in &c.query_parameters {
            if let Some(first) = common.get(&param.name.value) {
                diags.push(
                    Diagnostic::new(
                        param.name.origin.clone(),
                        format!(
                            "the common query parameter `{}` is defined twice",
                            param.name.value
                        ),
                    )
                    .help(format!(
                        "it is also defined at {}; keep one definition",
                        first.name.origin
                    )),
                );
            } else {
                common.insert(param.name.value.clone(), param);
            }
        }
    }
    common
}

fn check_unique_versions(resources: &[VersionKey], diags: &mut Diagnostics) {
    for pair in resources.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.area_module == b.area_module
            && a.operation_snake == b.operation_snake
            && a.version == b.version
        {
            diags.push(
                Diagnostic::new(
                    b.origin.clone(),
                    format!("`{}` version {} is defined twice", b.operation, b.version),
                )
                .help(format!(
                    "the other definition is in {}; each version lives in one file",
                    a.spec_file
                )),
            );
        } else if a.area_module == b.area_module
            && a.operation_snake == b.operation_snake
            && a.id != b.id
        {
            diags.push(
                Diagnostic::new(b.origin.clone(), format!("operation `{}` has resource id {} here but {} in {}", b.operation, b.id, a.id, a.spec_file))
                    .help("all versions of one operation share one resource id; rename the operation if it is another resource"),
            );
        }
    }
}

/// The naming scope of one resource version: one Rust module's items and named types.
pub(crate) struct Scope<'d> {
    pub diags: &'d mut Diagnostics,
    types: Vec<Option<TypeDef>>,
    claimed: BTreeMap<String, Origin>,
    /// Struct names with the shape of their fields ([`crate::spec::shape_key`]).
    shapes: BTreeMap<String, (String, TypeId)>,
}

impl<'d> Scope<'d> {
    fn new(diags: &'d mut Diagnostics) -> Self {
        Scope {
            diags,
            types: Vec::new(),
            claimed: BTreeMap::new(),
            shapes: BTreeMap::new(),
        }
    }

    /// Claims an item name in the module; a second claim is a collision.
    pub fn claim(&mut self, name: &str, origin: &Origin) -> bool {
        self.claim_with(name, origin, "set `rustName` on one of the two definitions")
    }

    /// Like [`Scope::claim`], with the hint that fits the second definition.
    pub fn claim_with(&mut self, name: &str, origin: &Origin, help: &str) -> bool {
        if let Some(first) = self.claimed.get(name) {
            let first_at = if first.file == origin.file {
                format!("line {}", first.line_col.map_or(0, |lc| lc.0))
            } else {
                first.to_string()
            };
            self.diags.push(
                Diagnostic::new(origin.clone(), format!("the Rust name `{}` is already used in this module (by the definition at {first_at})", names::bare(name)))
                    .help(help),
            );
            return false;
        }
        self.claimed.insert(name.to_string(), origin.clone());
        true
    }

    /// Checks the name of a type that has a constructor `fn new(..) -> Self` (request bodies,
    /// checked values, domains, the call): clippy's `self_named_constructors` refuses `New`.
    pub fn constructible(&mut self, name: &str, origin: &Origin) -> bool {
        if name != "New" {
            return true;
        }
        self.diags.push(
            Diagnostic::new(origin.clone(), "the Rust type `New` would have a constructor `new`, which clippy (`self_named_constructors`) refuses")
                .help("name it otherwise: with `rustName`, or another `operation` for the call"),
        );
        false
    }

    /// Reserves a named type, so nested types can refer to it before it is filled.
    pub fn reserve(&mut self, name: &str, origin: &Origin) -> Option<TypeId> {
        self.reserve_with(name, origin, "set `rustName` on one of the two definitions")
    }

    /// Like [`Scope::reserve`], with the hint that fits the second definition.
    pub fn reserve_with(&mut self, name: &str, origin: &Origin, help: &str) -> Option<TypeId> {
        if !self.claim_with(name, origin, help) {
            return None;
        }
        let id = TypeId(u32::try_from(self.types.len()).unwrap_or(u32::MAX));
        self.types.push(None);
        Some(id)
    }

    /// The struct already named `name` whose fields have the shape `key`: a second nested
    /// object of the same name and shape is the same type, not a collision.
    pub fn same_shape(&self, name: &str, key: &str) -> Option<TypeId> {
        self.shapes
            .get(name)
            .filter(|(k, _)| k == key)
            .map(|(_, id)| *id)
    }

    /// The checked value type already defined exactly as `def` (one `Name` for the equal
    /// `Name` fields of two nested objects).
    pub fn same_newtype(&self, def: &crate::ir::NewtypeDef) -> Option<TypeId> {
        let index = self
            .types
            .iter()
            .position(|t| matches!(t, Some(TypeDef::Newtype(n)) if n == def))?;
        Some(TypeId(u32::try_from(index).unwrap_or(u32::MAX)))
    }

    /// Whether an item of the module already has the name.
    pub fn is_claimed(&self, name: &str) -> bool {
        self.claimed.contains_key(name)
    }

    /// Records the shape of the struct `name`, for [`Scope::same_shape`].
    pub fn remember_shape(&mut self, name: &str, key: String, id: TypeId) {
        self.shapes.insert(name.to_string(), (key, id));
    }

    /// Fills a reserved type.
    pub fn fill(&mut self, id: TypeId, def: TypeDef) {
        if let Some(slot) = self.types.get_mut(id.0 as usize) {
            *slot = Some(def);
        }
    }

    /// A domain type; a request and a response field of the same domain share one type.
    pub fn domain(&mut self, def: DomainDef, origin: &Origin) -> Option<Ty> {
        let existing = self
            .types
            .iter()
            .position(|t| matches!(t, Some(TypeDef::Domain(d)) if d.rust_name == def.rust_name));
        if let Some(index) = existing {
            let same =
                matches!(&self.types[index], Some(TypeDef::Domain(d)) if d.values == def.values);
            if same {
                return Some(Ty::Named(TypeId(u32::try_from(index).unwrap_or(u32::MAX))));
            }
            self.diags.push(
                Diagnostic::new(origin.clone(), format!("the domain `{}` is declared twice with different values", def.rust_name))
                    .help("list the same `domain.values` in both places, or give one a distinct `domain.rustName`"),
            );
            return None;
        }
        if !self.constructible(&def.rust_name, origin) {
            return None;
        }
        let id = self.reserve(&def.rust_name, origin)?;
        self.fill(id, TypeDef::Domain(def));
        Some(Ty::Named(id))
    }

    /// The filled types; a slot left empty by an earlier error is dropped (the run fails anyway).
    pub fn into_types(self) -> Vec<TypeDef> {
        self.types.into_iter().flatten().collect()
    }

    pub fn snake_name(&mut self, name: &Located<String>) -> Option<String> {
        self.checked(name, names::snake(&name.value))
    }

    pub fn pascal_name(&mut self, name: &Located<String>) -> Option<String> {
        self.checked(name, names::pascal(&name.value))
    }

    /// The variant of an `enum` value, which has no `rustName` to fall back on.
    pub fn variant_name(&mut self, value: &Located<String>) -> Option<String> {
        self.checked_with(value, names::pascal(&value.value), "an `enum` value names a Rust variant, so it needs ASCII letters (digits after the first letter); if the documentation lists such a value, leave out `enum` and take the parameter as a plain string")
    }

    /// A `rustName`, used as written once it is checked for what it names.
    pub fn given_name(&mut self, name: &Located<String>, kind: names::NameKind) -> Option<String> {
        let result = names::given(&name.value, kind);
        let help = match &result {
            Err(err) => err.rust_name_help(&name.value, kind),
            Ok(_) => String::new(),
        };
        self.checked_with(name, result, &help)
    }

    /// Reports keys that a kind of definition accepts in the file format but has no use for,
    /// each at its own position, so that nothing written in a spec is silently dropped. `why`
    /// follows the "remove" hint.
    pub fn reject_keys(&mut self, what: &str, why: &str, keys: &[(&str, Option<&Origin>)]) {
        for (key, origin) in keys {
            if let Some(origin) = origin {
                self.diags.push(
                    Diagnostic::new(
                        (*origin).clone(),
                        format!("`{key}` does not apply to {what}"),
                    )
                    .help(format!("remove `{key}`{why}")),
                );
            }
        }
    }

    /// A module or operation name, which has no `rustName` to fall back on.
    pub fn module_name(&mut self, name: &Located<String>, verbatim: bool) -> Option<String> {
        let result = if verbatim {
            names::verbatim(&name.value)
        } else {
            names::snake(&name.value)
        };
        let help = match &result {
            Err(names::NameError::TooLong(_)) => {
                "shorten it: it names a module, a file and Rust items"
            }
            _ => "write it with ASCII letters and digits, starting with a letter",
        };
        self.checked_with(name, result, help)
    }

    fn checked(
        &mut self,
        name: &Located<String>,
        result: Result<String, names::NameError>,
    ) -> Option<String> {
        self.checked_with(name, result, "add `rustName:` with an ASCII identifier to use in Rust; the documented name stays on the wire")
    }

    fn checked_with(
        &mut self,
        name: &Located<String>,
        result: Result<String, names::NameError>,
        help: &str,
    ) -> Option<String> {
        // Casing drops invisible characters, so `Phone\u{200b}Number` would quietly become
        // `phone_number` while the wire name kept the hidden character.
        if let Some(c) = name.value.chars().find(|c| is_invisible(*c)) {
            self.diags.push(
                Diagnostic::new(
                    name.origin.clone(),
                    format!(
                        "the name {:?} contains the invisible character U+{:04X}",
                        crate::spec::shorten(&name.value),
                        u32::from(c)
                    ),
                )
                .help("delete it: names are copied from the documentation, which has none"),
            );
            return None;
        }
        match result {
            Ok(ident) => Some(ident),
            Err(err) => {
                self.diags.push(
                    Diagnostic::new(
                        name.origin.clone(),
                        format!(
                            "the name {:?} {}",
                            crate::spec::shorten(&name.value),
                            err.describe()
                        ),
                    )
                    .help(help),
                );
                None
            }
        }
    }
}

/// Control, zero-width, bidi and other format characters: nothing a documented name holds.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || crate::names::is_bidi(c)
        || matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}
