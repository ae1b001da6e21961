package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.Lease;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease held inside an entry's value under an owner token (see {@link RedisValue}). While held it
 * is renewed every third of its time to live, so it outlives a load of any length; if this process
 * dies, renewal stops, the lease expires by the server's clock, and another process takes over.
 */
final class RedisLease implements Lease {
  private final RedisAccess access;
  private final String key;
  private final byte[] token;
  private final ScheduledFuture<?> renewal;
  private final AtomicBoolean released = new AtomicBoolean();

  RedisLease(RedisAccess access, String key, byte[] token, long ttlMillis) {
    this.access = access;
    this.key = key;
    this.token = token;
    byte[] ttl = String.valueOf(ttlMillis).getBytes(StandardCharsets.US_ASCII);
    long period = Math.max(ttlMillis / 3, 1);
    this.renewal =
        access.schedule(
            () ->
                access.send(
                    redis -> Scripts.RENEW.run(redis, ScriptOutputType.INTEGER, key, token, ttl)),
            period,
            period);
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
      renewal.cancel(false);
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
