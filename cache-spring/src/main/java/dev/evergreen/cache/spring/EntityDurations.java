package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCacheBuilder;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Durations for one entity cache: an annotation's, else {@code evergreen.entities.<name>.*}, else
 * (by leaving the builder alone) the {@code evergreen.*} defaults the {@code Evergreen} was built
 * with. Property keys may be written in any case: {@code entities.user} configures {@code User}.
 */
final class EntityDurations {
  private final Map<String, EvergreenProperties.Entity> configured;

  EntityDurations(Map<String, EvergreenProperties.Entity> configured) {
    this.configured = configured;
  }

  void apply(EntityCacheBuilder<?> builder, String name, CacheOperation.Overrides annotated) {
    EvergreenProperties.Entity entity = configuredFor(name);
    Duration refreshAfter = first(annotated.refreshAfter(), entity.getRefreshAfter());
    Duration expireAfter = first(annotated.expireAfter(), entity.getExpireAfter());
    Duration negativeTtl = first(annotated.negativeTtl(), entity.getNegativeTtl());
    if (refreshAfter != null) {
      builder.refreshAfter(refreshAfter);
    }
    if (expireAfter != null) {
      builder.expireAfter(expireAfter);
    }
    if (negativeTtl != null) {
      builder.negativeTtl(negativeTtl);
    }
  }

  private EvergreenProperties.Entity configuredFor(String name) {
    for (Map.Entry<String, EvergreenProperties.Entity> entry : configured.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return new EvergreenProperties.Entity();
  }

  private static @Nullable Duration first(@Nullable Duration a, @Nullable Duration b) {
    return a != null ? a : b;
  }
}
