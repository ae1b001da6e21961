package dev.evergreen.cache;

import java.util.List;

/**
 * A cached query: keeps the ids it selected, in order, and hydrates them from the entity cache with
 * one {@link EntityCache#getAll}, so each entity is cached once whichever lists it is in. Built by
 * {@link EntityCache#query}. Thread-safe.
 *
 * <p>A miss runs the {@link QueryLoader} once (concurrent callers wait; on a shared store, one
 * process loads while the others wait for its ids) and stores the ids. On the in-memory store the
 * rows it returned are stored as their entities' entries too (those not cached yet, and only if no
 * write of them began while the query ran), so a cold list costs the query alone. On a store other
 * processes write (Redis) an absent key cannot show whether a write of it happened meanwhile, so
 * entities not cached are loaded by id, all of them in one {@code loadAll}, each under its lease.
 * Past {@code refreshAfter} the ids are served and the query re-runs in the background.
 *
 * <p>With {@link CachedQueryBuilder#invalidatedBy}, a write of an entity through {@link
 * EntityCache#put}, {@link EntityCache#invalidate} or {@link EntityCache#invalidateEntity} drops
 * the lists of its old parameters (if its old version was cached) and its new ones (if given):
 * moving a user from team 7 to team 8 makes both teams' lists right on the next read, on every
 * node. A hydrated id whose entity is gone, or no longer matches the parameters, is left out of the
 * result and its list is refreshed in the background.
 *
 * @param <P> the parameters; their {@code toString()} is the key's last part
 * @param <V> the entity type
 * @since 0.1.0
 */
public interface CachedQuery<P, V> {

  /**
   * The entities the query selects for {@code parameters}, in its order.
   *
   * @throws IllegalArgumentException if {@code parameters} is null or cannot be part of a key
   */
  List<V> get(P parameters);

  /** Forgets the ids kept for {@code parameters} on every node; never dropped. */
  void invalidate(P parameters);

  /** The store key of {@code parameters}' ids, {@code [namespace:]Entity#query:hash:parameters}. */
  String key(P parameters);

  /** The query's own cache: its schema, settings, statistics. */
  EntityCache<P, ?> cache();
}
