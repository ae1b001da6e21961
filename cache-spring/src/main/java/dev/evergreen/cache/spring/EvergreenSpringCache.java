package dev.evergreen.cache.spring;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoadException;
import dev.evergreen.cache.EntityLoader;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/** One Spring {@link Cache} on an {@link EntityCache}; see {@link EvergreenCacheManager}. */
final class EvergreenSpringCache implements Cache {

  /**
   * Loads through the value loader Spring passes to {@code get(key, Callable)}: the caller's own on
   * a miss, and for a background refresh the latest one seen for that key.
   */
  static final class Loader implements EntityLoader<Object, Object> {
    private static final ThreadLocal<Callable<?>> CURRENT = new ThreadLocal<>();
    private final com.github.benmanes.caffeine.cache.Cache<Object, Callable<?>> latest =
        Caffeine.newBuilder().maximumSize(10_000).build();

    @Override
    public @Nullable Object load(Object key) throws Exception {
      Callable<?> loader = CURRENT.get();
      if (loader == null) {
        loader = latest.getIfPresent(key);
      }
      if (loader == null) {
        throw new IllegalStateException("no value loader known for key " + key);
      }
      return loader.call();
    }
  }

  private final String name;
  private final EntityCache<Object, Object> cache;
  private final Loader loader;

  EvergreenSpringCache(String name, EntityCache<Object, Object> cache, Loader loader) {
    this.name = name;
    this.cache = cache;
    this.loader = loader;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Object getNativeCache() {
    return cache;
  }

  @Override
  public @Nullable ValueWrapper get(Object key) {
    Object value = cache.getIfPresent(key);
    return value == null ? null : new SimpleValueWrapper(value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
    Object value = cache.getIfPresent(key);
    if (value != null && type != null && !type.isInstance(value)) {
      throw new IllegalStateException(
          "cached value for key " + key + " is a " + value.getClass().getName() + ", not " + type);
    }
    return (T) value;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    loader.latest.put(key, valueLoader);
    Loader.CURRENT.set(valueLoader);
    try {
      return (T) cache.get(key);
    } catch (EntityLoadException e) {
      throw new ValueRetrievalException(key, valueLoader, e.getCause());
    } finally {
      Loader.CURRENT.remove();
    }
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    if (value == null) {
      cache.invalidate(key);
    } else {
      cache.put(key, value);
    }
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(key);
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }
}
