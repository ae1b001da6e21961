package dev.evergreen.cache;

import dev.evergreen.cache.spi.StoreSpace;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Lands {@link PendingInvalidations} in the background: on the {@link Maintenance} thread, after 50
 * ms, then backing off to 2 s while the store keeps failing; one task at a time per entity.
 */
final class InvalidationRetries<K, V> {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");
  private static final long FIRST_DELAY_MILLIS = 50;
  private static final long MAX_DELAY_MILLIS = 2_000;
  private static final int BATCH = 1_000;

  private final String name;
  private final StoreSpace<K, V> space;
  private final PendingInvalidations<K> pending;
  private final Entries<V> entries;
  private final Clock clock;
  private final Maintenance maintenance;
  private final BooleanSupplier closed;
  private final BiConsumer<String, RuntimeException> storeFailed;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private long delayMillis = FIRST_DELAY_MILLIS; // touched by the retry task only

  InvalidationRetries(
      String name,
      StoreSpace<K, V> space,
      PendingInvalidations<K> pending,
      Entries<V> entries,
      Clock clock,
      Maintenance maintenance,
      BooleanSupplier closed,
      BiConsumer<String, RuntimeException> storeFailed) {
    this.name = name;
    this.space = space;
    this.pending = pending;
    this.entries = entries;
    this.clock = clock;
    this.maintenance = maintenance;
    this.closed = closed;
    this.storeFailed = storeFailed;
  }

  void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      maintenance.schedule(this::retry, delayMillis);
    }
  }

  /** Lands what it can; stops at the first failure (the store is still down) and tries later. */
  private void retry() {
    scheduled.set(false);
    if (closed.getAsBoolean()) {
      return;
    }
    int before = pending.count();
    boolean allLanded = true;
    try {
      if (pending.blocksAll()) {
        long ticket = pending.ticket();
        space.clear();
        pending.allLanded(ticket);
      }
      for (K id : pending.someKeys(BATCH)) {
        long ticket = pending.ticket();
        space.invalidate(id, entries.tombstone(clock.millis()));
        pending.landed(id, ticket);
      }
    } catch (RuntimeException e) {
      storeFailed.accept("retried invalidation", e);
      allLanded = false;
    }
    int after = pending.count();
    if (after < before) {
      LOG.log(
          Level.INFO,
          name + ": " + (before - after) + " pending invalidations landed, " + after + " left");
    }
    delayMillis = allLanded ? FIRST_DELAY_MILLIS : Math.min(delayMillis * 2, MAX_DELAY_MILLIS);
    if (after > 0) {
      schedule();
    }
  }
}
