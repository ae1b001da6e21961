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
   * Releases what this store created (connections, threads, memory). Idempotent. Resources the
   * store was given (a user's Redis client) are left open.
   */
  @Override
  void close();
}
