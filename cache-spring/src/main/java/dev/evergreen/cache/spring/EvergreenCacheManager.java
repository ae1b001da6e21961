package dev.evergreen.cache.spring;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityCacheBuilder;
import dev.evergreen.cache.Evergreen;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} on Evergreen, so code on {@code @Cacheable} switches by
 * configuration ({@code evergreen.cache-manager.enabled=true}). Each cache name becomes an entity
 * cache named after it.
 *
 * <p>Its caches keep Spring's {@link Cache} contract as Spring's Caffeine and ConcurrentMap caches
 * do: null values are cached (for the entity's {@code negativeTtl}) unless {@link
 * Builder#allowNullValues not allowed}; {@code get(key, valueLoader)} calls the loader once per key
 * however many callers ask, and wraps its failure in {@link Cache.ValueRetrievalException}; {@code
 * retrieve} serves {@code @Cacheable} methods returning {@code CompletableFuture} (and reactive
 * types through Spring's adapter) with the same single-flight and stale-while-revalidate, loading
 * on an executor so no caller blocks. With {@code @Cacheable(sync = true)} (or a {@code
 * CompletableFuture} method) a stale hit is returned at once and the method called again in the
 * background with the arguments of the latest read of that key; without it Spring calls the method
 * itself on a miss, so there is no background refresh.
 *
 * <p>The schema hash needs a value type: {@link Builder#type}, or {@code
 * evergreen.cache-manager.types.<cache>=com.acme.User}; without one the type is {@code Object},
 * fine in memory, but values read back from Redis are then plain maps and lists.
 *
 * <p>Thread-safe. {@link #close()} stops the executor it created (not one it was given).
 *
 * @since 0.1.0
 */
public final class EvergreenCacheManager implements CacheManager, AutoCloseable {
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final Evergreen evergreen;
  private final Map<String, Class<?>> types;
  private final boolean allowNullValues;
  private final Map<String, Boolean> allowNullValuesFor;
  private final BiConsumer<String, EntityCacheBuilder<?>> configure;
  private final Executor asyncExecutor;
  private final @Nullable ExecutorService ownedExecutor;
  private final Map<String, EvergreenSpringCache> caches = new ConcurrentHashMap<>();

  /** A manager with these value types, null values allowed, and the default executor. */
  public EvergreenCacheManager(Evergreen evergreen, Map<String, Class<?>> types) {
    this(builder(evergreen).types(types));
  }

  private EvergreenCacheManager(Builder builder) {
    this.evergreen = builder.evergreen;
    this.types = Map.copyOf(builder.types);
    this.allowNullValues = builder.allowNullValues;
    this.allowNullValuesFor = Map.copyOf(builder.allowNullValuesFor);
    this.configure = builder.configure;
    if (builder.asyncExecutor != null) {
      this.asyncExecutor = builder.asyncExecutor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = defaultExecutor();
      this.asyncExecutor = ownedExecutor;
    }
  }

  /** Starts configuring a manager on {@code evergreen}. */
  public static Builder builder(Evergreen evergreen) {
    return new Builder(requireNonNull(evergreen, "evergreen"));
  }

  @Override
  public @Nullable Cache getCache(String name) {
    return caches.computeIfAbsent(name, this::create);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private EvergreenSpringCache create(String name) {
    Class<?> type = types.getOrDefault(name, Object.class);
    boolean nulls = allowNullValuesFor.getOrDefault(name, allowNullValues);
    EvergreenSpringCache.Loader loader = new EvergreenSpringCache.Loader(name, nulls);
    EntityCacheBuilder builder = evergreen.entity((Class) type).name(name);
    configure.accept(name, builder);
    EntityCache<Object, Object> cache = (EntityCache<Object, Object>) builder.build(loader);
    return new EvergreenSpringCache(name, cache, loader, nulls, asyncExecutor);
  }

  @Override
  public Collection<String> getCacheNames() {
    return List.copyOf(caches.keySet());
  }

  /** Stops the executor this manager created for asynchronous loads; idempotent. */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  /**
   * Virtual threads where the JDK has them (21+): a load blocked on a slow source costs no platform
   * thread. Else daemon threads, created as needed and kept a minute.
   */
  private static ExecutorService defaultExecutor() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "evergreen-async-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
    }
  }

  /** Options of an {@link EvergreenCacheManager}. Not thread-safe. */
  public static final class Builder {
    private final Evergreen evergreen;
    private final Map<String, Class<?>> types = new LinkedHashMap<>();
    private final Map<String, Boolean> allowNullValuesFor = new LinkedHashMap<>();
    private boolean allowNullValues = true;
    private BiConsumer<String, EntityCacheBuilder<?>> configure = (name, builder) -> {};
    private @Nullable Executor asyncExecutor;

    private Builder(Evergreen evergreen) {
      this.evergreen = evergreen;
    }

    /** The value type of cache {@code name}: its schema hash, and the type Redis decodes. */
    public Builder type(String name, Class<?> type) {
      types.put(requireNonNull(name, "name"), requireNonNull(type, "type"));
      return this;
    }

    public Builder types(Map<String, Class<?>> types) {
      types.forEach(this::type);
      return this;
    }

    /**
     * Whether caches store null values, as a remembered absence for the entity's {@code
     * negativeTtl}. Default: true, as Spring's managers. Without, a null put or a null from a value
     * loader fails with {@link IllegalArgumentException}, as Spring's caches do.
     */
    public Builder allowNullValues(boolean allow) {
      this.allowNullValues = allow;
      return this;
    }

    /** {@link #allowNullValues(boolean)} for one cache. */
    public Builder allowNullValues(String name, boolean allow) {
      allowNullValuesFor.put(requireNonNull(name, "name"), allow);
      return this;
    }

    /** Configures each cache's entity builder (durations) before it is built. */
    public Builder configure(BiConsumer<String, EntityCacheBuilder<?>> configure) {
      this.configure = requireNonNull(configure, "configure");
      return this;
    }

    /**
     * Runs the loads of {@code retrieve(key, loader)} on a miss. Default: a virtual thread per load
     * on JDK 21+, else a pool of daemon threads; closed by {@link #close()}. One given here is left
     * open.
     */
    public Builder asyncExecutor(Executor executor) {
      this.asyncExecutor = requireNonNull(executor, "executor");
      return this;
    }

    public EvergreenCacheManager build() {
      return new EvergreenCacheManager(this);
    }
  }
}
