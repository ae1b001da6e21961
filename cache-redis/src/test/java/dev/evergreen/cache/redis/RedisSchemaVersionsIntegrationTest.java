package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisCluster;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling deploy on a real redis-server: v1 ({@link Account}) and v2 ({@link AccountV2}, one
 * field more) of one entity serve side by side from their own keys, and every write on either
 * reaches both; once the last v1 process is gone, writes stop touching its keys; a version that
 * comes back after the other was live without it does not trust what its keys held.
 */
@ExtendWith(RedisExtension.class)
final class RedisSchemaVersionsIntegrationTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** Short, so that a closed process's registration lapses within the test. */
  private static final Duration SHORT_TTL = Duration.ofMillis(300);

  private final Map<Long, String> db = new ConcurrentHashMap<>();
  private final AtomicInteger v1Loads = new AtomicInteger();
  private final AtomicInteger v2Loads = new AtomicInteger();

  private static Evergreen node(Supplier<RedisStore> store, String namespace, Duration ttl) {
    return Evergreen.builder()
        .store(store.get())
        .namespace(namespace)
        .schemaRegistrationTtl(ttl)
        .build();
  }

  private EntityCache<Long, Account> v1(Evergreen node) {
    return node.entity(Account.class)
        .build(
            id -> {
              v1Loads.incrementAndGet();
              return new Account(id, db.get(id));
            });
  }

  private EntityCache<Long, AccountV2> v2(Evergreen node) {
    return node.entity(AccountV2.class)
        .build(
            id -> {
              v2Loads.incrementAndGet();
              return new AccountV2(id, db.get(id), "e" + id);
            });
  }

  @Test
  void aWriteOnEitherVersion_reachesTheOther(RedisServer redis) {
    writesReachBothVersions(() -> RedisStore.create(redis.uri()));
  }

  @Test
  void aWriteOnEitherVersion_reachesTheOther_onACluster(RedisCluster cluster) {
    writesReachBothVersions(() -> RedisStore.createCluster(cluster.uri()));
  }

  private void writesReachBothVersions(Supplier<RedisStore> store) {
    String namespace = "deploy" + NAMESPACES.incrementAndGet();
    try (Evergreen oldNode = node(store, namespace, Duration.ofSeconds(30));
        Evergreen newNode = node(store, namespace, Duration.ofSeconds(30))) {
      EntityCache<Long, Account> old = v1(oldNode);
      EntityCache<Long, AccountV2> neu = v2(newNode);
      assertThat(old.schema().hash()).isNotEqualTo(neu.schema().hash());
      assertThat(neu.liveSchemaHashes())
          .containsExactlyInAnyOrder(old.schema().hash(), neu.schema().hash());
      for (long id = 0; id < 20; id++) { // ids over many slots on a cluster
        db.put(id, "a");
        assertThat(old.get(id).name()).isEqualTo("a");
        assertThat(neu.get(id).name()).isEqualTo("a");
      }

      for (long id = 0; id < 20; id++) {
        db.put(id, "b");
        neu.invalidate(id); // on v2: v1's entry must go too
        assertThat(old.get(id).name()).as("v1 after v2's invalidate, id %d", id).isEqualTo("b");
        db.put(id, "c");
        old.put(id, new Account(id, "c")); // on v1: v2 cannot take v1's bytes, its entry goes
        assertThat(neu.get(id).name()).as("v2 after v1's put, id %d", id).isEqualTo("c");
      }

      assertThat(v1Loads).hasValue(40); // the first read, and once after v2's invalidate
      assertThat(v2Loads).hasValue(40); // the first read, and once after v1's put
      assertThat(old.liveSchemaHashes()).hasSize(2); // learnt on its first write at the latest
    }
  }

  @Test
  void aPutOnTheNewVersion_leavesATombstoneUnderTheOldKeys_neverItsBytes(RedisServer redis) {
    String namespace = "deploy" + NAMESPACES.incrementAndGet();
    try (Evergreen oldNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL);
        Evergreen newNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL)) {
      EntityCache<Long, Account> old = v1(oldNode);
      EntityCache<Long, AccountV2> neu = v2(newNode);
      db.put(1L, "a");
      old.get(1L);

      neu.put(1L, new AccountV2(1, "b", "new@example.com"));

      assertThat(storedKind(redis, old.key(1L))).isEqualTo("T");
      assertThat(redis.command("GET " + old.key(1L))).doesNotContain("new@example.com");
      assertThat(storedKind(redis, neu.key(1L))).isEqualTo("V");
    }
  }

  @Test
  void onceTheLastOldProcessIsGone_writesStopReachingItsKeys(RedisServer redis) {
    String namespace = "deploy" + NAMESPACES.incrementAndGet();
    Supplier<RedisStore> store = () -> RedisStore.create(redis.uri());
    try (Evergreen newNode = node(store, namespace, SHORT_TTL)) {
      EntityCache<Long, AccountV2> neu = v2(newNode);
      String oldKey;
      try (Evergreen oldNode = node(store, namespace, SHORT_TTL)) {
        EntityCache<Long, Account> old = v1(oldNode);
        db.put(1L, "a");
        old.get(1L);
        oldKey = old.key(1L);
        awaitTrue(() -> neu.liveSchemaHashes().size() == 2);
      }

      awaitTrue(() -> neu.liveSchemaHashes().size() == 1); // the old registration lapsed
      neu.invalidate(1L);

      assertThat(storedKind(redis, oldKey)).isEqualTo("V"); // untouched: nobody reads it
    }
  }

  @Test
  void aRollback_readsWhatTheOldKeysHeldAsAbsent_whileAPlainRestartKeepsThem(RedisServer redis) {
    String namespace = "deploy" + NAMESPACES.incrementAndGet();
    Supplier<RedisStore> store = () -> RedisStore.create(redis.uri());
    db.put(1L, "a");
    String v1Hash;
    try (Evergreen oldNode = node(store, namespace, SHORT_TTL)) {
      EntityCache<Long, Account> old = v1(oldNode);
      old.get(1L);
      v1Hash = old.schema().hash();
    }
    awaitTrue(() -> lapsed(redis, namespace + ":Account:schemas", v1Hash));
    // A plain restart of the only version: what its keys hold is still good.
    try (Evergreen restarted = node(store, namespace, SHORT_TTL)) {
      assertThat(v1(restarted).get(1L).name()).isEqualTo("a");
      assertThat(v1Loads).hasValue(1);
    }
    awaitTrue(() -> lapsed(redis, namespace + ":Account:schemas", v1Hash));

    try (Evergreen newNode = node(store, namespace, SHORT_TTL)) {
      EntityCache<Long, AccountV2> neu = v2(newNode);
      db.put(1L, "b");
      neu.invalidate(1L); // v1 is not live: this cannot reach its keys

      // Rolled back while v2 still serves: v1's old entry predates v2's writes.
      try (Evergreen rolledBack = node(store, namespace, SHORT_TTL)) {
        assertThat(v1(rolledBack).get(1L).name()).isEqualTo("b");
        assertThat(v1Loads).hasValue(2);
      }
    }
  }

  @Test
  void joiningBesideAnotherVersion_isLoggedOnceWithBothHashes(RedisServer redis) {
    String namespace = "deploy" + NAMESPACES.incrementAndGet();
    List<String> messages = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains("new schema")) {
              messages.add(record.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger("dev.evergreen.cache");
    logger.addHandler(handler);
    try (Evergreen oldNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL);
        Evergreen newNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL)) {
      EntityCache<Long, Account> old = v1(oldNode);
      assertThat(messages).isEmpty(); // the first version alone: nothing to say
      EntityCache<Long, AccountV2> neu = v2(newNode);
      awaitTrue(() -> old.liveSchemaHashes().size() == 2); // several heartbeats on both

      assertThat(messages)
          .containsExactly(
              "Account: new schema "
                  + neu.schema().hash()
                  + ", live beside "
                  + old.schema().hash()
                  + "; its keys start cold, and writes on either version reach both");
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aNewVersion_warmedFromTheOldOnesIds_servesThemWithoutLoadingInTheRequestPath(
      RedisServer redis) throws Exception {
    int hot = 300;
    List<Long> ids = java.util.stream.LongStream.range(0, hot).boxed().toList();
    ids.forEach(id -> db.put(id, "a"));
    for (boolean warm : new boolean[] {false, true}) {
      String namespace = "deploy" + NAMESPACES.incrementAndGet();
      AtomicInteger requestPathLoads = new AtomicInteger();
      AtomicInteger bulkLoads = new AtomicInteger();
      try (Evergreen oldNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL);
          Evergreen newNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL)) {
        v1(oldNode).getAll(ids); // what the old version's traffic had cached
        EntityCache<Long, AccountV2> neu =
            newNode
                .entity(AccountV2.class)
                .build(
                    new dev.evergreen.cache.EntityLoader<>() {
                      @Override
                      public AccountV2 load(Long id) {
                        requestPathLoads.incrementAndGet();
                        return new AccountV2(id, db.get(id), "e");
                      }

                      @Override
                      public Map<Long, AccountV2> loadAll(java.util.Set<? extends Long> batch) {
                        bulkLoads.incrementAndGet();
                        Map<Long, AccountV2> rows = new java.util.HashMap<>();
                        batch.forEach(id -> rows.put(id, new AccountV2(id, db.get(id), "e")));
                        return rows;
                      }
                    });
        if (warm) {
          assertThat(neu.warmUpFromOtherVersions(Long::valueOf, 10_000).get(30, TimeUnit.SECONDS))
              .isEqualTo(hot);
          assertThat(bulkLoads).hasValue(3); // batches of 100, in the background
        }

        ids.forEach(neu::get); // the first requests after the deploy

        assertThat(requestPathLoads).hasValue(warm ? 0 : hot);
      }
    }
  }

  @Test
  void close_stopsAWarmUpUnderWay(RedisServer redis) throws Exception {
    String namespace = "deploy" + NAMESPACES.incrementAndGet();
    List<Long> ids = java.util.stream.LongStream.range(0, 300).boxed().toList();
    ids.forEach(id -> db.put(id, "a"));
    java.util.concurrent.CompletableFuture<Long> warming;
    try (Evergreen oldNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL)) {
      v1(oldNode).getAll(ids);
      Evergreen newNode = node(() -> RedisStore.create(redis.uri()), namespace, SHORT_TTL);
      warming = v2(newNode).warmUpFromOtherVersions(Long::valueOf, 1); // 300 s at this pace
      newNode.close();
    }

    // How the future completed, not what get() rethrows: on JDK 25, get() throws a new
    // CancellationException("get") whose cause is the one the future completed with.
    Throwable completion = warming.handle((warmed, error) -> error).get(10, TimeUnit.SECONDS);
    assertThat(completion)
        .isInstanceOf(java.util.concurrent.CancellationException.class)
        .hasMessage("Account: warm-up stopped by close()");
  }

  /** The kind letter of the JSON entry stored under {@code key}, after the 64-byte header. */
  private static String storedKind(RedisServer redis, String key) {
    String json = redis.command("GETRANGE " + key + " 64 80");
    int at = json.indexOf("\"k\":\"");
    return at < 0 ? json : json.substring(at + 5, at + 6);
  }

  /** Whether {@code hash}'s registration under {@code key} has expired by the server's clock. */
  private static boolean lapsed(RedisServer redis, String key, String hash) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String record = connection.sync().hget(key, hash);
      List<String> time = connection.sync().time();
      long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
      return record == null || Long.parseLong(record.substring(0, 16)) <= now;
    } finally {
      client.shutdown();
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("condition within 20 s").isTrue();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polls; asserts no timing
    }
  }
}
