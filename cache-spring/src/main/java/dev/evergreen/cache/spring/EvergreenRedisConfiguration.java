package dev.evergreen.cache.spring;

import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.spi.CacheStore;
import io.lettuce.core.RedisClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis store, when {@code evergreen-cache-redis} is on the classpath, on the first of: {@code
 * evergreen.redis.uri}; the application's Lettuce {@link RedisClient} bean; Spring Boot's own Redis
 * connection ({@link EvergreenBootRedisConfiguration}). {@code evergreen.store=in-memory} keeps the
 * in-memory store whatever is configured. The {@code Evergreen} bean closes it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({RedisStore.class, RedisClient.class})
@Conditional(StoreNotInMemoryCondition.class)
class EvergreenRedisConfiguration {

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(CacheStore.class)
  @ConditionalOnProperty(prefix = "evergreen.redis", name = "uri")
  CacheStore evergreenRedisStore(EvergreenProperties properties) {
    EvergreenProperties.Redis redis = properties.getRedis();
    String uri = java.util.Objects.requireNonNull(redis.getUri());
    try {
      RedisStore.Builder builder =
          redis.isCluster() ? RedisStore.clusterBuilder(uri) : RedisStore.builder(uri);
      return builder.commandTimeout(redis.getCommandTimeout()).build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "evergreen.redis.uri", RedisStore.redactedUri(uri), e.getMessage());
    }
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(CacheStore.class)
  @ConditionalOnBean(RedisClient.class)
  CacheStore evergreenRedisStoreOnClient(RedisClient client, EvergreenProperties properties) {
    return RedisStore.builder(client)
        .commandTimeout(properties.getRedis().getCommandTimeout())
        .build();
  }
}
