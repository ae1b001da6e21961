package dev.evergreen.cache.redis;

import dev.evergreen.cache.spi.Lease;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease held in Redis under an owner token. While held it is renewed every third of its time to
 * live, so it outlives a load of any length; if this process dies, renewal stops and the lease
 * expires, and another process takes over.
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
                    redis ->
                        redis.eval(
                            Scripts.RENEW_LEASE,
                            ScriptOutputType.INTEGER,
                            new String[] {key},
                            token,
                            ttl)),
            period,
            period);
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      renewal.cancel(false);
      access.send(
          redis ->
              redis.eval(
                  Scripts.RELEASE_LEASE, ScriptOutputType.INTEGER, new String[] {key}, token));
    }
  }
}
