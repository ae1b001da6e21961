package dev.evergreen.cache.spring;

import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spring's {@code Cache} contract on a real redis-server. */
@ExtendWith(RedisExtension.class)
final class RedisSpringCacheContractIntegrationTest extends SpringCacheContract {
  private final RedisServer redis;

  RedisSpringCacheContractIntegrationTest(RedisServer redis) {
    this.redis = redis;
  }

  @Override
  protected CacheStore createStore() {
    return RedisStore.create(redis.uri());
  }
}
