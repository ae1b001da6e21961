package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Time on a real redis-server: nodes whose clocks disagree by ten minutes agree on an entry's age;
 * the age of what is served is published; refreshes still queued when the cache closes complete.
 */
@ExtendWith(RedisExtension.class)
final class RedisTimeIntegrationTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @Test
  void twoNodesWithClocksTenMinutesApart_agreeOnAges(RedisServer redis) {
    String namespace = "skew" + NAMESPACES.incrementAndGet();
    MutableClock time = new MutableClock();
    Clock ahead = Clock.offset(time, Duration.ofMinutes(10));
    QueueingExecutor refreshesA = new QueueingExecutor();
    QueueingExecutor refreshesB = new QueueingExecutor();
    AtomicInteger loadsA = new AtomicInteger();
    AtomicInteger loadsB = new AtomicInteger();
    try (Evergreen nodeA = node(redis, namespace, time, refreshesA);
        Evergreen nodeB = node(redis, namespace, ahead, refreshesB)) {
      EntityCache<Long, Account> onA = accounts(nodeA, loadsA);
      EntityCache<Long, Account> onB = accounts(nodeB, loadsB);

      onA.get(1L); // written by the node whose clock is behind
      onB.get(2L); // and by the one ahead
      assertThat(onB.get(1L)).isNotNull(); // fresh to B, not ten minutes old (expired)
      assertThat(onA.get(2L)).isNotNull(); // fresh to A, not from the future
      assertThat(loadsA).hasValue(1);
      assertThat(loadsB).hasValue(1);
      assertThat(refreshesA.queued() + refreshesB.queued()).isZero();

      time.advance(Duration.ofMinutes(2)); // both clocks move on: both entries are stale now
      onA.get(2L);
      onB.get(1L);
      assertThat(refreshesA.queued()).isEqualTo(1);
      assertThat(refreshesB.queued()).isEqualTo(1);
    }
  }

  private static Evergreen node(
      RedisServer redis, String namespace, Clock clock, QueueingExecutor refreshes) {
    return Evergreen.builder()
        .store(RedisStore.create(redis.uri()))
        .namespace(namespace)
        .clock(clock)
        .refreshExecutor(refreshes)
        .build();
  }

  private static EntityCache<Long, Account> accounts(Evergreen node, AtomicInteger loads) {
    return node.entity(Account.class)
        .refreshAfter(Duration.ofMinutes(1))
        .expireAfter(Duration.ofMinutes(5))
        .build(
            id -> {
              loads.incrementAndGet();
              return new Account(id, "a" + id);
            });
  }

  @Test
  void servedAge_isPublishedAsADistribution(RedisServer redis) {
    MutableClock time = new MutableClock();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(RedisStore.create(redis.uri()))
            .namespace("age" + NAMESPACES.incrementAndGet())
            .clock(time)
            .refreshExecutor(new QueueingExecutor())
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, Account> accounts = accounts(evergreen, new AtomicInteger());
      accounts.get(1L); // a miss: not served from the cache
      time.advance(Duration.ofSeconds(30));
      accounts.get(1L); // fresh, 30 s old
      time.advance(Duration.ofSeconds(60));
      accounts.get(1L); // stale, 90 s old

      DistributionSummary ages = registry.get("cache.served.age").summary();
      assertThat(ages.count()).isEqualTo(2);
      // Ages are measured on the server's clock: exact to within a round trip.
      assertThat(ages.max()).isBetween(89_000.0, 91_000.0);
      assertThat(ages.totalAmount()).isBetween(118_000.0, 122_000.0);
    }
  }

  @Test
  void refreshesQueuedWhenTheCacheCloses_completeTheirFutures(RedisServer redis) throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    List<CompletableFuture<Account>> futures = new ArrayList<>();
    Evergreen evergreen =
        Evergreen.builder()
            .store(RedisStore.create(redis.uri()))
            .namespace("close" + NAMESPACES.incrementAndGet())
            .refreshThreads(1)
            .refreshQueueCapacity(10)
            .build();
    EntityCache<Long, Account> accounts =
        evergreen
            .entity(Account.class)
            .build(
                id -> {
                  if (calls.incrementAndGet() == 1) {
                    firstRunning.countDown();
                    never.await(); // holds the only refresh thread; interrupted by close()
                  }
                  return new Account(id, "a" + id);
                });
    futures.add(accounts.refresh(1L));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    for (long id = 2; id <= 4; id++) {
      futures.add(accounts.refresh(id)); // queued behind it
    }

    evergreen.close();

    for (CompletableFuture<Account> future : futures) {
      assertThat(future).as("a refresh future after close()").isDone();
    }
  }
}
