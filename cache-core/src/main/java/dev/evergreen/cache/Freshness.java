package dev.evergreen.cache;

import dev.evergreen.cache.spi.StoreEntry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Decides what an entry means at a given time: fresh, stale, or a miss. */
final class Freshness {
  enum State {
    FRESH,
    STALE,
    MISS
  }

  private final long refreshAfterMillis;
  private final long expireAfterMillis;
  private final long negativeTtlMillis;

  Freshness(Duration refreshAfter, Duration expireAfter, Duration negativeTtl) {
    this.refreshAfterMillis = refreshAfter.toMillis();
    this.expireAfterMillis = expireAfter.toMillis();
    this.negativeTtlMillis = negativeTtl.toMillis();
  }

  /** On the hit path: comparisons only, no enum switch (its lookup table costs a load). */
  State of(@Nullable StoreEntry<?> entry, long now) {
    if (entry == null) {
      return State.MISS;
    }
    long age = now - entry.writtenAt();
    StoreEntry.Kind kind = entry.kind();
    if (kind == StoreEntry.Kind.VALUE) {
      return age < refreshAfterMillis
          ? State.FRESH
          : age < expireAfterMillis ? State.STALE : State.MISS;
    }
    if (kind == StoreEntry.Kind.ABSENT) {
      return age < negativeTtlMillis ? State.FRESH : State.MISS;
    }
    return State.MISS;
  }

  /** Whether an id the loader found nothing for is remembered at all. */
  boolean remembersAbsence() {
    return negativeTtlMillis > 0;
  }

  long refreshAfterMillis() {
    return refreshAfterMillis;
  }
}
