package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.StoreEntry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One entity's cache: the public API over the engine's parts. Reads are {@link Reads}'; writes go
 * through here so that loads in flight can never store anything older after them, and so that the
 * entity's indexes and queries ({@link Dependents}) hear of each.
 */
final class DefaultEntityCache<K, V> implements EntityCache<K, V> {
  private final String name;
  private final Class<V> type;
  private final CacheSettings settings;
  private final EntitySchema schema;
  private final KeyFormat keys;
  private final Clock clock;
  private final EntityMetrics metrics;
  private final GuardedSpace<K, V> store;
  private final Entries<V> entries;
  private final Flights<K, Outcome<V>> loads;
  private final Refresher<K, V> refresher;
  private final SchemaVersions<V> versions;
  private final Reads<K, V> reads;
  private final Dependents<K, V> dependents;
  private final RowSeeder<K, V> seeder;
  private final List<WarmUp<K>> warmUps = new CopyOnWriteArrayList<>();

  DefaultEntityCache(EntityParts<K, V> parts, DefaultEvergreen owner) {
    this.name = parts.settings().name();
    this.type = parts.settings().type();
    this.settings =
        new CacheSettings(
            parts.settings().refreshAfter(),
            parts.settings().expireAfter(),
            parts.settings().negativeTtl());
    this.schema = parts.schema();
    this.keys = parts.keys();
    this.clock = parts.clock();
    this.metrics = parts.metrics();
    this.store = parts.store();
    this.entries = parts.entries();
    this.loads = parts.loads();
    this.refresher = parts.refresher();
    this.versions = parts.versions();
    this.reads = new Reads<>(parts);
    this.dependents = new Dependents<>(parts, owner);
    this.seeder = parts.seeder();
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public @Nullable V get(K id) {
    return reads.get(id);
  }

  @Override
  public @Nullable V getIfPresent(K id) {
    StoreEntry<V> entry = reads.usableEntry(id, true);
    return entry == null ? null : entry.value();
  }

  @Override
  public @Nullable Cached<V> getCached(K id) {
    StoreEntry<V> entry = reads.usableEntry(id, true);
    return entry == null ? null : new Cached<>(entry.value());
  }

  @Override
  public Map<K, V> getAll(Iterable<? extends K> ids) {
    return reads.getAll(ids);
  }

  /** Each id's value in order, null where there is none: see {@link Reads#hydrate}. */
  List<@Nullable V> hydrate(List<K> ids) {
    return reads.hydrate(ids);
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
    V old = dependents.cachedBeforeWrite(id);
    cancelLoads(id);
    store.put(id, entries.put(id, value, clock.millis()));
    dependents.written(old, value);
  }

  @Override
  public void putAbsent(K id) {
    keys.checkId(id);
    V old = dependents.cachedBeforeWrite(id);
    cancelLoads(id);
    StoreEntry<V> absent = entries.loaded(id, null, clock.millis());
    if (absent == null) {
      store.invalidate(id); // absences are not remembered at all
    } else {
      store.put(id, absent);
    }
    dependents.written(old, null);
  }

  @Override
  public void invalidate(K id) {
    keys.checkId(id);
    V old = dependents.cachedBeforeWrite(id);
    cancelLoads(id);
    store.invalidate(id);
    dependents.written(old, null);
  }

  @Override
  public void invalidateEntity(V entity) {
    requireNonNull(entity, "entity");
    K id = dependents.idOfEntity(entity, "invalidateEntity");
    keys.checkId(id);
    V old = dependents.cachedBeforeWrite(id);
    cancelLoads(id);
    store.invalidate(id);
    dependents.written(old, entity);
  }

  // ---- indexes and queries -----------------------------------------------------------------

  @Override
  public <A> UniqueIndexBuilder<A, V> uniqueIndex(
      String indexName, Function<? super V, ? extends A> attribute) {
    return new UniqueIndexBuilder<>(
        this, Dependents.checkName(indexName), requireNonNull(attribute));
  }

  @Override
  public CachedQueryBuilder<V> query(String queryName) {
    return new CachedQueryBuilder<>(this, Dependents.checkName(queryName));
  }

  <A> UniqueIndex<A, V> buildIndex(
      String indexName,
      Function<? super V, ? extends A> attribute,
      DerivedDurations durations,
      IndexLoader<A, V> loader) {
    return dependents.buildIndex(this, indexName, attribute, durations, loader);
  }

  <P> CachedQuery<P, V> buildQuery(
      String queryName,
      @Nullable Function<Object, Object> parametersOf,
      DerivedDurations durations,
      QueryLoader<P, V> loader) {
    return dependents.buildQuery(this, queryName, parametersOf, durations, loader);
  }

  /** A stored id (as JSON gave it back) as the id class. */
  K idOf(Object stored) {
    return dependents.idOf(stored);
  }

  /** Before a write of {@code id}: no load or seeded row that began earlier may store after it. */
  private void cancelLoads(K id) {
    seeder.writing(id);
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
    dependents.invalidateAll();
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

  @Override
  public Set<String> liveSchemaHashes() {
    return versions.live();
  }

  @Override
  public CompletableFuture<Long> warmUpFromOtherVersions(
      Function<String, ? extends K> id, int rowsPerSecond) {
    requireNonNull(id, "id");
    if (rowsPerSecond <= 0) {
      throw new IllegalArgumentException("rowsPerSecond must be positive, was " + rowsPerSecond);
    }
    if (reads.isClosed()) {
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
    if (reads.isClosed()) {
      warmUp.stop();
    }
    return warmUp.done();
  }

  /**
   * From now on reads call the loader directly; stops warm-ups, schema heartbeats and writes
   * (returning once none is in progress); refreshes that will never run complete with a
   * cancellation.
   */
  void close() {
    reads.close();
    warmUps.forEach(WarmUp::stop);
    versions.close();
    store.close();
    refresher.close();
    loads.cancelAll();
  }

  @Override
  public String toString() {
    return "EntityCache{" + keys.prefix() + "}";
  }
}
