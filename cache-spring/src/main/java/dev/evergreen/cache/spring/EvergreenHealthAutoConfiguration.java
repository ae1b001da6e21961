package dev.evergreen.cache.spring;

import dev.evergreen.cache.Evergreen;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code evergreen} health component, when Spring Boot's health support is present ({@code
 * management.health.evergreen.enabled=false} turns it off).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EvergreenAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public class EvergreenHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "evergreenHealthIndicator")
  @ConditionalOnBean(Evergreen.class)
  @ConditionalOnEnabledHealthIndicator("evergreen")
  EvergreenHealthIndicator evergreenHealthIndicator(Evergreen evergreen) {
    return new EvergreenHealthIndicator(evergreen);
  }
}
