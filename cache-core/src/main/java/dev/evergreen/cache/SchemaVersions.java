package dev.evergreen.cache;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.KeyFormat;
import dev.evergreen.cache.spi.SchemaRegistry;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One entity's place among the schema versions live on a shared store: keeps this version
 * registered (a heartbeat every third of the registration's ttl, off the request path), makes the
 * caller's writes reach the keys of every other live version (a tombstone there: their bytes are
 * not this version's), and tells which of this version's entries to distrust after a time when
 * another version was live without it.
 */
final class SchemaVersions<V> implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");

  /**
   * Entries written up to this long after the moment a registration reports are distrusted too: the
   * store's clock and ours are compared through a round trip, never exactly.
   */
  private static final long TRUST_MARGIN_MILLIS = 1_000;

  private final String name;
  private final SchemaRegistry registry;
  private final CacheStore store;
  private final SpaceConfig<V> config;
  private final KeyFormat keys;
  private final Clock clock;
  private final Duration ttl;
  private final Maintenance maintenance;
  private final RateLimitedLog log = new RateLimitedLog();
  private final Map<String, StoreSpace<Object, V>> others = new ConcurrentHashMap<>();
  private volatile Set<String> live;
  private volatile long trustFrom = Long.MIN_VALUE;
  private volatile boolean closed;

  SchemaVersions(
      String name,
      CacheStore store,
      SpaceConfig<V> config,
      Clock clock,
      Duration ttl,
      Maintenance maintenance) {
    this.name = name;
    this.registry = store.schemas();
    this.store = store;
    this.config = config;
    this.keys = config.keys();
    this.clock = clock;
    this.ttl = ttl;
    this.maintenance = maintenance;
    this.live = Set.of(keys.schemaHash());
  }

  /** Registers now (one store call; on failure, again in the background), then keeps it alive. */
  void start() {
    if (registry.isShared()) {
      heartbeat();
    }
  }

  private void heartbeat() {
    if (closed) {
      return;
    }
    try {
      SchemaRegistry.Registration registration = registry.register(keys, ttl);
      live = registration.live();
      if (registration.trustedFor() != null) {
        // No margin is needed before that moment: nothing of this version was written just
        // before it (that is why it (re)joined). Just after it, a few milliseconds of clock
        // translation error may distrust an entry of ours once: one more load, nothing worse.
        long from = clock.millis() - registration.trustedFor().toMillis();
        trustFrom = Math.max(trustFrom, from);
      }
      if (registration.joinedBesideOthers()) {
        Set<String> others = new TreeSet<>(registration.live());
        others.remove(keys.schemaHash());
        LOG.log(
            Level.INFO,
            name
                + ": new schema "
                + keys.schemaHash()
                + ", live beside "
                + String.join(", ", others)
                + "; its keys start cold, and writes on either version reach both");
      }
    } catch (RuntimeException e) {
      log.warn(
          name
              + ": could not register schema "
              + keys.schemaHash()
              + " with the store; writes still reach every version the store lists",
          e);
    }
    maintenance.schedule(this::heartbeat, Math.max(ttl.toMillis() / 3, 1));
  }

  /** Whether other processes may share the store: if not, there is nothing to reach. */
  boolean isShared() {
    return registry.isShared();
  }

  /** Whether an entry of this version may predate writes of another one it never saw. */
  boolean distrusts(StoreEntry<?> entry) {
    return entry.writtenAt() < trustFrom;
  }

  /** The hashes live as of the last heartbeat or write, this one included. */
  Set<String> live() {
    return live;
  }

  /**
   * Tombstones {@code id} in every other live version's keys, read fresh from the store.
   *
   * @throws RuntimeException if the store failed: the caller's write is then retried whole
   */
  void reachOthers(Object id, StoreEntry<V> tombstone) {
    othersNow().forEach(other -> other.invalidate(id, tombstone));
  }

  /** Clears every other live version's keys. */
  void clearOthers() {
    othersNow().forEach(StoreSpace::clear);
  }

  /** Hands over the id texts in every other live version's keys. */
  void forEachOtherVersionsIdText(java.util.function.Consumer<java.util.List<String>> batch) {
    othersNow().forEach(other -> other.forEachIdText(batch));
  }

  /** The spaces of the other versions live now, as the store says at this moment. */
  private java.util.List<StoreSpace<Object, V>> othersNow() {
    if (!registry.isShared()) {
      return java.util.List.of();
    }
    Set<String> now = registry.live(keys);
    live = now;
    java.util.List<StoreSpace<Object, V>> spaces = new java.util.ArrayList<>();
    for (String hash : now) {
      if (!hash.equals(keys.schemaHash())) {
        spaces.add(other(hash));
      }
    }
    return spaces;
  }

  private StoreSpace<Object, V> other(String hash) {
    return others.computeIfAbsent(
        hash,
        h ->
            store.space(
                new SpaceConfig<>(
                    config.entityName(),
                    keys.withSchemaHash(h),
                    config.codec(),
                    config.expireAfter(),
                    config.negativeTtl(),
                    config.clock(),
                    config.events(),
                    config.sharesValues(),
                    config.maxValueBytes())));
  }

  /**
   * Stops the heartbeat; the registration lapses after its ttl unless another process renews it.
   */
  @Override
  public void close() {
    closed = true;
  }
}
