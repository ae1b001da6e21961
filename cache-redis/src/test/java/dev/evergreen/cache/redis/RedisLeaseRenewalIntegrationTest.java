package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.BulkLoader;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A load far longer than the lease keeps it: the renewer pushes the lease's expiry (kept by the
 * server's clock in the value's header) forward while the load runs, and the load's write lands.
 * Without renewal the lease would lapse after 300 ms, the next claim would take it over, and the
 * write would be fenced out.
 */
@ExtendWith(RedisExtension.class)
final class RedisLeaseRenewalIntegrationTest {
  private static final Duration LEASE = Duration.ofMillis(300);

  @Test
  void aLoadOfManyLeaseLifetimes_keepsItsLeases_andItsWritesLand(RedisServer redis)
      throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    RedisStore store = RedisStore.create(redis.uri());
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(store)
            .namespace("renewal")
            .leaseTtl(LEASE)
            .recordStats()
            .build()) {
      EntityCache<Long, Account> accounts =
          evergreen
              .entity(Account.class)
              .build(
                  BulkLoader.of(
                      ids -> {
                        loading.countDown();
                        finish.await();
                        return BulkLoader.rowsOf(ids, id -> new Account(id, "a"));
                      }));
      List<Long> ids = LongStream.range(0, 2_000).boxed().toList();
      CompletableFuture<Map<Long, Account>> load =
          CompletableFuture.supplyAsync(() -> accounts.getAll(ids));
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

      String key = accounts.key(1_999L);
      long firstExpiry = leaseExpiry(redis, key);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      long expiry = firstExpiry;
      while (expiry >= 0
          && expiry < firstExpiry + 3 * LEASE.toMillis()
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polls, not timing
        expiry = leaseExpiry(redis, key);
      }
      // Renewed for three lease lifetimes past the first expiry: the load has outlived it.
      assertThat(leaseExpiry(redis, key))
          .isGreaterThanOrEqualTo(firstExpiry + 3 * LEASE.toMillis());
      assertThat(store.heldLeases()).isEqualTo(2_000);
      finish.countDown();

      assertThat(load.get(30, TimeUnit.SECONDS)).hasSize(2_000);
      assertThat(accounts.stats().puts()).isEqualTo(2_000);
      assertThat(store.heldLeases()).isZero();
      assertThat(redis.command("STRLEN " + key)).isNotEqualTo(":64"); // a value, not a bare lease
    }
  }

  /** The lease expiry in the key's header (bytes 32 to 47, server milliseconds); -1 if none. */
  private static long leaseExpiry(RedisServer redis, String key) {
    String reply = redis.command("GETRANGE " + key + " 32 47").trim();
    return reply.isEmpty() ? -1 : Long.parseLong(reply);
  }
}
