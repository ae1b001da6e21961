package dev.evergreen.cache.spring;

import dev.evergreen.cache.Evergreen;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code evergreen} Actuator endpoint, when Actuator is present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EvergreenAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
public class EvergreenEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Evergreen.class)
  @ConditionalOnAvailableEndpoint(EvergreenEndpoint.class)
  EvergreenEndpoint evergreenEndpoint(Evergreen evergreen) {
    return new EvergreenEndpoint(evergreen);
  }
}
