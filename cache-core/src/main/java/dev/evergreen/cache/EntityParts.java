package dev.evergreen.cache;

import dev.evergreen.cache.spi.EntryCodec;
import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.StoreSpace;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/** The engine's parts for one entity, wired together once; see {@link DefaultEntityCache}. */
record EntityParts<K, V>(
    EntitySettings<V> settings,
    EntitySchema schema,
    KeyFormat keys,
    Freshness freshness,
    Clock clock,
    EntityMetrics metrics,
    GuardedSpace<K, V> store,
    Entries<V> entries,
    LoaderCall<K, V> loader,
    Flights<K, Outcome<V>> loads,
    MissLoads<K, V> misses,
    Refresher<K, V> refresher,
    SchemaVersions<V> versions,
    RowSeeder<K, V> seeder) {

  /** What an {@link Evergreen} instance shares between its entity caches. */
  record Shared(
      Clock clock,
      Executor executor,
      Maintenance maintenance,
      long maxValueBytes,
      Duration leaseTtl,
      Duration schemaTtl) {}

  static <K, V> EntityParts<K, V> wire(
      EntitySettings<V> settings,
      EntitySchema schema,
      KeyFormat keys,
      EntityLoader<K, V> userLoader,
      StoreSpace<K, V> space,
      EntryCodec<V> codec,
      EntityMetrics metrics,
      SchemaVersions<V> versions,
      Shared shared) {
    String name = settings.name();
    Clock clock = shared.clock();
    Freshness freshness =
        new Freshness(settings.refreshAfter(), settings.expireAfter(), settings.negativeTtl());
    Entries<V> entries =
        new Entries<>(
            name, codec, shared.maxValueBytes(), freshness, metrics, settings.sharesValues());
    // Beside other processes' schema versions, the caller's writes reach theirs too.
    StoreSpace<K, V> versioned =
        versions.isShared() ? new VersionedSpace<>(space, versions, entries, clock) : space;
    GuardedSpace<K, V> store =
        new GuardedSpace<>(
            name, versioned, entries, clock, shared.leaseTtl(), metrics, shared.maintenance());
    metrics.pendingInvalidations(store::pendingInvalidations);
    if (space.size() >= 0) {
      metrics.size(space::size);
    }
    LoaderCall<K, V> loader = new LoaderCall<>(name, settings.type(), userLoader, metrics);
    LoadPath<K, V> path =
        new LoadPath<>(store, loader, entries, freshness, clock, shared.leaseTtl());
    Flights<K, Outcome<V>> loads = new Flights<>();
    MissLoads<K, V> misses =
        new MissLoads<>(name, loads, path, loader, store, freshness, entries, clock);
    Refresher<K, V> refresher =
        new Refresher<>(
            name,
            path,
            store,
            shared.executor(),
            new RefreshBackoff<>(freshness.refreshAfterMillis()),
            metrics,
            entries,
            clock);
    // Only this process writes an in-memory space: rows a query read can be fenced by a count.
    RowSeeder<K, V> seeder =
        new RowSeeder<>(space instanceof InMemorySpace<?, ?>, store, entries, freshness, clock);
    return new EntityParts<>(
        settings, schema, keys, freshness, clock, metrics, store, entries, loader, loads, misses,
        refresher, versions, seeder);
  }
}
