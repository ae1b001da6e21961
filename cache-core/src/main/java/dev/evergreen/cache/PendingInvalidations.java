package dev.evergreen.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invalidations this process made that the store has not confirmed: while one is pending, this
 * process serves its key from the loader only, never from the cache.
 *
 * <p>Each write takes a ticket from one sequence when it begins. A write that fails marks its key
 * with its ticket; a write that lands settles the marks of writes that began before it (its entry,
 * or tombstone, landed after their database writes). At most {@value #MAX_KEYS} keys are tracked
 * one by one; past that, and when {@code invalidateAll} fails, the whole entity is pending until a
 * clear lands. Nothing is ever dropped.
 */
final class PendingInvalidations<K> {
  static final int MAX_KEYS = 100_000;
  private static final long NONE = -1;

  private final Map<K, Long> keys = new ConcurrentHashMap<>();
  private final AtomicLong tickets = new AtomicLong();
  private final AtomicLong allSince = new AtomicLong(NONE);

  /**
   * False only when nothing is pending: the hit path reads this one field. Set before a failing
   * write returns; cleared, then checked again, once everything landed, so a concurrent failure is
   * never hidden.
   */
  private volatile boolean anyPending;

  /** A ticket for a write that begins now. */
  long ticket() {
    return tickets.incrementAndGet();
  }

  /** Whether reads of {@code id} must bypass the cache. Cheap when nothing is pending. */
  boolean blocks(K id) {
    return anyPending && (allSince.get() != NONE || keys.containsKey(id));
  }

  boolean blocksAll() {
    return allSince.get() != NONE;
  }

  /** The write of {@code id} with {@code ticket} was not confirmed by the store. */
  void failed(K id, long ticket) {
    keys.merge(id, ticket, Math::max);
    anyPending = true;
    if (keys.size() > MAX_KEYS) {
      // Too many to track one by one: the whole entity waits for one clear instead.
      allFailed(ticket);
      keys.clear();
    }
  }

  /** The write of {@code id} with {@code ticket} landed. */
  void landed(K id, long ticket) {
    if (anyPending) {
      keys.computeIfPresent(id, (key, marked) -> marked <= ticket ? null : marked);
      settle();
    }
  }

  /** A clear of the whole entity, begun with {@code ticket}, failed. */
  void allFailed(long ticket) {
    allSince.accumulateAndGet(
        ticket, (current, next) -> current == NONE ? next : Math.max(current, next));
    anyPending = true;
  }

  /** A clear of the whole entity, begun with {@code ticket}, landed. */
  void allLanded(long ticket) {
    allSince.updateAndGet(current -> current != NONE && current <= ticket ? NONE : current);
    keys.values().removeIf(marked -> marked <= ticket);
    settle();
  }

  private void settle() {
    if (keys.isEmpty() && allSince.get() == NONE) {
      anyPending = false;
      if (!keys.isEmpty() || allSince.get() != NONE) {
        anyPending = true; // a failure raced us
      }
    }
  }

  /** Up to {@code max} pending keys, to retry. */
  List<K> someKeys(int max) {
    List<K> some = new ArrayList<>(Math.min(max, keys.size()));
    for (K key : keys.keySet()) {
      if (some.size() == max) {
        break;
      }
      some.add(key);
    }
    return some;
  }

  /** Unconfirmed invalidations: one per key, and one for a pending clear of the whole entity. */
  int count() {
    return keys.size() + (allSince.get() != NONE ? 1 : 0);
  }
}
