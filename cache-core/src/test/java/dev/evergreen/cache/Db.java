package dev.evergreen.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** A stand-in database that counts how often the cache asks it. */
final class Db<K, V> implements EntityLoader<K, V> {
  final Map<K, V> rows = new ConcurrentHashMap<>();
  final AtomicInteger loads = new AtomicInteger();
  final AtomicInteger bulkLoads = new AtomicInteger();

  @Override
  public @Nullable V load(K id) {
    loads.incrementAndGet();
    return rows.get(id);
  }

  @Override
  public Map<K, V> loadAll(java.util.Set<? extends K> ids) {
    bulkLoads.incrementAndGet();
    Map<K, V> found = new java.util.HashMap<>();
    for (K id : ids) {
      V value = rows.get(id);
      if (value != null) {
        found.put(id, value);
      }
    }
    return found;
  }
}
