package dev.evergreen.cache;

import dev.evergreen.cache.spi.StoreEntry;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Loads a missing key once per process while concurrent callers wait, and makes sure a caller that
 * waited returns only a value no write made obsolete before the caller began.
 *
 * <p>Callers share a load only if they read the same stored entry (by stamp) that it started from:
 * one that read an invalidation's tombstone never joins a load begun before it. Where that entry
 * was lost (an evicted tombstone, a store restarted empty), the lease fence catches it instead: a
 * waiter takes a shared value only if the load's fenced write landed (proof that no write of the
 * key landed while it ran), and otherwise looks again. The caller that ran the load returns its
 * value either way; its read overlapped the write. Callers that cannot read the store share loads
 * through {@link StorelessLoads}.
 */
final class MissLoads<K, V> {
  /** After this many fenced-out loads in a row a waiter loads for itself, without the cache. */
  private static final int MAX_ATTEMPTS = 3;

  private final String name;
  private final Flights<K, Outcome<V>> flights;
  private final LoadPath<K, V> path;
  private final LoaderCall<K, V> loader;
  private final StorelessLoads<K, V> storeless;
  private final GuardedSpace<K, V> store;
  private final Freshness freshness;
  private final Entries<V> entries;
  private final Clock clock;

  MissLoads(
      String name,
      Flights<K, Outcome<V>> flights,
      LoadPath<K, V> path,
      LoaderCall<K, V> loader,
      GuardedSpace<K, V> store,
      Freshness freshness,
      Entries<V> entries,
      Clock clock) {
    this.name = name;
    this.flights = flights;
    this.path = path;
    this.loader = loader;
    this.storeless = new StorelessLoads<>(loader::load, entries::copyForAnotherCaller);
    this.store = store;
    this.freshness = freshness;
    this.entries = entries;
    this.clock = clock;
  }

  /**
   * Returns the value of {@code id} after a read found {@code seen}: a miss, or {@link
   * GuardedSpace#UNREADABLE} when the store failed or must be bypassed.
   */
  @Nullable V load(K id, @Nullable StoreEntry<V> seen) {
    if (seen == GuardedSpace.UNREADABLE) {
      return storeless.load(id);
    }
    for (int attempt = 1; ; attempt++) {
      Flight<Outcome<V>> mine = new Flight<>(Stamps.basisOf(seen), store.epoch());
      Flight<Outcome<V>> flight = flights.joinOrStart(id, mine);
      if (flight == mine) {
        return run(id, mine).value();
      }
      Outcome<V> outcome = await(flight);
      if (outcome.landed()) {
        return entries.copyForAnotherCaller(outcome.value());
      }
      if (attempt == MAX_ATTEMPTS) {
        return storeless.load(id);
      }
      // The load we waited for was fenced out, or returned what it found: look for ourselves.
      seen = store.bypasses(id) ? unreadable() : store.read(id);
      if (seen == GuardedSpace.UNREADABLE) {
        return storeless.load(id);
      }
      if (freshness.of(seen, clock.millis()) != Freshness.State.MISS) {
        return seen.value();
      }
    }
  }

  /**
   * Returns the values of several missing ids, each loaded once per process: ids another caller is
   * loading are waited for, the rest go through one claim and one {@link EntityLoader#loadAll}.
   *
   * @param seen what the read found for each id: a miss, or {@link GuardedSpace#UNREADABLE}
   * @return the value (or null) of every id in {@code seen}
   */
  Map<K, @Nullable V> loadAll(Map<K, @Nullable StoreEntry<V>> seen) {
    long epoch = store.epoch();
    Map<K, Flight<Outcome<V>>> owned = new LinkedHashMap<>();
    Map<K, Flight<Outcome<V>>> joined = new LinkedHashMap<>();
    Set<K> storeless = new LinkedHashSet<>();
    for (Map.Entry<K, @Nullable StoreEntry<V>> entry : seen.entrySet()) {
      if (entry.getValue() == GuardedSpace.UNREADABLE) {
        storeless.add(entry.getKey());
        continue;
      }
      Flight<Outcome<V>> mine = new Flight<>(Stamps.basisOf(entry.getValue()), epoch);
      Flight<Outcome<V>> flight = flights.joinOrStart(entry.getKey(), mine);
      (flight == mine ? owned : joined).put(entry.getKey(), flight);
    }
    Map<K, @Nullable V> values = new HashMap<>();
    if (!storeless.isEmpty()) {
      // Without the store, one bulk query per call: sharing per key would split it into many.
      values.putAll(loader.loadAll(storeless));
      storeless.forEach(id -> values.putIfAbsent(id, null));
    }
    if (!owned.isEmpty()) {
      runAll(owned);
      owned.forEach((id, flight) -> values.put(id, flight.result.join().value()));
    }
    joined.forEach(
        (id, flight) -> {
          Outcome<V> outcome = await(flight);
          values.put(
              id,
              outcome.landed() || flight.basis == Stamps.UNKNOWN ? outcome.value() : lookAgain(id));
        });
    return values;
  }

  private void runAll(Map<K, Flight<Outcome<V>>> owned) {
    try {
      path.runAll(owned);
    } catch (RuntimeException | Error e) {
      owned.values().forEach(flight -> flight.result.completeExceptionally(e));
      throw e;
    } finally {
      owned.forEach(flights::finish);
    }
  }

  /** After a load we waited for was fenced out: read again, and load if it is still a miss. */
  private @Nullable V lookAgain(K id) {
    StoreEntry<V> seen = store.bypasses(id) ? unreadable() : store.read(id);
    if (seen != GuardedSpace.UNREADABLE
        && freshness.of(seen, clock.millis()) != Freshness.State.MISS) {
      return seen.value();
    }
    return load(id, seen);
  }

  private Outcome<V> run(K id, Flight<Outcome<V>> flight) {
    try {
      Outcome<V> outcome = path.run(id, flight, LoadPath.Purpose.MISS);
      flight.result.complete(outcome);
      return outcome;
    } catch (RuntimeException | Error e) {
      flight.result.completeExceptionally(e);
      throw e;
    } finally {
      flights.finish(id, flight);
    }
  }

  /** Waits for another caller's load; its failure is rethrown here as the loader threw it. */
  Outcome<V> await(Flight<Outcome<V>> flight) {
    try {
      return flight.result.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new EntityLoadException(name + ": load failed", cause);
    }
  }

  @SuppressWarnings("unchecked")
  private StoreEntry<V> unreadable() {
    return (StoreEntry<V>) GuardedSpace.UNREADABLE;
  }
}
