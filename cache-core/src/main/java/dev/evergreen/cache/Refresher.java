package dev.evergreen.cache;

import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Refreshes stale keys in the background: one refresh per key at a time, none while the key backs
 * off after failures, dropped (and counted) rather than queued when the executor is full. Every
 * refresh goes through the {@link LoadPath}; its result is counted by how its write met the store.
 */
final class Refresher<K, V> {
  private final String name;
  private final Flights<K, @Nullable V> flights;
  private final LoadPath<K, V> path;
  private final GuardedSpace<K, V> store;
  private final Executor executor;
  private final RefreshBackoff<K> backoff;
  private final EntityMetrics metrics;
  private final Entries<V> entries;
  private final Clock clock;
  private final RateLimitedLog log = new RateLimitedLog();
  private volatile boolean closed;

  Refresher(
      String name,
      LoadPath<K, V> path,
      GuardedSpace<K, V> store,
      Executor executor,
      RefreshBackoff<K> backoff,
      EntityMetrics metrics,
      Entries<V> entries,
      Clock clock) {
    this.name = name;
    this.flights = new Flights<>();
    this.path = path;
    this.store = store;
    this.executor = executor;
    this.backoff = backoff;
    this.metrics = metrics;
    this.entries = entries;
    this.clock = clock;
  }

  /** A read found {@code id} stale. Allocates nothing when its refresh already runs. */
  void refreshStale(K id, long staleStamp) {
    if (flights.isRunning(id) || backoff.isWaiting(id, clock.millis())) {
      return;
    }
    if (executor instanceof RefreshPool pool && pool.isFull()) {
      metrics.refreshDropped(); // dropped before anything is built: the next stale read retries
      return;
    }
    Flight<@Nullable V> flight = new Flight<>(staleStamp, store.epoch());
    if (flights.startIfIdle(id, flight)) {
      submit(id, flight, LoadPath.Purpose.REFRESH);
    }
  }

  /** {@link EntityCache#refresh}: joins the key's running refresh, or starts a forced one. */
  CompletableFuture<@Nullable V> refresh(K id) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException(name + ": cache is closed"));
    }
    Flight<@Nullable V> mine = new Flight<>(Stamps.NONE, store.epoch());
    while (!flights.startIfIdle(id, mine)) {
      Flight<@Nullable V> running = flights.get(id);
      if (running != null) { // its first caller gets the instance, later ones a copy
        return running.result.thenApply(entries::copyForAnotherCaller);
      } // else it ended just now: try again to start ours
    }
    submit(id, mine, LoadPath.Purpose.FORCED_REFRESH);
    return mine.result;
  }

  private void submit(K id, Flight<@Nullable V> flight, LoadPath.Purpose purpose) {
    try {
      executor.execute(() -> run(id, flight, purpose));
    } catch (RejectedExecutionException e) {
      flights.finish(id, flight);
      metrics.refreshDropped();
      flight.result.completeExceptionally(e);
    }
  }

  private void run(K id, Flight<@Nullable V> flight, LoadPath.Purpose purpose) {
    try {
      if (closed) {
        flight.result.cancel(false);
        return;
      }
      Outcome<V> outcome = path.run(id, flight, purpose);
      if (outcome == null) {
        failed(id);
        flight.result.completeExceptionally(
            new CacheStoreException(
                name + ": the store is unavailable; id " + id + " was not" + " refreshed"));
        return;
      }
      switch (outcome.fence()) {
        case LANDED -> {
          backoff.forget(id);
          metrics.refreshSucceeded();
        }
        case FENCED_OUT -> metrics.refreshSuperseded();
        case FAILED -> failed(id);
        case UNFENCED -> {} // fresh again, or another process refreshes it: nothing was done
      }
      flight.result.complete(outcome.value());
    } catch (RuntimeException | Error e) {
      failed(id);
      log.warn(name + ": background refresh of id " + id + " failed; serving the stale value", e);
      flight.result.completeExceptionally(e);
    } finally {
      flights.finish(id, flight);
    }
  }

  private void failed(K id) {
    backoff.failed(id, clock.millis());
    metrics.refreshFailed();
  }

  /**
   * A local write of {@code id}: a refresh in flight must not write after it, and the key's next
   * refresh need not wait out an earlier failure.
   */
  void cancel(K id) {
    flights.cancel(id);
    backoff.forget(id);
  }

  void cancelAll() {
    flights.cancelAll();
  }

  /** Completes the future of every refresh that will now never run. */
  void close() {
    closed = true;
    for (Flight<@Nullable V> flight : flights.all()) {
      flight.cancel();
      flight.result.completeExceptionally(new CancellationException(name + ": cache closed"));
    }
  }
}
