//! Work spread over all cores, with results in input order.
//!
//! Spec files and resource versions are independent of each other, so parsing, lowering and
//! rendering split them into one contiguous chunk per core. Results come back in input order,
//! so output never depends on scheduling.

use crate::diag::Diagnostics;

/// Applies `work` to every item on all cores and keeps what it returns, in input order. Each
/// worker records problems in a `Diagnostics` of its own; they are merged into `diags`.
pub(crate) fn filter_map_reporting<T, R, F>(items: &[T], diags: &mut Diagnostics, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T, &mut Diagnostics) -> Option<R> + Sync,
{
    let mut kept = Vec::new();
    for (chunk, found) in map_chunks(items, |chunk| {
        let mut found = Diagnostics::default();
        let chunk: Vec<R> = chunk
            .iter()
            .filter_map(|item| work(item, &mut found))
            .collect();
        (chunk, found)
    }) {
        kept.extend(chunk);
        diags.append(found);
    }
    kept
}

/// Applies `work` to contiguous chunks of `items`, one chunk per core, and returns the
/// chunks' results in input order. Runs on the calling thread when there is one core or
/// too little to share. A worker's panic is resumed on the calling thread, as if the work
/// had run there.
pub(crate) fn map_chunks<T, R, F>(items: &[T], work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // Below this many items a thread costs more than it saves.
    const MIN_PER_THREAD: usize = 8;
    let threads = threads.min(items.len() / MIN_PER_THREAD).max(1);
    if threads == 1 {
        return vec![work(items)];
    }
    let chunk = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::{filter_map_reporting, map_chunks};
    use crate::diag::{Diagnostic, Diagnostics, Origin};

    #[test]
    fn chunks_come_back_in_input_order_and_cover_every_item() {
        let items: Vec<u32> = (0..1000).collect();
        let chunks = map_chunks(&items, <[u32]>::to_vec);
        assert_eq!(chunks.concat(), items);
    }

    #[test]
    fn few_items_stay_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let seen = map_chunks(&[1, 2, 3], |_| std::thread::current().id());
        assert_eq!(seen, vec![caller]);
        assert_eq!(map_chunks(&[] as &[u8], <[u8]>::len), vec![0]);
    }

    #[test]
    fn kept_results_keep_their_order_and_every_problem_is_reported() {
        let items: Vec<u32> = (0..100).collect();
        let mut diags = Diagnostics::default();
        let kept = filter_map_reporting(&items, &mut diags, |&n, found| {
            if n % 10 == 0 {
                let origin = Origin {
                    file: format!("{n}.yaml").into(),
                    line_col: Some((1, 1)),
                    yaml_path: String::new(),
                };
                found.push(Diagnostic::new(origin, "a multiple of ten"));
                None
            } else {
                Some(n)
            }
        });
        let expected: Vec<u32> = items.iter().copied().filter(|n| n % 10 != 0).collect();
        assert_eq!(kept, expected);
        assert_eq!(diags.len(), 10);
    }
}
