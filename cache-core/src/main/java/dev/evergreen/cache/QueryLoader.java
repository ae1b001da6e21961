package dev.evergreen.cache;

import java.util.List;

/**
 * Runs a query: the entities it selects, in order, e.g. a repository's {@code findByTeamId}. Called
 * on a miss (one caller per parameters, across processes) and on a refresh. Exceptions reach the
 * caller as {@link EntityLoader}'s do.
 *
 * @param <P> the parameters: one value, or a record or list of several
 * @param <V> the entity type
 * @since 0.1.0
 */
@FunctionalInterface
public interface QueryLoader<P, V> {
  /**
   * @return the selected entities, in order; empty if none; never null and without nulls
   */
  List<V> load(P parameters) throws Exception;
}
