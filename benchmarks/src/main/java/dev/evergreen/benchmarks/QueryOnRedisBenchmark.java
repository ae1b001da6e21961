package dev.evergreen.benchmarks;

import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Group 9, a cached query of 50 entities on Redis, both hits: the whole {@code List<Product>} as
 * one JSON value, read by raw Lettuce {@code GET} and Jackson (what {@code @Cacheable} on Spring
 * Data Redis stores; the reference, one round trip), against Evergreen's cached query, which reads
 * the 50 ids and then the 50 entities ({@code getAll}): two round trips, and each entity stored
 * once however many lists hold it (see {@link QueryFootprint}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueryOnRedis -prof gc -rf json}. Uses
 * {@code REDIS_URL}, else starts its own redis-server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class QueryOnRedisBenchmark {
  private static final JsonMapper MAPPER = JsonMapper.shared();
  private static final TypeReference<List<Product>> LIST = new TypeReference<>() {};

  private RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> connection;
  private RedisCommands<String, byte[]> raw;
  private Evergreen evergreen;
  private CachedQuery<Integer, Product> pages;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    redis = RedisFixture.start();
    client = RedisClient.create(redis.uri());
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    raw = connection.sync();
    evergreen =
        Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("query").build();
    EntityCache<Long, Product> products =
        evergreen.entity(Product.class).ids(Long.class, Product::id).build(Product::of);
    pages = products.query("byPage").build(QueryInMemoryBenchmark::page);
    for (int page = 0; page < 16; page++) {
      raw.set("raw:pages:" + page, MAPPER.writeValueAsBytes(QueryInMemoryBenchmark.page(page)));
      pages.get(page);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    evergreen.close();
    connection.close();
    client.shutdown();
    redis.close();
  }

  private int nextPage() {
    return next++ & 15;
  }

  @Benchmark
  public List<Product> lettuceAndJacksonWholeList() {
    return MAPPER.readValue(raw.get("raw:pages:" + nextPage()), LIST);
  }

  @Benchmark
  public List<Product> evergreenCachedQuery() {
    return pages.get(nextPage());
  }
}
