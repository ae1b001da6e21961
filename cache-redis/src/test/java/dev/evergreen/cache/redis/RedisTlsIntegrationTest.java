package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store over TLS, on a redis-server with a self-signed certificate. */
final class RedisTlsIntegrationTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.startLocalWithTls();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static void cachesOverTls(RedisStore store, String namespace) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Evergreen evergreen =
        Evergreen.builder().store(store).namespace(namespace).meterRegistry(registry).build()) {
      EntityCache<Long, Account> accounts =
          evergreen.entity(Account.class).build(id -> new Account(id, "tls"));

      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "tls"));
      // Written over the TLS port; read back over the plain one.
      assertThat(redis.command("EXISTS " + accounts.key(1L))).isEqualTo(":1");
      assertThat(registry.get("cache.store.errors").counter().count()).isZero();
    }
  }

  @Test
  void usersClient_trustingTheServersCertificate_cachesOverTls() {
    RedisClient client = RedisClient.create("rediss://127.0.0.1:" + redis.tlsPort());
    client.setOptions(
        ClientOptions.builder()
            .sslOptions(SslOptions.builder().trustManager(redis.tlsCertificate().toFile()).build())
            .build());
    try {
      cachesOverTls(RedisStore.create(client), "tls-client");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void redissUri_cachesOverTls() {
    // The certificate is self-signed, so this URI asks Lettuce not to verify the peer.
    cachesOverTls(
        RedisStore.create("rediss://127.0.0.1:" + redis.tlsPort() + "?verifyPeer=NONE"), "tls-uri");
  }

  @Test
  void untrustedCertificate_neverFailsACall_loaderServes() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(RedisStore.create("rediss://127.0.0.1:" + redis.tlsPort()))
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, Account> accounts =
          evergreen.entity(Account.class).build(id -> new Account(id, "loader"));

      assertThat(accounts.get(1L)).isEqualTo(new Account(1, "loader"));
      assertThat(registry.get("cache.store.errors").counter().count()).isPositive();
    }
  }
}
