package dev.evergreen.cache;

import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.StoreEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The one path by which a loaded value reaches the store, for a miss and a refresh alike: claim the
 * key (its current entry and the lease, in one store call), wait for another process's load if that
 * one holds the lease (a miss only; a refresh leaves it to them), load, and write through the
 * lease, which fails if a put, an invalidation or a clear landed meanwhile.
 */
final class LoadPath<K, V> {
  /** Why the key is loaded. */
  enum Purpose {
    /** A caller waits: load unless another process already stored a usable entry. */
    MISS,
    /** In the background: load unless the entry is fresh again or another process refreshes. */
    REFRESH,
    /** {@link EntityCache#refresh}: load even if fresh, unless another process refreshes. */
    FORCED_REFRESH
  }

  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final GuardedSpace<K, V> store;
  private final LoaderCall<K, V> loader;
  private final Entries<V> entries;
  private final Freshness freshness;
  private final Clock clock;
  private final long leaseTtlNanos;

  LoadPath(
      GuardedSpace<K, V> store,
      LoaderCall<K, V> loader,
      Entries<V> entries,
      Freshness freshness,
      Clock clock,
      Duration leaseTtl) {
    this.store = store;
    this.loader = loader;
    this.entries = entries;
    this.freshness = freshness;
    this.clock = clock;
    this.leaseTtlNanos = leaseTtl.toNanos();
  }

  /**
   * Runs the path for {@code id} on behalf of {@code flight}.
   *
   * @return the outcome; null only for a refresh when the store could not be claimed (nothing was
   *     loaded)
   */
  @Nullable Outcome<V> run(K id, Flight<?> flight, Purpose purpose) {
    Claim<V> claim = store.claim(id);
    if (claim == null) {
      return purpose == Purpose.MISS ? unfenced(id) : null;
    }
    long deadline = 0;
    long pause = FIRST_POLL_NANOS;
    while (true) {
      StoreEntry<V> current = claim.current();
      if (isSettled(current, purpose)) {
        close(claim.lease());
        return new Outcome<>(current.value(), Outcome.Fence.UNFENCED);
      }
      if (claim.lease() != null) {
        return loadAndWrite(id, flight, claim.lease());
      }
      if (purpose != Purpose.MISS) { // another process refreshes it
        return new Outcome<>(current == null ? null : current.value(), Outcome.Fence.UNFENCED);
      }
      // Another process loads this missing key: wait for its value, at most a lease's lifetime.
      if (deadline == 0) {
        deadline = System.nanoTime() + leaseTtlNanos;
      }
      if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
        return unfenced(id);
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
      claim = store.claim(id);
      if (claim == null) {
        return unfenced(id);
      }
    }
  }

  /**
   * The same path for several missing keys at once: one claim of them all, one {@link
   * EntityLoader#loadAll} of those granted, a write through each lease; keys another process holds
   * are waited for together. Completes each key's flight as soon as its outcome is known.
   */
  void runAll(Map<K, Flight<Outcome<V>>> owned) {
    Set<K> pending = new LinkedHashSet<>(owned.keySet());
    long deadline = System.nanoTime() + leaseTtlNanos;
    long pause = FIRST_POLL_NANOS;
    while (true) {
      Map<K, Claim<V>> claims = store.claimAll(pending);
      if (claims == null) {
        loadAllUnfenced(pending, owned);
        return;
      }
      Map<K, Lease> granted = new LinkedHashMap<>();
      for (Map.Entry<K, Claim<V>> entry : claims.entrySet()) {
        Claim<V> claim = entry.getValue();
        if (isSettled(claim.current(), Purpose.MISS)) {
          close(claim.lease());
          complete(owned, entry.getKey(), claim.current().value(), Outcome.Fence.UNFENCED);
          pending.remove(entry.getKey());
        } else if (claim.lease() != null) {
          granted.put(entry.getKey(), claim.lease());
          pending.remove(entry.getKey());
        }
      }
      if (!granted.isEmpty()) {
        loadAndWriteAll(granted, owned);
      }
      if (pending.isEmpty()) {
        return;
      }
      // Other processes load the rest: wait for their values, at most a lease's lifetime.
      if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
        loadAllUnfenced(pending, owned);
        return;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
  }

  private void loadAndWriteAll(Map<K, Lease> granted, Map<K, Flight<Outcome<V>>> owned) {
    long startedAt = clock.millis();
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(granted.keySet());
    } catch (RuntimeException | Error e) {
      granted.values().forEach(Lease::close);
      throw e;
    }
    Map<K, @Nullable StoreEntry<V>> toStore = new HashMap<>();
    for (K id : granted.keySet()) {
      toStore.put(id, entries.loaded(id, loaded.get(id), startedAt));
    }
    Map<K, Outcome.Fence> fences = store.writeAll(owned, granted, toStore);
    for (K id : granted.keySet()) {
      complete(owned, id, loaded.get(id), fences.get(id));
    }
  }

  /** Loads {@code ids} without the store: it failed, or other processes held them too long. */
  void loadAllUnfenced(Set<K> ids, Map<K, Flight<Outcome<V>>> owned) {
    Map<K, V> loaded = loader.loadAll(ids);
    for (K id : ids) {
      complete(owned, id, loaded.get(id), Outcome.Fence.UNFENCED);
    }
  }

  private static <K, V> void complete(
      Map<K, Flight<Outcome<V>>> owned, K id, @Nullable V value, Outcome.Fence fence) {
    owned.get(id).result.complete(new Outcome<>(value, fence));
  }

  /** Whether {@code current} makes the load unnecessary. */
  private boolean isSettled(@Nullable StoreEntry<V> current, Purpose purpose) {
    Freshness.State state = freshness.of(current, clock.millis());
    return switch (purpose) {
      case MISS -> state != Freshness.State.MISS;
      case REFRESH -> state == Freshness.State.FRESH;
      case FORCED_REFRESH -> false;
    };
  }

  private Outcome<V> loadAndWrite(K id, Flight<?> flight, Lease lease) {
    long startedAt = clock.millis();
    V value;
    try {
      value = loader.load(id);
    } catch (RuntimeException | Error e) {
      lease.close();
      throw e;
    }
    return new Outcome<>(
        value, store.write(id, flight, lease, entries.loaded(id, value, startedAt)));
  }

  /** Loads without the store: it failed, or another process held the key for too long. */
  private Outcome<V> unfenced(K id) {
    return new Outcome<>(loader.load(id), Outcome.Fence.UNFENCED);
  }

  private static void close(@Nullable Lease lease) {
    if (lease != null) {
      lease.close();
    }
  }
}
