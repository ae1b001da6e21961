package dev.evergreen.cache;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreSpace;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default store: entries in this JVM's memory, on Caffeine.
 *
 * <p>Each entity gets its own bounded Caffeine cache keyed by the id object itself, so a hit builds
 * no key string and takes no lock. Entries expire {@code expireAfter} after they were written (by
 * the engine's clock; a remembered absence is read as a miss after {@code negativeTtl} already) and
 * the least valuable are evicted when an entity holds more than {@code maximumSizePerEntity}
 * entries (counted as {@code cache.evictions}). Values are stored as the objects the loader
 * returned, not copies: treat cached entities as immutable.
 *
 * <p>Thread-safe. {@link #close()} drops every entry.
 *
 * @since 0.1.0
 */
public final class InMemoryStore implements CacheStore {
  /** Entries per entity when no bound is given. */
  public static final long DEFAULT_MAXIMUM_SIZE_PER_ENTITY = 100_000;

  private final long maximumSizePerEntity;
  private final Set<InMemorySpace<?, ?>> spaces = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private InMemoryStore(long maximumSizePerEntity) {
    this.maximumSizePerEntity = maximumSizePerEntity;
  }

  /** A store holding at most {@value #DEFAULT_MAXIMUM_SIZE_PER_ENTITY} entries per entity. */
  public static InMemoryStore create() {
    return new InMemoryStore(DEFAULT_MAXIMUM_SIZE_PER_ENTITY);
  }

  /**
   * A store holding at most {@code maximumSizePerEntity} entries per entity.
   *
   * @throws IllegalArgumentException if {@code maximumSizePerEntity} is not positive
   */
  public static InMemoryStore create(long maximumSizePerEntity) {
    if (maximumSizePerEntity <= 0) {
      throw new IllegalArgumentException(
          "maximumSizePerEntity must be positive, was " + maximumSizePerEntity);
    }
    return new InMemoryStore(maximumSizePerEntity);
  }

  @Override
  public <K, V> StoreSpace<K, V> space(SpaceConfig<V> config) {
    if (closed) {
      throw new IllegalStateException("InMemoryStore is closed");
    }
    InMemorySpace<K, V> space = new InMemorySpace<>(config, maximumSizePerEntity);
    spaces.add(space);
    return space;
  }

  @Override
  public void close() {
    closed = true;
    spaces.forEach(InMemorySpace::clear);
    spaces.clear();
  }

  @Override
  public String toString() {
    return "InMemoryStore{maximumSizePerEntity=" + maximumSizePerEntity + "}";
  }
}
