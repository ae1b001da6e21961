package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class MetricsTest {

  /** An entity whose serialized form cannot be written (a getter that throws). */
  public record Fragile(long id) {
    public String getBroken() {
      throw new IllegalStateException("not serializable");
    }
  }

  @Test
  void gauges_keepReadingAfterAGarbageCollection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Evergreen evergreen =
        Evergreen.builder().clock(new MutableClock()).meterRegistry(registry).build()) {
      EntityCache<Long, User> users = evergreen.entity(User.class).build(id -> new User(id, "u"));
      users.get(1L);
      // A gauge held its function weakly: once collected, it read NaN for good.
      for (int i = 0; i < 3; i++) {
        System.gc();
      }

      assertThat(registry.get("cache.size").gauge().value()).isEqualTo(1);
      assertThat(registry.get("cache.invalidations.pending").gauge().value()).isZero();
    }
  }

  @Test
  void valueThatCannotBeSerialized_isReturnedNotCached_andCountedAsItsOwnMeter() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicBoolean loaded = new AtomicBoolean();
    try (Evergreen evergreen =
        Evergreen.builder().clock(new MutableClock()).meterRegistry(registry).build()) {
      EntityCache<Long, Fragile> fragile =
          evergreen
              .entity(Fragile.class)
              .build(
                  id -> {
                    loaded.set(true);
                    return new Fragile(id);
                  });

      assertThat(fragile.get(1L)).isEqualTo(new Fragile(1));
      assertThat(fragile.getIfPresent(1L)).isNull();
      assertThat(loaded).isTrue();
      assertThat(registry.get("cache.serialize.failures").counter().count()).isEqualTo(1);
      assertThat(registry.get("cache.store.errors").counter().count()).isZero();
    }
  }

  @Test
  void scriptedHitStaleMissRefreshFailureSequence_countsExactly() {
    MutableClock clock = new MutableClock();
    QueueingExecutor refreshes = new QueueingExecutor();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicBoolean failing = new AtomicBoolean();
    try (Evergreen evergreen =
        Evergreen.builder()
            .clock(clock)
            .refreshExecutor(refreshes)
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, User> users =
          evergreen
              .entity(User.class)
              .refreshAfter(Duration.ofMinutes(1))
              .expireAfter(Duration.ofMinutes(10))
              .build(
                  id -> {
                    if (failing.get()) {
                      throw new IllegalStateException("down");
                    }
                    return id == 404 ? null : new User(id, "u");
                  });

      users.get(1L); // miss, load success, put
      users.get(1L); // hit
      users.get(404L); // miss, load success (absent), put
      users.get(404L); // hit (remembered absence)
      clock.advance(Duration.ofMinutes(2));
      users.get(1L); // stale, refresh queued
      refreshes.runAll(); // load success, put, refresh success
      users.get(1L); // hit
      failing.set(true);
      clock.advance(Duration.ofMinutes(2));
      users.get(1L); // stale, refresh queued
      refreshes.runAll(); // load failure, refresh failure
      assertThatThrownBy(() -> users.get(2L))
          .isInstanceOf(IllegalStateException.class); // miss, fail

      assertThat(count(registry, "cache.gets", "result", "hit")).isEqualTo(3);
      assertThat(count(registry, "cache.gets", "result", "stale")).isEqualTo(2);
      assertThat(count(registry, "cache.gets", "result", "miss")).isEqualTo(3);
      assertThat(registry.get("cache.puts").tag("cache", "User").counter().count()).isEqualTo(3);
      assertThat(timerCount(registry, "success")).isEqualTo(3);
      assertThat(timerCount(registry, "failure")).isEqualTo(2);
      assertThat(count(registry, "cache.refreshes", "result", "success")).isEqualTo(1);
      assertThat(count(registry, "cache.refreshes", "result", "failure")).isEqualTo(1);
      assertThat(count(registry, "cache.refreshes", "result", "dropped")).isZero();
      assertThat(registry.get("cache.store.errors").counter().count()).isZero();
      assertThat(registry.get("cache.decode.failures").counter().count()).isZero();
    }
  }

  @Test
  void evictionsBySize_areCounted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Evergreen evergreen =
        Evergreen.builder()
            .store(InMemoryStore.create(10))
            .clock(new MutableClock())
            .meterRegistry(registry)
            .build()) {
      EntityCache<Long, User> users = evergreen.entity(User.class).build(id -> new User(id, "u"));
      for (long id = 0; id < 100; id++) {
        users.get(id);
      }
      assertThat(registry.get("cache.evictions").counter().count()).isEqualTo(90);
    }
  }

  @Test
  void withoutRegistry_hitPathUsesTheEmptyMetrics() throws Exception {
    try (Evergreen evergreen = Evergreen.builder().clock(new MutableClock()).build()) {
      EntityCache<Long, User> users = evergreen.entity(User.class).build(id -> new User(id, "u"));
      Field metrics = DefaultEntityCache.class.getDeclaredField("metrics");
      metrics.setAccessible(true);
      assertThat(metrics.get(users)).isSameAs(EntityMetrics.NONE);
    }
  }

  private static double count(MeterRegistry registry, String name, String tag, String value) {
    return registry.get(name).tag("cache", "User").tag(tag, value).counter().count();
  }

  private static long timerCount(MeterRegistry registry, String result) {
    return registry.get("cache.loads").tag("cache", "User").tag("result", result).timer().count();
  }
}
