package dev.evergreen.cache.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one entity, keyed by the entity's id object.
 *
 * <p>The in-memory store keys entries by the id object itself; a remote store builds its key with
 * {@link SpaceConfig#key(Object)}. Every method is thread-safe. A method may throw a {@link
 * RuntimeException} when the store is unreachable or slow; the engine counts it as {@code
 * cache.store.errors}, treats a failed read as a miss and skips a failed write, so the caller's
 * request never sees it. A stored payload that cannot be decoded is reported to {@link
 * SpaceConfig#events()} and read as absent, never thrown.
 *
 * @param <K> the id type
 * @param <V> the entity type
 * @since 0.1.0
 */
public interface StoreSpace<K, V> {

  /**
   * Returns the entry stored for {@code id} (in one round trip for a remote store), or {@code null}
   * if there is none. Entries of every {@link StoreEntry.Kind kind} are returned; the engine
   * decides what they mean.
   */
  @Nullable StoreEntry<V> get(K id);

  /**
   * Returns the entries stored for {@code ids} in one round trip (for a clustered store, one per
   * node). Ids with no entry are left out of the map.
   */
  Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids);

  /**
   * Stores {@code entry} for {@code id} unconditionally, replacing any entry, with a time to live
   * of {@link SpaceConfig#ttlOf(StoreEntry)}.
   */
  void put(K id, StoreEntry<V> entry);

  /**
   * Atomically stores {@code next} only if the current entry is still {@code expected}.
   *
   * <p>Entries are compared by {@link StoreEntry#stamp()}: the write happens when {@code expected}
   * is {@code null} and there is no entry, or when the current entry's stamp equals {@code
   * expected.stamp()}. This is what keeps a slow refresh from overwriting a newer {@code put} or an
   * {@code invalidate} (a tombstone) that landed while it was loading.
   *
   * @return {@code true} if {@code next} was stored
   */
  boolean replace(K id, @Nullable StoreEntry<V> expected, StoreEntry<V> next);

  /** Removes every entry of this space. Other spaces are untouched. */
  void clear();

  /**
   * Tries to take the lease that lets one process (of all that share this store) load or refresh
   * {@code id}. A store that lives in one process can always grant it: the engine already lets only
   * one thread per key load.
   *
   * @param ttl how long the lease lasts if it is never released (its holder died)
   * @return the lease, to be closed when the load is done; {@code null} if another holder has it
   */
  default @Nullable Lease tryLease(K id, Duration ttl) {
    return Lease.LOCAL;
  }
}
