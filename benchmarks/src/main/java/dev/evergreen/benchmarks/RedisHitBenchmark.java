package dev.evergreen.benchmarks;

import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.Fastjson2ValueDecoder;
import com.alicp.jetcache.support.Fastjson2ValueEncoder;
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
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Group 3, the Redis hit, one loopback round trip each: raw Lettuce {@code GET} plus Jackson {@code
 * readValue} (the reference), Evergreen on {@code RedisStore}, Spring Data Redis {@code RedisCache}
 * with a typed Jackson serializer, and JetCache's remote cache on Lettuce (with its Fastjson2
 * encoder: JetCache ships no Jackson one).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RedisHit -prof gc -rf json}; add {@code
 * -t 4} for four threads. Uses {@code REDIS_URL}, else starts its own redis-server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RedisHitBenchmark {
  private static final JsonMapper MAPPER = JsonMapper.shared();

  private RedisServer redis;
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> connection;
  private RedisCommands<String, byte[]> raw;
  private Evergreen evergreen;
  private EntityCache<Long, Product> products;
  private LettuceConnectionFactory springConnections;
  private RedisCache springCache;
  private com.alicp.jetcache.Cache<Long, Product> jetcache;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void start() {
    redis = RedisFixture.start();
    client = RedisClient.create(redis.uri());
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    raw = connection.sync();
    evergreen =
        Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("bench").build();
    products = evergreen.entity(Product.class).build(Product::of);

    springConnections =
        new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
    springConnections.afterPropertiesSet();
    springConnections.start();
    RedisCacheManager manager =
        RedisCacheManager.builder(springConnections)
            .cacheDefaults(
                RedisCacheConfiguration.defaultCacheConfig()
                    .serializeValuesWith(
                        RedisSerializationContext.SerializationPair.fromSerializer(
                            new JacksonJsonRedisSerializer<>(Product.class))))
            .build();
    manager.afterPropertiesSet();
    springCache = (RedisCache) manager.getCache("products");

    jetcache =
        (com.alicp.jetcache.Cache<Long, Product>)
            (com.alicp.jetcache.Cache<?, ?>)
                RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
                    .redisClient(client)
                    .keyPrefix("jetcache:")
                    .valueEncoder(Fastjson2ValueEncoder.INSTANCE)
                    .valueDecoder(Fastjson2ValueDecoder.INSTANCE)
                    .expireAfterWrite(1, TimeUnit.HOURS)
                    .buildCache();

    for (int i = 0; i < Ids.COUNT; i++) {
      Long id = Ids.id(i);
      Product product = Product.of(id);
      raw.set(rawKey(id), MAPPER.writeValueAsBytes(product));
      products.get(id);
      springCache.put(id, product);
      jetcache.put(id, product);
    }
  }

  private static String rawKey(Long id) {
    return "raw:Product:" + id;
  }

  @TearDown(Level.Trial)
  public void stop() {
    jetcache.close();
    springConnections.destroy();
    evergreen.close();
    connection.close();
    client.shutdown();
    redis.close();
  }

  @Benchmark
  public Product lettuceAndJackson(Ids ids) {
    return MAPPER.readValue(raw.get(rawKey(ids.next())), Product.class);
  }

  @Benchmark
  public Product evergreen(Ids ids) {
    return products.get(ids.next());
  }

  @Benchmark
  public Product springDataRedisCache(Ids ids) {
    return springCache.get(ids.next(), Product.class);
  }

  @Benchmark
  public Product jetcacheRemote(Ids ids) {
    return jetcache.get(ids.next());
  }
}
