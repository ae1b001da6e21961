package dev.evergreen.cache.spring;

import dev.evergreen.cache.CacheEntity;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityCacheBuilder;
import dev.evergreen.cache.Evergreen;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The entity caches the annotations use, one per entity type, built on first use with durations
 * from the annotation, else {@code evergreen.entities.<name>.*}, else the {@code evergreen.*}
 * defaults the {@link Evergreen} was built with.
 */
final class EntityBindings {
  private final Evergreen evergreen;
  private final Map<String, EvergreenProperties.Entity> overrides;
  private final Map<Class<?>, EntityBinding> bindings = new ConcurrentHashMap<>();

  EntityBindings(Evergreen evergreen, EvergreenProperties properties) {
    this.evergreen = evergreen;
    this.overrides = properties.getEntities();
  }

  EntityBinding bindingFor(Class<?> entity, CacheOperation.Overrides annotated) {
    return bindings.computeIfAbsent(entity, type -> build(type, annotated));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private EntityBinding build(Class<?> entity, CacheOperation.Overrides annotated) {
    EntityBinding binding = new EntityBinding(entity);
    EntityCacheBuilder builder = evergreen.entity(entity);
    EvergreenProperties.Entity configured = configuredFor(nameOf(entity));
    Duration refreshAfter = first(annotated.refreshAfter(), configured.getRefreshAfter());
    Duration expireAfter = first(annotated.expireAfter(), configured.getExpireAfter());
    Duration negativeTtl = first(annotated.negativeTtl(), configured.getNegativeTtl());
    if (refreshAfter != null) {
      builder.refreshAfter(refreshAfter);
    }
    if (expireAfter != null) {
      builder.expireAfter(expireAfter);
    }
    if (negativeTtl != null) {
      builder.negativeTtl(negativeTtl);
    }
    binding.cache((EntityCache<Object, Object>) builder.build(binding));
    return binding;
  }

  /** Property keys may be written in any case: {@code entities.user} configures {@code User}. */
  private EvergreenProperties.Entity configuredFor(String name) {
    for (Map.Entry<String, EvergreenProperties.Entity> entry : overrides.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return new EvergreenProperties.Entity();
  }

  static String nameOf(Class<?> entity) {
    CacheEntity annotation = entity.getAnnotation(CacheEntity.class);
    return annotation != null ? annotation.value() : entity.getSimpleName();
  }

  private static @Nullable Duration first(@Nullable Duration a, @Nullable Duration b) {
    return a != null ? a : b;
  }
}
