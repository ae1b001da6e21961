package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.StoreEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An entity cache's reads: from an entry's age each is a hit, a stale hit (the value, and one
 * refresh queued) or a miss (loaded once, concurrent callers wait). After {@link #close} every read
 * goes to the loader, so requests racing a shutdown still get their rows.
 */
final class Reads<K, V> {
  private final KeyFormat keys;
  private final Freshness freshness;
  private final Clock clock;
  private final EntityMetrics metrics;
  private final GuardedSpace<K, V> store;
  private final LoaderCall<K, V> loader;
  private final MissLoads<K, V> misses;
  private final Refresher<K, V> refresher;
  private final SchemaVersions<V> versions;
  private volatile boolean closed;

  Reads(EntityParts<K, V> parts) {
    this.keys = parts.keys();
    this.freshness = parts.freshness();
    this.clock = parts.clock();
    this.metrics = parts.metrics();
    this.store = parts.store();
    this.loader = parts.loader();
    this.misses = parts.misses();
    this.refresher = parts.refresher();
    this.versions = parts.versions();
  }

  @Nullable V get(K id) {
    keys.checkId(id);
    if (closed) {
      return loader.load(id);
    }
    if (store.bypasses(id)) {
      metrics.miss(1);
      return misses.load(id, unreadable());
    }
    StoreEntry<V> entry = store.read(id);
    StoreEntry<V> usable = served(id, entry, clock.millis());
    if (usable != null) {
      return usable.value();
    }
    metrics.miss(1);
    return misses.load(id, entry);
  }

  /**
   * The entry of {@code id} if it is fresh or stale (queueing a refresh); never loads.
   *
   * @param countMiss whether finding nothing counts as a miss (not when a load follows that counts)
   */
  @Nullable StoreEntry<V> usableEntry(K id, boolean countMiss) {
    keys.checkId(id);
    if (closed || store.bypasses(id)) {
      return null;
    }
    StoreEntry<V> usable = served(id, store.read(id), clock.millis());
    if (usable == null && countMiss) {
      metrics.miss(1);
    }
    return usable;
  }

  /** {@code entry} if it may be served at {@code now}, counted, its refresh queued if stale. */
  private @Nullable StoreEntry<V> served(K id, @Nullable StoreEntry<V> entry, long now) {
    Freshness.State state = freshness.of(entry, now);
    if (state == Freshness.State.FRESH) {
      metrics.hit();
      metrics.served(now - entry.writtenAt());
      return entry;
    }
    if (state == Freshness.State.STALE) {
      metrics.stale();
      metrics.served(now - entry.writtenAt());
      refresher.refreshStale(id, entry.stamp());
      return entry;
    }
    return null;
  }

  Map<K, V> getAll(Iterable<? extends K> ids) {
    requireNonNull(ids, "ids");
    Set<K> wanted =
        ids instanceof Collection<?> sized
            ? new LinkedHashSet<>(capacity(sized.size()))
            : new LinkedHashSet<>();
    for (K id : ids) {
      keys.checkId(id);
      wanted.add(id);
    }
    if (wanted.isEmpty()) {
      return Map.of();
    }
    if (closed) {
      return inOrder(wanted, loader.loadAll(wanted));
    }
    return resolve(wanted);
  }

  /**
   * Each id's value, in the order given (null where there is none), for a query: what is not cached
   * is loaded with one {@link #getAll}. In memory each id is first read alone, a map lookup,
   * cheaper than the maps a {@code getAll} builds; a remote store is asked once for all.
   */
  List<@Nullable V> hydrate(List<K> ids) {
    List<@Nullable V> values = new ArrayList<>(ids.size());
    if (versions.isShared()) {
      Map<K, V> found = getAll(ids);
      for (K id : ids) {
        values.add(found.get(id));
      }
      return values;
    }
    Set<K> missing = null;
    for (K id : ids) {
      StoreEntry<V> entry = usableEntry(id, false);
      if (entry == null) {
        if (missing == null) {
          missing = new LinkedHashSet<>();
        }
        missing.add(id);
      }
      values.add(entry == null ? null : entry.value()); // a remembered absence stays null
    }
    if (missing != null) {
      Map<K, V> loaded = getAll(missing);
      for (int i = 0; i < ids.size(); i++) {
        if (missing.contains(ids.get(i))) {
          values.set(i, loaded.get(ids.get(i)));
        }
      }
    }
    return values;
  }

  /**
   * One read of the store for all ids; the misses are loaded together. When every id is a hit (the
   * common case) the result is built as the entries are read, with no other map.
   */
  private Map<K, V> resolve(Set<K> wanted) {
    Map<K, V> result = new LinkedHashMap<>(capacity(wanted.size()));
    Map<K, @Nullable StoreEntry<V>> missing = null;
    Set<K> asked = wanted;
    if (store.pendingInvalidations() > 0) { // rare: some ids must bypass the cache
      asked = new LinkedHashSet<>();
      missing = new LinkedHashMap<>();
      for (K id : wanted) {
        if (store.bypasses(id)) {
          missing.put(id, unreadable());
        } else {
          asked.add(id);
        }
      }
    }
    Map<K, StoreEntry<V>> stored = asked.isEmpty() ? Map.of() : store.readAll(asked);
    long now = clock.millis();
    for (K id : asked) {
      StoreEntry<V> entry = stored == null ? unreadable() : stored.get(id);
      StoreEntry<V> usable = served(id, entry, now);
      if (usable != null) {
        V value = usable.value();
        if (value != null) { // a remembered absence is no value
          result.put(id, value);
        }
      } else {
        if (missing == null) {
          missing = new LinkedHashMap<>();
        }
        missing.put(id, entry);
      }
    }
    if (missing == null || missing.isEmpty()) {
      return result;
    }
    metrics.miss(missing.size());
    result.putAll(misses.loadAll(missing));
    return inOrder(wanted, result);
  }

  /** The values found, in the order of {@code wanted}, without ids that have none. */
  private static <K, V> Map<K, V> inOrder(Set<K> wanted, Map<K, ? extends @Nullable V> found) {
    Map<K, V> result = new LinkedHashMap<>(capacity(wanted.size()));
    for (K id : wanted) {
      V value = found.get(id);
      if (value != null) {
        result.put(id, value);
      }
    }
    return result;
  }

  private static int capacity(int size) {
    return Math.max(16, size * 4 / 3 + 1);
  }

  boolean isClosed() {
    return closed;
  }

  /** From now on every read calls the loader directly and caches nothing. */
  void close() {
    closed = true;
  }

  @SuppressWarnings("unchecked")
  private StoreEntry<V> unreadable() {
    return (StoreEntry<V>) GuardedSpace.UNREADABLE;
  }
}
