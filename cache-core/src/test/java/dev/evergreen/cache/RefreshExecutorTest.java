package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class RefreshExecutorTest {

  @Test
  void defaultExecutor_runsRefreshOnNamedDaemonThread() throws Exception {
    MutableClock clock = new MutableClock();
    AtomicReference<Thread> refreshThread = new AtomicReference<>();
    CountDownLatch refreshed = new CountDownLatch(1);
    int[] calls = {0};
    try (Evergreen evergreen = Evergreen.builder().clock(clock).build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    if (++calls[0] == 2) {
                      refreshThread.set(Thread.currentThread());
                      refreshed.countDown();
                    }
                    return new User(id, "v" + calls[0]);
                  });
      users.get(1L);
      clock.advance(Duration.ofMinutes(2));
      users.get(1L);
      refreshed.await();

      assertThat(refreshThread.get().getName()).startsWith("evergreen-refresh-");
      assertThat(refreshThread.get().isDaemon()).isTrue();
    }
  }

  @Test
  void userExecutor_isUsed_andItsRejectionCountsAsDropped() {
    MutableClock clock = new MutableClock();
    Executor rejecting =
        task -> {
          throw new RejectedExecutionException("full");
        };
    try (Evergreen evergreen =
        Evergreen.builder().clock(clock).refreshExecutor(rejecting).build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofMinutes(1))
              .build(id -> new User(id, "v"));
      users.get(1L);
      clock.advance(Duration.ofMinutes(2));

      assertThat(users.get(1L)).isEqualTo(new User(1, "v"));
      assertThat(users.refresh(1L)).isCompletedExceptionally();
    }
  }

  @Test
  void close_stopsClockAndRefreshThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Evergreen evergreen = Evergreen.builder().build(); // real coarse clock thread
    EntityCache<Long, User> users = evergreen.entity(User.class).build(id -> new User(id, "v"));
    users.refresh(1L).get(); // starts a refresh thread
    assertThat(newEvergreenThreads(before)).isNotEmpty();

    evergreen.close();

    assertThat(newEvergreenThreads(before)).isEmpty();
  }

  @Test
  void defaultPool_usesVirtualThreadsExactlyWhenTheJdkHasThem() throws Exception {
    RefreshPool pool = RefreshPool.create(0, 1);
    try {
      assertThat(pool.isVirtual()).isEqualTo(Runtime.version().feature() >= 21);
    } finally {
      pool.shutdownAndWait(TimeUnit.SECONDS.toNanos(10));
    }
  }

  @Test
  void fullPlatformPool_rejectsWithOneStacklessException_andFreesItsSlots() throws Exception {
    RefreshPool pool = RefreshPool.platform(1, 1);
    try {
      assertRejectsWhenFull(pool);
    } finally {
      pool.shutdownAndWait(TimeUnit.SECONDS.toNanos(10));
    }
  }

  @Test
  void fullVirtualPool_rejectsWithOneStacklessException_andFreesItsSlots() throws Exception {
    RefreshPool pool = RefreshPool.create(1, 1);
    assumeTrue(pool.isVirtual(), "virtual threads need JDK 21+");
    try {
      assertRejectsWhenFull(pool);
    } finally {
      pool.shutdownAndWait(TimeUnit.SECONDS.toNanos(10));
    }
  }

  /** One running, one waiting: the third is refused, and once they finish there is room again. */
  private static void assertRejectsWhenFull(RefreshPool pool) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch bothDone = new CountDownLatch(2);
    pool.execute(
        () -> {
          started.countDown();
          awaitQuietly(release);
          bothDone.countDown();
        });
    started.await();
    pool.execute(bothDone::countDown);

    assertThat(pool.isFull()).isTrue();
    RejectedExecutionException first = rejection(pool);
    RejectedExecutionException second = rejection(pool);
    assertThat(first).isSameAs(RefreshPool.FULL).isSameAs(second);
    assertThat(first.getStackTrace()).isEmpty();

    release.countDown();
    assertThat(bothDone.await(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch ranAfter = new CountDownLatch(1);
    awaitRoom(pool);
    pool.execute(ranAfter::countDown);
    assertThat(ranAfter.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void platformThreads_leaveThePoolWhenIdle() throws Exception {
    RefreshPool pool = RefreshPool.platform(4, 16, Duration.ofMillis(1));
    try {
      CountDownLatch ran = new CountDownLatch(4);
      for (int i = 0; i < 4; i++) {
        pool.execute(ran::countDown);
      }
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();

      // The threads time out on their own; before, each ended thread stayed listed forever.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.liveThreads() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(pool.liveThreads()).isZero();
    } finally {
      pool.shutdownAndWait(TimeUnit.SECONDS.toNanos(10));
    }
  }

  @Test
  void staleReadsWhilePoolIsFull_areCountedAsDropped_andServeTheStaleValue() throws Exception {
    MutableClock clock = new MutableClock();
    CountDownLatch release = new CountDownLatch(1);
    try (Evergreen evergreen =
        Evergreen.builder()
            .clock(clock)
            .recordStats()
            .refreshThreads(1)
            .refreshQueueCapacity(1)
            .build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofMinutes(1))
              .build(
                  id -> {
                    if (id < 0) { // the blockers: one running, one queued
                      awaitQuietly(release);
                    }
                    return new User(id, "v");
                  });
      for (long id = 1; id <= 5; id++) {
        users.get(id);
      }
      users.refresh(-1L);
      users.refresh(-2L);
      clock.advance(Duration.ofMinutes(2));

      for (long id = 1; id <= 5; id++) {
        assertThat(users.get(id)).isEqualTo(new User(id, "v"));
      }

      assertThat(users.stats().refreshesDropped()).isEqualTo(5);
      assertThat(users.stats().staleHits()).isEqualTo(5);
      release.countDown();
    }
  }

  private static RejectedExecutionException rejection(RefreshPool pool) {
    try {
      pool.execute(() -> {});
    } catch (RejectedExecutionException e) {
      return e;
    }
    throw new AssertionError("a full pool accepted a task");
  }

  private static void awaitRoom(RefreshPool pool) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.isFull() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Set<Thread> newEvergreenThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.getName().startsWith("evergreen-") && t.isAlive())
        .collect(Collectors.toSet());
  }
}
