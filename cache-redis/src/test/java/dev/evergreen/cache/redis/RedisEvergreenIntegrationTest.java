package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evergreen.cache.CacheEntity;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
final class RedisEvergreenIntegrationTest {

  @Test
  void readmeExample_onRedis_storesUnderSchemaHashedKeys(RedisServer redis) {
    Map<Long, Account> db = new ConcurrentHashMap<>(Map.of(42L, new Account(42, "Ada")));
    AtomicInteger loads = new AtomicInteger();
    try (Evergreen evergreen =
        Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("readme").build()) {
      EntityCache<Long, Account> accounts =
          evergreen
              .entity(Account.class)
              .refreshAfter(Duration.ofMinutes(15))
              .build(
                  id -> {
                    loads.incrementAndGet();
                    return db.get(id);
                  });

      assertThat(accounts.get(42L)).isEqualTo(new Account(42, "Ada"));
      assertThat(accounts.get(42L)).isEqualTo(new Account(42, "Ada"));
      assertThat(accounts.getAll(List.of(42L, 7L))).containsOnlyKeys(42L);
      assertThat(loads).hasValue(2);

      String key = accounts.key(42L);
      assertThat(key).isEqualTo("readme:Account:" + accounts.schema().hash() + ":42");
      String stored = redis.command("GET " + key);
      // The header (stamp; no lease held; zero lease expiry; the server's write time), then the
      // JSON entry.
      assertThat(stored)
          .matches(
              "[0-9a-f]{16}0{16}0{16}[0-9]{16}\\{\"k\":\"V\",.*\"d\":\\{\"id\":42,\"name\":\"Ada\"}}");
      long serverWrittenAt = Long.parseLong(stored.substring(48, 64));
      assertThat(serverWrittenAt)
          .isCloseTo(System.currentTimeMillis(), within(5_000L)); // one machine: one clock
      assertThat(Long.parseLong(redis.command("PTTL " + key).substring(1)))
          .isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
    }
  }

  @CacheEntity("Account")
  record AccountV2(long id, String name, String email) {}

  @Test
  void schemaChange_writesNewKey_andLeavesOldEntryUntouched(RedisServer redis) {
    try (Evergreen oldDeploy =
            Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("deploy").build();
        Evergreen newDeploy =
            Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("deploy").build()) {
      EntityCache<Long, Account> v1 =
          oldDeploy.entity(Account.class).build(id -> new Account(id, "old"));
      EntityCache<Long, AccountV2> v2 =
          newDeploy.entity(AccountV2.class).build(id -> new AccountV2(id, "new", "n@example.com"));

      v1.get(1L);
      String oldBytes = redis.command("GET " + v1.key(1L));
      assertThat(v2.get(1L)).isEqualTo(new AccountV2(1, "new", "n@example.com"));

      assertThat(v2.key(1L)).isNotEqualTo(v1.key(1L));
      assertThat(redis.command("GET " + v1.key(1L))).isEqualTo(oldBytes);
      assertThat(v1.get(1L)).isEqualTo(new Account(1, "old")); // old nodes still read their keys
    }
  }

  @Test
  void corruptPayload_isAMissCountedAndReplaced(RedisServer redis) {
    RedisClient client = RedisClient.create(redis.uri());
    RedisCommands<String, byte[]> raw =
        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)).sync();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger loads = new AtomicInteger();
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(RedisStore.create(redis.uri()))
            .namespace("corrupt")
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, Account> accounts =
          evergreen
              .entity(Account.class)
              .build(
                  id -> {
                    loads.incrementAndGet();
                    return new Account(id, "fresh");
                  });
      String key = accounts.key(5L);
      accounts.get(5L);
      byte[] valid = raw.get(key);
      raw.del(key);
      List<byte[]> corrupt =
          List.of(
              "garbage".getBytes(StandardCharsets.UTF_8), // foreign bytes
              Arrays.copyOf(valid, valid.length - 7), // truncated
              Arrays.copyOf(valid, 16), // a stamp and nothing else
              new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r'}); // Java serialization
      for (byte[] bytes : corrupt) {
        raw.set(key, bytes);

        assertThat(accounts.get(5L)).isEqualTo(new Account(5, "fresh"));
        assertThat(new String(raw.get(key), StandardCharsets.UTF_8)).contains("\"name\":\"fresh\"");
        raw.del(key);
      }
      assertThat(loads).hasValue(5);
      assertThat(registry.get("cache.decode.failures").counter().count()).isEqualTo(4);
      assertThat(registry.get("cache.store.errors").counter().count()).isZero();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aclUser_inUri_authenticates(RedisServer redis) {
    assertThat(redis.command("ACL SETUSER evergreen on >s3cret ~* +@all")).isEqualTo("+OK");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String uri = "redis://evergreen:s3cret@" + redis.host() + ":" + redis.port();
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(RedisStore.create(uri))
            .namespace("acl")
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, Account> accounts =
          evergreen.entity(Account.class).build(id -> new Account(id, "a"));
      accounts.get(1L);
      assertThat(redis.command("EXISTS " + accounts.key(1L))).isEqualTo(":1");
      assertThat(registry.get("cache.store.errors").counter().count()).isZero();
    } finally {
      redis.command("ACL DELUSER evergreen");
    }
  }

  @Test
  void wrongPassword_neverFailsACall_loaderServes(RedisServer redis) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String uri = "redis://nobody:wrong@" + redis.host() + ":" + redis.port();
    try (Evergreen evergreen =
        Evergreen.builder().store(RedisStore.create(uri)).meterRegistry(registry).build()) {
      EntityCache<Long, Account> accounts =
          evergreen.entity(Account.class).build(id -> new Account(id, "a"));

      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "a"));
      assertThat(registry.get("cache.store.errors").counter().count()).isPositive();
    }
  }

  @Test
  void storeOnUsersClient_leavesClientOpenOnClose(RedisServer redis) {
    RedisClient client = RedisClient.create(redis.uri());
    try {
      try (Evergreen evergreen = Evergreen.builder().store(RedisStore.create(client)).build()) {
        EntityCache<Long, Account> accounts =
            evergreen.entity(Account.class).build(id -> new Account(id, "a"));
        accounts.get(1L);
      }
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        assertThat(connection.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown();
    }
  }
}
