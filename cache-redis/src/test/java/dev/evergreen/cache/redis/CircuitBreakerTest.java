package dev.evergreen.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(1), now::get);

  @Test
  void opensAfterConsecutiveFailures_only() {
    breaker.failed();
    breaker.failed();
    breaker.succeeded(); // a success in between resets the count
    breaker.failed();
    breaker.failed();
    assertThat(breaker.allowsCall()).isTrue();

    breaker.failed();

    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.allowsCall()).isFalse();
  }

  @Test
  void whenOpenForItsDuration_letsExactlyOneProbeThrough_whichClosesItOnSuccess() {
    openIt();
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertThat(breaker.allowsCall()).isFalse();

    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(breaker.allowsCall()).isTrue(); // the probe
    assertThat(breaker.allowsCall()).isFalse(); // everyone else still waits

    breaker.succeeded();
    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.allowsCall()).isTrue();
  }

  @Test
  void failedProbe_opensItAgainAtOnce() {
    openIt();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(breaker.allowsCall()).isTrue();

    breaker.failed();

    assertThat(breaker.allowsCall()).isFalse();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(breaker.allowsCall()).isTrue();
  }

  @Test
  void abandonedProbe_letsTheNextCallProbeAtOnce() {
    openIt();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(breaker.allowsCall()).isTrue(); // the probe, on a thread that gets interrupted

    breaker.abandoned();

    assertThat(breaker.allowsCall()).isTrue(); // the next call probes instead
    breaker.succeeded();
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void abandonedCall_whileClosed_changesNothing() {
    breaker.abandoned();
    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.allowsCall()).isTrue();
  }

  @Test
  void openUntil_neverCollidesWithTheClosedOrProbingMarkers() {
    CircuitBreaker atZero = new CircuitBreaker(1, Duration.ofNanos(1), () -> -1);
    atZero.failed(); // open until nanoTime 0, which is also the CLOSED marker

    assertThat(atZero.isOpen()).isTrue();
  }

  private void openIt() {
    for (int i = 0; i < 3; i++) {
      breaker.failed();
    }
    assertThat(breaker.allowsCall()).isFalse();
  }
}
