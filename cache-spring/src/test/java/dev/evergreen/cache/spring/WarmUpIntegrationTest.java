package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.CacheEntity;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code evergreen.warm-up.rows-per-second}: a new version of an application starts beside the old
 * one on a real redis-server, reads the ids the old version cached (their key text converted to the
 * repository's id type) in the background, and serves them without a load in any request.
 */
@ExtendWith(RedisExtension.class)
final class WarmUpIntegrationTest {
  /** The entity in the new application. */
  public record Part(Long id, String name, String maker) {}

  /** The same entity as the old application had it: one field fewer, another schema. */
  @CacheEntity("Part")
  record PartBefore(Long id, String name) {}

  public static class Parts {
    private final AtomicInteger loads = new AtomicInteger();

    /** Read through the proxy: its own fields are not the target's. */
    public int loads() {
      return loads.get();
    }

    @CacheRead
    public Part part(Long id) {
      loads.incrementAndGet();
      return new Part(id, "part-" + id, "acme");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PartsConfig {
    @Bean
    Parts parts() {
      return new Parts();
    }
  }

  @Test
  void aNewVersion_warmsFromTheIdsTheOldOneCached_beforeAnyRequest(RedisServer redis) {
    List<Long> ids = LongStream.rangeClosed(1, 50).boxed().toList();
    try (Evergreen old =
        Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("warm").build()) {
      EntityCache<Long, PartBefore> before =
          old.entity(PartBefore.class).build(id -> new PartBefore(id, "part-" + id));
      before.getAll(ids);

      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(EvergreenAutoConfiguration.class))
          .withUserConfiguration(PartsConfig.class)
          .withPropertyValues(
              "evergreen.redis.uri=" + redis.uri(),
              "evergreen.namespace=warm",
              "evergreen.warm-up.rows-per-second=1000")
          .run(
              context -> {
                Parts parts = context.getBean(Parts.class);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (parts.loads() < ids.size() && System.nanoTime() < deadline) {
                  LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polls
                }
                assertThat(parts.loads()).as("ids warmed in the background").isEqualTo(ids.size());

                ids.forEach(parts::part); // the first requests

                assertThat(parts.loads()).as("no load in any request").isEqualTo(ids.size());
              });
    }
  }

  @Test
  void aNegativeRate_failsStartupNamingTheProperty() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EvergreenAutoConfiguration.class))
        .withPropertyValues("evergreen.warm-up.rows-per-second=-1")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("evergreen.warm-up.rows-per-second"));
  }
}
