package dev.evergreen.cache.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Stops callers from waiting on a dead server: after {@code threshold} consecutive failures it
 * opens, and every call fails at once for {@code openFor}; then one call is let through as a probe,
 * which closes it on success and opens it again on failure.
 */
final class CircuitBreaker {
  private static final long CLOSED = 0;
  private static final long PROBING = -1;

  private final int threshold;
  private final long openForNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();

  /** {@link #CLOSED}, {@link #PROBING}, or the nanoTime until which the breaker is open. */
  private final AtomicLong state = new AtomicLong(CLOSED);

  CircuitBreaker(int threshold, Duration openFor) {
    this(threshold, openFor, System::nanoTime);
  }

  CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoTime) {
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Whether a call may go to the server now; a true answer in the open state makes it the probe.
   */
  boolean allowsCall() {
    long current = state.get();
    if (current == CLOSED) {
      return true;
    }
    if (current == PROBING) {
      return false;
    }
    return nanoTime.getAsLong() - current >= 0 && state.compareAndSet(current, PROBING);
  }

  void succeeded() {
    consecutiveFailures.set(0);
    if (state.get() != CLOSED) {
      state.set(CLOSED);
    }
  }

  void failed() {
    if (state.get() == PROBING || consecutiveFailures.incrementAndGet() >= threshold) {
      state.set(openUntil(nanoTime.getAsLong() + openForNanos));
    }
  }

  /**
   * A call that {@link #allowsCall} let through ended without a verdict (its thread was
   * interrupted): if it was the probe, the next call probes instead, at once.
   */
  void abandoned() {
    state.compareAndSet(PROBING, openUntil(nanoTime.getAsLong()));
  }

  /** A nanoTime to stay open until; nanoTime may be any long, so never CLOSED or PROBING. */
  private static long openUntil(long nanos) {
    return nanos == CLOSED || nanos == PROBING ? nanos - 2 : nanos;
  }

  boolean isOpen() {
    return state.get() != CLOSED;
  }
}
