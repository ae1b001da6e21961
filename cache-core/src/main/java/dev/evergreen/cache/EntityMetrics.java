package dev.evergreen.cache;

import dev.evergreen.cache.spi.StoreEvents;
import java.util.function.IntSupplier;

/**
 * What an entity cache counts. {@link #NONE} when no registry is configured: empty methods the JIT
 * inlines away, so the hit path pays nothing.
 */
interface EntityMetrics extends StoreEvents {

  EntityMetrics NONE = new EntityMetrics() {};

  default void hit() {}

  default void stale() {}

  /** A value was served from the cache, {@code ageMillis} old (fresh or stale). */
  default void served(long ageMillis) {}

  default void miss(int count) {}

  default void put() {}

  default void loadSucceeded(long nanos) {}

  default void loadFailed(long nanos) {}

  default void refreshSucceeded() {}

  default void refreshFailed() {}

  default void refreshDropped() {}

  default void refreshSuperseded() {}

  default void storeError() {}

  /** A warm-up read {@code count} ids another schema version had cached. */
  default void warmedUp(int count) {}

  default void oversized() {}

  default void serializeFailed() {}

  @Override
  default void evicted() {}

  @Override
  default void decodeFailed(String key, RuntimeException cause) {}

  @Override
  default void oversized(String key) {
    oversized();
  }

  /** Publishes the number of unconfirmed invalidations, read from {@code pending} on demand. */
  default void pendingInvalidations(IntSupplier pending) {}

  /** Publishes the number of entries the store holds, read from {@code size} on demand. */
  default void size(java.util.function.LongSupplier size) {}

  /** The counts so far; all zero for {@link #NONE}. */
  default CacheStats stats(int pendingInvalidations) {
    return new CacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, pendingInvalidations);
  }
}
