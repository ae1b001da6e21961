package dev.evergreen.cache.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reads through Evergreen: the method becomes the entity's loader.
 *
 * <ul>
 *   <li>On a method taking one id and returning the entity or {@code Optional<entity>} ({@code
 *       findById}): fresh entries are returned without calling the method; a stale entry is
 *       returned at once while the method is called again in the background, through the bean, with
 *       the id of the read that found it stale; a miss calls it once per id however many callers
 *       wait.
 *   <li>On a method taking a collection of ids and returning a collection of entities ({@code
 *       findAllById}): only the misses reach the method, in one call; the result holds the entities
 *       found, in the order of the ids asked for. Entities need an id property (see {@link
 *       CacheWrite#idProperty()}).
 * </ul>
 *
 * The entity type, and so the schema hash, comes from the return type, unwrapped from {@code
 * Optional} or the collection. Works on Spring Data repository interfaces and on plain beans; a
 * method of any other shape fails application startup with a message naming it.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheRead {
  /**
   * Overrides {@code refreshAfter} for this entity: {@code "15m"}, {@code "PT15M"}; empty: the
   * {@code evergreen.entities.<name>.refresh-after} property, else {@code evergreen.refresh-after}.
   */
  String refreshAfter() default "";

  /** Overrides {@code expireAfter} for this entity, like {@link #refreshAfter()}. */
  String expireAfter() default "";

  /** Overrides {@code negativeTtl} for this entity, like {@link #refreshAfter()}. */
  String negativeTtl() default "";
}
