package dev.evergreen.benchmarks;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.EvergreenAutoConfiguration;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Group 2, the annotated repository hit: the same method cached by Spring {@code @Cacheable} over
 * Caffeine (the reference) and by Evergreen's {@code @CacheRead}, both called through Spring
 * proxies in one application context.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AnnotatedRepository -prof gc -rf json}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AnnotatedRepositoryBenchmark {

  /** The same repository with Evergreen. */
  public static class EvergreenRepository {
    @CacheRead
    public Product findById(Long id) {
      return Product.of(id);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import({EvergreenAutoConfiguration.class, SpringCaffeineCache.class})
  static class Application {
    @Bean
    EvergreenRepository evergreenRepository() {
      return new EvergreenRepository();
    }
  }

  private AnnotationConfigApplicationContext context;
  private SpringCaffeineCache.Products spring;
  private EvergreenRepository evergreen;

  @Setup(Level.Trial)
  public void start() {
    context = new AnnotationConfigApplicationContext(Application.class);
    spring = context.getBean(SpringCaffeineCache.Products.class);
    evergreen = context.getBean(EvergreenRepository.class);
    for (int i = 0; i < Ids.COUNT; i++) {
      spring.findById(Ids.id(i));
      evergreen.findById(Ids.id(i));
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    context.close();
  }

  @Benchmark
  public Product springCacheable(Ids ids) {
    return spring.findById(ids.next());
  }

  @Benchmark
  public Product evergreenCacheRead(Ids ids) {
    return evergreen.findById(ids.next());
  }
}
