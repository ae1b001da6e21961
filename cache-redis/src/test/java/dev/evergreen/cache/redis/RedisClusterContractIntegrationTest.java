package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.spi.StoreContractTest;
import dev.evergreen.cache.testing.RedisCluster;
import dev.evergreen.cache.testing.RedisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scenarios every store passes, on a real three-master Redis Cluster. */
@ExtendWith(RedisExtension.class)
final class RedisClusterContractIntegrationTest extends StoreContractTest {
  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster(RedisCluster started) {
    cluster = started;
  }

  @Override
  protected CacheStore createStore() {
    return RedisStore.createCluster(cluster.uri());
  }
}
