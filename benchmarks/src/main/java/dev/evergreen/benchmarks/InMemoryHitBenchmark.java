package dev.evergreen.benchmarks;

import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Group 1, the in-memory hit: raw Caffeine (the reference), Evergreen's fresh hit, the same for a
 * mutable bean (each read decodes a private copy), Evergreen's stale hit with its refresh in
 * flight, Spring {@code @Cacheable} over {@code CaffeineCacheManager}, and JetCache's local cache.
 * Every cache holds the same 1,024 products.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar InMemoryHit -prof gc -rf json}; add
 * {@code -t 4} for four threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class InMemoryHitBenchmark {

  private Cache<Long, Product> caffeine;
  private Evergreen evergreen;
  private EntityCache<Long, Product> fresh;
  private EntityCache<Long, ProductBean> copied;
  private Evergreen staleEvergreen;
  private EntityCache<Long, Product> stale;
  private AnnotationConfigApplicationContext spring;
  private SpringCaffeineCache.Products springProducts;
  private com.alicp.jetcache.Cache<Long, Product> jetcache;

  @Setup(Level.Trial)
  public void fill() {
    caffeine = Caffeine.newBuilder().maximumSize(100_000).build();
    evergreen = Evergreen.builder().build();
    fresh = evergreen.entity(Product.class).build(Product::of);
    copied = evergreen.entity(ProductBean.class).build(ProductBean::of);
    // Written at an old time, so every read is stale; the executor keeps each refresh "in
    // flight" forever, as a slow refresh would be: stale reads then only see it is running.
    MovableClock clock = new MovableClock();
    staleEvergreen = Evergreen.builder().clock(clock).refreshExecutor(task -> {}).build();
    stale =
        staleEvergreen.entity(Product.class).refreshAfter(Duration.ofMinutes(1)).build(Product::of);
    spring = new AnnotationConfigApplicationContext(SpringCaffeineCache.class);
    springProducts = spring.getBean(SpringCaffeineCache.Products.class);
    jetcache = CaffeineCacheBuilder.createCaffeineCacheBuilder().limit(100_000).buildCache();
    for (int i = 0; i < Ids.COUNT; i++) {
      Long id = Ids.id(i);
      caffeine.put(id, Product.of(id));
      fresh.get(id);
      copied.get(id);
      stale.get(id);
      springProducts.findById(id);
      jetcache.put(id, Product.of(id));
    }
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < Ids.COUNT; i++) {
      stale.get(Ids.id(i)); // queue (and park) the refresh of every id
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    evergreen.close();
    staleEvergreen.close();
    spring.close();
    jetcache.close();
  }

  @Benchmark
  public Product caffeine(Ids ids) {
    return caffeine.getIfPresent(ids.next());
  }

  @Benchmark
  public Product evergreenFresh(Ids ids) {
    return fresh.get(ids.next());
  }

  /** A mutable entity (a JPA-style bean): every hit decodes the caller's own copy. */
  @Benchmark
  public ProductBean evergreenFreshPrivateCopy(Ids ids) {
    return copied.get(ids.next());
  }

  @Benchmark
  public Product evergreenStaleRefreshInFlight(Ids ids) {
    return stale.get(ids.next());
  }

  @Benchmark
  public Product springCacheable(Ids ids) {
    return springProducts.findById(ids.next());
  }

  @Benchmark
  public Product jetcacheLocal(Ids ids) {
    return jetcache.get(ids.next());
  }

  /** A clock the benchmark moves once, to make entries stale. */
  static final class MovableClock extends Clock {
    private volatile long millis = System.currentTimeMillis();

    void advance(Duration duration) {
      millis += duration.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
