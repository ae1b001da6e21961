package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import dev.evergreen.cache.spi.CacheStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

/**
 * Holds {@link EvergreenCacheManager}'s caches to Spring's {@link Cache} Javadoc, point by point; a
 * subclass gives the store (in memory, a real Redis).
 */
abstract class SpringCacheContract {
  record Price(String sku, long cents) {}

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final int CALLERS = 32;

  protected final MutableClock clock = new MutableClock();
  protected final QueueingExecutor refreshes = new QueueingExecutor();
  private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
  private Evergreen evergreen;
  private EvergreenCacheManager manager;
  private Cache cache;
  private Cache noNulls;

  /** A new store for each test. */
  protected abstract CacheStore createStore();

  @BeforeEach
  void createCaches() {
    evergreen =
        Evergreen.builder()
            .store(createStore())
            .clock(clock)
            .refreshExecutor(refreshes)
            .refreshAfter(Duration.ofMinutes(1))
            .namespace("contract" + NAMES.incrementAndGet())
            .build();
    manager =
        EvergreenCacheManager.builder(evergreen)
            .type("prices", Price.class)
            .type("strict", Price.class)
            .allowNullValues("strict", false)
            .build();
    cache = manager.getCache("prices");
    noNulls = manager.getCache("strict");
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    manager.close();
    evergreen.close();
  }

  private static Price price(long cents) {
    return new Price("p", cents);
  }

  // ---- identity, put, get, typed get ------------------------------------------------------

  @Test
  void nameAndNativeCache() {
    assertThat(cache.getName()).isEqualTo("prices");
    assertThat(cache.getNativeCache()).isInstanceOf(EntityCache.class);
    assertThat(manager.getCacheNames()).contains("prices", "strict");
  }

  @Test
  void get_ofAMissingKey_isNull_andTypedGetIsNull() {
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("a", Price.class)).isNull();
  }

  @Test
  void put_thenGet_returnsTheValue_wrappedAndTyped() {
    cache.put("a", price(1));

    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("a").get()).isEqualTo(price(1));
    assertThat(cache.get("a", Price.class)).isEqualTo(price(1));
    assertThat(cache.get("a", (Class<Price>) null)).isEqualTo(price(1));
  }

  @Test
  void typedGet_ofAnotherType_throwsIllegalStateException() {
    cache.put("a", price(1));

    assertThatThrownBy(() -> cache.get("a", String.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("java.lang.String");
  }

  // ---- null values --------------------------------------------------------------------------

  @Test
  void putOfNull_isCached_asAWrapperHoldingNull() {
    cache.put("a", null);

    Cache.ValueWrapper wrapper = cache.get("a");
    assertThat(wrapper).isNotNull();
    assertThat(wrapper.get()).isNull();
    assertThat(cache.get("a", Price.class)).isNull();
  }

  @Test
  void loaderReturningNull_isCached_andNotCalledAgain() {
    AtomicInteger calls = new AtomicInteger();

    assertThat(cache.<Price>get("a", () -> count(calls, null))).isNull();
    assertThat(cache.<Price>get("a", () -> count(calls, null))).isNull();

    assertThat(calls).hasValue(1);
    assertThat(cache.get("a")).isNotNull();
  }

  @Test
  void whenNullValuesAreNotAllowed_putOfNull_andANullFromTheLoader_fail() {
    assertThatThrownBy(() -> noNulls.put("a", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not allow null values");
    assertThatThrownBy(() -> noNulls.get("a", () -> null))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(noNulls.get("a")).isNull();
  }

  // ---- putIfAbsent, evict, evictIfPresent, clear, invalidate --------------------------------

  @Test
  void putIfAbsent_storesOnlyWhenAbsent_andReturnsWhatWasThere() {
    assertThat(cache.putIfAbsent("a", price(1))).isNull();
    Cache.ValueWrapper existing = cache.putIfAbsent("a", price(2));

    assertThat(existing).isNotNull();
    assertThat(existing.get()).isEqualTo(price(1));
    assertThat(cache.get("a", Price.class)).isEqualTo(price(1));

    cache.put("n", null);
    Cache.ValueWrapper cachedNull = cache.putIfAbsent("n", price(3));
    assertThat(cachedNull).isNotNull();
    assertThat(cachedNull.get()).isNull();
  }

  @Test
  void evict_andEvictIfPresent_forgetTheKey_andTellWhetherItWasThere() {
    cache.put("a", price(1));
    cache.put("b", price(2));

    cache.evict("a");
    assertThat(cache.get("a")).isNull();
    assertThat(cache.evictIfPresent("b")).isTrue();
    assertThat(cache.get("b")).isNull();
    assertThat(cache.evictIfPresent("b")).isFalse();
  }

  @Test
  void clear_andInvalidate_forgetEverything() {
    cache.put("a", price(1));
    cache.put("b", price(2));
    cache.clear();
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isNull();

    cache.put("c", price(3));
    cache.invalidate();
    assertThat(cache.get("c")).isNull();
  }

  // ---- get with a value loader --------------------------------------------------------------

  @Test
  void getWithLoader_onAHit_returnsTheValueWithoutCallingTheLoader() {
    cache.put("a", price(1));

    Price got =
        cache.get(
            "a",
            () -> {
              throw new AssertionError("a hit must not call the loader");
            });

    assertThat(got).isEqualTo(price(1));
  }

  @Test
  void getWithLoader_onAMiss_callsItOnce_forConcurrentCallers_andCaches() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch arrived = new CountDownLatch(CALLERS);

    List<Price> seen =
        allAtOnce(
            () -> {
              arrived.countDown();
              return cache.get(
                  "a",
                  () -> {
                    arrived.await(5, TimeUnit.SECONDS); // hold the load until all have asked
                    return count(calls, price(7));
                  });
            });

    assertThat(seen).hasSize(CALLERS).containsOnly(price(7));
    assertThat(calls).hasValue(1);
    assertThat(cache.get("a", Price.class)).isEqualTo(price(7));
  }

  @Test
  void getWithLoader_whoseLoaderThrows_wrapsItInValueRetrievalException_andCachesNothing() {
    IllegalStateException unchecked = new IllegalStateException("database down");
    IOException checked = new IOException("socket closed");

    assertThatThrownBy(
            () ->
                cache.get(
                    "a",
                    () -> {
                      throw unchecked;
                    }))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCause(unchecked)
        .satisfies(e -> assertThat(((Cache.ValueRetrievalException) e).getKey()).isEqualTo("a"));
    assertThatThrownBy(
            () ->
                cache.get(
                    "a",
                    () -> {
                      throw checked;
                    }))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCause(checked);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("a", () -> price(1))).isEqualTo(price(1));
  }

  @Test
  void getWithLoader_onAStaleEntry_returnsItAtOnce_andRefreshesWithTheLatestLoader() {
    assertThat(cache.get("a", () -> price(1))).isEqualTo(price(1));
    clock.advance(Duration.ofMinutes(2));

    assertThat(cache.get("a", () -> price(2))).isEqualTo(price(1)); // stale
    refreshes.runAll();

    assertThat(cache.get("a", Price.class)).isEqualTo(price(2));
  }

  // ---- retrieve ----------------------------------------------------------------------------

  @Test
  void retrieve_ofAMissingKey_isNull_ofAValue_aCompletedFuture_ofANull_aWrapper() throws Exception {
    assertThat(cache.retrieve("a")).isNull();

    cache.put("a", price(1));
    CompletableFuture<?> value = cache.retrieve("a");
    assertThat(value).isCompleted();
    assertThat(value.get()).isEqualTo(price(1));

    cache.put("n", null);
    CompletableFuture<?> cachedNull = cache.retrieve("n");
    assertThat(cachedNull).isCompleted();
    assertThat(cachedNull.get()).isInstanceOf(Cache.ValueWrapper.class);
    assertThat(((Cache.ValueWrapper) cachedNull.get()).get()).isNull();
  }

  @Test
  void retrieveWithSupplier_onAHit_completesAtOnce_withoutCallingIt() {
    cache.put("a", price(1));

    CompletableFuture<Price> got =
        cache.retrieve(
            "a",
            () -> {
              throw new AssertionError("a hit must not call the supplier");
            });

    assertThat(got).isCompletedWithValue(price(1));
  }

  @Test
  void retrieveWithSupplier_onAMiss_neverBlocksTheCaller_andCallsItOnceForConcurrentCallers()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Price> slowSource = new CompletableFuture<>();

    List<CompletableFuture<Price>> futures =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> {
              List<CompletableFuture<Price>> started = new ArrayList<>();
              for (int i = 0; i < CALLERS; i++) {
                started.add(
                    cache.retrieve(
                        "a",
                        () -> {
                          calls.incrementAndGet();
                          return slowSource;
                        }));
              }
              return started;
            });
    assertThat(futures).allSatisfy(future -> assertThat(future).isNotDone());

    slowSource.complete(price(9));

    for (CompletableFuture<Price> future : futures) {
      assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(price(9));
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.get("a", Price.class)).isEqualTo(price(9));
  }

  @Test
  void retrieveWithSupplier_whoseFutureFails_failsWithTheSameException_andCachesNothing() {
    IllegalStateException failure = new IllegalStateException("remote call failed");

    CompletableFuture<Price> got =
        cache.retrieve("a", () -> CompletableFuture.failedFuture(failure));

    assertThatThrownBy(() -> got.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCause(failure);
    assertThat(cache.get("a")).isNull();
  }

  @Test
  void retrieveWithSupplier_onAStaleEntry_completesAtOnce_andRefreshesInTheBackground()
      throws Exception {
    cache.retrieve("a", () -> CompletableFuture.completedFuture(price(1))).get(5, TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(2));

    CompletableFuture<Price> stale =
        cache.retrieve("a", () -> CompletableFuture.completedFuture(price(2)));

    assertThat(stale).isCompletedWithValue(price(1));
    refreshes.runAll();
    assertThat(cache.get("a", Price.class)).isEqualTo(price(2));
  }

  private static <T> T count(AtomicInteger calls, T value) {
    calls.incrementAndGet();
    return value;
  }

  private <T> List<T> allAtOnce(java.util.concurrent.Callable<T> call) throws Exception {
    CyclicBarrier start = new CyclicBarrier(CALLERS);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      futures.add(
          threads.submit(
              () -> {
                start.await();
                return call.call();
              }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(30, TimeUnit.SECONDS));
    }
    return results;
  }
}
