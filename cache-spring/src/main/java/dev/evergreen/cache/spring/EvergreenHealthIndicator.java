package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.spi.CacheStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.ClassUtils;

/**
 * The {@code evergreen} health component: the store, whether its circuit is open, and how many
 * invalidations the store has not confirmed. Always UP: a broken cache degrades to the database, it
 * does not take the application down, so a load balancer must not pull an instance for it. The
 * details say what is wrong.
 *
 * @since 0.1.0
 */
public class EvergreenHealthIndicator implements HealthIndicator {
  private static final boolean REDIS =
      ClassUtils.isPresent(
          "dev.evergreen.cache.redis.RedisStore", EvergreenHealthIndicator.class.getClassLoader());

  private final Evergreen evergreen;

  public EvergreenHealthIndicator(Evergreen evergreen) {
    this.evergreen = evergreen;
  }

  @Override
  public Health health() {
    CacheStore store = evergreen.store();
    long pending = 0;
    for (EntityCache<?, ?> cache : evergreen.entities()) {
      pending += cache.stats().pendingInvalidations();
    }
    Health.Builder health =
        Health.up()
            .withDetail("store", store.toString())
            .withDetail("entities", evergreen.entities().size())
            .withDetail("pendingInvalidations", pending);
    if (REDIS && RedisCircuit.isOpen(store)) {
      health.withDetail(
          "circuit",
          "open: Redis keeps failing, the cache serves from the database until it answers again");
    } else if (REDIS && RedisCircuit.isRedis(store)) {
      health.withDetail("circuit", "closed");
    }
    return health.build();
  }

  /** Touches the Redis module only when it is on the classpath. */
  private static final class RedisCircuit {
    static boolean isRedis(CacheStore store) {
      return store instanceof dev.evergreen.cache.redis.RedisStore;
    }

    static boolean isOpen(CacheStore store) {
      return store instanceof dev.evergreen.cache.redis.RedisStore redis && redis.isCircuitOpen();
    }
  }
}
