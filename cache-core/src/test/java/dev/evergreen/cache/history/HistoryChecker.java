package dev.evergreen.cache.history;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.EntityCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A randomized check of the consistency guarantee, in the manner of Jepsen: many threads run random
 * reads and writes of a few hot keys through one or more nodes (entity caches sharing a store) over
 * a {@link ModelDb}, while an optional fault runs beside them; afterwards every read is checked
 * against every write that completed before it began.
 *
 * <pre>{@code
 * ModelDb db = new ModelDb(8);
 * EntityCache<Long, Row> node = evergreen.entity(Row.class).build(db.loader());
 * HistoryChecker.Report report = HistoryChecker.of(db, 8, List.of(node)).run(Duration.ofSeconds(3));
 * assertThat(report.violations()).isEmpty();
 * }</pre>
 */
public final class HistoryChecker {
  /** What the fault thread runs; it marks when the other nodes may serve older values. */
  @FunctionalInterface
  public interface Fault {
    void inject(Windows windows, Stop stop) throws Exception;
  }

  /** Opens and closes the windows during which writes bind their own node only. */
  public interface Windows {
    void open();

    void close();
  }

  /** Whether the run is over; the fault loops until it is. */
  @FunctionalInterface
  public interface Stop {
    boolean requested();
  }

  /** The outcome of a run. */
  public record Report(
      int reads, int writes, long databaseLoads, List<String> violations, List<String> failures) {
    @Override
    public String toString() {
      return reads
          + " reads, "
          + writes
          + " writes, "
          + databaseLoads
          + " database loads, "
          + violations.size()
          + " stale reads, "
          + failures.size()
          + " failed calls"
          + (violations.isEmpty() ? "" : "; first: " + violations.subList(0, 1))
          + (failures.isEmpty() ? "" : "; first failure: " + failures.get(0));
    }
  }

  private final ModelDb db;
  private final int keys;
  private final List<EntityCache<Long, Row>> nodes;
  private int threads = 16;
  private Fault fault = (windows, stop) -> {};

  private HistoryChecker(ModelDb db, int keys, List<EntityCache<Long, Row>> nodes) {
    this.db = db;
    this.keys = keys;
    this.nodes = List.copyOf(nodes);
  }

  /** A checker over {@code db}'s first {@code keys} rows, reading and writing through nodes. */
  public static HistoryChecker of(ModelDb db, int keys, List<EntityCache<Long, Row>> nodes) {
    return new HistoryChecker(requireNonNull(db), keys, nodes);
  }

  public HistoryChecker threads(int threads) {
    this.threads = threads;
    return this;
  }

  public HistoryChecker fault(Fault fault) {
    this.fault = requireNonNull(fault);
    return this;
  }

  /** Runs for {@code duration}, then checks the history. */
  public Report run(Duration duration) throws Exception {
    History history = new History();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    long deadline = System.nanoTime() + duration.toNanos();
    Stop stop = () -> System.nanoTime() - deadline > 0;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    AtomicLong ops = new AtomicLong();
    try {
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  start.await();
                  while (!stop.requested()) {
                    step(history, failures);
                    ops.incrementAndGet();
                  }
                  return null;
                }));
      }
      Windows windows =
          new Windows() {
            @Override
            public void open() {
              history.openFault();
            }

            @Override
            public void close() {
              history.closeFault();
            }
          };
      running.add(
          pool.submit(
              () -> {
                start.await();
                fault.inject(windows, stop);
                return null;
              }));
      start.countDown();
      for (Future<?> future : running) {
        future.get(duration.toMillis() + 120_000, TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Report(
        history.reads(),
        history.writes(),
        db.loads(),
        history.violations(keys),
        List.copyOf(failures));
  }

  private void step(History history, Queue<String> failures) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int node = random.nextInt(nodes.size());
    EntityCache<Long, Row> cache = nodes.get(node);
    long key = random.nextLong(keys);
    int dice = random.nextInt(100);
    try {
      if (dice < 35) {
        long begin = history.tick();
        Row row = cache.get(key);
        history.read(key, node, begin, history.tick(), version(row), "get");
      } else if (dice < 47) {
        List<Long> wanted = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          wanted.add(random.nextLong(keys));
        }
        long begin = history.tick();
        Map<Long, Row> found = cache.getAll(wanted);
        long end = history.tick();
        for (Long id : wanted) {
          history.read(id, node, begin, end, version(found.get(id)), "getAll");
        }
      } else if (dice < 57) {
        long begin = history.tick();
        Row row = cache.getIfPresent(key);
        if (row != null) {
          history.read(key, node, begin, history.tick(), row.version(), "getIfPresent");
        }
      } else if (dice < 95) {
        boolean delete = dice >= 90;
        boolean put = !delete && dice < 73;
        ReentrantLock lock = db.lock(key);
        lock.lock();
        try {
          long begin = history.tick();
          long version = db.write(key, delete);
          if (put) {
            cache.put(key, new Row(key, version));
          } else {
            cache.invalidate(key);
          }
          history.write(key, node, begin, history.tick(), version, delete);
        } finally {
          lock.unlock();
        }
      } else {
        cache.refresh(key);
      }
    } catch (RuntimeException | Error e) {
      failures.add(e.toString());
    }
  }

  private static Long version(Row row) {
    return row == null ? null : row.version();
  }
}
