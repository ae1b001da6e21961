package dev.evergreen.cache;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that counts writes made once {@link #watching} is set. */
final class RecordingStore implements CacheStore {
  private final InMemoryStore delegate = InMemoryStore.create();
  final AtomicBoolean watching = new AtomicBoolean();
  final AtomicInteger watchedWrites = new AtomicInteger();

  @Override
  public <K, V> StoreSpace<K, V> space(SpaceConfig<V> config) {
    return new ForwardingSpace<>(delegate.<K, V>space(config)) {
      @Override
      public void put(K id, StoreEntry<V> entry) {
        record();
        super.put(id, entry);
      }

      @Override
      public boolean write(K id, Lease lease, StoreEntry<V> entry) {
        record();
        return super.write(id, lease, entry);
      }

      @Override
      public void invalidate(K id, StoreEntry<V> tombstone) {
        record();
        super.invalidate(id, tombstone);
      }

      @Override
      public void clear() {
        record();
        super.clear();
      }
    };
  }

  private void record() {
    if (watching.get()) {
      watchedWrites.incrementAndGet();
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
