package dev.evergreen.cache.redis;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Splits the items of a bulk operation into groups one script may take together: keys of one slot
 * (on a cluster a script's keys must share one), at most {@code maxItems} of them and, past the
 * first, at most {@code maxBytes} of payload, so no single command holds the server for long.
 */
final class SlotGroups {
  private SlotGroups() {}

  static <T> List<List<T>> of(
      Collection<? extends T> items,
      boolean cluster,
      Function<? super T, String> key,
      int maxItems,
      ToLongFunction<? super T> bytes,
      long maxBytes) {
    Map<Integer, List<T>> bySlot = new LinkedHashMap<>();
    for (T item : items) {
      int slot = cluster ? SlotHash.getSlot(key.apply(item)) : 0;
      bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(item);
    }
    List<List<T>> groups = new ArrayList<>();
    for (List<T> slotItems : bySlot.values()) {
      List<T> group = new ArrayList<>();
      long groupBytes = 0;
      for (T item : slotItems) {
        long size = bytes.applyAsLong(item);
        if (!group.isEmpty() && (group.size() == maxItems || groupBytes + size > maxBytes)) {
          groups.add(group);
          group = new ArrayList<>();
          groupBytes = 0;
        }
        group.add(item);
        groupBytes += size;
      }
      if (!group.isEmpty()) {
        groups.add(group);
      }
    }
    return groups;
  }

  /** Groups of keys only, by count. */
  static <T> List<List<T>> of(
      Collection<? extends T> items, boolean cluster, Function<? super T, String> key, int max) {
    return of(items, cluster, key, max, item -> 0, Long.MAX_VALUE);
  }
}
