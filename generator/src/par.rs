//! Work spread over all cores, with results in input order.
//!
//! Spec files and resource versions are independent of each other, so parsing, lowering and
//! rendering split them into one contiguous chunk per core. Results come back in input order,
//! so output never depends on scheduling.

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
    use super::map_chunks;

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
}
