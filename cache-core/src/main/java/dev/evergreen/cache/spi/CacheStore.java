package dev.evergreen.cache.spi;

/**
 * A place where cache entries live: in memory, in Redis, or anywhere a user implements.
 *
 * <p>An {@code Evergreen} instance calls {@link #space} once for every entity cache it builds and
 * {@link #close} once when it is closed. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface CacheStore extends AutoCloseable {

  /**
   * Opens the space that holds one entity's entries.
   *
   * <p>Spaces of different entities (or of two schema versions of one entity) never see each
   * other's entries; an id stored in one space is invisible in another.
   *
   * @param config what the space stores and how long entries live
   * @return a thread-safe space, ready to use
   * @throws IllegalStateException if this store is closed
   */
  <K, V> StoreSpace<K, V> space(SpaceConfig<V> config);

  /**
   * Where processes sharing this store record the schema versions they use. The default, for a
   * store one process owns alone, is {@link SchemaRegistry#local()}; a shared store (Redis) returns
   * its own, and the engine then makes every put, invalidation and clear reach the entries of every
   * live version of the entity.
   */
  default SchemaRegistry schemas() {
    return SchemaRegistry.local();
  }

  /**
   * Releases what this store created (connections, threads, memory). Idempotent. Resources the
   * store was given (a user's Redis client) are left open.
   */
  @Override
  void close();
}
