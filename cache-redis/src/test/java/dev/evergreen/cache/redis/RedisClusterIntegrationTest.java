package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import dev.evergreen.cache.testing.RedisCluster;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis store on a real three-master Redis Cluster. */
@ExtendWith(RedisExtension.class)
final class RedisClusterIntegrationTest {

  @Test
  void getAll_of1000IdsOverAllSlots_isOneBulkLoadThenAllHits(RedisCluster cluster) {
    AtomicInteger bulkLoads = new AtomicInteger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EntityLoader<Long, Account> loader =
        new EntityLoader<>() {
          @Override
          public Account load(Long id) {
            throw new AssertionError("getAll must load in bulk");
          }

          @Override
          public Map<Long, Account> loadAll(Set<? extends Long> ids) {
            bulkLoads.incrementAndGet();
            return ids.stream()
                .collect(Collectors.toMap(id -> id, id -> new Account(id, "c" + id)));
          }
        };
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(RedisStore.createCluster(cluster.uri()))
            .namespace("bulk")
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, Account> accounts = evergreen.entity(Account.class).build(loader);
      List<Long> ids = LongStream.range(0, 1000).boxed().collect(Collectors.toList());
      Set<Integer> slots =
          ids.stream().map(id -> SlotHash.getSlot(accounts.key(id))).collect(Collectors.toSet());
      assertThat(slots).hasSizeGreaterThan(900); // spread over the whole slot space

      Map<Long, Account> first = accounts.getAll(ids);
      Map<Long, Account> second = accounts.getAll(ids);

      assertThat(first.keySet()).containsExactlyElementsOf(ids);
      assertThat(second).isEqualTo(first);
      assertThat(bulkLoads).hasValue(1);
      assertThat(registry.get("cache.gets").tag("result", "hit").counter().count()).isEqualTo(1000);
      assertThat(registry.get("cache.store.errors").counter().count()).isZero();
      for (RedisServer master : cluster.masters()) {
        assertThat(Long.parseLong(master.command("DBSIZE").substring(1)))
            .as("keys on %s", master)
            .isGreaterThan(200);
      }
    }
  }

  @Test
  void staleRefreshAndInvalidation_onCluster(RedisCluster cluster) {
    MutableClock clock = new MutableClock();
    QueueingExecutor refreshes = new QueueingExecutor();
    AtomicInteger version = new AtomicInteger(1);
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(RedisStore.createCluster(cluster.uri()))
            .namespace("stale")
            .clock(clock)
            .refreshExecutor(refreshes)
            .build()) {
      AtomicReference<EntityCache<Long, Account>> self = new AtomicReference<>();
      EntityCache<Long, Account> accounts =
          evergreen
              .entity(Account.class)
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    Account read = new Account(id, "v" + version.get());
                    if (id == 2L && version.get() == 2) {
                      self.get().invalidate(id); // lands after this refresh read the database
                    }
                    return read;
                  });
      self.set(accounts);
      for (long id = 1; id <= 2; id++) {
        accounts.get(id);
      }
      version.set(2);
      clock.advance(Duration.ofMinutes(2));

      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "v1")); // stale, served at once
      assertThat(accounts.get(2L)).isEqualTo(new Account(2, "v1"));
      refreshes.runAll();

      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "v2")); // refreshed
      assertThat(accounts.getIfPresent(2L)).isNull(); // the invalidation won
      version.set(3);
      assertThat(accounts.get(2L)).isEqualTo(new Account(2, "v3"));

      accounts.invalidateAll(); // SCAN + UNLINK on every master
      assertThat(accounts.getIfPresent(1L)).isNull();
    }
  }
}
