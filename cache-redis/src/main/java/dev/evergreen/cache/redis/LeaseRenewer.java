package dev.evergreen.cache.redis;

import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Renews every lease one connection holds, from one periodic task: each lease once a third of its
 * time to live has passed since it was granted or last renewed, so it outlives a load of any
 * length, and expires by the server's clock once this process is gone.
 *
 * <p>One task, not a timer per lease: a cold {@code getAll} of 100,000 ids holds 100,000 leases,
 * and a timer each would schedule and cancel as many tasks on Lettuce's event loop, nearly all for
 * leases that end long before their first renewal. The leases due in a tick are renewed by one
 * script per group of keys of one slot, not one command each.
 */
final class LeaseRenewer {
  private final RedisAccess access;
  private final Set<RedisLease> held = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private volatile long periodMillis = Long.MAX_VALUE;
  private @Nullable ScheduledFuture<?> task; // guarded by lock

  LeaseRenewer(RedisAccess access) {
    this.access = access;
  }

  /** Renews {@code lease} until {@link #remove}; ticks at least twice per renewal it needs. */
  void add(RedisLease lease) {
    held.add(lease);
    long wanted = Math.max(lease.renewEveryNanos() / 2_000_000, 1);
    if (wanted < periodMillis) {
      synchronized (lock) {
        if (wanted < periodMillis) {
          if (task != null) {
            task.cancel(false);
          }
          periodMillis = wanted;
          task = access.schedule(this::renewDue, wanted, wanted);
        }
      }
    }
  }

  void remove(RedisLease lease) {
    held.remove(lease);
  }

  int size() {
    return held.size();
  }

  private void renewDue() {
    long now = System.nanoTime();
    List<RedisLease> due = new ArrayList<>();
    for (RedisLease lease : held) {
      if (lease.takeRenewalDue(now)) {
        due.add(lease);
      }
    }
    for (List<RedisLease> group :
        SlotGroups.of(due, access.isCluster(), RedisLease::key, RedisSpace.CHUNK)) {
      String[] keys = new String[group.size()];
      byte[][] args = new byte[2 * group.size()][];
      for (int i = 0; i < group.size(); i++) {
        RedisLease lease = group.get(i);
        keys[i] = lease.key();
        args[2 * i] = lease.token();
        args[2 * i + 1] = lease.ttl();
      }
      access.send(redis -> Scripts.RENEW.runOn(redis, ScriptOutputType.MULTI, keys, args));
    }
  }

  void close() {
    synchronized (lock) {
      if (task != null) {
        task.cancel(false);
      }
    }
    held.clear();
  }
}
