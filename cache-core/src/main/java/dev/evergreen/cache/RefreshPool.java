package dev.evergreen.cache;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default refresh executor: a fixed number of named daemon threads and a bounded queue that
 * rejects (the engine counts a dropped refresh) rather than blocks a reader.
 */
final class RefreshPool implements Executor {
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor pool;

  RefreshPool(int threadCount, int queueCapacity) {
    pool =
        new ThreadPoolExecutor(
            threadCount,
            threadCount,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              Thread thread =
                  new Thread(task, "evergreen-refresh-" + THREAD_NUMBER.incrementAndGet());
              thread.setDaemon(true);
              threads.add(thread);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    // Started now, so the first stale read does not pay for creating a thread.
    pool.prestartAllCoreThreads();
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /**
   * Interrupts running refreshes and waits until every thread has ended, at most {@code
   * timeoutNanos} in all. The pool reports itself terminated a moment before its last thread ends,
   * so the threads are joined too.
   *
   * @return whether every thread ended in time
   */
  boolean shutdownAndWait(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    pool.shutdownNow();
    if (!pool.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
      return false;
    }
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return !thread.isAlive();
      }
      TimeUnit.NANOSECONDS.timedJoin(thread, left);
    }
    return threads.stream().noneMatch(Thread::isAlive);
  }
}
