package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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

  private static Set<Thread> newEvergreenThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.getName().startsWith("evergreen-") && t.isAlive())
        .collect(Collectors.toSet());
  }
}
