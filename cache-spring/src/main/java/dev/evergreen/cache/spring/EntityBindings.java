package dev.evergreen.cache.spring;

import dev.evergreen.cache.CacheEntity;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityCacheBuilder;
import dev.evergreen.cache.Evergreen;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entity caches the annotations use, one per entity type, built on first use with durations
 * from the annotation, else {@code evergreen.entities.<name>.*}, else the {@code evergreen.*}
 * defaults the {@link Evergreen} was built with.
 */
final class EntityBindings {
  private final Evergreen evergreen;
  private final EntityDurations durations;
  private final Map<Class<?>, EntityBinding> bindings = new ConcurrentHashMap<>();

  EntityBindings(Evergreen evergreen, EvergreenProperties properties) {
    this.evergreen = evergreen;
    this.durations = new EntityDurations(properties.getEntities());
  }

  EntityBinding bindingFor(Class<?> entity, CacheOperation.Overrides annotated) {
    return bindings.computeIfAbsent(entity, type -> build(type, annotated));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private EntityBinding build(Class<?> entity, CacheOperation.Overrides annotated) {
    EntityBinding binding = new EntityBinding(entity);
    EntityCacheBuilder builder = evergreen.entity(entity);
    durations.apply(builder, nameOf(entity), annotated);
    binding.cache((EntityCache<Object, Object>) builder.build(binding));
    return binding;
  }

  static String nameOf(Class<?> entity) {
    CacheEntity annotation = entity.getAnnotation(CacheEntity.class);
    return annotation != null ? annotation.value() : entity.getSimpleName();
  }
}
