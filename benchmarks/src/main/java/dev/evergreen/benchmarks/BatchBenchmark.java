package dev.evergreen.benchmarks;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Group 4, batch reads on Redis: 100 sequential {@code get}s (the reference) against one {@code
 * getAll} of the same 100 ids (one {@code MGET}). All are hits.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Batch -rf json}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BatchBenchmark {
  private RedisServer redis;
  private Evergreen evergreen;
  private EntityCache<Long, Product> products;
  private final List<Long> hundred = new ArrayList<>();

  @Setup(Level.Trial)
  public void start() {
    redis = RedisFixture.start();
    evergreen =
        Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("batch").build();
    products = evergreen.entity(Product.class).build(Product::of);
    for (int i = 0; i < 100; i++) {
      hundred.add(Ids.id(i));
    }
    products.getAll(hundred);
  }

  @TearDown(Level.Trial)
  public void stop() {
    evergreen.close();
    redis.close();
  }

  @Benchmark
  public void sequentialGets(Blackhole sink) {
    for (Long id : hundred) {
      sink.consume(products.get(id));
    }
  }

  @Benchmark
  public Map<Long, Product> getAll() {
    return products.getAll(hundred);
  }
}
