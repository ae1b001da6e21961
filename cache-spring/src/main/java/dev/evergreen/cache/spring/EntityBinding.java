package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One entity's cache and its loader. The loader calls the annotated read methods again through the
 * bean (its proxy, so transactions and other advice apply), with {@link #BYPASS} set so that
 * Evergreen's own interceptor lets that one call through to the method.
 */
final class EntityBinding implements EntityLoader<Object, Object> {
  /** Set just before the loader calls a bean method; the interceptor consumes it. */
  static final ThreadLocal<Boolean> BYPASS = new ThreadLocal<>();

  private record Target(Object proxy, Method method) {}

  private final Class<?> entity;
  private volatile @Nullable EntityCache<Object, Object> cache;
  private volatile @Nullable Target single;
  private volatile @Nullable Target batch;
  private volatile CacheOperation.@Nullable BatchRead batchOperation;

  EntityBinding(Class<?> entity) {
    this.entity = entity;
  }

  EntityCache<Object, Object> cache() {
    return java.util.Objects.requireNonNull(cache, "cache");
  }

  void cache(EntityCache<Object, Object> cache) {
    this.cache = cache;
  }

  void readsThrough(Object proxy, Method method) {
    if (single == null) {
      single = new Target(proxy, method);
    }
  }

  void readsManyThrough(Object proxy, Method method, CacheOperation.BatchRead operation) {
    if (batch == null) {
      batchOperation = operation;
      batch = new Target(proxy, method);
    }
  }

  @Override
  public @Nullable Object load(Object id) throws Exception {
    Target target = single;
    if (target != null) {
      Object result = call(target, id);
      return result instanceof Optional<?> optional ? optional.orElse(null) : result;
    }
    if (batch != null) {
      return loadAll(Set.of(id)).get(id);
    }
    throw new IllegalStateException(
        "no @CacheRead method is known yet for " + entity.getName() + " to load id " + id);
  }

  @Override
  public Map<Object, Object> loadAll(Set<?> ids) throws Exception {
    Target target = batch;
    CacheOperation.BatchRead operation = batchOperation;
    if (target == null || operation == null) {
      return EntityLoader.super.loadAll(ids);
    }
    Object argument = operation.takesSet() ? new LinkedHashSet<>(ids) : new ArrayList<>(ids);
    Object result = call(target, argument);
    Map<Object, Object> found = new java.util.HashMap<>();
    if (result instanceof Iterable<?> entities) {
      for (Object value : entities) {
        if (value != null) {
          Object id = operation.ids().idOf(value);
          if (id != null) {
            found.put(id, value);
          }
        }
      }
    }
    return found;
  }

  private static @Nullable Object call(Target target, Object argument) throws Exception {
    BYPASS.set(Boolean.TRUE);
    try {
      return target.method().invoke(target.proxy(), argument);
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
