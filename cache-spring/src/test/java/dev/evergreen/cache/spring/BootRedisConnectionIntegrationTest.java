package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.InMemoryStore;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot's own Redis settings ({@code spring.data.redis.*}, or connection details as
 * {@code @ServiceConnection} registers them) give Evergreen its Redis, on a real redis-server.
 */
@ExtendWith(RedisExtension.class)
final class BootRedisConnectionIntegrationTest {
  public record Part(Long id, String name) {}

  public static class Parts {
    @CacheRead
    public Part part(Long id) {
      return new Part(id, "part-" + id);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PartsConfig {
    @Bean
    Parts parts() {
      return new Parts();
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class, EvergreenAutoConfiguration.class))
          .withUserConfiguration(PartsConfig.class)
          .withPropertyValues("evergreen.namespace=boot");

  private static String key(Evergreen evergreen, long id) {
    return "boot:Part:" + Entities.named(evergreen, "Part").schema().hash() + ":" + id;
  }

  @Test
  void springDataRedisProperties_giveTheRedisStore(RedisServer redis) {
    runner
        .withPropertyValues(
            "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port())
        .run(
            context -> {
              assertThat(context.getBean(CacheStore.class)).isInstanceOf(RedisStore.class);
              context.getBean(Parts.class).part(1L);
              assertThat(redis.command("EXISTS " + key(context.getBean(Evergreen.class), 1)))
                  .isEqualTo(":1");
            });
  }

  @Test
  void connectionDetailsBean_asServiceConnectionRegistersIt_givesTheRedisStore(RedisServer redis) {
    runner
        .withBean(
            DataRedisConnectionDetails.class,
            () ->
                new DataRedisConnectionDetails() {
                  @Override
                  public Standalone getStandalone() {
                    return Standalone.of(redis.host(), redis.port());
                  }
                })
        .run(
            context -> {
              context.getBean(Parts.class).part(2L);
              assertThat(redis.command("EXISTS " + key(context.getBean(Evergreen.class), 2)))
                  .isEqualTo(":1");
            });
  }

  @Test
  void evergreenRedisUri_winsOverSpringDataRedis(RedisServer redis) {
    runner
        .withPropertyValues(
            "spring.data.redis.port=1", // nothing listens there
            "evergreen.redis.uri=" + redis.uri())
        .run(
            context -> {
              context.getBean(Parts.class).part(3L);
              assertThat(redis.command("EXISTS " + key(context.getBean(Evergreen.class), 3)))
                  .isEqualTo(":1");
            });
  }

  @Test
  void storeInMemory_keepsTheInMemoryStore_whateverRedisIsConfigured(RedisServer redis) {
    runner
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "evergreen.store=in-memory")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(CacheStore.class);
              assertThat(context.getBean(Evergreen.class).toString()).contains("InMemoryStore");
            });
  }

  @Test
  void storeRedis_withNoRedisConfigured_failsStartupNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EvergreenAutoConfiguration.class))
        .withPropertyValues("evergreen.store=redis")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("evergreen.store")
                    .hasStackTraceContaining("no Redis is configured"));
  }

  @Test
  void springDataRedisOnTheClasspath_withNothingConfigured_leavesTheStoreInMemory() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(DataRedisConnectionDetails.class); // Boot's default
          assertThat(context.getBean(Evergreen.class).toString()).contains("InMemoryStore");
        });
  }

  @Test
  void withoutAnyRedis_theStoreIsInMemory() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EvergreenAutoConfiguration.class))
        .run(
            context ->
                assertThat(context.getBean(Evergreen.class).toString())
                    .contains(InMemoryStore.class.getSimpleName()));
  }
}
