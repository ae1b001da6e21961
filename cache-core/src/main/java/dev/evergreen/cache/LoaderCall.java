package dev.evergreen.cache;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Calls the user's loader: times it, checks what it returned is the entity type, and translates its
 * exceptions (an unchecked one as it is, a checked one wrapped, an {@link Error} never caught).
 */
final class LoaderCall<K, V> {
  private final String name;
  private final Class<V> type;
  private final EntityLoader<K, V> loader;
  private final EntityMetrics metrics;

  LoaderCall(String name, Class<V> type, EntityLoader<K, V> loader, EntityMetrics metrics) {
    this.name = name;
    this.type = type;
    this.loader = loader;
    this.metrics = metrics;
  }

  @Nullable V load(K id) {
    long start = System.nanoTime();
    Object value;
    try {
      value = loader.load(id);
    } catch (Exception e) {
      metrics.loadFailed(System.nanoTime() - start);
      throw unchecked(e, "loader failed for id " + id);
    }
    if (value != null && !type.isInstance(value)) {
      metrics.loadFailed(System.nanoTime() - start);
      throw wrongType(id, value);
    }
    metrics.loadSucceeded(System.nanoTime() - start);
    return type.cast(value);
  }

  /** Loads {@code ids} with one {@link EntityLoader#loadAll} call; ids not found are left out. */
  Map<K, V> loadAll(Set<K> ids) {
    long start = System.nanoTime();
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(ids);
    } catch (Exception e) {
      metrics.loadFailed(System.nanoTime() - start);
      throw unchecked(e, "loadAll failed for ids " + ids);
    }
    if (loaded == null) {
      metrics.loadFailed(System.nanoTime() - start);
      throw new IllegalStateException(name + ": loadAll returned null for ids " + ids);
    }
    for (Map.Entry<K, V> entry : loaded.entrySet()) {
      Object value = entry.getValue();
      if (value != null && !type.isInstance(value)) {
        metrics.loadFailed(System.nanoTime() - start);
        throw wrongType(entry.getKey(), value);
      }
    }
    metrics.loadSucceeded(System.nanoTime() - start);
    return loaded;
  }

  private RuntimeException unchecked(Exception e, String what) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new EntityLoadException(name + ": " + what + ": " + e, e);
  }

  private IllegalStateException wrongType(Object id, Object value) {
    return new IllegalStateException(
        name
            + ": loader returned a "
            + value.getClass().getName()
            + " for id "
            + id
            + ", expected a "
            + type.getName());
  }
}
