package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} on Evergreen, so code on {@code @Cacheable} switches by
 * configuration ({@code evergreen.cache-manager.enabled=true}). Each cache name becomes an entity
 * cache named after it.
 *
 * <p>What it can do: {@code @Cacheable(sync = true)} gets stale-while-revalidate (a stale hit is
 * returned at once and the method is called again in the background, with the arguments of the
 * latest read of that key) and one load per key; {@code @CachePut} and {@code @CacheEvict} map to
 * put and invalidate. What it cannot: without {@code sync = true} Spring calls {@code get} and then
 * the method itself, so there is no background refresh; null values are not cached (a null put
 * evicts); {@code retrieve} (async caching) is not supported. The schema hash needs a value type:
 * set {@code evergreen.cache-manager.types.<cache>=com.acme.User}; without one the type is {@code
 * Object}, fine in memory, but values read back from Redis are then plain maps and lists.
 *
 * @since 0.1.0
 */
public final class EvergreenCacheManager implements CacheManager {
  private final Evergreen evergreen;
  private final Map<String, Class<?>> types;
  private final Map<String, EvergreenSpringCache> caches = new ConcurrentHashMap<>();

  public EvergreenCacheManager(Evergreen evergreen, Map<String, Class<?>> types) {
    this.evergreen = evergreen;
    this.types = Map.copyOf(types);
  }

  @Override
  public @Nullable Cache getCache(String name) {
    return caches.computeIfAbsent(name, this::create);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private EvergreenSpringCache create(String name) {
    Class<?> type = types.getOrDefault(name, Object.class);
    EvergreenSpringCache.Loader loader = new EvergreenSpringCache.Loader();
    EntityCache<Object, Object> cache =
        (EntityCache<Object, Object>) evergreen.entity((Class) type).name(name).build(loader);
    return new EvergreenSpringCache(name, cache, loader);
  }

  @Override
  public Collection<String> getCacheNames() {
    return List.copyOf(caches.keySet());
  }
}
