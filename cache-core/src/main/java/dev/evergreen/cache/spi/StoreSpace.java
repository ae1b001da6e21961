package dev.evergreen.cache.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one entity (one schema version of it), keyed by the entity's id object.
 *
 * <p>The in-memory store keys entries by the id object itself; a remote store builds its key with
 * {@link SpaceConfig#keys()}. Every method is thread-safe.
 *
 * <h2>Writes and leases</h2>
 *
 * A value loaded from the database is stored only through {@link #write}, fenced by the {@link
 * Lease} that {@link #claim} granted before the load began; {@link #put}, {@link #invalidate} and
 * {@link #clear} revoke leases. This is what keeps a slow load from storing a value older than a
 * put or an invalidation that returned while it ran, even if that write's own entry was evicted or
 * the store lost everything meanwhile. A store shared by several processes grants one lease per key
 * at a time across all of them; a store inside one process may grant every claim (the engine lets
 * only one thread per key load).
 *
 * <h2>Failure</h2>
 *
 * A method may throw a {@link RuntimeException} when the store is unreachable, slow, or refuses the
 * command; the engine counts it as {@code cache.store.errors}, treats a failed read as a miss, and
 * never lets it reach a caller. A failed {@link #put} or {@link #invalidate} is not dropped: the
 * engine stops serving that key from the cache in this process and retries the invalidation until
 * it succeeds. A stored payload that cannot be decoded is reported to {@link SpaceConfig#events()}
 * and read as absent, never thrown.
 *
 * @param <K> the id type
 * @param <V> the entity type
 * @since 0.1.0
 */
public interface StoreSpace<K, V> {

  /**
   * Returns the entry stored for {@code id} (in one round trip for a remote store), or {@code null}
   * if there is none. Entries of every {@link StoreEntry.Kind kind} are returned; the engine
   * decides what they mean. A store shared by several processes should report {@link
   * StoreEntry#writtenAt()} by one clock they share (its server's), translated to the engine's
   * {@link SpaceConfig#clock()}, so that processes whose clocks disagree agree on an entry's age.
   */
  @Nullable StoreEntry<V> get(K id);

  /**
   * Returns the entries stored for {@code ids}, in as few round trips as the store can. Ids with no
   * entry are left out of the map.
   */
  Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids);

  /**
   * Returns the current entry of {@code id} and, unless another holder has it, grants the lease to
   * load it (one round trip for a remote store).
   *
   * @param leaseTtl how long the lease lasts if its holder dies; a live holder's lease is renewed
   * @return the current entry, and the lease or null
   */
  Claim<V> claim(K id, Duration leaseTtl);

  /**
   * {@link #claim} for several ids, in as few round trips as the store can. The default claims one
   * by one. An id given twice is claimed once (a second claim would be refused by the first's
   * lease, and the first lease lost).
   *
   * @return a claim for every distinct id, in the order of {@code ids}
   */
  default Map<K, Claim<V>> claimAll(Collection<? extends K> ids, Duration leaseTtl) {
    Map<K, Claim<V>> claims = new LinkedHashMap<>();
    for (K id : ids) {
      if (!claims.containsKey(id)) {
        claims.put(id, claim(id, leaseTtl));
      }
    }
    return claims;
  }

  /**
   * Stores {@code entry} for {@code id} only while {@code lease} is still held: no put,
   * invalidation or clear revoked it since {@link #claim} granted it, and it neither expired nor
   * disappeared with its key. Releases the lease either way. The entry lives for {@link
   * SpaceConfig#ttlOf(StoreEntry)}.
   *
   * @return whether {@code entry} was stored
   */
  boolean write(K id, Lease lease, StoreEntry<V> entry);

  /**
   * {@link #write} for several keys, in as few round trips as the store can (pipelined, in bounded
   * chunks, for Redis). The default writes one by one.
   *
   * @return the ids whose entry was stored
   * @throws RuntimeException if the store failed; some writes may have landed, every lease is
   *     released or closed
   */
  default Set<K> writeAll(List<LeasedWrite<K, V>> writes) {
    Set<K> written = new HashSet<>();
    for (LeasedWrite<K, V> write : writes) {
      if (write(write.id(), write.lease(), write.entry())) {
        written.add(write.id());
      }
    }
    return written;
  }

  /**
   * Stores {@code entry} for {@code id} unconditionally, replacing any entry and revoking any lease
   * of the key, with a time to live of {@link SpaceConfig#ttlOf(StoreEntry)}.
   */
  void put(K id, StoreEntry<V> entry);

  /**
   * Replaces the entry of {@code id} with {@code tombstone} and revokes any lease of the key. If
   * the store refuses to store the tombstone for lack of memory, it deletes the entry (and so the
   * lease) instead. Throws only if neither happened.
   */
  void invalidate(K id, StoreEntry<V> tombstone);

  /**
   * How many entries this space holds (tombstones and remembered absences included), if the store
   * can tell cheaply; published as the {@code cache.size} gauge. The default, -1, means it cannot.
   */
  default long size() {
    return -1;
  }

  /**
   * Removes every entry and every lease of this space; other spaces are untouched. Returns only
   * once all are gone. Throws if it could not finish, in which case some entries may remain.
   */
  void clear();

  /**
   * Hands {@code batch} the id text ({@link KeyFormat#idText}) of every key this space holds, a
   * batch at a time, in no particular order; keys only, never their values. Used to warm a new
   * schema version from the ids an older one has cached. A key written or removed meanwhile may or
   * may not be seen. The default does not support it.
   *
   * @throws UnsupportedOperationException if the store cannot list its keys
   * @throws RuntimeException if the store failed part way; the batches handed over stand
   */
  default void forEachIdText(java.util.function.Consumer<List<String>> batch) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list its ids");
  }
}
