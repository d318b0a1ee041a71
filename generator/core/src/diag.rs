//! Diagnostics: located problems in spec files, collected per phase and rendered together.
//!
//! Invariant: every diagnostic names a file; line and column are present whenever the
//! problem can be tied to a YAML node, and the YAML path whenever it sits inside a document.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a spec file something came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// The spec file, as given to the generator.
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub line_col: Option<(u32, u32)>,
    /// The YAML path, e.g. `request.fields.PhoneNumber.pattern`; empty for the document root.
    pub yaml_path: String,
}

impl Origin {
    /// An origin for a whole file (I/O errors, empty files).
    pub fn file(file: &Path) -> Self {
        Origin {
            file: file.to_path_buf(),
            line_col: None,
            yaml_path: String::new(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        Ok(())
    }
}

/// One problem in a spec, with a hint on how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is.
    pub origin: Origin,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no hint.
    pub fn new(origin: Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            origin,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.origin, sanitize(&self.message))?;
        if !self.origin.yaml_path.is_empty() {
            write!(f, "\n  at {}", sanitize(&self.origin.yaml_path))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", sanitize(help))?;
        }
        Ok(())
    }
}

/// Keeps a rendered diagnostic on its own lines: control and bidi characters from the
/// spec are shown escaped, so a hostile spec cannot rewrite a terminal or hide text.
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = crate::names::is_bidi(c);
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// All diagnostics of one run, sorted by file, line, column and message when rendered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records a problem and hands it back, so a hint can be added.
    pub(crate) fn push_mut(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        self.items.push(diagnostic);
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The problems, sorted and without exact duplicates.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort();
        items.dedup();
        items
    }

    /// Ends a phase: `Err` with everything recorded so far when anything was.
    pub fn check(&mut self) -> Result<(), Diagnostics> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(self))
        }
    }

    /// Moves the problems of `other` into `self`.
    pub fn append(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items = self.sorted();
        for d in &items {
            writeln!(f, "{d}\n")?;
        }
        let n = items.len();
        write!(f, "{n} error{} in the spec", if n == 1 { "" } else { "s" })
    }
}
