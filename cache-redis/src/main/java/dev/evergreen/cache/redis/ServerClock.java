package dev.evergreen.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Translates Redis server time into the engine's clock. Entries carry the server's write time, so
 * two nodes whose clocks disagree by minutes still agree on an entry's age: each measures how far
 * the server's clock is from its own ({@code TIME}, halfway through the round trip) and reads ages
 * through that offset. Measured when the space opens, then again every minute in the background
 * (never on a request's path); until Redis first answers, the offset is zero.
 */
final class ServerClock {
  private static final long REMEASURE_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final RedisAccess access;
  private final Clock clock;
  private final AtomicBoolean measuring = new AtomicBoolean();
  private volatile long offsetMillis;
  private volatile long measuredAt = System.nanoTime() - 2 * REMEASURE_NANOS;

  ServerClock(RedisAccess access, Clock clock) {
    this.access = access;
    this.clock = clock;
    try {
      long before = clock.millis();
      List<byte[]> time = access.call("TIME", redis -> redis.time());
      apply(before, time);
    } catch (StoreUnavailableException e) {
      // Redis is not there yet: measured in the background once it is.
    }
  }

  /** {@code serverMillis} as the engine's clock would have read it. */
  long toLocal(long serverMillis) {
    if (System.nanoTime() - measuredAt > REMEASURE_NANOS && measuring.compareAndSet(false, true)) {
      long before = clock.millis();
      boolean sent =
          access.send(
              redis ->
                  redis
                      .time()
                      .thenAccept(time -> apply(before, time))
                      .whenComplete((ok, error) -> measuring.set(false)));
      if (!sent) {
        measuring.set(false);
      }
    }
    return serverMillis - offsetMillis;
  }

  private void apply(long before, List<byte[]> time) {
    long after = clock.millis();
    long seconds = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII));
    long micros = Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII));
    offsetMillis = seconds * 1000 + micros / 1000 - (before + after) / 2;
    measuredAt = System.nanoTime();
  }
}
