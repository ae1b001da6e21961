package dev.evergreen.cache.history;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.UniqueIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

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

  /**
   * One node as the checker drives it: an entity cache of rows of any class (two schema versions of
   * one entity are two classes), seen through the row version it holds.
   */
  public static final class Node {
    private final EntityCache<Long, ?> cache;
    private final Function<Object, Long> version;
    private final BiFunction<Long, Long, ?> row;
    private final @Nullable CachedQuery<Long, ?> byParity;
    private final @Nullable UniqueIndex<Long, ?> byIdIndex;
    private final Function<Object, Long> id;

    private <R> Node(
        EntityCache<Long, R> cache,
        ToLongFunction<R> version,
        BiFunction<Long, Long, R> row,
        @Nullable CachedQuery<Long, R> byParity,
        @Nullable UniqueIndex<Long, R> byIdIndex,
        ToLongFunction<R> id) {
      this.cache = cache;
      this.version = value -> version.applyAsLong(cast(value));
      this.row = row;
      this.byParity = byParity;
      this.byIdIndex = byIdIndex;
      this.id = value -> id.applyAsLong(cast(value));
    }

    /** A node over {@code cache}: {@code version} reads a row's version, {@code row} builds one. */
    public static <R> Node of(
        EntityCache<Long, R> cache, ToLongFunction<R> version, BiFunction<Long, Long, R> row) {
      return new Node(cache, version, row, null, null, value -> -1);
    }

    /**
     * A node that also runs a cached query, {@code byParity}: the rows whose id has the parity
     * given (see {@link ModelDb#byParity}), and a unique index whose attribute is the id itself,
     * {@code byIdIndex}, whose loader reads the row as a lookup would. Each row either returns is
     * checked like a read of its key.
     */
    public static <R> Node withLookups(
        EntityCache<Long, R> cache,
        ToLongFunction<R> id,
        ToLongFunction<R> version,
        BiFunction<Long, Long, R> row,
        CachedQuery<Long, R> byParity,
        UniqueIndex<Long, R> byIdIndex) {
      return new Node(cache, version, row, requireNonNull(byParity), requireNonNull(byIdIndex), id);
    }

    @SuppressWarnings("unchecked")
    private static <R> R cast(Object value) {
      return (R) value;
    }

    @SuppressWarnings("unchecked")
    private EntityCache<Long, Object> cache() {
      return (EntityCache<Long, Object>) cache;
    }

    @Nullable Long get(long key) {
      return versionOf(cache.get(key));
    }

    Map<Long, Long> getAll(List<Long> wanted) {
      Map<Long, Long> versions = new HashMap<>();
      cache.getAll(wanted).forEach((id, value) -> versions.put(id, version.apply(value)));
      return versions;
    }

    @Nullable Long getIfPresent(long key) {
      return versionOf(cache.getIfPresent(key));
    }

    @Nullable Long lookup(long key) {
      return versionOf(requireNonNull(byIdIndex).get(key));
    }

    /** The versions of the rows the query returned, by id; null if this node has no query. */
    @Nullable Map<Long, Long> byParity(long parity) {
      if (byParity == null) {
        return null;
      }
      Map<Long, Long> versions = new HashMap<>();
      for (Object value : byParity.get(parity)) {
        versions.put(id.apply(value), version.apply(value));
      }
      return versions;
    }

    void put(long key, long rowVersion) {
      cache().put(key, row.apply(key, rowVersion));
    }

    void invalidate(long key) {
      cache.invalidate(key);
    }

    void refresh(long key) {
      cache.refresh(key);
    }

    private @Nullable Long versionOf(@Nullable Object value) {
      return value == null ? null : version.apply(value);
    }
  }

  private final ModelDb db;
  private final int keys;
  private final List<Node> nodes;
  private int threads = 16;
  private Fault fault = (windows, stop) -> {};

  private HistoryChecker(ModelDb db, int keys, List<Node> nodes) {
    this.db = db;
    this.keys = keys;
    this.nodes = List.copyOf(nodes);
  }

  /** A checker over {@code db}'s first {@code keys} rows, reading and writing through nodes. */
  public static HistoryChecker of(ModelDb db, int keys, List<EntityCache<Long, Row>> nodes) {
    List<Node> wrapped = new ArrayList<>();
    nodes.forEach(cache -> wrapped.add(Node.of(cache, Row::version, Row::new)));
    return new HistoryChecker(requireNonNull(db), keys, wrapped);
  }

  /** A checker over nodes of any row classes, e.g. two schema versions of one entity. */
  public static HistoryChecker ofNodes(ModelDb db, int keys, List<Node> nodes) {
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
    int index = random.nextInt(nodes.size());
    Node node = nodes.get(index);
    long key = random.nextLong(keys);
    int dice = random.nextInt(100);
    try {
      if (dice < 5 && node.byParity != null) {
        long begin = history.tick();
        Map<Long, Long> returned = node.byParity(key % 2);
        long end = history.tick();
        // Only what it returned: a list's membership may lag (see CachedQuery), its rows may not.
        returned.forEach((id, version) -> history.read(id, index, begin, end, version, "query"));
      } else if (dice < 9 && node.byIdIndex != null) {
        long begin = history.tick();
        Long version = node.lookup(key);
        if (version != null) { // "none" may be a remembered absence the write did not reach
          history.read(key, index, begin, history.tick(), version, "lookup");
        }
      } else if (dice < 35) {
        long begin = history.tick();
        Long version = node.get(key);
        history.read(key, index, begin, history.tick(), version, "get");
      } else if (dice < 47) {
        List<Long> wanted = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          wanted.add(random.nextLong(keys));
        }
        long begin = history.tick();
        Map<Long, Long> found = node.getAll(wanted);
        long end = history.tick();
        for (Long id : wanted) {
          history.read(id, index, begin, end, found.get(id), "getAll");
        }
      } else if (dice < 57) {
        long begin = history.tick();
        Long version = node.getIfPresent(key);
        if (version != null) {
          history.read(key, index, begin, history.tick(), version, "getIfPresent");
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
            node.put(key, version);
          } else {
            node.invalidate(key);
          }
          history.write(key, index, begin, history.tick(), version, delete);
        } finally {
          lock.unlock();
        }
      } else {
        node.refresh(key);
      }
    } catch (RuntimeException | Error e) {
      failures.add(e.toString());
    }
  }
}
