package dev.evergreen.cache;

import org.jspecify.annotations.Nullable;

/**
 * Finds the one entity whose unique attribute has a value, e.g. a repository's {@code findBySku}.
 * Called on an index miss (one caller per value, across processes) and on a refresh. Exceptions
 * reach the caller as {@link EntityLoader}'s do.
 *
 * @param <A> the attribute type
 * @param <V> the entity type
 * @since 0.1.0
 */
@FunctionalInterface
public interface IndexLoader<A, V> {
  /**
   * @return the entity, or {@code null} if there is none (remembered for the index's {@code
   *     negativeTtl})
   */
  @Nullable V load(A value) throws Exception;
}
