package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.Lease;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease held inside an entry's value under an owner token (see {@link RedisValue}). While held it
 * is renewed every third of its time to live (by the connection's {@link LeaseRenewer}), so it
 * outlives a load of any length; if this process dies, renewal stops, the lease expires by the
 * server's clock, and another process takes over.
 */
final class RedisLease implements Lease {
  private final RedisAccess access;
  private final String key;
  private final byte[] token;
  private final byte[] ttl;
  private final long renewEveryNanos;
  private final LeaseRenewer renewer;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile long renewDueNanos;

  RedisLease(RedisAccess access, String key, byte[] token, long ttlMillis) {
    this.access = access;
    this.key = key;
    this.token = token;
    this.ttl = String.valueOf(ttlMillis).getBytes(StandardCharsets.US_ASCII);
    this.renewEveryNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(ttlMillis) / 3, 1);
    this.renewDueNanos = System.nanoTime() + renewEveryNanos;
    this.renewer = access.leaseRenewer();
    renewer.add(this);
  }

  long renewEveryNanos() {
    return renewEveryNanos;
  }

  /**
   * Whether a third of the ttl passed since the last renewal; if so, counts this one as sent.
   * Called by the renewer's tick only.
   */
  boolean takeRenewalDue(long nowNanos) {
    if (nowNanos - renewDueNanos < 0 || released.get()) {
      return false;
    }
    renewDueNanos = nowNanos + renewEveryNanos;
    return true;
  }

  byte[] ttl() {
    return ttl;
  }

  String key() {
    return key;
  }

  byte[] token() {
    return token;
  }

  /** Stops renewing; the lease is now spent on a write or given up. Idempotent. */
  boolean stopRenewing() {
    if (released.compareAndSet(false, true)) {
      renewer.remove(this);
      return true;
    }
    return false;
  }

  @Override
  public boolean release() {
    if (!stopRenewing()) {
      return false;
    }
    Long held =
        access.call(
            "release lease",
            redis -> Scripts.RELEASE.<Long>run(redis, ScriptOutputType.INTEGER, key, token));
    return held != null && held == 1L;
  }

  @Override
  public void close() {
    if (stopRenewing()) {
      access.send(redis -> Scripts.RELEASE.run(redis, ScriptOutputType.INTEGER, key, token));
    }
  }
}
