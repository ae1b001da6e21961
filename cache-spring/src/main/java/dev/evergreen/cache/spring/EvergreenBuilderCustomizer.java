package dev.evergreen.cache.spring;

import dev.evergreen.cache.Evergreen;

/**
 * Customizes the auto-configured {@link Evergreen} before it is built, after properties were
 * applied: a clock for tests, a refresh executor, a store not covered by properties.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EvergreenBuilderCustomizer {
  void customize(Evergreen.Builder builder);
}
