package dev.evergreen.cache;

import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.LeasedWrite;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A shared store's space as the engine uses it while other schema versions of the entity may be
 * live: the caller's puts, invalidations and clears also reach every other live version's keys, and
 * entries that predate a time this version was not live read as absent. Loaded values still go only
 * to this version's keys, through their leases.
 */
final class VersionedSpace<K, V> implements StoreSpace<K, V> {
  private final StoreSpace<K, V> own;
  private final SchemaVersions<V> versions;
  private final Entries<V> entries;
  private final java.time.Clock clock;

  VersionedSpace(
      StoreSpace<K, V> own, SchemaVersions<V> versions, Entries<V> entries, java.time.Clock clock) {
    this.own = own;
    this.versions = versions;
    this.entries = entries;
    this.clock = clock;
  }

  private @Nullable StoreEntry<V> trusted(@Nullable StoreEntry<V> entry) {
    return entry == null || versions.distrusts(entry) ? null : entry;
  }

  private Claim<V> trusted(Claim<V> claim) {
    StoreEntry<V> current = claim.current();
    return current == null || !versions.distrusts(current)
        ? claim
        : new Claim<>(null, claim.lease());
  }

  @Override
  public @Nullable StoreEntry<V> get(K id) {
    return trusted(own.get(id));
  }

  @Override
  public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
    Map<K, StoreEntry<V>> found = new LinkedHashMap<>();
    own.getAll(ids)
        .forEach(
            (id, entry) -> {
              if (!versions.distrusts(entry)) {
                found.put(id, entry);
              }
            });
    return found;
  }

  @Override
  public Claim<V> claim(K id, Duration leaseTtl) {
    return trusted(own.claim(id, leaseTtl));
  }

  @Override
  public Map<K, Claim<V>> claimAll(Collection<? extends K> ids, Duration leaseTtl) {
    Map<K, Claim<V>> claims = new LinkedHashMap<>();
    own.claimAll(ids, leaseTtl).forEach((id, claim) -> claims.put(id, trusted(claim)));
    return claims;
  }

  @Override
  public boolean write(K id, Lease lease, StoreEntry<V> entry) {
    return own.write(id, lease, entry);
  }

  @Override
  public Set<K> writeAll(List<LeasedWrite<K, V>> writes) {
    return own.writeAll(writes);
  }

  /** The value here; in every other live version a tombstone, as its bytes are not this one's. */
  @Override
  public void put(K id, StoreEntry<V> entry) {
    own.put(id, entry);
    versions.reachOthers(id, entries.tombstone(clock.millis()));
  }

  @Override
  public void invalidate(K id, StoreEntry<V> tombstone) {
    own.invalidate(id, tombstone);
    versions.reachOthers(id, tombstone);
  }

  @Override
  public long size() {
    return own.size();
  }

  @Override
  public void clear() {
    own.clear();
    versions.clearOthers();
  }
}
