package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The fresh in-memory hit allocates nothing beyond what the caller passes. Speed is the benchmarks'
 * business; allocation is a count, so it can be asserted here.
 */
final class HitPathTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void freshHit_onDefaultInMemoryStoreAndCoarseClock_allocatesNothing() {
    try (Evergreen evergreen = Evergreen.builder().build()) {
      EntityCache<Long, User> users = evergreen.entity(User.class).build(id -> new User(id, "u"));
      Long[] ids = new Long[64];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (long) i;
        users.get(ids[i]);
      }
      long sink = 0;
      for (int round = 0; round < 20_000; round++) { // warm up: let the JIT compile the hit path
        sink += users.get(ids[round & 63]).id();
      }
      long threadId = Thread.currentThread().getId();
      long before = THREADS.getThreadAllocatedBytes(threadId);
      for (int round = 0; round < 100_000; round++) {
        sink += users.get(ids[round & 63]).id();
      }
      long allocated = THREADS.getThreadAllocatedBytes(threadId) - before;

      assertThat(sink).isPositive();
      // 100,000 hits; one boxed long or one key string per hit would be 1.6 MB or more.
      assertThat(allocated).as("bytes allocated by 100,000 hits").isLessThan(4_096);
    }
  }
}
