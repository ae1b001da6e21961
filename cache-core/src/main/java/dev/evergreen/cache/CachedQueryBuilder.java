package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link CachedQuery}; from {@link EntityCache#query}. Durations default to the
 * entity's. Not thread-safe.
 *
 * @param <V> the entity type
 * @since 0.1.0
 */
public final class CachedQueryBuilder<V> {
  private final DefaultEntityCache<?, V> entity;
  private final String name;
  private final DerivedDurations durations;
  private @Nullable Function<Object, Object> invalidatedBy;

  CachedQueryBuilder(DefaultEntityCache<?, V> entity, String name) {
    this.entity = entity;
    this.name = name;
    this.durations = new DerivedDurations(entity.settings());
  }

  /**
   * The parameters whose results an entity belongs to, e.g. {@code User::teamId} for {@code
   * findByTeamId(teamId)}: they must equal ({@code equals}) the parameters the query is called
   * with. A write of an entity then drops the lists of its old and new parameters, and a hydrated
   * entity that no longer matches is left out. Without it, lists follow changes only through {@code
   * refreshAfter} (and deleted entities, which are always left out).
   */
  @SuppressWarnings("unchecked")
  public CachedQueryBuilder<V> invalidatedBy(Function<? super V, ?> parametersOf) {
    this.invalidatedBy = (Function<Object, Object>) requireNonNull(parametersOf, "parametersOf");
    return this;
  }

  /** Lists older than this are served while the query re-runs in the background. */
  public CachedQueryBuilder<V> refreshAfter(Duration refreshAfter) {
    durations.refreshAfter(refreshAfter);
    return this;
  }

  /** Lists older than this are gone: the next read runs the query in the caller's thread. */
  public CachedQueryBuilder<V> expireAfter(Duration expireAfter) {
    durations.expireAfter(expireAfter);
    return this;
  }

  /**
   * Builds the query and its cache, named {@code Entity#name}.
   *
   * @param <P> the parameters, inferred from the loader
   * @throws IllegalStateException if the entity cache was built without {@link
   *     EntityCacheBuilder#ids}, if an index or query of that name exists, or the durations
   *     conflict
   */
  public <P> CachedQuery<P, V> build(QueryLoader<P, V> loader) {
    return entity.buildQuery(name, invalidatedBy, durations, requireNonNull(loader, "loader"));
  }
}
