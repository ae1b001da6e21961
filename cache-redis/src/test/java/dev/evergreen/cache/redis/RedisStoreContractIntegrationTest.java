package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.StoreContractTest;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scenarios every store passes, on a real redis-server. */
@ExtendWith(RedisExtension.class)
final class RedisStoreContractIntegrationTest extends StoreContractTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis(RedisServer server) {
    redis = server;
  }

  @Override
  protected CacheStore createStore() {
    return RedisStore.create(redis.uri());
  }
}
