package dev.evergreen.cache;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Reads into this schema version's keys the ids other live versions of the entity have cached, so
 * that a deploy does not send every first read to the database at once. Only key names cross
 * versions, never bytes: each id is loaded afresh through {@code getAll} (leases, one bulk load per
 * batch, fenced writes), at most {@code rowsPerSecond}, on its own daemon thread; an id already
 * cached here is a hit and costs nothing. Stops when the cache closes.
 */
final class WarmUp<K> {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final int MAX_BATCH = 100;

  private final String name;
  private final Function<String, ? extends K> parse;
  private final int rowsPerSecond;
  private final Function<List<K>, Map<K, ?>> getAll;
  private final EntityMetrics metrics;
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private volatile Thread thread;

  private WarmUp(
      String name,
      Function<String, ? extends K> parse,
      int rowsPerSecond,
      Function<List<K>, Map<K, ?>> getAll,
      EntityMetrics metrics) {
    this.name = name;
    this.parse = parse;
    this.rowsPerSecond = rowsPerSecond;
    this.getAll = getAll;
    this.metrics = metrics;
  }

  /** Starts reading {@code idTexts} (gathered on the warm-up's thread) and returns at once. */
  static <K> WarmUp<K> start(
      String name,
      java.util.function.Supplier<Set<String>> idTexts,
      Function<String, ? extends K> parse,
      int rowsPerSecond,
      Function<List<K>, Map<K, ?>> getAll,
      EntityMetrics metrics) {
    WarmUp<K> warmUp = new WarmUp<>(name, parse, rowsPerSecond, getAll, metrics);
    Thread thread =
        new Thread(
            () -> warmUp.run(idTexts), "evergreen-warmup-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    warmUp.thread = thread;
    thread.start();
    return warmUp;
  }

  CompletableFuture<Long> done() {
    return done;
  }

  private void run(java.util.function.Supplier<Set<String>> idTexts) {
    try {
      List<K> ids = parsed(idTexts.get());
      long started = System.nanoTime();
      long warmed = 0;
      int batch = Math.min(MAX_BATCH, rowsPerSecond);
      for (int from = 0; from < ids.size(); from += batch) {
        // Paced: the n-th row is not read before n / rowsPerSecond seconds have passed.
        long due = started + TimeUnit.SECONDS.toNanos(warmed) / rowsPerSecond;
        while (System.nanoTime() - due < 0) {
          LockSupport.parkNanos(due - System.nanoTime());
          if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(name + ": warm-up stopped by close()");
          }
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException(name + ": warm-up stopped by close()");
        }
        List<K> next = ids.subList(from, Math.min(from + batch, ids.size()));
        getAll.apply(next);
        warmed += next.size();
        metrics.warmedUp(next.size());
      }
      LOG.log(Level.INFO, name + ": warm-up read " + warmed + " ids from other schema versions");
      done.complete(warmed);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  private List<K> parsed(Set<String> texts) {
    List<K> ids = new ArrayList<>(texts.size());
    int unparsable = 0;
    for (String text : texts) {
      try {
        ids.add(parse.apply(text));
      } catch (RuntimeException e) {
        unparsable++;
      }
    }
    if (unparsable > 0) {
      LOG.log(
          Level.WARNING,
          name + ": warm-up skipped " + unparsable + " ids its id parser did not accept");
    }
    return ids;
  }

  /** Stops the warm-up; its future completes with a cancellation. */
  void stop() {
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
    done.completeExceptionally(new CancellationException(name + ": warm-up stopped by close()"));
  }

  /** Every id text in the keys of every live version but this one, without duplicates. */
  static Set<String> otherVersionsIds(SchemaVersions<?> versions) {
    Set<String> ids = new LinkedHashSet<>();
    versions.forEachOtherVersionsIdText(ids::addAll);
    return ids;
  }
}
