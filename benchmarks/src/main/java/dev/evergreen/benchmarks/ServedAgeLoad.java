package dev.evergreen.benchmarks;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.redis.RedisStore;
import dev.evergreen.cache.testing.RedisServer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How stale what readers get really is, under load: 32 threads read 10,000 Zipf-distributed ids (a
 * few hot, a long tail) through Evergreen on a real Redis with {@code refreshAfter} 50 ms, for 10
 * s, the loader taking 1 ms like a quick query; then the served-age distribution ({@code
 * cache.served.age}) as p50 and p99, and as multiples of {@code refreshAfter}.
 *
 * <p>Not a JMH benchmark: what is measured is the age of the values, not the time of the calls.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.evergreen.benchmarks.ServedAgeLoad
 * [threads] [refresh threads or 0 for the default]}. Uses {@code REDIS_URL}, else starts its own
 * redis-server.
 */
public final class ServedAgeLoad {
  private static final int KEYS = 10_000;
  private static final Duration REFRESH_AFTER = Duration.ofMillis(50);
  private static final Duration RUN = Duration.ofSeconds(10);

  /** What the loader returns: when it was loaded, so each read can tell the age it got. */
  public record Stamped(long id, long loadedAtMillis) {}

  /** Ids below this rank are read more often than once per refreshAfter under this load. */
  private static final int HOT = 160;

  private ServedAgeLoad() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int refreshThreads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Zipf zipf = new Zipf(KEYS, 1.0);
    try (RedisServer redis = RedisFixture.start()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Evergreen.Builder builder =
          Evergreen.builder()
              .store(RedisStore.create(redis.uri()))
              .namespace("age" + System.nanoTime())
              .meterRegistry(registry);
      if (refreshThreads > 0) {
        builder.refreshThreads(refreshThreads);
      }
      try (Evergreen evergreen = builder.build()) {
        EntityCache<Long, Stamped> products =
            evergreen
                .entity(Stamped.class)
                .refreshAfter(REFRESH_AFTER)
                .expireAfter(Duration.ofSeconds(5))
                .build(
                    id -> {
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a quick query
                      return new Stamped(id, System.currentTimeMillis());
                    });
        Ages hot = new Ages();
        Ages tail = new Ages();
        ExecutorService readers = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + RUN.toNanos();
        List<Future<Long>> reads = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          reads.add(
              readers.submit(
                  () -> {
                    long count = 0;
                    while (System.nanoTime() < deadline) {
                      int rank = zipf.next();
                      Stamped got = products.get((long) rank);
                      long age = System.currentTimeMillis() - got.loadedAtMillis();
                      (rank < HOT ? hot : tail).add(age);
                      count++;
                    }
                    return count;
                  }));
        }
        long total = 0;
        for (Future<Long> read : reads) {
          total += read.get();
        }
        readers.shutdown();
        HistogramSnapshot ages = registry.get("cache.served.age").summary().takeSnapshot();
        double dropped = registry.get("cache.refreshes").tag("result", "dropped").counter().count();
        double refreshed =
            registry.get("cache.refreshes").tag("result", "success").counter().count();
        System.out.printf(
            "%d readers, %s refresh threads, %d reads in %ds, %.0f refreshes, %.0f dropped%n",
            threads,
            refreshThreads > 0 ? refreshThreads : "default",
            total,
            RUN.toSeconds(),
            refreshed,
            dropped);
        for (ValueAtPercentile percentile : ages.percentileValues()) {
          System.out.printf(
              "served age p%.0f: %.0f ms = %.1f x refreshAfter%n",
              percentile.percentile() * 100,
              percentile.value(),
              percentile.value() / REFRESH_AFTER.toMillis());
        }
        System.out.printf(
            "served age max: %.0f ms = %.1f x refreshAfter%n",
            ages.max(), ages.max() / REFRESH_AFTER.toMillis());
        System.out.printf(
            "the %d hottest ids (%.0f%% of reads): p50 %.1f x, p99 %.1f x refreshAfter%n",
            HOT,
            100.0 * hot.count() / (hot.count() + tail.count()),
            hot.percentile(0.5) / (double) REFRESH_AFTER.toMillis(),
            hot.percentile(0.99) / (double) REFRESH_AFTER.toMillis());
        System.out.printf(
            "the other %d (read less often than every refreshAfter): p50 %.1f x, p99 %.1f x%n",
            KEYS - HOT,
            tail.percentile(0.5) / (double) REFRESH_AFTER.toMillis(),
            tail.percentile(0.99) / (double) REFRESH_AFTER.toMillis());
      }
    }
  }

  /** Ages in milliseconds, counted per millisecond up to 10 s. */
  static final class Ages {
    private final java.util.concurrent.atomic.AtomicLongArray counts =
        new java.util.concurrent.atomic.AtomicLongArray(10_001);
    private final java.util.concurrent.atomic.LongAdder total =
        new java.util.concurrent.atomic.LongAdder();

    void add(long ageMillis) {
      counts.incrementAndGet((int) Math.max(0, Math.min(ageMillis, 10_000)));
      total.increment();
    }

    long count() {
      return total.sum();
    }

    long percentile(double p) {
      long target = (long) Math.ceil(p * count());
      long seen = 0;
      for (int age = 0; age < counts.length(); age++) {
        seen += counts.get(age);
        if (seen >= target) {
          return age;
        }
      }
      return counts.length() - 1;
    }
  }

  /** Zipf-distributed ranks 0..n-1 by inverting the cumulative weights (binary search). */
  static final class Zipf {
    private final double[] cumulative;

    Zipf(int n, double exponent) {
      cumulative = new double[n];
      double sum = 0;
      for (int k = 1; k <= n; k++) {
        sum += 1 / Math.pow(k, exponent);
        cumulative[k - 1] = sum;
      }
      for (int i = 0; i < n; i++) {
        cumulative[i] /= sum;
      }
    }

    int next() {
      double u = ThreadLocalRandom.current().nextDouble();
      int low = 0;
      int high = cumulative.length - 1;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (cumulative[mid] < u) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  }
}
