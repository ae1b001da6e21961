package dev.evergreen.cache.spring;

import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application configured Redis for Spring Boot: a {@code spring.data.redis.*}
 * property, or connection details other than Boot's own defaults (as {@code @ServiceConnection}
 * registers them). Boot creates default details (localhost:6379) whenever Spring Data Redis is on
 * the classpath; those alone must not move the cache off the in-memory store.
 */
final class BootRedisConfiguredCondition extends SpringBootCondition {
  private static final String DETAILS =
      "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";
  private static final String BOOT_DEFAULT_DETAILS =
      "org.springframework.boot.data.redis.autoconfigure.PropertiesDataRedisConnectionDetails";

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> properties =
        Binder.get(context.getEnvironment())
            .bind("spring.data.redis", Bindable.mapOf(String.class, Object.class))
            .orElse(Map.of());
    if (!properties.isEmpty()) {
      return ConditionOutcome.match("spring.data.redis.* is set");
    }
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    if (beans != null) {
      try {
        Class<?> details = Class.forName(DETAILS, false, context.getClassLoader());
        for (String name : beans.getBeanNamesForType(details, true, false)) {
          Class<?> type = beans.getType(name, false);
          if (type != null && !type.getName().equals(BOOT_DEFAULT_DETAILS)) {
            return ConditionOutcome.match("Redis connection details bean '" + name + "'");
          }
        }
      } catch (ClassNotFoundException e) {
        return ConditionOutcome.noMatch("no Spring Boot Redis support");
      }
    }
    return ConditionOutcome.noMatch("Redis is not configured for Spring Boot");
  }
}
