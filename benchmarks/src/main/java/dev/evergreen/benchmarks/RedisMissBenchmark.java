package dev.evergreen.benchmarks;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Groups 6 and 7, the Redis miss: every call reads an id never read before, loads it (the loader is
 * free, so only the cache's own work is measured) and stores it.
 *
 * <ul>
 *   <li>One id: a hand-rolled cache-aside on raw Lettuce ({@code GET}, load, Jackson, {@code SET
 *       EX}: two round trips, the reference) against Evergreen's {@code get} (a bounded read, then
 *       the lease claim and the fenced write: three round trips, each a small script).
 *   <li>100 ids: {@code MGET}, load, and 100 pipelined {@code SET EX} (two round trips, the
 *       reference) against Evergreen's {@code getAll} (read, claims pipelined, writes pipelined:
 *       three).
 * </ul>
 *
 * <p>The hand-rolled versions are what the lease replaces, and are not safe: a write racing an
 * invalidation can leave the old row cached forever. The ratio is the price of that safety.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar 'RedisMiss.*(lettuceGetLoadSet|
 * evergreenGet)$'} for one id, {@code 'RedisMiss.*(lettuceMgetLoadPipelinedSets|evergreenGetAll)$'}
 * for 100. Uses {@code REDIS_URL}, else starts its own redis-server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RedisMissBenchmark {
  private static final JsonMapper MAPPER = JsonMapper.shared();
  private static final SetArgs ONE_HOUR = SetArgs.Builder.ex(3600);
  private static final int BATCH = 100;

  /** Ids no benchmark has read yet; shared, so threads never collide on one. */
  private final AtomicLong nextId = new AtomicLong(1_000_000);

  private RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> connection;
  private RedisCommands<String, byte[]> raw;
  private RedisAsyncCommands<String, byte[]> pipelined;
  private Evergreen evergreen;
  private EntityCache<Long, Product> products;

  @Setup(Level.Trial)
  public void start() {
    redis = RedisFixture.start();
    client = RedisClient.create(redis.uri());
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    raw = connection.sync();
    pipelined = connection.async();
    evergreen = Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("miss").build();
    products = evergreen.entity(Product.class).build(Product::of);
  }

  @TearDown(Level.Trial)
  public void stop() {
    evergreen.close();
    connection.close();
    client.shutdown();
    redis.close();
  }

  private static String rawKey(long id) {
    return "raw:Product:" + id;
  }

  @Benchmark
  public Product lettuceGetLoadSet() {
    long id = nextId.getAndIncrement();
    String key = rawKey(id);
    byte[] cached = raw.get(key);
    if (cached != null) {
      return MAPPER.readValue(cached, Product.class);
    }
    Product loaded = Product.of(id);
    raw.set(key, MAPPER.writeValueAsBytes(loaded), ONE_HOUR);
    return loaded;
  }

  @Benchmark
  public Product evergreenGet() {
    return products.get(nextId.getAndIncrement());
  }

  @Benchmark
  public Map<Long, Product> lettuceMgetLoadPipelinedSets()
      throws InterruptedException, ExecutionException {
    long first = nextId.getAndAdd(BATCH);
    String[] keys = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      keys[i] = rawKey(first + i);
    }
    Map<Long, Product> found = new HashMap<>();
    List<RedisFuture<String>> writes = new ArrayList<>();
    List<KeyValue<String, byte[]>> values = raw.mget(keys);
    for (int i = 0; i < BATCH; i++) {
      long id = first + i;
      KeyValue<String, byte[]> value = values.get(i);
      if (value.hasValue()) {
        found.put(id, MAPPER.readValue(value.getValue(), Product.class));
      } else {
        Product loaded = Product.of(id);
        found.put(id, loaded);
        writes.add(pipelined.set(keys[i], MAPPER.writeValueAsBytes(loaded), ONE_HOUR));
      }
    }
    for (RedisFuture<String> write : writes) {
      write.get();
    }
    return found;
  }

  @Benchmark
  public Map<Long, Product> evergreenGetAll() {
    long first = nextId.getAndAdd(BATCH);
    List<Long> ids = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      ids.add(first + i);
    }
    return products.getAll(ids);
  }
}
