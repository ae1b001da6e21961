package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A failing store never fails a request, and never loses a caller's write: an invalidation the
 * store does not confirm keeps its key away from the cache in this process until a retry lands.
 */
final class StoreFailureTest {

  /** An in-memory store that can be switched off: then every call throws, as a dead Redis does. */
  static final class SwitchableStore implements CacheStore {
    private final InMemoryStore delegate = InMemoryStore.create();
    volatile boolean down;
    volatile @Nullable CountDownLatch clearEntered;
    volatile @Nullable CountDownLatch clearMayFinish;
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public <K, V> StoreSpace<K, V> space(SpaceConfig<V> config) {
      return new ForwardingSpace<>(delegate.<K, V>space(config)) {
        private void check() {
          calls.incrementAndGet();
          if (down) {
            throw new IllegalStateException("connection refused");
          }
        }

        @Override
        public @Nullable StoreEntry<V> get(K id) {
          check();
          return super.get(id);
        }

        @Override
        public Map<K, StoreEntry<V>> getAll(Collection<? extends K> ids) {
          check();
          return super.getAll(ids);
        }

        @Override
        public Claim<V> claim(K id, Duration leaseTtl) {
          check();
          return super.claim(id, leaseTtl);
        }

        @Override
        public boolean write(K id, Lease lease, StoreEntry<V> entry) {
          check();
          return super.write(id, lease, entry);
        }

        @Override
        public void put(K id, StoreEntry<V> entry) {
          check();
          super.put(id, entry);
        }

        @Override
        public void invalidate(K id, StoreEntry<V> tombstone) {
          check();
          super.invalidate(id, tombstone);
        }

        @Override
        public void clear() {
          check();
          CountDownLatch entered = clearEntered;
          CountDownLatch mayFinish = clearMayFinish;
          if (entered != null && mayFinish != null) {
            entered.countDown();
            try {
              mayFinish.await(); // a SCAN of a million keys
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          super.clear();
        }
      };
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private final SwitchableStore store = new SwitchableStore();
  private final ManualMaintenance retries = new ManualMaintenance();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final QueueingExecutor refreshes = new QueueingExecutor();
  private final MutableClock clock = new MutableClock();
  private final Db<Long, User> db = new Db<>();

  private Evergreen evergreen() {
    return retries
        .attach(Evergreen.builder())
        .store(store)
        .clock(clock)
        .refreshExecutor(refreshes)
        .meterRegistry(registry)
        .build();
  }

  private static EntityCache<Long, User> users(Evergreen evergreen, Db<Long, User> db) {
    return evergreen.entity(User.class).refreshAfter(Duration.ofMinutes(1)).build(db);
  }

  private double storeErrors() {
    return registry.get("cache.store.errors").counter().count();
  }

  @Test
  void deadStore_neverFailsARequest_loaderServesAndErrorsAreCounted() {
    db.rows.put(1L, new User(1, "a"));
    db.rows.put(2L, new User(2, "b"));
    store.down = true;
    try (Evergreen evergreen = evergreen()) {
      EntityCache<Long, User> users = users(evergreen, db);

      assertThat(users.get(1L)).isEqualTo(new User(1, "a")); // read
      assertThat(users.getAll(List.of(1L, 2L, 3L))).containsOnlyKeys(1L, 2L); // read
      assertThat(users.getIfPresent(1L)).isNull(); // read
      users.refresh(2L); // nothing yet: queued
      refreshes.runAll(); // claim
      users.put(1L, new User(1, "a2")); // put, then its invalidation
      users.invalidate(2L); // invalidation

      // Once a read fails, the call asks only the loader: one failure per call, two for the put.
      assertThat(storeErrors()).isEqualTo(7);
      assertThat(users.stats().pendingInvalidations()).isEqualTo(2);
    }
  }

  @Test
  void invalidate_whileStoreIsDown_isNeverServedStaleHere_andLandsWhenStoreReturns() {
    db.rows.put(1L, new User(1, "old"));
    try (Evergreen evergreen = evergreen()) {
      EntityCache<Long, User> users = users(evergreen, db);
      users.get(1L); // cached: "old"

      store.down = true;
      db.rows.put(1L, new User(1, "new"));
      users.invalidate(1L); // the store does not take it
      store.down = false; // back, but the tombstone never landed: "old" is still stored

      assertThat(users.get(1L)).isEqualTo(new User(1, "new")); // from the loader
      assertThat(users.getIfPresent(1L)).isNull();
      assertThat(users.getAll(List.of(1L))).containsEntry(1L, new User(1, "new"));
      assertThat(users.stats().pendingInvalidations()).isEqualTo(1);
      assertThat(registry.get("cache.invalidations.pending").gauge().value()).isEqualTo(1);

      retries.runScheduled(); // the retry lands the invalidation

      assertThat(users.stats().pendingInvalidations()).isZero();
      assertThat(users.get(1L)).isEqualTo(new User(1, "new")); // loaded once more, now cached
      int loads = db.loads.get();
      assertThat(users.get(1L)).isEqualTo(new User(1, "new"));
      assertThat(db.loads).hasValue(loads); // served from the cache again
    }
  }

  @Test
  void pendingInvalidation_keepsRetryingWhileStoreStaysDown_thenLands() {
    db.rows.put(1L, new User(1, "old"));
    try (Evergreen evergreen = evergreen()) {
      EntityCache<Long, User> users = users(evergreen, db);
      users.get(1L);
      store.down = true;
      users.invalidate(1L);

      for (int attempt = 0; attempt < 5; attempt++) {
        assertThat(retries.scheduled()).isEqualTo(1);
        retries.runScheduled(); // fails again, schedules the next try
      }
      assertThat(users.stats().pendingInvalidations()).isEqualTo(1);
      store.down = false;
      retries.runScheduled();

      assertThat(users.stats().pendingInvalidations()).isZero();
      assertThat(retries.scheduled()).isZero();
    }
  }

  @Test
  void put_whenStoreRefusesIt_invalidatesInstead() {
    db.rows.put(1L, new User(1, "old"));
    try (Evergreen evergreen = evergreen()) {
      EntityCache<Long, User> users = users(evergreen, db);
      users.get(1L);
      store.down = true;
      db.rows.put(1L, new User(1, "new"));

      users.put(1L, new User(1, "new"));
      store.down = false;

      assertThat(users.getIfPresent(1L)).isNull();
      assertThat(users.get(1L)).isEqualTo(new User(1, "new"));
      assertThat(registry.get("cache.puts").counter().count()).isEqualTo(1); // the first load only
    }
  }

  @Test
  void refresh_whoseWriteFails_isCountedAsAFailureNotASuccess() {
    AtomicInteger loads = new AtomicInteger();
    try (Evergreen evergreen = evergreen()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    if (loads.incrementAndGet() == 2) {
                      store.down = true; // the refresh loaded; the store fails before its write
                    }
                    return new User(id, "v" + loads.get());
                  });
      users.get(1L);
      clock.advance(Duration.ofMinutes(2));
      users.get(1L); // stale: refresh queued

      refreshes.runAll();

      assertThat(loads).hasValue(2);
      assertThat(registry.get("cache.refreshes").tag("result", "failure").counter().count())
          .isEqualTo(1);
      assertThat(registry.get("cache.refreshes").tag("result", "success").counter().count())
          .isZero();
    }
  }

  @Test
  void invalidateAll_whenStoreFails_throwsAndBypassesTheEntityUntilARetryLands() {
    db.rows.put(1L, new User(1, "old"));
    try (Evergreen evergreen = evergreen()) {
      EntityCache<Long, User> users = users(evergreen, db);
      users.get(1L);
      store.down = true;
      db.rows.put(1L, new User(1, "new"));

      assertThatThrownBy(users::invalidateAll)
          .isInstanceOf(CacheStoreException.class)
          .hasMessageContaining("User: invalidateAll did not finish")
          .hasMessageContaining("connection refused");
      store.down = false;

      assertThat(users.get(1L)).isEqualTo(new User(1, "new"));
      assertThat(users.stats().pendingInvalidations()).isEqualTo(1);
      retries.runScheduled();
      assertThat(users.stats().pendingInvalidations()).isZero();
      assertThat(users.get(1L)).isEqualTo(new User(1, "new"));
    }
  }

  @Test
  void invalidateAll_whileItsClearRuns_blocksNeitherReadersNorOtherWriters() throws Exception {
    db.rows.put(1L, new User(1, "a"));
    db.rows.put(2L, new User(2, "b"));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Evergreen evergreen = evergreen()) {
      EntityCache<Long, User> users = users(evergreen, db);
      users.getAll(List.of(1L, 2L));
      store.clearEntered = new CountDownLatch(1);
      store.clearMayFinish = new CountDownLatch(1);
      Future<?> clearing = thread.submit(users::invalidateAll);
      store.clearEntered.await();

      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            users.put(1L, new User(1, "a2"));
            users.invalidate(2L);
            assertThat(users.get(1L)).isEqualTo(new User(1, "a2"));
            assertThat(users.get(2L)).isEqualTo(new User(2, "b"));
          });
      store.clearMayFinish.countDown();
      clearing.get(5, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
  }
}
