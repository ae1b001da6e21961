package dev.evergreen.cache;

import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A space that forwards every call; tests override the calls they watch or script. */
class ForwardingSpace<K, V> implements StoreSpace<K, V> {
  final StoreSpace<K, V> delegate;

  ForwardingSpace(StoreSpace<K, V> delegate) {
    this.delegate = delegate;
  }

  @Override
  public @Nullable StoreEntry<V> get(K id) {
    return delegate.get(id);
  }

  @Override
  public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
    return delegate.getAll(ids);
  }

  @Override
  public Claim<V> claim(K id, Duration leaseTtl) {
    return delegate.claim(id, leaseTtl);
  }

  @Override
  public boolean write(K id, Lease lease, StoreEntry<V> entry) {
    return delegate.write(id, lease, entry);
  }

  @Override
  public void put(K id, StoreEntry<V> entry) {
    delegate.put(id, entry);
  }

  @Override
  public void invalidate(K id, StoreEntry<V> tombstone) {
    delegate.invalidate(id, tombstone);
  }

  @Override
  public void clear() {
    delegate.clear();
  }
}
