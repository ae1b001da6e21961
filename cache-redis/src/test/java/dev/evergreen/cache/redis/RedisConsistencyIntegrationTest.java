package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consistency guarantee on real Redis, each way it broke forced with latches: a read joining a
 * load begun before another node's invalidation; a miss load writing after an invalidation whose
 * tombstone was evicted or lost in a restart; invalidations lost while Redis was paused or out of
 * memory; an {@code invalidateAll} that stopped halfway without a word; a circuit breaker left open
 * for good by an interrupted probe.
 */
@ExtendWith(RedisExtension.class)
final class RedisConsistencyIntegrationTest {
  private static final ExecutorService THREADS = Executors.newCachedThreadPool();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofMillis(200);

  @AfterAll
  static void stopThreads() {
    THREADS.shutdownNow();
  }

  /** A database of accounts whose first load of each id, when armed, reads and then waits. */
  private static final class SlowDb {
    final Map<Long, Account> rows = new ConcurrentHashMap<>();
    final AtomicInteger loads = new AtomicInteger();
    volatile CountDownLatch readDone = new CountDownLatch(0);
    volatile CountDownLatch proceed = new CountDownLatch(0);
    volatile CountDownLatch nextLoad = new CountDownLatch(0);
    volatile boolean armed;

    Account load(long id) throws InterruptedException {
      loads.incrementAndGet();
      Account row = rows.get(id);
      if (armed) {
        armed = false;
        readDone.countDown();
        proceed.await();
      } else {
        nextLoad.countDown();
      }
      return row;
    }

    /** The next load reads its row, signals, and waits for {@link #proceed}. */
    void arm() {
      readDone = new CountDownLatch(1);
      proceed = new CountDownLatch(1);
      nextLoad = new CountDownLatch(1);
      armed = true;
    }
  }

  private static Evergreen node(String uri, String namespace) {
    return Evergreen.builder()
        .store(RedisStore.builder(uri).commandTimeout(TIMEOUT).build())
        .namespace(namespace)
        .build();
  }

  private static EntityCache<Long, Account> accounts(Evergreen node, SlowDb db) {
    return node.entity(Account.class).build(db::load);
  }

  // ---- case 1: a read joins an older load ---------------------------------------------------

  @Test
  void readOnOneNode_afterTheOtherNodesInvalidate_neverJoinsALoadBegunBeforeIt(RedisServer redis)
      throws Exception {
    String namespace = "join" + NAMESPACES.incrementAndGet();
    SlowDb db = new SlowDb();
    try (Evergreen nodeA = node(redis.uri(), namespace);
        Evergreen nodeB = node(redis.uri(), namespace)) {
      EntityCache<Long, Account> onA = accounts(nodeA, db);
      EntityCache<Long, Account> onB = accounts(nodeB, db);
      for (long id = 0; id < 20; id++) {
        long key = id;
        db.rows.put(id, new Account(id, "old"));
        db.arm();
        Future<Account> first = THREADS.submit(() -> onA.get(key));
        db.readDone.await();
        db.rows.put(id, new Account(id, "new"));
        onB.invalidate(id);

        Future<Account> second = THREADS.submit(() -> onA.get(key)); // begins after it
        db.nextLoad.await(300, TimeUnit.MILLISECONDS); // a correct cache loads again
        db.proceed.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS))
            .as("iteration %d", id)
            .isEqualTo(new Account(id, "new"));
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Account(id, "old"));
      }
    }
  }

  // ---- case 2: a miss write after an invalidation whose tombstone is gone -------------------

  @Test
  void missLoad_afterAnInvalidationWhoseTombstoneWasEvicted_neverWritesItsOlderValue(
      RedisServer redis) throws Exception {
    String namespace = "evicted" + NAMESPACES.incrementAndGet();
    SlowDb db = new SlowDb();
    try (Evergreen nodeA = node(redis.uri(), namespace);
        Evergreen nodeB = node(redis.uri(), namespace)) {
      EntityCache<Long, Account> onA = accounts(nodeA, db);
      EntityCache<Long, Account> onB = accounts(nodeB, db);
      for (long id = 0; id < 20; id++) {
        long key = id;
        db.rows.put(id, new Account(id, "old"));
        db.arm();
        Future<Account> loading = THREADS.submit(() -> onA.get(key));
        db.readDone.await();
        db.rows.put(id, new Account(id, "new"));
        onB.invalidate(id);
        redis.command("DEL " + onB.key(id)); // what allkeys-lru or volatile-lru does to it
        db.proceed.countDown();
        assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo(new Account(id, "old"));

        assertThat(onB.get(id)).as("iteration %d", id).isEqualTo(new Account(id, "new"));
        assertThat(onA.get(id)).as("iteration %d", id).isEqualTo(new Account(id, "new"));
      }
    }
  }

  @Test
  void missLoad_acrossARestartThatLostTheTombstone_neverWritesItsOlderValue() throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      SlowDb db = new SlowDb();
      try (Evergreen nodeA = node(redis.uri(), "restart");
          Evergreen nodeB = node(redis.uri(), "restart")) {
        EntityCache<Long, Account> onA = accounts(nodeA, db);
        EntityCache<Long, Account> onB = accounts(nodeB, db);
        db.rows.put(1L, new Account(1, "old"));
        db.arm();
        Future<Account> loading = THREADS.submit(() -> onA.get(1L));
        db.readDone.await();
        db.rows.put(1L, new Account(1, "new"));
        onB.invalidate(1L);
        redis.restart(); // empty: the tombstone, and whatever else was there, is gone
        Await.until(Duration.ofSeconds(20), "both nodes reconnected", () -> reachable(onA, onB));
        db.proceed.countDown();
        assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo(new Account(1, "old"));

        assertThat(onB.get(1L)).isEqualTo(new Account(1, "new"));
        assertThat(onA.get(1L)).isEqualTo(new Account(1, "new"));
      }
    }
  }

  /** Whether both nodes write to Redis again: a put on each lands under its key. */
  private static boolean reachable(EntityCache<Long, Account> onA, EntityCache<Long, Account> onB) {
    onA.put(-1L, new Account(-1, "probe"));
    onB.put(-2L, new Account(-2, "probe"));
    return onA.getIfPresent(-2L) != null && onB.getIfPresent(-1L) != null;
  }

  // ---- case 3: invalidations lost while Redis is paused or out of memory -------------------

  @Test
  void invalidate_whileTheCircuitIsOpen_isNeverServedStaleByThisNode_andLandsWhenRedisAnswers()
      throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      RedisStore storeA =
          RedisStore.builder(redis.uri())
              .commandTimeout(Duration.ofMillis(100))
              .circuitBreaker(1, Duration.ofMillis(500))
              .build();
      SlowDb db = new SlowDb();
      try (Evergreen nodeA = Evergreen.builder().store(storeA).namespace("open").build();
          Evergreen nodeB = node(redis.uri(), "open")) {
        EntityCache<Long, Account> onA = accounts(nodeA, db);
        EntityCache<Long, Account> onB = accounts(nodeB, db);
        db.rows.put(1L, new Account(1, "old"));
        db.rows.put(2L, new Account(2, "other"));
        assertThat(onA.get(1L)).isEqualTo(new Account(1, "old"));

        redis.pause();
        onA.get(2L); // times out: A's circuit opens
        redis.resume();
        assertThat(storeA.isCircuitOpen()).isTrue();
        db.rows.put(1L, new Account(1, "new"));
        onA.invalidate(1L); // the circuit is open: Redis never sees it, "old" stays stored

        assertThat(onA.get(1L)).isEqualTo(new Account(1, "new"));
        Await.until(
            Duration.ofSeconds(10),
            "A's circuit closes once a call probes",
            () -> {
              onA.get(2L);
              return !storeA.isCircuitOpen();
            });
        assertThat(onA.get(1L)).as("after the circuit closed").isEqualTo(new Account(1, "new"));
        assertThat(onA.getAll(List.of(1L))).containsEntry(1L, new Account(1, "new"));
        Await.until(
            Duration.ofSeconds(10),
            "the invalidation lands, and the other node reads the new row",
            () -> new Account(1, "new").equals(onB.get(1L)));
      }
    }
  }

  @Test
  void invalidateAndPut_whenRedisIsOutOfMemory_stillReachEveryNode() throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of("--maxmemory-policy", "noeviction"))) {
      SlowDb db = new SlowDb();
      try (Evergreen nodeA = node(redis.uri(), "oom");
          Evergreen nodeB = node(redis.uri(), "oom")) {
        EntityCache<Long, Account> onA = accounts(nodeA, db);
        EntityCache<Long, Account> onB = accounts(nodeB, db);
        db.rows.put(1L, new Account(1, "old"));
        db.rows.put(2L, new Account(2, "old"));
        onA.getAll(List.of(1L, 2L));
        redis.command("CONFIG SET maxmemory 1"); // full: every write that adds data is refused
        assertThat(redis.command("SET probe x")).startsWith("-OOM");

        db.rows.put(1L, new Account(1, "new"));
        onA.invalidate(1L); // the tombstone is refused for memory: the key must go anyway
        db.rows.put(2L, new Account(2, "new"));
        onA.put(2L, new Account(2, "new")); // refused too: it must not leave "old" behind

        assertThat(onB.get(1L)).isEqualTo(new Account(1, "new"));
        assertThat(onB.get(2L)).isEqualTo(new Account(2, "new"));
        assertThat(onA.get(1L)).isEqualTo(new Account(1, "new"));
        assertThat(onA.get(2L)).isEqualTo(new Account(2, "new"));
      }
    }
  }

  // ---- case 4: invalidateAll says when it did not finish -----------------------------------

  @Test
  void invalidateAll_whenRedisStopsAnswering_tellsTheCaller_andTheNodeStopsServingOldValues()
      throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      SlowDb db = new SlowDb();
      try (Evergreen node = node(redis.uri(), "clear")) {
        EntityCache<Long, Account> accounts = accounts(node, db);
        db.rows.put(1L, new Account(1, "old"));
        accounts.get(1L);
        db.rows.put(1L, new Account(1, "new"));

        redis.pause();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try {
          accounts.invalidateAll();
        } catch (RuntimeException e) {
          thrown.set(e);
        } finally {
          redis.resume();
        }

        assertThat(thrown.get())
            .as("invalidateAll must say it did not finish")
            .isNotNull()
            .hasMessageContaining("invalidateAll did not finish");
        assertThat(accounts.get(1L)).isEqualTo(new Account(1, "new"));
      }
    }
  }

  // ---- case 5: an interrupted probe must not keep the circuit open for good -----------------

  @Test
  void circuitBreaker_whoseProbeRanOnAnInterruptedThread_closesAgain() throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      RedisStore store =
          RedisStore.builder(redis.uri())
              .commandTimeout(Duration.ofMillis(100))
              .circuitBreaker(1, Duration.ofNanos(1)) // open for no time: the next call probes
              .build();
      SlowDb db = new SlowDb();
      db.rows.put(1L, new Account(1, "a"));
      try (Evergreen node = Evergreen.builder().store(store).namespace("probe").build()) {
        EntityCache<Long, Account> accounts = accounts(node, db);
        redis.pause();
        accounts.get(1L); // times out: the circuit opens
        redis.resume();
        assertThat(store.isCircuitOpen()).isTrue();

        Future<Account> interrupted =
            THREADS.submit(
                () -> {
                  Thread.currentThread().interrupt();
                  return accounts.get(1L); // the probe, on an interrupted thread
                });
        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isEqualTo(new Account(1, "a"));

        Await.until(
            Duration.ofSeconds(5),
            "the circuit closes once a later call probes",
            () -> {
              accounts.get(1L);
              return !store.isCircuitOpen();
            });
      }
    }
  }
}
