//! How a big area is cut into several crates.
//!
//! The unit is a resource group: the operations whose spec files sit in one folder (in
//! RamBase's layout `spec/<area>/<object>/`, so the calls of one object stay together). Its
//! weight is its number of resource versions, one generated file each. Groups are sorted by
//! folder, and a crate ends before a group when
//!
//! - the crate would otherwise outgrow the bound, or
//! - the crate holds at least an eighth of the bound and the group's own hash falls below
//!   its weight out of half the bound (on average a crate of half the bound).
//!
//! The second rule is content-defined chunking: whether a group starts a crate depends on
//! that group alone, not on its position, so a resource added to or removed from an area
//! moves the cuts of its own crate and at most of the next few, never of the whole area (a
//! position-based cut, every K resources, would reshuffle every crate after the edit). The
//! hash is FNV-1a of the folder, fixed here, so the cuts are the same on every machine and
//! with every Rust version.

/// A group of operations: its sort key (the folder) and weight (resource versions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group<'a> {
    pub key: &'a str,
    pub weight: usize,
}

/// The index of the first group of every crate after the first (empty: one crate), for
/// `groups` sorted by key and a bound of `bound` resource versions per crate. A group
/// heavier than the bound is a crate of its own; an area within the bound is one crate.
pub(crate) fn cuts(groups: &[Group<'_>], bound: usize) -> Vec<usize> {
    let bound = bound.max(1);
    let total: usize = groups.iter().map(|g| g.weight).sum();
    if total <= bound {
        return Vec::new();
    }
    let mean = (bound / 2).max(1) as u64;
    let least = (bound / 8).max(1);
    let mut cuts = Vec::new();
    let mut current = 0;
    for (i, group) in groups.iter().enumerate() {
        let full = current > 0 && current + group.weight > bound;
        let chosen = current >= least && fnv1a(group.key) % mean < group.weight as u64;
        if full || chosen {
            cuts.push(i);
            current = 0;
        }
        current += group.weight;
    }
    cuts
}

/// FNV-1a, 64 bits: a hash defined by its constants, unlike `std`'s, which may change.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A crate's name part from its first group's folder: its last segment, lower case, ASCII
/// letters and digits with `-` between words (`part` when nothing is left).
pub(crate) fn suffix(folder: &str) -> String {
    let last = folder.rsplit(['/', '\\']).next().unwrap_or(folder);
    let mut out = String::new();
    for c in last.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "part".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(keys: &[String], weight: impl Fn(usize) -> usize) -> Vec<Group<'_>> {
        keys.iter()
            .enumerate()
            .map(|(i, key)| Group {
                key,
                weight: weight(i),
            })
            .collect()
    }

    /// The crates as lists of folders.
    fn crates<'a>(groups: &[Group<'a>], bound: usize) -> Vec<Vec<&'a str>> {
        let mut starts = cuts(groups, bound);
        starts.insert(0, 0);
        starts.push(groups.len());
        starts
            .windows(2)
            .map(|w| groups[w[0]..w[1]].iter().map(|g| g.key).collect())
            .collect()
    }

    fn folders(n: usize) -> Vec<String> {
        let mut keys: Vec<String> = (0..n).map(|i| format!("spec/sales/orders{i}")).collect();
        keys.sort();
        keys
    }

    #[test]
    fn an_area_within_the_bound_is_one_crate_and_no_crate_outgrows_it() {
        let keys = folders(600);
        assert!(cuts(&groups(&keys[..12], |_| 5), 64).is_empty());
        let all = groups(&keys, |i| 1 + i % 5);
        let made = crates(&all, 64);
        assert!(made.len() > 600 * 3 / 64, "{} crates", made.len());
        for c in &made {
            let exact: usize = all
                .iter()
                .filter(|g| c.contains(&g.key))
                .map(|g| g.weight)
                .sum();
            assert!((1..=64).contains(&exact), "a crate of {exact} versions");
        }
        // A group heavier than the bound is a crate of its own.
        let heavy = groups(&keys[..3], |i| if i == 1 { 100 } else { 5 });
        assert_eq!(crates(&heavy, 64).len(), 3);
    }

    #[test]
    fn adding_a_group_moves_only_the_crates_near_it() {
        let keys = folders(600);
        let before = crates(&groups(&keys, |_| 5), 64);
        for added in [0, 1, 77, 300, 599] {
            let mut more = keys.clone();
            more.push(format!("{}x", keys[added]));
            more.sort();
            let after = crates(&groups(&more, |_| 5), 64);
            let kept = after.iter().filter(|c| before.contains(c)).count();
            assert!(
                after.len() - kept <= 3,
                "adding after {}: {} of {} crates changed",
                keys[added],
                after.len() - kept,
                after.len()
            );
        }
    }

    #[test]
    fn suffixes_are_package_name_parts() {
        assert_eq!(suffix("spec/sales/orders12"), "orders12");
        assert_eq!(suffix("spec/sales/Contact_Phone"), "contact-phone");
        assert_eq!(suffix("spec\\sales\\__x__"), "x");
        assert_eq!(suffix("spec/sales/ø"), "part");
    }
}
