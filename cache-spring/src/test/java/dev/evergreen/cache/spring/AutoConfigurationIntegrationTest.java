package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.CacheSettings;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.spi.CacheStore;
import dev.evergreen.cache.testing.RedisExtension;
import dev.evergreen.cache.testing.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration on its own: beans, properties, and how bad configuration fails. */
@ExtendWith(RedisExtension.class)
final class AutoConfigurationIntegrationTest {

  public record Product(long productId, String displayName) {}

  public record Order(long id, String note) {}

  /** A plain bean (not a repository) with annotated reads. */
  public static class Catalog {
    @CacheRead
    public Product product(Long id) {
      return new Product(id, "p" + id);
    }

    @CacheRead(refreshAfter = "45s", expireAfter = "PT10M")
    public Order order(Long id) {
      return new Order(id, "o" + id);
    }
  }

  /** Writes products; Product has no @Id, so the id property is named. */
  public static class ProductWriter {
    @CacheWrite(writeThrough = true, idProperty = "productId")
    public Product save(Product product) {
      return product;
    }

    @CacheWrite(entity = Product.class, idProperty = "productId")
    public void delete(Long productId) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class CatalogConfig {
    @Bean
    ProductWriter productWriter() {
      return new ProductWriter();
    }

    @Bean
    Catalog catalog() {
      return new Catalog();
    }
  }

  /** Misuses @CacheRead: two parameters. */
  public static class Broken {
    @CacheRead
    public Product product(Long id, String tenant) {
      return new Product(id, tenant);
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(EvergreenAutoConfiguration.class));

  @Test
  void byDefault_anEvergreenOnTheInMemoryStore() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(Evergreen.class);
          assertThat(context.getBean(Evergreen.class).toString()).contains("InMemoryStore");
        });
  }

  @Test
  void backsOff_whenTheApplicationDefinesItsOwnEvergreen() {
    Evergreen own = Evergreen.builder().namespace("own").build();
    runner
        .withBean(Evergreen.class, () -> own)
        .run(context -> assertThat(context.getBean(Evergreen.class)).isSameAs(own));
    own.close();
  }

  @Test
  void properties_perEntityOverrides_andAnnotationOverrides_applyInThatOrder() {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .withPropertyValues(
            "evergreen.refresh-after=5m",
            "evergreen.expire-after=2h",
            "evergreen.negative-ttl=30s",
            "evergreen.entities.product.refresh-after=90s",
            "evergreen.entities.Order.refresh-after=1m")
        .run(
            context -> {
              Catalog catalog = context.getBean(Catalog.class);
              catalog.product(1L);
              catalog.order(1L);
              Evergreen evergreen = context.getBean(Evergreen.class);

              assertThat(settingsOf(evergreen, "Product"))
                  .isEqualTo(
                      new CacheSettings(
                          Duration.ofSeconds(90), Duration.ofHours(2), Duration.ofSeconds(30)));
              assertThat(settingsOf(evergreen, "Order")) // the annotation wins over properties
                  .isEqualTo(
                      new CacheSettings(
                          Duration.ofSeconds(45), Duration.ofMinutes(10), Duration.ofSeconds(30)));
            });
  }

  private static CacheSettings settingsOf(Evergreen evergreen, String name) {
    return evergreen.entities().stream()
        .filter(cache -> cache.schema().name().equals(name))
        .map(EntityCache::settings)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void annotatedPlainBean_isCached() {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .run(
            context -> {
              Catalog catalog = context.getBean(Catalog.class);
              assertThat(catalog.product(7L)).isSameAs(catalog.product(7L));
            });
  }

  @Test
  void writeThrough_storesTheSavedEntity_andDeleteByIdInvalidates() {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .run(
            context -> {
              Catalog catalog = context.getBean(Catalog.class);
              ProductWriter writer = context.getBean(ProductWriter.class);
              assertThat(catalog.product(5L)).isEqualTo(new Product(5, "p5"));

              writer.save(new Product(5, "saved"));
              assertThat(catalog.product(5L)).isEqualTo(new Product(5, "saved")); // written through

              writer.delete(5L);
              assertThat(catalog.product(5L)).isEqualTo(new Product(5, "p5")); // loaded again
            });
  }

  @Test
  void lettuceClientBean_choosesTheRedisStore(RedisServer redis) {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
    try {
      runner
          .withBean(io.lettuce.core.RedisClient.class, () -> client)
          .run(
              context ->
                  assertThat(context.getBean(CacheStore.class)).isInstanceOf(RedisStore.class));
    } finally {
      client.shutdown();
    }
  }

  @Test
  void unparseableDuration_failsStartupNamingTheProperty() {
    runner
        .withPropertyValues("evergreen.refresh-after=banana")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "Failed to bind properties under 'evergreen.refresh-after' to"
                            + " java.time.Duration")
                    .rootCause()
                    .hasMessageContaining("banana"));
  }

  @Test
  void refreshAfterNotShorterThanExpireAfter_failsStartupNamingBothProperties() {
    runner
        .withPropertyValues("evergreen.refresh-after=2h", "evergreen.expire-after=1h")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("evergreen.refresh-after")
                    .hasMessageContaining("must be shorter than evergreen.expire-after (PT1H)"));
  }

  @Test
  void badValues_failStartupNamingTheProperty() {
    runner
        .withPropertyValues("evergreen.executor.threads=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("evergreen.executor.threads")
                    .hasMessageContaining("must be positive"));
    runner
        .withPropertyValues("evergreen.entities.product.refresh-after=3d")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("evergreen.entities.product.refresh-after"));
    runner
        .withPropertyValues("evergreen.namespace=a:b")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("evergreen.namespace"));
  }

  @Test
  void misusedAnnotation_failsStartupNamingTheMethod() {
    runner
        .withBean(Broken.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage(
                        "@CacheRead on Broken.product: takes 2 parameters; it needs exactly one"
                            + " id, or one collection of ids"));
  }

  @Test
  void redisUriProperty_choosesTheRedisStore(RedisServer redis) {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .withPropertyValues("evergreen.redis.uri=" + redis.uri(), "evergreen.namespace=autoconf")
        .run(
            context -> {
              assertThat(context.getBean(CacheStore.class)).isInstanceOf(RedisStore.class);
              context.getBean(Catalog.class).product(3L);
              String key =
                  Entities.named(context.getBean(Evergreen.class), "Product").schema().hash();
              assertThat(redis.command("EXISTS autoconf:Product:" + key + ":3")).isEqualTo(":1");
            });
  }

  @Test
  void applicationsJacksonMapper_shapesTheSchemaHash() {
    runner
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .withUserConfiguration(CatalogConfig.class)
        .withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
        .run(
            context -> {
              context.getBean(Catalog.class).product(1L);
              assertThat(
                      Entities.named(context.getBean(Evergreen.class), "Product")
                          .schema()
                          .descriptor())
                  .contains("display_name: String", "product_id: long");
            });
  }

  @Test
  void meterRegistry_isWired() {
    runner
        .withUserConfiguration(CatalogConfig.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              context.getBean(Catalog.class).product(1L);
              context.getBean(Catalog.class).product(1L);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("cache.gets")
                          .tag("cache", "Product")
                          .tag("result", "hit")
                          .counter()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void configurationMetadata_isGeneratedForIdeCompletion() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(metadata)
          .contains(
              "\"name\": \"evergreen.refresh-after\"",
              "\"name\": \"evergreen.redis.uri\"",
              "\"name\": \"evergreen.entities\"",
              "\"name\": \"evergreen.executor.threads\"",
              "Entries older than this are served stale");
    }
  }
}
