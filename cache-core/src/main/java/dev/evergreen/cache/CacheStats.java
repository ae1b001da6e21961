package dev.evergreen.cache;

/**
 * What one entity cache has done since it was built: an immutable snapshot, like Caffeine's {@code
 * CacheStats}, from {@link EntityCache#stats()}.
 *
 * <p>Counts are kept only when the {@link Evergreen} has a meter registry or {@link
 * Evergreen.Builder#recordStats() records stats}; otherwise they are zero (the hit path then does
 * no counting at all). {@link #pendingInvalidations()} is always known.
 *
 * @param hits reads that found a fresh entry
 * @param staleHits reads that found a stale entry, returned it and queued a refresh
 * @param misses reads that found no usable entry (also reads that bypassed the cache)
 * @param loadSuccesses loader calls that returned
 * @param loadFailures loader calls that threw
 * @param totalLoadNanos time spent in loader calls
 * @param refreshSuccesses background refreshes whose value was stored
 * @param refreshFailures background refreshes whose load or store write failed
 * @param refreshesDropped refreshes not run because the executor was full
 * @param refreshesSuperseded refreshes whose value was not stored because a put, invalidation or
 *     clear of the key landed while they loaded
 * @param puts entries written to the store
 * @param evictions entries the store evicted for size
 * @param storeErrors store calls that failed
 * @param decodeFailures stored payloads that did not decode
 * @param oversized values not cached because they were larger than {@code maxValueBytes}
 * @param serializeFailures values not cached because they could not be serialized
 * @param pendingInvalidations invalidations this process made that the store has not confirmed yet
 *     (while one is pending, its key is served from the loader only)
 * @since 0.1.0
 */
public record CacheStats(
    long hits,
    long staleHits,
    long misses,
    long loadSuccesses,
    long loadFailures,
    long totalLoadNanos,
    long refreshSuccesses,
    long refreshFailures,
    long refreshesDropped,
    long refreshesSuperseded,
    long puts,
    long evictions,
    long storeErrors,
    long decodeFailures,
    long oversized,
    long serializeFailures,
    int pendingInvalidations) {

  /** Reads in all: hits, stale hits and misses. */
  public long reads() {
    return hits + staleHits + misses;
  }
}
