package dev.evergreen.cache;

import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.StoreEntry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * Stores the rows an index lookup or a query returned as the entity's own entries, so that a cold
 * list of 50 costs the query alone, not the query and a load of its 50 ids.
 *
 * <p>Those rows were read before any lease was claimed (their ids were unknown), so a lease alone
 * cannot fence them: a write of the row between the query's read and the claim would be missed if
 * its tombstone were gone. Counts of this cache's writes close that gap, and are why seeding is
 * only done on a store that no other process writes (the in-memory one): a write that began after
 * {@link #mark} moved its id's count, and one that lands after the claim revokes the lease. The
 * counts are striped by id, so a write of one id does not keep a query's other rows out. On a
 * shared store (Redis) an absent key cannot tell "never cached" from "invalidated, then evicted or
 * lost in a restart", so the ids are loaded by id instead, each under its own lease.
 */
final class RowSeeder<K, V> {
  private static final int STRIPES = 64; // a power of two

  private final boolean enabled;
  private final AtomicLongArray writes = new AtomicLongArray(STRIPES);
  private final GuardedSpace<K, V> store;
  private final Entries<V> entries;
  private final Freshness freshness;
  private final Clock clock;

  RowSeeder(
      boolean enabled,
      GuardedSpace<K, V> store,
      Entries<V> entries,
      Freshness freshness,
      Clock clock) {
    this.enabled = enabled;
    this.store = store;
    this.entries = entries;
    this.freshness = freshness;
    this.clock = clock;
  }

  /** Called by every put and invalidation of {@code id} before it reaches the store. */
  void writing(Object id) {
    if (enabled) { // nothing reads the counts otherwise
      writes.incrementAndGet(stripe(id));
    }
  }

  /**
   * What a lookup or query must know before it reads the database: the write counts, the {@code
   * invalidateAll} epoch (a clear moves it, fencing every seeded write) and the time.
   */
  record Mark(long[] counts, long epoch, long startedAt) {}

  /** Taken before the lookup or query reads the database; null if seeding is off. */
  @Nullable Mark mark() {
    if (!enabled) {
      return null;
    }
    long[] counts = new long[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      counts[i] = writes.get(i);
    }
    return new Mark(counts, store.epoch(), clock.millis());
  }

  private static int stripe(Object id) {
    int h = id.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  /**
   * Stores each row whose key holds nothing usable, unless a write of its id (or of an id in its
   * stripe) or an {@code invalidateAll} began since {@code mark}; rows of keys another load holds
   * are left to it. Their age counts from when the lookup or query began.
   */
  void seed(Map<K, V> rows, @Nullable Mark mark) {
    if (mark == null) {
      return;
    }
    for (Map.Entry<K, V> row : rows.entrySet()) {
      K id = row.getKey();
      if (store.bypasses(id)) {
        continue; // an unconfirmed invalidation of it: the loader serves it
      }
      Claim<V> claim = store.claim(id);
      Lease lease = claim == null ? null : claim.lease();
      if (lease == null) {
        continue; // the store failed, or another load holds the key
      }
      // After the claim: a write from here on revokes the lease, one before it moved the count.
      if (writes.get(stripe(id)) != mark.counts()[stripe(id)]
          || freshness.of(claim.current(), clock.millis()) != Freshness.State.MISS) {
        lease.close();
        continue;
      }
      StoreEntry<V> entry = entries.loaded(id, row.getValue(), mark.startedAt());
      if (entry == null) {
        lease.close(); // cannot be cached (too large, or not serializable)
        continue;
      }
      store.write(id, new Flight<>(0, mark.epoch()), lease, entry);
    }
  }
}
