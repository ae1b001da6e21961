package dev.evergreen.cache;

import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.LeasedWrite;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The engine's only way to the store. Reads fail open (a failed read is a miss, counted and
 * logged); loaded values are written only through the lease fence, and not at all once their flight
 * was cancelled, {@code invalidateAll} ran, or the cache closed; a put or invalidation the store
 * does not confirm becomes a {@link PendingInvalidations pending invalidation}, retried in the
 * background until it lands.
 */
final class GuardedSpace<K, V> {
  /** What a read returns when the store failed: a miss, and a sign not to ask the store again. */
  static final StoreEntry<?> UNREADABLE = StoreEntry.tombstone(0, Stamps.UNKNOWN);

  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");

  private final String name;
  private final StoreSpace<K, V> space;
  private final Entries<V> entries;
  private final Clock clock;
  private final Duration leaseTtl;
  private final EntityMetrics metrics;
  private final PendingInvalidations<K> pending = new PendingInvalidations<>();
  private final InvalidationRetries<K, V> retries;
  private final RateLimitedLog storeLog = new RateLimitedLog();
  private final RateLimitedLog pendingLog = new RateLimitedLog();

  /**
   * Fenced writes share it; {@link #clear} and {@link #close} take it alone for a moment, so that
   * no write that checked the epoch before them lands after them.
   */
  private final ReentrantReadWriteLock writeGuard = new ReentrantReadWriteLock();

  private volatile long epoch;
  private volatile boolean closed;

  GuardedSpace(
      String name,
      StoreSpace<K, V> space,
      Entries<V> entries,
      Clock clock,
      Duration leaseTtl,
      EntityMetrics metrics,
      Maintenance maintenance) {
    this.name = name;
    this.space = space;
    this.entries = entries;
    this.clock = clock;
    this.leaseTtl = leaseTtl;
    this.metrics = metrics;
    this.retries =
        new InvalidationRetries<>(
            name, space, pending, entries, clock, maintenance, () -> closed, this::failed);
  }

  // ---- reads -------------------------------------------------------------------------------

  /** The stored entry, null, or {@link #UNREADABLE}. */
  @SuppressWarnings("unchecked")
  @Nullable StoreEntry<V> read(K id) {
    try {
      return space.get(id);
    } catch (RuntimeException e) {
      failed("read", e);
      return (StoreEntry<V>) UNREADABLE;
    }
  }

  /** The stored entries, or null if the store failed. */
  @Nullable Map<K, StoreEntry<V>> readAll(Set<K> ids) {
    try {
      return space.getAll(ids);
    } catch (RuntimeException e) {
      failed("read", e);
      return null;
    }
  }

  /** The claim, or null if the store failed. */
  @Nullable Claim<V> claim(K id) {
    try {
      return space.claim(id, leaseTtl);
    } catch (RuntimeException e) {
      failed("claim", e);
      return null;
    }
  }

  /** The claims, or null if the store failed. */
  @Nullable Map<K, Claim<V>> claimAll(Set<K> ids) {
    try {
      return space.claimAll(ids, leaseTtl);
    } catch (RuntimeException e) {
      failed("claim", e);
      return null;
    }
  }

  /** Whether reads of {@code id} must bypass the cache: an invalidation of it is unconfirmed. */
  boolean bypasses(K id) {
    return pending.blocks(id);
  }

  long epoch() {
    return epoch;
  }

  // ---- loaded values: fenced ---------------------------------------------------------------

  /**
   * Writes what {@code flight} loaded through its lease; {@code entry} null means nothing is to be
   * stored, and then the lease's release tells whether a write of the key landed meanwhile.
   */
  Outcome.Fence write(K id, Flight<?> flight, Lease lease, @Nullable StoreEntry<V> entry) {
    flight.closeToJoiners();
    Lock lock = writeGuard.readLock();
    lock.lock();
    try {
      if (closed || flight.isCancelled() || flight.epoch != epoch) {
        lease.close();
        return Outcome.Fence.FENCED_OUT;
      }
      if (entry == null) {
        return lease.release() ? Outcome.Fence.LANDED : Outcome.Fence.FENCED_OUT;
      }
      if (!space.write(id, lease, entry)) {
        return Outcome.Fence.FENCED_OUT;
      }
      metrics.put();
      return Outcome.Fence.LANDED;
    } catch (RuntimeException e) {
      lease.close();
      failed("write", e);
      return Outcome.Fence.FAILED;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@link #write} for the loads of one {@code getAll}, pipelined; returns how each met the store.
   * Entries that are null (nothing to store) release their lease one by one.
   */
  Map<K, Outcome.Fence> writeAll(
      Map<K, ? extends Flight<?>> flights,
      Map<K, Lease> leases,
      Map<K, @Nullable StoreEntry<V>> entries) {
    Map<K, Outcome.Fence> fences = new HashMap<>();
    List<LeasedWrite<K, V>> writes = new ArrayList<>();
    Lock lock = writeGuard.readLock();
    lock.lock();
    try {
      for (Map.Entry<K, Lease> held : leases.entrySet()) {
        K id = held.getKey();
        Flight<?> flight = flights.get(id);
        flight.closeToJoiners();
        StoreEntry<V> entry = entries.get(id);
        if (closed || flight.isCancelled() || flight.epoch != epoch) {
          held.getValue().close();
          fences.put(id, Outcome.Fence.FENCED_OUT);
        } else if (entry == null) {
          fences.put(id, write(id, flight, held.getValue(), null));
        } else {
          writes.add(new LeasedWrite<>(id, held.getValue(), entry));
        }
      }
      if (!writes.isEmpty()) {
        Set<K> written = space.writeAll(writes);
        for (LeasedWrite<K, V> write : writes) {
          boolean landed = written.contains(write.id());
          fences.put(write.id(), landed ? Outcome.Fence.LANDED : Outcome.Fence.FENCED_OUT);
          if (landed) {
            metrics.put();
          }
        }
      }
    } catch (RuntimeException e) {
      writes.forEach(write -> write.lease().close());
      failed("write", e);
      writes.forEach(write -> fences.put(write.id(), Outcome.Fence.FAILED));
    } finally {
      lock.unlock();
    }
    return fences;
  }

  // ---- the caller's writes: never dropped --------------------------------------------------

  /** Stores a caller's value; if the store does not take it, invalidates the key instead. */
  void put(K id, @Nullable StoreEntry<V> entry) {
    if (closed) {
      return;
    }
    long ticket = pending.ticket();
    if (entry != null) {
      try {
        space.put(id, entry);
        metrics.put();
        pending.landed(id, ticket);
        return;
      } catch (RuntimeException e) {
        failed("put", e);
      }
    }
    invalidate(id, ticket);
  }

  void invalidate(K id) {
    if (!closed) {
      invalidate(id, pending.ticket());
    }
  }

  private void invalidate(K id, long ticket) {
    try {
      space.invalidate(id, entries.tombstone(clock.millis()));
      pending.landed(id, ticket);
    } catch (RuntimeException e) {
      failed("invalidate", e);
      pending.failed(id, ticket);
      pendingLog.warn(
          name
              + ": the store did not confirm the invalidation of id "
              + id
              + "; this process serves it from the loader only, and retries until the store"
              + " takes it",
          e);
      retries.schedule();
    }
  }

  /**
   * Forgets every entry: first, for a moment alone with the write guard, moves to a new epoch and
   * runs {@code cancelFlights}, so nothing loaded before can land after; then clears the store
   * without holding anything, so readers and writers go on meanwhile.
   *
   * @throws CacheStoreException if the store could not finish; this process then bypasses the cache
   *     for the whole entity and retries until a clear lands
   */
  void clear(Runnable cancelFlights) {
    long ticket = pending.ticket();
    Lock lock = writeGuard.writeLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      epoch++;
      cancelFlights.run();
    } finally {
      lock.unlock();
    }
    try {
      space.clear();
      pending.allLanded(ticket);
    } catch (RuntimeException e) {
      failed("clear", e);
      pending.allFailed(ticket);
      retries.schedule();
      throw new CacheStoreException(
          name
              + ": invalidateAll did not finish, some entries may remain in the store ("
              + e.getMessage()
              + "); this process serves "
              + name
              + " from the loader only, and retries the clear until it lands",
          e);
    }
  }

  int pendingInvalidations() {
    return pending.count();
  }

  void failed(String operation, RuntimeException e) {
    metrics.storeError();
    storeLog.warn(name + ": store " + operation + " failed; the loader serves instead", e);
  }

  /** Stops all writes; returns once no fenced write is in progress. */
  void close() {
    Lock lock = writeGuard.writeLock();
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    int left = pending.count();
    if (left > 0) {
      LOG.log(
          Level.WARNING,
          name
              + ": closed with "
              + left
              + " invalidations the store never confirmed; other processes may serve older"
              + " values for those keys until they expire");
    }
  }
}
