package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Evergreen instances on one Redis stand for two nodes of a service: each has its own store
 * connection, executor and in-process single-flight; only Redis is shared.
 */
@ExtendWith(RedisExtension.class)
final class TwoNodesIntegrationTest {
  private static final int READERS = 64;
  private static final ExecutorService THREADS = Executors.newFixedThreadPool(READERS);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final MutableClock clock = new MutableClock();
  private final QueueingExecutor refreshesA = new QueueingExecutor();
  private final QueueingExecutor refreshesB = new QueueingExecutor();
  private final Map<Long, Account> db = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> loadsById = new ConcurrentHashMap<>();
  private Evergreen nodeA;
  private Evergreen nodeB;

  @AfterAll
  static void stopThreads() {
    THREADS.shutdownNow();
  }

  @BeforeEach
  void startNodes(RedisServer redis) {
    String namespace = "nodes" + NAMESPACES.incrementAndGet(); // isolates tests sharing the server
    nodeA = node(redis, namespace, refreshesA, Duration.ofSeconds(30));
    nodeB = node(redis, namespace, refreshesB, Duration.ofSeconds(30));
  }

  @AfterEach
  void stopNodes() {
    nodeA.close();
    nodeB.close();
  }

  private Evergreen node(
      RedisServer redis, String namespace, QueueingExecutor refreshes, Duration leaseTtl) {
    return Evergreen.builder()
        .store(RedisStore.create(redis.uri()))
        .namespace(namespace)
        .clock(clock)
        .refreshExecutor(refreshes)
        .leaseTtl(leaseTtl)
        .build();
  }

  private EntityCache<Long, Account> accounts(Evergreen node, EntityLoader<Long, Account> loader) {
    return node.entity(Account.class).refreshAfter(Duration.ofMinutes(1)).build(loader);
  }

  private Account countedLoad(long id) {
    loadsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    return db.get(id);
  }

  private int loads(long id) {
    return loadsById.getOrDefault(id, new AtomicInteger()).get();
  }

  @Test
  void staleKey_read64TimesAcrossTwoNodes_isRefreshedOnce() throws Exception {
    CountDownLatch refreshLoading = new CountDownLatch(1);
    CountDownLatch finishRefresh = new CountDownLatch(1);
    EntityCache<Long, Account> onA =
        accounts(
            nodeA,
            id -> {
              Account row = countedLoad(id);
              if (loads(id) == 2) { // the refresh: hold it while node B tries its own
                refreshLoading.countDown();
                finishRefresh.await();
              }
              return row;
            });
    EntityCache<Long, Account> onB = accounts(nodeB, this::countedLoad);
    db.put(1L, new Account(1, "v1"));
    onA.get(1L);
    db.put(1L, new Account(1, "v2"));
    clock.advance(Duration.ofMinutes(2));

    List<Account> seen = readAllAtOnce(i -> (i % 2 == 0 ? onA : onB).get(1L));

    assertThat(seen).hasSize(READERS).containsOnly(new Account(1, "v1"));
    assertThat(refreshesA.queued()).isEqualTo(1); // one per node, at most
    assertThat(refreshesB.queued()).isEqualTo(1);
    Future<?> refreshOnA = THREADS.submit(refreshesA::runAll);
    refreshLoading.await(); // A holds the lease and is loading
    refreshesB.runAll(); // B finds the lease taken: no load
    finishRefresh.countDown();
    refreshOnA.get(30, TimeUnit.SECONDS);

    assertThat(loads(1L)).isEqualTo(2); // the first miss, and exactly one refresh
    assertThat(onB.get(1L)).isEqualTo(new Account(1, "v2"));
  }

  @Test
  void coldKey_read64TimesAcrossTwoNodes_isLoadedOnce() throws Exception {
    for (long id = 0; id < 50; id++) {
      long key = id;
      db.put(id, new Account(id, "a" + id));
      CountDownLatch allAsked = new CountDownLatch(READERS);
      EntityLoader<Long, Account> slowLoader =
          loadId -> {
            allAsked.await(); // hold the load until every reader on both nodes has asked
            return countedLoad(loadId);
          };
      EntityCache<Long, Account> onA = accountsNamed(nodeA, "Cold" + id, slowLoader);
      EntityCache<Long, Account> onB = accountsNamed(nodeB, "Cold" + id, slowLoader);

      List<Account> seen =
          readAllAtOnce(
              i -> {
                allAsked.countDown();
                return (i % 2 == 0 ? onA : onB).get(key);
              });

      assertThat(seen).hasSize(READERS).containsOnly(new Account(id, "a" + id));
      assertThat(loads(id)).as("loads of id %d", id).isEqualTo(1);
    }
  }

  private EntityCache<Long, Account> accountsNamed(
      Evergreen node, String name, EntityLoader<Long, Account> loader) {
    return node.entity(Account.class).name(name).build(loader);
  }

  @Test
  void invalidateOnOneNode_duringRefreshOnTheOther_isNeverOverwritten() throws Exception {
    Map<Long, CountDownLatch> readDone = new ConcurrentHashMap<>();
    Map<Long, CountDownLatch> proceed = new ConcurrentHashMap<>();
    EntityCache<Long, Account> onA =
        accounts(
            nodeA,
            id -> {
              Account row = db.get(id);
              CountDownLatch read = readDone.get(id);
              if (read != null) {
                read.countDown();
                proceed.get(id).await();
              }
              return row;
            });
    EntityCache<Long, Account> onB = accounts(nodeB, db::get);
    for (long id = 0; id < 50; id++) {
      db.put(id, new Account(id, "v1"));
      onA.get(id);
      clock.advance(Duration.ofMinutes(2));
      db.put(id, new Account(id, "v2"));
      onA.get(id); // stale: refresh queued on A
      readDone.put(id, new CountDownLatch(1));
      proceed.put(id, new CountDownLatch(1));
      Future<?> refresh = THREADS.submit(refreshesA::runAll);

      readDone.get(id).await(); // A's refresh read v2...
      db.put(id, new Account(id, "v3")); // ...then a write commits on B's side
      onB.invalidate(id);
      proceed.get(id).countDown();
      refresh.get(30, TimeUnit.SECONDS);
      readDone.remove(id);

      assertThat(onB.get(id)).as("iteration %d", id).isEqualTo(new Account(id, "v3"));
      assertThat(onA.get(id)).as("iteration %d", id).isEqualTo(new Account(id, "v3"));
    }
  }

  @Test
  void leaseHolderDiesMidLoad_anotherNodeTakesOverAfterTheLeaseExpires(RedisServer redis)
      throws Exception {
    String namespace = "dies" + NAMESPACES.incrementAndGet();
    RedisStore dyingStore = RedisStore.create(redis.uri());
    Evergreen dying =
        Evergreen.builder()
            .store(dyingStore)
            .namespace(namespace)
            .clock(clock)
            .leaseTtl(Duration.ofMillis(300))
            .build();
    Evergreen survivor = node(redis, namespace, refreshesB, Duration.ofSeconds(60));
    CountDownLatch holderLoading = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    db.put(1L, new Account(1, "a"));
    try {
      EntityCache<Long, Account> onDying =
          dying
              .entity(Account.class)
              .build(
                  id -> {
                    holderLoading.countDown();
                    never.await(); // the process dies before this load returns
                    return db.get(id);
                  });
      EntityCache<Long, Account> onSurvivor =
          survivor.entity(Account.class).build(this::countedLoad);
      THREADS.submit(() -> onDying.get(1L));
      holderLoading.await();
      dyingStore.close(); // the process is gone: its lease is no longer renewed

      // The survivor waits for the lease (its own wait bound is 60 s), takes it over once it
      // expires, and loads.
      Account loaded = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> onSurvivor.get(1L));

      assertThat(loaded).isEqualTo(new Account(1, "a"));
      assertThat(loads(1L)).isEqualTo(1);
    } finally {
      never.countDown();
      dying.close();
      survivor.close();
    }
  }

  private interface Read {
    Account read(int reader) throws Exception;
  }

  private static List<Account> readAllAtOnce(Read read) throws Exception {
    CyclicBarrier start = new CyclicBarrier(READERS);
    List<Future<Account>> futures = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      int reader = i;
      futures.add(
          THREADS.submit(
              () -> {
                start.await();
                return read.read(reader);
              }));
    }
    List<Account> results = new ArrayList<>();
    for (Future<Account> future : futures) {
      results.add(future.get(60, TimeUnit.SECONDS));
    }
    return results;
  }
}
