package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class StoreFailureTest {

  /** A store whose every call fails, like a Redis that is down. */
  static final class DeadStore implements CacheStore {
    @Override
    public <K, V> StoreSpace<K, V> space(SpaceConfig<V> config) {
      return new StoreSpace<>() {
        @Override
        public @Nullable StoreEntry<V> get(K id) {
          throw new IllegalStateException("connection refused");
        }

        @Override
        public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
          throw new IllegalStateException("connection refused");
        }

        @Override
        public void put(K id, StoreEntry<V> entry) {
          throw new IllegalStateException("connection refused");
        }

        @Override
        public boolean replace(K id, @Nullable StoreEntry<V> expected, StoreEntry<V> next) {
          throw new IllegalStateException("connection refused");
        }

        @Override
        public void clear() {
          throw new IllegalStateException("connection refused");
        }
      };
    }

    @Override
    public void close() {}
  }

  @Test
  void deadStore_neverFailsACall_loaderServesAndErrorsAreCounted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueueingExecutor refreshes = new QueueingExecutor();
    Db<Long, User> db = new Db<>();
    db.rows.put(1L, new User(1, "a"));
    db.rows.put(2L, new User(2, "b"));
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(new DeadStore())
            .clock(new MutableClock())
            .refreshExecutor(refreshes)
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, User> users =
          evergreen.entity(User.class).refreshAfter(Duration.ofMinutes(1)).build(db);

      assertThat(users.get(1L)).isEqualTo(new User(1, "a"));
      assertThat(users.getAll(List.of(1L, 2L, 3L))).containsOnlyKeys(1L, 2L);
      assertThat(users.getIfPresent(1L)).isNull();
      users.put(1L, new User(1, "a2"));
      users.invalidate(1L);
      users.invalidateAll();
      users.refresh(1L);
      refreshes.runAll();

      // One failure per call: once a read fails, the call asks only the loader. get: read;
      // getAll: read; getIfPresent: read; put; invalidate; invalidateAll; refresh: read.
      assertThat(registry.get("cache.store.errors").counter().count()).isEqualTo(7);
    }
  }
}
