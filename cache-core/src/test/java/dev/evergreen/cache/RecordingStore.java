package dev.evergreen.cache;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** An in-memory store that counts writes made once {@link #watching} is set. */
final class RecordingStore implements CacheStore {
  private final InMemoryStore delegate = InMemoryStore.create();
  final AtomicBoolean watching = new AtomicBoolean();
  final AtomicInteger watchedWrites = new AtomicInteger();

  @Override
  public <K, V> StoreSpace<K, V> space(SpaceConfig<V> config) {
    StoreSpace<K, V> space = delegate.space(config);
    return new StoreSpace<>() {
      @Override
      public @Nullable StoreEntry<V> get(K id) {
        return space.get(id);
      }

      @Override
      public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
        return space.getAll(ids);
      }

      @Override
      public void put(K id, StoreEntry<V> entry) {
        record();
        space.put(id, entry);
      }

      @Override
      public boolean replace(K id, @Nullable StoreEntry<V> expected, StoreEntry<V> next) {
        record();
        return space.replace(id, expected, next);
      }

      @Override
      public void clear() {
        record();
        space.clear();
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
