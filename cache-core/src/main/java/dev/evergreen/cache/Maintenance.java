package dev.evergreen.cache;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon thread per {@link Evergreen} for delayed work off the request path: retrying
 * invalidations the store did not confirm. Started on first use, so an instance whose store never
 * fails never starts it. Not final: tests run the work when they choose.
 */
class Maintenance implements AutoCloseable {
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private ScheduledThreadPoolExecutor executor; // guarded by this
  private boolean closed; // guarded by this

  /** Runs {@code task} after {@code delayMillis}; ignored once closed. */
  synchronized void schedule(Runnable task, long delayMillis) {
    if (closed) {
      return;
    }
    if (executor == null) {
      executor =
          new ScheduledThreadPoolExecutor(
              1,
              runnable -> {
                Thread thread =
                    new Thread(
                        runnable, "evergreen-maintenance-" + THREAD_NUMBER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
    }
    executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Stops the thread, interrupting a task that runs, and waits up to 5 s for it to end. */
  @Override
  public void close() {
    ScheduledThreadPoolExecutor running;
    synchronized (this) {
      closed = true;
      running = executor;
    }
    if (running != null) {
      running.shutdownNow();
      try {
        running.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
