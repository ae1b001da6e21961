package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Function;

/**
 * Configures a {@link UniqueIndex}; from {@link EntityCache#uniqueIndex}. Durations default to the
 * entity's. Not thread-safe.
 *
 * @param <A> the attribute type
 * @param <V> the entity type
 * @since 0.1.0
 */
public final class UniqueIndexBuilder<A, V> {
  private final DefaultEntityCache<?, V> entity;
  private final String name;
  private final Function<? super V, ? extends A> attribute;
  private final DerivedDurations durations;

  UniqueIndexBuilder(
      DefaultEntityCache<?, V> entity, String name, Function<? super V, ? extends A> attribute) {
    this.entity = entity;
    this.name = name;
    this.attribute = attribute;
    this.durations = new DerivedDurations(entity.settings());
  }

  /** Mappings older than this are served while one refresh runs in the background. */
  public UniqueIndexBuilder<A, V> refreshAfter(Duration refreshAfter) {
    durations.refreshAfter(refreshAfter);
    return this;
  }

  /** Mappings older than this are gone: the next lookup runs the loader in the caller's thread. */
  public UniqueIndexBuilder<A, V> expireAfter(Duration expireAfter) {
    durations.expireAfter(expireAfter);
    return this;
  }

  /** How long a value with no entity is remembered; {@link Duration#ZERO} turns that off. */
  public UniqueIndexBuilder<A, V> negativeTtl(Duration negativeTtl) {
    durations.negativeTtl(negativeTtl);
    return this;
  }

  /**
   * Builds the index and its cache, named {@code Entity#name}.
   *
   * @throws IllegalStateException if the entity cache was built without {@link
   *     EntityCacheBuilder#ids}, if an index or query of that name exists, or the durations
   *     conflict
   */
  public UniqueIndex<A, V> build(IndexLoader<A, V> loader) {
    return entity.buildIndex(name, attribute, durations, requireNonNull(loader, "loader"));
  }
}
