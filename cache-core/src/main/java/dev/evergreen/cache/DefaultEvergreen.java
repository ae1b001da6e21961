package dev.evergreen.cache;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.EntryCodec;
import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreSpace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

final class DefaultEvergreen implements Evergreen {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final long CLOSE_WAIT_SECONDS = 5;

  private final CacheStore store;
  private final @Nullable String namespace;
  private final ObjectMapper mapper;
  private final @Nullable MeterRegistry registry;
  private final Clock clock;
  private final @Nullable CoarseClock ownedClock;
  private final Executor executor;
  private final @Nullable RefreshPool ownedExecutor;
  private final Maintenance maintenance;
  private final EntityParts.Shared shared;
  private final EntitySettings<Object> defaults;
  private final Map<String, DefaultEntityCache<?, ?>> caches =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
  private boolean closed; // guarded by this

  DefaultEvergreen(Evergreen.Builder builder) {
    this.store = builder.store != null ? builder.store : InMemoryStore.create();
    this.namespace = builder.namespace;
    this.mapper = builder.objectMapper != null ? builder.objectMapper : JsonMapper.shared();
    this.maintenance = builder.maintenance != null ? builder.maintenance : new Maintenance();
    this.registry =
        builder.meterRegistry != null
            ? builder.meterRegistry
            : builder.recordStats ? new SimpleMeterRegistry() : null;
    this.defaults =
        new EntitySettings<>(
            "defaults",
            Object.class,
            builder.refreshAfter,
            builder.expireAfter,
            builder.negativeTtl,
            false,
            null);
    if (builder.clock != null) {
      this.clock = builder.clock;
      this.ownedClock = null;
    } else {
      this.ownedClock = new CoarseClock("evergreen-clock-" + THREAD_NUMBER.incrementAndGet());
      this.clock = ownedClock;
    }
    if (builder.refreshExecutor != null) {
      this.executor = builder.refreshExecutor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = RefreshPool.create(builder.refreshThreads, builder.refreshQueueCapacity);
      this.executor = ownedExecutor;
    }
    this.shared =
        new EntityParts.Shared(
            clock,
            executor,
            maintenance,
            builder.maxValueBytes,
            builder.leaseTtl,
            builder.schemaTtl);
  }

  @Override
  public synchronized <V> EntityCacheBuilder<V> entity(Class<V> type) {
    java.util.Objects.requireNonNull(type, "type");
    checkOpen();
    return new EntityCacheBuilder<>(this, type, defaults);
  }

  <K, V> EntityCache<K, V> register(EntitySettings<V> settings, EntityLoader<K, V> loader) {
    return register(
        settings, SchemaDescriber.describe(settings.name(), settings.type(), mapper), loader);
  }

  /** Registers a cache whose schema is given: an index's or a query's, derived from its entity. */
  <K, V> DefaultEntityCache<K, V> register(
      EntitySettings<V> settings, EntitySchema schema, EntityLoader<K, V> loader) {
    KeyFormat keys = KeyFormat.of(namespace, settings.name(), schema.hash());
    EntityMetrics metrics =
        registry == null ? EntityMetrics.NONE : new MicrometerMetrics(registry, settings.name());
    EntryCodec<V> codec = EntryCodec.json(mapper, settings.type(), settings.name());
    SpaceConfig<V> config =
        new SpaceConfig<>(
            settings.name(),
            keys,
            codec,
            settings.expireAfter(),
            settings.negativeTtl(),
            clock,
            metrics,
            settings.sharesValues(),
            shared.maxValueBytes());
    synchronized (this) {
      checkOpen();
      if (caches.containsKey(settings.name())) {
        throw new IllegalStateException(
            "an entity cache named '" + settings.name() + "' already exists in this Evergreen");
      }
      StoreSpace<K, V> space = store.space(config);
      SchemaVersions<V> versions =
          new SchemaVersions<>(
              settings.name(), store, config, clock, shared.schemaTtl(), maintenance);
      DefaultEntityCache<K, V> cache =
          new DefaultEntityCache<>(
              EntityParts.wire(
                  settings, schema, keys, loader, space, codec, metrics, versions, shared),
              this);
      versions.start();
      caches.put(settings.name(), cache);
      return cache;
    }
  }

  ObjectMapper mapper() {
    return mapper;
  }

  @Override
  public CacheStore store() {
    return store;
  }

  @Override
  public java.util.List<EntityCache<?, ?>> entities() {
    synchronized (caches) {
      return java.util.List.copyOf(caches.values());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this Evergreen is closed");
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Order matters: stop writes first, so nothing lands after close() returns.
    entities().forEach(cache -> ((DefaultEntityCache<?, ?>) cache).close());
    if (ownedExecutor != null) {
      try {
        if (!ownedExecutor.shutdownAndWait(TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS))) {
          LOG.log(
              System.Logger.Level.WARNING,
              "refresh threads still running " + CLOSE_WAIT_SECONDS + " s after close()");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    maintenance.close();
    try {
      store.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the store failed", e);
    }
    if (ownedClock != null) {
      ownedClock.close();
    }
  }

  @Override
  public String toString() {
    return "Evergreen{store=" + store + ", namespace=" + namespace + "}";
  }
}
