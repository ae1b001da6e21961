package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One cached entity type (a domain type or a projection of it), its cache, and its loaders: the
 * {@code @CacheRead} methods chosen at startup, called again through the bean (its proxy, so
 * transactions and other advice apply), with {@link #BYPASS} set so that Evergreen's own
 * interceptor lets that one call through to the method.
 */
final class EntityBinding implements EntityLoader<Object, Object> {
  /** Set just before the loader calls a bean method; the interceptor consumes it. */
  static final ThreadLocal<Boolean> BYPASS = new ThreadLocal<>();

  /** A bean method that loads this entity. */
  record Target(Object proxy, Method method) {}

  private final Class<?> entity;
  private final @Nullable Target single;
  private final @Nullable Target batch;
  private final boolean batchTakesSet;
  private final IdAccessor ids;
  private volatile @Nullable EntityCache<Object, Object> cache;

  EntityBinding(
      Class<?> entity,
      @Nullable Target single,
      @Nullable Target batch,
      boolean batchTakesSet,
      IdAccessor ids) {
    this.entity = entity;
    this.single = single;
    this.batch = batch;
    this.batchTakesSet = batchTakesSet;
    this.ids = ids;
  }

  Class<?> entity() {
    return entity;
  }

  EntityCache<Object, Object> cache() {
    return java.util.Objects.requireNonNull(cache, "cache");
  }

  void cache(EntityCache<Object, Object> cache) {
    this.cache = cache;
  }

  /** Reads the id of an instance of this entity (for batch results and written entities). */
  IdAccessor ids() {
    return ids;
  }

  @Override
  public @Nullable Object load(Object id) throws Exception {
    if (single != null) {
      Object result = call(single, id);
      return result instanceof Optional<?> optional ? optional.orElse(null) : result;
    }
    if (batch != null) {
      return loadAll(Set.of(id)).get(id);
    }
    throw new IllegalStateException(
        entity.getName() + " has no @CacheRead method to load id " + id + " with");
  }

  @Override
  public Map<Object, Object> loadAll(Set<?> ids) throws Exception {
    Target target = batch;
    if (target == null) {
      return EntityLoader.super.loadAll(ids);
    }
    Object argument = batchTakesSet ? new LinkedHashSet<>(ids) : new ArrayList<>(ids);
    Object result = call(target, argument);
    Map<Object, Object> found = new HashMap<>();
    if (result instanceof Iterable<?> entities) {
      for (Object value : entities) {
        if (value != null) {
          Object id = this.ids.idOf(value);
          if (id != null) {
            found.put(id, value);
          }
        }
      }
    }
    return found;
  }

  /** Calls a bean method through its proxy, with Evergreen's own advice stepping aside once. */
  static @Nullable Object call(Target target, Object... arguments) throws Exception {
    BYPASS.set(Boolean.TRUE);
    try {
      return target.method().invoke(target.proxy(), arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    } finally {
      BYPASS.remove();
    }
  }
}
