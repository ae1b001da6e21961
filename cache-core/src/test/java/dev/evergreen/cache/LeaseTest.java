package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.Claim;
import dev.evergreen.cache.spi.Lease;
import dev.evergreen.cache.spi.SpaceConfig;
import dev.evergreen.cache.spi.StoreEntry;
import dev.evergreen.cache.spi.StoreSpace;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** How the engine behaves when another process holds a key's lease (a shared store). */
final class LeaseTest {

  /**
   * An in-memory store whose leases answer as the test scripts them; counts leases given back
   * (released, closed, or spent on a write).
   */
  static final class ScriptedLeaseStore implements CacheStore {
    private final InMemoryStore delegate = InMemoryStore.create();
    final AtomicInteger leaseCalls = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    /** Given (call number, space), returns whether to grant the lease. */
    BiFunction<Integer, StoreSpace<Object, Object>, Boolean> grant = (call, space) -> true;

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> StoreSpace<K, V> space(SpaceConfig<V> config) {
      StoreSpace<K, V> space = delegate.space(config);
      return new ForwardingSpace<>(space) {
        @Override
        public Claim<V> claim(K id, Duration ttl) {
          int call = leaseCalls.incrementAndGet();
          if (!grant.apply(call, (StoreSpace<Object, Object>) (StoreSpace<?, ?>) space)) {
            return new Claim<>(space.get(id), null);
          }
          Claim<V> claim = space.claim(id, ttl);
          return new Claim<>(claim.current(), new CountingLease(claim.lease()));
        }

        @Override
        public boolean write(K id, Lease lease, StoreEntry<V> entry) {
          released.incrementAndGet();
          return super.write(id, ((CountingLease) lease).real, entry);
        }
      };
    }

    @Override
    public void close() {
      delegate.close();
    }

    private final class CountingLease implements Lease {
      final Lease real;

      CountingLease(Lease real) {
        this.real = real;
      }

      @Override
      public boolean release() {
        released.incrementAndGet();
        return real.release();
      }

      @Override
      public void close() {
        released.incrementAndGet();
        real.close();
      }
    }
  }

  private final ScriptedLeaseStore store = new ScriptedLeaseStore();
  private final MutableClock clock = new MutableClock();
  private final QueueingExecutor refreshes = new QueueingExecutor();
  private final Db<Long, User> db = new Db<>();

  private EntityCache<Long, User> users(Evergreen evergreen) {
    return evergreen.entity(User.class).refreshAfter(Duration.ofMinutes(1)).build(db);
  }

  private Evergreen evergreen(Duration leaseTtl) {
    return Evergreen.builder()
        .store(store)
        .clock(clock)
        .refreshExecutor(refreshes)
        .leaseTtl(leaseTtl)
        .build();
  }

  @Test
  void miss_whileAnotherProcessLoads_waitsForItsValueInsteadOfLoading() {
    db.rows.put(1L, new User(1, "mine"));
    store.grant =
        (call, space) -> {
          // The other process finishes its load and writes while we wait.
          space.put(1L, StoreEntry.value(new User(1, "theirs"), clock.millis(), 7));
          return false;
        };
    try (Evergreen evergreen = evergreen(Duration.ofSeconds(30))) {
      assertThat(users(evergreen).get(1L)).isEqualTo(new User(1, "theirs"));
      assertThat(db.loads).hasValue(0);
    }
  }

  @Test
  void miss_whenLeaseFreedByAHolderThatJustStoredTheValue_usesThatValueWithoutLoading() {
    db.rows.put(1L, new User(1, "mine"));
    store.grant =
        (call, space) -> {
          // Between our read and our lease, the previous holder stored its value and released.
          space.put(1L, StoreEntry.value(new User(1, "theirs"), clock.millis(), 7));
          return true;
        };
    try (Evergreen evergreen = evergreen(Duration.ofSeconds(30))) {
      assertThat(users(evergreen).get(1L)).isEqualTo(new User(1, "theirs"));
      assertThat(db.loads).hasValue(0);
      assertThat(store.released).hasValue(1);
    }
  }

  @Test
  void staleRefresh_whenLeaseFreedByAProcessThatJustRefreshed_doesNotLoadAgain() {
    db.rows.put(1L, new User(1, "v1"));
    try (Evergreen evergreen = evergreen(Duration.ofSeconds(30))) {
      EntityCache<Long, User> users = users(evergreen);
      users.get(1L);
      clock.advance(Duration.ofMinutes(2));
      store.grant =
          (call, space) -> {
            space.put(1L, StoreEntry.value(new User(1, "v2"), clock.millis(), 8));
            return true;
          };

      users.get(1L);
      refreshes.runAll();

      assertThat(db.loads).hasValue(1);
      assertThat(users.get(1L)).isEqualTo(new User(1, "v2"));
    }
  }

  @Test
  void miss_whenLeaseHolderDied_takesTheExpiredLeaseOverAndLoads() {
    db.rows.put(1L, new User(1, "mine"));
    store.grant = (call, space) -> call >= 3; // held for two tries, then expired
    try (Evergreen evergreen = evergreen(Duration.ofSeconds(30))) {
      assertThat(users(evergreen).get(1L)).isEqualTo(new User(1, "mine"));
      assertThat(db.loads).hasValue(1);
      assertThat(store.released).hasValue(1);
    }
  }

  @Test
  void miss_whenLeaseIsNeverReleased_loadsItselfAfterLeaseTtl() {
    db.rows.put(1L, new User(1, "mine"));
    store.grant = (call, space) -> false;
    try (Evergreen evergreen = evergreen(Duration.ofMillis(50))) {
      assertThat(users(evergreen).get(1L)).isEqualTo(new User(1, "mine"));
      assertThat(db.loads).hasValue(1);
      assertThat(store.released).hasValue(0);
    }
  }

  @Test
  void staleRefresh_whileAnotherProcessHoldsTheLease_isSkipped() {
    db.rows.put(1L, new User(1, "v1"));
    try (Evergreen evergreen = evergreen(Duration.ofSeconds(30))) {
      EntityCache<Long, User> users = users(evergreen);
      users.get(1L);
      clock.advance(Duration.ofMinutes(2));
      store.grant = (call, space) -> false;

      assertThat(users.get(1L)).isEqualTo(new User(1, "v1"));
      refreshes.runAll();

      assertThat(db.loads).hasValue(1); // only the first miss
    }
  }
}
