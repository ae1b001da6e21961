package dev.evergreen.benchmarks;

import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * How much Redis memory 100 overlapping queries take: query {@code i} selects products {@code i} to
 * {@code i + 49}, so 149 products appear 5,000 times. Whole lists (what {@code @Cacheable} stores)
 * against Evergreen's id lists plus each entity once; {@code MEMORY USAGE} summed over each one's
 * keys.
 *
 * <p>Not JMH: it measures bytes, not time. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.evergreen.benchmarks.QueryFootprint}. Uses {@code REDIS_URL}, else its own redis-server.
 */
public final class QueryFootprint {
  private static final int QUERIES = 100;
  private static final int SIZE = 50;

  private QueryFootprint() {}

  static List<Product> window(int first) {
    List<Product> products = new ArrayList<>(SIZE);
    for (long id = first; id < first + SIZE; id++) {
      products.add(Product.of(id));
    }
    return products;
  }

  public static void main(String[] args) throws Exception {
    try (RedisServer redis = RedisFixture.start()) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> connection = client.connect();
          Evergreen evergreen =
              Evergreen.builder().store(RedisStore.create(redis.uri())).namespace("ids").build()) {
        RedisCommands<String, String> commands = connection.sync();
        JsonMapper mapper = JsonMapper.shared();
        for (int first = 0; first < QUERIES; first++) {
          commands.set("lists:window:" + first, mapper.writeValueAsString(window(first)));
        }
        EntityCache<Long, Product> products =
            evergreen.entity(Product.class).ids(Long.class, Product::id).build(Product::of);
        CachedQuery<Integer, Product> windows =
            products.query("window").build(QueryFootprint::window);
        for (int first = 0; first < QUERIES; first++) {
          windows.get(first);
        }

        long lists = memory(commands, "lists:*");
        long ids = memory(commands, "ids:*");
        System.out.printf(
            "%d overlapping queries of %d products: whole lists %,d bytes, ids + entities %,d"
                + " bytes (%.1fx less)%n",
            QUERIES, SIZE, lists, ids, (double) lists / ids);
      } finally {
        client.shutdown();
      }
    }
  }

  private static long memory(RedisCommands<String, String> commands, String pattern) {
    long total = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(pattern));
      for (String key : page.getKeys()) {
        Long usage = commands.memoryUsage(key);
        total += usage == null ? 0 : usage;
      }
      cursor = page;
    } while (!cursor.isFinished());
    return total;
  }
}
