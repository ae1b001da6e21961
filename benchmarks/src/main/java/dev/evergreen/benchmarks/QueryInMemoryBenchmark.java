package dev.evergreen.benchmarks;

import dev.evergreen.cache.spring.CacheQuery;
import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.EvergreenAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Group 8, a cached query of 50 entities in memory, through Spring proxies: Spring
 * {@code @Cacheable} over Caffeine keeping the whole {@code List<Product>} (the reference) against
 * Evergreen's {@code @CacheQuery}, which keeps the 50 ids and hydrates them from the entity cache
 * on every call (one {@code getAll}). Both are hits.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueryInMemory -prof gc -rf json}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class QueryInMemoryBenchmark {
  static final int PAGE = 50;

  /** Page {@code page} of products: 50 of them. */
  static List<Product> page(int page) {
    List<Product> products = new ArrayList<>(PAGE);
    for (long id = (long) page * PAGE; id < (long) (page + 1) * PAGE; id++) {
      products.add(Product.of(id));
    }
    return products;
  }

  /** The repository with Spring's cache: the whole list is the cached value. */
  public static class SpringPages {
    @Cacheable("pages")
    public List<Product> findByPage(int page) {
      return page(page);
    }
  }

  /** The repository with Evergreen: ids for the query, entities by id. */
  public static class EvergreenPages {
    @CacheRead
    public Product findById(Long id) {
      return Product.of(id);
    }

    @CacheQuery
    public List<Product> findByPage(int page) {
      return page(page);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import({EvergreenAutoConfiguration.class, SpringCaffeineCache.class})
  static class Application {
    @Bean
    SpringPages springPages() {
      return new SpringPages();
    }

    @Bean
    EvergreenPages evergreenPages() {
      return new EvergreenPages();
    }
  }

  private AnnotationConfigApplicationContext context;
  private SpringPages spring;
  private EvergreenPages evergreen;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    context = new AnnotationConfigApplicationContext(Application.class);
    spring = context.getBean(SpringPages.class);
    evergreen = context.getBean(EvergreenPages.class);
    for (int page = 0; page < 16; page++) {
      spring.findByPage(page);
      evergreen.findByPage(page);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    context.close();
  }

  private int nextPage() {
    return next++ & 15;
  }

  @Benchmark
  public List<Product> springCacheableWholeList() {
    return spring.findByPage(nextPage());
  }

  @Benchmark
  public List<Product> evergreenCacheQuery() {
    return evergreen.findByPage(nextPage());
  }
}
