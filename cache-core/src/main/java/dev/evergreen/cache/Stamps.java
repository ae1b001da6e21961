package dev.evergreen.cache;

import dev.evergreen.cache.spi.StoreEntry;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Entry stamps, and the two values no write ever gets, which stand for what a reader saw when it
 * saw no entry: {@link #NONE} (the store has none) and {@link #UNKNOWN} (the store could not be
 * read).
 */
final class Stamps {
  static final long UNKNOWN = Long.MIN_VALUE;
  static final long NONE = Long.MIN_VALUE + 1;

  private Stamps() {}

  /** A random stamp for a new write. */
  static long next() {
    long stamp;
    do {
      stamp = ThreadLocalRandom.current().nextLong();
    } while (stamp == UNKNOWN || stamp == NONE);
    return stamp;
  }

  /** What a load that starts from {@code seen} started from. */
  static long basisOf(@Nullable StoreEntry<?> seen) {
    if (seen == null) {
      return NONE;
    }
    return seen == GuardedSpace.UNREADABLE ? UNKNOWN : seen.stamp();
  }
}
