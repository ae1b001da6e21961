package dev.evergreen.cache.spring;

import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.InMemoryStore;
import dev.evergreen.cache.spi.CacheStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import tools.jackson.databind.ObjectMapper;

/**
 * Creates the {@link Evergreen} bean (backing off when the application defines its own), on the
 * in-memory store unless a {@link CacheStore} bean exists or {@code evergreen.redis.uri} is set;
 * reuses the application's Jackson mapper and meter registry; applies {@link CacheRead} and {@link
 * CacheWrite}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
    afterName = {
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@EnableConfigurationProperties(EvergreenProperties.class)
// Order matters: an explicit evergreen.redis.uri or RedisClient bean wins over Boot's connection.
@Import({
  EvergreenProxyRegistrar.class,
  EvergreenRedisConfiguration.class,
  EvergreenBootRedisConfiguration.class
})
public class EvergreenAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Evergreen evergreen(
      EvergreenProperties properties,
      ObjectProvider<CacheStore> store,
      ObjectProvider<ObjectMapper> mapper,
      ObjectProvider<MeterRegistry> registry,
      ObjectProvider<EvergreenBuilderCustomizer> customizers) {
    validate(properties);
    Evergreen.Builder builder =
        Evergreen.builder()
            .refreshAfter(properties.getRefreshAfter())
            .expireAfter(properties.getExpireAfter())
            .negativeTtl(properties.getNegativeTtl())
            .leaseTtl(properties.getLeaseTtl())
            .schemaRegistrationTtl(properties.getSchemaRegistrationTtl())
            .maxValueBytes(properties.getMaxValueBytes())
            .refreshQueueCapacity(properties.getExecutor().getQueueCapacity());
    if (properties.getExecutor().getThreads() != null) {
      builder.refreshThreads(properties.getExecutor().getThreads());
    }
    if (properties.getNamespace() != null) {
      try {
        builder.namespace(properties.getNamespace());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            "evergreen.namespace", properties.getNamespace(), e.getMessage());
      }
    }
    CacheStore chosen = store.getIfUnique();
    if (chosen == null && properties.getStore() == EvergreenProperties.Store.REDIS) {
      throw new InvalidConfigurationPropertyValueException(
          "evergreen.store",
          "redis",
          "no Redis is configured: set evergreen.redis.uri or spring.data.redis.*, or define a"
              + " Lettuce RedisClient bean (and have evergreen-cache-redis on the classpath)");
    }
    builder.store(
        chosen != null
            ? chosen
            : InMemoryStore.create(properties.getInMemory().getMaximumSizePerEntity()));
    mapper.ifUnique(builder::objectMapper);
    registry.ifUnique(builder::meterRegistry);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Fails startup with Spring Boot's "invalid property value" report, naming the property. */
  static void validate(EvergreenProperties properties) {
    positive("evergreen.refresh-after", properties.getRefreshAfter());
    positive("evergreen.expire-after", properties.getExpireAfter());
    positive("evergreen.lease-ttl", properties.getLeaseTtl());
    positive("evergreen.schema-registration-ttl", properties.getSchemaRegistrationTtl());
    if (properties.getWarmUp().getRowsPerSecond() < 0) {
      throw new InvalidConfigurationPropertyValueException(
          "evergreen.warm-up.rows-per-second",
          properties.getWarmUp().getRowsPerSecond(),
          "must not be negative (0 turns the warm-up off)");
    }
    if (properties.getNegativeTtl().isNegative()) {
      throw new InvalidConfigurationPropertyValueException(
          "evergreen.negative-ttl", properties.getNegativeTtl(), "must not be negative");
    }
    if (properties.getRefreshAfter().compareTo(properties.getExpireAfter()) >= 0) {
      throw new InvalidConfigurationPropertyValueException(
          "evergreen.refresh-after",
          properties.getRefreshAfter(),
          "must be shorter than evergreen.expire-after (" + properties.getExpireAfter() + ")");
    }
    if (properties.getExecutor().getThreads() != null) {
      positive("evergreen.executor.threads", properties.getExecutor().getThreads());
    }
    positive("evergreen.executor.queue-capacity", properties.getExecutor().getQueueCapacity());
    positive("evergreen.max-value-bytes", properties.getMaxValueBytes());
    positive(
        "evergreen.in-memory.maximum-size-per-entity",
        properties.getInMemory().getMaximumSizePerEntity());
    properties
        .getEntities()
        .forEach(
            (name, entity) -> {
              Duration refreshAfter =
                  entity.getRefreshAfter() != null
                      ? entity.getRefreshAfter()
                      : properties.getRefreshAfter();
              Duration expireAfter =
                  entity.getExpireAfter() != null
                      ? entity.getExpireAfter()
                      : properties.getExpireAfter();
              if (refreshAfter.compareTo(expireAfter) >= 0) {
                throw new InvalidConfigurationPropertyValueException(
                    "evergreen.entities." + name + ".refresh-after",
                    refreshAfter,
                    "must be shorter than its expire-after (" + expireAfter + ")");
              }
            });
  }

  private static void positive(String property, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigurationPropertyValueException(property, value, "must be positive");
    }
  }

  private static void positive(String property, long value) {
    if (value <= 0) {
      throw new InvalidConfigurationPropertyValueException(property, value, "must be positive");
    }
  }

  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static CacheOperationSource evergreenCacheOperationSource() {
    return new CacheOperationSource();
  }

  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static EvergreenAdvisor evergreenAdvisor(
      CacheOperationSource evergreenCacheOperationSource, ObjectProvider<EntityBindings> bindings) {
    // Static and lazy about the Evergreen bean: advisors are created before ordinary beans.
    return new EvergreenAdvisor(
        evergreenCacheOperationSource,
        new EvergreenInterceptor(evergreenCacheOperationSource, bindings));
  }

  @Bean
  EntityBindings evergreenEntityBindings(
      Evergreen evergreen, EvergreenProperties properties, ObjectProvider<ObjectMapper> mapper) {
    return new EntityBindings(
        evergreen, properties, mapper.getIfUnique(tools.jackson.databind.json.JsonMapper::shared));
  }

  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static EvergreenRegistrar evergreenRegistrar(
      CacheOperationSource evergreenCacheOperationSource, ObjectProvider<EntityBindings> bindings) {
    return new EvergreenRegistrar(evergreenCacheOperationSource, bindings);
  }

  @Bean
  @ConditionalOnProperty(prefix = "evergreen.cache-manager", name = "enabled", havingValue = "true")
  @ConditionalOnMissingBean(CacheManager.class)
  EvergreenCacheManager evergreenCacheManager(Evergreen evergreen, EvergreenProperties properties) {
    EvergreenProperties.CacheManager settings = properties.getCacheManager();
    EntityDurations durations = new EntityDurations(properties.getEntities());
    EvergreenCacheManager.Builder builder =
        EvergreenCacheManager.builder(evergreen)
            .types(settings.getTypes())
            .allowNullValues(settings.isAllowNullValues())
            .configure(
                (name, entity) -> durations.apply(entity, name, CacheOperation.Overrides.NONE));
    settings.getAllowNullValuesFor().forEach(builder::allowNullValues);
    return builder.build();
  }
}
