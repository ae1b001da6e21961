package dev.evergreen.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group 5, tail latency under a slow source: a loader that takes 50 ms and entries that go stale
 * all the time, 4 threads, latency percentiles. A plain cache-aside (Caffeine with {@code
 * expireAfterWrite}, the load in the request path; the reference) against Evergreen serving stale
 * values while it refreshes, and Evergreen's plain hit for scale.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SlowSource -rf json}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class SlowSourceBenchmark {
  private static final int KEYS = 64;
  private static final Duration LIFETIME = Duration.ofMillis(100);

  private LoadingCache<Long, Product> cacheAside;
  private Evergreen evergreen;
  private EntityCache<Long, Product> alwaysStale;
  private EntityCache<Long, Product> neverStale;

  static Product slowLoad(Long id) {
    try {
      Thread.sleep(50); // the slow database
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Product.of(id);
  }

  @Setup(Level.Trial)
  public void start() {
    cacheAside =
        Caffeine.newBuilder().expireAfterWrite(LIFETIME).build(SlowSourceBenchmark::slowLoad);
    evergreen = Evergreen.builder().build();
    alwaysStale =
        evergreen
            .entity(Product.class)
            .refreshAfter(LIFETIME) // stale 100 ms after each refresh
            .expireAfter(Duration.ofHours(1))
            .build(SlowSourceBenchmark::slowLoad);
    neverStale =
        evergreen
            .entity(Product.class)
            .name("FreshProduct")
            .refreshAfter(Duration.ofHours(1))
            .expireAfter(Duration.ofHours(2))
            .build(SlowSourceBenchmark::slowLoad);
    // Fill in parallel: one by one, 3 x 64 loads of 50 ms would take ten seconds.
    java.util.concurrent.ExecutorService fill =
        java.util.concurrent.Executors.newFixedThreadPool(32);
    try {
      java.util.List<java.util.concurrent.Future<?>> loads = new java.util.ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        Long id = Ids.id(i);
        loads.add(fill.submit(() -> cacheAside.get(id)));
        loads.add(fill.submit(() -> alwaysStale.get(id)));
        loads.add(fill.submit(() -> neverStale.get(id)));
      }
      for (java.util.concurrent.Future<?> load : loads) {
        load.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not fill the caches", e);
    } finally {
      fill.shutdown();
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    evergreen.close();
  }

  private static Long key(Ids ids) {
    return Ids.id(ids.next().intValue() % KEYS);
  }

  @Benchmark
  public Product cacheAside(Ids ids) {
    return cacheAside.get(key(ids));
  }

  @Benchmark
  public Product evergreenUnderSlowSource(Ids ids) {
    return alwaysStale.get(key(ids));
  }

  @Benchmark
  public Product evergreenPlainHit(Ids ids) {
    return neverStale.get(key(ids));
  }
}
