package dev.evergreen.cache;

import dev.evergreen.cache.spi.EntryCodec;
import dev.evergreen.cache.spi.StoreEntry;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Makes the entries the engine stores, each with a fresh stamp, and refuses values too large to
 * cache (counted, logged once) or that cannot be serialized (counted, logged rate-limited): those
 * are returned to the caller but never stored.
 */
final class Entries<V> {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");

  private final String name;
  private final EntryCodec<V> codec;
  private final long maxValueBytes;
  private final Freshness freshness;
  private final EntityMetrics metrics;
  private final boolean sharesValues;
  private final AtomicBoolean oversizeLogged = new AtomicBoolean();
  private final RateLimitedLog serializeLog = new RateLimitedLog();

  Entries(
      String name,
      EntryCodec<V> codec,
      long maxValueBytes,
      Freshness freshness,
      EntityMetrics metrics,
      boolean sharesValues) {
    this.name = name;
    this.codec = codec;
    this.maxValueBytes = maxValueBytes;
    this.freshness = freshness;
    this.metrics = metrics;
    this.sharesValues = sharesValues;
  }

  /**
   * What a caller that waited for another caller's load gets: the same instance if values may be
   * shared, else its own copy, so that no two callers hold one mutable object.
   */
  @Nullable V copyForAnotherCaller(@Nullable V value) {
    if (sharesValues || value == null) {
      return value;
    }
    return codec.decode(codec.encode(StoreEntry.value(value, 0, 0))).value();
  }

  /**
   * The entry for what a load returned, written at {@code startedAt}; null if there is nothing to
   * store (an absence that is not remembered, or a value that cannot be cached).
   */
  @Nullable StoreEntry<V> loaded(Object id, @Nullable V value, long startedAt) {
    if (value == null) {
      return freshness.remembersAbsence() ? StoreEntry.absent(startedAt, Stamps.next()) : null;
    }
    return cacheable(id, StoreEntry.value(value, startedAt, Stamps.next()));
  }

  /** The entry for a caller's put, or null if the value cannot be cached. */
  @Nullable StoreEntry<V> put(Object id, V value, long now) {
    return cacheable(id, StoreEntry.value(value, now, Stamps.next()));
  }

  StoreEntry<V> tombstone(long now) {
    return StoreEntry.tombstone(now, Stamps.next());
  }

  /** The entry, encoded once here (the store reuses the bytes), or null if it cannot be cached. */
  private @Nullable StoreEntry<V> cacheable(Object id, StoreEntry<V> entry) {
    long size;
    try {
      size = entry.encoded(codec).length;
    } catch (RuntimeException e) {
      metrics.serializeFailed();
      serializeLog.warn(
          name + ": value for id " + id + " cannot be serialized; it is returned but not cached",
          e);
      return null;
    }
    if (size <= maxValueBytes) {
      return entry;
    }
    metrics.oversized();
    if (oversizeLogged.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          name
              + ": value for id "
              + id
              + " is "
              + size
              + " bytes encoded, more than maxValueBytes ("
              + maxValueBytes
              + "); values this large are returned but not cached (logged once)");
    }
    return null;
  }
}
