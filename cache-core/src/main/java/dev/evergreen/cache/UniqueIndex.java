package dev.evergreen.cache;

import org.jspecify.annotations.Nullable;

/**
 * A cached unique attribute of an entity, e.g. a product's SKU: keeps {@code value -> id} and
 * serves the entity from its entity cache, so each entity is cached once however it is looked up.
 * Built by {@link EntityCache#uniqueIndex}. Thread-safe.
 *
 * <p>A miss runs the {@link IndexLoader} once (concurrent callers wait; on a shared store, one
 * process loads while the others wait for its value) and stores the id. On the in-memory store the
 * entity it found is stored as the entity's entry too (unless cached already, or written while the
 * lookup ran); on a store other processes write (Redis) it is read through the entity cache, loaded
 * by id if not cached (see {@link CachedQuery} for why). A value with no entity is remembered as
 * absent for the index's {@code negativeTtl}. Past {@code refreshAfter} the mapping is served and
 * refreshed in the background, as entities are.
 *
 * <p>Writes of the entity through {@link EntityCache#put}, {@link EntityCache#invalidate} or {@link
 * EntityCache#invalidateEntity} drop the mapping of its old value (if its old version was cached)
 * and of its new one (if given). If a mapping is stale anyway (the entity found under it no longer
 * has the value, or is gone), {@link #get} drops it and looks the value up afresh.
 *
 * @param <A> the attribute type; its {@code toString()} is the key's last part
 * @param <V> the entity type
 * @since 0.1.0
 */
public interface UniqueIndex<A, V> {

  /**
   * The entity whose attribute is {@code value}, or {@code null} if there is none.
   *
   * @throws IllegalArgumentException if {@code value} is null or cannot be part of a key (see
   *     {@link dev.evergreen.cache.spi.KeyFormat})
   */
  @Nullable V get(A value);

  /**
   * Forgets the mapping of {@code value} on every node; never dropped (as entity invalidations).
   */
  void invalidate(A value);

  /** The store key of {@code value}'s mapping, {@code [namespace:]Entity#index:hash:value}. */
  String key(A value);

  /** The index's own cache: its schema, settings, statistics. */
  EntityCache<A, ?> cache();
}
