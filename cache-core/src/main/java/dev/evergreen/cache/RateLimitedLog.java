package dev.evergreen.cache;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs background failures at most once per interval, so that a dead Redis does not flood the log
 * with one line per request; the count of suppressed messages rides on the next line.
 */
final class RateLimitedLog {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache");
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
  private final AtomicLong suppressed = new AtomicLong();

  void warn(String message, Throwable cause) {
    long now = System.nanoTime();
    long allowedAt = nextAllowed.get();
    if (now - allowedAt < 0 || !nextAllowed.compareAndSet(allowedAt, now + INTERVAL_NANOS)) {
      suppressed.incrementAndGet();
      return;
    }
    long skipped = suppressed.getAndSet(0);
    String suffix = skipped == 0 ? "" : " (" + skipped + " similar messages suppressed)";
    LOG.log(Level.WARNING, message + suffix, cause);
  }
}
