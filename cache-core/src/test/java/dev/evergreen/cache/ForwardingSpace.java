package dev.evergreen.cache;

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
  public void put(K id, StoreEntry<V> entry) {
    delegate.put(id, entry);
  }

  @Override
  public boolean replace(K id, @Nullable StoreEntry<V> expected, StoreEntry<V> next) {
    return delegate.replace(id, expected, next);
  }

  @Override
  public void clear() {
    delegate.clear();
  }

  @Override
  public @Nullable Lease tryLease(K id, Duration ttl) {
    return delegate.tryLease(id, ttl);
  }
}
