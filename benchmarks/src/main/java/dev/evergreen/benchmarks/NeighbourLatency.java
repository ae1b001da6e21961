package dev.evergreen.benchmarks;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityLoader;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What a bulk read costs everyone else on the server: another client PINGs in a loop while one
 * {@code getAll} of 100,000 ids runs cold (read, claims, load, writes) and then warm (all hits),
 * and its PING latencies are compared with the same PINGs on an idle server. Commands of bounded
 * size keep a neighbour's latency close to idle; one command for all 100,000 keys held it for the
 * whole command.
 *
 * <p>Not a JMH benchmark: what is measured is another client's latency, not the call's. Run: {@code
 * java -cp benchmarks/target/benchmarks.jar dev.evergreen.benchmarks.NeighbourLatency}. Uses {@code
 * REDIS_URL}, else starts its own redis-server.
 */
public final class NeighbourLatency {
  private static final int IDS = 100_000;

  private NeighbourLatency() {}

  public static void main(String[] args) throws Exception {
    List<Long> ids = LongStream.range(0, IDS).boxed().collect(Collectors.toList());
    try (RedisServer redis = RedisFixture.start()) {
      RedisClient neighbourClient = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> neighbour = neighbourClient.connect();
          Evergreen evergreen =
              Evergreen.builder()
                  .store(RedisStore.create(redis.uri()))
                  .namespace("neighbour" + System.nanoTime())
                  .build()) {
        EntityCache<Long, Product> products = evergreen.entity(Product.class).build(bulk());
        RedisCommands<String, String> ping = neighbour.sync();
        for (int i = 0; i < 10_000; i++) {
          ping.ping(); // warm the neighbour's own path
        }
        report("idle server", pingsDuring(ping, () -> idle(1_000)));
        report("cold getAll of 100,000", pingsDuring(ping, () -> products.getAll(ids)));
        report("warm getAll of 100,000", pingsDuring(ping, () -> products.getAll(ids)));
      } finally {
        neighbourClient.shutdown();
      }
    }
  }

  private static EntityLoader<Long, Product> bulk() {
    return new EntityLoader<>() {
      @Override
      public Product load(Long id) {
        return Product.of(id);
      }

      @Override
      public Map<Long, Product> loadAll(Set<? extends Long> ids) {
        return ids.stream().collect(Collectors.toMap(Function.identity(), Product::of));
      }
    };
  }

  private static void idle(long millis) {
    try {
      Thread.sleep(millis); // the idle baseline runs as long as a bulk read, roughly
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** PING latencies in microseconds, sent back to back while {@code work} runs. */
  private static long[] pingsDuring(RedisCommands<String, String> ping, Runnable work)
      throws InterruptedException {
    AtomicBoolean done = new AtomicBoolean();
    long[][] result = new long[1][];
    Thread pinger =
        new Thread(
            () -> {
              long[] latencies = new long[1 << 20];
              int n = 0;
              while (!done.get() && n < latencies.length) {
                long start = System.nanoTime();
                ping.ping();
                latencies[n++] = (System.nanoTime() - start) / 1_000;
              }
              result[0] = Arrays.copyOf(latencies, n);
            });
    pinger.start();
    long start = System.nanoTime();
    work.run();
    System.out.printf("  (work took %d ms)%n", (System.nanoTime() - start) / 1_000_000);
    done.set(true);
    pinger.join();
    return result[0];
  }

  private static void report(String what, long[] micros) {
    Arrays.sort(micros);
    System.out.printf(
        "%-24s %6d PINGs: p50 %5d us, p99 %6d us, max %7d us%n",
        what,
        micros.length,
        micros[micros.length / 2],
        micros[(int) (micros.length * 0.99)],
        micros[micros.length - 1]);
  }
}
