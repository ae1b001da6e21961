package dev.evergreen.cache;

import org.jspecify.annotations.Nullable;

/** An index or query over an entity cache, told of the entity's writes. */
interface Dependent<V> {
  /**
   * An entity was written: {@code old} is what was cached before (null if nothing was), {@code now}
   * what it is now (null if unknown or deleted).
   */
  void written(@Nullable V old, @Nullable V now);

  /** The entity's {@code invalidateAll}: forget every mapping or list. */
  void invalidateAll();
}
