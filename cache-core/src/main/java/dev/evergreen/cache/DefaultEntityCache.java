package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.StoreEntry;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One entity's cache: the public API over the engine's parts. It validates, decides from an entry's
 * age whether a read is a hit, a stale hit (queue a refresh) or a miss (load once), and routes
 * writes so that loads in flight can never store anything older after them.
 */
final class DefaultEntityCache<K, V> implements EntityCache<K, V> {
  private final String name;
  private final Class<V> type;
  private final CacheSettings settings;
  private final EntitySchema schema;
  private final KeyFormat keys;
  private final Freshness freshness;
  private final Clock clock;
  private final EntityMetrics metrics;
  private final GuardedSpace<K, V> store;
  private final Entries<V> entries;
  private final LoaderCall<K, V> loader;
  private final Flights<K, Outcome<V>> loads;
  private final MissLoads<K, V> misses;
  private final Refresher<K, V> refresher;
  private final SchemaVersions<V> versions;
  private final DefaultEvergreen owner;
  private final @Nullable EntityIds ids;
  private final java.util.List<Dependent<V>> dependents =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<WarmUp<K>> warmUps =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  DefaultEntityCache(EntityParts<K, V> parts, DefaultEvergreen owner) {
    this.owner = owner;
    this.ids = parts.settings().ids();
    this.name = parts.settings().name();
    this.type = parts.settings().type();
    this.settings =
        new CacheSettings(
            parts.settings().refreshAfter(),
            parts.settings().expireAfter(),
            parts.settings().negativeTtl());
    this.schema = parts.schema();
    this.keys = parts.keys();
    this.freshness = parts.freshness();
    this.clock = parts.clock();
    this.metrics = parts.metrics();
    this.store = parts.store();
    this.entries = parts.entries();
    this.loader = parts.loader();
    this.loads = parts.loads();
    this.misses = parts.misses();
    this.refresher = parts.refresher();
    this.versions = parts.versions();
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public @Nullable V get(K id) {
    keys.checkId(id);
    if (closed) {
      return loader.load(id);
    }
    if (store.bypasses(id)) {
      metrics.miss(1);
      return misses.load(id, unreadable());
    }
    StoreEntry<V> entry = store.read(id);
    long now = clock.millis();
    Freshness.State state = freshness.of(entry, now);
    if (state == Freshness.State.FRESH) {
      metrics.hit();
      metrics.served(now - entry.writtenAt());
      return entry.value();
    }
    if (state == Freshness.State.STALE) {
      metrics.stale();
      metrics.served(now - entry.writtenAt());
      refresher.refreshStale(id, entry.stamp());
      return entry.value();
    }
    metrics.miss(1);
    return misses.load(id, entry);
  }

  @Override
  public @Nullable V getIfPresent(K id) {
    StoreEntry<V> entry = usableEntry(id);
    return entry == null ? null : entry.value();
  }

  @Override
  public @Nullable Cached<V> getCached(K id) {
    StoreEntry<V> entry = usableEntry(id);
    return entry == null ? null : new Cached<>(entry.value());
  }

  /**
   * Each id's value, in the order given (null where there is none), for a query: what is not cached
   * is loaded with one {@link #getAll}. In memory each id is first read alone, a map lookup,
   * cheaper than the maps a {@code getAll} builds; a remote store is asked once for all.
   */
  java.util.List<@Nullable V> hydrate(java.util.List<K> ids) {
    java.util.List<@Nullable V> values = new java.util.ArrayList<>(ids.size());
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

  /** The entry of {@code id} if it is fresh or stale (queueing a refresh); never loads. */
  private @Nullable StoreEntry<V> usableEntry(K id) {
    return usableEntry(id, true);
  }

  private @Nullable StoreEntry<V> usableEntry(K id, boolean countMiss) {
    keys.checkId(id);
    if (closed || store.bypasses(id)) {
      return null;
    }
    StoreEntry<V> entry = store.read(id);
    long now = clock.millis();
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
    if (countMiss) {
      metrics.miss(1);
    }
    return null;
  }

  @Override
  public Map<K, V> getAll(Iterable<? extends K> ids) {
    requireNonNull(ids, "ids");
    Set<K> wanted =
        ids instanceof Collection<?> sized
            ? new LinkedHashSet<>(Math.max(16, sized.size() * 4 / 3 + 1))
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
   * One read of the store for all ids; the misses are loaded together. When every id is a hit (the
   * common case) the result is built as the entries are read, with no other map.
   */
  private Map<K, V> resolve(Set<K> wanted) {
    Map<K, V> result = new LinkedHashMap<>(Math.max(16, wanted.size() * 4 / 3 + 1));
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
      switch (freshness.of(entry, now)) {
        case FRESH -> {
          metrics.hit();
          metrics.served(now - entry.writtenAt());
          putPresent(result, id, entry.value()); // a remembered absence is no value
        }
        case STALE -> {
          metrics.stale();
          metrics.served(now - entry.writtenAt());
          refresher.refreshStale(id, entry.stamp());
          putPresent(result, id, entry.value());
        }
        default -> {
          if (missing == null) {
            missing = new LinkedHashMap<>();
          }
          missing.put(id, entry);
        }
      }
    }
    if (missing == null || missing.isEmpty()) {
      return result;
    }
    metrics.miss(missing.size());
    result.putAll(misses.loadAll(missing));
    return inOrder(wanted, result);
  }

  private static <K, V> void putPresent(Map<K, V> result, K id, @Nullable V value) {
    if (value != null) {
      result.put(id, value);
    }
  }

  /** The values found, in the order of {@code wanted}, without ids that have none. */
  private Map<K, V> inOrder(Set<K> wanted, Map<K, ? extends @Nullable V> found) {
    Map<K, V> result = new LinkedHashMap<>(Math.max(16, wanted.size() * 4 / 3 + 1));
    for (K id : wanted) {
      V value = found.get(id);
      if (value != null) {
        result.put(id, value);
      }
    }
    return result;
  }

  @Override
  public CompletableFuture<@Nullable V> refresh(K id) {
    keys.checkId(id);
    return refresher.refresh(id);
  }

  // ---- writes: each cancels the key's loads in flight first --------------------------------

  @Override
  public void put(K id, V value) {
    keys.checkId(id);
    if (value == null) {
      throw new IllegalArgumentException(name + ": value for id " + id + " must not be null");
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          name
              + ": value for id "
              + id
              + " is a "
              + value.getClass().getName()
              + ", expected a "
              + type.getName());
    }
    V old = cachedForDependents(id);
    cancelLoads(id);
    store.put(id, entries.put(id, value, clock.millis()));
    written(old, value);
  }

  @Override
  public void putAbsent(K id) {
    keys.checkId(id);
    V old = cachedForDependents(id);
    cancelLoads(id);
    StoreEntry<V> absent = entries.loaded(id, null, clock.millis());
    if (absent == null) {
      store.invalidate(id); // absences are not remembered at all
    } else {
      store.put(id, absent);
    }
    written(old, null);
  }

  @Override
  public void invalidate(K id) {
    keys.checkId(id);
    V old = cachedForDependents(id);
    cancelLoads(id);
    store.invalidate(id);
    written(old, null);
  }

  @Override
  public void invalidateEntity(V entity) {
    requireNonNull(entity, "entity");
    K id = idOfEntity(entity, "invalidateEntity");
    keys.checkId(id);
    V old = cachedForDependents(id);
    cancelLoads(id);
    store.invalidate(id);
    written(old, entity);
  }

  /** What is cached for {@code id} now, for its indexes and queries; null when they need none. */
  private @Nullable V cachedForDependents(K id) {
    if (dependents.isEmpty()) {
      return null;
    }
    StoreEntry<V> entry = store.read(id);
    return entry != null && entry.kind() == StoreEntry.Kind.VALUE ? entry.value() : null;
  }

  private void written(@Nullable V old, @Nullable V now) {
    for (Dependent<V> dependent : dependents) {
      dependent.written(old, now);
    }
  }

  // ---- indexes and queries -----------------------------------------------------------------

  @Override
  public <A> UniqueIndexBuilder<A, V> uniqueIndex(
      String indexName, java.util.function.Function<? super V, ? extends A> attribute) {
    return new UniqueIndexBuilder<>(this, checkDerivedName(indexName), requireNonNull(attribute));
  }

  @Override
  public CachedQueryBuilder<V> query(String queryName) {
    return new CachedQueryBuilder<>(this, checkDerivedName(queryName));
  }

  private static String checkDerivedName(String derived) {
    return EntityCacheBuilder.checkEntityName(requireNonNull(derived, "name"));
  }

  <A> UniqueIndex<A, V> buildIndex(
      String indexName,
      java.util.function.Function<? super V, ? extends A> attribute,
      DerivedDurations durations,
      IndexLoader<A, V> loader) {
    DefaultEntityCache<A, IdList> mappings =
        derived(
            "index",
            indexName,
            durations,
            value -> {
              V found = loader.load(value);
              return found == null
                  ? null
                  : new IdList(java.util.List.of(idOfEntity(found, "uniqueIndex " + indexName)));
            });
    DefaultUniqueIndex<A, K, V> index = new DefaultUniqueIndex<>(this, mappings, attribute);
    dependents.add(index);
    return index;
  }

  <P> CachedQuery<P, V> buildQuery(
      String queryName,
      java.util.function.@Nullable Function<Object, Object> parametersOf,
      DerivedDurations durations,
      QueryLoader<P, V> loader) {
    DefaultEntityCache<P, IdList> lists =
        derived(
            "query",
            queryName,
            durations,
            parameters -> {
              java.util.List<V> rows = loader.load(parameters);
              java.util.List<Object> selected = new java.util.ArrayList<>(rows.size());
              for (V row : rows) {
                selected.add(idOfEntity(requireNonNull(row, "a query row"), "query " + queryName));
              }
              return new IdList(selected);
            });
    DefaultCachedQuery<P, K, V> query = new DefaultCachedQuery<>(this, lists, parametersOf);
    dependents.add(query);
    return query;
  }

  /**
   * An index's or query's own cache, {@code Entity#name}: its keys carry a hash of the entity's
   * schema hash, the kind and name and the id class, so they change with any of them.
   */
  private <P> DefaultEntityCache<P, IdList> derived(
      String kind, String derivedName, DerivedDurations durations, EntityLoader<P, IdList> loader) {
    EntityIds declared = requireIds(kind);
    String fullName = name + "#" + derivedName;
    Durations.checkOrder(fullName, durations.refreshAfter, durations.expireAfter);
    String descriptor =
        SchemaDescriber.HEADER
            + "\n"
            + kind
            + " "
            + derivedName
            + " of "
            + name
            + " "
            + schema.hash()
            + "\nids "
            + declared.type().getName();
    return owner.register(
        new EntitySettings<>(
            fullName,
            IdList.class,
            durations.refreshAfter,
            durations.expireAfter,
            durations.negativeTtl,
            true,
            null),
        new EntitySchema(fullName, SchemaDescriber.hash(descriptor), descriptor),
        loader);
  }

  private EntityIds requireIds(String what) {
    if (ids == null) {
      throw new IllegalStateException(
          name
              + ": a "
              + what
              + " stores ids, so the entity cache must know them: build it with"
              + " evergreen.entity(...).ids(IdType.class, Entity::id)");
    }
    return ids;
  }

  @SuppressWarnings("unchecked")
  private K idOfEntity(V entity, String what) {
    Object id = requireIds(what).of().apply(entity);
    if (id == null) {
      throw new IllegalStateException(name + ": " + what + " found an entity without an id");
    }
    return (K) id;
  }

  /** A stored id (as JSON gave it back) as the id class. */
  @SuppressWarnings("unchecked")
  K idOf(Object stored) {
    Class<?> type = requireIds("stored id").type();
    return (K) (type.isInstance(stored) ? stored : owner.mapper().convertValue(stored, type));
  }

  private void cancelLoads(K id) {
    loads.cancel(id);
    refresher.cancel(id);
  }

  @Override
  public void invalidateAll() {
    store.clear(
        () -> {
          loads.cancelAll();
          refresher.cancelAll();
        });
    dependents.forEach(Dependent::invalidateAll);
  }

  // ---- identity ----------------------------------------------------------------------------

  @Override
  public String key(K id) {
    return keys.key(id);
  }

  @Override
  public EntitySchema schema() {
    return schema;
  }

  @Override
  public CacheSettings settings() {
    return settings;
  }

  @Override
  public CacheStats stats() {
    return metrics.stats(store.pendingInvalidations());
  }

  /** Stops all writes; returns once no write is in progress. Refreshes not yet run complete. */
  @Override
  public Set<String> liveSchemaHashes() {
    return versions.live();
  }

  @Override
  public CompletableFuture<Long> warmUpFromOtherVersions(
      java.util.function.Function<String, ? extends K> id, int rowsPerSecond) {
    requireNonNull(id, "id");
    if (rowsPerSecond <= 0) {
      throw new IllegalArgumentException("rowsPerSecond must be positive, was " + rowsPerSecond);
    }
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException(name + ": cache is closed"));
    }
    WarmUp<K> warmUp =
        WarmUp.start(
            name,
            () -> WarmUp.otherVersionsIds(versions),
            id,
            rowsPerSecond,
            this::getAll,
            metrics);
    warmUps.add(warmUp);
    if (closed) {
      warmUp.stop();
    }
    return warmUp.done();
  }

  void close() {
    closed = true;
    warmUps.forEach(WarmUp::stop);
    versions.close();
    store.close();
    refresher.close();
    loads.cancelAll();
  }

  @SuppressWarnings("unchecked")
  private StoreEntry<V> unreadable() {
    return (StoreEntry<V>) GuardedSpace.UNREADABLE;
  }

  @Override
  public String toString() {
    return "EntityCache{" + keys.prefix() + "}";
  }
}
