package dev.evergreen.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The default refresh executor: at most {@code concurrency} refreshes at once, at most {@code
 * queueCapacity} waiting, and a full pool rejects (the engine counts a dropped refresh) rather than
 * blocks a reader.
 *
 * <p>Refreshes wait on the store and the database, not the CPU, so they want many at once: with 2
 * threads a loaded service served values 19x older than {@code refreshAfter} at the median and
 * dropped 90,000 refreshes in 10 s ({@code ServedAgeLoad}); 32 dropped none. On JDK 21+ each
 * refresh runs on a virtual thread (a semaphore keeps at most {@code concurrency} running); before,
 * on platform threads created on demand and ended after a minute idle.
 */
final class RefreshPool implements Executor {
  /**
   * What a full pool throws: one instance, without a stack trace. Under load refreshes are dropped
   * thousands of times a second; building an exception each time was the expensive part.
   */
  static final RejectedExecutionException FULL = new QueueFull();

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private static final class QueueFull extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    QueueFull() {
      super("the refresh queue is full; the refresh was dropped");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final @Nullable ThreadPoolExecutor platform;
  private final @Nullable ExecutorService virtual;
  private final Semaphore running;
  private final AtomicInteger waiting = new AtomicInteger();
  private final int queueCapacity;

  private RefreshPool(
      @Nullable ThreadPoolExecutor platform,
      @Nullable ExecutorService virtual,
      int concurrency,
      int queueCapacity) {
    this.platform = platform;
    this.virtual = virtual;
    this.running = new Semaphore(concurrency);
    this.queueCapacity = queueCapacity;
  }

  /** Default refreshes at once on virtual threads, and on platform threads. */
  static final int VIRTUAL_DEFAULT = 64;

  static final int PLATFORM_DEFAULT = 32;

  /**
   * Virtual threads where the JDK has them (21+), else platform threads.
   *
   * @param concurrency refreshes at once; 0 for the default of the kind of thread
   */
  static RefreshPool create(int concurrency, int queueCapacity) {
    ExecutorService virtual = virtualThreadPerTask();
    if (virtual != null) {
      return new RefreshPool(
          null, virtual, concurrency > 0 ? concurrency : VIRTUAL_DEFAULT, queueCapacity);
    }
    return platform(concurrency > 0 ? concurrency : PLATFORM_DEFAULT, queueCapacity);
  }

  /** Platform threads, whatever the JDK, each ended after a minute idle. */
  static RefreshPool platform(int concurrency, int queueCapacity) {
    return platform(concurrency, queueCapacity, Duration.ofMinutes(1));
  }

  static RefreshPool platform(int concurrency, int queueCapacity, Duration idleTimeout) {
    RefreshPool[] self = new RefreshPool[1];
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            idleTimeout.toNanos(),
            TimeUnit.NANOSECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              // Threads end after a minute idle; each leaves the list as it ends, so a service
              // that idles and bursts for months does not keep every thread it ever had.
              Thread[] thread = new Thread[1];
              thread[0] =
                  new Thread(
                      () -> {
                        try {
                          task.run();
                        } finally {
                          self[0].threads.remove(thread[0]);
                        }
                      },
                      threadName());
              thread[0].setDaemon(true);
              self[0].threads.add(thread[0]);
              return thread[0];
            },
            (task, executor) -> {
              throw FULL;
            });
    pool.allowCoreThreadTimeOut(true);
    self[0] = new RefreshPool(pool, null, concurrency, queueCapacity);
    return self[0];
  }

  private static @Nullable ExecutorService virtualThreadPerTask() {
    // Compiled for 17, so JDK 21's API is reached by name, always through the public interfaces
    // (Thread.Builder), never the JDK's private classes that implement them.
    try {
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Object named =
          builderType
              .getMethod("name", String.class, long.class)
              .invoke(builder, "evergreen-refresh-", 1L);
      ThreadFactory threads = (ThreadFactory) builderType.getMethod("factory").invoke(named);
      return (ExecutorService)
          java.util.concurrent.Executors.class
              .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
              .invoke(null, threads);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // before JDK 21
    }
  }

  private static String threadName() {
    return "evergreen-refresh-" + THREAD_NUMBER.incrementAndGet();
  }

  boolean isVirtual() {
    return virtual != null;
  }

  /** Platform threads alive now (virtual threads are not kept). */
  int liveThreads() {
    return threads.size();
  }

  @Override
  public void execute(Runnable task) {
    if (platform != null) {
      platform.execute(task);
      return;
    }
    if (waiting.incrementAndGet() > queueCapacity + running.availablePermits()) {
      waiting.decrementAndGet();
      throw FULL;
    }
    virtual.execute(
        () -> {
          try {
            running.acquire();
          } catch (InterruptedException e) {
            waiting.decrementAndGet();
            return; // shut down while waiting
          }
          waiting.decrementAndGet();
          try {
            task.run();
          } finally {
            running.release();
          }
        });
  }

  /** Whether a task submitted now would be dropped: checked before building one. */
  boolean isFull() {
    if (platform != null) {
      return platform.getQueue().remainingCapacity() == 0
          && platform.getActiveCount() >= platform.getMaximumPoolSize();
    }
    return waiting.get() >= queueCapacity + running.availablePermits();
  }

  /**
   * Interrupts running refreshes and waits until every thread has ended, at most {@code
   * timeoutNanos} in all. A platform pool reports itself terminated a moment before its last thread
   * ends, so the threads are joined too.
   *
   * @return whether every thread ended in time
   */
  boolean shutdownAndWait(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    ExecutorService pool = platform != null ? platform : virtual;
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
