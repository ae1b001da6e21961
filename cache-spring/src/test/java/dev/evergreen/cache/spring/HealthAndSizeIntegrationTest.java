package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health component never takes the application down, and the size is a gauge. */
final class HealthAndSizeIntegrationTest {
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
                  EvergreenAutoConfiguration.class, EvergreenHealthAutoConfiguration.class))
          .withUserConfiguration(PartsConfig.class);

  @Test
  void inMemory_isUp_showingTheStore() {
    runner.run(
        context -> {
          Health health = context.getBean(EvergreenHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("entities", 1)
              .containsEntry("pendingInvalidations", 0L);
          assertThat(health.getDetails().get("store").toString()).contains("InMemoryStore");
        });
  }

  @Test
  void redisWithItsCircuitOpen_isStillUp_andSaysTheCircuitIsOpen() {
    try (RedisServer redis = RedisServer.startLocal(List.of())) {
      RedisStore store =
          RedisStore.builder(redis.uri())
              .commandTimeout(Duration.ofMillis(100))
              .circuitBreaker(1, Duration.ofMinutes(1))
              .build();
      runner
          .withBean(RedisStore.class, () -> store)
          .run(
              context -> {
                redis.kill();
                context.getBean(Parts.class).part(1L); // fails: the circuit opens
                assertThat(store.isCircuitOpen()).isTrue();

                Health health = context.getBean(EvergreenHealthIndicator.class).health();

                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails().get("circuit").toString()).startsWith("open");
              });
    }
  }

  @Test
  void healthIndicator_canBeTurnedOff() {
    runner
        .withPropertyValues("management.health.evergreen.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(EvergreenHealthIndicator.class));
  }

  @Test
  void inMemoryStore_publishesCacheSize() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              Parts parts = context.getBean(Parts.class);
              parts.part(1L);
              parts.part(2L);
              parts.part(2L);

              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .get("cache.size")
                          .tag("cache", "Part")
                          .gauge()
                          .value())
                  .isEqualTo(2.0);
            });
  }
}
