package dev.evergreen.cache.spring;

import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.spi.CacheStore;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis store on Spring Boot's own Redis connection ({@code spring.data.redis.*}, or a
 * {@code @ServiceConnection} / {@link DataRedisConnectionDetails} bean): standalone, Sentinel or
 * Cluster, with its credentials and SSL bundle. Used when neither {@code evergreen.redis.uri} nor a
 * Lettuce {@code RedisClient} bean says otherwise; {@code evergreen.store=in-memory} opts out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({RedisStore.class, DataRedisConnectionDetails.class})
@Conditional(StoreNotInMemoryCondition.class)
class EvergreenBootRedisConfiguration {

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(CacheStore.class)
  @ConditionalOnBean(DataRedisConnectionDetails.class)
  @Conditional(BootRedisConfiguredCondition.class)
  CacheStore evergreenRedisStoreOnBootsConnection(
      DataRedisConnectionDetails details, EvergreenProperties properties) {
    SslBundle ssl = details.getSslBundle();
    RedisStore.Builder builder;
    if (details.getCluster() != null) {
      List<RedisURI> seeds =
          details.getCluster().getNodes().stream()
              .map(node -> uri(details, ssl, node.host(), node.port(), 0))
              .toList();
      builder = RedisStore.clusterBuilder(seeds);
    } else if (details.getSentinel() != null) {
      DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
      RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId(sentinel.getMaster());
      sentinel.getNodes().forEach(node -> uri.withSentinel(node.host(), node.port()));
      uri.withDatabase(sentinel.getDatabase()).withSsl(ssl != null);
      credentials(uri, details.getUsername(), details.getPassword());
      builder = RedisStore.builder(uri.build());
    } else {
      DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
      builder =
          RedisStore.builder(
              uri(
                  details,
                  ssl,
                  standalone.getHost(),
                  standalone.getPort(),
                  standalone.getDatabase()));
    }
    if (ssl != null) {
      builder.sslOptions(
          SslOptions.builder()
              .jdkSslProvider()
              .trustManager(ssl.getManagers().getTrustManagerFactory())
              .keyManager(ssl.getManagers().getKeyManagerFactory())
              .build());
    }
    return builder.commandTimeout(properties.getRedis().getCommandTimeout()).build();
  }

  private static RedisURI uri(
      DataRedisConnectionDetails details,
      @Nullable SslBundle ssl,
      String host,
      int port,
      int database) {
    RedisURI.Builder uri =
        RedisURI.builder()
            .withHost(host)
            .withPort(port)
            .withDatabase(database)
            .withSsl(ssl != null);
    credentials(uri, details.getUsername(), details.getPassword());
    return uri.build();
  }

  private static void credentials(
      RedisURI.Builder uri, @Nullable String username, @Nullable String password) {
    if (password == null) {
      return;
    }
    if (username != null) {
      uri.withAuthentication(username, password.toCharArray());
    } else {
      uri.withPassword(password.toCharArray());
    }
  }
}
