package dev.evergreen.cache;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A millisecond clock that one daemon thread advances, so that reading the time on the hit path is
 * a field read instead of a system call (about 28 ns, five Caffeine lookups).
 */
final class CoarseClock extends Clock implements AutoCloseable {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private volatile long millis = System.currentTimeMillis();
  private volatile boolean running = true;
  private final Thread ticker;

  CoarseClock(String threadName) {
    ticker = new Thread(this::tick, threadName);
    ticker.setDaemon(true);
    ticker.start();
  }

  private void tick() {
    while (running) {
      millis = System.currentTimeMillis();
      LockSupport.parkNanos(TICK_NANOS);
    }
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone);
  }

  /** Stops the thread and waits for it to end. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(ticker);
    try {
      ticker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
