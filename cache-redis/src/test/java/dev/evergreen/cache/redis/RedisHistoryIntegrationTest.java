package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.UniqueIndex;
import dev.evergreen.cache.history.HistoryChecker;
import dev.evergreen.cache.history.ModelDb;
import dev.evergreen.cache.history.Row;
import dev.evergreen.cache.history.RowV2;
import dev.evergreen.cache.testing.RedisCluster;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consistency guarantee on real Redis, checked by random histories through two nodes (two
 * {@link Evergreen} instances, each with its own connection, executor and single-flight) sharing
 * one store: plain, on a three-master cluster, under {@code maxmemory} with every eviction policy,
 * and with the server restarted empty or paused mid-run.
 */
@ExtendWith(RedisExtension.class)
final class RedisHistoryIntegrationTest {
  private static final int KEYS = 8;
  private static final Duration RUN = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofMillis(150);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private record Nodes(List<Evergreen> instances, List<EntityCache<Long, Row>> caches)
      implements AutoCloseable {
    @Override
    public void close() {
      instances.forEach(Evergreen::close);
    }
  }

  private static Nodes twoNodes(ModelDb db, Function<Integer, RedisStore> store) {
    String namespace = "history" + NAMESPACES.incrementAndGet();
    List<Evergreen> instances = new ArrayList<>();
    List<EntityCache<Long, Row>> caches = new ArrayList<>();
    for (int node = 0; node < 2; node++) {
      Evergreen evergreen =
          Evergreen.builder()
              .recordStats()
              .store(store.apply(node))
              .namespace(namespace)
              .leaseTtl(Duration.ofSeconds(1))
              .build();
      instances.add(evergreen);
      caches.add(
          evergreen
              .entity(Row.class)
              .refreshAfter(Duration.ofMillis(20))
              .expireAfter(Duration.ofMillis(300))
              .build(db.loader()));
    }
    return new Nodes(instances, caches);
  }

  private static RedisStore store(String uri) {
    return RedisStore.builder(uri).commandTimeout(TIMEOUT).build();
  }

  @Test
  void twoNodesOnOneServer_neverReadOlderThanACompletedWrite(RedisServer redis) throws Exception {
    ModelDb db = new ModelDb(KEYS);
    try (Nodes nodes = twoNodes(db, node -> store(redis.uri()))) {
      assertClean(HistoryChecker.of(db, KEYS, nodes.caches()).run(RUN), nodes);
    }
  }

  /** Two nodes that also run a cached query and an index: rows they return are checked as reads. */
  @Test
  void twoNodesWithAQueryAndALookup_neverReadOlderThanACompletedWrite(RedisServer redis)
      throws Exception {
    ModelDb db = new ModelDb(KEYS);
    String namespace = "query" + NAMESPACES.incrementAndGet();
    List<Evergreen> instances = new ArrayList<>();
    try {
      List<HistoryChecker.Node> nodes = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        Evergreen evergreen = historyNode(store(redis.uri()), namespace);
        instances.add(evergreen);
        EntityCache<Long, Row> rows =
            evergreen
                .entity(Row.class)
                .ids(Long.class, Row::id)
                .refreshAfter(Duration.ofMillis(20))
                .expireAfter(Duration.ofMillis(300))
                .build(db.loader());
        CachedQuery<Long, Row> byParity =
            rows.query("byParity")
                .invalidatedBy(row -> row.id() % 2)
                .refreshAfter(Duration.ofMillis(20))
                .expireAfter(Duration.ofMillis(300))
                .build(db::byParity);
        UniqueIndex<Long, Row> byIdIndex = rows.uniqueIndex("self", Row::id).build(db::read);
        nodes.add(
            HistoryChecker.Node.withLookups(
                rows, Row::id, Row::version, Row::new, byParity, byIdIndex));
      }
      HistoryChecker.Report report = HistoryChecker.ofNodes(db, KEYS, nodes).run(RUN);
      System.out.println("history with a query and a lookup: " + report);
      assertThat(report.reads()).as("reads checked").isGreaterThan(500);
      assertThat(report.failures()).as("calls that threw").isEmpty();
      assertThat(report.violations()).as("reads older than a completed write").isEmpty();
    } finally {
      instances.forEach(Evergreen::close);
    }
  }

  @Test
  void twoNodesOnACluster_neverReadOlderThanACompletedWrite(RedisCluster cluster) throws Exception {
    ModelDb db = new ModelDb(KEYS);
    try (Nodes nodes =
        twoNodes(
            db, node -> RedisStore.clusterBuilder(cluster.uri()).commandTimeout(TIMEOUT).build())) {
      assertClean(HistoryChecker.of(db, KEYS, nodes.caches()).run(RUN), nodes);
    }
  }

  @Test
  void twoSchemaVersionsOnOneServer_neverReadOlderThanACompletedWrite(RedisServer redis)
      throws Exception {
    acrossVersions(node -> store(redis.uri()));
  }

  @Test
  void twoSchemaVersionsOnACluster_neverReadOlderThanACompletedWrite(RedisCluster cluster)
      throws Exception {
    acrossVersions(
        node -> RedisStore.clusterBuilder(cluster.uri()).commandTimeout(TIMEOUT).build());
  }

  /**
   * A rolling deploy: one node on {@link Row}, one on {@link RowV2} (one field more, other keys),
   * both named "Row". Every write on either must bind reads on both.
   */
  private static void acrossVersions(Function<Integer, RedisStore> store) throws Exception {
    ModelDb db = new ModelDb(KEYS);
    String namespace = "versions" + NAMESPACES.incrementAndGet();
    try (Evergreen v1 = historyNode(store.apply(0), namespace);
        Evergreen v2 = historyNode(store.apply(1), namespace)) {
      EntityCache<Long, Row> old =
          v1.entity(Row.class)
              .refreshAfter(Duration.ofMillis(20))
              .expireAfter(Duration.ofMillis(300))
              .build(db.loader());
      EntityCache<Long, RowV2> neu =
          v2.entity(RowV2.class)
              .name("Row")
              .refreshAfter(Duration.ofMillis(20))
              .expireAfter(Duration.ofMillis(300))
              .build(db.loader(RowV2::of));
      assertThat(old.schema().hash()).isNotEqualTo(neu.schema().hash());
      HistoryChecker.Report report =
          HistoryChecker.ofNodes(
                  db,
                  KEYS,
                  List.of(
                      HistoryChecker.Node.of(old, Row::version, Row::new),
                      HistoryChecker.Node.of(neu, RowV2::version, RowV2::of)))
              .run(RUN);
      System.out.println("history across versions: " + report);
      assertThat(report.reads()).as("reads checked").isGreaterThan(500);
      assertThat(report.failures()).as("calls that threw").isEmpty();
      assertThat(report.violations()).as("reads older than a completed write").isEmpty();
    }
  }

  private static Evergreen historyNode(RedisStore store, String namespace) {
    return Evergreen.builder()
        .recordStats()
        .store(store)
        .namespace(namespace)
        .leaseTtl(Duration.ofSeconds(1))
        .build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "noeviction",
        "allkeys-lru",
        "volatile-lru",
        "allkeys-lfu",
        "volatile-lfu",
        "allkeys-random",
        "volatile-random",
        "volatile-ttl"
      })
  void underMemoryPressure_neverReadOlderThanACompletedWrite(String policy) throws Exception {
    try (RedisServer redis =
        RedisServer.startLocal(List.of("--maxmemory", "3mb", "--maxmemory-policy", policy))) {
      ModelDb db = new ModelDb(KEYS);
      AtomicBoolean filling = new AtomicBoolean(true);
      Thread filler = new Thread(() -> fill(redis, filling), "memory-filler");
      filler.start();
      try (Nodes nodes = twoNodes(db, node -> store(redis.uri()))) {
        assertClean(HistoryChecker.of(db, KEYS, nodes.caches()).run(RUN), nodes);
        // The pressure was real: the server evicted, or (noeviction) refused some writes while
        // the cache still stored others.
        if (policy.equals("noeviction")) {
          assertThat(nodes.caches().get(0).stats().storeErrors()).isPositive();
          assertThat(nodes.caches().get(0).stats().puts()).isPositive();
        } else {
          assertThat(info(redis, "evicted_keys")).isPositive();
        }
      } finally {
        filling.set(false);
        filler.join();
      }
    }
  }

  @Test
  void serverRestartedEmptyMidRun_neverReadOlderThanACompletedWrite() throws Exception {
    outageMidRun(RedisServer::kill, 150, RedisServer::restart);
  }

  @Test
  void serverPausedMidRun_neverReadOlderThanACompletedWrite() throws Exception {
    outageMidRun(RedisServer::pause, 300, RedisServer::resume);
  }

  /**
   * Two nodes on a server that, every 400 ms, goes {@code down} for {@code downMillis} and comes
   * back {@code up}; the fault window stays open until both nodes' invalidations have landed.
   */
  private static void outageMidRun(
      Consumer<RedisServer> down, long downMillis, Consumer<RedisServer> up) throws Exception {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      ModelDb db = new ModelDb(KEYS);
      try (Nodes nodes = twoNodes(db, node -> store(redis.uri()))) {
        HistoryChecker.Report report =
            HistoryChecker.of(db, KEYS, nodes.caches())
                .fault(
                    (windows, stop) -> {
                      while (!stop.requested()) {
                        pause(400);
                        windows.open();
                        down.accept(redis);
                        pause(downMillis);
                        up.accept(redis);
                        awaitSettled(nodes);
                        windows.close();
                      }
                    })
                .run(RUN);
        assertClean(report, nodes);
      }
    }
  }

  /** Until every node's unconfirmed invalidations have landed (so the store answers again). */
  private static void awaitSettled(Nodes nodes) {
    Await.until(
        Duration.ofSeconds(30),
        "pending invalidations landed",
        () -> nodes.caches().stream().allMatch(cache -> cache.stats().pendingInvalidations() == 0));
  }

  private static void assertClean(HistoryChecker.Report report, Nodes nodes) {
    System.out.println("history: " + report);
    nodes.caches().forEach(cache -> System.out.println("  node: " + cache.stats()));
    assertThat(report.reads()).as("reads checked").isGreaterThan(500);
    assertThat(report.databaseLoads()).as("the cache served reads").isLessThan(report.reads());
    assertThat(report.failures()).as("calls that threw").isEmpty();
    assertThat(report.violations()).as("reads older than a completed write").isEmpty();
  }

  private static long info(RedisServer redis, String field) {
    for (String line : redis.command("INFO stats").split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new AssertionError("INFO stats has no " + field);
  }

  /**
   * Writes 32 KB values that live 500 ms under other keys, so the server keeps reaching maxmemory
   * (and, under noeviction, keeps refusing writes for a while, then taking them again).
   */
  private static void fill(RedisServer redis, AtomicBoolean filling) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> commands = connection.sync();
      String payload = "x".repeat(32 * 1024);
      while (filling.get()) {
        try {
          commands.set(
              "filler:" + ThreadLocalRandom.current().nextInt(1_000),
              payload,
              SetArgs.Builder.px(500));
        } catch (RuntimeException e) {
          pause(20); // out of memory under noeviction: keep the pressure, slowly
        }
      }
    } finally {
      client.shutdown();
    }
  }

  private static void pause(long millis) {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
