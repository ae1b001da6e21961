package dev.evergreen.cache.spring;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evergreen.cache.CacheStoreException;
import dev.evergreen.cache.Cached;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One Spring {@link Cache} on an {@link EntityCache}, keeping the contract Spring's Javadoc gives
 * and its Caffeine and ConcurrentMap caches keep: null values cached (unless not allowed), loader
 * failures wrapped in {@link ValueRetrievalException}, and {@code retrieve} for asynchronous
 * caching. See {@link EvergreenCacheManager}.
 */
final class EvergreenSpringCache implements Cache {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache.spring");

  /** A value loader's own failure, carried through the engine to be wrapped for Spring. */
  static final class LoaderFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoaderFailure(Throwable cause) {
      super(cause.toString(), cause, false, false);
    }
  }

  /**
   * Loads through the value loader Spring passes: the caller's own on a miss, and for a background
   * refresh the latest one seen for that key.
   */
  static final class Loader implements EntityLoader<Object, Object> {
    private static final ThreadLocal<Callable<?>> CURRENT = new ThreadLocal<>();
    private final com.github.benmanes.caffeine.cache.Cache<Object, Callable<?>> latest =
        Caffeine.newBuilder().maximumSize(10_000).build();
    private final String cacheName;
    private final boolean allowNullValues;

    Loader(String cacheName, boolean allowNullValues) {
      this.cacheName = cacheName;
      this.allowNullValues = allowNullValues;
    }

    @Override
    public @Nullable Object load(Object key) {
      Callable<?> loader = CURRENT.get();
      if (loader == null) {
        loader = latest.getIfPresent(key);
      }
      if (loader == null) {
        throw new IllegalStateException(cacheName + ": no value loader known for key " + key);
      }
      Object value;
      try {
        value = loader.call();
      } catch (Exception e) {
        throw new LoaderFailure(e);
      }
      if (value == null && !allowNullValues) {
        throw new LoaderFailure(nullNotAllowed(cacheName));
      }
      return value;
    }
  }

  private final String name;
  private final EntityCache<Object, Object> cache;
  private final Loader loader;
  private final boolean allowNullValues;
  private final Executor asyncExecutor;

  EvergreenSpringCache(
      String name,
      EntityCache<Object, Object> cache,
      Loader loader,
      boolean allowNullValues,
      Executor asyncExecutor) {
    this.name = name;
    this.cache = cache;
    this.loader = loader;
    this.allowNullValues = allowNullValues;
    this.asyncExecutor = asyncExecutor;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Object getNativeCache() {
    return cache;
  }

  /** A {@link ValueWrapper} of the cached value, holding null for a cached null; else null. */
  @Override
  public @Nullable ValueWrapper get(Object key) {
    Cached<Object> cached = cache.getCached(key);
    return cached == null ? null : new SimpleValueWrapper(cached.value());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
    Cached<Object> cached = cache.getCached(key);
    Object value = cached == null ? null : cached.value();
    if (value != null && type != null && !type.isInstance(value)) {
      throw new IllegalStateException(
          "Cached value is not of required type [" + type.getName() + "]: " + value);
    }
    return (T) value;
  }

  /**
   * The cached value, else the loader's, loaded once however many callers ask at once; a stale hit
   * is returned at once and refreshed in the background with the latest loader seen for the key.
   *
   * @throws ValueRetrievalException wrapping whatever the loader threw; nothing is cached then
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    loader.latest.put(key, valueLoader);
    Loader.CURRENT.set(valueLoader);
    try {
      return (T) cache.get(key);
    } catch (LoaderFailure e) {
      throw new ValueRetrievalException(key, valueLoader, e.getCause());
    } finally {
      Loader.CURRENT.remove();
    }
  }

  /**
   * Looks the key up without loading: null if nothing is cached, else a completed future of the
   * value, or of a {@link ValueWrapper} holding null for a cached null. On Redis the lookup is one
   * {@code GET} in the calling thread, at most the command timeout.
   */
  @Override
  public @Nullable CompletableFuture<?> retrieve(Object key) {
    Cached<Object> cached = cache.getCached(key);
    if (cached == null) {
      return null;
    }
    return CompletableFuture.completedFuture(
        cached.isAbsent() ? new SimpleValueWrapper(null) : cached.value());
  }

  /**
   * The cached value at once (a stale one is refreshed in the background through the latest
   * supplier seen for the key); on a miss, the supplier's value, loaded once however many callers
   * ask at once, on the cache's executor so the caller never blocks. A supplier whose future fails
   * fails the returned future with the same exception, and nothing is cached.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    Callable<T> blocking = () -> joined(valueLoader.get());
    loader.latest.put(key, blocking); // a stale hit's refresh calls the latest supplier
    Cached<Object> cached = cache.getCached(key);
    if (cached != null) {
      return CompletableFuture.completedFuture((T) cached.value());
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    asyncExecutor.execute(
        () -> {
          Loader.CURRENT.set(blocking);
          try {
            result.complete((T) cache.get(key));
          } catch (LoaderFailure e) {
            result.completeExceptionally(e.getCause());
          } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
          } finally {
            Loader.CURRENT.remove();
          }
        });
    return result;
  }

  private static <T> T joined(CompletableFuture<T> future) throws Exception {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    }
  }

  /**
   * Stores {@code value}; a null is cached as a remembered absence for the entity's {@code
   * negativeTtl}.
   *
   * @throws IllegalArgumentException for a null when this cache does not allow null values
   */
  @Override
  public void put(Object key, @Nullable Object value) {
    if (value != null) {
      cache.put(key, value);
    } else if (allowNullValues) {
      cache.putAbsent(key);
    } else {
      throw nullNotAllowed(name);
    }
  }

  /** Not atomic, as Spring's default: a look-up, then a put. */
  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    ValueWrapper existing = get(key);
    if (existing != null) {
      return existing;
    }
    put(key, value);
    return null;
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    boolean present = cache.getCached(key) != null;
    cache.invalidate(key);
    return present;
  }

  /**
   * Forgets every entry. If the store could not finish, this process already serves the cache from
   * its loaders only and retries the clear until it lands: logged, not thrown into the request, as
   * Spring allows a deferred clear.
   */
  @Override
  public void clear() {
    try {
      cache.invalidateAll();
    } catch (CacheStoreException e) {
      LOG.log(Level.WARNING, e.getMessage(), e);
    }
  }

  /**
   * {@link #clear()}: entries are invisible to this process once it returns, even if the store has
   * not finished. Always false: whether anything was cached is not known without a scan.
   */
  @Override
  public boolean invalidate() {
    clear();
    return false;
  }

  static IllegalArgumentException nullNotAllowed(String name) {
    return new IllegalArgumentException(
        "Cache '" + name + "' is configured to not allow null values but null was provided");
  }
}
