package dev.evergreen.cache;

import org.jspecify.annotations.Nullable;

/**
 * What an entity cache holds for one id, from {@link EntityCache#getCached}: a value, or the
 * remembered absence of one ({@link #value()} null).
 *
 * @param value the cached value; null for a remembered absence
 * @param <V> the entity type
 * @since 0.1.0
 */
public record Cached<V>(@Nullable V value) {

  /** Whether the cache remembers that the id has no value. */
  public boolean isAbsent() {
    return value == null;
  }
}
