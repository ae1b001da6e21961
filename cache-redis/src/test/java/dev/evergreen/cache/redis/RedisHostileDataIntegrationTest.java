package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Data that is not ours, under our keys or beside them, and credentials in URIs, on a real
 * redis-server: nothing outside a space is ever deleted, foreign data is a miss and is replaced, a
 * huge value is refused without being transferred, and no message quotes a password.
 */
@ExtendWith(RedisExtension.class)
final class RedisHostileDataIntegrationTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final AtomicInteger loads = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private Evergreen evergreen(RedisServer redis, String namespace) {
    return Evergreen.builder()
        .store(RedisStore.create(redis.uri()))
        .namespace(namespace)
        .meterRegistry(registry)
        .build();
  }

  private double count(String meter) {
    return registry.get(meter).counter().count();
  }

  private EntityCache<Long, Account> accounts(Evergreen evergreen, String name) {
    return evergreen
        .entity(Account.class)
        .name(name)
        .build(
            id -> {
              loads.incrementAndGet();
              return new Account(id, "a" + id);
            });
  }

  // ---- 3: keys that cannot collide, nothing deleted outside a space ------------------------

  @Test
  void invalidateAll_ofAnEntityWithGlobCharactersInItsName_deletesNothingOutsideItsOwnKeys(
      RedisServer redis) {
    String namespace = "glob" + NAMESPACES.incrementAndGet();
    try (Evergreen evergreen = evergreen(redis, namespace)) {
      EntityCache<Long, Account> starred = accounts(evergreen, "Acc*");
      EntityCache<Long, Account> plain = accounts(evergreen, "Account");
      starred.get(1L);
      plain.get(1L);
      String hash = starred.schema().hash();
      // Keys a glob could reach if the pattern were not escaped, or if keys were not checked.
      redis.command("SET " + namespace + ":Accxy:" + hash + ":1 foreign");
      redis.command("SET " + namespace + ":Acc*:" + hash + " no-id-part");
      redis.command("SET " + namespace + ":Acc?:" + hash + ":2 foreign");

      starred.invalidateAll();

      assertThat(redis.command("EXISTS " + starred.key(1L))).isEqualTo(":0");
      assertThat(redis.command("EXISTS " + plain.key(1L))).isEqualTo(":1");
      assertThat(redis.command("GET " + namespace + ":Accxy:" + hash + ":1")).isEqualTo("foreign");
      assertThat(redis.command("GET " + namespace + ":Acc*:" + hash)).isEqualTo("no-id-part");
      assertThat(redis.command("GET " + namespace + ":Acc?:" + hash + ":2")).isEqualTo("foreign");
    }
  }

  @Test
  void idsThatUtf8CannotEncodeExactly_areRefused_soTheyCannotShareAKey(RedisServer redis) {
    try (Evergreen evergreen = evergreen(redis, "utf" + NAMESPACES.incrementAndGet())) {
      EntityCache<String, Account> byName =
          evergreen.entity(Account.class).name("ByName").build(name -> new Account(1, name));

      assertThat(byName.get("x?")).isEqualTo(new Account(1, "x?"));
      assertThatThrownBy(() -> byName.get("x\uD800"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unpaired surrogate");
      assertThatThrownBy(() -> Evergreen.builder().namespace("ns\uDC00"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---- 4: foreign data under our keys ------------------------------------------------------

  @Test
  void aHashUnderAnEntryKey_isAMiss_thenReplaced_notAStoreErrorOnEveryRead(RedisServer redis) {
    try (Evergreen evergreen = evergreen(redis, "hash" + NAMESPACES.incrementAndGet())) {
      EntityCache<Long, Account> accounts = accounts(evergreen, "Account");
      redis.command("HSET " + accounts.key(1L) + " field value");
      redis.command("HSET " + accounts.key(2L) + " field value");

      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "a1"));
      assertThat(accounts.getAll(List.of(2L))).containsEntry(2L, new Account(2, "a2"));
      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "a1"));
      assertThat(accounts.get(2L)).isEqualTo(new Account(2, "a2"));

      assertThat(loads).hasValue(2); // once each, then hits: repaired
      assertThat(count("cache.store.errors")).isZero();
      assertThat(count("cache.decode.failures")).isPositive();
    }
  }

  @Test
  void aLeaseThatNeverExpires_doesNotStallAMiss_itIsTakenOver() {
    try (RedisServer redis = RedisServer.startLocal(List.of());
        Evergreen evergreen =
            Evergreen.builder()
                .store(RedisStore.create(redis.uri()))
                .namespace("stuck")
                .leaseTtl(Duration.ofSeconds(30))
                .build()) {
      EntityCache<Long, Account> accounts = accounts(evergreen, "Account");
      // A lease someone left without a TTL, "held" until the year 2286.
      String header = "0".repeat(16) + "00000000deadbeef" + "9999999999999999" + "0".repeat(16);
      redis.command("SET " + accounts.key(1L) + " " + header);

      Account got = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> accounts.get(1L));

      assertThat(got).isEqualTo(new Account(1, "a1"));
      assertThat(accounts.getIfPresent(1L)).isEqualTo(new Account(1, "a1")); // and stored
    }
  }

  @Test
  void aValueLargerThanMaxValueBytes_isRefusedWithoutTransfer_deleted_andCounted() {
    try (RedisServer redis = RedisServer.startLocal(List.of());
        Evergreen evergreen =
            Evergreen.builder()
                .store(
                    RedisStore.builder(redis.uri()).commandTimeout(Duration.ofMillis(500)).build())
                .namespace("huge")
                .maxValueBytes(1_024)
                .meterRegistry(registry)
                .build()) {
      EntityCache<Long, Account> accounts = accounts(evergreen, "Account");
      RedisClient raw = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> connection = raw.connect()) {
        String big = "x".repeat(8 * 1024 * 1024);
        connection.sync().set(accounts.key(1L), big);
        connection.sync().set(accounts.key(2L), big);
      } finally {
        raw.shutdown();
      }

      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "a1"));
      assertThat(accounts.getAll(List.of(2L))).containsEntry(2L, new Account(2, "a2"));

      assertThat(count("cache.oversized")).isEqualTo(2);
      assertThat(count("cache.store.errors")).isZero();
      assertThat(Long.parseLong(redis.command("STRLEN " + accounts.key(1L)).substring(1)))
          .isLessThan(1_024);
      assertThat(Long.parseLong(redis.command("STRLEN " + accounts.key(2L)).substring(1)))
          .isLessThan(1_024);
      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "a1"));
      assertThat(loads).hasValue(2);
    }
  }

  // ---- 5: no secrets in messages -----------------------------------------------------------

  @Test
  void malformedUrisWithAPassword_neverPutItInAMessage() {
    List<String> uris =
        List.of(
            "redis://user:s3cr3t-pw@localhost:notaport",
            "redis://:s3cr3t-pw@",
            "redis://user:s3cr3t-pw@host:6379/notadatabase",
            "rediss://user:s3cr3t-pw@[::1:6379",
            "redis//user:s3cr3t-pw@localhost:6379",
            "redis://user:s3cr3t-pw@local host:6379");
    for (String uri : uris) {
      Throwable thrown = null;
      try {
        RedisStore.create(uri).close();
      } catch (RuntimeException e) {
        thrown = e;
      }
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        assertThat(t.getMessage()).as(uri).doesNotContain("s3cr3t");
        assertThat(t.toString()).as(uri).doesNotContain("s3cr3t");
      }
    }
    assertThat(RedisStore.redactedUri("redis://user:s3cr3t-pw@host:6379/0"))
        .isEqualTo("redis://***@host:6379/0");
  }

  @Test
  void aStoreThatCannotConnect_logsNoPassword() throws Exception {
    List<String> logged = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
              text.append(' ').append(t);
            }
            logged.add(text.toString());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger("dev.evergreen.cache.redis");
    logger.addHandler(capture);
    try (RedisStore store =
        RedisStore.create("redis://user:s3cr3t-pw@127.0.0.1:" + RedisServerPorts.closed())) {
      assertThat(store.toString()).doesNotContain("s3cr3t");
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(logged).isNotEmpty().noneMatch(line -> line.contains("s3cr3t"));
  }
}
