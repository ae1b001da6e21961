package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Redis killed, paused and absent: no caller ever sees an exception, every value is right, and the
 * cache comes back by itself. Each test starts its own redis-server so its faults stay its own.
 */
final class RedisFaultIntegrationTest {
  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private static final int THREADS = 8;

  private static Evergreen evergreen(String uri, SimpleMeterRegistry registry) {
    return Evergreen.builder()
        .store(RedisStore.builder(uri).commandTimeout(TIMEOUT).build())
        .meterRegistry(registry)
        .build();
  }

  private static Account expected(long id) {
    return new Account(id, "account-" + id);
  }

  @Test
  void redisKilledDuring1000GetsFrom8Threads_noCallerFails_everyValueRight_thenRecovers()
      throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Evergreen evergreen = evergreen(redis.uri(), registry)) {
        EntityCache<Long, Account> accounts =
            evergreen.entity(Account.class).build(RedisFaultIntegrationTest::expected);
        AtomicInteger done = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          workers.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < 125; i++) {
                      long id = (thread * 125L + i) % 100; // 100 ids, each read ten times
                      try {
                        Account got = accounts.get(id);
                        if (!expected(id).equals(got)) {
                          wrong.add(id + " -> " + got);
                        }
                      } catch (Throwable e) {
                        failures.add(e);
                      }
                      if (done.incrementAndGet() == 300) {
                        redis.kill(); // in the middle of the load, from a reading thread
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
          worker.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        System.out.printf(
            "[kill] 1000 gets, %d exceptions, %d wrong values, %.0f store errors%n",
            failures.size(), wrong.size(), registry.get("cache.store.errors").counter().count());
        assertThat(done).hasValue(1000);
        assertThat(failures).isEmpty();
        assertThat(wrong).isEmpty();
        assertThat(registry.get("cache.store.errors").counter().count()).isPositive();

        redis.restart(); // empty: Redis keeps nothing on disk here
        Await.until(
            Duration.ofSeconds(30),
            "the cache writes to Redis again",
            () -> {
              accounts.get(7L);
              return redis.command("EXISTS " + accounts.key(7L)).equals(":1");
            });
        double errors = registry.get("cache.store.errors").counter().count();
        for (long id = 0; id < 100; id++) {
          assertThat(accounts.get(id)).isEqualTo(expected(id));
        }
        assertThat(registry.get("cache.store.errors").counter().count()).isEqualTo(errors);
      }
    }
  }

  @Test
  void redisPaused_everyGetReturnsWithinTheTimeoutPlusLoaderTime_thenRecovers() throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Evergreen evergreen = evergreen(redis.uri(), registry)) {
        EntityCache<Long, Account> accounts =
            evergreen.entity(Account.class).build(RedisFaultIntegrationTest::expected);
        accounts.get(1L);

        redis.pause(); // SIGSTOP: the connection stays open, nothing answers
        try {
          AtomicLong slowestNanos = new AtomicLong();
          Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
          ExecutorService pool = Executors.newFixedThreadPool(4);
          List<Future<?>> workers = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            workers.add(
                pool.submit(
                    () -> {
                      for (long id = 0; id < 50; id++) {
                        long start = System.nanoTime();
                        try {
                          assertThat(accounts.get(id)).isEqualTo(expected(id));
                        } catch (Throwable e) {
                          failures.add(e);
                        }
                        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                      }
                    }));
          }
          for (Future<?> worker : workers) {
            worker.get(2, TimeUnit.MINUTES);
          }
          pool.shutdown();

          System.out.printf(
              "[pause] 200 gets, %d exceptions, slowest %d ms, %.0f store errors%n",
              failures.size(),
              TimeUnit.NANOSECONDS.toMillis(slowestNanos.get()),
              registry.get("cache.store.errors").counter().count());
          assertThat(failures).isEmpty();
          // One command timeout (200 ms) per get at most; the loader is instant. Two timeouts
          // would take 400 ms or more, so this bound tells one from two while leaving a shared,
          // noisy machine room for a GC pause.
          assertThat(Duration.ofNanos(slowestNanos.get()))
              .isLessThan(TIMEOUT.multipliedBy(2).minusMillis(10));
          assertThat(registry.get("cache.store.errors").counter().count()).isPositive();
        } finally {
          redis.resume();
        }

        Await.until(
            Duration.ofSeconds(30),
            "the cache writes to Redis again",
            () -> {
              accounts.get(99L);
              return redis.command("EXISTS " + accounts.key(99L)).equals(":1");
            });
      }
    }
  }

  @Test
  void redisDownAtStart_loaderServes_andTheStoreConnectsWhenRedisComesUp() throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      redis.kill();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Evergreen evergreen = evergreen(redis.uri(), registry)) {
        EntityCache<Long, Account> accounts =
            evergreen.entity(Account.class).build(RedisFaultIntegrationTest::expected);

        assertThat(accounts.get(1L)).isEqualTo(expected(1L));
        assertThat(accounts.getAll(List.of(2L, 3L))).containsOnlyKeys(2L, 3L);

        redis.restart();
        Await.until(
            Duration.ofSeconds(30),
            "the store connects and writes",
            () -> {
              accounts.get(4L);
              return redis.command("EXISTS " + accounts.key(4L)).equals(":1");
            });
      }
    }
  }
}
