package dev.evergreen.cache.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches a query method's result as the ids it selected, in order, hydrated from the entity's cache
 * on every call (see {@link dev.evergreen.cache.CachedQuery}): {@code List<Player>
 * findByTeamId(long teamId)}, {@code Set<Player> findByTeamIdAndActive(long teamId, boolean
 * active)}. Its arguments are the key; each must be a plain value (a string, number, boolean,
 * character, enum, {@code UUID} or {@code java.time} type), else startup fails naming the method. A
 * call with a null argument goes straight to the method. The entity also needs a by-id {@link
 * CacheRead} method, through which ids that are not cached are loaded, all in one call when it has
 * a collection one.
 *
 * <p>{@link #invalidatedBy()} names the entity properties whose values are the method's arguments:
 * a {@link CacheWrite} of an entity then drops the lists of its old and new values, on every node.
 * Without it, lists follow changes through {@code refreshAfter}, and entities that are gone are
 * left out at once.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheQuery {
  /**
   * Entity properties, one per parameter in order, e.g. {@code "teamId"} for {@code
   * findByTeamId(teamId)}; empty: none.
   */
  String[] invalidatedBy() default {};

  /** Overrides {@code refreshAfter} for this query's lists: {@code "15m"}; empty: the entity's. */
  String refreshAfter() default "";

  /** Overrides {@code expireAfter} for this query's lists, like {@link #refreshAfter()}. */
  String expireAfter() default "";
}
