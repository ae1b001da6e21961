package dev.evergreen.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A cache of one entity type, read through its {@link EntityLoader}.
 *
 * <p>Each entry remembers when it was written. With {@code age = now - writtenAt}: an entry younger
 * than {@code refreshAfter} is <b>fresh</b> and returned; one younger than {@code expireAfter} is
 * <b>stale</b>: returned at once while one refresh per key is queued on the refresh executor; no
 * entry, or an older one, is a <b>miss</b>: one caller per key runs the loader while concurrent
 * callers wait for its result. An id the loader found nothing for is remembered for {@code
 * negativeTtl}.
 *
 * <h2>Consistency</h2>
 *
 * For each key: once {@link #put} or {@link #invalidate} has returned, in this process or another
 * sharing the store, no read that starts afterwards returns a value whose load began before that
 * write. This holds through concurrent loads and refreshes, store evictions, restarts, pauses and
 * outages: loads write through a lease that those writes revoke, and callers share a load only if
 * they read the same stored entry. If the store does not confirm a put or an invalidation (it is
 * down, or out of memory), this process serves that key from the loader only and retries the
 * invalidation in the background until the store takes it; other processes may meanwhile serve what
 * the store last held.
 *
 * <h2>Failure</h2>
 *
 * All methods are thread-safe, and a failing store never fails a request: a read that fails is a
 * miss, a write that fails becomes a pending invalidation, both counted as {@code
 * cache.store.errors}. Failed refreshes are logged, counted and swallowed; the stale value keeps
 * being served until {@code expireAfter}, and the key's next refresh waits (1 s, doubling per
 * consecutive failure, at most {@code refreshAfter}).
 *
 * <p>Ids must be non-null, and their {@code toString()} must be 1 to 512 characters without control
 * characters or unpaired surrogates (see {@link dev.evergreen.cache.spi.KeyFormat}): other ids get
 * an {@link IllegalArgumentException} naming the entity and the id.
 *
 * <p>After {@link Evergreen#close()}, reads call the loader directly and writes are ignored.
 *
 * @param <K> the id type
 * @param <V> the entity type
 * @since 0.1.0
 */
public interface EntityCache<K, V> {

  /**
   * Returns the entity with this id: from the cache when fresh or stale (a stale hit queues one
   * refresh), otherwise from the loader, one load per key at a time.
   *
   * @return the entity, or {@code null} if the loader found none (now or within {@code
   *     negativeTtl})
   * @throws IllegalArgumentException if {@code id} is null or makes a malformed key
   * @throws IllegalStateException if the loader returned an object that is not a {@code V}
   * @throws EntityLoadException if the loader threw a checked exception on a miss; an unchecked one
   *     is rethrown as it is
   */
  @Nullable V get(K id);

  /**
   * Returns the entities with these ids, reading the store once and loading all misses with one
   * {@link EntityLoader#loadAll} call (ids another caller is loading are waited for instead).
   *
   * @return the entities found, in the iteration order of {@code ids}; ids with no entity are left
   *     out
   * @throws IllegalArgumentException if an id is null or makes a malformed key
   */
  Map<K, V> getAll(Iterable<? extends K> ids);

  /**
   * Returns the cached entity if it is fresh or stale (a stale one queues a refresh), without ever
   * calling the loader in this thread.
   *
   * @return the cached entity, or {@code null} if none is cached (or its absence is)
   */
  @Nullable V getIfPresent(K id);

  /**
   * Like {@link #getIfPresent}, but tells a remembered absence from nothing cached: returns a
   * {@link Cached} holding the value (fresh or stale; a stale one queues a refresh), a {@code
   * Cached} holding null if the cache remembers that the id has no value, or null if it holds
   * nothing usable. Never calls the loader in this thread.
   *
   * @throws IllegalArgumentException if {@code id} is malformed
   */
  @Nullable Cached<V> getCached(K id);

  /**
   * Stores {@code value} as the fresh entry for {@code id}, typically after writing it to the
   * database. A refresh or load of {@code id} that is in flight will not overwrite it. If the store
   * does not take it, the key is invalidated instead (see the class comment).
   *
   * @throws IllegalArgumentException if {@code id} is malformed or {@code value} is null or not a
   *     {@code V}
   */
  void put(K id, V value);

  /**
   * Remembers that {@code id} has no value, for {@code negativeTtl}, as if the loader had found
   * none; typically after deleting its row. A refresh or load of {@code id} in flight will not
   * overwrite it. With {@code negativeTtl} zero this is {@link #invalidate}.
   *
   * @throws IllegalArgumentException if {@code id} is malformed
   */
  void putAbsent(K id);

  /**
   * Forgets {@code id}: the next read loads it. A refresh or load of {@code id} that is in flight
   * will not write its (older) value afterwards. Never dropped: see the class comment.
   *
   * @throws IllegalArgumentException if {@code id} is malformed
   */
  void invalidate(K id);

  /**
   * Forgets every entry of this entity in the store; an operator's call, not a request path. Loads
   * and refreshes in flight in this process will not write afterwards; those in other processes
   * may. Readers and other writers are not blocked while it runs.
   *
   * @throws CacheStoreException if the store could not finish: some entries may remain. This
   *     process then serves the entity from its loader only, and retries the clear in the
   *     background until it lands.
   */
  void invalidateAll();

  /**
   * Loads {@code id} again on the refresh executor, fresh or not, and stores the result (unless an
   * invalidation or put landed meanwhile).
   *
   * @return completes with the loaded value (null if absent), or exceptionally if the load failed,
   *     the store was unavailable, the executor was full, or the cache was closed first
   * @throws IllegalArgumentException if {@code id} is malformed
   */
  CompletableFuture<@Nullable V> refresh(K id);

  /**
   * Returns the key of {@code id}, {@code [namespace:]name:hash:id}.
   *
   * @throws IllegalArgumentException if {@code id} is malformed
   */
  String key(K id);

  /**
   * The entity was written: invalidates its id (as {@link #invalidate}) and, through the id and
   * attributes {@code entity} has now, the index mappings and query lists of both its old version
   * (if cached) and this one. The call for a save whose result you hold (Spring's
   * {@code @CacheWrite} makes it).
   *
   * @throws IllegalStateException if the cache was built without {@link EntityCacheBuilder#ids}
   */
  void invalidateEntity(V entity);

  /**
   * Starts a {@link UniqueIndex} on {@code attribute}, e.g. {@code products.uniqueIndex("sku",
   * Product::sku).build(repository::findBySku)}. Its mappings live in their own cache named {@code
   * Entity#name}, with keys {@code [namespace:]Entity#name:hash:value}. Needs {@link
   * EntityCacheBuilder#ids}.
   *
   * @throws IllegalArgumentException if the name is malformed (as entity names; no {@code #})
   */
  <A> UniqueIndexBuilder<A, V> uniqueIndex(
      String name, java.util.function.Function<? super V, ? extends A> attribute);

  /**
   * Starts a {@link CachedQuery}, e.g. {@code
   * users.query("byTeam").invalidatedBy(User::teamId).build(repository::findByTeamId)}. Its id
   * lists live in their own cache named {@code Entity#name}, with keys {@code
   * [namespace:]Entity#name:hash:parameters}. Needs {@link EntityCacheBuilder#ids}.
   *
   * @throws IllegalArgumentException if the name is malformed (as entity names; no {@code #})
   */
  CachedQueryBuilder<V> query(String name);

  /** Returns the entity's name, schema hash and the descriptor that was hashed. */
  EntitySchema schema();

  /**
   * The schema hashes of this entity in use on the store by any process, this one's included, as of
   * the last registration heartbeat or write. More than one during a rolling deploy: then every
   * put, invalidation and {@link #invalidateAll} reaches each version's keys. A store no other
   * process shares (in memory) has only this one.
   */
  java.util.Set<String> liveSchemaHashes();

  /**
   * Warms this schema version from the others: reads, in the background, every id that another live
   * schema version of this entity has cached (from their key names only, never their bytes),
   * through {@link #getAll} in batches of at most 100, at most {@code rowsPerSecond} ids a second.
   * Meant for the first instance of a new version in a rolling deploy, whose keys start cold:
   * without it, every first read of a hot id goes to the database at once.
   *
   * <p>Runs on its own daemon thread; counted as {@code cache.warmup.ids}. Ids {@code id} cannot
   * parse are skipped (logged). Nothing to do when no other version is live, or the store cannot
   * list its keys.
   *
   * @param id turns an id's text in a key (its {@code toString()}) back into an id, e.g. {@code
   *     Long::valueOf}
   * @param rowsPerSecond the most ids read a second; keep it gentle for your database
   * @return completes with the number of ids read; with a {@link
   *     java.util.concurrent.CancellationException} if the cache is closed first, or with the
   *     store's or loader's exception if the warm-up failed part way (what it stored stands)
   * @throws IllegalArgumentException if {@code rowsPerSecond} is not positive
   */
  java.util.concurrent.CompletableFuture<Long> warmUpFromOtherVersions(
      java.util.function.Function<String, ? extends K> id, int rowsPerSecond);

  /** Returns the durations this cache was built with. */
  CacheSettings settings();

  /**
   * Returns what this cache has done so far: hits, misses, loads, refreshes, store errors, pending
   * invalidations. Cheap; a new snapshot on every call.
   */
  CacheStats stats();
}
