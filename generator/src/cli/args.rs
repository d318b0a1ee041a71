//! Parsing a subcommand's arguments: switches, options with a value (`--spec DIR` or
//! `--spec=DIR`), list options that may repeat (`--only a --only b,c`), `--` before arguments
//! that start with `-`, and positional arguments.

use std::collections::{BTreeMap, BTreeSet};

use super::Failure;

/// The arguments of the command, without the program name.
pub fn from_env() -> Result<Vec<String>, Failure> {
    std::env::args_os()
        .skip(1)
        .map(|arg| {
            arg.into_string().map_err(|arg| {
                Failure::usage(format!(
                    "the argument {arg:?} is not valid UTF-8; rename the file or folder, or pass it through a path that is"
                ))
            })
        })
        .collect()
}

/// What a subcommand accepts.
pub struct Grammar {
    /// How the subcommand is called, for messages (`generator`, `generator diff`).
    pub command: &'static str,
    /// Options without a value.
    pub switches: &'static [&'static str],
    /// Options with a value, and the value's name for messages (`("--spec", "DIR")`).
    pub options: &'static [(&'static str, &'static str)],
    /// Options that may be given several times, each value a comma-separated list
    /// (`--only sales --only 604,605`), and the value's name for messages.
    pub lists: &'static [(&'static str, &'static str)],
}

/// Parsed arguments.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Whether `--help` or `-h` was given.
    pub help: bool,
    /// The switches given.
    pub switches: BTreeSet<&'static str>,
    /// The options given, with their values.
    pub options: BTreeMap<&'static str, String>,
    /// The items of the list options given, in order, across every time each was given.
    pub lists: BTreeMap<&'static str, Vec<String>>,
    /// The other arguments, in order.
    pub positional: Vec<String>,
}

impl Parsed {
    /// Whether `switch` was given.
    pub fn has(&self, switch: &str) -> bool {
        self.switches.contains(switch)
    }

    /// The value of `option`, if it was given.
    pub fn value(&self, option: &str) -> Option<&str> {
        self.options.get(option).map(String::as_str)
    }

    /// The items of the list option `option` (none if it was not given).
    pub fn items(&self, option: &str) -> &[String] {
        self.lists.get(option).map_or(&[], Vec::as_slice)
    }
}

impl Grammar {
    /// Parses `args`; an unknown option, a missing value or an option given twice is an error
    /// that names it.
    pub fn parse(&self, args: &[String]) -> Result<Parsed, Failure> {
        let mut parsed = Parsed::default();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            if arg == "--" {
                parsed.positional.extend(rest.by_ref().cloned());
            } else if arg == "--help" || arg == "-h" {
                parsed.help = true;
            } else if arg.starts_with('-') && arg.len() > 1 {
                let (name, inline) = match arg.split_once('=') {
                    Some((name, value)) => (name, Some(value.to_string())),
                    None => (arg.as_str(), None),
                };
                self.option(name, inline, &mut rest, &mut parsed)?;
            } else {
                parsed.positional.push(arg.clone());
            }
        }
        Ok(parsed)
    }

    fn option<'a>(
        &self,
        name: &str,
        inline: Option<String>,
        rest: &mut impl Iterator<Item = &'a String>,
        parsed: &mut Parsed,
    ) -> Result<(), Failure> {
        if let Some(switch) = self.switches.iter().find(|s| **s == name) {
            if inline.is_some() {
                return Err(Failure::usage(format!(
                    "`{switch}` takes no value; write `{switch}` alone"
                )));
            }
            parsed.switches.insert(switch);
            return Ok(());
        }
        let list = self.lists.iter().find(|(o, _)| *o == name);
        let Some((option, meta)) = self.options.iter().find(|(o, _)| *o == name).or(list) else {
            return Err(self.unknown(name));
        };
        let value = match inline.or_else(|| rest.next().cloned()) {
            Some(value) if !value.is_empty() && !value.starts_with("--") => value,
            _ => {
                return Err(Failure::usage(format!(
                    "`{option}` needs a value: `{option} {meta}`"
                )));
            }
        };
        if list.is_some() {
            let items = value.split(',').map(str::trim).filter(|i| !i.is_empty());
            parsed
                .lists
                .entry(option)
                .or_default()
                .extend(items.map(str::to_string));
            return Ok(());
        }
        if parsed.options.insert(option, value).is_some() {
            return Err(Failure::usage(format!(
                "`{option}` is given twice; give it once"
            )));
        }
        Ok(())
    }

    fn unknown(&self, name: &str) -> Failure {
        let known: Vec<String> = self
            .options
            .iter()
            .chain(self.lists)
            .map(|(o, meta)| format!("{o} {meta}"))
            .chain(self.switches.iter().map(|s| s.to_string()))
            .collect();
        Failure::usage(format!(
            "unknown option `{name}` for `{}`; it takes {} and --help",
            self.command,
            known.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: Grammar = Grammar {
        command: "test",
        switches: &["--check"],
        options: &[("--spec", "DIR")],
        lists: &[("--only", "NAME")],
    };

    fn args(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn list_options_repeat_and_split_while_single_ones_may_not_repeat() {
        let parsed = GRAMMAR
            .parse(&args("FILE --only a --only=b,c --spec s --only , d"))
            .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(parsed.items("--only"), ["a", "b", "c"]);
        assert_eq!(parsed.value("--spec"), Some("s"));
        assert_eq!(parsed.positional, ["FILE", "d"]);
        assert!(parsed.items("--other").is_empty());
        let twice = GRAMMAR.parse(&args("--spec a --spec b")).unwrap_err();
        assert!(twice.message.contains("given twice"), "{}", twice.message);
        let empty = GRAMMAR.parse(&args("--only --check")).unwrap_err();
        assert!(
            empty.message.contains("`--only` needs a value"),
            "{}",
            empty.message
        );
    }
}
