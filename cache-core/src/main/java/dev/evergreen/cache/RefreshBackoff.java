package dev.evergreen.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers keys whose last refresh failed, so a failing source is retried after 1 s, 2 s, 4 s, ...
 * (at most {@code refreshAfter}) instead of on every stale read. Bounded; forgets a key on success.
 */
final class RefreshBackoff<K> {
  private static final long FIRST_DELAY_MILLIS = 1_000;

  private record Failure(int count, long retryAt) {}

  private final Cache<K, Failure> failures =
      Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
  private final long maxDelayMillis;

  RefreshBackoff(long maxDelayMillis) {
    this.maxDelayMillis = maxDelayMillis;
  }

  boolean isWaiting(K id, long now) {
    Failure failure = failures.getIfPresent(id);
    return failure != null && now < failure.retryAt();
  }

  void failed(K id, long now) {
    failures
        .asMap()
        .compute(
            id,
            (key, previous) -> {
              int count = previous == null ? 1 : previous.count() + 1;
              long delay = Math.min(FIRST_DELAY_MILLIS << Math.min(count - 1, 20), maxDelayMillis);
              return new Failure(count, now + delay);
            });
  }

  void forget(K id) {
    failures.invalidate(id);
  }
}
